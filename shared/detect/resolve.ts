/**
 * Context resolution: what names a candidate [start, end). Inline words first; failing that the
 * table column header, then the form field name; a label beyond the window only across a printed
 * form's dot leaders or, for amounts, earlier in the same sentence. Every answer is a Context value
 * that the caller keeps and asks about; nothing is remembered between answers.
 */
import { C, KeywordIndex } from './context';
import type { ScanState } from './state';
import { TableContext } from './table';

/** Where a context came from. */
export const enum Source {
  None = 0,
  Inline = 1,
  Table = 2,
  Field = 3,
  /** A label beyond the window: a form's dot leaders, or a wage label farther back in the sentence. */
  Far = 4,
}

export interface Context {
  /** Categories among the relevant ones (one bit when inline). */
  categories: number;
  source: Source;
  /** The context word in the scan's keyword index, or -1; read only when the source is Inline. */
  keyword: number;
}

/** Where a header or field name carries several categories, the most specific wins. */
export const ID_PRIORITY = [C.ID_OTHER, C.PARTIAL, C.ROUTING, C.BANK, C.ACCOUNT, C.FEIN, C.ITIN, C.SSN, C.TAXID];
export const MONEY_PRIORITY = [C.MONEY_OTHER, C.BENEFIT, C.WAGE];

export function pick(mask: number, priority: readonly number[]): number {
  for (const bit of priority) if (mask & bit) return bit;
  return 0;
}

/** The nearest context among `relevant` categories for the candidate [start, end). */
export function contextFor(s: ScanState, start: number, end: number, relevant: number): Context {
  const kw = s.keywords.nearest(start, end, relevant, s.before, s.after);
  // "SSN ........ 536-22-1874", a wide gap on a printed form: the label sits beyond the window.
  if (kw < 0) {
    const lead = leaderStart(s.text, start);
    if (lead < start - 2) {
      const far = labelBefore(s.text, lead, s.before, relevant);
      if (far) return { categories: far, source: Source.Far, keyword: -1 };
    }
  }
  if (kw >= 0) {
    // A label on an earlier line of a table ("Claim ID,SSN" above "202403151,536221874") is a
    // header: the cell's own column decides.
    // So is a word in another cell of the same row ("243619504 | 6330999044 | Savings": the
    // "Savings" of the type column does not make the routing column an account).
    const below = lineBreakBetween(s.text, s.keywords.endOf(kw), start);
    if (below || cellBetween(s, kw, start, end)) {
      const col = tableOf(s).categoriesAt(start, end);
      if (col !== 0) return { categories: col & relevant, source: Source.Table, keyword: kw };
      // A label on an earlier line gives way to a quarterly wage table's headings in between.
      const quarter = below ? quarterAt(s, start, end, relevant) : 0;
      if (quarter !== 0) return { categories: quarter, source: Source.Table, keyword: kw };
    }
    return { categories: s.keywords.mask(kw) & relevant, source: Source.Inline, keyword: kw };
  }
  const col = (tableOf(s).categoriesAt(start, end) || quarterAt(s, start, end, relevant)) & relevant;
  if (col) return { categories: col, source: Source.Table, keyword: kw };
  const field = s.fieldCats & relevant;
  return { categories: field, source: field ? Source.Field : Source.None, keyword: kw };
}

/**
 * "WEEKLY BENEFIT AMOUNT (HQW x 1/26) ..... 414.00": when the nearest label sits in a note in brackets
 * after another label, the label outside the brackets names the amount. Its categories, or null when
 * the nearest label is not in such a note.
 */
export function labelOutsideNote(s: ScanState, ctx: Context, start: number, relevant: number): number | null {
  if (ctx.source !== Source.Inline || ctx.keyword < 0) return null;
  const ke = s.keywords.endOf(ctx.keyword);
  if (ke > start) return null;
  const t = s.text;
  // Bounded both ways: only the 120 characters before the amount are read.
  const from = Math.max(0, start - 120);
  const ks = s.keywords.startOf(ctx.keyword);
  if (ks < from) return null;
  const head = t.slice(from, start);
  const open = head.lastIndexOf('(', ks - from);
  const close = head.indexOf(')', ke - from);
  if (open < 0 || close < 0 || head.slice(open).includes('\n')) return null;
  const c = labelBefore(t, from + open, 80, relevant);
  return c || null;
}

/** Where the context came from, as a rule suffix. */
export function how(ctx: Context): string {
  return ctx.source === Source.Inline || ctx.source === Source.Far ? 'context' : ctx.source === Source.Table ? 'column' : 'field';
}

/** The context word sits right before `start` ("Case #123-45-6789"). */
export function labelAdjacent(s: ScanState, ctx: Context, start: number): boolean {
  return ctx.source === Source.Inline && s.keywords.isAdjacent(ctx.keyword, start);
}

/** The context word follows another label and a "/" ("SSN/Case #", "Routing/Account"). */
export function joinedTo(s: ScanState, ctx: Context, label: RegExp): boolean {
  if (ctx.source !== Source.Inline || ctx.keyword < 0) return false;
  const ks = s.keywords.startOf(ctx.keyword);
  return label.test(s.text.slice(Math.max(0, ks - 24), ks));
}

