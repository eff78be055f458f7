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
 * Identifiers and masked samples as the log takes them, one per value: the boxes of a value split
 * over fields or boxes (`ssn1=536&ssn2=22&ssn3=1874`, each box a finding whose `followingDigits` say
 * more of it follows) are joined into that one value, in plain characters.
 */
export function loggedIdentifiers(pieces: Iterable<FoundPiece>): { identifiers: SendEvent['identifiers']; samples: string[] } {
  const identifiers: SendEvent['identifiers'] = [];
  const samples: string[] = [];
  let value: string[] = [];
  let masked: string[] = [];
  for (const p of pieces) {
    value.push(plainSample(p.value).trim());
    masked.push(plainSample(p.masked).trim());
    if ((p.followingDigits ?? 0) > 0) continue;
    identifiers.push({ type: p.type, value: value.join('-') });
    samples.push(masked.join('-'));
    value = [];
    masked = [];
  }
  return { identifiers, samples };
}

/** Found types and counts, a value split over boxes counted once. */
export function countsOfValues<T extends { type: string; followingDigits?: number }>(findings: readonly T[]): Partial<Record<T['type'], number>> {
  const out: Partial<Record<string, number>> = {};
  for (const f of findings) if ((f.followingDigits ?? 0) === 0) out[f.type] = (out[f.type] ?? 0) + 1;
  return out as Partial<Record<T['type'], number>>;
}
