/**
 * Labels and amounts in scripts the word index does not read (it reads Latin letters): Korean,
 * Chinese, Arabic and Russian claimants' messages.
 */
import { ACCOUNT_MAX_DIGITS, isValidAbaRouting } from './bank';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import { oncePerText } from './documents';
import type { Finding } from './types';

/**
 * Labels in scripts the word index does not read (it reads Latin letters): Korean, Chinese, Arabic
 * and Russian claimants' messages name a routing number, an account or an SSN in their own words
 * ("라우팅 번호 088532260, 계좌번호 5520193347", "رقم التوجيه: 084342302"). Sources: the translated
 * direct-deposit and SSN pages of SSA and state UI agencies in those languages.
 */
const SCRIPT_LABEL = /(라우팅\s*번호|라우팅|رقم\s+التوجيه|路由号码|路由號碼|银行路由号|маршрутн\S*\s+номер|номер\s+маршрута)|(계좌\s*번호|رقم\s+الحساب|账号|帳號|账户号码|帳戶號碼|номер\s+сч[её]та)|(사회\s*보장\s*번호|رقم\s+الضمان\s+الاجتماعي|社会安全号码?|社會安全號碼?|社会保障号码?|номер\s+социального\s+страхования)/dgu;
const SCRIPT_VALUE = /^[\s:：]*(\d(?:[ -]?\d){3,16})(?![\d-])/;

/** Whether the text holds any of these scripts at all, read once per text. */
const hasScripts = oncePerText((t) => /[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff\uac00-\ud7af]/.test(t));

export function scriptLabelled(t: string): Finding[] {
  const out: Finding[] = [];
  // Cheap exit: none of these scripts in the text.
  if (!hasScripts(t)) return out;
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
    // A maximum, an average or a count of people ("الحد الأقصى", "平均", "1,842人") is no one's amount.
    if (SCRIPT_LIMIT.test(t.slice(Math.max(0, m.index - 20), m.index)) || SCRIPT_COUNT.test(t.slice(end, end + 2))) continue;
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
const SCRIPT_LIMIT = /(?:الحد\s+الأقصى|الحد\s+الأدنى|متوسط|平均|最高|最低|最大|средн|максимал|минимал|최대|최소|평균)/u;
const SCRIPT_COUNT = /^\s?(?:人|名|명|человек)/u;

/**
 * A birth date after its label in these scripts: "出生日期1985年7月22日", "생년월일 1962년 10월 3일",
 * "생년월일 1991.04.18", "дата рождения 03.11.1979", "تاريخ ميلادي 02/09/1983".
 */
const SCRIPT_BIRTH = /(?:出生日期|出生年月日|生日|생년월일|дата\s+рождения|تاريخ\s+(?:ال)?ميلاد[يه]?)[\s:：，,]*((?:19|20)\d\d\s?[年년.]\s?\d{1,2}\s?[月월.]\s?\d{1,2}\s?[日일]?|\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d\d)/dgu;

export function scriptBirthDates(t: string): Finding[] {
  const out: Finding[] = [];
  if (!hasScripts(t)) return out;
  SCRIPT_BIRTH.lastIndex = 0;
  for (let m = SCRIPT_BIRTH.exec(t); m; m = SCRIPT_BIRTH.exec(t)) {
    const [start, end] = m.indices![1]!;
    out.push({ type: 'dob', start, end, confidence: 'high', rule: 'dob.labelled' });
  }
  return out;
}
