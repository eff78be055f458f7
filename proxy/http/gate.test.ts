/** The gate for stored strings: every way staff or an attacker writes an identifier is refused. */
import { describe, expect, it } from 'vitest';
import { plainText } from '../../shared/normalize';
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
      ['a wage', 'Claimant quarterly wages 34,567.89 per the employer'],
      ['an hourly rate', 'paid $18.50 per hour'],
      ['a benefit amount', 'weekly benefit amount $413.00'],
      ['a birth date', 'born 03/14/1985'],
      ['a bank account number', 'acct 12345678'],
      ['any account\'s number, whose ever it is', 'employer account 4471-2203'],
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
      ['wage words without an amount', "needs the claimant's wage history"],
      ['benefit words without an amount', 'weekly benefit amount history since 2023'],
      ['a year and a quarter', 'Approved for the Q3 2026 wage match'],
      ['a case number', 'Case 2026-0042 reviewed with the partner'],
      ['a room and a worksite', 'Springfield Job Center, Room 204'],
      ['a tuition fee', 'Tuition fee of $413.00 for the course'],
      ['a training score', 'training passed at 100 % on 2026-10-01'],
      ['a date that is no birth date', 'Called the recipient on 03/14/2026 first'],
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
