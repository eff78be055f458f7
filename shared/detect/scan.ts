/**
 * The token scan: one pass of TOKEN_RE over the text; each token is split into digit groups and
 * words, and each word's shape is handed to the rules that read it (ids.ts, money.ts, dates.ts).
 * Labelled identifiers (labelled.ts) and wage-record fields (wage-records.ts) are read first, and
 * the tokens they cover are skipped.
 */
import { ACCOUNT_MAX_DIGITS, ACCOUNT_MIN_DIGITS } from './bank';
import { compactDate, compactMonthDate, monthNameDate, numericDate } from './dates';
import { account, feinFormatted, nine, routingFormatted, ssnLike } from './ids';
import { labelled } from './labelled';
import { currencyAfter, dollarBefore, money, moneyCell, shortAmount } from './money';
import type { ScanState } from './state';
import {
  blockedAfter,
  blockedBefore,
  isDigit,
  isMaskChar,
  isWordChar,
  SEP_COMMA,
  SEP_DASH,
  SEP_DOT,
  SEP_NONE,
  SEP_SLASH,
  SEP_SPACE,
  sepKind,
  TOKEN_RE,
} from './tokens';
import type { Groups } from './tokens';
import { isAmountShape } from './wage';
import { enterLine, flushRecords } from './wage-records';

export function scan(s: ScanState): void {
  const { text } = s;
  const g: Groups = { gs: [], ge: [], gl: [], sep: [], brk: [] };
  const re = new RegExp(TOKEN_RE.source, 'g');
  // Each token is found by a test (no match object): it ends where the search stopped, and starts
  // where the digit groups joined by single separators that end there begin, not before the search did.
  for (let searched = 0; re.test(text); searched = re.lastIndex) {
    let te = re.lastIndex;
    const ts = tokenStart(text, te, searched);
    if (ts >= s.end) break;
    if (te > s.end) te = s.end;
    if (ts >= s.lineEnd) {
      // A record's fields after the line's last token are still to come out before the next line's.
      if (s.pending.length) flushRecords(s, s.lineEnd);
      enterLine(s, ts);
    }
    if (s.pending.length) flushRecords(s, ts);
    if (ts < s.consumedTo) continue;
    if (labelled(s, ts, te)) {
      // The rest of the token ("…/412-68-3390") is read from where the value ended.
      re.lastIndex = s.consumedTo;
      continue;
    }
    // Fewer than four digit characters is only ever a dollar amount ("$450") or a labelled benefit ("WBA: 450").
    const labelledMoney = te - ts < 4 && !dollarBefore(text, ts) && !currencyAfter(text, te);
    if (labelledMoney && !shortAmount(s, ts, te) && !(te - ts > 1 && moneyCell(s, ts, te))) continue;
    token(s, g, ts, te, labelledMoney);
  }
  flushRecords(s, Infinity);
}

/** A value after "Label:" or "$" that runs into the next capitalised label ("…7715GrossPay:"). */
function runTogether(t: string, ts: number, te: number): boolean {
  const before = t.charCodeAt(ts - 1);
  if (before !== 58 && before !== 36) return false;
  const c1 = t.charCodeAt(te);
  const c2 = t.charCodeAt(te + 1);
  return c1 >= 65 && c1 <= 90 && c2 >= 97 && c2 <= 122;
}

/** Where the token ending at `te` starts, the search for it having begun at `from` (see TOKEN_RE). */
function tokenStart(t: string, te: number, from: number): number {
  let p = te - 1;
  for (;;) {
    if (p > from && isDigit(t.charCodeAt(p - 1))) p--;
    else if (p - 1 > from && sepKind(t.charCodeAt(p - 1)) !== SEP_NONE && isDigit(t.charCodeAt(p - 2))) p -= 2;
    else return p;
  }
}

