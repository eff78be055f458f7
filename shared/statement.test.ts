import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { appendStatement, CONFIDENTIALITY_STATEMENT, hasStatement } from './statement';

const S = CONFIDENTIALITY_STATEMENT;

function occurrences(text: string): number {
  return text.split('strictly prohibited').length - 1;
}

describe('the statement', () => {
  it('is the agency statement word for word', () => {
    expect(S.startsWith('The information contained in or attached to this transmission may be confidential')).toBe(true);
    expect(S.endsWith('properly destroy this transmission without disclosure.')).toBe(true);
    expect(S.split(/\s+/)).toHaveLength(79);
  });

  it('is appended after a blank line', () => {
    expect(appendStatement('Hello')).toBe(`Hello\n\n${S}`);
    expect(appendStatement('Hello\n')).toBe(`Hello\n\n${S}`);
    expect(appendStatement('')).toBe(S);
  });

  it.each([
    ['already present', `Hi\n\n${S}`],
    ['re-wrapped at 72 columns', `Hi\n\n${S.replace(/(.{1,72})(\s|$)/g, '$1\n')}`],
    ['re-spaced with non-breaking spaces', `Hi ${S.replace(/ /g, '\u00a0 ')}`],
    ['quoted in a reply', `Thanks\n\n> ${S.replace(/(.{1,60})(\s|$)/g, '$1\n> ')}`],
    ['in capitals', `Hi ${S.toUpperCase()}`],
    // Found by a fuzzer of mail clients' output: each of these made the statement appear twice.
    ['with soft hyphens inside words', `Hi\n\n${S.replace(/transmission/g, 'trans\u00admission')}`],
    ['with zero-width spaces', `Hi\n\n${S.replace(/ /g, ' \u200b')}`],
    ['as HTML with &nbsp;', `<p>Hi</p><p>${S.replace(/ /g, '&nbsp;')}</p>`],
    ['as HTML lines joined with <br>', `<div>Hi</div>${S.replace(/(.{1,60})(\s|$)/g, '$1<br>')}`],
  ])('is recognised when %s, and never added twice', (_why, text) => {
    expect(hasStatement(text)).toBe(true);
    expect(appendStatement(text)).toBe(text);
  });

  it('is not mistaken for a fragment of itself', () => {
    expect(hasStatement(S.slice(0, 200))).toBe(false);
  });
});

describe('statement properties', () => {
  test.prop([fc.string({ maxLength: 300 })])('appending twice equals appending once', (text) => {
    const once = appendStatement(text);
    expect(appendStatement(once)).toBe(once);
    expect(hasStatement(once)).toBe(true);
  });

  test.prop([fc.string({ maxLength: 300 }).filter((t) => !t.toLowerCase().includes('strictly prohibited'))])(
    'appears exactly once',
    (text) => {
      expect(occurrences(appendStatement(text))).toBe(1);
    },
  );

  test.prop([fc.string({ maxLength: 300 })])('keeps the original text as its prefix', (text) => {
    expect(appendStatement(text).startsWith(text)).toBe(true);
  });
});
