/**
 * Context: the words near a number that say what it is.
 *
 * A KeywordIndex word-scans the text lazily and only once, in step with the candidates (which come
 * in increasing order), and keeps the context words it found in a short queue. Each word costs one
 * rolling hash and, rarely, one map lookup, so context costs O(1) per character around candidates
 * and nothing elsewhere. Working memory is bounded by the window, not by the text or the findings.
 */
import { BY_FIRST_WORD, MAX_KEYWORD_LENGTH, MAX_PHRASE_SPAN } from './keywords';
import type { Phrase } from './keywords';

export { C } from './keywords';

/** Largest context window a caller may ask for (DetectOptions are clamped to it). */
export const MAX_WINDOW = 400;
/** Phrase words may be joined by at most this many non-letters ("date of birth", "D.O.B."). */
const MAX_JOIN = 3;

function hashWord(w: string): number {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  return h;
}

/** Hash of a first word → phrases starting with it. Collisions are settled by comparing text. */
const BY_HASH = new Map<number, Array<{ word: string; phrases: Phrase[] }>>();
/** One bit per hash bucket: most words of a text are no keyword, and one array read says so. */
const FILTER_BITS = 1 << 14;
const FILTER = new Uint8Array(FILTER_BITS);
for (const [word, phrases] of BY_FIRST_WORD) {
  const h = hashWord(word);
  const list = BY_HASH.get(h) ?? [];
  list.push({ word, phrases });
  BY_HASH.set(h, list);
  FILTER[h & (FILTER_BITS - 1)] = 1;
}

function lower(ch: number): number {
  return ch >= 65 && ch <= 90 ? ch + 32 : ch;
}

function isLetter(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90);
}

/** ASCII letters by character code: LOWER, UPPER, or 0 for every other character. */
const LOWER = 1;
const UPPER = 2;
const LETTER = new Uint8Array(128);
for (let c = 97; c <= 122; c++) LETTER[c] = LOWER;
for (let c = 65; c <= 90; c++) LETTER[c] = UPPER;

const isLowerAscii = (ch: number) => ch >= 97 && ch <= 122;
const isUpperAscii = (ch: number) => ch >= 65 && ch <= 90;

