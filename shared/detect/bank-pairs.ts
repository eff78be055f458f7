/**
 * Routing and account numbers where no label stands right before each: a number that went on on the
 * next line or in the next chat message, a routing number and an account side by side (or each named
 * by the word after it) in a text about banking, an account after a routing number and a slash.
 */
import { ACCOUNT_MAX_DIGITS, isValidAbaRouting } from './bank';
import { mentionsBanking } from './parties';
import { exampleBefore } from './samples';
import type { Finding } from './types';

/**
 * A routing or account number that did not fit its box or its line and went on on the next one
 * ("Ruta: 2597" / "38657", "account 44019<br>27731 (it didn't fit)"), or in the next chat message
 * ("Client: acct 4400" / "Client: 19832207 sorry it cut off"): its label right before the first
 * part, nothing but the number at the end of that line and at the start of the next. A routing
 * number is nine digits that pass the ABA check; an account at most seventeen.
 */
const WRAPPED_BANK = /(?<![A-Za-z])(?:(r[o0]uting|ruta|aba|rtn|transit)|(acc[o0]unt|acct|cuenta|conta|kont|tai khoan))(?:[ \t]+(?:number|no\.?|num|#|n[uú]mero))?[ \t]*[:#=]?[ \t]*(?:(?:is|es|é)[ \t]+)?(\d{2,12})[ \t]*\r?\n(?:[ \t]*\[[^\]\n]{1,30}\])?(?:[ \t]*[A-Z][\w .'-]{0,24}:)?[ \t]*(\d{2,12})(?=[ \t]*(?:$|[\r\n.,;)(]|sorry|oops|\(o resto\)|\(the rest\)))/dgim;

/** Where a wrapped number may be: digits at the end of a line. The pattern is tried only on that line and the next. */
const LINE_END_DIGIT = /\d[ \t]*\r?\n/g;

export function wrappedBankNumbers(t: string): Finding[] {
  const out: Finding[] = [];
  LINE_END_DIGIT.lastIndex = 0;
  let done = 0;
  for (let seed = LINE_END_DIGIT.exec(t); seed; seed = LINE_END_DIGIT.exec(t)) {
    const nl = seed.index + seed[0].length - 1;
    const ls = t.lastIndexOf('\n', seed.index) + 1;
    if (ls < done || nl - ls > 400) continue;
    let le = t.indexOf('\n', nl + 1);
    if (le < 0) le = t.length;
    if (le - nl > 400) continue;
    done = nl + 1;
    const window = t.slice(ls, le);
    WRAPPED_BANK.lastIndex = 0;
    const m = WRAPPED_BANK.exec(window);
    if (!m) continue;
    m.indices![3]![0] += ls;
    m.indices![3]![1] += ls;
    m.indices![4]![0] += ls;
    m.indices![4]![1] += ls;
    const digits = m[3]! + m[4]!;
    const [s3, e3] = m.indices![3]!;
    const [s4, e4] = m.indices![4]!;
    if (m[1] !== undefined ? digits.length === 9 && isValidAbaRouting(digits) : digits.length >= 6 && digits.length <= ACCOUNT_MAX_DIGITS) {
      const type = m[1] !== undefined ? 'routing_number' : 'bank_account';
      // Each part is a finding of its own (what lies between, a speaker's name or a time, stays as it
      // is), the first masked with its share of the last digits.
      out.push({ type, start: s3, end: e3, confidence: 'medium', rule: `${type}.wrapped`, followingDigits: e4 - s4 });
      out.push({ type, start: s4, end: e4, confidence: 'medium', rule: `${type}.wrapped` });
    }
  }
  return out;
}

/**
 * A routing number and an account side by side with no label between, in a text about banking
 * ("Direct deposit 031279884 66019822", "DEPOSIT 311704914 5510022847", "4400912277301 / 081349175"),
 * or each named by the word after it ("073147204 routing, 11022874519 account"). The routing
 * number passes the ABA check and the other does not.
 */
const BANK_PAIR = /(?<![\d.,$-])(\d{4,17})(?:[ \t]*[\/,][ \t]*|[ \t]{1,30})(\d{4,17})(?![\d.,-]|[ \t]*%)/dg;
/** …the word after naming the number before it, not the next one ("RTN 026074464  ACCT ****0093"). */
const LABEL_AFTER = /(?<![\d.,$-])(\d{4,17})[ \t]*(?:[—–,-][ \t]*)?(r[o0]uting|ruta|acc[o0]unt|acct|cuenta)\b(?![ \t]*(?:#|no\.?|number|num)?[ \t]*[:=]?[ \t]*[\d*•x])/dgi;

export function bankPairs(t: string): Finding[] {
  const out: Finding[] = [];
  if (!mentionsBanking(t)) return out;
  BANK_PAIR.lastIndex = 0;
  for (let m = BANK_PAIR.exec(t); m; m = BANK_PAIR.exec(t)) {
    const a = m[1]!;
    const b = m[2]!;
    const aba = a.length === 9 && isValidAbaRouting(a);
    const bba = b.length === 9 && isValidAbaRouting(b);
    if (aba === bba) {
      BANK_PAIR.lastIndex = m.indices![2]![0];
      continue;
    }
    const [r, acct] = aba ? [1, 2] : [2, 1];
    if (m[acct]!.length < 6 || exampleBefore(t, m.index)) continue;
    out.push({ type: 'routing_number', start: m.indices![r]![0], end: m.indices![r]![1], confidence: 'medium', rule: 'routing_number.pair' });
    out.push({ type: 'bank_account', start: m.indices![acct]![0], end: m.indices![acct]![1], confidence: 'medium', rule: 'bank_account.pair' });
  }
  LABEL_AFTER.lastIndex = 0;
  for (let m = LABEL_AFTER.exec(t); m; m = LABEL_AFTER.exec(t)) {
    const d = m[1]!;
    // A placeholder of zeros, or a sample ("Example check: routing 000000000 account 1234567890").
    if (!/[1-9]/.test(d) || exampleBefore(t, m.index)) continue;
    const routing = /^r|^ruta/i.test(m[2]!);
    if (routing ? !(d.length === 9 && isValidAbaRouting(d)) : d.length < 6) continue;
    out.push({ type: routing ? 'routing_number' : 'bank_account', start: m.indices![1]![0], end: m.indices![1]![1], confidence: 'medium', rule: `${routing ? 'routing_number' : 'bank_account'}.label_after` });
  }
  return out.sort((x, y) => x.start - y.start).filter((f, i, all) => i === 0 || all[i - 1]!.end <= f.start);
}

/** "rt 295418779 / 31100048812": a routing number, a slash, and the account it opens. */
const NINE_SLASH = /(?<!\d)(\d{9})[ \t]*\/[ \t]*(\d{4,17})(?![\d-])/dg;
/** The routing label right before the nine digits. */
const ROUTING_LABEL = /(?<![A-Za-z])(?:r[o0]uting|rtn|rt|aba|ruta)(?:[ \t]+(?:number|no\.?|#))?[ \t:#]*$/i;

export function accountAfterRouting(t: string): Finding[] {
  const out: Finding[] = [];
  if (!t.includes('/')) return out;
  NINE_SLASH.lastIndex = 0;
  for (let m = NINE_SLASH.exec(t); m; m = NINE_SLASH.exec(t)) {
    if (!ROUTING_LABEL.test(t.slice(Math.max(0, m.index - 24), m.index)) || !isValidAbaRouting(m[1]!)) continue;
    const [start, end] = m.indices![2]!;
    out.push({ type: 'bank_account', start, end, confidence: 'medium', rule: 'bank_account.after_routing' });
  }
  return out;
}
