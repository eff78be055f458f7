/**
 * Pay-stub grids: a header row of pay columns ("EARNINGS  RATE  HOURS  CURRENT  YTD", "Concepto
 * Tarifa Horas Periodo actual Acumulado del año") over rows of earnings or deductions. The column
 * says whether a number is money (rate, current, year to date) or a count (hours, units), and the row
 * label, or failing that the section's title ("DEDUCTIONS", "Employer Paid Benefits"), says whether
 * the money is pay: earnings, gross and net pay are wages; taxes, deductions, employer-paid benefits,
 * reimbursements and a client's bill rate are not.
 *
 * Lines are read once, in order, and only those within a grid's height of an amount, so the work
 * stays linear in the text length.
 */
import { C } from './keywords';

/** A pay column's name; the first group names a count or a client's bill rate, not pay. */
const PAY_COLUMN =
  /^(?:(hours|hrs|hrs\/units|units|horas|qty|bill rate)|rate|pay rate|tarifa|current|this period|amount|ytd|year[- ]to[- ]date|y-t-d|earnings|gross|net|periodo actual|acumulado(?: del a[ñn]o)?|importe)$/i;
/** A column that proves the grid is a pay stub, not a benefit payment history. */
const STUB_ONLY = /^(?:hours|hrs|hrs\/units|horas|rate|pay rate|tarifa|current|this period|ytd|year[- ]to[- ]date|y-t-d|periodo actual|acumulado(?: del a[ñn]o)?)$/i;
/** Money in a row or section so named is not pay. */
const NOT_PAY =
  /\b(?:tax(?:es)?|w\/h|withh[eo]ld(?:ing)?|social security|soc sec|medicare|oasdi|fica|sdi|401\s?\(?k\)?|403\s?\(?b\)?|roth|pension|retirement|medical|dental|vision|life|insurance|pre-?tax|deductions?|garnish\w*|child support|levy|union|dues|loan|repay\w*|recovery|reimb\w*|mileage|per diem|bill rate|fee|employer[- ]paid|employer match|contribution|fsa|hsa|impuestos?|seguro|deducci[oó]n(?:es)?|retenci[oó]n)\b/i;
/** Rows that are pay whatever their section ("NET PAY" printed under the deductions). */
const PAY_ROW = /\b(?:net|gross|neto|bruto|take[- ]home)\b/i;
/** Cheap test that a line could be a pay-stub header at all. */
const MAYBE_HEADER = /rate|hours|hrs|current|ytd|year|period|tarifa|horas|acumulado/i;
const GRID_LINES = 30;
const MAX_LINE = 300;

interface Grid {
  /** Start offset and whether it counts (hours) rather than holds money, per header cell. */
  starts: number[];
  counts: boolean[];
  money: boolean[];
  /** The header's first cell when it is no pay column ("EARNINGS", "DEDUCTIONS"). */
  section: string;
}

function cells(line: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], at: m.index });
  return out;
}

/** A pay-stub header row, or null. */
export function payHeader(line: string): Grid | null {
  if (line.length > MAX_LINE || !line.includes('  ') || !MAYBE_HEADER.test(line) || /[\t|]/.test(line)) return null;
  if (/\d/.test(line) && /\d/.test(line.replace(/\b(?:401|403)\s?\(?[kb]\)?/gi, ''))) return null;
  const cs = cells(line);
  let pay = 0;
  let stub = false;
  const grid: Grid = { starts: [], counts: [], money: [], section: '' };
  for (const [i, c] of cs.entries()) {
    const m = PAY_COLUMN.exec(c.text);
    if (m) {
      pay++;
      stub ||= STUB_ONLY.test(c.text);
    } else if (i === 0) grid.section = c.text;
    grid.starts.push(c.at);
    grid.counts.push(m !== null && m[1] !== undefined);
    grid.money.push(m !== null && m[1] === undefined);
  }
  return pay >= 2 && stub ? grid : null;
}

function columnOf(starts: number[], from: number, to: number): number {
  let best = 0;
  let bestOverlap = -Infinity;
  for (let i = 0; i < starts.length; i++) {
    const hi = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    const overlap = Math.min(to, hi) - Math.max(from, starts[i]!);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = i;
    }
  }
  return best;
}

/**
 * An earnings line without a header: "Regular  40.00 @ 18.75  750.00", "46 bins @ 24.00  1,104.00",
 * "REG  80.00  31.25  2,500.00". Where quantity × rate = amount on one line, the rate and the amount
 * are pay (C.WAGE) and the quantity is a count (0), unless the row names a deduction or a
 * reimbursement (0): the verdict per number, by its offset in the line.
 */