/** Text between a label and its value that still counts as "right before": "SSN #:", "Case No. ". */
const ADJACENT = /^[\s:#.=\-–_]*(?:(?:numbers?|nos?|num|nbr|id|code|ids?)\.?[\s:#.=\-–_]*)?$/i;
const NUMBER_WORD = /[\s_]*(?:numbers?\b|nos?\b\.?|num\b|nbr\b|#)/iy;

/**
 * Whether NUMBER_WORD may match at `pos`: past blanks and underscores, "n", "N", "#" or a character
 * outside ASCII. Most labels are followed by a blank and a value, which this settles without the pattern.
 */
function mayFollowNumberWord(t: string, pos: number): boolean {
  let c = t.charCodeAt(pos);
  while (c === 32 || c === 95 || (c >= 9 && c <= 13)) c = t.charCodeAt(++pos);
  return !(c < 128) || c === 110 || c === 78 || c === 35;
}

export class KeywordIndex {
  private ks: number[] = [];
  private ke: number[] = [];
  private km: number[] = [];
  private head = 0;
  private scannedTo = 0;

  /**
   * `reach`: how far before a candidate any caller looks. Every look-up scans from there, so a
   * narrower look-up first never leaves a gap that a wider one later would miss.
   */
  constructor(
    private readonly text: string,
    private readonly reach = 0,
  ) {}

  /** Make sure every word starting in [from, to) has been looked at. */
  private ensure(from: number, to: number): void {
    const t = this.text;
    if (to > t.length) to = t.length;
    if (to <= this.scannedTo) return;
    // A phrase that begins before the window ("Individual Taxpayer Identification…") must be read
    // from its first word, or a shorter phrase inside it would be read instead.
    let i = from > this.scannedTo ? from : this.scannedTo;
    // Never begin inside a word: "…Pub|lic" must not read as "lic".
    while (i > this.scannedTo && isLetter(t.charCodeAt(i - 1))) i--;
    if (from > this.scannedTo) {
      // …and back up over the two words before, joined as a phrase's words may be.
      const limit = Math.max(this.scannedTo, from - MAX_PHRASE_SPAN);
      for (let w = 0; w < 2; w++) {
        let j = i;
        let gap = 0;
        while (j > limit && !isLetter(t.charCodeAt(j - 1)) && gap++ < MAX_JOIN) j--;
        if (j === i || j <= limit || !isLetter(t.charCodeAt(j - 1))) break;
        while (j > limit && isLetter(t.charCodeAt(j - 1))) j--;
        i = j;
      }
    }
    while (i < to) {
      let ch = t.charCodeAt(i);
      if (!(ch < 128 && LETTER[ch] !== 0)) {
        i++;
        continue;
      }
      const ws = i;
      let h = 0;
      let prevLower = false;
      do {
        h = (Math.imul(h, 31) + (ch | 32)) | 0;
        prevLower = LETTER[ch] === LOWER;
        ch = t.charCodeAt(++i);
        // camelCase keys split into words: "socialSecurityNumber", "claimantSSN", "dateOfBirth".
      } while (ch < 128 && LETTER[ch] !== 0 && !(prevLower && LETTER[ch] === UPPER));
      if (i - ws <= MAX_KEYWORD_LENGTH && FILTER[h & (FILTER_BITS - 1)] === 1) {
        const hit = BY_HASH.get(h);
        if (hit !== undefined) {
          const end = this.match(ws, i, hit);
          if (end > i) i = end;
        }
      }
    }
    this.scannedTo = i;
  }

  /** Longest phrase starting with the word [ws, we); records it and returns where it ends. */
  private match(ws: number, we: number, hit: Array<{ word: string; phrases: Phrase[] }>): number {
    const t = this.text;
    let entry: { word: string; phrases: Phrase[] } | undefined;
    for (const e of hit) if (this.equalsAt(ws, we, e.word)) entry = e;
    if (entry === undefined) return we;
    for (const p of entry.phrases) {
      if (p.afterSlash && t.charCodeAt(ws - 1) !== 47) continue;
      if (p.before && !p.before.test(t.slice(Math.max(0, ws - 8), ws))) continue;
      if (p.after && !this.followsWord(ws, p.after)) continue;
      let end = we;
      let ok = true;
      for (let k = 1; k < p.words.length && ok; k++) {
        const next = this.wordAfter(end);
        const w = p.words[k]!;
        ok = next >= 0 && this.equalsAt(next, next + w.length, w) && this.wordEndsAt(next + w.length);
        end = next + w.length;
      }
      if (!ok) continue;
      if (p.tail) {
        p.tail.lastIndex = end;
        const m = p.tail.exec(t);
        if (!m) continue;
        end += m[0].length;
      } else {
        // "routing number", "SSN #", "Claim No.": the label ends after its number word.
        const m = mayFollowNumberWord(t, end) ? ((NUMBER_WORD.lastIndex = end), NUMBER_WORD.exec(t)) : null;
        if (m) end += m[0].length;
      }
      this.ks.push(ws);
      this.ke.push(end);
      this.km.push(p.mask);
      return end;
    }
    return we;
  }

  /** The text in [s, e) is `word`, ignoring case. */
  private equalsAt(s: number, e: number, word: string): boolean {
    if (e - s !== word.length || e > this.text.length) return false;
    for (let i = 0; i < word.length; i++) {
      if (lower(this.text.charCodeAt(s + i)) !== word.charCodeAt(i)) return false;
    }
    return true;
  }

  /** The word before `ws` is one of `words` ("a year", "per hour"). */
  private followsWord(ws: number, words: readonly string[]): boolean {
    const t = this.text;
    let e = ws;
    while (e > 0 && e > ws - 3 && !isLetter(t.charCodeAt(e - 1))) e--;
    if (e === ws) return false;
    let s = e;
    while (s > 0 && isLetter(t.charCodeAt(s - 1))) s--;
    return words.some((w) => this.equalsAt(s, e, w));
  }

  /** A word ends at `pos`: a non-letter, or a camelCase boundary ("Security|Number"). */
  private wordEndsAt(pos: number): boolean {
    const ch = this.text.charCodeAt(pos);
    return !isLetter(ch) || (isUpperAscii(ch) && isLowerAscii(this.text.charCodeAt(pos - 1)));
  }

  /** Start of the word after `pos` if only a few non-letters (or a camelCase boundary) separate them, else -1. */
  private wordAfter(pos: number): number {
    const t = this.text;
    if (isUpperAscii(t.charCodeAt(pos)) && isLowerAscii(t.charCodeAt(pos - 1))) return pos;
    for (let i = pos; i < pos + MAX_JOIN + 1 && i < t.length; i++) {
      const ch = t.charCodeAt(i);
      if (isLetter(ch)) return i > pos ? i : -1;
      if (ch === 10 && t.charCodeAt(i + 1) === 10) return -1;
    }
    return -1;
  }

  /**
   * Index of the context word among `relevant` categories nearest to [start, end), or -1. A word
   * after the value counts as `afterPenalty` characters farther (labels usually come first) and
   * only within the same sentence.
   */
  nearest(start: number, end: number, relevant: number, nBefore: number, nAfter: number, afterPenalty = 6): number {
    this.ensure(start - Math.max(nBefore, this.reach), end + nAfter);
    const { ks, ke, km } = this;
    // Candidates come in increasing order, so a word that ended before the widest window any
    // caller of this index uses is done with (labels farther back are read afresh by the caller).
    const horizon = start - Math.max(nBefore, this.reach);
    while (this.head < ks.length && ke[this.head]! < horizon) this.head++;
    if (this.head > 4096) {
      ks.splice(0, this.head);
      ke.splice(0, this.head);
      km.splice(0, this.head);
      this.head = 0;
    }
    let best = -1;
    let bestDist = Infinity;
    let afterLimit = -1;
    // The last line break in [breakFrom, start), or -1: a word with no line break after it is on
    // the value's line, which settles reachesAcrossLines without reading the gap again.
    let lastBreak = -1;
    let breakFrom = start;
    for (let i = this.head; i < ks.length; i++) {
      const s = ks[i]!;
      if (s >= end + nAfter) break;
      if ((km[i]! & relevant) === 0) continue;
      const e = ke[i]!;
      if (e <= start) {
        const d = start - e;
        if (d > nBefore || d >= bestDist) continue;
        if (lastBreak < 0 && e < breakFrom) {
          for (let j = breakFrom - 1; j >= e && lastBreak < 0; j--) if (this.text.charCodeAt(j) === 10) lastBreak = j;
          breakFrom = e;
        }
        if (lastBreak < e || this.reachesAcrossLines(e, start)) {
          bestDist = d;
          best = i;
        }
      } else if (s >= end) {
        if (afterLimit < 0) afterLimit = this.sentenceEnd(end, nAfter);
        if (s < afterLimit && s - end + afterPenalty < bestDist) {
          bestDist = s - end + afterPenalty;
          best = i;
        }
      }
    }
    return best;
  }

  /**
   * A word before the value on an earlier line counts only when it ends its line (a label above
   * its value, "SSN:\n536-22-1874", a note in brackets allowed after it); "acct 00000\nHe received … 00000"
   * does not reach the second.
   */
  private reachesAcrossLines(e: number, start: number): boolean {
    const t = this.text;
    let i = e;
    while (i < start) {
      const ch = t.charCodeAt(i);
      if (ch === 10) return true;
      // A note in brackets after the label, on its line: "Routing number (9 digits)", "(required)".
      if (ch === 40) {
        const close = t.indexOf(')', i);
        if (close > i && close - i <= 40 && !t.slice(i, close).includes('\n')) {
          i = close + 1;
          continue;
        }
      }
      // Punctuation a label may end with, its closing quote included (a multipart part's name="ssn"),
      // or a question mark (a chat's question, answered on the next line).
      if (!(ch === 32 || ch === 9 || ch === 13 || ch === 58 || ch === 35 || ch === 46 || ch === 61 || ch === 45 || ch === 95 || ch === 124 || ch === 44 || ch === 59 || ch === 41 || ch === 40 || ch === 34 || ch === 39 || ch === 63)) break;
      i++;
    }
    for (; i < start; i++) if (t.charCodeAt(i) === 10) return false;
    return true;
  }

  /** Every category in the whole text (for short strings). */
  everything(): number {
    this.ensure(0, this.text.length);
    let m = 0;
    for (const x of this.km) m |= x;
    return m;
  }

  mask(i: number): number {
    return this.km[i]!;
  }

  endOf(i: number): number {
    return this.ke[i]!;
  }

  startOf(i: number): number {
    return this.ks[i]!;
  }

  /** The keyword ends right before `start`, with only a separator or "No." in between. */
  isAdjacent(i: number, start: number): boolean {
    const e = this.ke[i]!;
    return e <= start && ADJACENT.test(this.text.slice(e, start));
  }

  /** Where the sentence holding `end` stops: ". ", "; ", "? ", "! " or the end of the line. */
  private sentenceEnd(end: number, nAfter: number): number {
    const t = this.text;
    const limit = Math.min(t.length, end + nAfter);
    for (let i = end; i < limit; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 46 || ch === 59 || ch === 33 || ch === 63) {
        const next = t.charCodeAt(i + 1);
        if (i + 1 >= t.length || next === 32 || next === 10 || next === 13 || next === 9 || next === 0xa0) return i;
      } else if (ch === 10 || ch === 13) {
        // A label on the next line belongs to what follows it, not to this value.
        return i;
      } else if (ch === 9 || ch === 124 || (ch === 32 && t.charCodeAt(i + 1) === 32 && t.charCodeAt(i + 2) === 32)) {
        // …and so does one across a wide gap, a tab or a bar: the next cell's ("$86,112.50   SS tax").
        return i;
      }
    }
    return limit;
  }
}

/** Every category named anywhere in `s` (a field name, a table header cell). */
export function categoriesIn(s: string): number {
  // Field names use _ and camelCase as word breaks ("claimant_ssn", "dateOfBirth").
  const words = s.slice(0, 200).replace(/([a-z])([A-Z])/g, '$1 $2');
  return new KeywordIndex(words).everything();
}
