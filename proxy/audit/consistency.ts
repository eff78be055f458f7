/**
 * RFC 6962 §2.1.2 consistency proofs: that the log of size n still begins with the log of size m an
 * auditor saw (a checkpoint they kept), unchanged. The proof is built from the leaves on disk and
 * checked against the kept checkpoint's root with the verification algorithm of RFC 9162 §2.1.4.2.
 */
import { createHash } from 'node:crypto';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const ONE = Buffer.from([1]);
const node = (l: Buffer, r: Buffer) => sha(ONE, l, r);

/** Largest power of two smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) for leaf hashes `leaves`. */
export function subtreeHash(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return sha();
  if (n === 1) return leaves[lo]!;
  const k = split(n);
  return node(subtreeHash(leaves, lo, lo + k), subtreeHash(leaves, lo + k, hi));
}

/** PROOF(m, D[0:n]) of RFC 6962 §2.1.2. */
export function consistencyProof(leaves: readonly Buffer[], m: number, n: number = leaves.length): Buffer[] {
  if (m <= 0 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const out: Buffer[] = [];
  const subproof = (m: number, lo: number, hi: number, complete: boolean) => {
    const size = hi - lo;
    if (m === size) {
      if (!complete) out.push(subtreeHash(leaves, lo, hi));
      return;
    }
    const k = split(size);
    if (m <= k) {
      subproof(m, lo, lo + k, complete);
      out.push(subtreeHash(leaves, lo + k, hi));
    } else {
      subproof(m - k, lo + k, hi, false);
      out.push(subtreeHash(leaves, lo, lo + k));
    }
  };
  subproof(m, 0, n, true);
  return out;
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of size m with root `first` is a prefix of size n with root `second`? */
export function verifyConsistency(m: number, n: number, first: Buffer, second: Buffer, proof: readonly Buffer[]): boolean {
  if (m === n) return proof.length === 0 && first.equals(second);
  if (m <= 0 || m > n) return false;
  let path = [...proof];
  // If m is an exact power of two, the old root itself starts the path.
  if ((m & (m - 1)) === 0) path = [first, ...path];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr.equals(first) && sr.equals(second) && sn === 0;
}
