import { describe, expect, it } from 'vitest';
import { detect, detectEach, FINDING_TYPES } from './index';
import { EXAMPLES } from './examples';
import { found } from './helpers.test-util';

describe('examples per type', () => {
  for (const type of FINDING_TYPES) {
    it.each(EXAMPLES[type].map((e) => [e.text, e.value]))(`${type}: %s`, (text, value) => {
      expect(found(text)).toContainEqual([type, value]);
    });
  }
});

describe('cross-negative: no example of one type is a finding of another', () => {
  for (const type of FINDING_TYPES) {
    it.each(EXAMPLES[type].map((e) => [e.text]))(`${type}: %s`, (text) => {
      const others = detect(text).filter((f) => f.type !== type);
      expect(others).toEqual([]);
    });
  }
});

describe('every finding', () => {
  const all = FINDING_TYPES.flatMap((t) => EXAMPLES[t].map((e) => e.text)).join('\n');
  it('has a type, UTF-16 offsets, a confidence and the rule that produced it', () => {
    const findings = detect(all);
    expect(findings.length).toBeGreaterThanOrEqual(FINDING_TYPES.length);
    for (const f of findings) {
      expect(FINDING_TYPES).toContain(f.type);
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeGreaterThan(f.start);
      expect(['high', 'medium', 'low']).toContain(f.confidence);
      expect(f.rule.startsWith(`${f.type}.`)).toBe(true);
    }
  });

  it('is in order of position and never overlaps another (one finding per span)', () => {
    const findings = detect(all);
    for (let i = 1; i < findings.length; i++) {
      expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
    }
  });

  it('counts offsets in UTF-16 code units, past emoji and accents', () => {
    const text = '😀 Señora Núñez 🎉 SSN 123-45-6789';
    const [f] = detect(text);
    expect(text.slice(f!.start, f!.end)).toBe('123-45-6789');
    expect(f!.start).toBe(text.indexOf('123'));
  });
});

describe('conflicts resolved by context: one finding, of the labelled type', () => {
  it.each([
    ['routing number', 'routing number 123456780', 'routing_number'],
    ['account number', 'account number 123456780', 'bank_account'],
    ['EIN', 'EIN 123456780', 'fein'],
    ['SSN', 'SSN 123456780', 'ssn'],
    ['ITIN', 'ITIN 912701234', 'itin'],
  ])('nine digits after "%s"', (_label, text, type) => {
    const f = detect(text);
    expect(f.map((x) => x.type)).toEqual([type]);
  });
});

describe('table columns as context', () => {
  it('reads CSV headers for every row', () => {
    const csv = [
      'employee_name,ssn,date_of_birth,q3_wages',
      'Jane Q Public,123456789,04/12/1985,"12,345.67"',
      'John A Doe,234567890,3/4/1975,8000.00',
      'Mary B Roe,345678901,1990-07-01,9123.45',
    ].join('\n');
    const types = detect(csv).map((f) => `${f.type}:${csv.slice(f.start, f.end)}`);
    expect(types).toEqual([
      'ssn:123456789',
      'dob:04/12/1985',
      'wage:12,345.67',
      'ssn:234567890',
      'dob:3/4/1975',
      'wage:8000.00',
      'ssn:345678901',
      'dob:1990-07-01',
      'wage:9123.45',
    ]);
  });

  it('reads fixed-width headers', () => {
    const table = [
      'Name               SSN          Wages',
      'Jane Q Public      123456789    12,345.67',
      'John A Doe         234567890     8,000.00',
    ].join('\n');
    expect(found(table)).toEqual([
      ['ssn', '123456789'],
      ['wage', '12,345.67'],
      ['ssn', '234567890'],
      ['wage', '8,000.00'],
    ]);
  });

  it('does not take headers from a table that has ended', () => {
    const text = 'Name,SSN\nJane Q Public,123-45-6789\n\nOrder 123456789 shipped, thanks';
    expect(found(text)).toEqual([['ssn', '123-45-6789']]);
  });
});

