/**
 * An SSN or ITIN spread out the way people and scanners break it: a chat answer whose owner pressed
 * Enter inside the number ("513 40" / "2286"), an OCR'd column whose spacing doubled ("612  04  8819"
 * under an "SSN" heading), a value wrapped in a quoted reply ("> 513-40-" / "> 2286"). The token rules
 * read digit groups joined by one separator, so they see three short numbers; here nine
 * digit-equivalents in the SSN's own grouping (3-2-4, 5-4 or 3-6), with at least one wide gap or line
 * break between them, are one number when an identity word sits just before them (on the line, or
 * in a question or column heading on the lines above). Identifiers fail closed: masking a claim
 * number read this way by mistake costs far less than a full SSN leaving.
 */
import { C, categoriesIn } from './context';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

/** Between groups: spaces or tabs, a dash or dot, or a line break with the next line's quote marks or speaker. */
const GAP = String.raw`(?:[ \t]*[-.]?[ \t]*\r?\n(?:[ \t]*>)*(?:[ \t]*[A-Z][\w.'-]{0,15}:)?[ \t]*|[ \t]{2,6}|[ \t]?[-.]?[ \t]?)`;
/** A digit, or a letter OCR reads in its place. */
const D = '[0-9OoIlSBZ]';
/** 3-2-4, 5-4 or 3-6, the groups never touching other digits or letters. */
const SPREAD = new RegExp(
  String.raw`(?<![0-9A-Za-z.,$/-])(?:${D}{3}(${GAP})${D}{2}(${GAP})${D}{4}|${D}{5}(${GAP})${D}{4}|${D}{3}(${GAP})${D}{6})(?![0-9A-Za-z]|[.,/-]\d)`,
  'y',
);
/**
 * Where a spread value may be: a digit, then a wide gap or a line break, then a digit or an OCR
 * letter. Every spread value has one, and ordinary text has few: the pattern is tried only there.
 */
const SEED = /[0-9](?:[ \t]{2,6}|[ \t]*[-.]?[ \t]*\r?\n(?:[ \t]*>)*(?:[ \t]*[A-Z][\w.'-]{0,15}:)?[ \t]*)(?=[0-9OoIlSBZ])/g;
/** How far before its gap a spread value may start ("513 40" before the line break). */
const SEED_BACK = 8;
const OCR: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', S: '5', B: '8', Z: '2' };
/** What the token rules read already: one separator kind, no wide gap, no line break. */
const TIGHT = /^[-. \t]?$/;

/** How far back an identity word still names the number: a question or a heading two or three lines up. */
const CUE_REACH = 160;
const CUE_LINES = 3;

const ID_WORDS = C.SSN | C.ITIN | C.TAXID;

/** SSNs and ITINs whose groups are spread over wide gaps or line breaks, after an identity word. */
export function spreadIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  SEED.lastIndex = 0;
  let done = 0;
  for (let g = SEED.exec(t); g; g = SEED.exec(t)) {
    // The value starts a few characters before its gap, where a group of digits (or OCR letters) begins.
    let m: RegExpExecArray | null = null;
    for (let s = Math.max(done, g.index - SEED_BACK); s <= g.index && !m; s++) {
      if (!/[0-9OoIlSBZ]/.test(t[s]!) || (s > 0 && /[0-9A-Za-z]/.test(t[s - 1]!))) continue;
      SPREAD.lastIndex = s;
      m = SPREAD.exec(t);
      if (m) m.index = s;
    }
    if (!m) continue;
    done = m.index + m[0].length;
    SEED.lastIndex = Math.max(SEED.lastIndex, done);
    const gaps = m.slice(1).filter((g) => g !== undefined);
    if (gaps.every((g) => TIGHT.test(g))) continue;
    // "702.14" then the next row's "0412": a point between two groups and nowhere else is an amount's.
    if (gaps.some((g) => g === '.') && !gaps.every((g) => g === '.')) continue;
    const groups = m[0].match(/[0-9OoIlSBZ]{2,6}(?![0-9OoIlSBZ])/g) ?? [];
    const value = groups.join('');
    // Most of the value must be real digits (an OCR'd one keeps most), and never a word.
    const real = value.replace(/[^0-9]/g, '').length;
    if (value.length !== 9 || real < 6) continue;
    const digits = value.replace(/[^0-9]/g, (ch) => OCR[ch]!);
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type || !cued(t, m.index)) continue;
    out.push({ type, start: m.index, end: m.index + m[0].length, confidence: 'medium', rule: `${type}.spread` });
  }
  return out;
}

/** A JSON array of the three parts under a key that names the number: `"ssn":["512","07","3394"]`, `"ssnParts":[471,30,8856]`. */
const ARRAY = /"([A-Za-z_]{2,30})"\s*:\s*\[\s*"?(\d{3})"?\s*,\s*"?(\d{2})"?\s*,\s*"?(\d{4})"?\s*\]/g;
const ID_KEY = /ssn|social|itin|(?:^|_)tin|Tin|taxpayer|seguro/i;

/** SSNs and ITINs posted as a JSON array of their three parts: one finding from the first digit to the last. */
export function arrayIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  if (!t.includes('[')) return out;
  ARRAY.lastIndex = 0;
  for (let m = ARRAY.exec(t); m; m = ARRAY.exec(t)) {
    if (!ID_KEY.test(m[1]!)) continue;
    const digits = m[2]! + m[3]! + m[4]!;
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type) continue;
    const start = m.index + m[0].indexOf(m[2]!, m[1]!.length + 2);
    const end = m.index + m[0].lastIndexOf(m[4]!) + 4;
    out.push({ type, start, end, confidence: 'high', rule: `${type}.parts` });
  }
  return out;
}

