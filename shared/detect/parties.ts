import { oncePerText } from './documents';
import { BANKING_WORDS } from './labels/identifiers';

/**
 * Whose account a plain "account" is. "Employer: Prairie Fresh Markets   Account No. 0141-2209",
 * "Sugar Maple Bakery (Acct 1042917)" on a wage report: on a line that names an employer, a vendor
 * or a payer, it is that party's account with the agency, not a bank account (a bank word, "checking",
 * "direct deposit", would have said so). A patient's account at a clinic is not a bank account either.
 */
const OTHERS_ACCOUNT = /\b(?:employer|vendor|payer|agency|wage detail|wage report|patient|patrono|patronal|gl|general ledger)\b/i;
/** An account a tax or an agency keeps, named right before its label ("Withholding account:", "state unemployment insurance account number is"). */
const TAX_ACCOUNT = /\b(?:withholding|unemployment insurance|ui(?: tax)?|tax|contribution|reserve)\s*(?:(?:account|acct)\b[^\d\n]{0,24})?$/i;
/** The employer named right after the number on its line ("Account 3390-1182   Employer: Lakeside Dental"). */
const EMPLOYER_AFTER = /^[^\n]{0,40}?\b(?:employer|empleador|patrono)\b\s*(?:name)?\s*:/i;
/** The last of those words on the line. */
const OTHERS_ACCOUNT_LAST = new RegExp(`${OTHERS_ACCOUNT.source}(?![\\s\\S]*${OTHERS_ACCOUNT.source})`, 'i');
/** A routing number, then the account's label. */
const ROUTING_THEN = /\b(?:routing|aba|rtn|transit|ruta)\b[^\d\n]{0,16}\d{9}\b[^\d\n]{0,24}$/i;

/** Whether the line before `start` (at most 120 characters) names another party whose account it is. */
export function othersAccount(t: string, start: number): boolean {
  // Only the last 120 characters are read, so a long line costs no more than a short one.
  let from = Math.max(0, start - 120);
  for (let i = start - 1; i >= from; i--) {
    if (t.charCodeAt(i) === 10) {
      from = i + 1;
      break;
    }
  }
  const line = t.slice(from, start);
  const other = OTHERS_ACCOUNT_LAST.exec(line);
  // "…the agency letter shows deposits to routing 072252747, account 8830041127": an account named
  // right after a routing number is the bank account the routing number opens.
  if (other && !ROUTING_THEN.test(line.slice(other.index))) return true;
  if (EMPLOYER_AFTER.test(t.slice(start, start + 80)) && !ROUTING_THEN.test(line)) return true;
  if (TAX_ACCOUNT.test(line.slice(-60))) return true;
  // A utility's or a store's bill that never speaks of banking: its account is the customer's there.
  return !mentionsBanking(t) && aboutBill(t);
}

/** A bill's words (utility bills, statements of charges). */
const BILL = /\b(?:kwh|meter|current charges|past due|amount due|total due|billing period|service address|statement date|minimum payment)\b/i;
const aboutBill = oncePerText((t) => BILL.test(t));

/** Each word as written in prose, capitalised or in capitals, and as the head of a camelCase key ("routingNumber"). */
const BANKING = new RegExp(
  `(?<![A-Za-z])(?:${BANKING_WORDS.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()])
    .map((w) => w.replace(/ /g, '\\s+'))
    .join('|')})(?![a-z])`,
);
/**
 * Whether the text says anywhere that it is about banking (BANKING_WORDS). A plain "account" number
 * shorter than a bank's usual ten digits, in a text that never does, is some other party's account
 * (employers' UI accounts run 7 to 9 digits). Read once per text.
 */
export const mentionsBanking = oncePerText((t) => BANKING.test(t));

/** Digits a plain "account" number needs in a text that never mentions banking. */
export const UNBANKED_ACCOUNT_MIN_DIGITS = 10;
