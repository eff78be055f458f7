/**
 * Numbers read by OCR: faxed and scanned forms come back with letters in place of digits
 * ("4O9-lS-2276", "2l,4O6.SS", "O6/l9/l98l"). The plain view (view.ts) reads such a letter as its
 * digit where the run of characters around it is plainly a number, so every rule (identifiers,
 * amounts, dates) reads the value as printed, and masking hides the letters as digits.
 *
 * A run qualifies only when it is made of digits, separators and these letters alone, holds at
 * least three real digits and no more letters than digits plus one, and no group of letters is
 * longer than three. A group of letters at the start of the run is one letter touching a digit
 * ("S4-…", not the "SS" of "SS-4" or the "ID" of "ID2291044"); one at the end must follow a digit or a decimal point, and be upper case or l/o
 * ("1990s", "150lbs" and "1099-G" stay words).
 */

/**
 * Letters OCR reads in place of digits (Tesseract's common confusions on faxed forms). T for 7 is
 * left out: it joins an ISO date to its time ("2024-06-11T14:20").
 */
export const OCR_LETTER_DIGIT: Readonly<Record<string, string>> = {
  O: '0', o: '0', D: '0', I: '1', i: '1', l: '1', Z: '2', z: '2', S: '5', s: '5', G: '6', b: '6', B: '8', g: '9',
};

/**
 * A digit with a letter OCR confuses with a digit beside it: where a run worth reading may be. The
 * pattern starts at the digit, so prose without digits costs one quick pass.
 */
const SEED = /[0-9](?:[ODIilZzSsGbBgo]|(?<=[ODIilZzSsGbBgo][0-9]))/g;
/** The letters of SEED, by character code. */
const SEED_LETTER = new Uint8Array(128);
for (const ch of 'ODIilZzSsGbBgo') SEED_LETTER[ch.charCodeAt(0)] = 1;
const isSeedLetter = (c: number) => c < 128 && SEED_LETTER[c] === 1;
/** Inside a run: a digit, a letter, or . , / - */
const isRunChar = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 46 || c === 44 || c === 47 || c === 45;
/** End letters that are words or units after a number ("1990s", "10b", "500g", "3i"). */
const WORD_TAIL = /[sbgiz]/;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isPunct = (ch: string) => ch === '.' || ch === ',' || ch === '/' || ch === '-';
/** Letters that end a number as OCR reads it ("…85Ol"); any other ends a code ("1099G", "1120S"). */
const END_LETTER = /^[OolI]+$/;

/**
 * Offsets of the letters in `text` (its first `limit` characters) to read as digits, in increasing
 * order, each with its digit. Empty for nearly every text: one pass of a small pattern.
 */
export function ocrLetters(text: string, limit = text.length): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const src = limit < text.length ? text.slice(0, limit) : text;
  SEED.lastIndex = 0;
  let from = 0;
  for (let m = SEED.exec(src); m; m = SEED.exec(src)) {
    const e = readSeed(src, m.index, from, out);
    if (e < 0) continue;
    from = e;
    SEED.lastIndex = e;
  }
  return out;
}

/** SEED's pattern, for a pass that looks for other characters at the same time (view.ts). */
export const OCR_SEED_SOURCE = SEED.source;

/**
 * The digit at `d` matched SEED in a search that began at `from`: pushes the letters of the run
 * around the pair it starts into `out` and returns where the next search begins, or -1 when it
 * starts no pair at or after `from`.
 */
export function readSeed(src: string, d: number, from: number, out: Array<[number, string]>): number {
  // The pair of a letter and a digit that starts first: the letter before the digit, unless it
  // stands before where this search began, else the digit and the letter after it.
  const at = d > from && isSeedLetter(src.charCodeAt(d - 1)) ? d - 1 : isSeedLetter(src.charCodeAt(d + 1)) ? d : -1;
  if (at < 0) return -1;
  let s = at;
  while (s > 0 && s > at - 40 && isRunChar(src.charCodeAt(s - 1))) s--;
  let e = at + 2;
  while (e < src.length && e < at + 40 && isRunChar(src.charCodeAt(e))) e++;
  readRun(src, s, e, out);
  return e;
}

/** Pushes the letters of the run [s, e) when the run is a number read by OCR. */
function readRun(t: string, s: number, e: number, out: Array<[number, string]>): void {
  // Trailing punctuation ends a sentence, not the number.
  while (e > s && isPunct(t[e - 1]!)) e--;
  while (s < e && isPunct(t[s]!)) s++;
  let real = 0;
  let letters = 0;
  for (let i = s; i < e; i++) {
    const ch = t[i]!;
    if (isDigit(t.charCodeAt(i))) real++;
    else if (OCR_LETTER_DIGIT[ch] !== undefined) letters++;
    else if (!isPunct(ch)) return; // another letter: a word or a code, not a number
  }
  if (real < 3 || letters === 0 || letters > real + 1) return;
  const picked: Array<[number, string]> = [];
  let groups = 0;
  for (let i = s; i < e; ) {
    if (OCR_LETTER_DIGIT[t[i]!] === undefined) {
      i++;
      continue;
    }
    let j = i;
    while (j < e && OCR_LETTER_DIGIT[t[j]!] !== undefined) j++;
    // A group of letters opening the run is one letter ("S4-…"; "ID2291044" is a label and a number).
    if (j - i > 3 || (i === s && j - i > 1) || (j === e && j - i > 2)) return;
    const before = t.charCodeAt(i - 1);
    const after = t.charCodeAt(j);
    if (i === s && !isDigit(after)) return;
    if (j === e && !(isDigit(before) || ((before === 46 || before === 44) && j - i === 2))) return;
    if (j === e && i > s && WORD_TAIL.test(t[j - 1]!)) return;
    // A closing letter right after a digit is one OCR reads for 0 or 1; after a decimal point, any two.
    if (j === e && isDigit(before) && !END_LETTER.test(t.slice(i, j))) return;
    groups++;
    for (let k = i; k < j; k++) picked.push([k, OCR_LETTER_DIGIT[t[k]!]!]);
    i = j;
  }
  // One letter before the digits and no other is how licences and ids are written ("D412-558",
  // "G4127783"), unless it is an O.
  if (groups === 1 && picked[0]![0] === s && !/[Oo]/.test(t[s]!)) return;
  for (const p of picked) out.push(p);
}
