/**
 * The context words the detectors read, from the label tables in labels/ (one per kind of value),
 * indexed by first word.
 */
import type { Phrase } from './labels/categories';
import { DATE_AND_REFERENCE_LABELS } from './labels/dates-and-references';
import { IDENTIFIER_LABELS } from './labels/identifiers';
import { LANGUAGE_LABELS } from './labels/languages';
import { MONEY_LABELS } from './labels/money';

export { C } from './labels/categories';
export type { Phrase } from './labels/categories';

export const PHRASES: Phrase[] = [...IDENTIFIER_LABELS, ...MONEY_LABELS, ...DATE_AND_REFERENCE_LABELS, ...LANGUAGE_LABELS];

/** First word → phrases starting with it, longest first. */
export const BY_FIRST_WORD: Map<string, Phrase[]> = (() => {
  const m = new Map<string, Phrase[]>();
  for (const p of PHRASES) {
    const list = m.get(p.words[0]!) ?? [];
    list.push(p);
    m.set(p.words[0]!, list);
  }
  for (const list of m.values()) list.sort((a, b) => b.words.length - a.words.length);
  return m;
})();

export const MAX_KEYWORD_LENGTH = Math.max(...PHRASES.flatMap((p) => p.words.map((w) => w.length)));

/** The longest a phrase can span in text, its words joined by up to three characters each. */
export const MAX_PHRASE_SPAN = Math.max(...PHRASES.map((p) => p.words.reduce((n, w) => n + w.length + 3, 0)));