describe('options', () => {
  it('reports only the requested types', () => {
    const text = 'SSN 123-45-6789, DOB 01/02/1980';
    expect(detect(text, { types: ['dob'] }).map((f) => f.type)).toEqual(['dob']);
  });

  it('scans only up to maxLength', () => {
    const text = 'SSN 123-45-6789 ... SSN 234-56-7890';
    expect(found(text, { maxLength: 16 })).toEqual([['ssn', '123-45-6789']]);
  });

  it('uses the configured context window', () => {
    const far = 'SSN of the claimant who called this morning about the appeal: 123456789';
    expect(found(far)).toEqual([]);
    expect(found(far, { contextBefore: 80 })).toEqual([['ssn', '123456789']]);
  });

  it('reads a label across the dot leaders or wide gap of a printed form line', () => {
    expect(found('SSN' + ' '.repeat(60) + '123456789')).toEqual([['ssn', '123456789']]);
    expect(found('Social Security Number ' + '.'.repeat(70) + ' 123-45-6789')).toEqual([['ssn', '123-45-6789']]);
  });

  it('streams findings through detectEach', () => {
    const seen: string[] = [];
    detectEach('SSN 123-45-6789 and 234-56-7890', (f) => seen.push(f.type));
    expect(seen).toEqual(['ssn', 'ssn']);
  });
});

describe('any input', () => {
  it.each([
    ['empty', ''],
    ['only digits', '0'.repeat(1000)],
    ['control characters', '\u0000\u0001\u0002123-45-6789\u0000'],
    ['lone surrogates', '\ud800SSN 123-45-6789\udfff'],
    ['binary-looking', String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536))],
  ])('%s: does not throw', (_why, text) => {
    expect(Array.isArray(detect(text))).toBe(true);
  });

  it('treats non-strings as empty', () => {
    expect(detect(undefined as unknown as string)).toEqual([]);
    expect(detect(123456789 as unknown as string)).toEqual([]);
  });
});

describe('linear time on adversarial megabyte inputs', () => {
  // Each must finish well inside the default test timeout; a quadratic scan would take minutes.
  const MB = 1 << 20;
  it.each([
    ['one long digit run', '1'.repeat(MB)],
    ['digits and dashes', '1-'.repeat(MB / 2)],
    ['digits and spaces', '1 '.repeat(MB / 2)],
    ['digits and commas', '1,'.repeat(MB / 2)],
    ['SSN-shaped run', '123-45-'.repeat(MB / 7)],
    ['mixed separators', '12 3-4.5/6,7\u20138\u00a09'.repeat(MB / 16)],
    ['separators only', '- - - . / ,'.repeat(MB / 11)],
    ['context words and digits', 'ssn wages dob account '.repeat(MB / 44) + '123456789 '.repeat(MB / 20)],
    ['one line of CSV cells', 'ssn,'.repeat(1000) + '\n' + '123456789,'.repeat(MB / 10)],
    ['many table rows', 'name,ssn\n' + 'x,123456789\n'.repeat(MB / 12)],
    ['month names', 'born March 1, 1980 '.repeat(MB / 19)],
    // Each a finding, and each repeated: every repeat is checked against the findings once (three
    // megabytes, where checking every repeat against every finding takes longer than the timeout).
    ['one routing number and account repeated', 'rt 021000021 / 4400912277301\n'.repeat((3 * MB) / 30)],
    ['quoted-printable escapes', '=3D=20=0A='.repeat(MB / 10)],
    ['a label in a note in brackets, over and over', '(WBA (HQW '.repeat(MB / 10) + '$400.00'],
    // Every amount asks whether its label sits in a note: only the characters just before it are read.
    ['labelled amounts and no bracket anywhere', 'wages $12.00 '.repeat(MB / 13)],
    ['labels in other scripts', '라우팅 번호 계좌번호 '.repeat(MB / 14)],
    ['number words after a benefit label, over and over', 'weekly benefit is three hundred forty-two dollars, '.repeat(MB / 50)],
    // Each backslash of a long run asks whether a quote ends it.
    ['one long run of backslashes', `x ${'\\'.repeat(MB)} 123`],
  ])('%s', (_why, text) => {
    const findings = detect(text);
    expect(Array.isArray(findings)).toBe(true);
  });

  it('finds every SSN in a megabyte of them', () => {
    const text = 'SSN 123-45-6789\n'.repeat(MB / 16);
    expect(detect(text)).toHaveLength(MB / 16);
  });
});
