/**
 * Identifier rules for one candidate of a token: which of SSN, ITIN, EIN, routing or account number
 * a shape is, given its validators (ssn.ts, itin.ts, fein.ts, bank.ts) and its context (resolve.ts).
 */
import { isValidAbaRouting } from './bank';
import { C, categoriesIn } from './context';
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { Source, contextFor, how, ID_PRIORITY, joinedTo, labelAdjacent, pick, sameSentence } from './resolve';
import type { Context } from './resolve';
import { isValidSsnDigits } from './ssn';
import { mentionsBanking, othersAccount, UNBANKED_ACCOUNT_MIN_DIGITS } from './parties';
import { documentedSample, exampleBefore, exampleRightBefore } from './samples';
import { emit } from './state';
import type { ScanState } from './state';

const ID_RELEVANT =
  C.SSN | C.ITIN | C.TAXID | C.FEIN | C.ROUTING | C.ACCOUNT | C.BANK | C.ID_OTHER | C.PARTIAL;
const ACCOUNT_RELEVANT = C.ACCOUNT | C.BANK | C.ROUTING | C.ID_OTHER | C.PARTIAL | C.SSN | C.FEIN;

const SSN_LABEL_BEFORE = /(?:ssn|social security(?: number| no\.?)?|soc\.? sec\.?(?: no\.?)?|itin|tin)\s*[/&]\s*$/i;
// "Routing/Account", and a bank word in a routing label's brackets ("Routing number (ACH/direct deposit)").
const ROUTING_LABEL_BEFORE = /(?:routing|aba|rtn|transit)(?: number| no\.?)?\s*(?:[/&]|\([^()]{0,24}?)\s*$/i;
/** "Jane Q Public", "Robert J. Lane", "Ana Gomez-Ruiz": a person's name as a table cell. */
const PERSON_NAME = /^[A-Z][a-z]+(?: [A-Z]\.?)?(?: [A-Z][a-z'-]+){1,2}$/;
/** One word of a name in a cell of its own. */
const NAME_WORD = /^(?:[A-Z][a-z'-]+|[A-Z]{3,}[A-Z'-]*)$/;

/** How far back a question about the SSN still cues nine bare digits as its answer (two chat lines). */
const CUE_REACH = 100;

/** An SSN, ITIN or TIN word on the lines just above `start` (not on its own line: the window decides there). */
function questionAbove(t: string, start: number, asked: number = C.SSN | C.ITIN | C.TAXID): boolean {
  // Bounded: a megabyte-long line costs no more than a short one.
  let lineStart = start - 1;
  const stop = Math.max(0, start - CUE_REACH);
  while (lineStart >= stop && t.charCodeAt(lineStart) !== 10) lineStart--;
  if (lineStart < stop) return false;
  return (categoriesIn(t.slice(Math.max(0, start - CUE_REACH), lineStart)) & asked) !== 0;
}

/** Another number of 6–17 digits that is no routing number, beside [start, end) on its line: after a slash, a comma or blanks. */
function partnerBeside(t: string, start: number, end: number): boolean {
  const before = /(?<![\d.,])(\d{6,17})(?:[ \t]*[/,][ \t]*|[ \t]{1,30})$/.exec(t.slice(Math.max(0, start - 48), start));
  const after = /^(?:[ \t]*[/,][ \t]*|[ \t]{1,30})(\d{6,17})(?![\d.,])/.exec(t.slice(end, end + 48));
  const other = (m: RegExpExecArray | null) => m !== null && !(m[1]!.length === 9 && isValidAbaRouting(m[1]!));
  return other(before) || other(after);
}

/** Nine plain digits: an SSN, ITIN, EIN, routing or account number only when context says so. */
export function nine(s: ScanState, start: number, end: number, digits: string): void {
  const ctx = contextFor(s, start, end, ID_RELEVANT);
  const c = pick(ctx.categories, ID_PRIORITY);
  if ((c === C.ROUTING || c === C.BANK || c === C.ACCOUNT || c === 0) && exampleBefore(s.text, start)) return;
  if (exampleRightBefore(s.text, start) || documentedSample(s.text, start, end, digits)) return;
  const by = how(ctx);
  switch (c) {
    case C.ROUTING:
      if (isValidAbaRouting(digits)) emit(s, 'routing_number', start, end, 'high', `routing_number.${by}`);
      return;
    case C.BANK:
    case C.ACCOUNT:
      // "Routing/Account: 021000021 / 4455667788": the first value belongs to the first label.
      // …and "4400912277301 / 081349175", "Direct deposit 031279884 66019822" under one bank label: the
      // number that passes the ABA check beside the other is the routing number.
      if (isValidAbaRouting(digits) && (joinedTo(s, ctx, ROUTING_LABEL_BEFORE) || partnerBeside(s.text, start, end))) {
        emit(s, 'routing_number', start, end, 'high', `routing_number.${by}`);
        return;
      }
      if (c === C.ACCOUNT && (othersAccount(s.text, start) || !ownAccount(s, ctx, start, 9))) return;
      emit(s, 'bank_account', start, end, c === C.BANK ? 'high' : 'medium', `bank_account.${by}`);
      return;
    case C.FEIN:
      if (isValidEinDigits(digits)) emit(s, 'fein', start, end, 'high', `fein.${by}`);
      return;
    case C.ITIN:
    case C.SSN:
    case C.TAXID:
      if (isValidItinDigits(digits)) emit(s, 'itin', start, end, 'high', `itin.${by}`);
      else if (isValidSsnDigits(digits)) emit(s, 'ssn', start, end, c === C.ITIN ? 'medium' : 'high', `ssn.${by}`);
      else if (c === C.TAXID && isValidEinDigits(digits)) emit(s, 'fein', start, end, 'medium', `fein.${by}`);
      return;
    case 0:
      // "Jane Q Public,536221874,04/12/1985": a headerless row naming a person.
      if (ctx.source === Source.None && isValidSsnDigits(digits) && personRow(s.text, start, end)) emit(s, 'ssn', start, end, 'medium', 'ssn.row');
      // An answer to a question about the SSN a line or two up ("ssn?" in a chat, "Please enter your
      // Social Security number." then "You: 536221874"): the cue is enough, and a full SSN fails closed.
      else if (ctx.source === Source.None && isValidSsnDigits(digits) && questionAbove(s.text, start)) {
        emit(s, 'ssn', start, end, 'medium', 'ssn.cue');
      }
      // "please type the routing # for the account on file" / "You: 063437322".
      else if (ctx.source === Source.None && isValidAbaRouting(digits) && questionAbove(s.text, start, C.ROUTING)) {
        emit(s, 'routing_number', start, end, 'medium', 'routing_number.cue');
      }
      // Beside a person's name on its line ("536194408 Alvarado", "Maria Lopez 536194408"): a person's number.
      else if (ctx.source === Source.None && isValidSsnDigits(digits) && nameBeside(s.text, start, end)) {
        emit(s, 'ssn', start, end, 'medium', 'ssn.name');
      }
      // Nine digits that could be an SSN and that nothing names: possibly one. Warned about, never masked.
      else if (ctx.source === Source.None && isValidSsnDigits(digits)) emit(s, 'ssn', start, end, 'low', 'ssn.bare');
      return;
    default:
      return; // a case/ticket/phone number
  }
}

/** 3-2-4 with one kind of separator: the SSN format (or an ITIN when the area is 9XX). */
export function ssnLike(s: ScanState, start: number, end: number, digits: string, form: 'dash' | 'dot' | 'space'): void {
  // Numbers that can be none of these need no context.
  if (!isValidSsnDigits(digits) && !isValidItinDigits(digits) && !isValidAbaRouting(digits)) return;
  const ctx = contextFor(s, start, end, ID_RELEVANT);
  const c = pick(ctx.categories, ID_PRIORITY);
  // "Case 123-45-6789": only a label right before the number overrides the SSN format, and
  // not one joined to an SSN label ("SSN/Case # 123-45-6789"). A full number where the last four
  // belong ("Last 4 SSN" column: 514-62-0928) is the whole SSN: it fails closed.
  if (c === C.ID_OTHER && (ctx.source !== Source.Inline || (labelAdjacent(s, ctx, start) && !joinedTo(s, ctx, SSN_LABEL_BEFORE)))) return;
  // A bank label types an SSN-shaped number only within its own sentence.
  if ((c === C.BANK || c === C.ACCOUNT) && sameSentence(s, ctx, start)) {
    emit(s, 'bank_account', start, end, 'high', 'bank_account.context');
    return;
  }
  if (c === C.ROUTING && isValidAbaRouting(digits)) {
    emit(s, 'routing_number', start, end, 'high', 'routing_number.context');
    return;
  }
  const labelled = c === C.SSN || c === C.ITIN || c === C.TAXID;
  // "Enter the SSN exactly as shown, e.g. 123-45-6789": an unlabelled number given as an example.
  // A sample must say so right before it, or be a number documentation prints as one: "Example wage
  // record: 534-20-9961|…" may be someone's, and an SSN in its own format fails closed.
  if (exampleRightBefore(s.text, start) || documentedSample(s.text, start, end, digits)) return;
  if (isValidItinDigits(digits)) {
    emit(s, 'itin', start, end, labelled ? 'high' : 'medium', `itin.formatted.${form}`);
  } else if (isValidSsnDigits(digits)) {
    emit(s, 'ssn', start, end, labelled ? 'high' : 'medium', `ssn.formatted.${form}`);
  }
}

/** NN-NNNNNNN: the EIN format. */
export function feinFormatted(s: ScanState, start: number, end: number, digits: string): void {
  const ctx = contextFor(s, start, end, ID_RELEVANT);
  const c = pick(ctx.categories, ID_PRIORITY);
  if ((c === C.ID_OTHER || c === C.PARTIAL) && (ctx.source !== Source.Inline || labelAdjacent(s, ctx, start))) return;
  if (exampleRightBefore(s.text, start) || documentedSample(s.text, start, end, digits)) return;
  if (c === C.BANK || (c === C.ACCOUNT && !othersAccount(s.text, start))) {
    emit(s, 'bank_account', start, end, 'high', 'bank_account.context');
    return;
  }
  if (c === C.ACCOUNT || !isValidEinDigits(digits)) return;
  const labelled = c === C.FEIN || c === C.TAXID;
  emit(s, 'fein', start, end, labelled ? 'high' : 'medium', 'fein.formatted');
}

/** NNNN-NNNN-N: how routing numbers are printed in the MICR fraction; needs routing context. */
export function routingFormatted(s: ScanState, start: number, end: number, digits: string): void {
  const c = pick(contextFor(s, start, end, ID_RELEVANT).categories, ID_PRIORITY);
  if (c === C.ROUTING && isValidAbaRouting(digits)) {
    emit(s, 'routing_number', start, end, 'high', 'routing_number.formatted');
  }
}

/** 4–17 digits labelled as a bank account ("account ending in 6789" is a reference, not a number). */
export function account(s: ScanState, start: number, end: number, len: number): void {
  // "0000000000": a form's placeholder, no one's account.
  if (!/[1-9]/.test(s.text.slice(start, end))) return;
  const ctx = contextFor(s, start, end, ACCOUNT_RELEVANT);
  const c = pick(ctx.categories, ID_PRIORITY);
  if (exampleBefore(s.text, start)) return;
  if (c === C.BANK) emit(s, 'bank_account', start, end, 'high', 'bank_account.context');
  else if (c === C.ACCOUNT && len >= 5 && !othersAccount(s.text, start) && ownAccount(s, ctx, start, len)) emit(s, 'bank_account', start, end, 'medium', 'bank_account.context');
}


/**
 * A plain "account" names a bank account when it says "number" ("Account No.", "acct #"), when the
 * number is as long as a bank's (ten digits or more), or when the text is about banking at all;
 * "your account 077-51930" on a charge notice is the employer's (parties.ts).
 */
function ownAccount(s: ScanState, ctx: Context, start: number, len: number): boolean {
  if (len >= UNBANKED_ACCOUNT_MIN_DIGITS || mentionsBanking(s.text)) return true;
  if (ctx.source !== Source.Inline || ctx.keyword < 0) return false;
  return ACCOUNT_NUMBER_LABEL.test(s.text.slice(s.keywords.startOf(ctx.keyword), start));
}

/** "account number", "acct no.", "acct #", "número de cuenta". */
const ACCOUNT_NUMBER_LABEL = /(?:number|\bno\b|\bnbr\b|\bnum\b|#|numero)/i;

/** A surname (or given name and surname) right after the number, or a name right before it, on its line. */
// Right beside it: a wider gap is the next column of a table ("410227821   Coffee service"), and a
// colon after a word makes it a label ("Provider ID: 200418833"), not a name.
const NAME_AFTER = /^[ \t]?[-–—,]?[ \t]?([A-Z][a-z'-]+|[A-Z]{2,}[A-Z'-]*)(?:,?[ \t][A-Z][a-z'-]+)?(?![\w#:])/;
const NAME_BEFORE = /(?:^|[^\w])([A-Z][a-z'-]+|[A-Z]{2,})(?:,?[ \t]+(?:[A-Z]\.?[ \t]+)?([A-Z][a-z'-]+|[A-Z]{2,}))[ \t]?[-–—,]?[ \t]?$/;
/** Capitalised words that are not names: labels, months, days, places of a form. */
const NOT_A_NAME = /^(?:case|claim|ticket|order|invoice|phone|fax|account|acct|batch|docket|ref|reference|total|call|tel|id|no|num|number|page|line|box|item|code|zip|po|room|suite|unit|apt|route|check|trace|control|file|record|report|date|week|year|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|the|and|for|to|from|re|fw|fwd|subject|ok|thanks|ty|yes|no|hi|hello)$/i;

/** "CHIKWANHA, TENDAI    238449105": a roster's surname, comma, given name, then a column gap. */
const COMMA_NAME_BEFORE = /(?:^|[^\w])[A-Z][A-Za-z'-]+,[ \t]*[A-Z][A-Za-z'-]+(?:[ \t]+[A-Z]\.?)?[ \t]{1,8}$/;

function nameBeside(t: string, start: number, end: number): boolean {
  // Bounded: only the 40 characters each way, cut at a line break.
  const after = NAME_AFTER.exec(t.slice(end, end + 40).split('\n', 1)[0]!);
  if (after && !NOT_A_NAME.test(after[1]!)) return true;
  const head = t.slice(Math.max(0, start - 40), start);
  const line = head.slice(head.lastIndexOf('\n') + 1);
  const before = NAME_BEFORE.exec(line);
  return (before !== null && !NOT_A_NAME.test(before[1]!) && !NOT_A_NAME.test(before[2]!)) || COMMA_NAME_BEFORE.test(line);
}

/** The cell [start, end) is a whole cell of a comma or tab row that also holds a person's name. */
function personRow(t: string, start: number, end: number): boolean {
  // A quoted cell ("234288753") is read inside its quotes.
  const quoted = t.charCodeAt(start - 1) === 34 && t.charCodeAt(end) === 34 ? 1 : 0;
  const b = t.charCodeAt(start - 1 - quoted);
  const a = t.charCodeAt(end + quoted);
  // Tab, pipe or comma: a spreadsheet row, a pipe-delimited record ("NH|464570510|GARNER|ALICIA|…"), a CSV row.
  const d = b === 9 || a === 9 ? '\t' : b === 124 || a === 124 ? '|' : ',';
  const before = t.charCodeAt(start - 1 - quoted);
  const after = t.charCodeAt(end + quoted);
  const edge = (c: number) => Number.isNaN(c) || c === 10 || c === 13 || c === d.charCodeAt(0);
  if (!edge(before) || !edge(after)) return false;
  // Bounded both ways: a megabyte-long line costs no more than a short one.
  let ls = start;
  while (ls > 0 && ls > start - 300 && t.charCodeAt(ls - 1) !== 10) ls--;
  let le = end;
  while (le < t.length && le < end + 300 && t.charCodeAt(le) !== 10) le++;
  const cells = t.slice(ls, le).split(d);
  if (cells.length < 3) return false;
  const plain = cells.map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (plain.some((c) => PERSON_NAME.test(c))) return true;
  // A name over cells: first, an initial or nothing, last ("Maria","L","Espinoza").
  return plain.some((c, i) => NAME_WORD.test(c) && ((NAME_WORD.test(plain[i + 1] ?? '') && (plain[i + 2] === undefined || !NAME_WORD.test(plain[i + 2]!))) || (/^(?:[A-Z]\.?)?$/.test(plain[i + 1] ?? 'x') && NAME_WORD.test(plain[i + 2] ?? ''))));
}
