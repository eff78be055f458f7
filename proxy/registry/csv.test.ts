import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, escaped quotes, CRLF and embedded newlines, with line numbers', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""",z\n"two\nlines",2,3\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'z'] },
      { line: 3, fields: ['two\nlines', '2', '3'] },
    ]);
  });

  it('skips blank lines, keeps empty fields and strips a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b\n\n,\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['', ''] },
    ]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n"x,y\n', /line 2: a quoted field is not closed/],
    ['text after a closing quote', 'a\n"x"y\n', /line 2: text after a closing quote/],
    ['a stray quote', 'a\nx"y\n', /line 2: a quote inside an unquoted field/],
  ])('reports %s with its line', (_why, text, message) => expect(() => parseCsv(text)).toThrow(message));
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+15735550100', "'+15735550100"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
  ])('%j → %j (formula injection neutralised)', (input, out) => expect(csvField(input)).toBe(out));
});
