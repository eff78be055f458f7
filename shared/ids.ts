/**
 * Identifiers of events, reviews and incidents. They are letters only after a short prefix, so an
 * id can never carry a nine-digit number; a client id may hold at most eight digits in all.
 */

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// Web Crypto, in the browser and in Node alike (shared/ is typed without either).
const fill = (a: Uint8Array) => (globalThis as unknown as { crypto: { getRandomValues(a: Uint8Array): Uint8Array } }).crypto.getRandomValues(a);
// Random bytes drawn 4 KiB at a time: each call into Web Crypto costs more than the bytes (a
// recipient check takes two ids).
const pool = new Uint8Array(4096);
let used = pool.length;
function random(n: number): Uint8Array {
  if (used + n > pool.length) {
    fill(pool);
    used = 0;
  }
  used += n;
  return pool.subarray(used - n, used);
}

/** `prefix_` and 22 random lower-case letters (about 103 bits). */
export function newId(prefix: string): string {
  const bytes = random(22);
  let out = `${prefix}_`;
  // 256 = 9 × 26 + 22: bytes ≥ 234 would bias the first letters; redraw them.
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i]!;
    while (b >= 234) b = random(1)[0]!;
    out += LETTERS[b % 26];
  }
  return out;
}

export const MAX_ID_DIGITS = 8;

/** True when an id has the allowed characters and at most eight digits. */
export function isSafeId(id: string): boolean {
  return /^[A-Za-z0-9._:-]{8,128}$/.test(id) && id.replace(/\D/g, '').length <= MAX_ID_DIGITS;
}