/** The context word is in the same sentence as `start`. */
export function sameSentence(s: ScanState, ctx: Context, start: number): boolean {
  if (ctx.source !== Source.Inline || ctx.keyword < 0) return true;
  const e = s.keywords.endOf(ctx.keyword);
  return e > start || !/[.!?;]\s|\n/.test(s.text.slice(e, start));
}

/**
 * "The weekly benefit amount for the claim you filed last month will be $450": a wage or benefit
 * label farther back than the window, in the same sentence. Null when there is none.
 */
export function farMoneyLabel(s: ScanState, start: number): Context | null {
  const from = sentenceStart(s, start);
  // One index of the labels for every amount of the text, read once as the amounts advance (an
  // index built afresh for each amount made text dense with "$" amounts cost 50 times its size).
  s.farKeywords ??= new KeywordIndex(s.text, FAR_LABEL);
  const relevant = C.WAGE | C.BENEFIT | C.MONEY_OTHER;
  const kw = s.farKeywords.nearest(start, start, relevant, start - from, 0);
  // Only a label wholly inside the sentence.
  if (kw < 0 || s.farKeywords.startOf(kw) < from) return null;
  const c = s.farKeywords.mask(kw) & relevant;
  if (!c || c & C.MONEY_OTHER) return null;
  return { categories: pick(c, MONEY_PRIORITY), source: Source.Far, keyword: -1 };
}

/** Wages when a money candidate sits in a quarterly wage table. */
function quarterAt(s: ScanState, start: number, end: number, relevant: number): number {
  return relevant & C.WAGE ? tableOf(s).quarterAt(start, end) : 0;
}

/** Whether an amount in a pay-stub grid is pay (C.WAGE) or not (0); null outside one. */
export function payStubAt(s: ScanState, start: number, end: number): number | null {
  return tableOf(s).payAt(start, end);
}

/** An earnings line's quantity × rate = amount: C.WAGE for the rate and amount, 0 otherwise; null when none. */
export function extendedAt(s: ScanState, start: number): number | null {
  return tableOf(s).extendedAt(start);
}

function tableOf(s: ScanState): TableContext {
  if (s.table === null) s.table = new TableContext(s.text);
  return s.table;
}

/** A cell delimiter (tab or bar) stands between the context word `kw` and the value [start, end). */
function cellBetween(s: ScanState, kw: number, start: number, end: number): boolean {
  const ks = s.keywords.startOf(kw);
  const ke = s.keywords.endOf(kw);
  const from = ke <= start ? ke : end;
  const to = ke <= start ? start : ks >= end ? ks : end;
  for (let i = from; i < to; i++) {
    const c = s.text.charCodeAt(i);
    if (c === 124 || c === 9) return true;
  }
  return false;
}

function lineBreakBetween(t: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (t.charCodeAt(i) === 10) return true;
  return false;
}

/**
 * The categories of the context word nearest before `pos`, at most `reach` characters back, read
 * afresh (the shared index looks only near candidates): for labels beyond the usual window.
 */
function labelBefore(t: string, pos: number, reach: number, relevant: number): number {
  const from = Math.max(0, pos - reach);
  // A note in brackets after the label ("WEEKLY BENEFIT AMOUNT (HQW x 1/26) ....") is not the label.
  const local = new KeywordIndex(t.slice(from, pos).replace(/\([^()\n]{0,40}\)/g, (n) => ' '.repeat(n.length)));
  const kw = local.nearest(pos - from, pos - from, relevant, reach, 0);
  return kw >= 0 ? local.mask(kw) & relevant : 0;
}

/** Where a run of leader dots, underscores or blanks ending at `start` (or at its "$") begins (at most 300 back). */
function leaderStart(t: string, start: number): number {
  let p = t.charCodeAt(start - 1) === 36 ? start - 1 : start;
  const limit = Math.max(0, start - 300);
  while (p > limit) {
    const c = t.charCodeAt(p - 1);
    if (c === 32 || c === 46 || c === 95 || c === 9 || c === 0xb7 || c === 0x2026 || c === 45 || c === 58) p--;
    else break;
  }
  return p;
}

/** How far back a wage or benefit label may stand, within its sentence. */
const FAR_LABEL = 160;
const SPACE = /\s/;

/**
 * The start of the sentence `start` is in: back to the last sentence end or line break, at most
 * FAR_LABEL characters. Amounts come in order, so each call reads only what the last one did not.
 */
function sentenceStart(s: ScanState, start: number): number {
  const t = s.text;
  const limit = Math.max(0, start - FAR_LABEL);
  const known = s.farAt <= start && s.farAt >= limit;
  const stop = known ? s.farAt : limit;
  let from = start;
  while (from > stop && !sentenceBreakAt(t, from)) from--;
  // Nothing new since the last amount: its sentence start holds, if still within reach.
  if (known && from === stop && !sentenceBreakAt(t, from)) from = Math.max(limit, s.farFrom);
  s.farAt = start;
  s.farFrom = from;
  return from;
}

/** A sentence ends just before `at` (".", "!", "?" or ";" then a space), or a line does. */
function sentenceBreakAt(t: string, at: number): boolean {
  if (at <= 0) return false;
  if (t.charCodeAt(at - 1) === 10) return true;
  if (at < 2) return false;
  const c = t.charCodeAt(at - 2);
  return (c === 46 || c === 33 || c === 63 || c === 59) && SPACE.test(t[at - 1]!);
}
