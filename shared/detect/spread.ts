/**
 * An SSN or ITIN spread out the way people and scanners break it: a chat answer whose owner pressed
 * Enter inside the number ("513 40" / "2286"), an OCR'd column whose spacing doubled ("612  04  8819"
 * under an "SSN" heading), a value wrapped in a quoted reply ("> 513-40-" / "> 2286"). The token rules
 * read digit groups joined by one separator, so they see three short numbers; here nine
 * digit-equivalents in the SSN's own grouping (3-2-4, 5-4 or 3-6), with at least one wide gap or line
 * break between them, are one number when an identity word sits just before them (on the line, or
 * in a question or column heading on the lines above). Identifiers fail closed: masking a claim
 * number read this way by mistake costs far less than a full SSN leaving.
 */
import { ACCOUNT_MAX_DIGITS, isValidAbaRouting } from './bank';
import { C, categoriesIn } from './context';
import { mentionsBanking } from './parties';
import { exampleBefore } from './samples';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

/** Between groups: spaces or tabs, a dash or dot, or a line break with the next line's quote marks or speaker. */
const GAP = String.raw`(?:[ \t]*[-.]?[ \t]*\r?\n(?:[ \t]*>)*(?:[ \t]*[A-Z][\w.'-]{0,15}:)?[ \t]*|[ \t]{2,6}|[ \t]?[-.]?[ \t]?)`;
/** A digit, or a letter OCR reads in its place. */
const D = '[0-9OoIlSBZ]';
/** 3-2-4, 5-4 or 3-6, the groups never touching other digits or letters. */
const SPREAD = new RegExp(
  String.raw`(?<![0-9A-Za-z.,$/-])(?:${D}{3}(${GAP})${D}{2}(${GAP})${D}{4}|${D}{5}(${GAP})${D}{4}|${D}{3}(${GAP})${D}{6})(?![0-9A-Za-z]|[.,/-]\d)`,
  'y',
);
/**
 * Where a spread value may be: a digit, then a wide gap or a line break, then a digit or an OCR
 * letter. Every spread value has one, and ordinary text has few: the pattern is tried only there.
 */
const SEED = /[0-9](?:[ \t]{2,6}|[ \t]*[-.]?[ \t]*\r?\n(?:[ \t]*>)*(?:[ \t]*[A-Z][\w.'-]{0,15}:)?[ \t]*)(?=[0-9OoIlSBZ])/g;
/** How far before its gap a spread value may start ("513 40" before the line break). */
const SEED_BACK = 8;
const OCR: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', S: '5', B: '8', Z: '2' };
/** What the token rules read already: one separator kind, no wide gap, no line break. */
const TIGHT = /^[-. \t]?$/;

/** How far back an identity word still names the number: a question or a heading two or three lines up. */
const CUE_REACH = 160;
const CUE_LINES = 3;

const ID_WORDS = C.SSN | C.ITIN | C.TAXID;

/** SSNs and ITINs whose groups are spread over wide gaps or line breaks, after an identity word. */
export function spreadIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  SEED.lastIndex = 0;
  let done = 0;
  for (let g = SEED.exec(t); g; g = SEED.exec(t)) {
    // The value starts a few characters before its gap, where a group of digits (or OCR letters) begins.
    let m: RegExpExecArray | null = null;
    for (let s = Math.max(done, g.index - SEED_BACK); s <= g.index && !m; s++) {
      if (!/[0-9OoIlSBZ]/.test(t[s]!) || (s > 0 && /[0-9A-Za-z]/.test(t[s - 1]!))) continue;
      SPREAD.lastIndex = s;
      m = SPREAD.exec(t);
      if (m) m.index = s;
    }
    if (!m) continue;
    done = m.index + m[0].length;
    SEED.lastIndex = Math.max(SEED.lastIndex, done);
    const gaps = m.slice(1).filter((g) => g !== undefined);
    if (gaps.every((g) => TIGHT.test(g))) continue;
    // "702.14" then the next row's "0412": a point between two groups and nowhere else is an amount's.
    if (gaps.some((g) => g === '.') && !gaps.every((g) => g === '.')) continue;
    const groups = m[0].match(/[0-9OoIlSBZ]{2,6}(?![0-9OoIlSBZ])/g) ?? [];
    const value = groups.join('');
    // Most of the value must be real digits (an OCR'd one keeps most), and never a word.
    const real = value.replace(/[^0-9]/g, '').length;
    if (value.length !== 9 || real < 6) continue;
    const digits = value.replace(/[^0-9]/g, (ch) => OCR[ch]!);
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type || !cued(t, m.index)) continue;
    out.push({ type, start: m.index, end: m.index + m[0].length, confidence: 'medium', rule: `${type}.spread` });
  }
  return out;
}

/** A JSON array of the three parts under a key that names the number: `"ssn":["512","07","3394"]`, `"ssnParts":[471,30,8856]`. */
const ARRAY = /"([A-Za-z_]{2,30})"\s*:\s*\[\s*"?(\d{3})"?\s*,\s*"?(\d{2})"?\s*,\s*"?(\d{4})"?\s*\]/g;
const ID_KEY = /ssn|social|itin|(?:^|_)tin|Tin|taxpayer|seguro/i;

/** SSNs and ITINs posted as a JSON array of their three parts: one finding from the first digit to the last. */
export function arrayIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  if (!t.includes('[')) return out;
  ARRAY.lastIndex = 0;
  for (let m = ARRAY.exec(t); m; m = ARRAY.exec(t)) {
    if (!ID_KEY.test(m[1]!)) continue;
    const digits = m[2]! + m[3]! + m[4]!;
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type) continue;
    const start = m.index + m[0].indexOf(m[2]!, m[1]!.length + 2);
    const end = m.index + m[0].lastIndexOf(m[4]!) + 4;
    out.push({ type, start, end, confidence: 'high', rule: `${type}.parts` });
  }
  return out;
}

