/**
 * SQL pasted into a ticket, a log or a chat: `INSERT INTO claimants (ssn, name, dob, wba) VALUES
 * ('731-02-4418', 'Gomez, Irene', '1961-10-23', 512.00), (…)`. The column list labels every value of
 * every row by position, as a CSV header does; quoted strings may hold commas ('Gomez, Irene').
 */
import { isValidAbaRouting, ACCOUNT_MAX_DIGITS, ACCOUNT_MIN_DIGITS } from './bank';
import { C, categoriesIn } from './context';
import { isPlausibleDate } from './dob';
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding, FindingType } from './types';

const INSERT = /\binsert\s+into\s+[\w."`[\]]+\s*\(([^()]{1,400})\)\s*values\s*/gi;
/** One value of a row: a quoted string ('' inside is a quote), a number, or a bare word (NULL). */
const VALUE = /\s*(?:'((?:[^'\n]|'')*)'|(-?\d+(?:\.\d+)?)|(\w+))\s*/y;
const MAX_ROWS = 1000;

/** Findings in the rows of SQL INSERT statements, by the column each value is in. */
export function sqlIdentifiers(t: string): Finding[] {
  if (!/insert\s+into/i.test(t)) return [];
  const out: Finding[] = [];
  INSERT.lastIndex = 0;
  for (let m = INSERT.exec(t); m; m = INSERT.exec(t)) {
    const columns = m[1]!.split(',').map((c) => typeOf(c.replace(/[`"[\]\s]/g, '')));
    let i = m.index + m[0].length;
    for (let row = 0; row < MAX_ROWS && t[i] === '('; row++) {
      i = readRow(t, i + 1, columns, out);
      if (i < 0) break;
      const sep = /^\s*,\s*/.exec(t.slice(i, i + 64));
      if (!sep) break;
      i += sep[0].length;
    }
    INSERT.lastIndex = Math.max(INSERT.lastIndex, i);
  }
  return out;
}

/** Reads one row from `i` (after its opening bracket); returns where it ends (after its closing bracket), or -1. */
function readRow(t: string, i: number, columns: Array<FindingType | 'id' | null>, out: Finding[]): number {
  for (let col = 0; ; col++) {
    VALUE.lastIndex = i;
    const v = VALUE.exec(t);
    if (!v) return -1;
    const text = v[1] ?? v[2];
    if (text !== undefined) {
      const start = v[1] !== undefined ? t.indexOf("'", i) + 1 : t.indexOf(text, i);
      const type = classify(columns[col] ?? null, text);
      if (type) out.push({ type, start, end: start + text.length, confidence: 'high', rule: `${type}.sql` });
    }
    i = VALUE.lastIndex;
    if (t[i] === ',') {
      i++;
      continue;
    }
    return t[i] === ')' ? i + 1 : -1;
  }
}

function typeOf(name: string): FindingType | 'id' | null {
  const c = categoriesIn(name);
  if (c & (C.SSN | C.ITIN | C.TAXID)) return 'id';
  if (c & C.FEIN) return 'fein';
  if (c & C.ROUTING) return 'routing_number';
  if (c & (C.ACCOUNT | C.BANK)) return 'bank_account';
  if (c & C.DOB) return 'dob';
  if (c & C.MONEY_OTHER) return null;
  if (c & C.BENEFIT) return 'ui_benefit';
  if (c & C.WAGE) return 'wage';
  return null;
}

function classify(type: FindingType | 'id' | null, value: string): FindingType | null {
  if (!type) return null;
  const digits = value.replace(/\D/g, '');
  switch (type) {
    case 'id':
      if (digits.length !== 9 || /[A-Za-z]/.test(value)) return null;
      return isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : null;
    case 'fein':
      return digits.length === 9 && isValidEinDigits(digits) ? 'fein' : null;
    case 'routing_number':
      return digits.length === 9 && isValidAbaRouting(digits) ? 'routing_number' : null;
    case 'bank_account':
      return digits.length >= ACCOUNT_MIN_DIGITS && digits.length <= ACCOUNT_MAX_DIGITS && !/[A-Za-z]/.test(value) ? 'bank_account' : null;
    case 'dob': {
      const d = /^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
      if (!d) return null;
      const [y, mo, da] = d[1] ? [+d[1], +d[2]!, +d[3]!] : [+d[6]!, +d[4]!, +d[5]!];
      return y >= 1900 && y <= 2100 && isPlausibleDate(y, mo, da) ? 'dob' : null;
    }
    default:
      return /^\s*\d+(?:\.\d+)?\s*$/.test(value) && /[1-9]/.test(value) ? type : null;
  }
}
