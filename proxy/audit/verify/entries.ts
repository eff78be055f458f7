/**
 * One entry at a time: its row agrees with its body, its leaf hash with its body, and its head
 * with the head before it; the entries signed one by one carry the signature of the key in effect;
 * and the saved chain state ends where the chain does.
 */
import type { LogState, StoredEntry } from '../../store/types';
import { entrySigText, leafHash, nextHead } from '../chain';
import type { Subtree } from '../chain';
import type { Verifier } from './handover';

/** What is wrong and the seq it concerns. */
export interface Problem {
  seq: number;
  reason: string;
}

/** Why entry `e` does not follow the entry `seq` whose head is `head`, or undefined when it does. */
export function checkEntry(e: StoredEntry, seq: number, head: string): Problem | undefined {
  if (e.seq < 1) return { seq: e.seq, reason: `entry ${e.seq} comes before the log's first entry (inserted outside the proxy)` };
  if (e.seq !== seq + 1) {
    return { seq: seq + 1, reason: e.seq > seq + 1 ? `entries ${seq + 1}–${e.seq - 1} are missing` : `entry ${e.seq} is out of order` };
  }
  let parsed: { seq?: unknown; kind?: unknown; at?: unknown };
  try {
    parsed = JSON.parse(e.body);
  } catch {
    return { seq: e.seq, reason: 'the entry body is not JSON' };
  }
  if (parsed.seq !== e.seq || parsed.kind !== e.kind || parsed.at !== e.at) return { seq: e.seq, reason: 'the entry body does not match its row' };
  const leaf = leafHash(e.body);
  if (leaf !== e.leaf) return { seq: e.seq, reason: 'the entry was altered (leaf hash mismatch)' };
  if (nextHead(head, leaf) !== e.head) return { seq: e.seq, reason: 'the chain is broken (head mismatch)' };
  return undefined;
}

/** An entry not yet covered by a valid checkpoint, with the key in effect for it. */
export interface Pending {
  seq: number;
  head: string;
  sig: string | null;
  /** The key in effect for this entry. */
  key: Verifier | undefined;
}

/** The first entry in `list` whose signature does not verify (entries are signed since `signedFrom`). */
export function firstBadSignature(list: readonly Pending[], signedFrom: number): Pending | undefined {
  return list.find((p) => p.seq >= signedFrom && (!p.sig || !p.key || !p.key.verifyCheckpoint(entrySigText(p.seq, p.head), p.sig)));
}

/** Why the saved chain state does not end where the chain (`seq`, `head`, `frontier`) does. */
export function compareState(state: LogState, seq: number, head: string, frontier: Subtree[]): Problem | undefined {
  if (state.seq > seq) return { seq: seq + 1, reason: `the saved chain state counts ${state.seq} entries but the log ends at ${seq} (truncated)` };
  if (state.seq < seq) return { seq: state.seq + 1, reason: `entries after ${state.seq} are not in the saved chain state (appended outside the proxy)` };
  if (state.head !== head || JSON.stringify(state.frontier) !== JSON.stringify(frontier)) {
    return { seq, reason: 'the saved chain state does not match the log' };
  }
  return undefined;
}
