/** Calendar dates as the registry uses them: ISO YYYY-MM-DD in the agency's time zone. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** Whole days from `a` to `b` (both ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The calendar date of `instant` in `timeZone` (e.g. "America/Chicago"). */
export function localDate(instant: Date, timeZone: string): string {
  // Every offset in use is whole minutes, so a date holds for the whole minute: reuse it (a
  // recipient check asks twice, formatting is most of its date work).
  const minute = Math.floor(instant.getTime() / 60_000);
  if (last.minute === minute && last.timeZone === timeZone) return last.date;
  let f = formatters.get(timeZone);
  if (!f) {
    // Building a formatter costs far more than using one: keep one per zone.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const date = f.format(instant);
  last = { minute, timeZone, date };
  return date;
}

let last = { minute: NaN, timeZone: '', date: '' };
const formatters = new Map<string, Intl.DateTimeFormat>();

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `date` plus `n` business days (Monday to Friday). */
export function addBusinessDays(date: string, n: number): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return d;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `t` in `timeZone`, read as if it were UTC (milliseconds). */
function wallClock(t: number, timeZone: string): number {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    wallClocks.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
}

/** The instant at which `hour`:00 on `date` happens in `timeZone` (ISO, UTC). */
export function zonedInstant(date: string, hour: number, timeZone: string): string {
  const target = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  let t = target;
  // Two corrections settle the zone's offset, across a daylight-saving change too.
  for (let i = 0; i < 2; i++) t += target - wallClock(t, timeZone);
  return new Date(t).toISOString();
}

/**
 * Business days (Monday to Friday) from `today` until `due`: 0 when due today, negative when past
 * (how many business days late).
 */
export function businessDaysUntil(today: string, due: string): number {
  if (due === today) return 0;
  const forward = due > today;
  let d = today;
  let n = 0;
  while (d !== due) {
    d = addDays(d, forward ? 1 : -1);
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) n++;
  }
  return forward ? n : -n;
}
