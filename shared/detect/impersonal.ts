/**
 * Amounts that belong to no one, whatever money label stands near them: what a job posting or a pay
 * plan offers (a range, "$18.50-$22.00/hr"), a law's benefit schedule (a wage bracket, then its
 * weekly benefit), a law's limits given as a pair ("minimum $81, maximum $823"), a tax's wage base
 * ("the first $9,500 of each employee's wages"), a worked example in a handbook ("Example: if your
 * WBA is $300…") and published totals ("$11.8 billion"). A statement
 * added to a message for these tells staff it holds confidential data when it holds none.
 *
 * Each test reads only the line around the amount (at most LINE characters each way).
 */

import { oncePerText } from './documents';
import { EXAMPLE_TERMS, exampleRightBefore } from './samples';

const LINE = 200;

/** An amount as prices and pay are printed: "$18.50", "1,300.00", "$ 781". */
const AMOUNT = String.raw`(?:\$\s?\d[\d,]*(?:\.\d+)?[kK]?|\d[\d,]*\.\d\d)`;
/** Between the two ends of a range. */
const TO = String.raw`\s*(?:-|–|—|to|through|thru|hasta|a)\s*`;
/** A range of amounts anywhere on a line: a posting's pay, a pay plan's grade, a schedule's bracket. */
const RANGE = new RegExp(String.raw`(?<![\d.,=+])${AMOUNT}${TO}${AMOUNT}(?!\d|,\d|\.\d|\s*[=+*])|${AMOUNT}\s+(?:and|or)\s+(?:over|above|more|up|less|under)\b|\bbetween\s+${AMOUNT}\s+and\s+${AMOUNT}|\bentre\s+${AMOUNT}\s+y\s+${AMOUNT}`, 'gi');
/** A change of an amount rather than a range: "goes from $318 to $402", "was reduced from … to …". */
const CHANGE_BEFORE = /\b(?:goes|go|went|gone|changed?|changes|increased?|decreased?|reduced|raised|dropped|corrected|adjusted|redetermined|moves?|moved)\s+from\s*$/i;
/** A schedule's row is short: a bracket, then what it pays. */
const SCHEDULE_ROW = 120;
/** Money in totals, not a person's: "$11.8 billion", "$2.4M". */
const MAGNITUDE = /[ \t]?(?:thousand|million|billion|trillion|mil\s+millones|millones|[MB]n?\b|bn\b)/iy;
/** A tax's wage base: "the first $9,500 of". */
const FIRST_OF_BEFORE = /\bfirst\s+\$?\s?$/i;
const FIRST_OF_AFTER = /^\s+(?:of|in|or)\b/i;
/** A sentence that opens a worked example. */
const EXAMPLE = new RegExp(String.raw`^[\s"'(*•#-]*(?:${EXAMPLE_TERMS}|illustration|hypothetical)(?![a-z])`, 'i');
/** A law's bound right before the amount ("not less than $55 nor more than $600", "wages of at least $2,200")… */
const BOUND_BEFORE = /\b(?:not less than|nor more than|not more than|no less than|no more than|not to exceed|at least|up to|a minimum of|a maximum of|totaling|totalling|under|over|not over|in excess of|al menos|hasta)\s*\$?\s?$/i;
/** …in a sentence that states a rule for anyone, not what one person earned. */
const RULE_WORDS = /\b(?:shall|must|eligible|eligibility|an individual|a claimant may|claimants may|may earn|is required|qualif\w*|in the base period|may waive|withhold|necesita|debe|en un trimestre)\b/i;
/** An example word, then the case it supposes: "Walk through the charge example - if a claimant with a $500 WBA…". */
const EXAMPLE_THEN_IF = /\b(?:example|hypothetical|scenario)\b[^.]{0,60}\bif\s+(?:a|an|the|someone|somebody|you)\b/i;
/** A line of a federal pay schedule: a grade, then its steps' rates. */
const PAY_GRADE_ROW = /^\s*(?:GS|WG|WL|WS|GG|FP|FS)-\d{1,2}\b(?:\s+\$?\d[\d,]*(?:\.\d\d)?){3,}/;
/** A question or rule about someone hypothetical ("So if someone earned $150…", "If you earn $120…"). */
const HYPOTHETICAL = /^[\s"'(]*(?:so\s+)?(?:(?:if|suppose|assume|say)\s+(?:someone|somebody|a claimant|a person|an employee|a worker|you|your)\b|(?:a|an|any)\s+(?:worker|claimant|employee|person|individual)\s+(?:earning|making|paid|who|with)\b)/i;

/** [from, end): the amount, its "$" included. True when it is no one's wage or benefit. */
export function impersonalAmount(t: string, from: number, end: number): boolean {
  MAGNITUDE.lastIndex = end;
  if (MAGNITUDE.test(t) || exampleRightBefore(t, from)) return true;
  const ls = lineStart(t, from);
  const le = lineEnd(t, end);
  if (inRange(t, ls, le, from, end)) return true;
  const line = t.slice(ls, le);
  if (FIRST_OF_BEFORE.test(t.slice(Math.max(ls, from - 12), from)) && FIRST_OF_AFTER.test(t.slice(end, end + 6))) return true;
  if (limitPair(line, from - ls)) return true;
  const sentence = sentenceOf(t, ls, from);
  if (EXAMPLE.test(sentence) || HYPOTHETICAL.test(sentence) || EXAMPLE_THEN_IF.test(sentence)) return true;
  // A pay plan's row ("GS-9   $69,701   $72,024 …"): a grade's steps, no one's pay.
  if (PAY_GRADE_ROW.test(line)) return true;
  if (BOUND_BEFORE.test(t.slice(Math.max(ls, from - 24), from)) && RULE_WORDS.test(sentence + t.slice(end, Math.min(le, end + 80)))) return true;
  // A worked example's later sentences: only in a text with an example word, read once per text.
  if (!mentionsExample(t)) return false;
  const before = t.slice(Math.max(0, from - 400), from);
  return EXAMPLE_WORD.test(before) && EXAMPLE.test(paragraphOf(before, from <= 400));
}

const EXAMPLE_WORD = /xampl|jempl|illustrat|hypothet|e\.\s?g\.|for instance/i;
const mentionsExample = oncePerText((t) => EXAMPLE_WORD.test(t));

/** The paragraph `head` (the text before an amount) ends in, from its start after a blank line; `whole` when head starts the text. */
function paragraphOf(head: string, whole: boolean): string {
  let blank = -1;
  for (let i = head.lastIndexOf('\n'); i > 0; i = head.lastIndexOf('\n', i - 1)) {
    let k = i - 1;
    while (k >= 0 && (head[k] === ' ' || head[k] === '\t')) k--;
    if (k >= 0 && head[k] === '\n') {
      blank = i;
      break;
    }
  }
  return blank < 0 ? (whole ? head : '') : head.slice(blank).replace(/^\s+/, '');
}

/** The amount is an end of a range, or follows one on a schedule's row ("$1,300.00 - $1,324.99   $52"). */
function inRange(t: string, ls: number, le: number, from: number, end: number): boolean {
  for (const [ms, me] of rangesOf(t, ls, le)) {
    // "WBA goes from $318 to $402": a change of one person's amount, no range.
    if (ms <= from && me >= end && CHANGE_BEFORE.test(t.slice(Math.max(ls, ms - 30), ms))) return false;
    if (ms <= from && me >= end) return true;
    if (me <= from && le - ls <= SCHEDULE_ROW) return true;
    if (ms >= end) break;
  }
  return false;
}

/** The ranges on the line [ls, le), read once per line (amounts of a line come one after another). */
let rangesText: string | undefined;
let rangesLs = -1;
let rangesLe = -1;
let ranges: Array<[number, number]> = [];
function rangesOf(t: string, ls: number, le: number): Array<[number, number]> {
  if (t === rangesText && ls === rangesLs && le === rangesLe) return ranges;
  rangesText = t;
  rangesLs = ls;
  rangesLe = le;
  ranges = [];
  const line = t.slice(ls, le);
  RANGE.lastIndex = 0;
  for (let m = RANGE.exec(line); m; m = RANGE.exec(line)) ranges.push([ls + m.index, ls + m.index + m[0].length]);
  return ranges;
}

/**
 * A limit word right before the amount, and the other limit with an amount in the same clause:
 * "minimum $81, maximum $823", a configuration's `"minWeeklyBenefit":334,"maxWeeklyBenefit":1079`.
 */
function limitPair(line: string, at: number): boolean {
  const own = OWN_LIMIT.exec(line.slice(Math.max(0, at - 40), at));
  if (!own) return false;
  const mine = kindOf(own[1]!);
  LIMIT.lastIndex = 0;
  for (let m = LIMIT.exec(line); m; m = LIMIT.exec(line)) {
    if (kindOf(m[1]!) !== mine && Math.abs(m.index - at) < 60) return true;
  }
  return false;
}

/** A limit word (or a key that starts with one) right before an amount. */
const OWN_LIMIT = /(?:^|[^A-Za-z])(min|max|m[ií]n|m[aá]x)[A-Za-zíá]*["']?\.?[\s:=$]*$/i;
const LIMIT = /(?:^|[^A-Za-z])(min|max|m[ií]n|m[aá]x)[A-Za-zíá]*["']?\.?[\s:=]*\$?\s?\d/gi;
const kindOf = (w: string) => (/^m[ií]/i.test(w) ? 'min' : 'max');

/** The sentence the amount at `from` is in, from its start (a line start or after ". "). */
function sentenceOf(t: string, ls: number, from: number): string {
  const head = t.slice(ls, from);
  const dot = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  return dot < 0 ? head : head.slice(dot + 2);
}

function lineStart(t: string, pos: number): number {
  const stop = Math.max(0, pos - LINE);
  let p = pos;
  while (p > stop && t.charCodeAt(p - 1) !== 10) p--;
  return p;
}

function lineEnd(t: string, pos: number): number {
  const stop = Math.min(t.length, pos + LINE);
  let p = pos;
  while (p < stop && t.charCodeAt(p) !== 10) p++;
  return p;
}
