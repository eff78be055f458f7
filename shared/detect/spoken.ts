/**
 * An SSN or ITIN said or typed the way people give it when asked: read aloud into a voicemail or a
 * hearing transcript ("three double-one, four seven, two eight double-six", "three two seven dash
 * um four four dash zero nine one six", "cinco cuatro uno guion cero dos…"), in digits between
 * words and pauses ("3 0 6 dash 4 1 dash 7 7 2 9"), over two speaker turns or two text messages
 * ("528-90" then "-1447 sorry hit send"), or wrapped over lines in a chat ("224-5" / "8-3119").
 *
 * After an identity word ("social", "SSN", "SS#", "seguro social"), the digits that follow — digit
 * characters, digit words, "double"/"triple" — are read through pauses, fillers, "dash", commas,
 * line breaks and the next speaker's name, until nine are read. Nine that make a valid SSN or ITIN
 * are that number: each line's stretch is a finding of its own, masked with its share of the last
 * digits (Finding.followingDigits), so the speakers' names and the words between stay as they are.
 * Fewer or more than nine (a phone number, the last four) are nothing.
 */
import { C, categoriesIn } from './context';
import { DIGIT_WORDS } from './spelled';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

/** An identity word that asks for or gives the number. */
const CUE = /(?<![A-Za-z])(?:ssn|s\.\s?s\.\s?n\.?|ss\s?#|ss(?=\s+(?:is|es|number|no)\b)|s\/s|social(?:\s+security)?(?!\s+(?:wages|tips|tax|taxes|benefits?|office|administration|act|income|disability|retirement|card|withheld|statement|payments?|checks?|tips)\b)|soc\.?\s*sec\.?|seguro\s+social|(?:sekirite\s+)?sosyal|an\s+sinh\s+xa\s+hoi)(?![A-Za-z])/gi;
/** An SSN written as usual right after the word. */
const PLAIN_AFTER = /^[\s:#.=)-]{0,4}(?:(?:number|no|num|is)\b[\s:#.=-]*)?\d{3}([- .]?)\d{2}\1\d{4}(?![\d-])/i;
/** How far after the cue the first digit may be (a question and the answer's speaker between). */
const FIRST_WITHIN = 48;
/** How far the whole number may run after its first digit. */
const SPAN = 160;

/** One unit of the number: a run of digits, a digit word, or "double"/"triple" and a digit word. */
/** The digit words (English and Spanish) the spelled reader knows. */
const WORDS = Object.keys(DIGIT_WORDS).join('|');
const UNIT = new RegExp(String.raw`(\d{1,4})(?![\d])|(?:(double|doble|triple)[- ]?)?\b(${WORDS})\b`, 'iy');
/** Where a unit may start: a digit, a digit word, or "double"/"triple". */
const FIRST = new RegExp(String.raw`\d|\b(?:${WORDS}|double|doble|triple)\b`, 'iy');
/** Between units: pauses and fillers; a line break with the next speaker's name or a quote mark. */
const FILLER = /(?:[ \t,.;:…'"¿?!()-]|\b(?:dash|hyphen|guion|guión|um+|uh+|erm|eh|este|and|y|sorry|yeah|ok|okay|so|then|(?:the\s+)?rest(?:\s+is)?)\b)+/iy;
/**
 * The next speaker's turn: a line break, then a blank line and a WebVTT cue's timing line
 * ("00:04:15.000 --> 00:04:17.300"), a time in brackets, the speaker's name.
 */
const TURN = /\r?\n(?:[ \t]*\r?\n)?(?:[ \t]*(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}[ \t]+-->[^\n]*\r?\n)?(?:[ \t>]*)(?:\[[^\]\n]{0,40}\][ \t]*)?(?:[A-Za-z][\w .'()-]{0,30}:[ \t]*)?/y;
/** A line's speaker, as a chat or transcript names them ("Member: ", "[09:14] Agent Mia: "). */
const SPEAKER = /\n[ \t]*(?:\[[^\]\n]{0,40}\][ \t]*)?[A-Za-z][\w .'()-]{0,30}:/g;
/** The name of a part of the number given on its own ("first five", "last four digits"). */
const PART = /\b(?:first|last)\s+(?:five|four|5|4)(?:\s+digits)?\b/iy;
/** A short line without digits between two turns ("JUDGE: Go ahead."), skipped at most twice. */
const SHORT_LINE = /\r?\n[^\n\d]{0,50}(?=\r?\n)/y;

interface Stretch {
  start: number;
  end: number;
  digits: number;
}

/** SSNs and ITINs said or typed in pieces after an identity word. */
export function spokenIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  CUE.lastIndex = 0;
  let done = 0;
  for (let m = CUE.exec(t); m; m = CUE.exec(t)) {
    const from = m.index + m[0].length;
    if (from < done) continue;
    // The common case, "SSN 536-22-1874", is the token rules' to read: skipped at once.
    if (PLAIN_AFTER.test(t.slice(from, from + 24))) continue;
    const read = readNumber(t, from);
    if (!read) continue;
    done = read.stretches[read.stretches.length - 1]!.end;
    CUE.lastIndex = done;
    let following = 9;
    for (const s of read.stretches) {
      following -= s.digits;
      out.push({ type: read.type, start: s.start, end: s.end, confidence: 'high', rule: `${read.type}.spoken`, ...(following > 0 ? { followingDigits: following } : {}) });
    }
  }
  return out;
}

function readNumber(t: string, from: number): { type: 'ssn' | 'itin'; stretches: Stretch[] } | null {
  // The first unit: within reach of the cue, across at most two lines.
  let i = firstUnit(t, from);
  if (i < 0) return null;
  const stop = Math.min(t.length, i + SPAN);
  let digits = '';
  const stretches: Stretch[] = [];
  let cur: Stretch | null = null;
  let plain = true;
  let skipped = 0;
  while (i < stop && digits.length < 9) {
    // "And last 4?": the words that name the next part are no digits.
    PART.lastIndex = i;
    const part = PART.exec(t);
    if (part) {
      i += part[0].length;
      continue;
    }
    UNIT.lastIndex = i;
    const u = UNIT.exec(t);
    if (u) {
      const d = u[1] ?? expand(u[2], u[3]!);
      if (!u[1]) plain = false;
      if (digits.length + d.length > 9) return null;
      digits += d;
      if (!cur) cur = { start: i, end: i, digits: 0 };
      cur.end = i + u[0].length;
      cur.digits += d.length;
      i = cur.end;
      continue;
    }
    FILLER.lastIndex = i;
    const f = FILLER.exec(t);
    if (f) {
      if (/[a-z]/i.test(f[0])) plain = false;
      i += f[0].length;
      continue;
    }
    SHORT_LINE.lastIndex = i;
    const short = skipped < 2 ? SHORT_LINE.exec(t) : null;
    if (short && cur) {
      skipped++;
      i += short[0].length;
      continue;
    }
    TURN.lastIndex = i;
    const turn = TURN.exec(t);
    if (!turn) break;
    if (cur) stretches.push(cur);
    cur = null;
    plain = false;
    i += turn[0].length;
  }
  if (cur) stretches.push(cur);
  // Digits alone in one stretch right after the label ("SSN 536 22-1874", "Social Security No. 4 1 2 …")
  // are the token and box rules' to read; after other words ("…de EE.UU.: 5 4 8 - 2 1 - …") they are this reader's.
  // An amount ("$1,301,004.75", "13,486.18") or a date ("4.9.1970") is no number said in pieces.
  if (stretches.some((st) => /\d[.,/]\d/.test(t.slice(st.start, st.end))) || t[(stretches[0]?.start ?? 1) - 1] === '$') return null;
  // Another number's label between the word and the digits ("SSN on file. Claim no. 513 40 2286"): that number.
  // (The next speaker's name, "Member:", is no label.)
  if ((categoriesIn(t.slice(from, stretches[0]?.start ?? from).replace(SPEAKER, '\n')) & (C.ID_OTHER | C.PARTIAL)) !== 0) return null;
  const adjacent = /^[\s:#.=()-]*(?:(?:number|no|num|is|es|was)\b[\s:#.=-]*)?$/i.test(t.slice(from, stretches[0]?.start ?? from));
  if (digits.length !== 9 || (plain && stretches.length === 1 && adjacent)) return null;
  if (digits === '123456789' || digits === '987654321') return null;
  const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : null;
  // More digits right after: a longer number (a phone, a claim id), not this one.
  if (!type || /^[\s,.-]{0,3}\d/.test(t.slice(i, i + 4))) return null;
  return { type, stretches };
}

/**
 * Where the first unit after the cue starts, or -1: within a few words, a question mark or the next
 * speaker's turn (its time and name are skipped, never read as digits), across at most two lines.
 */
function firstUnit(t: string, from: number): number {
  let i = from;
  let seen = 0;
  let lines = 0;
  while (i < t.length && seen <= FIRST_WITHIN) {
    if (t.charCodeAt(i) === 10 || (t.charCodeAt(i) === 13 && t.charCodeAt(i + 1) === 10)) {
      if (++lines > 2) return -1;
      TURN.lastIndex = i;
      const turn = TURN.exec(t);
      i += turn ? turn[0].length : 1;
      continue;
    }
    // "SSN first five: 529-61" / "SSN last four: 0087": the words name the part, they are no digits.
    PART.lastIndex = i;
    const part = PART.exec(t);
    if (part) {
      i += part[0].length;
      continue;
    }
    FIRST.lastIndex = i;
    // A digit word starts a unit only at a word's start ("someone" holds "one").
    if (FIRST.test(t) && (/\d/.test(t[i]!) || !/[A-Za-z]/.test(t[i - 1] ?? ''))) return i;
    i++;
    seen++;
  }
  return -1;
}

function expand(mult: string | undefined, word: string): string {
  const d = DIGIT_WORDS[word.toLowerCase()]!;
  if (!mult) return d;
  return /^triple$/i.test(mult) ? d + d + d : d + d;
}

/** Words and digits of a stretch this reader found, for masking: each unit and how many digits it is. */
export function spokenUnits(value: string): Array<{ start: number; end: number; digits: number }> {
  const units: Array<{ start: number; end: number; digits: number }> = [];
  const re = new RegExp(String.raw`\d|(?:(double|doble|triple)[- ]?)?\b(${WORDS})\b`, 'gi');
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const n = m[0].length === 1 && /\d/.test(m[0]) ? 1 : expand(m[1], m[2]!).length;
    units.push({ start: m.index, end: m.index + m[0].length, digits: n });
  }
  return units;
}
