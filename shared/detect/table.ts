import { categoriesIn } from './context';
import { aboutBenefitPayments, aboutBenefits, benefitCell, GENERIC_PAID } from './documents';
import { C } from './keywords';
import { PayGrid } from './paystub';
import { QuarterBand } from './quarters';

/**
 * A column named by a calendar quarter ("4Q2022", "Q1 2023", "2023Q3", "2023-3", "1er trim. 2023"): how UI
 * monetary determinations and wage queries list each employer's quarterly wages (the base period's
 * four quarters), so an amount under it is a wage.
 */
const QUARTER = /^(?:[1-4]\s?q\s?(?:19|20)?\d\d|q[1-4][\s-]?(?:19|20)?\d\d|(?:19|20)\d\d\s?-?\s?q[1-4]|(?:19|20)\d\d-[1-4]|(?:1st|2nd|3rd|4th|first|second|third|fourth|1er|2do|3er|4to)\s+(?:quarter|qtr|trim(?:estre)?)\.?\s*(?:19|20)?\d\d)$/i;

/**
 * Column headers as context: in a wage-record table or a CSV export the word "SSN" or "Wages" sits
 * in the header row, far from the values below it. Candidates arrive in increasing order, so the
 * line bookkeeping is incremental and the total work stays linear in the text length.
 */
const MAX_LINE = 2000;
const MAX_LINES_BACK = 500;
const FIXED_WIDTH = -1;

interface Header {
  delim: number;
  /** Categories per column. */
  cats: number[];
  /** Fixed-width tables: the offset at which each header cell starts. */
  starts: number[];
  /** A form's box labels over values: a value belongs to the label it starts nearest to (values are often right-aligned). */
  labels?: boolean;
  /** Whether a second header line was looked for (and merged in when there was one). */
  second?: boolean;
}

export class TableContext {
  private lineStart = 0;
  private nextNl: number;
  // Only the last row is remembered: rows come in order, so a table costs O(1) per row and memory
  // does not grow with the number of rows or findings.
  private lastLs = -1;
  private lastTop = -1;
  private lastHeader: Header | null = null;
  private lastSig = { delim: 0, count: 0 };
  private headerTop = -1;
  private header: Header | null = null;
  private readonly quarters: QuarterBand;
  /** The categories of the header categoriesAt last found (for quarterAt), or null. */
  private headerCats: number[] | null = null;
  private readonly pay: PayGrid;

  constructor(private readonly text: string) {
    this.nextNl = text.indexOf('\n');
    this.quarters = new QuarterBand(text);
    this.pay = new PayGrid(text);
  }

  /** In a pay-stub grid: C.WAGE for pay, 0 for hours or money that is not pay; null elsewhere (paystub.ts). */
  payAt(start: number, end: number): number | null {
    this.advance(start);
    return this.pay.at(this.lineStart, start, end);
  }

  /** An earnings line's quantity × rate = amount (paystub.ts), for an amount no label names. */
  extendedAt(start: number): number | null {
    this.advance(start);
    return this.pay.extendedAt(this.lineStart, this.nextNl === -1 ? this.text.length : this.nextNl, start);
  }

  private advance(start: number): void {
    while (this.nextNl !== -1 && this.nextNl < start) {
      this.lineStart = this.nextNl + 1;
      this.nextNl = this.text.indexOf('\n', this.lineStart);
    }
  }

