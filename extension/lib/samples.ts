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
