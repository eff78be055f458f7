import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendToChain, EMPTY_CHAIN, leafHash, pushLeaf, treeRoot } from './chain';
import type { Subtree } from './chain';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 6962 §2.1 MTH, straight from the definition: split at the largest power of two below n. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('RFC 6962 tree hash', () => {
  it('hashes leaves with the 0x00 prefix', () => {
    expect(leafHash('')).toBe(createHash('sha256').update(Buffer.from([0])).digest('hex'));
  });

  it('has the RFC root for the empty tree', () => {
    expect(treeRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches the recursive definition for every size up to 70', () => {
    const leaves: Buffer[] = [];
    let frontier: Subtree[] = [];
    for (let n = 1; n <= 70; n++) {
      const leaf = leafHash(`entry ${n}`);
      leaves.push(Buffer.from(leaf, 'hex'));
      frontier = pushLeaf(frontier, leaf);
      expect(treeRoot(frontier)).toBe(mth(leaves).toString('hex'));
      // The frontier holds one perfect subtree per set bit of n: O(log n).
      expect(frontier.length).toBe(n.toString(2).replace(/0/g, '').length);
    }
  });
});

describe('appendToChain', () => {
  it('numbers entries without gaps and links every head to the one before', () => {
    let s = EMPTY_CHAIN;
    const heads: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = appendToChain(s, 'test', '2026-11-21T00:00:00.000Z', { i });
      expect(next.seq).toBe(i + 1);
      expect(JSON.parse(next.text)).toEqual({ seq: i + 1, kind: 'test', at: '2026-11-21T00:00:00.000Z', data: { i } });
      heads.push(next.head);
      s = next.state;
    }
    expect(new Set(heads).size).toBe(3);
  });
});

describe('RFC 6962 consistency proofs', () => {
  const leaves = Array.from({ length: 40 }, (_, i) => Buffer.from(leafHash(`entry ${i}`), 'hex'));

  it('prove every prefix of every tree up to 40 leaves, and nothing else', async () => {
    const { consistencyProof, subtreeHash, verifyConsistency } = await import('./consistency');
    for (let n = 1; n <= leaves.length; n++) {
      const second = subtreeHash(leaves, 0, n);
      expect(second.toString('hex')).toBe(mth(leaves.slice(0, n)).toString('hex'));
      for (let m = 1; m <= n; m++) {
        const first = subtreeHash(leaves, 0, m);
        const proof = consistencyProof(leaves, m, n);
        expect(verifyConsistency(m, n, first, second, proof), `${m}→${n}`).toBe(true);
        // A different old tree (one leaf changed) is not a prefix.
        const altered = leaves.slice(0, m).map((l, i) => (i === m - 1 ? sha(Buffer.from('x')) : l));
        expect(verifyConsistency(m, n, subtreeHash(altered, 0, m), second, proof)).toBe(false);
      }
    }
  });

  it('matches the proof sizes of RFC 6962 §2.1.3 (the 7-leaf example)', async () => {
    const { consistencyProof } = await import('./consistency');
    // PROOF(3, D[7]) = [c, d, g, l]; PROOF(4, D[7]) = [l]; PROOF(6, D[7]) = [i, j, k].
    expect(consistencyProof(leaves.slice(0, 7), 3).length).toBe(4);
    expect(consistencyProof(leaves.slice(0, 7), 4).length).toBe(1);
    expect(consistencyProof(leaves.slice(0, 7), 6).length).toBe(3);
  });
});
