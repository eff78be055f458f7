/**
 * Identifiers that fail closed: a number written the way forms and scans break it up, read after a
 * label that says what it is. Government forms print an SSN in three boxes ("509 | 48 | 5643",
 * "[630]-[35]-[0176]") or one box per digit; PDF text extraction puts each box on its own line; web
 * forms post the boxes as separate fields (`ssn1=536&ssn2=22&ssn3=1874`, `ssn_d1=5&…`); OCR reads
 * letters in place of digits (O/0, I/l/1, S/5, B/8, Z/2). Nine digit-equivalents after an SSN, ITIN
 * or TIN label that make a valid number are that number: masking a claim number by mistake costs far
 * less than a full SSN leaving. Routing numbers (with their checksum) and account numbers are read
 * the same way after their labels.
 */
import { isValidAbaRouting, ACCOUNT_MAX_DIGITS, ACCOUNT_MIN_DIGITS } from './bank';
import { isPlausibleDate } from './dob';
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { mentionsBanking, othersAccount, UNBANKED_ACCOUNT_MIN_DIGITS } from './parties';
import { isValidSsnDigits } from './ssn';
import type { Finding, FindingType } from './types';

type Kind = 'ssn' | 'tin' | 'routing' | 'account' | 'dob' | 'ein';

/**
 * Labels, OCR-tolerant where faxes garble them ("S0cial", "S5N", "N0."). The label must not sit
 * inside a longer word; a field name may carry a box number after it ("ssn1", "ssn_d1", "itin_2").
 */
