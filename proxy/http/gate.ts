/**
 * The one gate for everything stored. Every string that reaches storage from any route (API,
 * console forms, sign-in, registry imports; the list is stored-fields.ts) passes here first: in its
 * plain view (NFKC, invisible characters dropped, every Unicode digit as ASCII), whatever the
 * detector finds in a message at medium or high confidence (an identifier, a wage, a benefit amount,
 * a birth date, a routing or account number) is refused, and so is a bare nine-digit number or any
 * account's number, naming the field. Nothing is stored then.
 */
import { detect } from '../../shared/detect/index';
import type { FindingType } from '../../shared/detect/index';
import { plainText } from '../../shared/normalize';
import { ApiError } from './errors';

export type FieldKind =
  /** Free text (a justification, a reason, a name): every confidential finding and nine-digit numbers refused. */
  | 'text'
  /** An email address, a fax number or a host: the same, but a phone number's 10–15 digits are allowed. */
  | 'address';

export interface GateProblem {
  path: string;
  message: string;
}

const LABEL: Record<FindingType, string> = {
  ssn: 'a Social Security number',
  itin: 'an ITIN',
  fein: 'an employer identification number',
  wage: 'a wage amount',
  ui_benefit: 'a benefit amount',
  dob: 'a date of birth',
  routing_number: 'a routing number',
  bank_account: 'a bank account number',
};
/** A number written as digit groups with single separators ("536 221 874", "5 3 6 2 2 1 8 7 4"). */
const GROUPED = /\d+(?:[\s._/-]\d+)*/g;
/** ZIP+4 (USPS Publication 28): five digits, a hyphen, four digits. Nine digits, not an identifier. */
const ZIP4 = /^\d{5}-\d{4}$/;
/** An E.164 number has at most 15 digits (ITU-T E.164 §6); a fax address is one. */
const PHONE = /^\+?[\d\s().-]{7,24}$/;
/**
 * Any account's number ("acct 12345678"): in a message the detector asks whose account it is (an
 * employer's UI account is no bank account); what is stored is refused either way.
 */
const ACCOUNT = /\b(?:acc(?:oun)?t|a\/c|cuenta)\b[^\d\n]{0,24}\d(?:[\s-]?\d){3,16}\b/i;

/** Why `value` may not be stored, or undefined when it may. */
export function rawValueIn(value: string, kind: FieldKind = 'text'): string | undefined {
  if (value.length === 0) return undefined;
  const plain = plainText(value);
  // The detector's own rule for messages: high and medium findings are enforced, low ones only warn.
  for (const f of detect(plain)) {
    if (f.confidence !== 'low') return `holds ${LABEL[f.type]}`;
  }
  if (ACCOUNT.test(plain)) return 'holds what may be an account number';
  if (kind === 'address' && PHONE.test(plain)) {
    const digits = plain.replace(/\D/g, '').length;
    return digits >= 10 && digits <= 15 ? undefined : 'is not a fax number (10 to 15 digits)';
  }
  for (const m of plain.matchAll(GROUPED)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits >= 9 && !(digits === 9 && ZIP4.test(m[0])) && (digits === 9 || !/[\s._/-]/.test(m[0]))) {
      return 'holds a nine-digit or longer number, which may be an identifier';
    }
  }
  return undefined;
}

/** Every problem of these fields; `value` may be a string, a list of strings or absent. */
export function gateProblems(fields: ReadonlyArray<readonly [path: string, value: unknown, kind?: FieldKind]>): GateProblem[] {
  const problems: GateProblem[] = [];
  const one = (path: string, v: unknown, kind: FieldKind) => {
    if (typeof v !== 'string') return;
    const why = rawValueIn(v, kind);
    if (why) problems.push({ path, message: `${path} ${why}; confidential data may not be stored` });
  };
  for (const [path, value, kind = 'text'] of fields) {
    if (Array.isArray(value)) value.forEach((v, i) => one(`${path}.${i}`, v, kind));
    else one(path, value, kind);
  }
  return problems;
}

/** Throws 400 `raw_value` naming every field that holds confidential data. */
export function gate(fields: ReadonlyArray<readonly [path: string, value: unknown, kind?: FieldKind]>): void {
  const problems = gateProblems(fields);
  if (problems.length) {
    throw new ApiError(400, 'raw_value', `${problems.map((p) => p.path).join(', ')}: confidential data (an identifier, a wage, a benefit amount or a birth date) may not be stored; nothing was stored`, problems);
  }
}
