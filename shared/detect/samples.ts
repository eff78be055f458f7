/**
 * Values given as samples: the example in a form's instructions ("e.g. 123-45-6789"), a help text's
 * format ("example: 123456789"), a worked example in a handbook ("Example: if your WBA is $300…").
 * A sample is no one's number or pay, and a statement added for it tells staff a message holds
 * confidential data when it holds none. One vocabulary serves the identifier rules (ids.ts), the
 * dates and the amounts (impersonal.ts).
 */

/** Words that introduce a sample, English and Spanish. */
export const EXAMPLE_TERMS = String.raw`e\.\s?g\.|i\.\s?e\.|for (?:example|instance)|example|sample|such as|por ejemplo|ejemplo`;

/** A sample word earlier in the value's sentence (within 48 characters): "the example check shows 123456780". */
const EXAMPLE_BEFORE = new RegExp(String.raw`(?:\b(?:${EXAMPLE_TERMS})(?![a-z])|\btest (?:files?|data|entries|records?)\b)[^.;\n]*$`, 'i');

export function exampleBefore(t: string, start: number): boolean {
  return EXAMPLE_BEFORE.test(t.slice(Math.max(0, start - 48), start));
}

/**
 * A sample word right before the value, whatever label stands before it: "Enter your SSN (example:
 * 123456789)", "date of birth as MM/DD/YYYY (e.g., 01/01/1980)", "the gross amount, e.g. 1234.56".
 */
const EXAMPLE_RIGHT_BEFORE = new RegExp(String.raw`\b(?:${EXAMPLE_TERMS})(?![a-z])[\s:,]*["'(]?[\s$]*$`, 'i');

export function exampleRightBefore(t: string, start: number): boolean {
  return EXAMPLE_RIGHT_BEFORE.test(t.slice(Math.max(0, start - 24), start));
}

/**
 * The numbers that documentation prints as samples: 123-45-6789 (and 12-3456789 as an EIN), 123456780
 * as a sample check's routing number, the SSNs
 * the Social Security Administration voided after they were printed on sample cards (078-05-1120,
 * 219-09-9999) and those it reserves for advertising (987-65-4320 to 4329). Each is
 * a sample only where a sample, format or test word stands near it ("do not enter 123-45-6789, which
 * is an example"; a schema table's "example" column): elsewhere it fails closed like any SSN.
 */
const DOCUMENTED = new Set([
  '123456789', '078051120', '219099999',
  // The routing number sample checks print.
  '123456780',
  // SSA's advertising range, 987-65-4320 to 987-65-4329.
  ...Array.from({ length: 10 }, (_, i) => `98765432${i}`),
]);
const SAMPLE_WORDS = new RegExp(String.raw`\b(?:${EXAMPLE_TERMS}|format|formato|test|dummy|fake|placeholder|do not enter|advertising|reserved|rejects?)(?![a-z])`, 'i');

export function documentedSample(t: string, start: number, end: number, digits: string): boolean {
  return DOCUMENTED.has(digits) && SAMPLE_WORDS.test(t.slice(Math.max(0, start - 300), end + 80));
}
