import { describe, expect, it } from 'vitest';
import { detect } from './index';
import { money } from './helpers.test-util';

describe('a printed form’s box labels over a row of values', () => {
  it.each([
    [
      'two labels on a line, two values on the next: only the wage box is a wage',
      '1 Wages, tips, other compensation          2 Federal income tax withheld\n  36,902.40                                   2,811.06\n3 Social security wages                    4 Social security tax withheld\n  36,902.40                                   2,287.95',
      [['wage', '36,902.40'], ['wage', '36,902.40']],
    ],
    [
      'state and local boxes, a state code and a locality among the values',
      '15 State  Employer\'s state ID number      16 State wages, tips, etc.   17 State income tax\nPA        74-118204                        42,550.00                   1,306.29\n18 Local wages, tips, etc.   19 Local income tax    20 Locality name\n42,550.00                     765.90                 PITTSBURGH',
      [['wage', '42,550.00'], ['wage', '42,550.00']],
    ],
    [
      'one label, its values in two columns (previously reported, correct)',
      '16 State wages, tips, etc.\n                         18,220.00                19,045.50\n17 State income tax\n                         412.07                   431.66',
      [['wage', '18,220.00'], ['wage', '19,045.50']],
    ],
    [
      'two rows of values under one line of labels',
      '15 State  Employer\'s state ID no.   16 State wages, tips, etc.   17 State income tax\nNY        4471920-00                31,200.00                    1,688.00\nNJ        022-446-118/000           12,840.55                      301.22',
      [['wage', '31,200.00'], ['wage', '12,840.55']],
    ],
    [
      'a right-aligned value that starts before its label',
      '1 Wages, tips, other compensation    2 Federal income tax withheld\n~ 33,914.20                     3,011.00',
      [['wage', '33,914.20']],
    ],
  ])('%s', (_name, text, want) => {
    expect(money(text)).toEqual(want);
  });

  it.each([
    ['a sentence above a row of amounts with words', 'AMOUNTS TO WITHHOLD: You do not have to vary your pay cycle to be in compliance with the Order.\n$ 106.62 per weekly pay period    $ 231.00 per semimonthly pay period'],
    ['a title above a policy table', 'PY 2024 Lower Living Standard Income Level (70% LLSIL), metropolitan area:\nFamily size 1: $15,060   2: $24,680   3: $33,880'],
  ])('reads no wage from %s', (_name, text) => {
    expect(money(text)).toEqual([]);
  });
});

describe('column headers of printed tables', () => {
  it('a row of names heads its block: a mailing-date row above it is another block', () => {
    const text = 'NOTICE TO EMPLOYER\nMailing date: 02/06/2025        Respond by: 02/16/2025\n\nClaimant Social Security No.              Employer Account No.\n385-19-0092                         0118824-00-6\n';
    expect(detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['ssn', '385-19-0092']]);
  });

  it('a payment history’s "Amount Paid" column, its cells drifted from the header', () => {
    const text =
      'Claim Summary   Weekly Benefit Amount: $362\nWeek Ending    Status   Amount Paid   Date Paid    Method\n01/13/2024   Paid   $362.00   01/17/2024   Direct Deposit\n01/27/2024   Paid   $298.00   01/31/2024   Direct Deposit';
    expect(money(text)).toEqual([['ui_benefit', '$362'], ['ui_benefit', '$362.00'], ['ui_benefit', '$298.00']]);
  });

  it('an "Amount Paid" column of an invoice is no benefit', () => {
    const text = 'Invoice 4471   Training provider: Metro CDL\nItem          Qty   Amount Paid\nTuition       1     $2,400.00';
    expect(money(text)).toEqual([]);
  });
});

describe('payroll registers', () => {
  it('rate, net and taxable columns beside the gross column are pay; hours and taxes are not', () => {
    const text = 'EmpID,Name,SSN,Hours,Rate,Gross,FIT,SIT,FICA,Medicare,401k,Net\n1042,Abernathy Carl,154-81-1778,80.00,22.50,1800.00,142.18,61.20,111.60,26.10,90.00,1368.92';
    expect(money(text)).toEqual([['wage', '22.50'], ['wage', '1800.00'], ['wage', '1368.92']]);
  });

  it('a header on two lines: the second names the columns the first only groups', () => {
    const text = ',Current,Current,Current,YTD,YTD,\nEmployee,Hours,Gross,Net,Gross,Net,SSN\n"Banerjee, Rohan",80,3076.92,2288.17,18461.52,13729.02,593-02-6246';
    expect(money(text)).toEqual([['wage', '3076.92'], ['wage', '2288.17'], ['wage', '18461.52'], ['wage', '13729.02']]);
  });

  it('decimal commas in a semicolon-separated export', () => {
    const text = 'Nombre;SSN;Salario bruto;Neto\nDelgado Ruiz, Pilar;420-22-7264;2140,00;1712,44';
    expect(money(text)).toEqual([['wage', '2140,00'], ['wage', '1712,44']]);
  });

  it('severance and paid-out leave on separation are pay; severance weeks are a count', () => {
    const text = 'Name,Last Day,Final Pay,PTO Payout,Severance Weeks,Severance $\n"Albright, Cy",03/14/2025,1420.00,852.00,4,5680.00';
    expect(money(text)).toEqual([['wage', '1420.00'], ['wage', '852.00'], ['wage', '5680.00']]);
  });
});

