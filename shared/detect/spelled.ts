/**
 * Identifiers spelled out in words: "her social is five three six, two two, one eight seven four",
 * "seguro social cinco tres seis dos dos uno ocho siete cuatro". People write a number this way to
 * get past a filter, or read it aloud into a voicemail or chat transcript. Nine digit words in a row
 * (English or Spanish, "oh" for zero) that make a valid SSN or ITIN are that number, as nine digits
 * would be; longer or shorter runs are not read (a phone number has ten), nor is counting from one to nine. A label before the run
 * ("social", "SSN", "TIN", "seguro social") makes it high confidence, else medium: nine digit words
 * in a row are rare enough in prose that failing closed costs little.
 */
import { isValidAbaRouting } from './bank';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

export const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  cero: '0', uno: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9',
};

// The words as a trie, so that the scan over a text tells at its first letter whether a word may start
// there (a plain list of alternatives costs several times more over a long mail).
const WORD = '(?:t(?:wo|hree|res)|f(?:ive|our)|s(?:ix|even|eis|iete)|eight|n(?:ine|ueve)|o(?:ne|h|cho)|zero|c(?:ero|uatro|inco)|uno|dos)';
/** Between digit words: spaces, a comma, a dash, a dot (at most three characters, one line). */
const SEP = '[ \\t,.\\-\u2013]{1,3}';
/** A run of digit words, as long as it goes (its length decides, so "… nine, ten" is no run of nine). */
const RUN = new RegExp(`\\b${WORD}(?:${SEP}${WORD}){4,}\\b`, 'gi');
const WORD_IN_RUN = new RegExp(WORD, 'gi');
/**
 * Two digit words in a row: a cheap test of whether a text may hold a spelled identifier, for
 * callers that skip texts with no digit before detecting.
 */
export const SPELLED_PAIR = new RegExp(`\\b${WORD}${SEP}${WORD}\\b`, 'i');
/** An identity label within the stretch before the run. */
const LABEL = /(?<![A-Za-z])(?:ssn|s\.\s?s\.\s?n\.?|ss\s?#|social|soc\.?\s*sec|seguro\s+social|itin|tin|taxpayer\s+id)(?![A-Za-z])/i;
const LOOK_BACK = 60;
/** A routing or account label right before a run ("the routing is", "your account number is"). */
const BANK_LABEL = /(?<![A-Za-z])(routing|ruta|account|acct|cuenta)(?:\s+(?:number|no\.?|#))?\s*(?:is|es|:)?\s*$/i;

/** SSNs and ITINs written as nine digit words, in order of position. */
export function spelledIdentifiers(t: string): Finding[] {
  const out: Finding[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(t); m; m = RUN.exec(t)) {
    const words = m[0].match(WORD_IN_RUN)!;
    const digits = words.map((w) => DIGIT_WORDS[w.toLowerCase()]!).join('');
    const before = t.slice(Math.max(0, m.index - LOOK_BACK), m.index);
    // "The routing is zero three one, one four nine, one four seven and your account is eight eight
    // one two, …": a bank's numbers read aloud, named by the word nearest before them.
    const bank = BANK_LABEL.exec(before.slice(-32));
    if (bank) {
      const routing = /^r/i.test(bank[1]!);
      if (routing ? digits.length === 9 && isValidAbaRouting(digits) : digits.length >= 6 && digits.length <= 17) {
        const type = routing ? 'routing_number' : 'bank_account';
        out.push({ type, start: m.index, end: m.index + m[0].length, confidence: 'high', rule: `${type}.spelled` });
      }
      continue;
    }
    if (words.length !== 9) continue;
    // Counting aloud ("one, two, three … nine") is no number.
    if (digits === '123456789' || digits === '987654321') continue;
    const type = isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined;
    if (!type) continue;
    const labelled = LABEL.test(before);
    out.push({ type, start: m.index, end: m.index + m[0].length, confidence: labelled ? 'high' : 'medium', rule: `${type}.spelled` });
  }
  return out;
}

/** Whether a value is digit words only (masked word by word, see maskSpelled). */
export function isSpelledValue(value: string): boolean {
  RUN.lastIndex = 0;
  const m = RUN.exec(value);
  return !!m && m.index === 0 && m[0].length === value.length;
}

/**
 * A spelled value with all but its last `keep` digit words hidden, letter by letter: the length and
 * every offset stay, and masking it again changes nothing.
 */
export function maskSpelled(value: string, keep: number): string {
  const words = [...value.matchAll(WORD_IN_RUN)];
  let hide = words.length - Math.max(0, keep);
  let out = '';
  let at = 0;
  for (const w of words) {
    if (hide <= 0) break;
    out += value.slice(at, w.index) + '*'.repeat(w[0].length);
    at = w.index! + w[0].length;
    hide--;
  }
  return out + value.slice(at);
}
