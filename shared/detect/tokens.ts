/**
 * Numeric tokens: digit groups joined by single separators. Separators include Unicode dashes
 * (U+2010–U+2015, U+2212) and non-breaking spaces (U+00A0, U+2007, U+2009, U+202F), which word
 * processors and webmail insert in place of "-" and " ".
 *
 * `\d+(?:[sep]\d+)*` has no nested ambiguity, so the regex engine runs in linear time on any input.
 */
export const TOKEN_RE = /\d+(?:[ \u00a0\u2007\u2009\u202f\-\u2010-\u2015\u2212./,]\d+)*/g;

export const SEP_NONE = 0;
export const SEP_SPACE = 1;
export const SEP_DASH = 2;
export const SEP_DOT = 3;
export const SEP_SLASH = 4;
export const SEP_COMMA = 5;

export function sepKind(ch: number): number {
  switch (ch) {
    case 0x20:
    case 0xa0:
    case 0x2007:
    case 0x2009:
    case 0x202f:
      return SEP_SPACE;
    case 0x2d:
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return SEP_DASH;
    case 0x2e:
      return SEP_DOT;
    case 0x2f:
      return SEP_SLASH;
    case 0x2c:
      return SEP_COMMA;
    default:
      return SEP_NONE;
  }
}

export function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

export function isWordChar(ch: number): boolean {
  return (
    (ch >= 48 && ch <= 57) ||
    (ch >= 65 && ch <= 90) ||
    (ch >= 97 && ch <= 122) ||
    ch === 95 ||
    (ch >= 0xc0 && ch <= 0x24f)
  );
}

/** Characters that stand in for hidden digits: `***-**-6789`, `XXX-XX-6789`, `•••• 6789`. */
export function isMaskChar(ch: number): boolean {
  return ch === 42 || ch === 88 || ch === 120 || ch === 0x2022 || ch === 0x25cf || ch === 0xb7 || ch === 0x2219;
}

/** True when the characters before `pos` make the token part of something else. */
export function blockedBefore(t: string, pos: number): boolean {
  const c1 = t.charCodeAt(pos - 1);
  if (isWordChar(c1) || isMaskChar(c1)) return true;
  const k = sepKind(c1);
  if (k === SEP_DASH || k === SEP_DOT || k === SEP_SLASH || c1 === 95) {
    const c2 = t.charCodeAt(pos - 2);
    return isWordChar(c2) || isMaskChar(c2);
  }
  // "*** ** 6789": masked groups separated by spaces.
  if (k === SEP_SPACE) return isMaskChar(t.charCodeAt(pos - 2)) && isMaskChar(t.charCodeAt(pos - 3));
  return false;
}

/** The "*" or "_" (`mark`) at `pos` closes emphasis that the same mark before "$" opened ("_$13,312_"). */
function emphasisAround(t: string, pos: number, mark: number): boolean {
  for (let i = pos - 1; i >= 0 && i > pos - 24; i--) {
    const c = t.charCodeAt(i);
    if (c === 36) return t.charCodeAt(i - 1) === mark;
    if (!isDigit(c) && c !== 44 && c !== 46) return false;
  }
  return false;
}

/** True when the characters after `pos` make the token part of something else. */
export function blockedAfter(t: string, pos: number): boolean {
  const c1 = t.charCodeAt(pos);
  // "*$512*", "**$1,612.54**", "_$13,312_": Markdown's emphasis around an amount, no mask.
  if ((c1 === 42 || c1 === 95) && emphasisAround(t, pos, c1)) return false;
  if (isWordChar(c1) || isMaskChar(c1)) return true;
  // "-B", "_2" continue an id; "/hr" and ".pdf" are units and extensions, not part of the number.
  if (sepKind(c1) === SEP_DASH || c1 === 95) {
    const c2 = t.charCodeAt(pos + 1);
    return isWordChar(c2) || isMaskChar(c2);
  }
  return false;
}

/**
 * The word ending right before `pos` (past up to twelve separator characters, "~" among them), lower-cased, letters
 * and digits only ("SSN #: " → "ssn", "S5N " → "s5n"); '' when there is none. Labels are matched
 * by their last word this way before any keyword lookup.
 */
export function wordBefore(t: string, pos: number): string {
  let e = pos;
  const stop = Math.max(0, pos - 12);
  while (e > stop) {
    const c = t.charCodeAt(e - 1);
    if (c === 32 || c === 58 || c === 35 || c === 46 || c === 61 || c === 45 || c === 95 || c === 9 || c === 40 || c === 41 || c === 39 || c === 34 || c === 91 || c === 93 || c === 126) e--;
    else break;
  }
  let s = e;
  let h = 0;
  let k = 1;
  while (s > 0 && e - s < 16) {
    let c = t.charCodeAt(s - 1);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 36) s--;
    else break;
    if (c >= 65 && c <= 90) c += 32;
    h = (h + Math.imul(c, k)) | 0;
    k = Math.imul(k, 31);
  }
  if (!(e - s > 0 && e - s < 16)) return '';
  // The same few words stand before most numbers ("ssn", "no", "id", "at"): each is made once.
  const known = WORDS_BEFORE.get(h);
  if (known !== undefined && known.length === e - s && sameLowerCase(t, s, known)) return known;
  const w = t.slice(s, e).toLowerCase();
  if (WORDS_BEFORE.size >= 4096) WORDS_BEFORE.clear();
  WORDS_BEFORE.set(h, w);
  return w;
}

/** Words wordBefore returned, by a hash of their lower-case letters (bounded: cleared when full). */
const WORDS_BEFORE = new Map<number, string>();

/** The text at `s` is `lower` (lower case, letters, digits and "$"), ignoring case. */
function sameLowerCase(t: string, s: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    let c = t.charCodeAt(s + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The digit groups of one token: start, end and length of each, and the kind of separator after it. */
export interface Groups {
  readonly gs: number[];
  readonly ge: number[];
  readonly gl: number[];
  readonly sep: number[];
  /** Whether a word ends after the group (see scan.ts). */
  readonly brk: boolean[];
}

/** The number group `g` spells. */
export function groupValue(t: string, g: Groups, i: number): number {
  return +t.slice(g.gs[i]!, g.ge[i]!);
}