/** The token [ts, te); `labelledMoney` when it is a short number right after a benefit or wage label. */
function token(s: ScanState, g: Groups, ts: number, te: number, labelledMoney: boolean): void {
  const { text } = s;
  const { gs, ge, gl, sep, brk } = g;
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
  const leftBlocked = blockedBefore(text, ts);
  // "SSN:339-28-7715GrossPay": text extracted from a PDF runs a label's value into the next label.
  let rightBlocked = blockedAfter(text, te) && !runTogether(text, ts, te);
  // "*** *1 2345": digits right after mask characters are the kept tail of a masked value, and
  // every group of the token belongs to it.
  if (leftBlocked && isMaskChar(text.charCodeAt(ts - 1))) return;
  // "12-Apr-1985", "12APR1985": a year right after a day and a month name.
  if (leftBlocked && last === 0 && gl[0] === 4 && compactMonthDate(s, ts, te)) return;
  // "$52K", "52k", "$1.2M": an amount with a thousands or millions suffix.
  let suffixEnd = -1;
  const after = text.charCodeAt(te) | 32;
  // "14438M" without "$" is a catalog or part number.
  if (rightBlocked && (after === 107 || (after === 109 && dollarBefore(text, ts))) && !isWordChar(text.charCodeAt(te + 1))) {
    rightBlocked = false;
    suffixEnd = te;
  }

  // "2.840,00", "$20,00": a decimal comma, as Spanish notices print amounts (thousands by points).
  // In a semicolon-separated row the comma can only be the decimal one ("2140,00;1712,44").
  const semicolonCell = text.charCodeAt(ts - 1) === 59 || text.charCodeAt(te) === 59;
  const currency = currencyAfter(text, te);
  if (decimalComma(g, last, semicolonCell) && !leftBlocked && !rightBlocked && (last >= 2 || semicolonCell || dollarBefore(text, ts) || currency || RATE_AFTER.test(text.slice(te, te + 16)))) {
    money(s, ts, te, dollarBefore(text, ts) || currency);
    return;
  }
  // "52.000 dólares": thousands by points before a currency word, as Spanish and Portuguese write them.
  if (currency && last >= 1 && !leftBlocked && g.gl[0]! <= 3 && thousandsByPoints(g, last)) {
    money(s, ts, te, true);
    return;
  }

  // Words: groups joined by separators other than spaces. A comma joins only thousands
  // ("1,234,567"); elsewhere it separates values ("123456789,01/02/1980" in a CSV row).
  for (let i = 0; i < last; i++) {
    const k = sep[i];
    brk[i] =
      k === SEP_SPACE ||
      (k === SEP_COMMA &&
        !(gl[i + 1] === 3 && (i === 0 || brk[i - 1] ? gl[i]! <= 3 : sep[i - 1] === SEP_COMMA && gl[i] === 3)));
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
        ssnLike(s, gs[a]!, ge[a + 2]!, digits(text, g, a, a + 2), 'space');
        a += 3;
        continue;
      }
      if (l0 === 3 && l1 === 3 && l2 === 4) {
        a += 3;
        continue;
      }
    }
    word(s, g, a, b, (first && dollarBefore(text, ts)) || (isLast && currencyAfter(text, te)), suffixEnd, labelledMoney);
    a = b + 1;
  }
}

/**
 * The word of groups a..b: its shape decides which rules read it. `suffixEnd` is where the token
 * ends when a "k" or "m" suffix (thousands, millions) follows it, else -1.
 */
