/**
 * Job seekers who opted out of data sharing (WorkSource 1021): custodians import a CSV of their
 * SSNs, which are fingerprinted with the server's key at once; only the fingerprints are kept, and
 * the chain records how many were added, never which.
 */
import { isValidItinDigits, isValidSsnDigits } from '../../shared/detect/index';
import { plainText } from '../../shared/normalize';
import type { Keys } from '../audit/keys';
import type { Store } from '../store/types';
import { parseCsv } from './csv';
import { ImportError } from './import';

const HEADERS = new Set(['ssn', 'social_security_number', 'itin', 'tin']);

/** The fingerprints of a CSV's SSNs/ITINs; every bad row is reported with its line, nothing is kept. */
export function optOutFingerprints(csv: string, keys: Pick<Keys, 'fingerprint'>): string[] {
  let records;
  try {
    records = parseCsv(csv);
  } catch (err) {
    throw new ImportError([(err as Error).message]);
  }
  if (records.length === 0) throw new ImportError(['line 1: the file is empty; expected a header row "ssn"']);
  const [header, ...rows] = records;
  const names = header!.fields.map((f) => f.trim().toLowerCase());
  const col = names.findIndex((n) => HEADERS.has(n));
  if (col < 0) throw new ImportError([`line ${header!.line}: no "ssn" column`]);
  const problems: string[] = [];
  const out: string[] = [];
  for (const r of rows) {
    const digits = plainText(r.fields[col] ?? '').replace(/[\s-]/g, '');
    if (digits === '' && r.fields.every((f) => f.trim() === '')) continue;
    // Never echo the value: a bad row is named by its line only.
    if (!/^\d{9}$/.test(digits)) problems.push(`line ${r.line}: not a nine-digit SSN or ITIN`);
    else if (isValidItinDigits(digits)) out.push(keys.fingerprint('itin', digits));
    else if (isValidSsnDigits(digits)) out.push(keys.fingerprint('ssn', digits));
    else problems.push(`line ${r.line}: not a valid SSN or ITIN (area, group or serial out of range)`);
  }
  if (problems.length) throw new ImportError(problems);
  return out;
}

export async function importOptOuts(
  o: { store: Store; keys: Pick<Keys, 'fingerprint'>; clock: { now(): Date } },
  csv: string,
  actor: string,
): Promise<{ added: number; already: number }> {
  return o.store.addOptOuts(optOutFingerprints(csv, o.keys), actor, o.clock.now().toISOString());
}
