/**
 * Nine bare digits that a key, a label or an address says identify a person: `{"claimantId":
 * "536221874"}`, "Claimant ID: 536221874", `/api/claimants/536221874`. Agencies' systems key a
 * claimant by the SSN; a valid SSN (or ITIN) there is read as one (medium: it may be a system
 * number, and masking one costs far less than a full SSN leaving). A claim, case or ticket number
 * is not a person's and is not read here.
 */
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

/** Who a key or address names: a claimant, an applicant, a person, a job seeker (singular or plural). */
export const PEOPLE = String.raw`(?:claimants?|applicants?|p(?:ersons?|eople)|individuals?|job[\s_-]?seekers?)`;

/** Who, then an id word or a path step, then the nine digits. */
const PERSON_ID = new RegExp(
  String.raw`\b${PEOPLE}(?:[\s_-]*(?:id|identifier|ident|no|num|number|nbr|key)\b\.?|(?<=[A-Za-z])(?:Id|ID|No|Number|Key)\b)?["']?[ \t]*[:=#/]?[ \t]*["']?(\d{9})(?![\d-])`,
  'gi',
);

/** Person identifiers written as nine bare digits after a key, label or path step that names a person. */
export function personIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  PERSON_ID.lastIndex = 0;
  for (let m = PERSON_ID.exec(t); m; m = PERSON_ID.exec(t)) {
    const digits = m[1]!;
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type) continue;
    const start = m.index + m[0].length - digits.length;
    out.push({ type, start, end: start + 9, confidence: 'medium', rule: `${type}.person_id` });
  }
  return out;
}
