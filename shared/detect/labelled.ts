/**
 * Right after an explicit label ("SSN", "Soc. Sec. No.", "EIN", "ITIN"), staff and OCR write
 * identifiers in every grouping: `536 22-1874`, `536-221874`, `5 3 6 2 2 1 8 7 4`, a line break
 * inside, `SSN536221874`, and faxes read `l` for 1, `O` for 0, `Z` for 2, `S` for 5. With such a
 * label the nine digits are read whatever separates them; without one the strict shapes apply.
 */
import { C } from './context';
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import { emit } from './state';
import type { ScanState } from './state';
import { blockedAfter, blockedBefore, wordBefore } from './tokens';
import type { FindingType } from './types';

/** Letters OCR confuses with digits (Tesseract's common substitutions on faxed forms). */
const OCR_DIGIT: Record<string, string> = {
  O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', i: '1', '|': '1', '!': '1', Z: '2', z: '2',
  S: '5', s: '5', G: '6', b: '6', T: '7', B: '8', g: '9', q: '9',
};

export function ocrDigit(ch: string): string | undefined {
  return OCR_DIGIT[ch];
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isMask = (c: number) => c === 42 || c === 0x2022 || c === 0x25cf;
/** Between digit groups: spaces (no-break ones too), tabs, line breaks, dashes (Unicode ones too), dots, slashes, underscores. */
const isGap = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 45 || c === 46 || c === 47 || c === 95 ||
  c === 0xa0 || c === 0x2007 || c === 0x2009 || c === 0x202f || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;

export interface LabelledValue {
  start: number;
  end: number;
  digits: string;
  /** How many of the nine were letters read as digits. */
  ocr: number;
}

/**
 * Nine digits from `pos` on, with up to three gap characters between any two and up to three OCR
 * letters in all; the next character must not continue the number. Undefined when that fails.
 */
export function readLabelledNine(text: string, pos: number): LabelledValue | undefined {
  let digits = '';
  let ocr = 0;
  let gap = 0;
  let start = -1;
  let end = -1;
  const limit = Math.min(text.length, pos + 40);
  let i = pos;
  for (; i < limit && digits.length < 9; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      digits += text[i];
      gap = 0;
    } else if (digits.length > 0 && isGap(c)) {
      if (++gap > 3) return undefined;
      continue;
    } else {
      const d = OCR_DIGIT[text[i]!];
      // An OCR letter counts only between digits or right before one ("l874", "4O1").
      if (d === undefined || ++ocr > 3 || !(isDigit(text.charCodeAt(i + 1)) || isDigit(text.charCodeAt(i - 1)))) return undefined;
      digits += d;
      gap = 0;
    }
    if (start < 0) start = i;
    end = i + 1;
  }
  if (digits.length !== 9) return undefined;
  // The number must stop here: "536-22-18745" is something else.
  const next = text.charCodeAt(end);
  if (isDigit(next) || (OCR_DIGIT[text[end]!] !== undefined && isDigit(text.charCodeAt(end + 1)))) return undefined;
  // A masked value counts as digits here, so that masking a neighbour never changes the reading.
  if (isMask(next)) return undefined;
  if (isGap(next) && (isDigit(text.charCodeAt(end + 1)) || isMask(text.charCodeAt(end + 1))) && text[end] !== '/') return undefined;
  // "123-45-6789-B", "123456789_2": a longer id.
  if ((next === 45 || next === 95) && /[A-Za-z0-9]/.test(text[end + 1] ?? '')) return undefined;
  if (/[A-Za-z]/.test(text[end] ?? '')) return undefined;
  return { start, end, digits, ocr };
}

