import { describe, expect, it } from 'vitest';
import { maskFindings } from '../mask';
import { redact } from '../redact';
import { detect } from './index';

const found = (text: string) => detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end), f.confidence]);

describe('identifiers spelled out in digit words', () => {
  it.each([
    ['after "social", in a note', 'her social is five three six two two one eight seven four, call back', [['ssn', 'five three six two two one eight seven four', 'high']]],
    ['grouped the way it is read aloud', 'SSN: five three six, two two, one eight seven four.', [['ssn', 'five three six, two two, one eight seven four', 'high']]],
    ['with dashes between the groups', 'Social Security five-three-six - two-two - one-eight-seven-four', [['ssn', 'five-three-six - two-two - one-eight-seven-four', 'high']]],
    ['"oh" for a zero, capitalised', 'My SS# is Five Three Six Oh Two One Eight Seven Four', [['ssn', 'Five Three Six Oh Two One Eight Seven Four', 'high']]],
    ['in Spanish', 'Mi seguro social es cinco tres seis dos dos uno ocho siete cuatro.', [['ssn', 'cinco tres seis dos dos uno ocho siete cuatro', 'high']]],
    ['an ITIN', 'ITIN nine one two seven one four four five five', [['itin', 'nine one two seven one four four five five', 'high']]],
    ['with no label: fails closed at medium', 'it is five three six two two one eight seven four ok', [['ssn', 'five three six two two one eight seven four', 'medium']]],
  ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));

  it.each([
    ['a phone number has ten digits', 'call five five five one two three four five six seven'],
    ['eight digit words are no SSN', 'social five three six two two one eight seven'],
    ['counting from one to nine', 'one, two, three, four, five, six, seven, eight, nine: ready'],
    ['an invalid area (nine hundred) with no ITIN group', 'SSN nine zero zero two two one eight seven four'],
    ['digit words inside longer words', 'fourteen seventeen ninety one two three four five six'],
    ['ordinary prose with a few numbers', 'Two of the three claimants called on one day; four more wrote.'],
  ])('%s: nothing found', (_why, text) => expect(found(text)).toEqual([]));

  it('masking hides every word but the last five, letter by letter, keeps the length, and changes nothing the second time', () => {
    const text = 'Note: her social is five three six two two one eight seven four.';
    const once = maskFindings(text, detect(text));
    expect(once).toBe('Note: her social is **** ***** *** *** two one eight seven four.');
    expect(once).toHaveLength(text.length);
    expect(maskFindings(once, detect(once))).toBe(once);
  });

  it('redact masks a spelled SSN and adds the statement', () => {
    const out = redact('Claimant called. Seguro social: cinco tres seis dos dos uno ocho siete cuatro').text;
    expect(out).toContain('Seguro social: ***** **** **** *** dos uno ocho siete cuatro');
    expect(out).toMatch(/may be confidential/);
  });
});

describe('a bank\'s numbers read aloud', () => {
  it('the routing number and the account, each named by the word before it, never an SSN', () => {
    const text = 'Agent: The routing is zero three one, one four nine, one four seven and your account is eight eight one two, zero zero four three, three one nine nine one seven.';
    expect(found(text)).toEqual([
      ['routing_number', 'zero three one, one four nine, one four seven', 'high'],
      ['bank_account', 'eight eight one two, zero zero four three, three one nine nine one seven', 'high'],
    ]);
  });
});
