/**
 * verify-log: read-only. Recomputes every leaf hash, the running head and the RFC 6962 tree at every
 * checkpoint; checks checkpoint and entry signatures against the pinned public key; compares the
 * saved chain state; rebuilds the tables the console reads (disclosures, fingerprints, reviews,
 * incidents) from the chain; and proves with RFC 6962 consistency proofs that the log still extends
 * every checkpoint an auditor kept. Names the first entry that does not match.
 *
 * The checks live beside this file: entries.ts (chain, leaf, head, saved state), checkpoints.ts,
 * handover.ts (signing keys over time), kept.ts (an auditor's checkpoints), derived.ts and
 * project.ts (the console's tables), tail.ts (what the proxy checks at start).
 */
import { EMPTY_CHAIN, pushLeaf, treeRoot } from '../chain';
import type { Subtree } from '../chain';
import { entryData } from '../kinds';
import { logOrigin } from '../note';
import type { Checkpoint, Store } from '../../store/types';
import { checkCheckpoint, checkpointLinks, describeLink, linkSeq, placeGaps } from './checkpoints';
import type { Gap, Link } from './checkpoints';
import { Derived } from './derived';
import { checkEntry, compareState, firstBadSignature } from './entries';
import type { Pending } from './entries';
import { handover, KEY_ROTATED, KeyRing, startingKey } from './handover';
import type { Verifier } from './handover';
import { proveKept } from './kept';
import type { KeptCheckpoint } from './kept';

export { noteVerifier } from './checkpoints';
export { handoverText, KEY_ROTATED } from './handover';
export type { Verifier } from './handover';
export type { KeptCheckpoint, KeptNote } from './kept';
export { checkTail } from './tail';

export interface VerifyResult {
  ok: boolean;
  entries: number;
  validEntries: number;
  checkpoints: number;
  validCheckpoints: number;
  /** Newest entries that no valid checkpoint covers (each still checked by its own signature). */
  uncovered: number;
  /** Seconds since the newest checkpoint was signed, when there is one. */
  newestCheckpointAgeSeconds: number | null;
  /** Checkpoints the auditor kept (`--checkpoint`) that the log was proved to extend. */
  keptCheckpoints: number;
  keptProved: number;
  /** Rows of derived tables compared with what the chain says they must be. */
  derivedRows: number;
  /** The first problem: the seq it concerns and what is wrong. */
  firstBad?: { seq: number; reason: string };
}

export interface VerifyOptions {
  /** Checkpoints saved earlier, outside this database (an auditor's copies), as JSON or as signed notes. */
  kept?: readonly KeptCheckpoint[];
  now?: Date;
}

/**
 * `keys`: the log's public key, or every public key it was signed with over time (after a rotation
 * the older ones are also learnt from the handover entries, each endorsed by its predecessor).
 */
