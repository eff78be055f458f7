import { describe, expect, it } from 'vitest';
import { found } from './helpers.test-util';

describe('values broken by a line wrap, box borders or markup, after their labels', () => {
  describe('with issues', () => {
    it.each([
      ['an SSN whose line wrapped after a dash, the label with a note in brackets', 'Worker Social Security Number (required): 731-\n55-0926   Alien No.: ____',
        [['ssn', '731-\n55-0926']]],
      ['one digit a box between bars, blank boxes for the dashes', 'SOCIAL SECURITY NUMBER\n|7|3|1| |5|5| |0|9|2|6|\n', [['ssn', '7|3|1| |5|5| |0|9|2|6']]],
      ['a birth date in bar boxes below its format', 'DATE OF BIRTH (MM DD YYYY)\n|1|0| |3|1| |1|9|8|8|\n', [['dob', '1|0| |3|1| |1|9|8|8']]],
      ['an EIN in comb boxes under its W-2 label, the next box label below', 'b Employer identification number (EIN)\n 3 7 - 1 4 4 0 2 9 6\n1 Wages',
        [['fein', '3 7 - 1 4 4 0 2 9 6']]],
      ['a routing number a digit a box, the next line numbered', 'Routing number  0 2 1 0 0 0 0 2 1\n1c [X] Checking', [['routing_number', '0 2 1 0 0 0 0 2 1']]],
    ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
  });

  describe('the same values in request bodies and markup', () => {
    it.each([
      ['a form control\'s value, named by the control', '<input type="text" name="ssn" value="731-55-0926" readonly>', [['ssn', '731-55-0926']]],
      ['routing and account controls', '<input name="routing" value="021000021"><input name="account" value="00512093311">',
        [['routing_number', '021000021'], ['bank_account', '00512093311']]],
      ['an XML attribute named for an EIN', '<Report employerFein="37-1440296" period="2025Q1"><Total>10</Total></Report>', [['fein', '37-1440296']]],
      ['a JSON key "account" after a routing key', '{"routing":"021000021","account":"5120933118"}', [['routing_number', '021000021'], ['bank_account', '5120933118']]],
      ['a multipart part named account', 'Content-Disposition: form-data; name="account"\r\n\r\n5120933118\r\n--b--', [['bank_account', '5120933118']]],
      ['a CSV column named "Account (…)" with a comma inside its quotes', '"Name","Account (DFI, max 17)"\n"Ana Ruiz","000512093311"', [['bank_account', '000512093311']]],
    ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
  });

  describe('without issues', () => {
    it.each([
      ['boxes that go on past nine digits on the next line are a longer number', 'Routing number  0 2 1 0 0 0 0 2 1\n4 5 6'],
      ['an input without a value', '<input name="ssn" placeholder="SSN">'],
      ['a style attribute with digits', '<span style="width:123456789px">Hello</span>'],
    ])('%s', (_why, text) => expect(found(text)).toEqual([]));
  });
});
