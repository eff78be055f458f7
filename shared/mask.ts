/**
 * Masking: SSN, ITIN and FEIN keep their last five digits (Missouri DWD
 * plan: "full name with middle initial plus the last five digits of the SSN"); bank account and
 * routing numbers keep their last four. Every other digit becomes `*`; separators stay, so masking
 * keeps the length and every offset of the text. It only ever turns digits into `*`, so it never
 * reveals more than the input, and masking masked text changes nothing.
 */
import { detect } from './detect/index';
import type { DetectOptions, Finding, FindingType } from './detect/index';
import { isSpelledValue, maskSpelled } from './detect/spelled';
import { spokenUnits } from './detect/spoken';
import { plainView } from './detect/view';
import type { View } from './detect/view';

export type KeepDigits = Partial<Record<FindingType, number>>;

export const DEFAULT_KEEP_DIGITS: Readonly<KeepDigits> = Object.freeze({
  ssn: 5,
  itin: 5,
  fein: 5,
  bank_account: 4,
  routing_number: 4,
});

export const MASK_CHAR = '*';

/** The text with every identifier finding masked. Findings of other types are left as they are. */
export function maskFindings(
  text: string,
  findings: readonly Finding[],
  keep: Readonly<KeepDigits> = DEFAULT_KEEP_DIGITS,
): string {
  const parts: string[] = [];
  let at = 0;
  for (const f of findings) {
    const k = keep[f.type];
    if (k === undefined || f.start < at || f.end > text.length) continue;
    parts.push(text.slice(at, f.start));
    parts.push(maskValue(text.slice(f.start, f.end), Math.max(0, k - (f.followingDigits ?? 0))));
    at = f.end;
  }
  if (at === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * `123-45-6789` with keep 5 → `***-*5-6789`. Non-digits are kept; `keep` digits stay visible. A
 * digit of any script, or one written as a character reference (`&#53;`), is a digit: every code
 * unit of it becomes `*`, so the length stays.
 */
export function maskValue(value: string, keep: number): string {
  if (OCR_VALUE.test(value) && /[A-Za-z]/.test(value)) return maskOcr(value, keep);
  // "five three six two two one eight seven four": digit words are digits.
  if (/^[A-Za-z]/.test(value) && isSpelledValue(value)) return maskSpelled(value, keep);
  // "three double-one, four seven…", "3 2 7 dash um four four…": digit words among digits and fillers.
  if (/[A-Za-z]{2}/.test(value)) {
    const units = spokenUnits(value);
    if (units.some((u) => /[A-Za-z]/.test(value.slice(u.start, u.end)))) return maskUnits(value, units, keep);
  }
  const view = plainView(value);
  if (view) return maskThroughView(value, view, keep);
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  let hide = digits - Math.max(0, keep);
  if (hide <= 0) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (hide > 0 && c >= 48 && c <= 57) {
      out += MASK_CHAR;
      hide--;
    } else {
      out += value[i];
    }
  }
  return out;
}

/** Hides whole units (a digit, a digit word, "double-one") from the first until at most `keep` digits stay visible. */
function maskUnits(value: string, units: ReturnType<typeof spokenUnits>, keep: number): string {
  let hide = units.reduce((n, u) => n + u.digits, 0) - Math.max(0, keep);
  if (hide <= 0) return value;
  const out = value.split('');
  for (const u of units) {
    if (hide <= 0) break;
    for (let k = u.start; k < u.end; k++) if (out[k] !== ' ' && out[k] !== '-') out[k] = MASK_CHAR;
    hide -= u.digits;
  }
  return out.join('');
}

/**
 * A value read by OCR: only digits, the letters OCR reads in their place, and box separators. Every
 * digit-equivalent counts, so no more than `keep` of them stay visible, letters included.
 */
const OCR_VALUE = /^[0-9OoIlSBZ\s\-–.|[\]/]+$/;

function maskOcr(value: string, keep: number): string {
  const isDigitLike = (ch: string) => /[0-9OoIlSBZ]/.test(ch);
  let digits = 0;
  for (const ch of value) if (isDigitLike(ch)) digits++;
  let hide = digits - Math.max(0, keep);
  if (hide <= 0) return value;
  let out = '';
  for (const ch of value) {
    if (hide > 0 && isDigitLike(ch)) {
      out += MASK_CHAR;
      hide--;
    } else out += ch;
  }
  return out;
}

function maskThroughView(value: string, view: View, keep: number): string {
  const t = view.text;
  let digits = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) digits++;
  let hide = digits - Math.max(0, keep);
  if (hide <= 0) return value;
  const out = value.split('');
  for (let i = 0; i < t.length && hide > 0; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const [s, e] = view.span(i);
    for (let k = s; k < e; k++) out[k] = MASK_CHAR;
    hide--;
  }
  return out.join('');
}

export interface MaskResult {
  text: string;
  /** Findings of the original text; offsets are valid in the masked text too. */
  findings: Finding[];
}

export function maskText(
  text: string,
  options: DetectOptions & { keep?: Readonly<KeepDigits> } = {},
): MaskResult {
  const findings = detect(text, options);
  return { text: maskFindings(text, findings, options.keep), findings };
}

export interface MaskedValue {
  /** What the shape says it was: 3-2-4 an SSN or ITIN, 2-7 an EIN, anything else an account number. */
  type: 'ssn' | 'fein' | 'bank_account';
  start: number;
  end: number;
}

const MASKED_RUN = /[*\d](?:[*\d]|[-\u2010-\u2015\u2212 .\u00a0](?=[*\d]))*[*\d]/g;

/**
 * Identifiers already masked (`***-*5-6789`, `**-**56789`, `********6789`). They are not findings,
 * but a message that holds them still holds confidential data: its recipients are checked.
 */
export function findMasked(text: string): MaskedValue[] {
  const out: MaskedValue[] = [];
  MASKED_RUN.lastIndex = 0;
  for (let m = MASKED_RUN.exec(text); m; m = MASKED_RUN.exec(text)) {
    const v = m[0];
    const groups = v.split(/[-\u2010-\u2015\u2212 .\u00a0]/);
    const joined = groups.join('');
    // Masking hides leading digits and keeps the last four or five.
    if (!/^\*[*\d]*\d{4}$/.test(joined)) continue;
    if (joined.length < 4 || joined.length > 17) continue;
    const shape = groups.map((g) => g.length).join('-');
    // Spaces separate masked groups only in the SSN's 3-2-4 form ("*** *1 2345").
    if (/[ \u00a0]/.test(v) && shape !== '3-2-4') continue;
    const type = shape === '3-2-4' || (joined.length === 9 && groups.length === 1) ? 'ssn' : shape === '2-7' ? 'fein' : 'bank_account';
    out.push({ type, start: m.index, end: m.index + v.length });
  }
  return out;
}
