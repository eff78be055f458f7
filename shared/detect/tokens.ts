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
