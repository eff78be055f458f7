import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { detect } from './index';
import { found, money } from './helpers.test-util';

describe('amounts that belong to no one', () => {
  it.each([
    ['a job posting’s pay range', 'Forklift Operator  Pay: $19.00 - $23.50 per hour  Full time, 40 hrs/week'],
    ['a range written with a slash unit after it', 'Warehouse Associate, $18.50-$22.00/hr DOE, 2nd shift'],
    ['a pay plan’s grades', 'Grade 10   $16.40 - $22.15 per hour\nGrade 11   $18.05 - $24.36 per hour'],
    ['a law’s benefit schedule: a wage bracket, then what it pays', 'High quarter wages           Weekly benefit\n$1,300.00 - $1,324.99        $52\n$24,650.00 and over          $781'],
    ['a law’s limits as a pair', 'Weekly benefit amount: minimum $81, maximum $823 (2025).'],
    ['a tax’s wage base', 'Your 2025 contribution rate is 2.70% on the first $9,500 of each employee\'s wages.'],
    ['a worked example in a handbook', 'Example: if your WBA is $300 and you earn $100 in a week, we subtract earnings over $75, so you receive $275.'],
    ['published totals', 'Total quarterly wages in the county were $11.8 billion.'],
    ['counts after an amount-like number', 'Call center expects ~30,000 calls next week; 1,204 claimants w/ EB balances.'],
    ['a cap the law sets, as a case note says it', 'Even if eligible, WBA capped at state max $370.'],
    ['income tax on a W-2', '17 State income tax                1,004.41\n19 Local income tax                  312.00'],
    ['benefit elections', 'Medical PPO employee+1    per pay 142.30\nDental                      per pay 11.08'],
    ['a state-wide figure beside the law’s limits', 'Average weekly wage (state) .............. $1,247.55'],
  ])('%s', (_name, text) => {
    expect(money(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });

  it.each([
    ['a person’s rate next to a range of dates', 'Pay period 03/01/2025 - 03/15/2025  Hourly rate $21.50', [['wage', '$21.50']]],
    ['arithmetic in a case note is not a range', 'Earnings $300.00 - $75.00 = $225.00 deducted from WBA', [['wage', '$300.00']]],
    ['a claimant’s own maximum benefit amount', 'Your maximum benefit amount is $8,000.', [['ui_benefit', '$8,000']]],
    ['an amount on the next line of a count word', 'Gross wages  6,915.20\nClaimants on file: 2', [['wage', '6,915.20']]],
  ])('still finds %s', (_name, text, want) => {
    expect(money(text).slice(0, want.length)).toEqual(want);
  });
});

describe('amounts as tables and records print them', () => {
  it.each([
    ['whole numbers under benefit headers of a pipe-delimited record', 'SSN|BYB|BPW|HQW|WBA|MBA|DEP_ALLOW\n447-09-2658|2025-02-16|19,770.40|5,405.00|270|7,020|0', [['wage', '19,770.40'], ['wage', '5,405.00'], ['ui_benefit', '270'], ['ui_benefit', '7,020']]],
    ['whole numbers beside a row label, previous and revised columns', '                        PREVIOUS        REVISED\nWeekly benefit amt        236             281\nMaximum benefit amt     2,832           3,372', [['ui_benefit', '236'], ['ui_benefit', '281'], ['ui_benefit', '2,832'], ['ui_benefit', '3,372']]],
    ['whole numbers as a JSON key’s value', '{"weeklyBenefitAmount":488,"maximumBenefitAmount":12688}', [['ui_benefit', '488'], ['ui_benefit', '12688']]],
    ['decimal commas, thousands by points (a Spanish notice)', '                          oct-dic     ene-mar\n                          2023        2024\nPANADERÍA LA ESPIGA       2.840,00    2.910,60\nTotal período base: 10.235,85', [['wage', '2.840,00'], ['wage', '2.910,60'], ['wage', '10.235,85']]],
    ['a decimal comma after "$"', 'Asignación por dependiente: $20,00 semanales', [['ui_benefit', '$20,00']]],
    ['a label across a wide gap is the next cell’s', 'SS wages ........... $86,112.50   SS tax (EE+ER) $10,677.95', [['wage', '$86,112.50']]],
  ])('%s', (_name, text, want) => {
    expect(money(text)).toEqual(want);
  });

  it.each([
    ['a row of years under the quarters’ months', '                         |  Oct-Dec  |  Jan-Mar  |\n                         |   2023    |   2024    |'],
    ['a law’s limits in a configuration object', '{"state":"WA","minWeeklyBenefit":334,"maxWeeklyBenefit":1079,"maxWeeks":26}'],
    ['a count beside a benefit label', 'Benefit weeks:  26'],
    ['numbers in a comma list', 'ids 1,22,33,44'],
  ])('reads no amount in %s', (_name, text) => {
    expect(money(text)).toEqual([]);
  });
});

describe('numbers that are no one’s', () => {

  it.each([
    ['an example check in instructions', 'The routing number is the 9-digit number at the bottom left of the check (the example check shows 123456780 and account 1234567890).'],
    ['an unlabelled example SSN', 'Type the number with dashes, e.g. 536-22-1874, in the first box.'],
    ['a utility bill’s account and meter', 'Account No. 4418-223-7719   Meter 000447812   Service 02/05/2025 - 03/06/2025\nUsage 1,118 kWh   Current charges $142.87   Past due $61.20'],
    ['occupational wage statistics', 'OES May 2024: Registered Nurses, mean hourly wage $44.12, annual mean $91,770; employment 24,310.'],
  ])('%s', (_name, text) => {
    expect(found(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });

  it('a labelled SSN after an example word is still masked (identifiers fail closed)', () => {
    expect(found('Sample letter for the file. SSN 536-22-1874 on record.')).toEqual([['ssn', '536-22-1874']]);
  });
});

describe('hypotheticals, orders and installments', () => {
  it.each([
    ['a question about someone hypothetical', 'The website says the first $50 or 1/3 of earnings is not deducted. So if someone earned $150 would they lose $100?'],
    ['a worked example over two sentences', 'Example: Sam earned $6,000 and $7,500 in two quarters. His highest quarter is $8,200; his weekly benefit would be $315.'],
    ['an order to pay support', 'ORDERED: Obligor shall pay $412.00 per month current support and $50.00 per month toward arrears of $6,118.40, by income withholding.'],
    ['an installment toward an overpayment', 'UI Alert: A payment of $50.00 toward overpayment ref OP-9928 was received 03/03/2025.'],
  ])('%s', (_name, text) => {
    expect(money(text)).toEqual([]);
  });

  it('a repayment of overpaid benefits is their amount', () => {
    expect(money('It reflects your repayment of $1,300.00 of overpaid benefits made in 2024.')).toEqual([['ui_benefit', '$1,300.00']]);
  });
});

describe('placeholder account numbers', () => {
  it('an account number of zeros on a sample check is no one’s', () => {
    const text = '[Sample check] The account number (0000000000) follows the routing number. Do not use the numbers on this sample.';
    expect(detect(text).filter((f) => f.type === 'bank_account')).toEqual([]);
  });
});
