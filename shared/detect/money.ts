/**
 * Money rules: whether an amount of wage.ts's shapes is a wage, a UI benefit or neither, from its
 * context (resolve.ts); a bare short number only right after a benefit or wage label.
 */
import { C, categoriesIn } from './context';
import { aboutBenefitPayments, benefitWordBefore, GENERIC_PAID, oncePerText } from './documents';
import { impersonalAmount } from './impersonal';
import { Source, contextFor, extendedAt, farMoneyLabel, how, labelOutsideNote, MONEY_PRIORITY, payStubAt, pick } from './resolve';
import { emit } from './state';
import type { ScanState } from './state';
import { wordBefore } from './tokens';
import type { Confidence } from './types';

const MONEY_RELEVANT = C.WAGE | C.BENEFIT | C.MONEY_OTHER;
/** A unit right after a number makes it a count or a rate, not money; "401(k)" and "403(b)" are plans. */
const UNIT_AFTER = /[ \t]?(?:%|\([kb]\)|times\b|percent\b|weeks?\b|days?\b|hours?\b|hrs?\b|months?\b|years?\b|units?\b|semanas?\b|horas?\b|d[ií]as?\b|meses\b|claimants?\b|claims\b|calls\b|employees\b|workers\b|people\b|persons\b|individuals\b|jobs\b|positions\b|applications\b|cases\b|participants\b|households\b|residents\b|recipients\b|beneficiaries\b|plans\b|notices\b|states\b|events\b|separations\b|layoffs\b|filers\b|(?:first\s+)?payments\b|employers\b|establishments\b|visits\b|trabajadores\b|personas\b|empleados\b|reclamaciones\b|solicitudes\b)/iy;
/** A Form W-2 wage box right before an amount (1 wages, 3 and 5 Social Security and Medicare wages, 7 tips, 16 state, 18 local). */
const W2_WAGE_BOX_BEFORE = /\b(?:box|bx)[ \t]*(?:1|3|5|7|16|18)(?!\d)[ \t:]*$/i;
/** The text speaks of a W-2 and not of a 1099 (whose box 1 is no wage). */
const aboutW2 = oncePerText((t) => /\bW-?2\b/.test(t) && !/\b1099/.test(t));

const BENEFITS_AFTER = /^[ \t]*(?:in|of)[ \t]+(?:unemployment[ \t]+|ui[ \t]+|weekly[ \t]+)?(?:benefits|compensation)\b/i;

/** Seven digits or more before any cents: a million or more. */
const MILLIONS = /^\d{1,3}(?:,\d{3}){2,}(?!\d)|^\d{7,}/;
/** Last words of the benefit and wage labels a short amount may follow ("WBA: 450"). */
const MONEY_TAILS = new Set(['wba', 'mba', 'rba', 'ui', 'amount', 'rate', 'benefit', 'benefits', 'credit', 'wage', 'wages', 'salary', 'pay', 'earnings', 'earned']);