  /** Categories named by the header of the column holding [start, end), or 0. */
  categoriesAt(start: number, end: number): number {
    const { text } = this;
    this.advance(start);
    const ls = this.lineStart;
    const le = this.nextNl === -1 ? text.length : this.nextNl;
    if (le - ls > MAX_LINE) return 0;
    const header = this.headerFor(ls, le);
    this.headerCats = header ? header.cats : null;
    if (!header) return 0;
    let col: number;
    if (header.delim === FIXED_WIDTH) {
      // A row with as many cells as its header maps cell by cell, however the columns drift; otherwise by position.
      const byCell = header.labels ? -1 : cellIndex(text.slice(ls, le), start - ls, header.starts.length);
      col = byCell >= 0 ? byCell : header.labels ? nearestStart(header.starts, start - ls) : fixedWidthColumn(header.starts, start - ls, end - ls);
    } else {
      col = 0;
      let quoted = false;
      for (let i = ls; i < start; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 34 /* " */) quoted = !quoted;
        else if (ch === header.delim && !quoted) col++;
      }
    }
    return header.cats[col] ?? 0;
  }

  /** C.WAGE when [start, end) sits in a quarterly wage table (quarters.ts); call after categoriesAt. */
  quarterAt(start: number, end: number): number {
    // "Quarter | Contribution due | Penalty | Interest | Paid": a header that names money other than
    // pay, and no pay, heads an employer's account, not its wages, whatever its rows are called.
    const cats = this.headerCats;
    if (cats && cats.some((c) => c & C.MONEY_OTHER) && !cats.some((c) => c & C.WAGE)) return 0;
    return this.quarters.categoriesAt(this.lineStart, start, end);
  }

  /** The header parsed from the line at `top`, kept for the rows below it. */
  private parsedAt(top: number, delim: number): Header | null {
    if (top !== this.headerTop) {
      this.headerTop = top;
      const te = this.text.indexOf('\n', top);
      this.header = parseHeader(this.text, top, te === -1 ? this.text.length : te, delim);
    }
    return this.header;
  }

  /**
   * A header on two lines (",Current,Current,YTD" over "Employee,Hours,Gross,Net,Gross"): a second
   * line of names right under the first, before the row at `ls`, names the same columns too.
   */
  private secondLine(header: Header, top: number, ls: number, delim: number): boolean {
    const nl = this.text.indexOf('\n', top);
    if (nl < 0 || nl + 1 >= ls) return false;
    let end = this.text.indexOf('\n', nl + 1);
    if (end < 0) end = this.text.length;
    if (/\d/.test(this.text.slice(nl + 1, end))) return false;
    const next = parseHeader(this.text, nl + 1, end, delim);
    if (!next || next.cats.length !== header.cats.length) return false;
    header.cats = header.cats.map((c, i) => c | next.cats[i]!);
    return true;
  }

  private headerFor(ls: number, le: number): Header | null {
    if (ls === this.lastLs) return this.lastHeader;
    const sig = signature(this.text, ls, le);
    const prevLs = this.lastLs;
    const prevSig = this.lastSig;
    this.lastSig = sig;
    let top = ls;
    // A printed form's row of box labels over a row of values ("1 Wages, tips, other compensation
    // 2 Federal income tax withheld" over "36,902.40   2,811.06"): the labels' line has another
    // shape (commas inside labels), and heads the values' columns by position.
    let labels = -1;
    if (sig.delim !== 0) {
      // Walk up through rows of the same shape; the first row of the block is the header.
      for (let n = 0; n < MAX_LINES_BACK && top > 0; n++) {
        const prevEnd = top - 1;
        const prevStart = this.text.lastIndexOf('\n', prevEnd - 1) + 1;
        if (prevEnd - prevStart > MAX_LINE) break;
        // A blank line between a header and its rows (an HTML table's rows as lines, a CSV export
        // with an empty line after its header) does not end the table.
        if (/^\s*$/.test(this.text.slice(prevStart, prevEnd))) {
          if (prevStart === 0) break;
          top = prevStart;
          continue;
        }
        // The row before is usually the last row looked at: its shape is known.
        const ps = prevStart === prevLs ? prevSig : signature(this.text, prevStart, prevEnd);
        if (ps.delim !== sig.delim || ps.count !== sig.count) {
          if (sig.delim === FIXED_WIDTH) labels = prevStart;
          break;
        }
        if (prevStart === prevLs) {
          top = this.lastTop;
          break;
        }
        top = prevStart;
        // A row of names without a digit heads the block: rows above it (a mailing date, a title) are another block's.
        if (namesOnly(this.text.slice(prevStart, prevEnd))) break;
      }
    }
    // The block's first line is never a blank one.
    while (top < ls && this.text.charCodeAt(top) === 10) top++;
    while (top < ls && /^\s*$/.test(this.text.slice(top, this.text.indexOf('\n', top)))) top = this.text.indexOf('\n', top) + 1;
    let header: Header | null = null;
    if (top !== ls) {
      header = this.parsedAt(top, sig.delim);
      // A first header line that names nothing (",Current,Current,YTD") gives way to the second.
      if (!header) {
        const nl = this.text.indexOf('\n', top);
        if (nl >= 0 && nl + 1 < ls && !/\d/.test(this.text.slice(top, nl))) {
          header = this.parsedAt(nl + 1, sig.delim);
          if (header) top = nl + 1;
        }
      } else if (header.second === undefined) header.second = this.secondLine(header, top, ls, sig.delim);
    }
    if (!header && labels >= 0 && valueRow(this.text.slice(ls, le)) && labelRow(this.text, labels)) {
      header = this.parsedAt(labels, FIXED_WIDTH);
      if (header) {
        header.labels = true;
        top = labels;
      }
    }
    this.lastLs = ls;
    this.lastTop = top;
    this.lastHeader = header;
    return header;
  }
}