export async function verifyLog(store: Store, keys: Verifier | readonly Verifier[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const ring = new KeyRing(keys);
  let current: Verifier | undefined;
  const checkpoints = await store.checkpoints();
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const signedFrom = await store.signedFrom();
  const kept = [...(options.kept ?? [])].sort((a, b) => a.seq - b.seq);
  // The origin line of the log's notes comes from its first entry (read as stored: if that entry was
  // changed, the chain names it first).
  const first = await store.getEntry(1);
  const origin = first ? logOrigin(first.head) : undefined;
  const links = origin ? checkpointLinks(checkpoints, origin) : new Map<number, Link>();
  const gaps = [...links.values()].filter((l): l is Gap => l.gap);
  const keptSeqs = new Set(kept.map((c) => c.seq));
  const headsAt = new Map<number, string>();
  const leaves: Buffer[] = [];
  const derived = new Derived();
  let seq = EMPTY_CHAIN.seq;
  let head = EMPTY_CHAIN.head;
  let frontier: Subtree[] = [];
  let entries = 0;
  let validEntries = 0;
  let validCheckpoints = 0;
  let lastValidCheckpoint: Checkpoint | undefined;
  let pending: Pending[] = [];
  let firstBad: VerifyResult['firstBad'];
  const fail = (s: number, reason: string) => {
    if (!firstBad) firstBad = { seq: s, reason };
  };

  // From the first row there is, whatever its seq: a row slipped in before entry 1 is found too.
  for await (const e of store.entries(Number.MIN_SAFE_INTEGER)) {
    entries++;
    if (firstBad) continue;
    const why = checkEntry(e, seq, head);
    if (why) {
      fail(why.seq, why.reason);
      continue;
    }
    // The key in effect: the one the log was created with, then each one it was handed over to.
    if (e.seq === 1) {
      const start = startingKey(e, ring);
      if (typeof start === 'string') {
        fail(1, start);
        continue;
      }
      current = start;
    }
    if (e.kind === KEY_ROTATED) {
      const next = handover(e, entryData(e), head, current, ring);
      if (typeof next === 'string') {
        fail(e.seq, next);
        continue;
      }
      ring.add(next);
      current = next;
    }
    seq = e.seq;
    head = e.head;
    frontier = pushLeaf(frontier, e.leaf);
    leaves.push(Buffer.from(e.leaf, 'hex'));
    if (keptSeqs.has(seq)) headsAt.set(seq, head);
    if (gaps.length) placeGaps(gaps, origin!, seq, frontier);
    pending.push({ seq, head, sig: e.sig, key: current });
    derived.add(e);
    validEntries++;
    const cp = bySeq.get(seq);
    if (!cp) continue;
    const bad = checkCheckpoint(cp, head, treeRoot(frontier), current, origin);
    const link = links.get(cp.seq);
    if (!bad && link) {
      fail(linkSeq(link), describeLink(link));
    } else if (!bad) {
      validCheckpoints++;
      lastValidCheckpoint = cp;
      pending = [];
    } else if (bad.signed) {
      // A checkpoint we signed no longer matches: the entries since the last good one were rewritten.
      // Entry signatures tell which one came first.
      const culprit = firstBadSignature(pending, signedFrom);
      fail(culprit?.seq ?? seq, culprit ? `entry ${culprit.seq} was rewritten (its signature does not match; ${bad.reason})` : bad.reason);
    } else {
      fail(seq, bad.reason);
    }
  }
  if (!firstBad) {
    const culprit = firstBadSignature(pending, signedFrom);
    if (culprit) {
      fail(
        culprit.seq,
        culprit.key ? `entry ${culprit.seq} is not signed by the log's key (forged or rewritten)` : `entry ${culprit.seq} is signed by a key that was not given (give every public key the log was signed with)`,
      );
    }
  }
  if (!firstBad && entries === 0) fail(1, 'the log is empty: a log always starts with its log.created entry, so it was wiped');
  for (const cp of checkpoints) {
    if (cp.seq > seq && !firstBad) fail(seq + 1, `a checkpoint covers entry ${cp.seq} but the log ends at ${seq} (truncated)`);
  }
  if (!firstBad) {
    const why = compareState(await store.logState(), seq, head, frontier);
    if (why) fail(why.seq, why.reason);
  }
  let derivedRows = 0;
  if (!firstBad) {
    const r = await derived.compare(store);
    derivedRows = r.rows;
    if (r.firstBad) fail(r.firstBad.seq, r.firstBad.reason);
  }
  let keptProved = 0;
  if (!firstBad && kept.length) {
    const r = proveKept(kept, ring, origin, { seq, root: treeRoot(frontier), leaves, headsAt });
    keptProved = r.proved;
    if (r.firstBad) fail(r.firstBad.seq, r.firstBad.reason);
  }
  const newest = checkpoints.length ? checkpoints[checkpoints.length - 1]! : undefined;
  const now = options.now ?? new Date();
  return {
    ok: !firstBad,
    entries,
    validEntries,
    checkpoints: checkpoints.length,
    validCheckpoints,
    uncovered: seq - (lastValidCheckpoint?.seq ?? 0),
    newestCheckpointAgeSeconds: newest ? Math.max(0, Math.round((now.getTime() - Date.parse(newest.at)) / 1000)) : null,
    keptCheckpoints: kept.length,
    keptProved,
    derivedRows,
    firstBad,
  };
}

export function describeVerify(r: VerifyResult): string {
  const lines = [`${r.validEntries}/${r.entries} entries valid, ${r.validCheckpoints}/${r.checkpoints} checkpoints valid`];
  if (r.derivedRows) lines.push(`${r.derivedRows} rows of the console's tables match the log`);
  if (r.keptCheckpoints) lines.push(`${r.keptProved}/${r.keptCheckpoints} kept checkpoints proved (RFC 6962 consistency)`);
  lines.push(
    r.newestCheckpointAgeSeconds === null
      ? `no checkpoint yet; ${r.uncovered} entries are covered by their own signatures only`
      : `newest checkpoint signed ${r.newestCheckpointAgeSeconds} s ago; ${r.uncovered} newer entries are covered by their own signatures only`,
  );
  if (r.firstBad) lines.push(`FIRST BAD: seq ${r.firstBad.seq}: ${r.firstBad.reason}`);
  return lines.join('\n');
}