export function extendedOnLine(line: string): Map<number, number> {
  const out = new Map<number, number>();
  if (line.length > MAX_LINE || !/\d[\s@x×$a-z.]+\d[\d,.]*\s+\$?\d/i.test(line)) return out;
  const nums: { at: number; end: number; value: number }[] = [];
  const re = /(?<![\d.,])\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?(?![\d,]|\.\d)/g;
  for (let m = re.exec(line); m && nums.length < 12; m = re.exec(line)) {
    nums.push({ at: m.index, end: m.index + m[0].length, value: Number(m[0].replace(/,/g, '')) });
  }
  for (let i = 0; i + 2 < nums.length; i++) {
    const [q, r, a] = [nums[i]!, nums[i + 1]!, nums[i + 2]!];
    if (q.value <= 1 || r.value <= 0 || Math.abs(q.value * r.value - a.value) > 0.011) continue;
    // Printed as a row: a label, the quantity (with at most a short unit), the rate, then the amount.
    if (line.charCodeAt(q.at - 1) === 36 || !/[a-z]{2}/i.test(line.slice(0, q.at))) continue;
    if (!/^\s*(?:[a-z]{1,6}\.?\s*)?[@x×]?\s*\$?$/i.test(line.slice(q.end, r.at)) || !/^\s+\$?$/.test(line.slice(r.end, a.at))) continue;
    const pay = NOT_PAY.test(line.slice(0, q.at)) ? 0 : C.WAGE;
    if (!out.has(q.at)) out.set(q.at, 0);
    out.set(r.at, pay);
    out.set(a.at, pay);
  }
  return out;
}

/** Whether an amount sits in a pay-stub grid, and if so whether it is pay. */
export class PayGrid {
  private lastLs = -1;
  private grid: Grid | null = null;
  private section = '';
  /** Start of the next line not yet read, and rows read since the header. */
  private next = 0;
  private rows = 0;
  private extLs = -1;
  private ext = new Map<number, number>();

  constructor(private readonly text: string) {}

  /** extendedOnLine's verdict for the number at `start` on the line [ls, le), worked out once per line. */
  extendedAt(ls: number, le: number, start: number): number | null {
    if (ls !== this.extLs) {
      this.extLs = ls;
      this.ext = extendedOnLine(this.text.slice(ls, le));
    }
    return this.ext.get(start - ls) ?? null;
  }

  /** null outside a pay-stub grid; otherwise C.WAGE for pay and 0 for a count or money that is not pay. */
  at(ls: number, start: number, end: number): number | null {
    if (ls !== this.lastLs) this.find(ls);
    const grid = this.grid;
    if (!grid) return null;
    const col = columnOf(grid.starts, start - ls, end - ls);
    if (grid.counts[col]) return 0;
    if (!grid.money[col]) return null;
    const label = /^[^\d(]*/.exec(this.text.slice(ls, start))![0];
    if (NOT_PAY.test(label)) return 0;
    if (PAY_ROW.test(label)) return C.WAGE;
    return NOT_PAY.test(this.section) ? 0 : C.WAGE;
  }

  /** Reads the lines before `ls` once, in order: the last header, and the last section title after it. */
  private find(ls: number): void {
    this.lastLs = ls;
    if (ls < this.next) {
      this.grid = null;
      return;
    }
    const { text } = this;
    // Lines more than a grid's height above are never read.
    let p = ls;
    for (let k = 0; k <= GRID_LINES && p > this.next; k++) p = p < 2 ? 0 : text.lastIndexOf('\n', p - 2) + 1;
    if (p > this.next) {
      this.next = p;
      this.grid = null;
    }
    while (this.next < ls) {
      const nl = text.indexOf('\n', this.next);
      const le = nl === -1 || nl > ls ? ls : nl;
      const line = le - this.next > MAX_LINE ? '' : text.slice(this.next, le);
      this.next = le + 1;
      if (line.trim() === '') {
        this.grid = null;
        continue;
      }
      const grid = payHeader(line);
      if (grid) {
        this.grid = grid;
        this.section = grid.section;
        this.rows = 0;
      } else if (this.grid && ++this.rows > GRID_LINES) this.grid = null;
      // A line of words inside the grid titles a section ("Employer Paid Benefits (not in gross)").
      else if (this.grid && !/\d/.test(line) && /[a-z]{3}/i.test(line) && !/^[\s=_-]+$/.test(line)) this.section = line;
    }
  }
}
