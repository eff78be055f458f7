/**
 * Date rules: which dates of a token are birth dates. Shapes and calendar checks are dob.ts's; a
 * date is reported only with a birth label or DOB column or field (resolve.ts).
 */
import { C } from './context';
import { DATE_IN_BETWEEN, isPlausibleDate, MONTH_DAY_BEFORE_YEAR, MONTHS } from './dob';
import { Source, contextFor, how } from './resolve';
import { exampleRightBefore } from './samples';
import { emit } from './state';
import type { ScanState } from './state';
import { groupValue, SEP_DOT } from './tokens';
import type { Groups } from './tokens';

const DATE_RELEVANT = C.DOB | C.DATE_OTHER;
/** A time right after a date: a timestamp, never a birth date. */
const TIME_AFTER = /^[T ]\d{1,2}:\d{2}/;
const TIMESTAMP = /\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}(?:T|,? )\d{1,2}:\d{2}(?::\d{2})?/g;
/** "12-Apr-", "12APR", "12 Apr ", before a year. */
const COMPACT_DAY_MONTH = new RegExp(`(?:^|[^0-9])(\\d{1,2})[-\\s./]?${MONTHS}\\.?[-\\s./]?$`, 'i');

/**
 * Groups a..a+2 of lengths l0, l1, l2 joined by separator kind `sep`, spanning [start, end): true
 * when they are a calendar date (reported when a birth date).
 */
export function numericDate(s: ScanState, g: Groups, a: number, l0: number, l1: number, l2: number, sep: number, start: number, end: number): boolean {
  const t = s.text;
  let ok = false;
  if (l0 === 4 && l1 <= 2 && l2 <= 2 && sep !== SEP_DOT) {
    ok = isPlausibleDate(groupValue(t, g, a), groupValue(t, g, a + 1), groupValue(t, g, a + 2));
  } else if (l0 <= 2 && l1 <= 2 && (l2 === 4 || l2 === 2)) {
    const y = groupValue(t, g, a + 2);
    // US order first (month/day/year); day/month/year is accepted when only it is a real date.
    ok = isPlausibleDate(y, groupValue(t, g, a), groupValue(t, g, a + 1)) || isPlausibleDate(y, groupValue(t, g, a + 1), groupValue(t, g, a));
  }
  if (!ok) return false;
  date(s, start, end);
  return true;
}

/** "12-Apr-1985", "12APR1985", "12.Apr.1985": the year token [start, end) after a day and a month. */
export function compactMonthDate(s: ScanState, start: number, end: number): boolean {
  const year = +s.text.slice(start, end);
  if (year < 1900 || year > 2099) return false;
  const from = Math.max(0, start - 14);
  const m = COMPACT_DAY_MONTH.exec(s.text.slice(from, start));
  if (!m || +m[1]! < 1 || +m[1]! > 31) return false;
  date(s, from + m.index + (m[0].length - m[0].trimStart().length), end);
  return true;
}

/** "19850412", "04121985": eight digits that are a real date, a birth date only with a DOB label. */
export function compactDate(s: ScanState, start: number, end: number): boolean {
  const d = s.text.slice(start, end);
  const ymd = isPlausibleDate(+d.slice(0, 4), +d.slice(4, 6), +d.slice(6, 8)) && +d.slice(0, 4) >= 1900;
  const mdy = isPlausibleDate(+d.slice(4, 8), +d.slice(0, 2), +d.slice(2, 4)) && +d.slice(4, 8) >= 1900;
  if (!ymd && !mdy) return false;
  if (contextFor(s, start, end, DATE_RELEVANT).categories !== C.DOB) return false;
  date(s, start, end);
  return true;
}

/** "March 5, 1990", "5 de marzo de 1993": the year token [start, end) after a month name and day. */
export function monthNameDate(s: ScanState, start: number, end: number): boolean {
  const year = +s.text.slice(start, end);
  if (year < 1900 || year > 2099) return false;
  const from = Math.max(0, start - 24);
  const m = MONTH_DAY_BEFORE_YEAR.exec(s.text.slice(from, start));
  if (!m) return false;
  date(s, from + m.index, end);
  return true;
}

/** The date [start, end) is reported as a birth date when its context is one. */
function date(s: ScanState, start: number, end: number): void {
  // "[2025-03-04 10:12:10]", "2024-07-02T16:44": a date with its time is when something happened.
  if (TIME_AFTER.test(s.text.slice(end, end + 6))) return;
  const ctx = contextFor(s, start, end, DATE_RELEVANT);
  const c = ctx.categories;
  if (!(c & C.DOB) || (ctx.source === Source.Inline && c !== C.DOB)) return;
  if (ctx.source === Source.Inline) {
    const kwEnd = s.keywords.endOf(ctx.keyword);
    // "DOB 01/02/1980, 03/04/2010": the keyword belongs to the first date only.
    // A chat line's timestamp between a question and its answer is no other date.
    // An SSN between ("SSN/DOB 259-14-7203/10-05-1967") is no date, whatever its dashes look like.
    const between = kwEnd <= start ? s.text.slice(kwEnd, start).replace(TIMESTAMP, ' ').replace(SSN_SHAPE, ' ') : '';
    if (DATE_IN_BETWEEN.test(between) && !birthList(s.text.slice(s.keywords.startOf(ctx.keyword), kwEnd), between)) return;
  }
  // "date of birth as MM/DD/YYYY (e.g., 01/01/1980)": a format's sample.
  if (exampleRightBefore(s.text, start)) return;
  emit(s, 'dob', start, end, 'high', `dob.${how(ctx)}`);
}

const SSN_SHAPE = /\b\d{3}-\d{2}-\d{4}\b/g;

/** A plural birth label ("nacidos el", "birth dates") names each date of a list after it. */
const PLURAL_BIRTH = /(?:nacid[oa]s|birth\s*dates|dobs|fechas\s+de\s+nacimiento)$/i;
const LISTED_DATE = new RegExp(`\\d{1,2}\\s+(?:de\\s+)?${MONTHS}\\.?,?\\s+(?:de\\s+)?\\d{4}|\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{2,4}`, 'gi');
// Names between the dates of a list ("birth dates — Missy 02/10/1977, Ron 12/30/1974") say whose each is.
const LIST_JOINS = /^(?:[\s,;&:—–-]|\b(?:el|y|and|on|e|the|la|los)\b|\b[A-Z][a-z]{1,15}\b)*$/;

/** "nacidos el 7 de febrero de 2016 y el 22 de octubre de 2019": the dates between are the same list's. */
function birthList(label: string, between: string): boolean {
  return between.length < 120 && PLURAL_BIRTH.test(label) && LIST_JOINS.test(between.replace(LISTED_DATE, ' '));
}