function word(s: ScanState, g: Groups, a: number, b: number, dollar: boolean, suffixEnd: number, labelledMoney: boolean): void {
  const { text } = s;
  const { gl, gs, ge } = g;
  const start = gs[a]!;
  const end = ge[b]!;
  const k = b - a + 1;
  if (end === suffixEnd && isAmountShape(gl, g.sep, a, b, true)) {
    money(s, start, end + 1, dollar);
    return;
  }

  if (isAmountShape(gl, g.sep, a, b, dollar) && (dollar || k > 1)) {
    money(s, start, end, dollar);
    return;
  }
  if (k === 1 && labelledMoney) {
    money(s, start, end, false);
    return;
  }
  if (k === 1) {
    const len = gl[a]!;
    // A whole number under or beside a benefit or wage label, as tables print amounts.
    if (len <= 6 && text.charCodeAt(start) !== 48 && moneyCell(s, start, end)) {
      money(s, start, end, false);
      return;
    }
    // A zero-filled field under a wage column: a wage file's amount in cents ("00000000861250").
    if (len >= 8 && len <= 15 && text.charCodeAt(start) === 48 && text.charCodeAt(start + 1) === 48 && moneyCell(s, start, end)) {
      money(s, start, end, false);
      return;
    }
    if (len === 9) nine(s, start, end, text.slice(start, end));
    else if (len === 4 && monthNameDate(s, start, end)) return;
    else if (len === 8 && compactDate(s, start, end)) return;
    else if (len >= ACCOUNT_MIN_DIGITS && len <= ACCOUNT_MAX_DIGITS) account(s, start, end, len);
    return;
  }
  const sp = uniformSep(g, a, b);
  if (k === 3) {
    const l0 = gl[a]!;
    const l1 = gl[a + 1]!;
    const l2 = gl[a + 2]!;
    if (l0 === 3 && l1 === 2 && l2 === 4 && (sp === SEP_DASH || sp === SEP_DOT)) {
      ssnLike(s, start, end, digits(text, g, a, b), sp === SEP_DASH ? 'dash' : 'dot');
      return;
    }
    if (sp === SEP_DASH || sp === SEP_DOT || sp === SEP_SLASH) {
      if (numericDate(s, g, a, l0, l1, l2, sp, start, end)) return;
    }
    if (l0 === 3 && l1 === 3 && l2 === 4) return; // phone 555-123-4567
    if (l0 === 4 && l1 === 4 && l2 === 1 && sp === SEP_DASH) {
      routingFormatted(s, start, end, digits(text, g, a, b));
      return;
    }
  } else if (k === 2) {
    const l0 = gl[a]!;
    const l1 = gl[a + 1]!;
    if (l0 === 2 && l1 === 7 && sp === SEP_DASH) {
      feinFormatted(s, start, end, digits(text, g, a, b));
      return;
    }
    if ((l0 === 3 && l1 === 4) || (l0 === 5 && l1 === 4)) return; // phone 555-1234, ZIP+4
  } else if (k === 4 && gl[a] === 1 && gl[a + 1] === 3 && gl[a + 2] === 3 && gl[a + 3] === 4) {
    return; // phone 1-555-123-4567
  }
  // Grouped digits ("1234-5678-9012") are an account number only when labelled as one.
  if (sp === SEP_DASH || sp === SEP_SPACE) {
    let total = 0;
    for (let i = a; i <= b; i++) total += gl[i]!;
    if (total >= ACCOUNT_MIN_DIGITS && total <= ACCOUNT_MAX_DIGITS) account(s, start, end, total);
  }
}

/** Groups 0..last are an amount with a decimal comma: 1–3 digits (any when `anyHead` and no points), points before each three, a comma and two. */
/** A rate after a decimal-comma amount: "17,20 la hora", "19,50 por hora", "1,10 por caixa". */
const RATE_AFTER = /^[ \t]*(?:la|por|a|per|de)[ \t]+(?:hora|semana|caixa|caja|mes|d[ií]a|hour|week)\b/i;

function thousandsByPoints(g: Groups, last: number): boolean {
  for (let i = 0; i < last; i++) if (g.sep[i] !== SEP_DOT || g.gl[i + 1] !== 3) return false;
  return true;
}

function decimalComma(g: Groups, last: number, anyHead: boolean): boolean {
  if (last < 1 || g.sep[last - 1] !== SEP_COMMA || g.gl[last] !== 2 || g.gl[0]! > (anyHead && last === 1 ? 9 : 3)) return false;
  for (let i = 0; i < last - 1; i++) if (g.sep[i] !== SEP_DOT || g.gl[i + 1] !== 3) return false;
  return true;
}

/** The digits of groups a..b, without separators. */
function digits(t: string, g: Groups, a: number, b: number): string {
  let d = '';
  for (let i = a; i <= b; i++) d += t.slice(g.gs[i]!, g.ge[i]!);
  return d;
}

/** The separator kind between all groups a..b, or -1 when they differ. */
function uniformSep(g: Groups, a: number, b: number): number {
  const k = g.sep[a]!;
  for (let i = a + 1; i < b; i++) if (g.sep[i] !== k) return -1;
  return k;
}
