/** The gate for stored strings: every way staff or an attacker writes an identifier is refused. */
import { describe, expect, it } from 'vitest';
import { plainText } from '../shared/normalize';
import { gate, rawValueIn } from './gate';

describe('plainText', () => {
  it.each([
    ['fullwidth digits and dash', '５３６－２２－１８７４', '536-22-1874'],
    ['Arabic-Indic digits', '٥٣٦٢٢١٨٧٤', '536221874'],
    ['Devanagari digits', '५३६२२१८७४', '536221874'],
    ['mathematical bold digits', '𝟓𝟑𝟔𝟐𝟐𝟏𝟖𝟕𝟒', '536221874'],
    ['zero-width and soft hyphen inside', '536\u200b22\u00ad1874', '536221874'],
    ['BOM, word joiner, LRM', '\ufeff536\u2060-22\u200e-1874', '536-22-1874'],
    ['minus sign and small hyphen', '536\u221222\ufe631874', '536-22-1874'],
  ])('%s', (_why, input, plain) => expect(plainText(input)).toBe(plain));
});

describe('rawValueIn', () => {
  describe('refuses', () => {
    it.each([
      ['a dashed SSN', 'called about 536-22-1874'],
      ['a bare nine-digit number', 'claimant 536221874'],
      ['an SSN with spaces', 'SSN 536 22 1874'],
      ['single digits spaced out', '5 3 6 2 2 1 8 7 4'],
      ['three groups of three', '536 221 874'],
      ['fullwidth digits', '５３６－２２－１８７４'],
      ['Arabic-Indic digits', '٥٣٦٢٢١٨٧٤'],
      ['invisible characters inside', '536\u200b22\u200b1874'],
      ['an EIN', 'employer EIN 46-1234567'],
      ['an ITIN', 'ITIN 912-70-1234'],
      ['a routing number with context', 'routing number 021000021'],
      ['ten bare digits', 'acct 5362218740'],
      ['nine digits in an email address', 'jdoe536221874@example.org'],
    ])('%s', (_why, value) => expect(rawValueIn(value)).toBeDefined());
  });

  describe('allows', () => {
    it.each([
      ['a plain reason', 'Partner needs the wage record today.'],
      ['a masked SSN', 'SSN ***-*2-1874'],
      ['a ZIP+4', 'Springfield, MO 65801-1234'],
      ['a phone number', 'call (573) 555-0100'],
      ['a date and time', 'called on 12/01/2026 at 10:30'],
      ['an ISO timestamp', '2026-12-01T10:30:00Z'],
      ['an email address', 'avery.partner@lwdb.example.org'],
    ])('%s', (_why, value) => expect(rawValueIn(value)).toBeUndefined());

    it('a fax number as an address, but not nine digits', () => {
      expect(rawValueIn('+1 (573) 555-0100', 'address')).toBeUndefined();
      expect(rawValueIn('+15735550100', 'address')).toBeUndefined();
      expect(rawValueIn('536221874', 'address')).toBeDefined();
      expect(rawValueIn('536-22-1874', 'address')).toBeDefined();
    });
  });
});

describe('gate', () => {
  it('names every field and never echoes the value', () => {
    let err: unknown;
    try {
      gate([
        ['justification', 'ok text'],
        ['recipients', ['a@b.org', '536221874@b.org'], 'address'],
        ['reason', 'SSN 536-22-1874'],
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ status: 400, code: 'raw_value' });
    const details = (err as { details: Array<{ path: string }> }).details;
    expect(details.map((d) => d.path)).toEqual(['recipients.1', 'reason']);
    expect(JSON.stringify(err) + (err as Error).message).not.toMatch(/536/);
  });
});
