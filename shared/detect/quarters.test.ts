import { describe, expect, it } from 'vitest';
import { detect } from './index';
import { isQuarterHeading, quarterLabelBefore } from './quarters';

const wages = (text: string) =>
  detect(text)
    .filter((f) => f.confidence !== 'low' && f.type === 'wage')
    .map((f) => text.slice(f.start, f.end));

describe('quarterly wage tables with the quarter headings rows above the amounts', () => {
  it.each([
    [
      'quarter-end dates under "QTR ENDING", employer name and address between',
      'WAGES IN YOUR BASE PERIOD\n' +
        '                        QTR ENDING  QTR ENDING  QTR ENDING\n' +
        '                        06/30/2024  09/30/2024  12/31/2024\n' +
        'EMPLOYER\nMAPLE COURT BAKERY\n  77 ELM ST\n  TOLEDO OH 43604\n' +
        '                        3,210.40    3,388.00    2,975.15\n',
      ['3,210.40', '3,388.00', '2,975.15'],
    ],
    [
      'year-quarter headings above a rule line; a zero quarter and a totals row',
      'Employer                       2024-2      2024-3      2024-4\n' +
        '-------------------------------------------------------------\n' +
        'NORTHWIND FREIGHT\n UI Acct 41-88210-7\n' +
        '                              1,900.00    2,450.75        0.00\n' +
        'Quarter totals                1,900.00    2,450.75        0.00\n',
      ['1,900.00', '2,450.75', '1,900.00', '2,450.75'],
    ],
    [
      'month-range headings in a pipe grid',
      '        |  Apr-Jun  |  Jul-Sep  |\n        |   2024    |   2024    |\nBLUE OAK INN |  |  |\n        |  1,605.00 |  1,777.20 |',
      ['1,605.00', '1,777.20'],
    ],
    [
      'ordinal headings under a year heading',
      '                     2024 QUARTERS\n              1st        2nd        3rd\nCEDAR VALE CLINIC\n          8,100.00   8,250.50   7,940.00',
      ['8,100.00', '8,250.50', '7,940.00'],
    ],
  ])('%s', (_why, text, expected) => expect(wages(text)).toEqual(expected));

  it('a blank line ends the table: an amount in the explanation below is not read as a quarter', () => {
    const text =
      'Quarter:    3/2024     4/2024\nLAKE FERRY CO\n            512.30     640.00\n\nThe qualifying amount is 1,848.00 in total.';
    expect(wages(text)).toEqual(['512.30', '640.00']);
  });

  it('the total column of a quarter table is a wage', () => {
    expect(wages('Employer\tQ1 2024\tQ2 2024\tTotal\nHILL FARMS\t$1,200.00\t$1,300.00\t$2,500.00\nWeekly Benefit Amount\t$96')).toEqual([
      '$1,200.00',
      '$1,300.00',
      '$2,500.00',
    ]);
  });
});

describe('quarters as row labels (transposed tables)', () => {
  it.each([
    ['"QTR 2024/1" rows', '                 WESTGATE DELI\nQTR 2024/1       2,880.00\nQTR 2024/2       3,015.25', ['2,880.00', '3,015.25']],
    ['"Quarter 1" rows under a year', '              2024\n   Quarter 1              1,777.00\n   Quarter 2              1,802.40', ['1,777.00', '1,802.40']],
    ['quarters inline before each amount', 'Federal wages: 2024 Q1 9,120.00   2024 Q2 9,480.50', ['9,120.00', '9,480.50']],
  ])('%s', (_why, text, expected) => expect(wages(text)).toEqual(expected));
});

describe('what is and is not a row of quarter headings', () => {
  it.each([
    ['   Q1-2024     Q2-2024     Q3-2024', true],
    ['  1ST QTR   2ND QTR   3RD QTR   4TH QTR', true],
    ['Quarter ending:   12/31/23     03/31/24', true],
    ['Claim date 03/31/2024   Mailed 04/02/2024', false],
    ['Q1 2024   1,200.00   Q2 2024   1,300.00', false],
  ])('%s → %s', (line, expected) => expect(isQuarterHeading(line)).toBe(expected));

  it('a date or a plain word before an amount is not a quarter label', () => {
    expect(quarterLabelBefore('Paid on 04/15/2024  ')).toBe(false);
    expect(quarterLabelBefore('Balance due  ')).toBe(false);
  });
});