/**
 * A record whose SSN runs into the surname after it, as fixed-width files print them
 * ("2024Q3 577326081PEREZ CASTILLO", "RECORD IN ERROR: 552073318HOLLIS"): nine digits that make a
 * valid SSN, then a name in capitals. Identifiers fail closed.
 */
// A record type may lead the line, its digit glued to the SSN ("W4618557204BRANNIGAN": type W4).
const GLUED_NAME = /(?<![\d])(\d{9})(?=[A-Z]{2}[A-Z'-]*(?:[ ,][A-Z]|[ ]{2}))|^[A-Z]{1,2}\d(\d{9})(?=[A-Z]{2}[A-Z'-]*(?:[ ,][A-Z]|[ ]{2}))/gm;

export function gluedRecordSsns(t: string): Finding[] {
  const out: Finding[] = [];
  GLUED_NAME.lastIndex = 0;
  for (let m = GLUED_NAME.exec(t); m; m = GLUED_NAME.exec(t)) {
    const digits = m[1] ?? m[2]!;
    const start = m.index + m[0].length - 9;
    if (m[1] !== undefined && m.index > 0 && /[A-Za-z]/.test(t[m.index - 1]!) && !/^[A-Z]\d/.test(t.slice(m.index - 1, m.index + 1))) continue;
    if (!isValidSsnDigits(digits) || isValidItinDigits(digits)) continue;
    out.push({ type: 'ssn', start, end: start + 9, confidence: 'medium', rule: 'ssn.record' });
  }
  return out;
}

/** An SSN, ITIN or TIN word before `start`, on its line or the few lines above, and no other id's label in between on its line. */
function cued(t: string, start: number): boolean {
  let from = start;
  let lines = 0;
  while (from > 0 && from > start - CUE_REACH) {
    if (t.charCodeAt(from - 1) === 10 && ++lines > CUE_LINES) break;
    from--;
  }
  const near = t.slice(Math.max(0, start - 14), start);
  const own = categoriesIn(near.slice(near.lastIndexOf('\n') + 1));
  if ((own & (C.ID_OTHER | C.PARTIAL)) !== 0 && (own & ID_WORDS) === 0) return false;
  return (categoriesIn(t.slice(from, start).slice(-200)) & ID_WORDS) !== 0;
}
