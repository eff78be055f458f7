/**
 * Entry detail records of a Nacha ACH file (94-character lines, record type 6), as payroll
 * companies and banks export them: positions 4–12 are the receiving bank's routing number (eight
 * digits and a check digit), 13–29 the receiver's account number, 30–39 the amount in cents. The
 * routing number must pass its checksum. In a batch whose header (record type 5) gives payroll as
 * its entry description ("PAYROLL", "SALARY", "WAGES"), the amount is the worker's pay.
 */
import { isValidAbaRouting } from './bank';
import type { Finding } from './types';

// Record type 6, a transaction code, routing (8 + check digit), account (17), amount (10).
const ENTRY = /^6(?:2[2-9]|3[2-9]|4[1-9]|5[1-5])(\d{9})([0-9A-Za-z \-]{17})(\d{10})/gm;
/** A batch header's company entry description (positions 54–63) that says payroll. */
const PAYROLL = /PAYROLL|SALAR|WAGES|PAY ?RUN/i;

/** Routing numbers, account numbers and payroll amounts of ACH entry detail records. */
export function nachaIdentifiers(t: string): Finding[] {
  if (!hasEntryLine(t)) return [];
  const out: Finding[] = [];
  ENTRY.lastIndex = 0;
  // Batch headers ("\n5…") before the entry and the next one after it, read once as the entries advance.
  let header = -1;
  let nextHeader = t.indexOf('\n5');
  for (let m = ENTRY.exec(t); m; m = ENTRY.exec(t)) {
    if (!isValidAbaRouting(m[1]!)) continue;
    const at = m.index + 3;
    out.push({ type: 'routing_number', start: at, end: at + 9, confidence: 'high', rule: 'routing_number.nacha' });
    const account = m[2]!.trim();
    if ((account.match(/\d/g) ?? []).length >= 4) {
      const a = at + 9 + m[2]!.indexOf(account);
      out.push({ type: 'bank_account', start: a, end: a + account.length, confidence: 'high', rule: 'bank_account.nacha' });
    }
    // The batch this entry belongs to: the nearest header above it.
    while (nextHeader !== -1 && nextHeader < m.index) {
      header = nextHeader;
      nextHeader = t.indexOf('\n5', nextHeader + 1);
    }
    const batch = t.slice(header < 0 ? 0 : header + 1, m.index);
    if (/^5/.test(batch) && PAYROLL.test(batch.slice(53, 63)) && +m[3]! > 0) {
      const amount = at + 9 + 17;
      out.push({ type: 'wage', start: amount, end: amount + 10, confidence: 'medium', rule: 'wage.nacha' });
    }
  }
  return out;
}

/**
 * Whether a line of `t` opens with record type 6 and eleven more digits (`/^6\d{11}/m`), found by
 * looking only at the text's 6s: a mail with no ACH file in it costs one quick character search.
 */
function hasEntryLine(t: string): boolean {
  for (let i = t.indexOf('6'); i >= 0; i = t.indexOf('6', i + 1)) {
    const before = i === 0 ? 10 : t.charCodeAt(i - 1);
    if (before !== 10 && before !== 13 && before !== 0x2028 && before !== 0x2029) continue;
    let k = 1;
    while (k < 12 && t.charCodeAt(i + k) >= 48 && t.charCodeAt(i + k) <= 57) k++;
    if (k === 12) return true;
  }
  return false;
}
