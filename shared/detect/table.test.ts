import { describe, expect, it } from 'vitest';
import { detect } from './index';

const found = (text: string) => detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)]);

describe('a label on the line above its value', () => {
  it.each([
    ['a raw multipart part: its quoted name, a blank line, its value', '--b\r\nContent-Disposition: form-data; name="weekly_benefit_amount"\r\n\r\n356.00\r\n--b--', [['ui_benefit', '356.00']]],
    ['a multipart birth date', '--b\nContent-Disposition: form-data; name="dob"\n\nJune 9, 1968\n--b--', [['dob', 'June 9, 1968']]],
  ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
});

describe('column headers as labels', () => {
  describe('with issues', () => {
    it.each([
      [
        'quarter columns of a monetary determination (fixed width)',
        'Employer                 4Q2023     1Q2024\nRIVER BEND FOODS LLC   2,410.00   2,655.25',
        [['wage', '2,410.00'], ['wage', '2,655.25']],
      ],
      [
        'quarter columns of a pipe table, with its separator row',
        '| Employer | Q3 2024 | Q4 2024 |\n|---|---|---|\n| ACME PALLET | 3,118.40 | 3,540.00 |',
        [['wage', '3,118.40'], ['wage', '3,540.00']],
      ],
      [
        'quarter columns written year-quarter, as a redetermination lists them',
        'Employer                    2023-2   2023-3\nFairview Lumber Co          4,120.00  4,388.50',
        [['wage', '4,120.00'], ['wage', '4,388.50']],
      ],
      ['an HTML table: rows become lines with a blank line between', '<table><tr><th>Employer</th><th>2024Q1</th></tr><tr><td>B&amp;L Welding</td><td>$4,410.00</td></tr></table>', [['wage', '$4,410.00']]],
      ['a word in another cell of the row does not overrule the column', 'Routing Number | Account Number | Type\n021000021 | 4455667788 | Savings', [['routing_number', '021000021'], ['bank_account', '4455667788']]],
      ['a text table whose first column labels each row', '| Field | Value |\n| Payee | Gustavo Leal |\n| Routing | 213788957 |\n| Account | 77501992 |', [['routing_number', '213788957'], ['bank_account', '77501992']]],
      ['a headerless quoted CSV row naming a person over three cells', '"Maria","L","Espinoza","234288753","1419 Alder Ave","Boise","ID","83706"', [['ssn', '234288753']]],
      ['a headerless CSV row naming a person: first, an empty middle, last', 'Darnell,,Okafor,704086163,72 River Rd,Eagle,ID', [['ssn', '704086163']]],
      ['a CSV export with a blank line after its header', 'Routing Number,Account Number,Name\n\n021000021,4455667788,T. Walsh', [['routing_number', '021000021'], ['bank_account', '4455667788']]],
    ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
  });

  describe('without issues', () => {
    it.each([
      ['counts under quarter columns are no money', 'Measure        Q1 2024   Q2 2024\nInitial claims   30,453    28,120'],
      ['a quarter column in a table about something else: fees', 'Fee schedule   Q1 2024   Q2 2024\nParking fee     45.00     45.00'],
    ])('%s', (_why, text) => expect(found(text).filter(([t]) => t === 'wage')).toEqual([]));

    it('a row that names no person: its nine-digit code stays a code', () => {
      expect(found('widget,4,704086163,Boise,ID')).toEqual([]);
    });
  });
});
