/**
 * Quarterly wage tables as printed on monetary determinations and wage transcripts: the quarter
 * headings ("2023-Q4", "1ST QTR", "Jan-Mar 2024", "12/31/2023" under "QTR ENDING") sit one to a dozen
 * rows above the amounts, with the employer's name, account and address lines in between, so the
 * rows between never share the header's shape. Transposed, each row starts with its quarter
 * ("QTR 2024/1   2,905.00", "Quarter 2   4,410.00", "2023 Q4 10,842.00").
 *
 * Lines are read once, in order, and only those within a table's height of an amount, so the work
 * stays linear in the text length.
 */
import { C } from './keywords';

/** One quarter as a heading or a row label. */
const QUARTER_TOKEN = new RegExp(
  '^(?:' +
    [
      '[1-4]\\s?q\\s?(?:19|20)?\\d\\d',
      'q[1-4](?:[\\s/-]?(?:19|20)?\\d\\d)?',
      '(?:19|20)\\d\\d\\s?-?\\s?q[1-4]',
      '(?:19|20)\\d\\d-[1-4]',
      '[1-4]/(?:19|20)\\d\\d',
      '(?:qtr|quarter)\\s*[1-4](?:\\s*(?:19|20)\\d\\d)?',
      '(?:qtr|quarter)\\s+(?:19|20)\\d\\d\\s?[/-]\\s?[1-4]',
      '(?:1st|2nd|3rd|4th|first|second|third|fourth|1er|2do|3er|4to)(?:\\s+(?:quarter|qtr|trim(?:estre)?)\\.?)?(?:\\s*(?:19|20)?\\d\\d)?',
      '(?:jan|apr|jul|oct|ene|abr)[a-z]*\\.?\\s?[-–]\\s?(?:mar|jun|sep|dec|dic)[a-z]*\\.?(?:\\s+(?:19|20)?\\d\\d)?',
      '(?:03/31|3/31|06/30|6/30|09/30|9/30|12/31)/(?:19|20)?\\d\\d',
    ].join('|') +
    ')$',
  'i',
);
/** An amount as printed in a wage table ("4,812.50", "$3,312.00", "8,004.00*"). */
const AMOUNT_CELL = /^\$?\s?\d{1,3}(?:,\d{3})*\.\d\d\*?$|^\$?\s?\d+\.\d\d\*?$/;
/** Cheap test that a line could name a quarter at all. */
const MAYBE_QUARTER = /q[1-4]|[1-4]\s?q|qtr|quarter|\d\/\d|[1-4](?:st|nd|rd|th|er|do|to)\b|first|second|third|fourth|\d-[1-4]\b|jan|apr|jul|oct|ene|abr/i;
const BAND_LINES = 14;
const MAX_LINE = 400;

/** Cells of a printed line: runs separated by two spaces or more, tabs or pipes. */
function cellsOf(line: string): string[] {
  return line.split(/\s{2,}|\t|\|/).map((c) => c.trim()).filter((c) => c !== '' && !/^[-=+_:]+$/.test(c));
}

/** A row of quarter headings: at least two quarters and no amounts. */
export function isQuarterHeading(line: string): boolean {
  if (line.length > MAX_LINE || !/ {2}|\t|\|/.test(line) || !MAYBE_QUARTER.test(line)) return false;
  let quarters = 0;
  for (const cell of cellsOf(line.replace(/^\s*(?:quarter|qtr)s?\s+ending:?\s/i, ' '))) {
    if (AMOUNT_CELL.test(cell)) return false;
    if (QUARTER_TOKEN.test(cell.replace(/^(?:qtr|quarter)\s+ending:?\s*/i, ''))) quarters++;
  }
  return quarters >= 2;
}

/** The row starts with a quarter ("QTR 2024/1", "Q4 2024") or the amount follows one ("2023 Q4 10,842.00"). */
export function quarterLabelBefore(prefix: string): boolean {
  const cells = cellsOf(prefix);
  if (cells.length === 0) return false;
  const last = cells[cells.length - 1]!.replace(/[\s:$]+$/, '');
  return QUARTER_TOKEN.test(cells[0]!) || QUARTER_TOKEN.test(last) || /\s(?:19|20)\d\d\s?-?\s?q[1-4]$/i.test(last);
}

/**
 * Whether the line starting at `ls` sits in a quarterly wage table: under a row of quarter headings
 * within BAND_LINES non-blank lines, or (when `prefix` is given) right after a quarter row label.
 */
export class QuarterBand {
  /** Start of the next line not yet read, lines read so far, and the last heading's line number. */
  private next = 0;
  private lines = 0;
  private heading = -Infinity;
  private lastLs = -1;
  private lastBand = false;
  private firstCellQuarter = false;

  constructor(private readonly text: string) {}

  categoriesAt(ls: number, start: number, end: number): number {
    // "0.00" in a quarter's column: no wages were reported for it.
    if (!/[1-9]/.test(this.text.slice(start, end))) return 0;
    if (start - ls > MAX_LINE) return 0;
    if (this.underHeading(ls) || this.firstCellQuarter) return C.WAGE;
    const before = this.text.slice(Math.max(ls, start - 24), start);
    return MAYBE_QUARTER.test(before) && quarterLabelBefore(before) ? C.WAGE : 0;
  }

  /** Reads the lines before `ls` once, in order: a blank or overlong line ends a table. */
  private underHeading(ls: number): boolean {
    if (ls === this.lastLs || ls < this.next) return ls === this.lastLs && this.lastBand;
    const { text } = this;
    // Lines more than a table's height above are never read.
    let p = ls;
    for (let k = 0; k <= BAND_LINES && p > this.next; k++) p = p < 2 ? 0 : text.lastIndexOf('\n', p - 2) + 1;
    if (p > this.next) {
      this.next = p;
      this.heading = -Infinity;
    }
    while (this.next < ls) {
      const nl = text.indexOf('\n', this.next);
      const le = nl === -1 || nl > ls ? ls : nl;
      const line = le - this.next > MAX_LINE ? '' : text.slice(this.next, le);
      if (line.trim() === '') this.heading = -Infinity;
      else if (isQuarterHeading(line)) this.heading = this.lines;
      this.lines++;
      this.next = le + 1;
    }
    this.lastLs = ls;
    this.lastBand = this.lines - this.heading <= BAND_LINES;
    const nl = text.indexOf('\n', ls);
    const first = /^\s*(\S+(?: \S+)*)/.exec(text.slice(ls, Math.min(nl === -1 ? text.length : nl, ls + 40)));
    this.firstCellQuarter = first !== null && QUARTER_TOKEN.test(first[1]!);
    return this.lastBand;
  }
}
