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

describe('RFC 6962 consistency proofs against published test vectors', () => {
  // Transcribed from transparency-dev/merkle (the successor of Google's trillian / certificate-
  // transparency-go merkle code), proof/verify_test.go at commit 02194e9a: the leaf data, the roots
  // of the trees of 1..8 leaves, and consistency proofs between them.
  const leafData = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const vectors: Array<[number, number, string[]]> = [
    [1, 1, []],
    [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
    [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
    [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
    [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  ];
  const leaves = leafData.map((d) => sha(Buffer.from([0]), Buffer.from(d, 'hex')));
  const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

  it('computes the published root of every tree of 1 to 8 leaves, both ways', async () => {
    const { subtreeHash } = await import('./consistency');
    let frontier: Subtree[] = [];
    for (let n = 1; n <= 8; n++) {
      frontier = pushLeaf(frontier, leaves[n - 1]!.toString('hex'));
      expect([n, treeRoot(frontier)]).toEqual([n, roots[n - 1]]);
      expect([n, subtreeHash(leaves, 0, n).toString('hex')]).toEqual([n, roots[n - 1]]);
    }
  });

  it.each(vectors)('builds exactly the published proof from %i to %i leaves, and accepts it', async (m, n, proof) => {
    const { consistencyProof, verifyConsistency } = await import('./consistency');
    if (m < n) expect(hex(consistencyProof(leaves.slice(0, n), m))).toEqual(proof);
    const p = proof.map((h) => Buffer.from(h, 'hex'));
    expect(verifyConsistency(m, n, Buffer.from(roots[m - 1]!, 'hex'), Buffer.from(roots[n - 1]!, 'hex'), p)).toBe(true);
  });

  it.each(vectors.filter(([, , proof]) => proof.length > 0))('rejects every corruption of the proof from %i to %i that the vectors\' own test tries', async (m, n, proof) => {
    const { verifyConsistency } = await import('./consistency');
    const b = (h: string) => Buffer.from(h, 'hex');
    const [r1, r2, p] = [b(roots[m - 1]!), b(roots[n - 1]!), proof.map(b)];
    const flipped = p.map((_, i) => p.map((h, j) => (j === i ? Buffer.from(h.map((x, k) => (k === 0 ? x ^ 16 : x))) : h)));
    const probes: Array<[string, number, number, Buffer, Buffer, Buffer[]]> = [
      ['size1 - 1', m - 1, n, r1, r2, p],
      ['size1 + 1', m + 1, n, r1, r2, p],
      ['size1 ^ 2', m ^ 2, n, r1, r2, p],
      ['size2 * 2', m, n * 2, r1, r2, p],
      ['size2 / 2', m, Math.floor(n / 2), r1, r2, p],
      ['wrong root1', m, n, Buffer.from('WrongRoot'), r2, p],
      ['wrong root2', m, n, r1, Buffer.from('WrongRoot'), p],
      ['swapped roots', m, n, r2, r1, p],
      ['empty proof', m, n, r1, r2, []],
      ['trailing garbage', m, n, r1, r2, [...p, Buffer.alloc(0)]],
      ['trailing root1', m, n, r1, r2, [...p, r1]],
      ['trailing root2', m, n, r1, r2, [...p, r2]],
      ['preceding garbage', m, n, r1, r2, [Buffer.alloc(0), ...p]],
      ['preceding root1', m, n, r1, r2, [r1, ...p]],
      ['preceding root2', m, n, r1, r2, [r2, ...p]],
      ['preceding proof[0]', m, n, r1, r2, [p[0]!, ...p]],
      ['truncated proof', m, n, r1, r2, p.slice(0, -1)],
      ...flipped.map((fp, i): [string, number, number, Buffer, Buffer, Buffer[]] => [`proof[${i}] bit 4 flipped`, m, n, r1, r2, fp]),
    ];
    const accepted = probes.filter(([, s1, s2, a, z, pr]) => verifyConsistency(s1, s2, a, z, pr)).map(([why]) => why);
    expect(accepted).toEqual([]);
  });
});