/** What may sit between a label and its value: "SSN: ", "SSN #", "Soc. Sec. No. ", "(SSN) ". */
export const LABEL_GAP = /^[\s:#.=\-_()\[\]'"]*(?:(?:numbers?|nos?|num|nbr|#)\.?[\s:#.=\-_()'"]*)?$/i;

/** OCR's readings of the letters S, S, N: "S5N", "55N", "$SN". */
export const OCR_SSN_LABEL = /(?:^|[^a-z0-9])(?:s[s5$]n|5sn|55n|\$sn)[\s:#.=\-_]*$/i;

/**
 * An identifier right after an explicit label, in any grouping staff or OCR produce, for the token
 * [ts, te). True when one was reported; the scan then goes on from `s.consumedTo`.
 */
export function labelled(s: ScanState, ts: number, te: number): boolean {
  const t = s.text;
  // Up to two OCR letters may stand before the first digit ("SSN l36-22-1874").
  let p = ts;
  for (let k = 0; k < 2 && p > 0 && isOcrLetter(t.charCodeAt(p - 1)) && !isLetterAt(t, p - 2); k++) p--;
  // A token in a strict shape with nothing glued to it is the token rules' own
  // ("ssn.formatted.dash"), unless only an OCR reading of "SSN" labels it.
  if (p === ts && isStrictShape(t, ts, te) && !blockedBefore(t, ts) && !blockedAfter(t, te)) {
    if (!OCR_TAILS.has(wordBefore(t, ts))) return false;
  }
  const kind = labelKind(s, p, ts);
  if (!kind) return false;
  const v = readLabelledNine(t, p);
  if (!v || (v.start > ts && !isDigit(t.charCodeAt(v.start)))) return false;
  // The strict shapes keep their own rules ("ssn.formatted.dash"); this reads the rest.
  const type = labelledType(kind, v.digits);
  if (!type) return false;
  s.consumedTo = v.end;
  s.lastLabelled = { end: v.end, kind };
  emit(s, type, v.start, v.end, v.ocr ? 'medium' : 'high', `${type}.labelled`);
  return true;
}

/** SSN-like (1), EIN (2), or 0: what the label ending right before `p` names. */
function labelKind(s: ScanState, p: number, ts: number): number {
  const t = s.text;
  const last = s.lastLabelled;
  // "SSN 536-22-1874/412-68-3390": the second value shares the first one's label.
  if (last.end >= 0 && p - last.end <= 3 && /^[/,&\s]*$/.test(t.slice(last.end, p))) return last.kind;
  // Cheap exit, for nearly every number: the word before is no label's last word.
  const w = wordBefore(t, p);
  if (!LABEL_TAILS.has(w)) return 0;
  const kw = s.keywords.nearest(p, ts, C.SSN | C.ITIN | C.TAXID | C.FEIN, 40, 0);
  if (kw >= 0 && LABEL_GAP.test(t.slice(s.keywords.endOf(kw), p))) return s.keywords.mask(kw) & C.FEIN ? 2 : 1;
  // No keyword says it: an OCR reading of the letters ("S5N", "55N: 512449031").
  if (OCR_TAILS.has(w) && OCR_SSN_LABEL.test(t.slice(Math.max(0, p - 20), p))) return 1;
  return 0;
}

function labelledType(kind: number, digits: string): FindingType | undefined {
  if (kind === 2) return isValidEinDigits(digits) ? 'fein' : undefined;
  if (isValidItinDigits(digits)) return 'itin';
  if (isValidSsnDigits(digits)) return 'ssn';
  return undefined;
}

/** The shapes the token rules read by themselves: 3-2-4 with one separator, nine digits, 2-7. */
function isStrictShape(t: string, s: number, e: number): boolean {
  const n = e - s;
  if (n < 9 || n > 11) return false;
  const k = n === 11 ? t.charCodeAt(s + 3) : n === 10 ? 45 : 0;
  if (n === 11 && !(k === 45 || k === 46 || k === 32)) return false;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(s + i);
    const sepHere = (n === 11 && (i === 3 || i === 6)) || (n === 10 && i === 2);
    if (sepHere ? c !== k : c < 48 || c > 57) return false;
  }
  return true;
}

/** The letters of OCR_DIGIT, by character code. */
const OCR_LETTER = new Uint8Array(128);
for (const ch of Object.keys(OCR_DIGIT)) OCR_LETTER[ch.charCodeAt(0)] = 1;
const isOcrLetter = (c: number) => c < 128 && OCR_LETTER[c] === 1;
const isLetterCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetterAt = (t: string, i: number) => i >= 0 && isLetterCode(t.charCodeAt(i));

/** Last words of identifier labels (keywords.ts), and OCR's readings of "SSN". */
const LABEL_TAILS = new Set([
  'ssn', 'ssns', 'ss', 'ssno', 'socsec', 'sec', 'security', 'social', 'itin', 'itins', 'tin', 'tins', 'id', 'ids', 'taxid',
  'identification', 'ein', 'eins', 'fein', 'feins', 'fedid', 'number', 'numbers', 'no', 'nos', 'num', 'nbr', 's5n', '55n', '5sn', '$sn',
]);
/** OCR's readings of "SSN" that no keyword covers. */
const OCR_TAILS = new Set(['s5n', '55n', '5sn', '$sn']);
