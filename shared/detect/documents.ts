/**
 * What a whole text is about, read once per text: words that settle what an ambiguous label means
 * in it. In a claimant's payment history ("Payment History", "BENEFIT PAYMENT INFORMATION", "Net
 * Payment") the gross and net amounts are the benefit paid; on a pay stub they are pay.
 */

/** Words of a text about a claimant's UI benefits (a claim summary, a payment history). */
const BENEFIT_TEXT = /\b(?:weekly benefit|benefit year|unemployment|wba|ui benefits?|claim summary|benefit payments?|payment history|benefit charges?|benefits (?:paid|charged)|overpayments?|overpaid|claimants?)\b/i;
/** …of a record of benefit payments. */
const PAYMENT_RECORD = /\b(?:payment history|benefit payments?|payment information|payment detail|payments? issued|pmt hist|amount payable|weekly benefit amount|wba)\b|\bclaim_?id\b[^\n]{0,200}\bweek_?ending\b/i;
/** …and of pay, whose gross and net are wages whatever else the text speaks of. */
const PAY_TEXT = /\b(?:pay stub|paystub|stub|earnings statement|paycheck|pay period|payroll|pay date|ytd|year to date)\b/i;

/** A test of a whole text, read once per text (the last text's answer is kept: one text is detected at a time). */
export function oncePerText<T = boolean>(test: (t: string) => T): (t: string) => T {
  let last: string | undefined;
  let answer: T;
  return (t) => {
    if (t !== last) {
      last = t;
      answer = test(t);
    }
    return answer!;
  };
}

/** The text is about a claimant's benefits. */
export const aboutBenefits = oncePerText((t) => BENEFIT_TEXT.test(t));

/** The text records benefit payments and is no pay stub: its gross and net amounts are benefits. */
export const aboutBenefitPayments = oncePerText((t) => PAYMENT_RECORD.test(t) && !PAY_TEXT.test(t));

/**
 * Kinds of text in which a word that elsewhere names a fee, a debt or a bank balance names the
 * benefit: the kind's words (anywhere in the text), and the words that, before an amount on its line
 * or heading its column, name it. Sources: state statements and notices of benefit charges and relief
 * requests (charges to the employer's account); overpayment notices, statements of account and
 * collection screens (the original amount, what is owed, the balance, the benefits due).
 */
interface BenefitKind {
  about: RegExp;
  /** The naming words, before the amount on its line ("Charges to your account to date: $4,647.06"). */
  before: RegExp;
  /** The naming words as a column header ("CHARGED", "ORIG-AMT", "Balance"). */
  cell: RegExp;
}

const BENEFIT_KINDS: BenefitKind[] = [
  {
    about: /\b(?:benefit charges?|benefits (?:paid|charged)|charges? (?:to|against) (?:your|the employer'?s?) (?:\w+ )?account|charged to your|relief of (?:benefit )?charges|chargeable)/i,
    before: /\b(?:charges?|charged|chg)\b[^\n$\d]{0,60}\$?\s?$/i,
    cell: /^\s*"?(?:charged|amt charged|amount charged|charges?|charge amount|net charges)"?\s*$/i,
  },
  {
    // …and UI fraud's criminal cases: the restitution a court orders is the benefits taken.
    about: /\b(?:overpayments?|overpaid|sobrepagos?|pago en exceso|benefit payment control)\b|\brestitution\b[\s\S]{0,400}\b(?:unemployment|ui|benefits?|workforce agency|department of labor)\b|\b(?:unemployment|ui|benefits?|workforce agency|department of labor)\b[\s\S]{0,400}\brestitution\b/i,
    before: /\b(?:i owe|you owe|owed?|debt|principal(?: remaining)?|remaining|balance(?: due| remaining)?|saldo(?: pendiente)?|original amount|orig amt|established|restitution(?: balance)?(?: of)?|amount claimed|repay the)\b[^\n$\d]{0,40}\$?\s?$/i,
    cell: /^\s*"?(?:balance|bal|orig[- ]?amt|original(?: amount)?|remaining|due|benefits due|saldo)"?\s*$/i,
  },
  {
    // A claimant's benefits (case notes, claim screens, staff chat): what was paid or deposited for a week.
    about: /\b(?:claimant|weekly benefit|wba|ui claim|unemployment (?:claim|benefits?|insurance|compensation)|dua|ucx|ucfe)\b/i,
    before: /\b(?:paid|payment|deposited|released|issued|received|receives|receiving|rec'd|deposit|dep[oó]sito)\b[^\n$\d]{0,16}\$?\s?$/i,
    cell: /^\s*"?(?:paid|payment|amount paid)"?\s*$/i,
  },
];

/** Fees, penalties, interest and repayments are never the benefit, whatever the kind of text. */
const FEE_WORD = /\b(?:finance|bank|service|late|court|filing|processing|overdraft|interest|penalty|penalties|shipping|delivery|admin(?:istrative)?|fees?|installments?|repay(?:ment)?|offsets?|intercepts?|recovered|multa|monthly|payment plan)\b/i;

/** The kinds a text is, read once per text (a bit per BENEFIT_KINDS entry). */
const kindsOf = oncePerText((t) => BENEFIT_KINDS.reduce((kinds, k, i) => (k.about.test(t) ? kinds | (1 << i) : kinds), 0));

/** A word of the text's kind names the amount starting at `from` on its line (BENEFIT_KINDS). */
export function benefitWordBefore(t: string, from: number): boolean {
  const kinds = kindsOf(t);
  if (kinds === 0) return false;
  const head = t.slice(Math.max(0, from - 160), from);
  // A printed form's dot leaders between the label and its amount read as one gap; the naming word
  // stands within the last 72 characters (each kind's pattern allows at most 60 between).
  const line = head.slice(head.lastIndexOf('\n') + 1).replace(/(?:\.\s?){3,}/g, ' ').slice(-72);
  if (!/[a-z]/i.test(line) || FEE_WORD.test(line.slice(-60))) return false;
  for (let i = 0; i < BENEFIT_KINDS.length; i++) if (kinds & (1 << i) && BENEFIT_KINDS[i]!.before.test(line)) return true;
  return false;
}

/** A column header that names the benefit in a text of its kind (BENEFIT_KINDS). */
export function benefitCell(t: string, cell: string): boolean {
  const kinds = kindsOf(t);
  return kinds !== 0 && !FEE_WORD.test(cell) && BENEFIT_KINDS.some((k, i) => kinds & (1 << i) && k.cell.test(cell));
}

/** A label that names an amount paid without saying what for ("Gross", "Net Amt", "Amount Paid"). */
export const GENERIC_PAID = /^\s*"?(?:gross|net|gross (?:amt|amount|payment|paid|pay)|net (?:amt|amount|payment|paid|pay)|amount paid|amt paid|paid amount|payment amount|payment|amount|paid)"?\s*$/i;