/** A row of names without a digit but a form's box numbers ("18 Local wages, tips, etc.   19 Local income tax"). */
function namesOnly(line: string): boolean {
  // (One run of blanks before a box number, read once: "\s{2,}[ \t]*" backtracked over long runs.)
  const names = line.replace(/(?:^[ \t]*|\s{2,})(?:\d{1,2}[a-z]?|[a-f])[ \t]+(?=[A-Za-z])/g, '  ');
  return !/\d/.test(names) && /[A-Za-z]{2}/.test(names);
}

/** A row of values under a form's labels: numbers, and at most two words (a state code, a locality). */
function valueRow(line: string): boolean {
  const words = line.replace(/[$(]?\b[\w-]*\d[\w,./-]*\)?/g, ' ').match(/[A-Za-z]{2,}/g);
  return !words || words.length <= 2;
}

/**
 * A row of a form's box labels: two labels or more across wide gaps, or one after its box number
 * ("16 State wages, tips, etc."); labels, not sentences.
 */
function labelRow(text: string, ls: number): boolean {
  let le = text.indexOf('\n', ls);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  const cells = line.split(/\s{2,}/).map((c) => c.trim()).filter((c) => c !== '');
  if (cells.length === 0 || cells.some((c) => c.split(/\s+/).length > 7)) return false;
  return cells.length >= 2 || /^(?:\d{1,2}[a-z]?|[a-f])\s+[A-Za-z]/.test(cells[0]!);
}

function signature(text: string, ls: number, le: number): { delim: number; count: number } {
  let tabs = 0;
  let pipes = 0;
  let commas = 0;
  let semis = 0;
  let wide = 0;
  let thousands = 0;
  let named = 0;
  let decimals = 0;
  let quoted = false;
  for (let i = ls; i < le; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (ch === 9) tabs++;
    else if (ch === 124) pipes++;
    else if (ch === 44) {
      commas++;
      if (isThousands(text, i)) thousands++;
      // "$380,00": a decimal comma (two digits, then the number ends).
      else if (digitAt(text, i - 1) && digitAt(text, i + 1) && digitAt(text, i + 2) && !digitAt(text, i + 3) && text.charCodeAt(i + 3) !== 44) decimals++;
      // "OKONJO, AMAKA" in a printed report: a name's comma, not a cell's.
      else if (text.charCodeAt(i + 1) === 32 && text.charCodeAt(i + 2) !== 32 && isLetterAt(text, i - 1)) named++;
    }
    else if (ch === 59) semis++;
    else if (ch === 32 && text.charCodeAt(i + 1) === 32 && text.charCodeAt(i - 1) !== 32) wide++;
  }
  if (tabs) return { delim: 9, count: tabs };
  if (pipes) return { delim: 124, count: pipes };
  // "12,345.67" in a fixed-width row is a number, not two cells; "PHAM, KEVIN" a name.
  if (wide >= 2 && commas === thousands + named + decimals) return { delim: FIXED_WIDTH, count: 0 };
  if (wide && commas === thousands) return { delim: FIXED_WIDTH, count: 0 };
  // A semicolon-separated export writes decimal commas ("2140,00;1712,44"): its semicolons are the cells.
  if (semis >= 2 && semis >= commas) return { delim: 59, count: semis };
  if (commas) return { delim: 44, count: commas };
  if (semis) return { delim: 59, count: semis };
  // Fixed-width rows differ in how many gaps they show, so they share one signature.
  if (wide) return { delim: FIXED_WIDTH, count: 0 };
  return { delim: 0, count: 0 };
}