/** The amount [start, end), after a "$" when `dollar`: a wage or benefit when its context names one. */
export function money(s: ScanState, start: number, end: number, dollar: boolean): void {
  // "14.8 weeks", "80.00 hours", "1.35%": a count or a rate, whatever label stands near it.
  if (!dollar) {
    UNIT_AFTER.lastIndex = end;
    if (UNIT_AFTER.test(s.text)) return;
  }
  const from = dollar && dollarBefore(s.text, start) ? start - (s.text.charCodeAt(start - 1) === 36 ? 1 : 2) : start;
  if (impersonalAmount(s.text, from, end)) return;
  // A pay stub's grid: its column and row decide, whatever label stands near.
  const pay = payStubAt(s, start, end);
  if (pay !== null) {
    if (pay !== 0 && /[1-9]/.test(s.text.slice(start, end))) emit(s, 'wage', from, end, 'high', 'wage.column');
    return;
  }
  let ctx = contextFor(s, start, end, MONEY_RELEVANT);
  let c = pick(ctx.categories, MONEY_PRIORITY);
  // A note that says the amount is no pay ("Weekly benefit (TTD): $458.69") keeps its say.
  const outside = c === C.MONEY_OTHER ? null : labelOutsideNote(s, ctx, start, MONEY_RELEVANT);
  if (outside !== null) c = pick(outside, MONEY_PRIORITY);
  if (c === 0 && dollar) {
    const far = farMoneyLabel(s, start);
    if (far) {
      ctx = far;
      c = far.categories;
    }
  }
  // "The defendant was paid 11,374.00 in benefits": what the amount is, said right after it.
  if (c !== C.BENEFIT && BENEFITS_AFTER.test(s.text.slice(end, end + 40))) {
    emit(s, 'ui_benefit', from, end, 'high', 'ui_benefit.context');
    return;
  }
  // "TOTAL CHARGES THIS QUARTER …… 1,945.20" on a statement of benefit charges, "I owe $2,150" on an
  // overpayment: a word that elsewhere names a fee or a debt names the benefit in a text of its kind.
  const chargeWord = c === C.MONEY_OTHER && (ctx.source === Source.Far ||
    (ctx.source === Source.Inline && ctx.keyword >= 0 && /^charges?$/i.test(s.text.slice(s.keywords.startOf(ctx.keyword), s.keywords.endOf(ctx.keyword)))));
  // A label after the amount gives way to one of those before it on its line ("I owe $2,150. I can't pay…").
  const labelAfter = ctx.source === Source.Inline && ctx.keyword >= 0 && s.keywords.startOf(ctx.keyword) >= end &&
    /[.!?;]\s/.test(s.text.slice(end, s.keywords.startOf(ctx.keyword)));
  if ((c === 0 || chargeWord || labelAfter) && benefitWordBefore(s.text, from)) {
    emit(s, 'ui_benefit', from, end, 'high', 'ui_benefit.context');
    return;
  }
  // "Box 1 $9,118.50   Box 5 $9,118.50   Box 16 $9,118.50" in a text about a W-2: its wage boxes.
  if (c === 0 && W2_WAGE_BOX_BEFORE.test(s.text.slice(Math.max(0, from - 16), from)) && aboutW2(s.text)) {
    emit(s, 'wage', from, end, 'high', 'wage.context');
    return;
  }
  if (c === 0 && extendedAt(s, start) === C.WAGE) {
    emit(s, 'wage', from, end, 'high', 'wage.extended');
    return;
  }
  if (c === 0 || c === C.MONEY_OTHER) return;
  // "GROSS AMT 362.00", "Net Payment 262.50" on a record of benefit payments: the benefit paid.
  if (c === C.WAGE && ctx.source === Source.Inline && ctx.keyword >= 0 && aboutBenefitPayments(s.text) &&
    GENERIC_PAID.test(s.text.slice(s.keywords.startOf(ctx.keyword), s.keywords.endOf(ctx.keyword)))) c = C.BENEFIT;
  const confidence: Confidence = dollar || ctx.source !== Source.Field ? 'high' : 'medium';
  const by = how(ctx);
  // No one person's benefit reaches a million: "Total shared work benefits paid: $3,902,415" and
  // "Overpayments established: $18.2M" are a program's.
  if (c === C.BENEFIT && (MILLIONS.test(s.text.slice(start, end)) || /[MB]/.test(s.text[end - 1]!))) return;
  if (c === C.BENEFIT) emit(s, 'ui_benefit', from, end, confidence, `ui_benefit.${by}`);
  else emit(s, 'wage', from, end, confidence, `wage.${by}`);
}

