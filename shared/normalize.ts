/**
 * A plain view of text for checks that must not be evaded: NFKC (fullwidth and other compatibility
 * forms become ASCII), invisible format characters dropped, every Unicode decimal digit (\p{Nd},
 * Arabic-Indic, Devanagari, mathematical…) mapped to its ASCII digit, and dash variants to "-".
 */

// Unicode general category Cf (format: U+200B–U+200F, U+2060–U+2064, U+FEFF, U+00AD…) and the
// fillers that render as nothing (U+034F, U+115F, U+1160, U+3164, U+FFA0), plus variation selectors.
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f]/gu;
// Unicode Pd (dash punctuation) and U+2212 MINUS SIGN, U+FE63, U+FF0D.
const DASHES = /[\p{Pd}\u2212\ufe63\uff0d]/gu;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;
const IS_ND = /^\p{Nd}$/u;

const digitCache = new Map<number, string>();

/**
 * The ASCII digit of a \p{Nd} code point. Unicode allocates decimal digits in runs of ten that start
 * at zero (UnicodeData.txt, Nd), so the value is the distance from the start of the run, mod 10.
 */
function asciiDigit(ch: string): string {
  const cp = ch.codePointAt(0)!;
  let d = digitCache.get(cp);
  if (d === undefined) {
    let start = cp;
    while (start > 0 && cp - start < 60 && IS_ND.test(String.fromCodePoint(start - 1))) start--;
    d = String((cp - start) % 10);
    digitCache.set(cp, d);
  }
  return d;
}

export function plainText(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(NON_ASCII_DIGIT, asciiDigit).replace(DASHES, '-');
}
