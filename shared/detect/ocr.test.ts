import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { found } from './helpers.test-util';
import { ocrLetters } from './ocr';

describe('numbers OCR read with letters in place of digits', () => {
  describe('with issues: found as printed', () => {
    it.each([
      ['an SSN below its W-2 box label, letters in two groups', "a Employee's social security number\n7O3-lS-4418\n", [['ssn', '7O3-lS-4418']]],
      ['an EIN whose first digit is an S', 'b Employer identification number (EIN)\nS3-l2O4476\n', [['fein', 'S3-l2O4476']]],
      ['an SSN run together with its label', 'SocialSecurityNumber:7Ol2S44S8\n', [['ssn', '7Ol2S44S8']]],
      ['a wage whose cents were read as SS', 'Wages, tips, other compensation\n3l,2O8.SS\n', [['wage', '3l,2O8.SS']]],
      ['a birth date with l for 1 and O for 0', 'Date of Birth: O4/l7/l97l', [['dob', 'O4/l7/l97l']]],
      ['a routing number and an account after garbled labels', 'Rout1ng Nunber: O2l00002l\nAcc0unt Nunber: 6OO3l8B4',
        [['routing_number', 'O2l00002l'], ['bank_account', '6OO3l8B4']]],
      ['a routing number after "Routinq"', 'Bank Routinq No: O2l00002l', [['routing_number', 'O2l00002l']]],
    ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
  });

  describe('without issues: words and codes stay words', () => {
    it.each([
      ['a form name with a letter', 'Send the 1099G and the 1120S by mail.'],
      ['a driver licence', 'Driver license D412-558-190'],
      ['a state and ZIP run together', 'JEFFERSON CITY MO65101'],
      ['an ISO timestamp', 'logged 2024-06-11T14:20:00Z'],
      ['a decade and a weight', 'in the 1990s she lifted 150lbs'],
      ['the form SS-4', 'file Form SS-4 to get an EIN'],
    ])('%s', (_why, text) => expect(ocrLetters(text)).toEqual([]));
  });

  it('masking hides letters read as digits: no more than the last five of an SSN stay', () => {
    const { text } = redact('SSN: 7O3-lS-4418 please update');
    expect(text.split('\n')[0]).toBe('SSN: ***-*S-4418 please update');
  });

  it('masking keeps no more than the last four of an account read with letters', () => {
    const { text } = redact('Acct No: 44l0O2l88');
    expect(text.split('\n')[0]).toBe('Acct No: *****2l88');
  });
});
