import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { detect, IDENTIFIER_TYPES } from './detect/index';
import { EXAMPLES } from './detect/examples';
import { FINDING_TYPES } from './detect/types';
import { findMasked, maskText, maskValue } from './mask';
import { redact } from './redact';
import { mixedText } from './mask.test-arbitraries';

describe('maskValue', () => {
  it.each([
    ['123-45-6789', 5, '***-*5-6789'],
    ['12-3456789', 5, '**-**56789'],
    ['123456789', 5, '****56789'],
    ['123 45 6789', 5, '*** *5 6789'],
    ['000123456789', 4, '********6789'],
    ['1234-5678-9012', 4, '****-****-9012'],
    ['6789', 5, '6789'],
  ])('%s keeping %i → %s', (value, keep, masked) => expect(maskValue(value, keep)).toBe(masked));
});

describe('maskText', () => {
  it.each([
    ['SSN 123-45-6789', 'SSN ***-*5-6789'],
    ['EIN 12-3456789', 'EIN **-**56789'],
    ['ITIN 912-70-1234', 'ITIN ***-*0-1234'],
    ['Routing number 121000358', 'Routing number *****0358'],
    ['Checking account 000123456789', 'Checking account ********6789'],
  ])('%s → %s', (text, masked) => expect(maskText(text).text).toBe(masked));

  it('leaves wages, benefits and birth dates as they are (recipient checks govern them)', () => {
    const text = 'DOB 01/02/1980, wages $12,345.67, WBA $450';
    const r = maskText(text);
    expect(r.text).toBe(text);
    expect(r.findings.map((f) => f.type)).toEqual(['dob', 'wage', 'ui_benefit']);
  });

  it('uses the keep counts it is given', () => {
    expect(maskText('SSN 123-45-6789', { keep: { ssn: 4 } }).text).toBe('SSN ***-**-6789');
  });
});

// Text built from the examples of every type, with random filler between them.
const exampleTexts = FINDING_TYPES.flatMap((t) => EXAMPLES[t].map((e) => e.text));
const filler = fc.stringMatching(/^[ a-zA-Z0-9,.:\n$#-]{0,30}$/);
const agencyText = fc
  .array(fc.tuple(filler, fc.constantFrom(...exampleTexts)), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([f, e]) => `${f} ${e}`).join('\n'));
const anyText = fc.oneof(agencyText, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }));

describe('masking properties', () => {
  test.prop([anyText])('keeps the length', (text) => {
    expect(maskText(text).text.length).toBe(text.length);
  });

  test.prop([anyText])('masking twice equals masking once', (text) => {
    const once = maskText(text).text;
    expect(maskText(once).text).toBe(once);
  });

  test.prop([anyText])('leaves no identifier to find', (text) => {
    const masked = maskText(text).text;
    expect(detect(masked).filter((f) => IDENTIFIER_TYPES.includes(f.type))).toEqual([]);
  });

  test.prop([anyText])('never reveals a character the original hid: each is unchanged or *', (text) => {
    const masked = maskText(text).text;
    for (let i = 0; i < text.length; i++) {
      if (masked[i] !== text[i]) {
        expect(masked[i]).toBe('*');
        // A digit of any script (a surrogate half of one), or part of a digit written as "&#53;".
        expect(text[i]).toMatch(/[\p{Nd}\ud800-\udfff&#;xX0-9a-fA-F]/u);
      }
    }
  });

  test.prop([mixedText])('masking twice equals masking once, on text mixed with encodings and references', (text) => {
    const once = maskText(text).text;
    expect(maskText(once).text).toBe(once);
  });

  test.prop([mixedText])('redacting twice equals redacting once (the statement too)', (text) => {
    const once = redact(text).text;
    expect(redact(once).text).toBe(once);
  });

  it.each([
    ['a "last" reference next to other numbers', '34567899 last 45719126 acct'],
    // Found by the property test: the masked account no longer read as one, and the number before it became a suspicion.
    ['nine digits before an account number', '003060002 account 0000000000 Claimant Jane Q Public, SSN 123-45-6789, called today.'],
    ['a label on the line above a value on the next', 'acct 00000 \u200b <br> He received $3,200 in unemployment benefits. \u200b 00000'],
    ['a masked row read as a table header', '&nbsp; Checking account number 000123456789 <br>   00000'],
    ['a phrase that begins before the window', 'Individual Taxpayer Identification Number: 900950001 a aaa 900000000'],
    ['a labelled value that ends at a masked neighbour', 'SSN \u0665 00070 008 001030010'],
  ])('found by fuzzing: %s masks the same the second time', (_why, text) => {
    const once = maskText(text).text;
    expect(maskText(once).text).toBe(once);
  });

  test.prop([agencyText])('keeps exactly the last five digits of every SSN', (text) => {
    const r = maskText(text);
    for (const f of r.findings.filter((x) => x.type === 'ssn')) {
      const digits = r.text.slice(f.start, f.end).replace(/\D/g, '');
      expect(digits).toBe(text.slice(f.start, f.end).replace(/\D/g, '').slice(-5));
    }
  });
});

describe('findMasked: identifiers already masked still make a message confidential', () => {
  it.each([
    ['SSN ***-*5-6789', 'ssn', '***-*5-6789'],
    ['SSN *****6789', 'ssn', '*****6789'],
    ['EIN **-**56789', 'fein', '**-**56789'],
    ['account ********6789', 'bank_account', '********6789'],
    ['account ****-****-9012', 'bank_account', '****-****-9012'],
  ])('%s', (text, type, value) => {
    const [m] = findMasked(text);
    expect(m?.type).toBe(type);
    expect(text.slice(m!.start, m!.end)).toBe(value);
  });

  it.each(['Total: 3 * 4 = 12', 'Call 555-123-4567', 'rated ***** 2024', 'SSN 123-45-6789'])('not masked: %s', (text) => {
    expect(findMasked(text)).toEqual([]);
  });

  test.prop([agencyText])('everything maskText masks is found by findMasked', (text) => {
    const r = maskText(text);
    const ids = r.findings.filter((f) => IDENTIFIER_TYPES.includes(f.type) && r.text.slice(f.start, f.end).includes('*'));
    const masked = findMasked(r.text);
    for (const f of ids) expect(masked.some((m) => m.start <= f.start && m.end >= f.end)).toBe(true);
  });
});
