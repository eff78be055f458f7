/**
 * detect(text, options) → Finding[]: the one entry point of the detection engine.
 *
 * One pass of a linear-time token regex finds numeric tokens; each token is split into digit groups
 * and words, matched against the shapes of the eight types, validated (SSN ranges, ITIN groups, EIN
 * prefixes, ABA checksum, calendar dates) and classified by the nearest context word, a table column
 * header or the form field name. Work per candidate is bounded, so the whole scan is linear.
 */
import { isValidAbaRouting, ACCOUNT_MAX_DIGITS, ACCOUNT_MIN_DIGITS } from './bank';
import { C, categoriesIn, KeywordIndex, MAX_WINDOW } from './context';
import { boxedIdentifiers } from './boxes';
import { DATE_IN_BETWEEN, isPlausibleDate, MONTH_DAY_BEFORE_YEAR, MONTHS } from './dob';
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { isAmountShape } from './wage';
import { isValidSsnDigits } from './ssn';
import { TableContext } from './table';
import { plainView } from './view';
import { LABEL_GAP, OCR_SSN_LABEL, readLabelledNine } from './labelled';
import { recordFields } from './wage-records';
import type { RecordField } from './wage-records';
import {
  isDigit,
  isMaskChar,
  isWordChar,
  SEP_COMMA,
  SEP_DASH,
  SEP_DOT,
  SEP_SLASH,
  SEP_SPACE,
  sepKind,
  TOKEN_RE,
} from './tokens';
import type { Confidence, DetectOptions, Finding, FindingType } from './types';
import { FINDING_TYPES } from './types';

export * from './types';
export { isValidSsn, isValidSsnDigits } from './ssn';
export { isValidItinDigits, isValidItinGroup } from './itin';
export { isValidEinDigits, isValidEinPrefix } from './fein';
export { isValidAbaRouting } from './bank';

export const DEFAULT_CONTEXT_BEFORE = 48;
export const DEFAULT_CONTEXT_AFTER = 32;

/** Every finding in `text`, in order of position. Never throws; see DetectOptions.maxLength. */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  const out: Finding[] = [];
  detectEach(text, (f) => out.push(f), options);
  return out;
}

/** Streams findings to `onFinding`; working memory does not grow with the number of findings. */
export function detectEach(
  text: string,
  onFinding: (f: Finding) => void,
  options: DetectOptions = {},
): void {
  if (typeof text !== 'string' || text.length === 0) return;
  const limit = options.maxLength !== undefined && options.maxLength > 0 ? Math.min(options.maxLength, text.length) : text.length;
  const view = plainView(text, limit);
  const src = view ? view.text : limit < text.length ? text.slice(0, limit) : text;
  // Findings of the plain view point back at the original text.
  const out = view
    ? (f: Finding) => {
        const [start, end] = view.original(f.start, f.end);
        onFinding({ ...f, start, end });
      }
    : onFinding;
  const enabled = options.types ? new Set(options.types) : undefined;
  const boxes = boxedIdentifiers(src).filter((b) => !enabled || enabled.has(b.type));
  new Scan(src, boxes.length ? mergeBoxes(boxes, out) : out, { ...options, maxLength: undefined }).run();
  if (boxes.length) flushBoxes(boxes, out);
}

/**
 * The token rules' findings and the boxed reading's, in order of position. Where both read the same
 * value, the token rules' finding stands; where a token finding overlaps a boxed value otherwise
 * (one box of it, say), the boxed value stands.
 */
function mergeBoxes(boxes: Finding[] & { next?: number; lastEnd?: number }, out: (f: Finding) => void): (f: Finding) => void {
  boxes.next = 0;
  boxes.lastEnd = -1;
  return (f) => {
    while (boxes.next! < boxes.length && boxes[boxes.next!]!.start < f.start) {
      const b = boxes[boxes.next!++]!;
      out(b);
      boxes.lastEnd = b.end;
    }
    const b = boxes[boxes.next!];
    if (b && b.start === f.start && b.end === f.end) {
      boxes.next!++;
      out(f);
      boxes.lastEnd = f.end;
      return;
    }
    if (f.start < boxes.lastEnd! || (b && b.start < f.end)) return;
    out(f);
  };
}

function flushBoxes(boxes: Finding[] & { next?: number }, out: (f: Finding) => void): void {
  for (let i = boxes.next ?? 0; i < boxes.length; i++) out(boxes[i]!);
}

const ID_RELEVANT =
  C.SSN | C.ITIN | C.TAXID | C.FEIN | C.ROUTING | C.ACCOUNT | C.BANK | C.ID_OTHER | C.PARTIAL;
const MONEY_RELEVANT = C.WAGE | C.BENEFIT | C.MONEY_OTHER;
const DATE_RELEVANT = C.DOB | C.DATE_OTHER;
const ACCOUNT_RELEVANT = C.ACCOUNT | C.BANK | C.ROUTING | C.ID_OTHER | C.PARTIAL | C.SSN | C.FEIN;
/** Where a header or field name carries several categories, the most specific wins. */
const ID_PRIORITY = [C.ID_OTHER, C.PARTIAL, C.ROUTING, C.BANK, C.ACCOUNT, C.FEIN, C.ITIN, C.SSN, C.TAXID];
const MONEY_PRIORITY = [C.MONEY_OTHER, C.BENEFIT, C.WAGE];

