/**
 * Checkpoints: each is signed by the key in effect at its seq (as JSON and as a signed note,
 * c2sp.org/tlog-checkpoint), matches the chain head and RFC 6962 tree root there, and names the
 * hash of the checkpoint before it, so one deleted from the middle is found and placed.
 */
import type { Checkpoint } from '../../store/types';
import { checkpointText, treeRoot } from '../chain';
import type { Subtree } from '../chain';
import { checkpointHash, checkpointNoteText, noteKeyId, openNote, rawEd25519 } from '../note';
import type { NoteVerifier } from '../note';
import type { Verifier } from './handover';

const noteVerifiers = new WeakMap<Verifier, Map<string, NoteVerifier>>();

/** A public key as a signed-note verifier for the log named `origin`. */
export function noteVerifier(v: Verifier, origin: string): NoteVerifier {
  let byOrigin = noteVerifiers.get(v);
  if (!byOrigin) noteVerifiers.set(v, (byOrigin = new Map()));
  let nv = byOrigin.get(origin);
  if (!nv) {
    nv = { name: origin, keyId: noteKeyId(origin, rawEd25519(v.publicKeyPem)), verify: (text, sig) => v.verifyCheckpoint(text, sig.toString('base64')) };
    byOrigin.set(origin, nv);
  }
  return nv;
}

/** A checkpoint must be signed by the key in effect at its seq, in both its forms. */
export function checkCheckpoint(cp: Checkpoint, head: string, root: string, verifier: Verifier | undefined, origin: string | undefined): { reason: string; signed: boolean } | undefined {
  if (!verifier || cp.keyId !== verifier.keyId) return { reason: `checkpoint ${cp.seq} is signed by an unknown key ${cp.keyId}`, signed: false };
  if (!verifier.verifyCheckpoint(checkpointText(cp), cp.signature)) return { reason: `checkpoint ${cp.seq} has a bad signature`, signed: false };
  if (cp.note && origin) {
    let text: string;
    try {
      text = openNote(cp.note, [noteVerifier(verifier, origin)]).text;
    } catch (err) {
      return { reason: `checkpoint ${cp.seq}'s signed note does not verify (${(err as Error).message})`, signed: false };
    }
    if (text !== checkpointNoteText({ origin, size: cp.seq, root: cp.root, prev: cp.prev ?? null })) return { reason: `checkpoint ${cp.seq}'s signed note says something else`, signed: false };
  }
  if (cp.head !== head) return { reason: `checkpoint ${cp.seq} does not match the chain head`, signed: true };
  if (cp.root !== root) return { reason: `checkpoint ${cp.seq} does not match the tree root`, signed: true };
  return undefined;
}

/** What is wrong with how a checkpoint names the one before it. */
export type Link =
  | { gap: true; from: Checkpoint | undefined; fromHash: string | null; to: Checkpoint; found?: number }
  | { gap: false; cp: Checkpoint; reason: string };

export type Gap = Extract<Link, { gap: true }>;

/**
 * Checkpoints chain: each names the hash of the one before it (none for the log's first). Those
 * signed before checkpoints were chained name nothing and are followed by the first that does.
 */
export function checkpointLinks(checkpoints: readonly Checkpoint[], origin: string): Map<number, Link> {
  const out = new Map<number, Link>();
  let before: Checkpoint | undefined;
  let chained = false;
  for (const cp of checkpoints) {
    const fromHash = before ? checkpointHash({ origin, size: before.seq, root: before.root, prev: before.prev ?? null }) : null;
    const prev = cp.prev ?? null;
    if (prev !== fromHash && !(prev === null && !cp.note && !chained)) {
      if (prev) out.set(cp.seq, { gap: true, from: before, fromHash, to: cp });
      else out.set(cp.seq, { gap: false, cp, reason: `checkpoint ${cp.seq} does not name checkpoint ${before!.seq} before it` });
    } else if (prev && !cp.note) {
      out.set(cp.seq, { gap: false, cp, reason: `checkpoint ${cp.seq} lost its signed note` });
    }
    chained ||= Boolean(cp.note);
    before = cp;
  }
  return out;
}

/**
 * A checkpoint deleted from the middle: find its place by the hash its successor names. Called at
 * every entry `seq` with the tree up to it; marks the gaps whose missing checkpoint was at `seq`.
 */
export function placeGaps(gaps: readonly Gap[], origin: string, seq: number, frontier: readonly Subtree[]): void {
  for (const g of gaps) {
    if (g.found === undefined && seq > (g.from?.seq ?? 0) && seq < g.to.seq && checkpointHash({ origin, size: seq, root: treeRoot(frontier), prev: g.fromHash }) === g.to.prev) {
      g.found = seq;
    }
  }
}

/** The seq a broken link is reported at: the deleted checkpoint's place when found. */
export function linkSeq(link: Link): number {
  return link.gap ? (link.found ?? (link.from?.seq ?? 0) + 1) : link.cp.seq;
}

export function describeLink(link: Link): string {
  if (!link.gap) return link.reason;
  const after = link.from ? `after checkpoint ${link.from.seq}` : 'before any other';
  return link.found !== undefined
    ? `checkpoint ${link.found} is missing ${after} (deleted): checkpoint ${link.to.seq} names it as the one before it`
    : `a checkpoint is missing ${after} (deleted): checkpoint ${link.to.seq} names one before it that is not in the log`;
}
