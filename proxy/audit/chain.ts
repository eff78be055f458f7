/**
 * The disclosure log's hash chain. Every entry is hashed as an RFC 6962 leaf,
 * SHA-256(0x00 ‖ canonical JSON of {seq, kind, at, data}); entries are linked by a running head,
 * SHA-256(0x01 ‖ previous head ‖ leaf), and summarised at checkpoints by the RFC 6962 Merkle tree
 * hash of all leaves so far, kept incrementally as a frontier of perfect subtrees (O(log n)).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical';

export const ZERO_HASH = '0'.repeat(64);

export interface EntryBody {
  seq: number;
  kind: string;
  at: string;
  data: unknown;
}

export function entryText(e: EntryBody): string {
  return canonicalJson({ seq: e.seq, kind: e.kind, at: e.at, data: e.data });
}

export function leafHash(text: string): string {
  return createHash('sha256').update(Buffer.from([0])).update(text, 'utf8').digest('hex');
}

function nodeHash(left: string, right: string): string {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(Buffer.from(left, 'hex'))
    .update(Buffer.from(right, 'hex'))
    .digest('hex');
}

export function nextHead(prev: string, leaf: string): string {
  return nodeHash(prev, leaf);
}

/** One perfect subtree of the frontier: `size` leaves (a power of two) hashing to `hash`. */
export interface Subtree {
  size: number;
  hash: string;
}

export function pushLeaf(frontier: Subtree[], leaf: string): Subtree[] {
  const f = frontier.slice();
  f.push({ size: 1, hash: leaf });
  while (f.length >= 2 && f[f.length - 1]!.size === f[f.length - 2]!.size) {
    const right = f.pop()!;
    const left = f.pop()!;
    f.push({ size: left.size * 2, hash: nodeHash(left.hash, right.hash) });
  }
  return f;
}

/** RFC 6962 Merkle tree hash of the leaves the frontier summarises (the empty tree: SHA-256 of ""). */
export function treeRoot(frontier: readonly Subtree[]): string {
  if (frontier.length === 0) return createHash('sha256').digest('hex');
  let root = frontier[frontier.length - 1]!.hash;
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i]!.hash, root);
  return root;
}

export interface ChainState {
  seq: number;
  head: string;
  frontier: Subtree[];
}

export const EMPTY_CHAIN: ChainState = { seq: 0, head: ZERO_HASH, frontier: [] };

/** Appends one entry: its text, leaf and the new chain state. */
export function appendToChain(state: ChainState, kind: string, at: string, data: unknown) {
  const seq = state.seq + 1;
  const text = entryText({ seq, kind, at, data });
  const leaf = leafHash(text);
  const head = nextHead(state.head, leaf);
  return { seq, text, leaf, head, state: { seq, head, frontier: pushLeaf(state.frontier, leaf) } };
}

/**
 * What a checkpoint signs: its place in the chain and, once checkpoints were chained, the hash of
 * the checkpoint before it (checkpoints signed before that keep their original text).
 */
export function checkpointText(cp: { seq: number; head: string; root: string; at: string; keyId: string; prev?: string | null }): string {
  const base = { seq: cp.seq, head: cp.head, root: cp.root, at: cp.at, keyId: cp.keyId };
  return canonicalJson(cp.prev ? { ...base, prev: cp.prev } : base);
}

/** What each entry's signature covers: its seq and head (the head commits to every entry before it). */
export function entrySigText(seq: number, head: string): string {
  return `disclosure-guard entry v1 ${seq} ${head}`;
}
