/**
 * The confidentiality statement (Missouri DWD plan, "Confidentiality Statement"). It is
 * appended once to every email or fax that carries confidential data, and recognised when it is
 * already there even after a mail client re-wrapped it, quoted it ("> "), changed its spacing, or
 * wrote it as HTML with invisible characters in it.
 */
import { plainView } from './detect/view';
export const CONFIDENTIALITY_STATEMENT =
  'The information contained in or attached to this transmission may be confidential and may be ' +
  'protected by legal privilege. It is intended only for the addressee and access to the information in ' +
  'this transmission by anyone other than the addressee is not authorized. Any unauthorized review, ' +
  'copying, distribution, disclosure, or use of this information is strictly prohibited and may be ' +
  'unlawful. If you are not the addressee, please notify the sender immediately and properly destroy ' +
  'this transmission without disclosure.';

/** Lower case, quote markers dropped, every run of whitespace one space. */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/^[ \t]*(?:>[ \t]?)+/gm, '')
    .replace(/[\s\u00a0\u2007\u2009\u202f\u200b]+/g, ' ')
    .toLowerCase();
}

const normalizedCache = new Map<string, string>();
function normalizedStatement(statement: string): string {
  let n = normalizedCache.get(statement);
  if (n === undefined) {
    n = normalizeForMatch(statement).trim();
    if (normalizedCache.size > 16) normalizedCache.clear();
    normalizedCache.set(statement, n);
  }
  return n;
}

const tailCache = new Map<string, RegExp>();

/** The statement's last words, spelled so that wrapping, quoting and spacing cannot hide them. */
function tailPattern(statement: string): RegExp {
  let re = tailCache.get(statement);
  if (!re) {
    const words = statement.trim().split(/\s+/).slice(-3);
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(escaped.join('[\\s>\u00a0\u2007\u2009\u202f\u200b]+'), 'gi');
    if (tailCache.size > 16) tailCache.clear();
    tailCache.set(statement, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * True when the statement is already in the text. Linear: one search for its last words, then a
 * normalised comparison of only the stretch of text that would hold it.
 */
export function hasStatement(original: string, statement: string = CONFIDENTIALITY_STATEMENT): boolean {
  if (original.length < statement.length / 2) return false;
  // Read as a person sees it: soft hyphens and zero-width spaces gone, &nbsp; a space, <br> a line.
  const text = plainView(original, original.length, { ocr: false })?.text ?? original;
  const want = normalizedStatement(statement);
  const tail = tailPattern(statement);
  for (let m = tail.exec(text); m; m = tail.exec(text)) {
    const end = m.index + m[0].length;
    // Quoting and re-spacing can at most double or triple the statement's length.
    const from = Math.max(0, end - statement.length * 3);
    if (normalizeForMatch(text.slice(from, end)).endsWith(want)) return true;
  }
  return false;
}

/** The text with the statement appended after a blank line, unless it is already present. */
export function appendStatement(text: string, statement: string = CONFIDENTIALITY_STATEMENT): string {
  return hasStatement(text, statement) ? text : withStatement(text, statement);
}

/** The text with the statement appended after a blank line (for a text known not to hold it). */
export function withStatement(text: string, statement: string = CONFIDENTIALITY_STATEMENT): string {
  if (text.length === 0) return statement;
  const gap = text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return text + gap + statement;
}
