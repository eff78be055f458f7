/**
 * Every label, entry by entry: written in a sentence the way it is used, it reads as its categories.
 * A label that no longer reads (a word lost to a longer phrase, a tail that stopped matching) fails
 * here by name.
 */
import { describe, expect, it } from 'vitest';
import { categoriesIn } from '../context';
import { PHRASES } from '../keywords';
import { C } from './categories';
import type { Phrase } from './categories';
import { DATE_AND_REFERENCE_LABELS } from './dates-and-references';
import { IDENTIFIER_LABELS } from './identifiers';
import { LANGUAGE_LABELS } from './languages';
import { MONEY_LABELS } from './money';

/** What follows a label whose meaning needs it ("social:", "account number", "last 4"). */
const TAILS: Record<string, string[]> = {
  social: [': ', ' is 1'],
  account: [' number', ': 1', ' is 1'],
  accounts: [' number'],
  last: [' 4'],
  sosyal: [': ', ' mwen: ', ' se 1'],
  po: [' #', ' 4501', ': ', ' number'],
  box: [' 2', ' 4', ' 17'],
  base: [':'],
  ui: [' 380', ' ~410', ': $612'],
  bx: [' 2'],
  w: ['-2 box 1', '-2 #1 Kohl\'s box 1', '2 bx1'],
  g: ['', ' box 1'],
};

function examples(p: Phrase): string[] {
  const words = p.words.join(' ');
  if (p.after) return p.after.map((w) => `${w} ${words}`);
  if (p.afterSlash) return [`$15/${words}`];
  if (p.before && p.tail) {
    const prefix = p.before.test('1099-') ? '1099-' : '';
    return (TAILS[words] ?? []).map((t) => `${prefix}${words}${t}`);
  }
  if (p.before) return p.before.test('1099-') ? [`1099-${words}`, `1099${words.toUpperCase()}`] : [`$180/${words}`];
  if (p.tail) return (TAILS[words] ?? []).map((t) => `${words}${t}`);
  return [words, words.toUpperCase(), `${words}:`];
}

const NAMES = Object.fromEntries(Object.entries(C).map(([k, v]) => [v, k]));
const named = (mask: number) => Object.entries(NAMES).filter(([bit]) => mask & +bit).map(([, n]) => n).join('|');

describe.each([
  ['identifiers', IDENTIFIER_LABELS],
  ['money', MONEY_LABELS],
  ['dates and references', DATE_AND_REFERENCE_LABELS],
  ['other languages', LANGUAGE_LABELS],
] as const)('%s', (_what, labels) => {
  const cases = labels.flatMap((p) => examples(p).map((text) => [text, named(p.mask), p.mask] as const));

  it('every entry has an example', () => {
    for (const p of labels) expect(examples(p).length, p.words.join(' ')).toBeGreaterThan(0);
  });

  it.each(cases)('%j reads as %s', (text, _name, mask) => {
    expect(named(categoriesIn(text) & mask)).toBe(named(mask));
  });
});

describe('the label tables together', () => {
  it('hold each phrase once', () => {
    const seen = new Set<string>();
    const twice: string[] = [];
    for (const p of PHRASES) {
      const key = [p.words.join(' '), p.mask, p.tail?.source, p.before?.source, p.after?.join(','), p.afterSlash].join('|');
      if (seen.has(key)) twice.push(p.words.join(' '));
      seen.add(key);
    }
    expect(twice).toEqual([]);
  });
});
