/**
 * Context words, as phrases of whole words. A phrase matches consecutive words of the text whatever
 * punctuation or spacing sits between them ("date of birth", "Date_of_Birth", "D.O.B." = d o b), so
 * form field names and labels match like prose. Categories are bits; a word may carry several.
 */
export const C = {
  SSN: 1 << 0,
  ITIN: 1 << 1,
  /** "TIN", "taxpayer ID": could be an SSN, ITIN or EIN. */
  TAXID: 1 << 2,
  FEIN: 1 << 3,
  ROUTING: 1 << 4,
  /** "account number", "acct": an account of some kind. */
  ACCOUNT: 1 << 5,
  /** "bank account", "checking", "direct deposit": certainly a bank account. */
  BANK: 1 << 6,
  WAGE: 1 << 7,
  BENEFIT: 1 << 8,
  /** tuition, fees, grants, prices: money that is neither a wage nor a benefit. */
  MONEY_OTHER: 1 << 9,
  DOB: 1 << 10,
  /** hire date, appointment, week ending: a date that is not a birth date. */
  DATE_OTHER: 1 << 11,
  /** case, ticket, invoice, phone, ZIP: a number that is not a personal identifier. */
  ID_OTHER: 1 << 12,
  /** "ending in", "last four": the number is already a partial reference. */
  PARTIAL: 1 << 13,
} as const;

export interface Phrase {
  words: string[];
  mask: number;
  /** Text that must follow the last word (e.g. "#" or "number" after "account"). */
  tail?: RegExp;
  /** The word must follow a "/" ("$15/hr"). */
  afterSlash?: boolean;
  /** What must stand right before the word (tested on the eight characters before it): "1099-" before "G". */
  before?: RegExp;
  /** The word must follow one of these words ("a year", "per hour"): keyed on the rarer word. */
  after?: readonly string[];
}

export const NUMBER_TAIL = /[\s_:]*(?:numbers?\b|nos?\b|num\b|nbr\b|#)/iy;
// "last 4", "last four", and "last ****9126" once masked: masking must not change what it means.
export const DIGIT_OR_FOUR = /\s*(?:[\d*]|four\b|five\b)/iy;

export function P(mask: number, ...phrases: string[]): Phrase[] {
  return phrases.map((p) => ({ words: p.split(' '), mask }));
}
