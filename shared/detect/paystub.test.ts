import { describe, expect, it } from 'vitest';
import { detect } from './index';
import { payHeader } from './paystub';

const wages = (text: string) =>
  detect(text)
    .filter((f) => f.confidence !== 'low' && f.type === 'wage')
    .map((f) => text.slice(f.start, f.end));

describe('pay-stub grids: the column says money or hours, the row or section says pay or not', () => {
  it('rates, current and year-to-date earnings are wages; hours and the deduction section are not; net pay is', () => {
    const text = [
      'EARNINGS       RATE     HOURS    CURRENT      YTD',
      'Regular       19.60     72.00   1,411.20   9,878.40',
      'Shift diff     1.25     24.00      30.00     210.00',
      'GROSS PAY                       1,441.20  10,088.40',
      'DEDUCTIONS                      CURRENT      YTD',
      'Federal Income Tax                118.22     827.54',
      'Dental                             14.10      98.70',
      'Parking                            20.00     140.00',
      'NET PAY                         1,288.88',
    ].join('\n');
    expect(wages(text)).toEqual([
      '19.60', '1,411.20', '9,878.40',
      '1.25', '30.00', '210.00',
      '1,441.20', '10,088.40',
      '1,288.88',
    ]);
  });

  it('a section titled by a line of words: employer-paid benefits are not wages', () => {
    const text = [
      'Earnings          Current        YTD',
      '  Salary         2,950.00   17,700.00',
      'Employer Paid Benefits (not in gross)',
      '  Health plan      540.00    3,240.00',
    ].join('\n');
    expect(wages(text)).toEqual(['2,950.00', '17,700.00']);
  });

  it("a client's bill rate is not the worker's pay; the pay rate is", () => {
    const text = 'SITE           HOURS   BILL RATE   PAY RATE   EARNINGS\nDock 3         30.00     31.40       18.20      546.00';
    expect(wages(text)).toEqual(['18.20', '546.00']);
  });

  it('a Spanish earnings table', () => {
    const text = 'Concepto        Tarifa   Horas   Periodo actual   Acumulado del año\nSalario regular 17.00    40.00   680.00           5,440.00';
    expect(wages(text)).toEqual(['17.00', '680.00', '5,440.00']);
  });

  it('a benefit payment history with Gross and Net columns is no pay stub', () => {
    expect(payHeader('Week ending     Gross      Net')).toBeNull();
    expect(payHeader('EARNINGS   RATE   HOURS   CURRENT   YTD')).not.toBeNull();
  });
});

describe('an earnings line without a header: quantity × rate = amount', () => {
  it.each([
    ['hours at a rate', 'Regular (last week)      36.00 @ 22.50      810.00', ['22.50', '810.00']],
    ['piece rate with its unit', 'Harvest (lugs)     52 lugs @ 3.10     161.20', ['3.10', '161.20']],
    ['bare columns', 'OT      5.00  33.75    168.75', ['33.75', '168.75']],
    ['a reimbursement row is not pay', 'Mileage reimb     120 mi  0.70    84.00', []],
    ['a price on an invoice is not pay', 'Qty 4 desk lamps @ $35.00 = $140.00', []],
  ])('%s', (_why, text, expected) => expect(wages(text)).toEqual(expected));
});