function pick(mask: number, priority: readonly number[]): number {
  for (const bit of priority) if (mask & bit) return bit;
  return 0;
}

const enum Source {
  None = 0,
  Inline = 1,
  Table = 2,
  Field = 3,
  /** A label beyond the window: a form's dot leaders, or a wage label farther back in the sentence. */
  Far = 4,
}

class Scan {
  private readonly text: string;
  private readonly end: number;
  private readonly before: number;
  private readonly after: number;
  private readonly enabled: Set<FindingType>;
  private readonly fieldCats: number;
  private readonly keywords: KeywordIndex;
  /** The context word behind the last contextFor() answer, when it came from the text. */
  private kw = -1;
  private table: TableContext | null = null;
  /** Labels read for amounts whose label is farther back in their sentence (farMoneyLabel). */
  private farKeywords: KeywordIndex | undefined;
  private farAt = -1;
  private farFrom = 0;
  // Digit groups of the current token: start, end, and the kind of separator after each.
  private gs: number[] = [];
  private ge: number[] = [];
  private gl: number[] = [];
  private sep: number[] = [];
  private brk: boolean[] = [];
  private source = Source.None;

  constructor(
    text: string,
    private readonly onFinding: (f: Finding) => void,
    options: DetectOptions,
  ) {
    const cap = options.maxLength ?? Infinity;
    this.text = text;
    this.end = Math.min(text.length, cap > 0 ? cap : text.length);
    this.before = clampWindow(options.contextBefore, DEFAULT_CONTEXT_BEFORE);
    this.after = clampWindow(options.contextAfter, DEFAULT_CONTEXT_AFTER);
    this.enabled = new Set(options.types ?? FINDING_TYPES);
    this.fieldCats = typeof options.field === 'string' ? categoriesIn(options.field) : 0;
    this.keywords = new KeywordIndex(text, this.before);
  }

  run(): void {
    const { text } = this;
    const re = new RegExp(TOKEN_RE.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const ts = m.index;
      let te = ts + m[0].length;
      if (ts >= this.end) break;
      if (te > this.end) te = this.end;
      if (ts >= this.lineEnd) {
        // A record's fields after the line's last token are still to come out before the next line's.
        if (this.pending.length) this.flushRecords(this.lineEnd);
        this.enterLine(ts);
      }
      if (this.pending.length) this.flushRecords(ts);
      if (ts < this.consumedTo) continue;
      if (this.labelled(ts, te)) {
        // The rest of the token ("…/412-68-3390") is read from where the value ended.
        re.lastIndex = this.consumedTo;
        continue;
      }
      // Fewer than four digit characters is only ever a dollar amount ("$450") or a labelled benefit ("WBA: 450").
      this.labelledMoney = te - ts < 4 && !this.dollarBefore(ts);
      if (this.labelledMoney && !this.shortAmount(ts, te)) continue;
      this.token(ts, te);
    }
    this.flushRecords(Infinity);
  }

  // ---- wage-record files and labelled identifiers -------------------------------------------

  /** End of the line the scan is in, and the record fields of that line still to emit. */
  private lineEnd = -1;
  private pending: RecordField[] = [];
  /** Tokens before this offset belong to a value already reported. */
  private consumedTo = 0;
  /** The last value read after an explicit label ("SSN 536-22-1874/412-68-3390" shares it). */
  private lastLabelled = { end: -1, kind: 0 };
  /** The current token is a short number right after a benefit or wage label. */
  private labelledMoney = false;

