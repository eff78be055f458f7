/**
 * Masked samples and identifier values as the disclosure log takes them: in plain characters. A
 * value found inside percent-encoding or HTML character references keeps them after masking
 * (`***%2520*2%25201874`, `***-*&#50;-1874`), and their digits would read as unmasked ones: the proxy
 * refuses such a sample (more than five visible digits, or a tail like no identifier's), and the
 * event would never be logged. Decoded here, at most MAX_DEPTH times, before an event is built.
 */
import { plainText } from '../../shared/normalize';
import { DIGIT_WORDS, SPELLED_PAIR } from '../../shared/detect/spelled';
import { MAX_DEPTH } from './encoded';
import type { SendEvent } from './messages';

// HTML 5 named references that stand for separators in a formatted number.
const NAMED: Record<string, string> = { amp: '&', nbsp: ' ', ndash: '\u2013', mdash: '\u2014', hyphen: '\u2010', minus: '\u2212', dash: '\u2010', period: '.', sol: '/', num: '#', ast: '*', midast: '*', bull: '•', lpar: '(', rpar: ')', colon: ':', lowbar: '_', plus: '+', quot: '"', apos: "'", lt: '<', gt: '>' };

function entitiesDecoded(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,8}));?/g, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function percentDecoded(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Digit words as digits, run together ("two one eight" → "218"), when the text spells a number. */
function wordsAsDigits(s: string): string {
  if (!SPELLED_PAIR.test(s)) return s;
  return s.replace(/[A-Za-z]+/g, (w) => DIGIT_WORDS[w.toLowerCase()] ?? w).replace(/(\d)[\s,.\-\u2013]+(?=\d)/g, '$1');
}

/**
 * A sample or a value with percent-encoding and character references decoded, quoted-printable soft
 * line breaks taken out and digit words read as digits, in plain characters.
 */
export function plainSample(s: string): string {
  let out = wordsAsDigits(s.replace(/=\r?\n/g, ''));
  for (let i = 0; i <= MAX_DEPTH; i++) {
    const next = entitiesDecoded(percentDecoded(out));
    if (next === out) break;
    out = next;
  }
  return plainText(out);
}

/** One identifier finding as found and as masked; boxes of a split value carry the digits after them. */
export interface FoundPiece {
  type: SendEvent['identifiers'][number]['type'];
  value: string;
  masked: string;
  followingDigits?: number;
}

/**
 * Findings grouped by value: the boxes of one value split over fields or boxes
 * (`ssn1=536&ssn2=22&ssn3=1874`) each say how many of its digits follow (`followingDigits`), so a
 * value runs from a box until one with none after it. A value whose later boxes are missing (one was
 * read as something else) still ends where the next value starts: a box of another type, or one that
 * does not carry on the count.
 */
export function valueGroups<T extends { type: string; followingDigits?: number }>(findings: Iterable<T>, digitsOf?: (f: T) => number): T[][] {
  const groups: T[][] = [];
  let open: T[] | undefined;
  for (const f of findings) {
    const last = open?.[open.length - 1];
    const after = f.followingDigits ?? 0;
    // Carries on the count: exactly so when its digits are known, else at least it has fewer after it.
    const carries = last !== undefined && (digitsOf ? last.followingDigits === digitsOf(f) + after : (last.followingDigits ?? 0) > after);
    const continues = carries && last!.type === f.type;
    if (continues) open!.push(f);
    else groups.push((open = [f]));
    if ((f.followingDigits ?? 0) === 0) open = undefined;
  }
  return groups;
}

/**
 * Identifiers and masked samples as the log takes them, one per value (its boxes joined), in plain
 * characters.
 */
export function loggedIdentifiers(pieces: Iterable<FoundPiece>): { identifiers: SendEvent['identifiers']; samples: string[] } {
  const groups = valueGroups(pieces, (p) => plainSample(p.value).replace(/[^0-9]/g, '').length);
  return {
    identifiers: groups.map((g) => ({ type: g[0]!.type, value: g.map((p) => plainSample(p.value).trim()).join('-') })),
    samples: groups.map((g) => g.map((p) => plainSample(p.masked).trim()).join('-')),
  };
}

/**
 * Found types and counts, a value split over boxes counted once. Findings carry no digits to count, so
 * a value whose last box is missing may be counted with the value after it (the log's identifiers,
 * which know their digits, keep them apart).
 */
export function countsOfValues<T extends { type: string; followingDigits?: number }>(findings: readonly T[]): Partial<Record<T['type'], number>> {
  const out: Partial<Record<string, number>> = {};
  for (const g of valueGroups(findings)) out[g[0]!.type] = (out[g[0]!.type] ?? 0) + 1;
  return out as Partial<Record<T['type'], number>>;
}
