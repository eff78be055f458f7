/**
 * verify-log: recomputes every leaf hash, the running head and the RFC 6962 tree at every
 * checkpoint, checks every checkpoint's Ed25519 signature against the pinned public key, and names
 * the first entry or checkpoint that does not match.
 */
import { checkpointText, EMPTY_CHAIN, leafHash, nextHead, pushLeaf, treeRoot } from './chain';
import type { Subtree } from './chain';
import type { Keys } from './keys';
import type { Store } from '../store/types';

export interface VerifyResult {
  ok: boolean;
  entries: number;
  validEntries: number;
  checkpoints: number;
  validCheckpoints: number;
  /** The first problem: the seq it concerns and what is wrong. */
  firstBad?: { seq: number; reason: string };
}

export async function verifyLog(store: Store, verifier: Pick<Keys, 'verifyCheckpoint' | 'keyId'>): Promise<VerifyResult> {
  const checkpoints = await store.checkpoints();
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  let seq = EMPTY_CHAIN.seq;
  let head = EMPTY_CHAIN.head;
  let frontier: Subtree[] = [];
  let entries = 0;
  let validEntries = 0;
  let validCheckpoints = 0;
  let firstBad: VerifyResult['firstBad'];
  const fail = (s: number, reason: string) => {
    if (!firstBad) firstBad = { seq: s, reason };
  };

  for await (const e of store.entries()) {
    entries++;
    if (firstBad) continue;
    if (e.seq !== seq + 1) {
      fail(seq + 1, e.seq > seq + 1 ? `entries ${seq + 1}–${e.seq - 1} are missing` : `entry ${e.seq} is out of order`);
      continue;
    }
    let parsed: { seq?: unknown; kind?: unknown; at?: unknown };
    try {
      parsed = JSON.parse(e.body);
    } catch {
      fail(e.seq, 'the entry body is not JSON');
      continue;
    }
    if (parsed.seq !== e.seq || parsed.kind !== e.kind || parsed.at !== e.at) {
      fail(e.seq, 'the entry body does not match its row');
      continue;
    }
    const leaf = leafHash(e.body);
    if (leaf !== e.leaf) {
      fail(e.seq, 'the entry was altered (leaf hash mismatch)');
      continue;
    }
    const expectedHead = nextHead(head, leaf);
    if (expectedHead !== e.head) {
      fail(e.seq, 'the chain is broken (head mismatch)');
      continue;
    }
    seq = e.seq;
    head = expectedHead;
    frontier = pushLeaf(frontier, leaf);
    validEntries++;
    const cp = bySeq.get(seq);
    if (cp) {
      const why = checkCheckpoint(cp, head, treeRoot(frontier), verifier);
      if (why) fail(seq, why);
      else validCheckpoints++;
    }
  }
  for (const cp of checkpoints) {
    if (cp.seq > seq && !firstBad) fail(cp.seq, `a checkpoint covers entry ${cp.seq} but the log ends at ${seq} (truncated)`);
  }
  return { ok: !firstBad, entries, validEntries, checkpoints: checkpoints.length, validCheckpoints, firstBad };
}

function checkCheckpoint(
  cp: { seq: number; head: string; root: string; at: string; keyId: string; signature: string },
  head: string,
  root: string,
  verifier: Pick<Keys, 'verifyCheckpoint' | 'keyId'>,
): string | undefined {
  if (cp.keyId !== verifier.keyId) return `checkpoint ${cp.seq} is signed by an unknown key ${cp.keyId}`;
  if (!verifier.verifyCheckpoint(checkpointText(cp), cp.signature)) return `checkpoint ${cp.seq} has a bad signature`;
  if (cp.head !== head) return `checkpoint ${cp.seq} does not match the chain head`;
  if (cp.root !== root) return `checkpoint ${cp.seq} does not match the tree root`;
  return undefined;
}

export function describeVerify(r: VerifyResult): string {
  const summary = `${r.validEntries}/${r.entries} entries valid, ${r.validCheckpoints}/${r.checkpoints} checkpoints valid`;
  return r.firstBad ? `${summary}\nFIRST BAD: seq ${r.firstBad.seq}: ${r.firstBad.reason}` : summary;
}