/**
 * A routing or account number that did not fit its box or its line and went on on the next one
 * ("Ruta: 2597" / "38657", "account 44019<br>27731 (it didn't fit)"), or in the next chat message
 * ("Client: acct 4400" / "Client: 19832207 sorry it cut off"): its label right before the first
 * part, nothing but the number at the end of that line and at the start of the next. A routing
 * number is nine digits that pass the ABA check; an account at most seventeen.
 */
const WRAPPED_BANK = /(?<![A-Za-z])(?:(r[o0]uting|ruta|aba|rtn|transit)|(acc[o0]unt|acct|cuenta|conta|kont|tai khoan))(?:[ \t]+(?:number|no\.?|num|#|n[uú]mero))?[ \t]*[:#=]?[ \t]*(?:(?:is|es|é)[ \t]+)?(\d{2,12})[ \t]*\r?\n(?:[ \t]*\[[^\]\n]{1,30}\])?(?:[ \t]*[A-Z][\w .'-]{0,24}:)?[ \t]*(\d{2,12})(?=[ \t]*(?:$|[\r\n.,;)(]|sorry|oops|\(o resto\)|\(the rest\)))/dgim;

export function wrappedBankNumbers(t: string): Finding[] {
  const out: Finding[] = [];
  if (!t.includes('\n')) return out;
  WRAPPED_BANK.lastIndex = 0;
  for (let m = WRAPPED_BANK.exec(t); m; m = WRAPPED_BANK.exec(t)) {
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

/**
 * A record whose SSN runs into the surname after it, as fixed-width files print them
 * ("2024Q3 577326081PEREZ CASTILLO", "RECORD IN ERROR: 552073318HOLLIS"): nine digits that make a
 * valid SSN, then a name in capitals. Identifiers fail closed.
 */
const GLUED_NAME = /(?<![\d])(\d{9})(?=[A-Z]{2}[A-Z'-]*(?:[ ,][A-Z]|[ ]{2}))/g;

export function gluedRecordSsns(t: string): Finding[] {
  const out: Finding[] = [];
  GLUED_NAME.lastIndex = 0;
  for (let m = GLUED_NAME.exec(t); m; m = GLUED_NAME.exec(t)) {
    if (m.index > 0 && /[A-Za-z]/.test(t[m.index - 1]!) && !/^[A-Z]\d/.test(t.slice(m.index - 1, m.index + 1))) continue;
    if (!isValidSsnDigits(m[1]!) || isValidItinDigits(m[1]!)) continue;
    out.push({ type: 'ssn', start: m.index, end: m.index + 9, confidence: 'medium', rule: 'ssn.record' });
  }
  return out;
}

/** "rt 295418779 / 31100048812": a routing number, a slash, and the account it opens. */
const ROUTING_SLASH = /(?<![A-Za-z])(?:r[o0]uting|rtn|rt|aba|ruta)(?:[ \t]+(?:number|no\.?|#))?[ \t:#]*(\d{9})[ \t]*\/[ \t]*(\d{4,17})(?![\d-])/dgi;

export function accountAfterRouting(t: string): Finding[] {
  const out: Finding[] = [];
  if (!t.includes('/')) return out;
  ROUTING_SLASH.lastIndex = 0;
  for (let m = ROUTING_SLASH.exec(t); m; m = ROUTING_SLASH.exec(t)) {
    if (!isValidAbaRouting(m[1]!)) continue;
    const [start, end] = m.indices![2]!;
    out.push({ type: 'bank_account', start, end, confidence: 'medium', rule: 'bank_account.after_routing' });
  }
  return out;
}

/** An SSN, ITIN or TIN word before `start`, on its line or the few lines above, and no other id's label in between on its line. */
function cued(t: string, start: number): boolean {
  let from = start;
  let lines = 0;
  while (from > 0 && from > start - CUE_REACH) {
    if (t.charCodeAt(from - 1) === 10 && ++lines > CUE_LINES) break;
    from--;
  }
  const near = t.slice(Math.max(0, start - 14), start);
  const own = categoriesIn(near.slice(near.lastIndexOf('\n') + 1));
  if ((own & (C.ID_OTHER | C.PARTIAL)) !== 0 && (own & ID_WORDS) === 0) return false;
  return (categoriesIn(t.slice(from, start).slice(-200)) & ID_WORDS) !== 0;
}

/**
 * Labels in scripts the word index does not read (it reads Latin letters): Korean, Chinese, Arabic
 * and Russian claimants' messages name a routing number, an account or an SSN in their own words
 * ("라우팅 번호 088532260, 계좌번호 5520193347", "رقم التوجيه: 084342302"). Sources: the translated
 * direct-deposit and SSN pages of SSA and state UI agencies in those languages.
 */
const SCRIPT_LABEL = /(라우팅\s*번호|라우팅|رقم\s+التوجيه|路由号码|路由號碼|银行路由号|маршрутн\S*\s+номер|номер\s+маршрута)|(계좌\s*번호|رقم\s+الحساب|账号|帳號|账户号码|帳戶號碼|номер\s+сч[её]та)|(사회\s*보장\s*번호|رقم\s+الضمان\s+الاجتماعي|社会安全号码?|社會安全號碼?|社会保障号码?|номер\s+социального\s+страхования)/dgu;
const SCRIPT_VALUE = /^[\s:：]*(\d(?:[ -]?\d){3,16})(?![\d-])/;

export function scriptLabelled(t: string): Finding[] {
  const out: Finding[] = [];
  // Cheap exit: none of these scripts in the text.
  if (!/[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff\uac00-\ud7af]/.test(t)) return out;
  SCRIPT_LABEL.lastIndex = 0;
  for (let m = SCRIPT_LABEL.exec(t); m; m = SCRIPT_LABEL.exec(t)) {
    const after = m.index + m[0].length;
    const v = SCRIPT_VALUE.exec(t.slice(after, after + 40));
    if (!v) continue;
    const digits = v[1]!.replace(/\D/g, '');
    const start = after + v[0].length - v[1]!.length;
    const end = after + v[0].length;
    const type = m[1] !== undefined
      ? (digits.length === 9 && isValidAbaRouting(digits) ? 'routing_number' : undefined)
      : m[2] !== undefined
        ? (digits.length >= 4 && digits.length <= ACCOUNT_MAX_DIGITS ? 'bank_account' : undefined)
        : digits.length === 9 ? (isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined) : undefined;
    if (type) out.push({ type, start, end, confidence: 'high', rule: `${type}.labelled` });
  }
  SCRIPT_MONEY.lastIndex = 0;
  for (let m = SCRIPT_MONEY.exec(t); m; m = SCRIPT_MONEY.exec(t)) {
    const [start, end] = m.indices![3]!;
    const type = m[1] !== undefined ? 'ui_benefit' : 'wage';
    out.push({ type, start, end, confidence: 'high', rule: `${type}.context` });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Benefit and pay words in the same scripts, and the amount after them within a few words
 * ("실업수당 주당 398달러", "失业金是376美元", "пособие по безработице — 415 долларов",
 * "إعانة البطالة الأسبوعية 455 دولاراً"). Sources: state UI agencies' claimant pages in Korean, Chinese,
 * Russian and Arabic.
 */
const SCRIPT_MONEY = /(?:(실업\s*수당|실업\s*급여|초과\s*지급|失业金|失業金|失业救济金?|失業救濟金?|失业保险金|超额支付|пособи[ея](?:\s+по\s+безработице)?|إعانة\s+البطالة(?:\s+الأسبوعية)?)|(工资|薪水|薪资|时薪|時薪|小费|小費|收入|зарплат[а-я]*|заработ[а-я]*|получал[а-я]*|راتب[\u0600-\u06ff]*|أكسب|임금|월급|시급))[^\d\n]{0,14}?(\d{1,3}(?:[,.]\d{3})*(?:[.,]\d\d)?|\d+)(?![\d-])/dgu;