/** "WBA: 450", "WBA 75": a benefit amount without a dollar sign needs its label right before it. */
export function shortAmount(s: ScanState, ts: number, te: number): boolean {
  if (te - ts < 2) return false;
  const t = s.text;
  const c1 = t.charCodeAt(ts - 1);
  if (!(c1 === 32 || c1 === 58 || c1 === 61 || c1 === 126)) return false;
  if (MONEY_TAILS.has(wordBefore(t, ts))) {
    const kw = s.keywords.nearest(ts, te, C.BENEFIT | C.WAGE, 24, 0);
    if (kw >= 0 && /^[\s:=#~-]*$/.test(t.slice(s.keywords.endOf(kw), ts))) return true;
  }
  // "her weekly benefit amount would be 483", "WBA redetermined from 298 to 457", "my WBA is 324":
  // a claimant's prose, the label and the number joined by a verb or two. Cheap exit first: the
  // word right before must be one of those verbs or small words.
  if (!linkWord(wordBefore(t, ts))) return false;
  const kw = s.keywords.nearest(ts, te, C.BENEFIT | C.WAGE | C.MONEY_OTHER, 40, 0);
  if (kw < 0 || s.keywords.endOf(kw) > ts || s.keywords.mask(kw) & C.MONEY_OTHER) return false;
  const gap = t.slice(s.keywords.endOf(kw), ts);
  // On the label's own line, and no factor of a product ("earns 40 × $20.00").
  return !gap.includes('\n') && LINKED.test(gap) && !/^\s*[×x*]\s*\$?\d/.test(t.slice(te, te + 8));
}

/** The verbs and small words that join a money label to its number in prose. */
const LINKING = ['is', 'was', 'were', 'would', 'will', 'be', 'been', 'of', 'at', 'to', 'from', 'now', 'only', 'about', 'around', 'approximately', 'roughly', 'just', 'still', 'redetermined', 'reduced', 'dropped', 'increased', 'decreased', 'changed', 'cut', 'went', 'goes', 'raised', 'set', 'get', 'got', 'getting', 'receive', 'received', 'de', 'es', 'fue', 'sera', 'será', 'era', 'é', 'e', 'ist', 'a', 'an', 'the', 'my', 'his', 'her', 'their', 'per', 'week', 'weekly'];
const LINK_WORDS = new Set([...LINKING, 'wba', 'mba', 'rba', 'amount', 'benefit', 'benefits', 'rate', 'wage', 'wages', 'salary', 'pay', 'earnings']);
/** A word that may stand right before an amount in prose: a linking word, or a money label's own last word ("overpaid 812"). */
function linkWord(w: string): boolean {
  if (w === '' || LINK_WORDS.has(w)) return w !== '';
  let known = LABEL_WORDS.get(w);
  if (known === undefined) {
    if (LABEL_WORDS.size >= 4096) LABEL_WORDS.clear();
    known = (categoriesIn(w) & (C.BENEFIT | C.WAGE)) !== 0;
    LABEL_WORDS.set(w, known);
  }
  return known;
}
const LABEL_WORDS = new Map<string, boolean>();

/** Between a money label and its number in prose: verbs and small words only ("would be", "redetermined from 298 to"). */
const LINKED = new RegExp(String.raw`^(?:[ \t:=,–—-]|\b(?:${LINKING.join('|')}|\d{2,4})\b)*$`, 'i');

/**
 * A whole number standing as a cell or a value of its own under or beside a benefit or wage label:
 * "WBA|MBA" over "270|7,020", "Weekly benefit amt        236             281", `"weeklyBenefitAmount":488`.
 * Tables and records print amounts without "$" or cents; the label says they are money.
 */
export function moneyCell(s: ScanState, ts: number, te: number): boolean {
  const t = s.text;
  if (!cellBefore(t, ts) || !cellAfter(t, te)) return false;
  // A row of years under the quarters' months ("Oct-Dec | Jan-Mar" over "2023 | 2024") heads the columns.
  if (te - ts === 4 && /^(?:19|20)\d\d$/.test(t.slice(ts, te)) && yearsRow(t, ts)) return false;
  const ctx = contextFor(s, ts, te, MONEY_RELEVANT);
  const c = pick(ctx.categories, MONEY_PRIORITY);
  if (c !== C.BENEFIT && c !== C.WAGE) return false;
  if (ctx.source === Source.Table || ctx.source === Source.Field) return true;
  if (ctx.source !== Source.Inline || ctx.keyword < 0) return false;
  const ke = s.keywords.endOf(ctx.keyword);
  return ke <= ts && CELL_GAP.test(t.slice(ke, ts));
}

/** Between a row's label and its value: cell gaps, the label's last word ("amt"), the previous column's value. */
const CELL_GAP = /^["']?[ \t]*[:=|,\t]?["']?[ \t]*(?:(?:amt|amnt|amount|rate|total|usd)\.?[ \t]*[:=|,\t]?[ \t]*)?(?:\d[\d,.]*(?:[ \t]{2,}|[ \t]*[|,\t][ \t]*))?$/i;

/** The line holding `pos` is years and cell gaps only (a heading over quarters' columns). */
function yearsRow(t: string, pos: number): boolean {
  // Bounded: a line longer than 400 characters is no heading.
  const head = t.slice(Math.max(0, pos - 400), pos);
  const nl = head.lastIndexOf('\n');
  if (nl < 0 && pos > 400) return false;
  const tail = t.slice(pos, pos + 400);
  const end = tail.indexOf('\n');
  if (end < 0 && pos + 400 < t.length) return false;
  const line = head.slice(nl + 1) + (end < 0 ? tail : tail.slice(0, end));
  return /^[\s|,\t]*(?:(?:19|20)\d\d[\s|,\t]*)+$/.test(line);
}

/** A cell starts at `ts`: after a delimiter, a JSON key's colon, or a gap of two spaces. */
function cellBefore(t: string, ts: number): boolean {
  const c = t.charCodeAt(ts - 1);
  if (c === 124 || c === 9 || c === 44 || c === 58 || c === 34) return true;
  return c === 32 && (t.charCodeAt(ts - 2) === 32 || t.charCodeAt(ts - 2) === 9);
}

/** …and ends at `te`: a delimiter, a line's or an object's end, or a gap of two spaces. */
function cellAfter(t: string, te: number): boolean {
  if (te >= t.length) return true;
  const c = t.charCodeAt(te);
  if (c === 124 || c === 9 || c === 44 || c === 10 || c === 13 || c === 125 || c === 93 || c === 34) return true;
  return c === 32 && (te + 1 >= t.length || t.charCodeAt(te + 1) === 32 || t.charCodeAt(te + 1) === 10);
}

/** A "$" right before `pos`, or "$ ". */
export function dollarBefore(t: string, pos: number): boolean {
  const c1 = t.charCodeAt(pos - 1);
  return c1 === 36 || (c1 === 32 && t.charCodeAt(pos - 2) === 36);
}

/** A currency word after the number says it is money as "$" does: "435 dólares", "364 dola", "90 dollars", "725 đô". */
const CURRENCY_AFTER = /[ \t]?(?:d[oó]lares|dollars?|dola|usd|đô|đo|dolar[a-zó]*|reais|доллар[а-я]*|美元|달러|دولار[\u0600-\u06ff]*)(?![A-Za-z])/iy;

export function currencyAfter(t: string, pos: number): boolean {
  const c = t.charCodeAt(pos);
  if (c !== 32 && c !== 9 && c !== 100 && c !== 68 && c !== 117 && c !== 85 && c !== 114 && c !== 0x111 && c < 0x400) return false;
  CURRENCY_AFTER.lastIndex = pos;
  return CURRENCY_AFTER.test(t);
}