const LABEL =
  /(?<![A-Za-z])(?:(s[s5$]n|s\.\s?s\.\s?n\.?|ss\s?#|s[o0]cial(?:\s+security)?|s[o0]c\.?\s*sec\.?|seguro\s+social)|(itin|tin|taxpayer\s+id(?:entification)?)|(r[o0]ut[i1l]n[gq](?:\s+transit)?|transit|aba|rtn|ruta(?:\s+bancaria)?)|((?:depositor\s+|bank\s+|checking\s+|savings\s+)?(?:acc[o0]unt|acct|cuenta))|(d[o0]b|date\s+[o0]f\s+birth|birth\s*date|fecha\s+de\s+nacimiento)|(f?ein|employer\s+identification(?:\s+number)?))(?![A-Za-z])/gi;

/** Between the label and the value: punctuation, "number"/"No.", "is"; or a field name's box suffix. */
const GAP = /(?:[\s:#.=\-–_|[\]()"',]|(?<![A-Za-z])(?:nu[mn]bers?|n[o0]s?|num|nbr|is|es|was|ending)(?![A-Za-z]))*/iy;
/** Words between an identity label and its colon ("social over the phone:"), lower case only. */
const WORDS_TO_COLON = /(?:[a-z]{2,10}[ \t]+){0,3}[a-z]{2,10}\)?[ \t]*:/y;
const KEY_SUFFIX = /[_-]?(?:[A-Za-z]{1,2}[_-]?)?\d{0,2}["']?\s*[=:]\s*["']?/y;
/** One box: digits, and the letters OCR reads in their place. */
const GROUP = /[0-9OoIlSBZ]{1,17}(?![A-Za-z0-9])/y;
/**
 * Between boxes on a page: a dash, a space, a bar, a box holding a dash or nothing (`|-|`, `| |`), a bracket
 * pair, a line break, a dash ending a line (a value the line wrap broke: "604-" / "38-1172"), a PDF
 * form's next field id ("229 [Text3] 41 [Text4] 6053").
 */
const PAGE_SEP = /(?:[ \t]+\[[A-Za-z][A-Za-z_]{0,12}\d{1,3}\][ \t]+|[ \t]*\|[ \t]*[-–]?[ \t]*\|[ \t]*|[ \t]*[-–][ \t]*\r?\n[ \t]*|\]?[ \t]*[-–./|][ \t]*\[?|\][ \t]*\[|\]?[ \t]*\r?\n[ \t]*\[?|\]?[ \t]+\[?)/y;
/** Between groups of a number read aloud: a comma and spaces. */
const SPOKEN_SEP = /,[ \t]+/y;
const singleDigitAt = (t: string, k: number) => /^[0-9OoIlSBZ](?![0-9A-Za-z])/.test(t.slice(k, k + 2));

/** Between boxes posted as fields: the next field's name (`&ssn2=`, `","ssn_2":"`). */
const FIELD_SEP = /(?:&|["']?\s*,\s*["']?)([A-Za-z_][A-Za-z_-]{0,30})\d{0,2}["']?\s*[=:]\s*["']?/y;

/** A value in a shape the token rules read, ending there (no box, no OCR letter, nothing glued on). */
const PLAIN = /(?:\d{3}-\d{2}-\d{4}|\d{2}-\d{7}|\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4,17})(?![\w\-–./|\]]|\s\d)/y;

/** A date in its usual compact shape, one separator kind and no spaces. */
const COMPACT_DATE = /^\d{1,4}([/.-])\d{1,2}\1\d{1,4}$|^\d{8}$/;
const DATE_FORMAT = /\(?\s*(?:mm|month)[\s/.-]*(?:dd|day)[\s/.-]*(?:yyyy|yy|year)\s*\)?[\s:]*/iy;

const OCR: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', S: '5', B: '8', Z: '2' };

interface Read {
  start: number;
  end: number;
  digits: string;
  groups: Array<{ start: number; end: number; digits: number }>;
  /** Boxes separated by field names: each box is its own finding. */
  fields: boolean;
  ocr: boolean;
}

/** `stem`: the label that named the first box; a field that continues the value is named like it. */
function readValue(t: string, at: number, want: number, stem: string): Read | null {
  const groups: Read['groups'] = [];
  let digits = '';
  let fields = false;
  let ocr = false;
  let i = at;
  if (t[i] === '[') i++;
  for (;;) {
    GROUP.lastIndex = i;
    const g = GROUP.exec(t);
    if (!g) break;
    const text = g[0];
    const real = text.replace(/[^0-9]/g, '').length;
    // A run of letters alone is a word, not a box ("Sol", "SOS").
    if (real === 0 && text.length > 1) break;
    let d = '';
    for (const ch of text) d += OCR[ch] ?? ch;
    if (d.length !== real) ocr = true;
    if (digits.length + d.length > want) return null;
    digits += d;
    groups.push({ start: i, end: i + text.length, digits: d.length });
    i += text.length;
    if (digits.length === want) break;
    PAGE_SEP.lastIndex = i;
    // A nine-digit number read aloud and typed as heard: "2 5 8, 6 1, 3 0 4 7", "483, 19, 5520".
    SPOKEN_SEP.lastIndex = i;
    // …and an account read digit by digit the same way ("8, 8, 1, 2, 0, 0, 4, 6").
    const sep = PAGE_SEP.exec(t) ?? (want === 9 || text.length === 1 ? SPOKEN_SEP.exec(t) : null);
    // Across a line break only one box a digit to the next (a comb field extracted line by line); a
    // longer group on either side ends the value ("7 7 0 4" then the next chat line's "12:01").
    const across = sep !== null && sep[0].includes('\n') && !/^[ \t]*[-–]/.test(sep[0]);
    if (sep && !(across && (text.length > 1 || !singleDigitAt(t, i + sep[0].length)))) {
      i += sep[0].length;
      continue;
    }
    FIELD_SEP.lastIndex = i;
    const field = FIELD_SEP.exec(t);
    if (field && field[1]!.toLowerCase().startsWith(stem)) {
      fields = true;
      i += field[0].length;
      continue;
    }
    break;
  }
  if (groups.length === 0) return null;
  // The number goes on after the value ("536-22-1874-B", "…1874-22"): a longer id, not this one.
  const after = groups[groups.length - 1]!.end;
  if (/^[-–./][A-Za-z0-9]/.test(t.slice(after, after + 2))) return null;
  // …or goes on in boxes this reading did not take: more digits, or digits already masked
  // ("000 00 *0000": read alone, "000 00" would be masked on a second pass, and masking must not
  // change masked text).
  if (/^[*•●xX]/.test(t.slice(after, after + 1))) return null;
  PAGE_SEP.lastIndex = after;
  const more = PAGE_SEP.exec(t);
  if (more) {
    // A box that follows is a digit group or a masked digit; "1c" (the next line's item number) is not,
    // nor a checkbox ("[X] Checking").
    const k = after + more[0].length;
    GROUP.lastIndex = k;
    const g = /^[0-9]/.test(t.slice(k, k + 1)) ? GROUP.exec(t) : null;
    const nextLine = more[0].includes('\n');
    // …and on the next line, a number followed by words is that line's item number ("1 Wages"), and
    // a longer number (a time, "12:01") is the next line's own: only one digit a box continues a comb.
    const item = g !== null && nextLine && (/^[.)]?[ \t]+[A-Za-z]/.test(t.slice(k + g[0].length, k + g[0].length + 3)) || g[0].length > 1);
    if (/^[*•●xX](?!\])/.test(t.slice(k, k + 2)) || (g && !item)) return null;
  }
  // Most of a value read by OCR must still be digits.
  const real = groups.reduce((n, g) => n + t.slice(g.start, g.end).replace(/[^0-9]/g, '').length, 0);
  if (real < Math.ceil(digits.length * 0.6)) return null;
  return { start: groups[0]!.start, end: after, digits, groups, fields, ocr };
}

const NOT_BANK = /(?:employer|state|ui|sui|reserve|check|trace|claim|case|member|customer|agency)\W{0,3}$/i;

/** The line a label is on holds no other column before it (no delimiter, no number but the form's item number: "10. "). */
function aloneOnLine(t: string, labelStart: number): boolean {
  const lineStart = t.lastIndexOf('\n', labelStart - 1) + 1;
  return !/[,\t|;0-9]/.test(t.slice(lineStart, labelStart).replace(ITEM_NUMBER, ''));
}

/** A printed form's item number before its label: "10. ", "1a ", "(3) ". */
const ITEM_NUMBER = /^[ \t]*\(?\d{1,2}[a-z]?[.)]?[ \t]+/;

/**
 * A label heading a column of a printed form, another label beside it ("10. ROUTING NUMBER   CHECK
 * DIGIT"): its value is on the next line, beneath it. Where that value starts, or -1.
 */
function beneath(t: string, labelStart: number, at: number): number {
  // Bounded both ways: a label heads a column only on a printed line of ordinary length.
  const head = t.slice(Math.max(0, labelStart - 24), labelStart);
  const nl = head.lastIndexOf('\n');
  if (nl < 0 && labelStart > 24) return -1;
  const lineStart = labelStart - head.length + nl + 1;
  if (!/^[ \t]*$/.test(t.slice(lineStart, labelStart).replace(ITEM_NUMBER, ''))) return -1;
  const rest = t.slice(at, at + 200);
  const lineEnd = rest.indexOf('\n') < 0 ? -1 : at + rest.indexOf('\n');
  if (lineEnd < 0 || /[0-9]/.test(t.slice(at, lineEnd))) return -1;
  let v = lineEnd + 1;
  while (t.charCodeAt(v) === 32 || t.charCodeAt(v) === 9) v++;
  // Beneath the label: starting within a few columns of it.
  return Math.abs(v - lineEnd - 1 - (labelStart - lineStart)) <= 6 && /[0-9]/.test(t[v] ?? '') ? v : -1;
}

function classify(kind: Kind, digits: string): FindingType | null {
  if (kind === 'ssn' || kind === 'tin') {
    if (digits.length !== 9) return null;
    if (isValidItinDigits(digits)) return 'itin';
    if (isValidSsnDigits(digits)) return 'ssn';
    return null;
  }
  if (kind === 'dob') {
    if (digits.length !== 8) return null;
    return isPlausibleDate(+digits.slice(4), +digits.slice(0, 2), +digits.slice(2, 4)) && +digits.slice(4) >= 1900 ? 'dob' : null;
  }
  if (kind === 'ein') return digits.length === 9 && isValidEinDigits(digits) ? 'fein' : null;
  if (kind === 'routing') return digits.length === 9 && isValidAbaRouting(digits) ? 'routing_number' : null;
  return digits.length >= ACCOUNT_MIN_DIGITS && digits.length <= ACCOUNT_MAX_DIGITS ? 'bank_account' : null;
}

/**
 * Identifiers read after their labels across boxes, fields and OCR letters. Where the token rules
 * find the same value the two agree (detectEach keeps theirs); an account number in one group is
 * left to them.
 */
export function boxedIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  // Labels are looked for only in the stretch before each run of digits (every value holds some):
  // prose without numbers costs one pass of a digit search, not a pass of the label pattern.
  const DIGITS = /[0-9]+/g;
  let looked = 0;
  // Each run of digits [at, end): found by a test (no match object), its start read back from its end.
  for (let searched = 0; DIGITS.test(t); searched = DIGITS.lastIndex) {
    const end = DIGITS.lastIndex;
    let at = end - 1;
    while (at > searched && isDigitCode(t.charCodeAt(at - 1))) at--;
    // A digit or two inside a word ("S0cial", "N0.", "ssn1") is part of a label, not a value.
    if (end - at <= 2 && (isLetter(t.charCodeAt(at - 1)) || isLetter(t.charCodeAt(end)))) continue;
    let from = Math.max(looked, at - LOOK_BACK);
    while (from > looked && isLetter(t.charCodeAt(from - 1))) from--;
    // No label is shorter than three characters ("SSN", "DOB", "TIN").
    if (at - from < 3) {
      looked = at;
      continue;
    }
    const stretch = t.slice(from, at);
    looked = at;
    LABEL.lastIndex = 0;
    for (let m = LABEL.exec(stretch); m; m = LABEL.exec(stretch)) {
      const end = readAfterLabel(t, from + m.index, m, out);
      if (end > 0) {
        looked = end;
        DIGITS.lastIndex = end;
        break;
      }
    }
  }
  return out;
}

/** How far before a run of digits its label may start: the longest label, the widest gap, a bracket. */
const LOOK_BACK = 72;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** Reads the value after the label `m` found at `index`; pushes its findings and returns where it ends, or 0. */
function readAfterLabel(t: string, index: number, m: RegExpExecArray, out: Finding[]): number {
  const kind: Kind = m[1] ? 'ssn' : m[2] ? 'tin' : m[3] ? 'routing' : m[4] ? 'account' : m[5] ? 'dob' : 'ein';
  let at = index + m[0].length;
  KEY_SUFFIX.lastIndex = at;
  const key = KEY_SUFFIX.exec(t);
  if (key && /[=:]/.test(key[0])) at += key[0].length;
  GAP.lastIndex = at;
  at += GAP.exec(t)![0].length;
  // "his social over the phone: 309 54 6564": a few words in lower case, then the colon that ends
  // the label. The token rules do not see such a label, so the value is read here whatever its shape.
  WORDS_TO_COLON.lastIndex = at;
  const words = kind === 'ssn' || kind === 'tin' ? WORDS_TO_COLON.exec(t) : null;
  if (words) {
    at += words[0].length;
    GAP.lastIndex = at;
    at += GAP.exec(t)![0].length;
  }
  if (at - (index + m[0].length) > 40) return 0;
  // A fixed-format message runs its fields together: "SSN482330917KRAUSE" (the label, the number, the name).
  if (at === index + m[0].length && (kind === 'ssn' || kind === 'tin') && /^[A-Z]/.test(m[0])) {
    const glued = /^(\d{9})(?=[A-Z])/.exec(t.slice(at, at + 10));
    const type = glued ? classify(kind, glued[1]!) : null;
    if (type) {
      out.push({ type, start: at, end: at + 9, confidence: 'high', rule: `${type}.boxes` });
      return at + 9;
    }
  }
  // A label on the line above its value ("Your Social Security Number" / "5 8 8 …") stands alone
  // on its line; one of several column names ("Claim ID,SSN") is a table's header, whose own
  // reader (the token rules' table context) decides which column a value is in.
  if (t.slice(index + m[0].length, at).includes('\n') && !aloneOnLine(t, index)) return 0;
  // An employer's, a state's or a check's account is not a bank account.
  if (kind === 'account' && !/^(?:depositor|bank|checking|savings)/i.test(m[0]) && (NOT_BANK.test(t.slice(Math.max(0, index - 24), index)) || othersAccount(t, index))) return 0;
  if (at >= t.length) return 0;
  // The common case, a value in its usual shape right after its label ("SSN 536-22-1874", "routing
  // 021000021", "DOB 04/12/1985"), is the token rules' own: they read it with the label.
  // A label OCR garbled ("R0uting", "D0B", "S5N") is one they do not know: the value is read here.
  const ocrLabel = /[0-9$]|ut1n|inq/i.test(m[0]);
  PLAIN.lastIndex = at;
  const plain = words || ocrLabel ? null : PLAIN.exec(t);
  if (plain) return at + plain[0].length;
  // A birth date's format in brackets before it ("Date of birth (MM DD YYYY)") is part of its label.
  if (kind === 'dob') {
    DATE_FORMAT.lastIndex = at;
    const f = DATE_FORMAT.exec(t);
    if (f) {
      at += f[0].length;
      GAP.lastIndex = at;
      at += GAP.exec(t)![0].length;
    }
  }
  const want = kind === 'account' ? ACCOUNT_MAX_DIGITS : kind === 'dob' ? 8 : 9;
  let r = readValue(t, at, want, m[0].toLowerCase());
  if (!r && /[A-Za-z]/.test(t[at] ?? '')) {
    const v = beneath(t, index, at);
    if (v >= 0) r = readValue(t, v, want, m[0].toLowerCase());
  }
  if (!r) return 0;
  const type = classify(kind, r.digits);
  if (!type) return 0;
  // A plain "account" without "number" and short of a bank's ten digits is a bank account only in a text about banking.
  if (kind === 'account' && !/^(?:depositor|bank|checking|savings)/i.test(m[0]) && !/number|n[o0]\b|#/i.test(t.slice(index, at)) &&
    r.digits.length < UNBANKED_ACCOUNT_MIN_DIGITS && !mentionsBanking(t)) return 0;
  // An account number the token rules read whole is theirs to judge (its own label may say
  // it is an employer's or a check's number).
  if (kind === 'account' && r.groups.length === 1 && !r.ocr && !ocrLabel) return 0;
  // So is a birth date written as dates are ("10/03/1977", "10-03-1977": the token rules read it
  // with its label); one spaced out ("10 / 03 / 1977", "10 03 1977", as forms print it) is read here.
  if (kind === 'dob' && !r.ocr && !ocrLabel && r.groups.length <= 3 && COMPACT_DATE.test(t.slice(r.start, r.end))) return 0;
  const rule = `${type}.${r.ocr ? 'ocr' : 'boxes'}`;
  if (!r.fields) {
    out.push({ type, start: r.start, end: r.end, confidence: 'high', rule });
    return r.end;
  }
  // Boxes posted as fields: one finding a box, each keeping its share of the visible tail.
  let following = r.digits.length;
  for (const g of r.groups) {
    following -= g.digits;
    out.push({ type, start: g.start, end: g.end, confidence: 'high', rule, ...(following > 0 ? { followingDigits: following } : {}) });
  }
  return r.end;
}
