/**
 * The MICR line printed at the foot of a check or deposit ticket (ANSI X9.100-160, E-13B font): the
 * routing number between two transit symbols, then the account number ended by an on-us symbol,
 * `⑆021000021⑆ 4455667788⑈`. As text the symbols come as their Unicode characters (U+2446 transit,
 * U+2448 on-us), or as what OCR reads them as (transit `A`, `T`, `:` or `|:`, on-us `C`, `U` or `"`). The
 * routing number must pass its checksum; the on-us field before the transit field holds the check
 * number (`⑈1037⑈`) and is not read.
 */
import { ACCOUNT_MAX_DIGITS, ACCOUNT_MIN_DIGITS, isValidAbaRouting } from './bank';
import type { Finding } from './types';

// Transit symbol, nine digits, the same symbol; then spaces and the account field up to an on-us symbol.
const LINE = /(?<![A-Za-z0-9:|])(⑆|\|:|[AT:])(\d{9})\1(?:[ \t]*([\d \-]{4,24}?)[ \t]*[⑈CU"](?![A-Za-z0-9]))?/g;

/** Routing and account numbers of MICR lines, in order of position. */
export function micrIdentifiers(t: string): Finding[] {
  if (!/[⑆AT:]\d{9}(?:[⑆AT:]|\|:)/.test(t)) return [];
  const out: Finding[] = [];
  LINE.lastIndex = 0;
  for (let m = LINE.exec(t); m; m = LINE.exec(t)) {
    if (!isValidAbaRouting(m[2]!)) continue;
    const routingAt = m.index + m[1]!.length;
    out.push({ type: 'routing_number', start: routingAt, end: routingAt + 9, confidence: 'high', rule: 'routing_number.micr' });
    const account = m[3];
    if (account === undefined) continue;
    const digits = account.replace(/\D/g, '');
    if (digits.length < ACCOUNT_MIN_DIGITS || digits.length > ACCOUNT_MAX_DIGITS) continue;
    const at = m.index + m[0].lastIndexOf(account.trim(), m[0].length - 1);
    out.push({ type: 'bank_account', start: at, end: at + account.trim().length, confidence: 'high', rule: 'bank_account.micr' });
  }
  return out;
}