function parseHeader(text: string, ls: number, le: number, delim: number): Header | null {
  const line = text.slice(ls, le).replace(/\r$/, '');
  const cells: string[] = [];
  const starts: number[] = [];
  if (delim === FIXED_WIDTH) {
    const re = /\S+(?: \S+)*/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      cells.push(m[0]);
      starts.push(m.index);
    }
  } else {
    cells.push(...splitQuoted(line, delim));
  }
  // A header names its columns: mostly words or quarters, not a row of values (masked ones
  // included, or masking a row would turn it into a header). Blank edge cells of a pipe table
  // ("| Employer | Q1 2023 |") name nothing.
  const named = cells.filter((c) => c.trim() !== '' && !/^[\s|:-]+$/.test(c));
  const wordy = named.filter((c) => QUARTER.test(c.trim()) || (/[a-z]{2}/i.test(c) && !/(?:[\d*•][-. ]?){5}/.test(c))).length;
  if (wordy * 2 < named.length || named.length === 0) return null;
  const cats = cells.map((c) => (QUARTER.test(c.trim()) ? C.WAGE : categoriesIn(c) || (ACCOUNT_CELL.test(c) ? C.ACCOUNT : 0)));
  // "Student's Social Security Number", "Member SSN": the number's own name wins over its owner's (an
  // identifier fails closed).
  cats.forEach((c, i) => { if (c & (C.SSN | C.ITIN | C.FEIN | C.TAXID) && c & C.ID_OTHER) cats[i] = c & ~C.ID_OTHER; });
  // "Employer | Q4 2023 | … | Total": the total of quarterly wages is a wage too.
  // A column that counts ("Severance Weeks", "Hours Worked") holds no money, whatever else its name says.
  // A count in a note ("Back pay (41 days)") says what the amount covers.
  cells.forEach((c, i) => { if (COUNT_CELL.test(c.replace(/\([^)]*\)/g, ''))) cats[i] = cats[i]! & ~(C.WAGE | C.BENEFIT); });
  // So are a payroll register's other pay columns beside its wage columns ("Rate", "Net", "Taxable",
  // "PTO Payout", "Current"/"YTD"), named by nothing else.
  // So are they on an employer's list of its workers, one SSN a row ("Last | First | SSN | Hire Date | Rate"),
  // in a text not about benefits; there a W-2's wage boxes (1, 3, 5, 7, 16, 18) head wages too.
  const workers = !cats.includes(C.BENEFIT) && cats.some((c) => c & C.SSN) && !aboutBenefits(text);
  if (workers) cells.forEach((c, i) => { if (W2_WAGE_BOX.test(c)) cats[i] = C.WAGE; });
  if (cats.includes(C.WAGE) || workers) {
    cells.forEach((c, i) => { if ((/^\s*"?totals?\b/i.test(c) || PAY_CELL.test(c)) && (cats[i]! & (C.WAGE | C.BENEFIT | C.MONEY_OTHER)) === 0) cats[i] = C.WAGE; });
  }
  // "Amount Paid", "Gross Payment", "Net Paid" in a claimant's payment history: what the agency paid is a benefit.
  cells.forEach((c, i) => {
    // "CHARGED" on a statement of benefit charges, "Balance" on an overpayment's statement of account.
    if ((cats[i]! & (C.WAGE | C.BENEFIT | C.MONEY_OTHER)) === 0 && benefitCell(text, c)) cats[i] = C.BENEFIT;
    if (!GENERIC_PAID.test(c)) return;
    if ((cats[i] === 0 && aboutBenefits(text)) || (cats[i] === C.WAGE && aboutBenefitPayments(text))) cats[i] = C.BENEFIT;
  });
  if (!cats.some((c) => c !== 0)) return null;
  return { delim, cats, starts };
}

/** A column of counts ("Hours Worked", "Severance Weeks"), not one for a period ("Wages this week"). */
const COUNT_CELL = /\b(?<!(?:this|per|a|last|each|the) )(?:weeks?|wks|hours?|hrs|days?|count|qty|quantity|units?|number of|no\. of|semanas|horas)\b/i;

/** A payroll register's pay column beside its wage columns. */
const PAY_CELL = /^\s*"?(?:rate|pay rate|net|neto|taxable|taxable wages|excess|current|ytd|pto|pto payout|vacation|vacation payout|severance|severance \$|bonus|overtime|ot|regular|commission|commissions|comm|tips|amount|subtotal|disposable|monthly|previously reported|corrected|corrected amount|difference|reported(?: [a-z]{2,12})?|register gross|daily rate)"?\s*$/i;
/** A W-2's wage boxes as a column header (IRS Form W-2: 1 wages, 3 and 5 Social Security and Medicare wages, 7 tips, 16 state, 18 local). */
const W2_WAGE_BOX = /^\s*"?box\s*(?:1|3|5|7|16|18)"?\s*$/i;

/** A column named "Account" before anything else ("Account (DFI, up to 17)", an export's header; Nacha's DFI account number). */
const ACCOUNT_CELL = /^\s*"?\s*(?:(?:dd|bank|deposit|direct)[_ -]?)?(?:account|acct)(?:[_ -]?(?:no|num|number|nbr))?(?![A-Za-z])(?!\s*(?:type|holder|name|status))|^\s*"?(?:dan|dda)"?\s*$/i;

/** Cells of a delimited line; a delimiter inside double quotes is text (RFC 4180: "Wages, tips"). */
function splitQuoted(line: string, delim: number): string[] {
  const cells: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (ch === delim && !quoted) {
      cells.push(line.slice(from, i));
      from = i + 1;
    }
  }
  cells.push(line.slice(from));
  return cells;
}

function fixedWidthColumn(starts: number[], from: number, to: number): number {
  let best = 0;
  let bestOverlap = -Infinity;
  for (let i = 0; i < starts.length; i++) {
    const lo = starts[i]!;
    const hi = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    const overlap = Math.min(to, hi) - Math.max(from, lo);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = i;
    }
  }
  return best;
}

/** The index of the cell (runs split by two spaces or more) holding `at`, when the line has exactly `count` cells; else -1. */
function cellIndex(line: string, at: number, count: number): number {
  const re = /\S+(?: \S+)*/g;
  let n = 0;
  let found = -1;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (at >= m.index && at < m.index + m[0].length) found = n;
    if (++n > count) return -1;
  }
  return n === count ? found : -1;
}

function nearestStart(starts: number[], from: number): number {
  let best = 0;
  for (let i = 1; i < starts.length; i++) if (Math.abs(starts[i]! - from) < Math.abs(starts[best]! - from)) best = i;
  return best;
}

function isLetterAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k) | 32;
  return c >= 97 && c <= 122;
}

function digitAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  return c >= 48 && c <= 57;
}

function isThousands(text: string, i: number): boolean {
  return digitAt(text, i - 1) && digitAt(text, i + 1) && digitAt(text, i + 2) && digitAt(text, i + 3) && !digitAt(text, i + 4);
}
