/**
 * Right after an explicit label ("SSN", "Soc. Sec. No.", "EIN", "ITIN"), staff and OCR write
 * identifiers in every grouping: `536 22-1874`, `536-221874`, `5 3 6 2 2 1 8 7 4`, a line break
 * inside, `SSN536221874`, and faxes read `l` for 1, `O` for 0, `Z` for 2, `S` for 5. With such a
 * label the nine digits are read whatever separates them; without one the strict shapes apply.
 */

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
