/**
 * What a whole text is about, read once per text: words that settle what an ambiguous label means
 * in it. In a claimant's payment history ("Payment History", "BENEFIT PAYMENT INFORMATION", "Net
 * Payment") the gross and net amounts are the benefit paid; on a pay stub they are pay.
 */

/** Words of a text about a claimant's UI benefits (a claim summary, a payment history). */
const BENEFIT_TEXT = /\b(?:weekly benefit|benefit year|unemployment|wba|ui benefits?|claim summary|benefit payments?|payment history|benefit charges?|benefits (?:paid|charged))\b/i;
/** …of benefits charged to an employer's account (statements and notices of benefit charges, relief requests). */
const CHARGE_TEXT = /\b(?:benefit charges?|benefits (?:paid|charged)|charges? (?:to|against) (?:your|the employer'?s?) (?:\w+ )?account|charged to your|relief of (?:benefit )?charges|chargeable)/i;
/** A charge word before an amount on its line ("Charges to your account to date: $4,647.06", "TOTAL CHARGES …… 1,945.20"). */
const CHARGE_BEFORE = /\b(?:charges?|charged|chg)\b[^\n$\d]{0,60}\$?\s?$/i;
/** Charges that are fees, not benefits. */
const FEE_CHARGE = /\b(?:finance|bank|service|late|court|filing|processing|overdraft|interest|penalty|shipping|delivery|admin(?:istrative)?)\s+charges?\b/i;
/** …of a record of benefit payments. */
const PAYMENT_RECORD = /\b(?:payment history|benefit payments?|payment information|payment detail|payments? issued|pmt hist|amount payable|weekly benefit amount|wba)\b/i;
/** …and of pay, whose gross and net are wages whatever else the text speaks of. */
const PAY_TEXT = /\b(?:pay stub|paystub|stub|earnings statement|paycheck|pay period|payroll|pay date|ytd|year to date)\b/i;

/** A test of a whole text, read once per text (the last text's answer is kept: one text is detected at a time). */
export function oncePerText(test: (t: string) => boolean): (t: string) => boolean {
  let last: string | undefined;
  let answer = false;
  return (t) => {
    if (t !== last) {
      last = t;
      answer = test(t);
    }
    return answer;
  };
}

/** The text is about a claimant's benefits. */
export const aboutBenefits = oncePerText((t) => BENEFIT_TEXT.test(t));

/** The text records benefit payments and is no pay stub: its gross and net amounts are benefits. */
export const aboutBenefitPayments = oncePerText((t) => PAYMENT_RECORD.test(t) && !PAY_TEXT.test(t));

/** The text charges benefits to an employer's account. */
export const aboutBenefitCharges = oncePerText((t) => CHARGE_TEXT.test(t));

/** On a text about benefit charges, a charge word names the amount after it on its line: the benefit charged. */
export function chargedBefore(t: string, from: number): boolean {
  if (!aboutBenefitCharges(t)) return false;
  const head = t.slice(Math.max(0, from - 160), from);
  // A printed form's dot leaders between the label and its amount read as one gap.
  const line = head.slice(head.lastIndexOf('\n') + 1).replace(/(?:\.\s?){3,}/g, ' ');
  return CHARGE_BEFORE.test(line) && !FEE_CHARGE.test(line);
}

/** A label that names an amount paid without saying what for ("Gross", "Net Amt", "Amount Paid"). */
export const GENERIC_PAID = /^\s*"?(?:gross|net|gross (?:amt|amount|payment|paid|pay)|net (?:amt|amount|payment|paid|pay)|amount paid|amt paid|paid amount|payment amount|payment|amount|paid|charged|amt charged|amount charged|charges?|charge amount)"?\s*$/i;