  private enterLine(pos: number): void {
    const t = this.text;
    const start = t.lastIndexOf('\n', pos - 1) + 1;
    let end = t.indexOf('\n', pos);
    if (end < 0) end = t.length;
    this.lineEnd = end;
    const fields = recordFields(t, start, end > start && t.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (fields.length) this.pending = fields;
  }

  private flushRecords(upTo: number): void {
    while (this.pending.length && this.pending[0]!.start <= upTo) {
      const f = this.pending.shift()!;
      if (f.start < this.consumedTo) continue;
      this.consumedTo = f.end;
      this.emit(f.type, f.start, f.end, 'high', `${f.type}.wage_record`);
    }
  }

  /**
   * An identifier right after an explicit label, in any grouping staff or OCR produce. True when
   * one was reported (the token is then consumed).
   */
  private labelled(ts: number, te: number): boolean {
    const t = this.text;
    // Up to two OCR letters may stand before the first digit ("SSN l36-22-1874").
    let p = ts;
    for (let k = 0; k < 2 && p > 0 && isOcrLetter(t.charCodeAt(p - 1)) && !isLetterAt(t, p - 2); k++) p--;
    // A token in a strict shape with nothing glued to it is the token rules' own
    // ("ssn.formatted.dash"), unless only an OCR reading of "SSN" labels it.
    if (p === ts && isStrictShape(t, ts, te) && !this.blockedBefore(ts) && !this.blockedAfter(te)) {
      if (!OCR_TAILS.has(wordBefore(t, ts))) return false;
    }
    const kind = this.labelKind(p, ts);
    if (!kind) return false;
    const v = readLabelledNine(t, p);
    if (!v || (v.start > ts && !isDigit(t.charCodeAt(v.start)))) return false;
    // The strict shapes keep their own rules ("ssn.formatted.dash"); this reads the rest.
    const type = this.labelledType(kind, v.digits);
    if (!type) return false;
    this.consumedTo = v.end;
    this.lastLabelled = { end: v.end, kind };
    this.emit(type, v.start, v.end, v.ocr ? 'medium' : 'high', `${type}.labelled`);
    return true;
  }

  /** SSN-like (1), EIN (2), or 0: what the label ending right before `p` names. */
  private labelKind(p: number, ts: number): number {
    const t = this.text;
    // "SSN 536-22-1874/412-68-3390": the second value shares the first one's label.
    if (this.lastLabelled.end >= 0 && p - this.lastLabelled.end <= 3 && /^[/,&\s]*$/.test(t.slice(this.lastLabelled.end, p))) {
      return this.lastLabelled.kind;
    }
    // Cheap exit, for nearly every number: the word before is no label's last word.
    const w = wordBefore(t, p);
    if (!LABEL_TAILS.has(w)) return 0;
    const kw = this.keywords.nearest(p, ts, C.SSN | C.ITIN | C.TAXID | C.FEIN, 40, 0);
    if (kw >= 0 && LABEL_GAP.test(t.slice(this.keywords.endOf(kw), p))) return this.keywords.mask(kw) & C.FEIN ? 2 : 1;
    // No keyword says it: an OCR reading of the letters ("S5N", "55N: 512449031").
    if (OCR_TAILS.has(w) && OCR_SSN_LABEL.test(t.slice(Math.max(0, p - 20), p))) return 1;
    return 0;
  }

  private labelledType(kind: number, digits: string): FindingType | undefined {
    if (kind === 2) return isValidEinDigits(digits) ? 'fein' : undefined;
    if (isValidItinDigits(digits)) return 'itin';
    if (isValidSsnDigits(digits)) return 'ssn';
    return undefined;
  }

  /** "WBA: 450", "WBA 75": a benefit amount without a dollar sign needs its label right before it. */
  private shortAmount(ts: number, te: number): boolean {
    if (te - ts < 2) return false;
    const t = this.text;
    const c1 = t.charCodeAt(ts - 1);
    if (!(c1 === 32 || c1 === 58) || !MONEY_TAILS.has(wordBefore(t, ts))) return false;
    const kw = this.keywords.nearest(ts, te, C.BENEFIT | C.WAGE, 24, 0);
    return kw >= 0 && /^[\s:=#-]*$/.test(t.slice(this.keywords.endOf(kw), ts));
  }

  private dollarBefore(pos: number): boolean {
    const t = this.text;
    const c1 = t.charCodeAt(pos - 1);
    return c1 === 36 || (c1 === 32 && t.charCodeAt(pos - 2) === 36);
  }

  /** True when the characters before `pos` make the token part of something else. */
  private blockedBefore(pos: number): boolean {
    const t = this.text;
    const c1 = t.charCodeAt(pos - 1);
    if (isWordChar(c1) || isMaskChar(c1)) return true;
    const k = sepKind(c1);
    if (k === SEP_DASH || k === SEP_DOT || k === SEP_SLASH || c1 === 95) {
      const c2 = t.charCodeAt(pos - 2);
      return isWordChar(c2) || isMaskChar(c2);
    }
    // "*** ** 6789": masked groups separated by spaces.
    if (k === SEP_SPACE) return isMaskChar(t.charCodeAt(pos - 2)) && isMaskChar(t.charCodeAt(pos - 3));
    return false;
  }

  private blockedAfter(pos: number): boolean {
    const t = this.text;
    const c1 = t.charCodeAt(pos);
    if (isWordChar(c1) || isMaskChar(c1)) return true;
    // "-B", "_2" continue an id; "/hr" and ".pdf" are units and extensions, not part of the number.
    if (sepKind(c1) === SEP_DASH || c1 === 95) {
      const c2 = t.charCodeAt(pos + 1);
      return isWordChar(c2) || isMaskChar(c2);
    }
    return false;
  }

  private token(ts: number, te: number): void {
    const { text, gs, ge, gl, sep } = this;
    let n = 0;
    gs[0] = ts;
    for (let i = ts; i < te; i++) {
      const ch = text.charCodeAt(i);
      if (!isDigit(ch)) {
        ge[n] = i;
        gl[n] = i - gs[n]!;
        sep[n] = sepKind(ch);
        n++;
        gs[n] = i + 1;
      }
    }
    ge[n] = te;
    gl[n] = te - gs[n]!;
    sep[n] = 0;
    const last = n;
    const leftBlocked = this.blockedBefore(ts);
    let rightBlocked = this.blockedAfter(te);
    // "*** *1 2345": digits right after mask characters are the kept tail of a masked value, and
    // every group of the token belongs to it.
    if (leftBlocked && isMaskChar(text.charCodeAt(ts - 1))) return;
    // "12-Apr-1985", "12APR1985": a year right after a day and a month name.
    if (leftBlocked && last === 0 && gl[0] === 4 && this.compactMonthDate(ts, te)) return;
    // "$52K", "52k", "$1.2M": an amount with a thousands or millions suffix.
    this.suffixEnd = -1;
    const after = text.charCodeAt(te) | 32;
    if (rightBlocked && (after === 107 || after === 109) && !isWordChar(text.charCodeAt(te + 1))) {
      rightBlocked = false;
      this.suffixEnd = te;
    }

    // Words: groups joined by separators other than spaces. A comma joins only thousands
    // ("1,234,567"); elsewhere it separates values ("123456789,01/02/1980" in a CSV row).
    const brk = this.brk;
    for (let g = 0; g < last; g++) {
      const k = sep[g];
      brk[g] =
        k === SEP_SPACE ||
        (k === SEP_COMMA &&
          !(gl[g + 1] === 3 && (g === 0 || brk[g - 1] ? gl[g]! <= 3 : sep[g - 1] === SEP_COMMA && gl[g] === 3)));
    }
    brk[last] = true;

    let a = 0;
    while (a <= last) {
      let b = a;
      while (!brk[b]) b++;
      const first = a === 0;
      const isLast = b === last;
      if ((first && leftBlocked) || (isLast && rightBlocked)) {
        a = b + 1;
        continue;
      }
      // Space-separated forms span three one-group words: "123 45 6789" (SSN), "555 123 4567" (phone).
      if (a === b && a + 2 <= last && sep[a] === SEP_SPACE && sep[a + 1] === SEP_SPACE && brk[a + 2]) {
        const l0 = gl[a]!;
        const l1 = gl[a + 1]!;
        const l2 = gl[a + 2]!;
        const endsToken = a + 2 === last;
        if (l0 === 3 && l1 === 2 && l2 === 4 && !(endsToken && rightBlocked)) {
          this.ssnLike(gs[a]!, ge[a + 2]!, this.digits(a, a + 2), 'space');
          a += 3;
          continue;
        }
        if (l0 === 3 && l1 === 3 && l2 === 4) {
          a += 3;
          continue;
        }
      }
      this.word(a, b, first && this.dollarBefore(ts));
      a = b + 1;
    }
  }

  private digits(a: number, b: number): string {
    let s = '';
    for (let g = a; g <= b; g++) s += this.text.slice(this.gs[g]!, this.ge[g]!);
    return s;
  }

  private uniformSep(a: number, b: number): number {
    const k = this.sep[a]!;
    for (let g = a + 1; g < b; g++) if (this.sep[g] !== k) return -1;
    return k;
  }

  /** Where the token ends when a "k" or "m" suffix (thousands, millions) follows it, else -1. */
  private suffixEnd = -1;

  private word(a: number, b: number, dollar: boolean): void {
    const { gl, gs, ge } = this;
    const start = gs[a]!;
    const end = ge[b]!;
    const k = b - a + 1;
    if (end === this.suffixEnd && isAmountShape(gl, this.sep, a, b, true)) {
      this.money(start, end + 1, dollar);
      return;
    }

    if (isAmountShape(gl, this.sep, a, b, dollar) && (dollar || k > 1)) {
      this.money(start, end, dollar);
      return;
    }
    if (k === 1 && this.labelledMoney) {
      this.money(start, end, false);
      return;
    }
    if (k === 1) {
      const len = gl[a]!;
      if (len === 9) this.nine(start, end, this.text.slice(start, end));
      else if (len === 4 && this.monthNameDate(start, end)) return;
      else if (len === 8 && this.compactDate(start, end)) return;
      else if (len >= ACCOUNT_MIN_DIGITS && len <= ACCOUNT_MAX_DIGITS) this.account(start, end, len);
      return;
    }
    const s = this.uniformSep(a, b);
    if (k === 3) {
      const l0 = gl[a]!;
      const l1 = gl[a + 1]!;
      const l2 = gl[a + 2]!;
      if (l0 === 3 && l1 === 2 && l2 === 4 && (s === SEP_DASH || s === SEP_DOT)) {
        this.ssnLike(start, end, this.digits(a, b), s === SEP_DASH ? 'dash' : 'dot');
        return;
      }
      if (s === SEP_DASH || s === SEP_DOT || s === SEP_SLASH) {
        if (this.numericDate(a, l0, l1, l2, s, start, end)) return;
      }
      if (l0 === 3 && l1 === 3 && l2 === 4) return; // phone 555-123-4567
      if (l0 === 4 && l1 === 4 && l2 === 1 && s === SEP_DASH) {
        this.routingFormatted(start, end, this.digits(a, b));
        return;
      }
    } else if (k === 2) {
      const l0 = gl[a]!;
      const l1 = gl[a + 1]!;
      if (l0 === 2 && l1 === 7 && s === SEP_DASH) {
        this.feinFormatted(start, end, this.digits(a, b));
        return;
      }
      if ((l0 === 3 && l1 === 4) || (l0 === 5 && l1 === 4)) return; // phone 555-1234, ZIP+4
    } else if (k === 4 && gl[a] === 1 && gl[a + 1] === 3 && gl[a + 2] === 3 && gl[a + 3] === 4) {
      return; // phone 1-555-123-4567
    }
    // Grouped digits ("1234-5678-9012") are an account number only when labelled as one.
    if (s === SEP_DASH || s === SEP_SPACE) {
      let total = 0;
      for (let g = a; g <= b; g++) total += gl[g]!;
      if (total >= ACCOUNT_MIN_DIGITS && total <= ACCOUNT_MAX_DIGITS) this.account(start, end, total);
    }
  }

  // ---- context ---------------------------------------------------------------------------------

  /**
   * Nearest context among `relevant`: inline words first; failing that the table column header,
   * then the field name. Returns a category mask (one bit when inline) and sets `this.source`.
   */
  private contextFor(start: number, end: number, relevant: number): number {
    const kw = this.keywords.nearest(start, end, relevant, this.before, this.after);
    // "SSN ........ 536-22-1874", a wide gap on a printed form: the label sits beyond the window.
    if (kw < 0) {
      const lead = this.leaderStart(start);
      if (lead < start - 2) {
        const far = this.labelBefore(lead, this.before, relevant);
        if (far) {
          this.source = Source.Far;
          return far;
        }
      }
    }
    this.kw = kw;
    if (kw >= 0) {
      // A label on an earlier line of a table ("Claim ID,SSN" above "202403151,536221874") is a
      // header: the cell's own column decides.
      // So is a word in another cell of the same row ("243619504 | 6330999044 | Savings": the
      // "Savings" of the type column does not make the routing column an account).
      if (this.lineBreakBetween(this.keywords.endOf(kw), start) || this.cellBetween(kw, start, end)) {
        if (this.table === null) this.table = new TableContext(this.text);
        const col = this.table.categoriesAt(start, end);
        if (col !== 0) {
          this.source = Source.Table;
          return col & relevant;
        }
      }
      this.source = Source.Inline;
      return this.keywords.mask(kw) & relevant;
    }
    if (this.table === null) this.table = new TableContext(this.text);
    const col = this.table.categoriesAt(start, end) & relevant;
    if (col) {
      this.source = Source.Table;
      return col;
    }
    const field = this.fieldCats & relevant;
    this.source = field ? Source.Field : Source.None;
    return field;
  }

  /** A cell delimiter (tab or bar) stands between the context word `kw` and the value [start, end). */
  private cellBetween(kw: number, start: number, end: number): boolean {
    const ks = this.keywords.startOf(kw);
    const ke = this.keywords.endOf(kw);
    const gap = ke <= start ? this.text.slice(ke, start) : ks >= end ? this.text.slice(end, ks) : '';
    return gap.includes('|') || gap.includes('\t');
  }

  /**
   * The categories of the context word nearest before `pos`, at most `reach` characters back, read
   * afresh (the shared index looks only near candidates): for labels beyond the usual window.
   */
  private labelBefore(pos: number, reach: number, relevant: number): number {
    const from = Math.max(0, pos - reach);
    const local = new KeywordIndex(this.text.slice(from, pos));
    const kw = local.nearest(pos - from, pos - from, relevant, reach, 0);
    return kw >= 0 ? local.mask(kw) & relevant : 0;
  }

  /** Where a run of leader dots, underscores or blanks ending at `start` begins (at most 300 back). */
  private leaderStart(start: number): number {
    const t = this.text;
    let p = start;
    const limit = Math.max(0, start - 300);
    while (p > limit) {
      const c = t.charCodeAt(p - 1);
      if (c === 32 || c === 46 || c === 95 || c === 9 || c === 0xb7 || c === 0x2026 || c === 45 || c === 58) p--;
      else break;
    }
    return p;
  }

  /** The last answer's context word follows another label and a "/" ("SSN/Case #", "Routing/Account"). */
  private joinedTo(label: RegExp): boolean {
    if (this.source !== Source.Inline || this.kw < 0) return false;
    const s = this.keywords.startOf(this.kw);
    return label.test(this.text.slice(Math.max(0, s - 24), s));
  }

  /** The last answer's context word is in the same sentence as `start`. */
  private sameSentence(start: number): boolean {
    if (this.source !== Source.Inline || this.kw < 0) return true;
    const e = this.keywords.endOf(this.kw);
    return e > start || !/[.!?;]\s|\n/.test(this.text.slice(e, start));
  }

  private lineBreakBetween(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === 10) return true;
    return false;
  }

  /** The cell [start, end) is a whole cell of a comma or tab row that also holds a person's name. */
  private personRow(start: number, end: number): boolean {
    const t = this.text;
    const d = t.charCodeAt(start - 1) === 9 || t.charCodeAt(end) === 9 ? '\t' : ',';
    const before = t.charCodeAt(start - 1);
    const after = t.charCodeAt(end);
    const edge = (c: number) => Number.isNaN(c) || c === 10 || c === 13 || c === d.charCodeAt(0);
    if (!edge(before) || !edge(after)) return false;
    // Bounded both ways: a megabyte-long line costs no more than a short one.
    let ls = start;
    while (ls > 0 && ls > start - 300 && t.charCodeAt(ls - 1) !== 10) ls--;
    let le = end;
    while (le < t.length && le < end + 300 && t.charCodeAt(le) !== 10) le++;
    const cells = t.slice(ls, le).split(d);
    return cells.length >= 3 && cells.some((c) => PERSON_NAME.test(c.trim()));
  }

  /** Where the last context came from, as a rule suffix. */
  private how(): string {
    return this.source === Source.Inline || this.source === Source.Far ? 'context' : this.source === Source.Table ? 'column' : 'field';
  }

  /** The context word of the last answer sits right before `start` ("Case #123-45-6789"). */
  private labelAdjacent(start: number): boolean {
    return this.source === Source.Inline && this.keywords.isAdjacent(this.kw, start);
  }

  private emit(type: FindingType, start: number, end: number, confidence: Confidence, rule: string): void {
    if (!this.enabled.has(type)) return;
    this.onFinding({ type, start, end, confidence, rule });
  }

  // ---- identifiers -----------------------------------------------------------------------------

  /** Nine plain digits: an SSN, ITIN, EIN, routing or account number only when context says so. */
  private nine(start: number, end: number, digits: string): void {
    const c = pick(this.contextFor(start, end, ID_RELEVANT), ID_PRIORITY);
    const how = this.how();
    switch (c) {
      case C.ROUTING:
        if (isValidAbaRouting(digits)) this.emit('routing_number', start, end, 'high', `routing_number.${how}`);
        return;
      case C.BANK:
      case C.ACCOUNT:
        // "Routing/Account: 021000021 / 4455667788": the first value belongs to the first label.
        if (isValidAbaRouting(digits) && this.joinedTo(ROUTING_LABEL_BEFORE)) {
          this.emit('routing_number', start, end, 'high', `routing_number.${how}`);
          return;
        }
        this.emit('bank_account', start, end, c === C.BANK ? 'high' : 'medium', `bank_account.${how}`);
        return;
      case C.FEIN:
        if (isValidEinDigits(digits)) this.emit('fein', start, end, 'high', `fein.${how}`);
        return;
      case C.ITIN:
      case C.SSN:
      case C.TAXID:
        if (isValidItinDigits(digits)) this.emit('itin', start, end, 'high', `itin.${how}`);
        else if (isValidSsnDigits(digits)) this.emit('ssn', start, end, c === C.ITIN ? 'medium' : 'high', `ssn.${how}`);
        else if (c === C.TAXID && isValidEinDigits(digits)) this.emit('fein', start, end, 'medium', `fein.${how}`);
        return;
      case 0:
        // "Jane Q Public,536221874,04/12/1985": a headerless row naming a person.
        if (this.source === Source.None && isValidSsnDigits(digits) && this.personRow(start, end)) this.emit('ssn', start, end, 'medium', 'ssn.row');
        return;
      default:
        return; // a case/ticket/phone number
    }
  }

  /** 3-2-4 with one kind of separator: the SSN format (or an ITIN when the area is 9XX). */
  private ssnLike(start: number, end: number, digits: string, form: 'dash' | 'dot' | 'space'): void {
    // Numbers that can be none of these need no context.
    if (!isValidSsnDigits(digits) && !isValidItinDigits(digits) && !isValidAbaRouting(digits)) return;
    const c = pick(this.contextFor(start, end, ID_RELEVANT), ID_PRIORITY);
    if (c === C.ID_OTHER || c === C.PARTIAL) {
      // "Case 123-45-6789": only a label right before the number overrides the SSN format, and
      // not one joined to an SSN label ("SSN/Case # 123-45-6789").
      if (this.source !== Source.Inline || (this.labelAdjacent(start) && !this.joinedTo(SSN_LABEL_BEFORE))) return;
    }
    // A bank label types an SSN-shaped number only within its own sentence.
    if ((c === C.BANK || c === C.ACCOUNT) && this.sameSentence(start)) {
      this.emit('bank_account', start, end, 'high', 'bank_account.context');
      return;
    }
    if (c === C.ROUTING && isValidAbaRouting(digits)) {
      this.emit('routing_number', start, end, 'high', 'routing_number.context');
      return;
    }
    const labelled = c === C.SSN || c === C.ITIN || c === C.TAXID;
    if (isValidItinDigits(digits)) {
      this.emit('itin', start, end, labelled ? 'high' : 'medium', `itin.formatted.${form}`);
    } else if (isValidSsnDigits(digits)) {
      this.emit('ssn', start, end, labelled ? 'high' : 'medium', `ssn.formatted.${form}`);
    }
  }

  /** NN-NNNNNNN: the EIN format. */
  private feinFormatted(start: number, end: number, digits: string): void {
    const c = pick(this.contextFor(start, end, ID_RELEVANT), ID_PRIORITY);
    if ((c === C.ID_OTHER || c === C.PARTIAL) && (this.source !== Source.Inline || this.labelAdjacent(start))) return;
    if (c === C.BANK || c === C.ACCOUNT) {
      this.emit('bank_account', start, end, 'high', 'bank_account.context');
      return;
    }
    if (!isValidEinDigits(digits)) return;
    const labelled = c === C.FEIN || c === C.TAXID;
    this.emit('fein', start, end, labelled ? 'high' : 'medium', 'fein.formatted');
  }

  /** NNNN-NNNN-N: how routing numbers are printed in the MICR fraction; needs routing context. */
  private routingFormatted(start: number, end: number, digits: string): void {
    const c = pick(this.contextFor(start, end, ID_RELEVANT), ID_PRIORITY);
    if (c === C.ROUTING && isValidAbaRouting(digits)) {
      this.emit('routing_number', start, end, 'high', 'routing_number.formatted');
    }
  }

  /** 4–17 digits labelled as a bank account ("account ending in 6789" is a reference, not a number). */
  private account(start: number, end: number, len: number): void {
    const c = pick(this.contextFor(start, end, ACCOUNT_RELEVANT), ID_PRIORITY);
    if (c === C.BANK) this.emit('bank_account', start, end, 'high', 'bank_account.context');
    else if (c === C.ACCOUNT && len >= 5) this.emit('bank_account', start, end, 'medium', 'bank_account.context');
  }

  // ---- money -----------------------------------------------------------------------------------

  private money(start: number, end: number, dollar: boolean): void {
    // "14.8 weeks", "80.00 hours", "1.35%": a count or a rate, whatever label stands near it.
    if (!dollar) {
      UNIT_AFTER.lastIndex = end;
      if (UNIT_AFTER.test(this.text)) return;
    }
    let c = pick(this.contextFor(start, end, MONEY_RELEVANT), MONEY_PRIORITY);
    if (c === 0 && dollar) c = this.farMoneyLabel(start);
    if (c === 0 || c === C.MONEY_OTHER) return;
    const confidence: Confidence = dollar || this.source !== Source.Field ? 'high' : 'medium';
    const s = dollar ? start - (this.text.charCodeAt(start - 1) === 36 ? 1 : 2) : start;
    const how = this.how();
    if (c === C.BENEFIT) this.emit('ui_benefit', s, end, confidence, `ui_benefit.${how}`);
    else this.emit('wage', s, end, confidence, `wage.${how}`);
  }

  /**
   * "The weekly benefit amount for the claim you filed last month will be $450": a wage or benefit
   * label farther back than the window, in the same sentence.
   */
  private farMoneyLabel(start: number): number {
    const from = this.sentenceStart(start);
    // One index of the labels for every amount of the text, read once as the amounts advance (an
    // index built afresh for each amount made text dense with "$" amounts cost 50 times its size).
    this.farKeywords ??= new KeywordIndex(this.text, FAR_LABEL);
    const relevant = C.WAGE | C.BENEFIT | C.MONEY_OTHER;
    const kw = this.farKeywords.nearest(start, start, relevant, start - from, 0);
    // Only a label wholly inside the sentence.
    if (kw < 0 || this.farKeywords.startOf(kw) < from) return 0;
    const c = this.farKeywords.mask(kw) & relevant;
    if (!c || c & C.MONEY_OTHER) return 0;
    this.source = Source.Far;
    return pick(c, MONEY_PRIORITY);
  }

  /**
   * The start of the sentence `start` is in: back to the last sentence end or line break, at most
   * FAR_LABEL characters. Amounts come in order, so each call reads only what the last one did not.
   */
  private sentenceStart(start: number): number {
    const t = this.text;
    const limit = Math.max(0, start - FAR_LABEL);
    const known = this.farAt <= start && this.farAt >= limit;
    const stop = known ? this.farAt : limit;
    let from = start;
    while (from > stop && !sentenceBreakAt(t, from)) from--;
    // Nothing new since the last amount: its sentence start holds, if still within reach.
    if (known && from === stop && !sentenceBreakAt(t, from)) from = Math.max(limit, this.farFrom);
    this.farAt = start;
    this.farFrom = from;
    return from;
  }

  // ---- dates -----------------------------------------------------------------------------------

  private groupValue(g: number): number {
    return +this.text.slice(this.gs[g]!, this.ge[g]!);
  }

  private numericDate(a: number, l0: number, l1: number, l2: number, s: number, start: number, end: number): boolean {
    let ok = false;
    if (l0 === 4 && l1 <= 2 && l2 <= 2 && s !== SEP_DOT) {
      ok = isPlausibleDate(this.groupValue(a), this.groupValue(a + 1), this.groupValue(a + 2));
    } else if (l0 <= 2 && l1 <= 2 && (l2 === 4 || l2 === 2)) {
      const y = this.groupValue(a + 2);
      // US order first (month/day/year); day/month/year is accepted when only it is a real date.
      ok = isPlausibleDate(y, this.groupValue(a), this.groupValue(a + 1)) || isPlausibleDate(y, this.groupValue(a + 1), this.groupValue(a));
    }
    if (!ok) return false;
    this.date(start, end);
    return true;
  }

  /** "12-Apr-1985", "12APR1985", "12.Apr.1985": the year token [start, end) after a day and a month. */
  private compactMonthDate(start: number, end: number): boolean {
    const year = +this.text.slice(start, end);
    if (year < 1900 || year > 2099) return false;
    const from = Math.max(0, start - 14);
    const m = COMPACT_DAY_MONTH.exec(this.text.slice(from, start));
    if (!m || +m[1]! < 1 || +m[1]! > 31) return false;
    this.date(from + m.index + (m[0].length - m[0].trimStart().length), end);
    return true;
  }

  /** "19850412", "04121985": eight digits that are a real date, a birth date only with a DOB label. */
  private compactDate(start: number, end: number): boolean {
    const d = this.text.slice(start, end);
    const ymd = isPlausibleDate(+d.slice(0, 4), +d.slice(4, 6), +d.slice(6, 8)) && +d.slice(0, 4) >= 1900;
    const mdy = isPlausibleDate(+d.slice(4, 8), +d.slice(0, 2), +d.slice(2, 4)) && +d.slice(4, 8) >= 1900;
    if (!ymd && !mdy) return false;
    const c = this.contextFor(start, end, DATE_RELEVANT);
    if (c !== C.DOB) return false;
    this.date(start, end);
    return true;
  }

  private monthNameDate(start: number, end: number): boolean {
    const year = +this.text.slice(start, end);
    if (year < 1900 || year > 2099) return false;
    const from = Math.max(0, start - 24);
    const m = MONTH_DAY_BEFORE_YEAR.exec(this.text.slice(from, start));
    if (!m) return false;
    this.date(from + m.index, end);
    return true;
  }

  private date(start: number, end: number): void {
    const c = this.contextFor(start, end, DATE_RELEVANT);
    if (!(c & C.DOB) || (this.source === Source.Inline && c !== C.DOB)) return;
    if (this.source === Source.Inline) {
      const kwEnd = this.keywords.endOf(this.kw);
      // "DOB 01/02/1980, 03/04/2010": the keyword belongs to the first date only.
      if (kwEnd <= start && DATE_IN_BETWEEN.test(this.text.slice(kwEnd, start))) return;
    }
    const how = this.how();
    this.emit('dob', start, end, 'high', `dob.${how}`);
  }
}

function clampWindow(v: number | undefined, dflt: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.max(0, Math.min(MAX_WINDOW, Math.floor(v)));
}

const isLetterCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetterAt = (t: string, i: number) => i >= 0 && isLetterCode(t.charCodeAt(i));

/** "12-Apr-", "12APR", "12 Apr ", before a year. */
const COMPACT_DAY_MONTH = new RegExp(`(?:^|[^0-9])(\\d{1,2})[-\\s./]?${MONTHS}\\.?[-\\s./]?$`, 'i');
/** A unit right after a number makes it a count or a rate, not money. */
const UNIT_AFTER = /\s?(?:%|percent\b|weeks?\b|days?\b|hours?\b|hrs?\b|months?\b|years?\b|units?\b|semanas?\b|horas?\b|d[ií]as?\b|meses\b)/iy;

/** How far back a wage or benefit label may stand, within its sentence. */
const FAR_LABEL = 160;
const SPACE = /\s/;

/** A sentence ends just before `at` (".", "!", "?" or ";" then a space), or a line does. */
function sentenceBreakAt(t: string, at: number): boolean {
  if (at <= 0) return false;
  if (t.charCodeAt(at - 1) === 10) return true;
  if (at < 2) return false;
  const c = t.charCodeAt(at - 2);
  return (c === 46 || c === 33 || c === 63 || c === 59) && SPACE.test(t[at - 1]!);
}
const SSN_LABEL_BEFORE = /(?:ssn|social security(?: number| no\.?)?|soc\.? sec\.?(?: no\.?)?|itin|tin)\s*[/&]\s*$/i;
const ROUTING_LABEL_BEFORE = /(?:routing|aba|rtn|transit)(?: number| no\.?)?\s*[/&]\s*$/i;
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

/** Letters OCR confuses with digits (labelled.ts), by character code. */
const OCR_LETTER = new Uint8Array(128);
for (const ch of 'OoDQlIi|!ZzSsGbTBgq') OCR_LETTER[ch.charCodeAt(0)] = 1;
const isOcrLetter = (c: number) => c < 128 && OCR_LETTER[c] === 1;
/** "Jane Q Public", "Robert J. Lane", "Ana Gomez-Ruiz": a person's name as a table cell. */
const PERSON_NAME = /^[A-Z][a-z]+(?: [A-Z]\.?)?(?: [A-Z][a-z'-]+){1,2}$/;

/**
 * The word ending right before `pos` (past up to twelve separator characters), lower-cased, letters
 * and digits only ("SSN #: " → "ssn", "S5N " → "s5n"); '' when there is none.
 */
function wordBefore(t: string, pos: number): string {
  let e = pos;
  const stop = Math.max(0, pos - 12);
  while (e > stop) {
    const c = t.charCodeAt(e - 1);
    if (c === 32 || c === 58 || c === 35 || c === 46 || c === 61 || c === 45 || c === 95 || c === 9 || c === 40 || c === 41 || c === 39 || c === 34 || c === 91 || c === 93) e--;
    else break;
  }
  let s = e;
  while (s > 0 && e - s < 16) {
    const c = t.charCodeAt(s - 1);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 36) s--;
    else break;
  }
  return e - s > 0 && e - s < 16 ? t.slice(s, e).toLowerCase() : '';
}

/** Last words of identifier labels (keywords.ts), and OCR's readings of "SSN". */
const LABEL_TAILS = new Set([
  'ssn', 'ssns', 'ss', 'ssno', 'socsec', 'sec', 'security', 'social', 'itin', 'itins', 'tin', 'tins', 'id', 'ids', 'taxid',
  'identification', 'ein', 'eins', 'fein', 'feins', 'fedid', 'number', 'numbers', 'no', 'nos', 'num', 'nbr', 's5n', '55n', '5sn', '$sn',
]);
/** OCR's readings of "SSN" that no keyword covers. */
const OCR_TAILS = new Set(['s5n', '55n', '5sn', '$sn']);
/** Last words of the benefit and wage labels a short amount may follow ("WBA: 450"). */
const MONEY_TAILS = new Set(['wba', 'mba', 'amount', 'rate', 'benefit', 'benefits', 'credit', 'wage', 'wages', 'salary', 'pay', 'earnings', 'earned']);