describe('printed reports', () => {
  it('a fixed-width report whose names hold a comma ("OKONJO, AMAKA"): its columns, not a CSV', () => {
    const text =
      'DAILY ACH RETURNS – UI BENEFIT PAYMENTS – 04/03/2024\nTrace Number      Name              RDFI        Account          Amount   Code\n021000025550118   OKONJO, AMAKA     026009593   483300198        362.00   R03';
    expect(detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['routing_number', '026009593'],
      ['bank_account', '483300198'],
      ['ui_benefit', '362.00'],
    ]);
  });
});

describe('a record of benefit payments', () => {
  it('gross and net paid columns are the benefit; the tax withheld is not', () => {
    const text = 'Payment History\nClaimant: DENISE A. HOLLOWAY   Benefit Year Begin: 02/04/2024\n\nWeek Ending   Issue Date   Gross Payment   Fed Tax W/H   Net Paid   Method\n02/17/2024    02/21/2024   412.00          41.20         370.80     Direct Deposit';
    expect(money(text)).toEqual([['ui_benefit', '412.00'], ['ui_benefit', '370.80']]);
  });

  it('a screen’s "GROSS AMT" and "NET AMT" beside their values', () => {
    const text = '13 BENEFIT PAYMENT INFORMATION     DATE 10/02/23\nGROSS AMT  362.00             FED TAX    0.00\nCHILD SUPP   90.50             NET AMT    271.50';
    expect(money(text)).toEqual([['ui_benefit', '362.00'], ['ui_benefit', '271.50']]);
  });

  it('a case note quoting a pay stub keeps its gross as pay', () => {
    const text = '3/20 Clmt faxed stub for wk end 3/15: gross 318.40 (16 hrs @ 19.90). WBA 412.';
    expect(money(text).slice(0, 1)).toEqual([['wage', '318.40']]);
  });
});

describe('Spanish payment notices', () => {
  it('decimal commas in a fixed-width table: gross and net benefit, the withholding not', () => {
    const text = 'AVISO DE PAGO\nSemana terminada   Fecha de emisión   Beneficio bruto   Retención federal   Pago neto\n06/04/2024         10/04/2024         $380,00           $38,00              $342,00';
    expect(money(text)).toEqual([['ui_benefit', '$380,00'], ['ui_benefit', '$342,00']]);
  });
});

describe('an employer\'s list of its workers, one SSN a row', () => {
  it.each([
    ['a roster\'s starting rates, no wage word in the header', 'Last\tFirst\tSSN\tHire Date\tRate\nGuzman\tElias\t601-73-2285\t5/5/2025\t17.25', [['wage', '17.25']]],
    ['a W-2 summary by box number; box 2 (tax withheld) is not pay', '| EIN | SSN | Box 1 | Box 2 | Box 5 |\n|---|---|---|---|---|\n| 94-3318772 | 545-20-1983 | 48,220.15 | 4,990.12 | 50,100.00 |',
      [['wage', '48,220.15'], ['wage', '50,100.00']]],
    ['year-to-date pay beside a notes column', 'Employee\tSSN\tYTD\tNotes\nArslan, Deniz\t167-42-0539\t22,180.44\ton leave', [['wage', '22,180.44']]],
  ])('%s', (_why, text, want) => expect(money(text)).toEqual(want));

  it('a claimant list on a benefits text keeps its payments benefits', () => {
    expect(money('Unemployment payments this week\nClaimant\tSSN\tAmount\nOkafor, Ngozi\t387-21-4406\t322.00')).toEqual([['ui_benefit', '322.00']]);
  });
});

describe('column names that say a period, a note or a report', () => {
  it.each([
    ['"Wages this week" is no count of weeks', 'Emp SSN         Hours worked   Hours reduced   Wages this week\n017-50-1288     24             16              $624.00', [['wage', '$624.00']]],
    ['a back-pay column with its days in a note, beside a daily rate', 'Employee           Daily rate   Back pay (41 days)\nAshworth, L.       $212.40      $8,708.40', [['wage', '$212.40'], ['wage', '$8,708.40']]],
    ['previously reported and reported columns on a list of workers', 'SSN           Previously reported   Corrected\n520-17-3308   8,450.00              9,450.00', [['wage', '8,450.00'], ['wage', '9,450.00']]],
  ])('%s', (_why, text, want) => expect(money(text)).toEqual(want));
});

describe('identifier columns', () => {
  it('a CSV whose header ends in "dd_account": the SSN column stays SSNs, the account column accounts', () => {
    const text = 'emp_id,first,last,ssn,dob,dd_routing,dd_account\n1001,Janae,Fowler,694-57-9096,1987-05-12,036733532,88001234571';
    expect(detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['ssn', '694-57-9096'], ['dob', '1987-05-12'], ['routing_number', '036733532'], ['bank_account', '88001234571'],
    ]);
  });

  it('"Student\'s Social Security Number" heads SSNs, not students\' ids', () => {
    const text = 'Student\'s Social Security Number   Student\'s Date of Birth\n057-19-5708                        03/02/2005';
    expect(detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['ssn', '057-19-5708'], ['dob', '03/02/2005']]);
  });

  it('a headerless pipe record naming a person in capitals', () => {
    const text = 'NH|464570510|GARNER|ALICIA|20240415|SUMMIT HEALTH PARTNERS|CO';
    expect(detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['ssn', '464570510']]);
  });
});
