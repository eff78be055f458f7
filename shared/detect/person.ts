/**
 * Nine bare digits that a key, a label or an address says identify a person: `{"claimantId":
 * "536221874"}`, "Claimant ID: 536221874", `/api/claimants/536221874`. Agencies' systems key a
 * claimant by the SSN (an employer by its EIN, `/api/employers/20-3317748/…`); a valid SSN (or ITIN) there is read as one (medium: it may be a system
 * number, and masking one costs far less than a full SSN leaving). A claim, case or ticket number
 * is not a person's and is not read here.
 */
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

/** Who a key or address names: a claimant, an applicant, a person, a job seeker (singular or plural). */
export const PEOPLE = String.raw`(?:claimants?|applicants?|p(?:ersons?|eople)|individuals?|job[\s_-]?seekers?|employees?|workers?)`;

/** Who, then an id word or a path step, then the nine digits. */
const PERSON_ID = new RegExp(
  String.raw`\b${PEOPLE}(?:[\s_-]*(?:id|identifier|ident|no|num|number|nbr|key)\b\.?|(?<=[A-Za-z])(?:Id|ID|No|Number|Key)\b)?["']?[ \t]*[:=#/]?[ \t]*["']?(\d{9}|\d{3}-\d{2}-\d{4})(?![\d-])`,
  'gi',
);
/** An address step naming an employer, then its EIN: `/api/employers/20-3317748/…`. */
const EMPLOYER_ID = /\/employers?\/(\d{2}-?\d{7})(?=[/?#"'\s]|$)/gi;

/** Person identifiers written as nine bare digits after a key, label or path step that names a person. */
export function personIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  PERSON_ID.lastIndex = 0;
  for (let m = PERSON_ID.exec(t); m; m = PERSON_ID.exec(t)) {
    const value = m[1]!;
    const digits = value.replace(/-/g, '');
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type) continue;
    const start = m.index + m[0].length - value.length;
    out.push({ type, start, end: start + value.length, confidence: 'medium', rule: `${type}.person_id` });
  }
  if (t.includes('/employer')) {
    EMPLOYER_ID.lastIndex = 0;
    for (let m = EMPLOYER_ID.exec(t); m; m = EMPLOYER_ID.exec(t)) {
      if (!isValidEinDigits(m[1]!.replace('-', ''))) continue;
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ type: 'fein', start, end: start + m[1]!.length, confidence: 'medium', rule: 'fein.person_id' });
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}
