/**
 * Checkpoints an auditor kept outside this database: each must be signed by a key of this log, and
 * the log must still extend it (RFC 6962 consistency proof from its size to the log's), so
 * entries rewritten or removed since are found even when the database's own checkpoints went too.
 */
import type { Checkpoint } from '../../store/types';
import { checkpointText } from '../chain';
import { consistencyProof, verifyConsistency } from '../consistency';
import { NoteError, openNote } from '../note';
import type { Problem } from './entries';
import { noteVerifier } from './checkpoints';
import type { KeyRing } from './handover';

/** A checkpoint an auditor kept as a signed note (c2sp.org/tlog-checkpoint), e.g. from the API's text/plain answer. */
export interface KeptNote {
  kind: 'note';
  /** The tree size. */
  seq: number;
  root: string;
  origin: string;
  prev: string | null;
  /** The whole signed note, as saved. */
  note: string;
}

export type KeptCheckpoint = Checkpoint | KeptNote;

/** Why a kept checkpoint does not count: not signed by a key of this log (in its JSON or note form). */
function keptSignature(cp: KeptCheckpoint, ring: KeyRing, origin: string | undefined): string | undefined {
  if ('kind' in cp) {
    if (cp.origin !== origin) return `the kept checkpoint ${cp.seq} is a note of another log (${cp.origin}, not ${origin ?? 'this one'})`;
    try {
      openNote(cp.note, ring.all().map((v) => noteVerifier(v, cp.origin)));
      return undefined;
    } catch (err) {
      return `the kept checkpoint ${cp.seq} is not signed by the log's key (${err instanceof NoteError ? err.message : 'not a signed note'})`;
    }
  }
  const key = ring.get(cp.keyId);
  return key && key.verifyCheckpoint(checkpointText(cp), cp.signature) ? undefined : `the kept checkpoint ${cp.seq} is not signed by the log's key`;
}

/** What the verifier learnt of the log that the kept checkpoints are proved against. */
export interface LogTree {
  /** The log's size (its last seq). */
  seq: number;
  /** Its RFC 6962 root. */
  root: string;
  /** Every leaf hash, in order. */
  leaves: readonly Buffer[];
  /** The chain head at each kept checkpoint's seq. */
  headsAt: ReadonlyMap<number, string>;
}

/** Proves, oldest first, that the log extends each kept checkpoint (`kept` sorted by seq); stops at the first that fails. */
export function proveKept(kept: readonly KeptCheckpoint[], ring: KeyRing, origin: string | undefined, log: LogTree): { proved: number; firstBad?: Problem } {
  const { seq, leaves, headsAt } = log;
  const root = Buffer.from(log.root, 'hex');
  let proved = 0;
  let provedUpTo = 0;
  for (const cp of kept) {
    const unsigned = keptSignature(cp, ring, origin);
    if (unsigned) return { proved, firstBad: { seq: cp.seq, reason: unsigned } };
    if (cp.seq > seq) {
      return { proved, firstBad: { seq: seq + 1, reason: `a kept checkpoint covers ${cp.seq} entries but the log now ends at ${seq}: entries ${seq + 1}–${cp.seq} were removed` } };
    }
    const proof = consistencyProof(leaves, cp.seq, seq);
    const headDiffers = !('kind' in cp) && headsAt.get(cp.seq) !== cp.head;
    if (headDiffers || !verifyConsistency(cp.seq, seq, Buffer.from(cp.root, 'hex'), root, proof)) {
      return { proved, firstBad: { seq: provedUpTo + 1, reason: `the log does not extend the kept checkpoint ${cp.seq}: entries ${provedUpTo + 1}–${cp.seq} were rewritten` } };
    }
    provedUpTo = cp.seq;
    proved++;
  }
  return { proved };
}
