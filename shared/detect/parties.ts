/**
 * Whose account a plain "account" is. "Employer: Prairie Fresh Markets   Account No. 0141-2209",
 * "Sugar Maple Bakery (Acct 1042917)" on a wage report: on a line that names an employer, a vendor
 * or a payer, it is that party's account with the agency, not a bank account (a bank word, "checking",
 * "direct deposit", would have said so).
 */
const OTHERS_ACCOUNT = /\b(?:employer|vendor|payer|agency|wage detail|wage report)\b/i;

/** Whether the line before `start` (at most 120 characters) names another party whose account it is. */
export function othersAccount(t: string, start: number): boolean {
  const lineStart = t.lastIndexOf('\n', start - 1) + 1;
  return OTHERS_ACCOUNT.test(t.slice(Math.max(lineStart, start - 120), start));
}
