import { describe, expect, it } from 'vitest';
import { found } from './helpers.test-util';

describe('wages', () => {
  it.each([
    ['1099-NEC box 1 in a vendor export', 'Vendor#\tName\tBox1 NEC\nV00112\tGarza, Luis\t12,600.00', '12,600.00'],
    ['Form 940 line 3', '3 Total payments to all employees .......... 412,760.40', '412,760.40'],
    ['gross wages', 'Gross wages $12,345.67', '$12,345.67'],
    ['salary', 'Her salary is $48,000 a year', '$48,000'],
    ['hourly', 'Pay rate: $17.25 per hour', '$17.25'],
    ['per hour after', 'He makes $15.50/hr', '$15.50'],
    ['earned', 'earned $3,150.00 in the third quarter', '$3,150.00'],
    ['net pay', 'net pay 1,024.33', '1,024.33'],
    ['quarterly wages without $', 'Quarterly wages: 8,400.00', '8,400.00'],
    ['dollar and space', 'wages of $ 1,200', '$ 1,200'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual([['wage', value]]));
});

describe('UI benefits', () => {
  it.each([
    ['benefits charged to an employer', 'Benefit charges this quarter: $710.00', '$710.00'],
    ['what is left of a reopened claim', 'Remaining balance: $3,108.00', '$3,108.00'],
    ['a dependent allowance', 'Dependent allowance: $25 per dependent per week', '$25'],
    ['WBA', 'WBA: $450', '$450'],
    ['weekly benefit amount', 'weekly benefit amount $320.00', '$320.00'],
    ['benefits paid', 'Benefits paid to date $5,400', '$5,400'],
    ['in benefits (after)', 'received $3,200 in unemployment benefits', '$3,200'],
    ['overpayment', 'overpayment of $1,250.00', '$1,250.00'],
    ['maximum benefit amount', 'maximum benefit amount $8,580', '$8,580'],
    ['what a Form 1099-G reports', 'My 1099-G for 2024 says $8,496.00 but I got less.', '$8,496.00'],
    ['a total of charges on a statement of benefit charges, past dot leaders', 'STATEMENT OF BENEFIT CHARGES\nTOTAL CHARGES THIS QUARTER .................. 1,945.20', '1,945.20'],
    ['charges to the employer\'s account', 'Relief of benefit charges\nCharges to your account to date: $4,647.06', '$4,647.06'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual([['ui_benefit', value]]));

  it('reads a statement of benefit charges by its columns, continuation rows and credits included', () => {
    const text = [
      'QUARTERLY NOTICE OF BENEFITS PAID',
      'SSN           NAME                 PAID      CHARGED',
      '601-52-2084   KEMPTON, ALICE       2,160.00  2,160.00',
      '588-54-3740   VILLANUEVA, JORGE    1,008.00  1,008.00 CR',
    ].join('\n');
    expect(found(text).filter(([t]) => t === 'ui_benefit').map(([, v]) => v)).toEqual(['2,160.00', '2,160.00', '1,008.00', '1,008.00']);
  });

  it.each([
    ['what a claimant owes on an overpayment, a payment plan after it', 'Dear Benefit Payment Control team. I got your letter that I owe $2,150. I can\'t pay it all at once. Can I pay $50 a month?', [['ui_benefit', '$2,150']]],
    [
      'an overpayment screen\'s original amount and balance columns, not its penalty or recoveries',
      'OVERPAYMENT COLLECTION INQUIRY\nOP-NO  TYPE  ESTAB     ORIG-AMT    PENALTY   RECOVERED   BALANCE\n0002   FR    01/13/25  2,808.00    421.20    0.00        2,808.00',
      [['ui_benefit', '2,808.00'], ['ui_benefit', '2,808.00']],
    ],
    [
      'paid, should-have-paid and overpaid columns beside earnings',
      'Week\tEarnings\tPaid\tShould pay\tOverpaid\n4/5\t$410.00\t$388.00\t$80.50\t$307.50',
      [['wage', '$410.00'], ['ui_benefit', '$388.00'], ['ui_benefit', '$80.50'], ['ui_benefit', '$307.50']],
    ],
  ])('on an overpayment: %s', (_why, text, want) => expect(found(text)).toEqual(want));

  it.each([
    ['a DUA weekly amount', 'Weekly DUA amount computed: $275.00', [['ui_benefit', '$275.00']]],
    ['UCX benefits paid', 'yes - UCX claim, paid $9,100 in 2019', [['ui_benefit', '$9,100']]],
    ['a pipe record\'s WBA and remaining benefit amount', 'IBIQ|AGT=FL|LIA=GA|WBA=365|RBA=4,745|RSN=LO', [['ui_benefit', '365'], ['ui_benefit', '4,745']]],
    ['amounts in Markdown emphasis', 'Final: WBA *$512*, MBA _$13,312_, BP wages *$40,960.00*', [['ui_benefit', '$512'], ['ui_benefit', '$13,312'], ['wage', '$40,960.00']]],
    ['a change of one claimant\'s WBA', 'WBA goes from $318 to $402 once I key it', [['ui_benefit', '$318'], ['ui_benefit', '$402']]],
    ['a claim\'s payment event in JSON', '{"claimId":"25-0077120","weekEnding":"2025-03-01","gross":"366.00","net":"329.40"}', [['ui_benefit', '366.00'], ['ui_benefit', '329.40']]],
    ['what a claimant was paid for a week', 'Claimant called.\n Wk end 01/18  paid $366.00\n Wk end 01/25  paid $366.00', [['ui_benefit', '$366.00'], ['ui_benefit', '$366.00']]],
    ['what a debtor received, in a text about unemployment compensation', 'The Debtor\'s Schedule I omits unemployment compensation. Records show the Debtor received $468 per week.', [['ui_benefit', '$468']]],
    ['a bank statement line described after the amount', '03/03  505.00  DES:UI PAYMENT  IND:WHITAKER J', [['ui_benefit', '505.00']]],
    ['an amount "in benefits" after a wage verb', '3. The defendant was paid 11,374.00 in benefits over 22 weeks.', [['ui_benefit', '11,374.00']]],
    ['restitution ordered in a UI fraud case', '7. Restitution. Defendant agrees to pay restitution of 41,748.00 to the State Workforce Agency.', [['ui_benefit', '41,748.00']]],
    ['a benefit label with a note naming wages in brackets', '  WEEKLY BENEFIT AMOUNT (HQW x 1/26) ..... 414.00', [['ui_benefit', '414.00']]],
    ['a workers\' compensation note in brackets keeps its say', 'Weekly benefit (TTD): $458.69', []],
    ['"UI" right before an amount in shorthand', 'Appl. laid off Jan, on UI ~410/wk, new job starts 4/1.', [['ui_benefit', '410']]],
    ['a job code and a tax line that start with "UI" are no benefit', 'UI-101\tClaims Examiner I\t$44,200\n14 Other  NJ UI/WF/SWF 191.60', []],
    ['UI received', 'UI received after season: 2,904 (not counted as farmwork earnings)', [['ui_benefit', '2,904']]],
    ['a bank\'s reply listing deposits from the state', 'Deposits from state UI: 02/07 $402.00, 02/14 $402.00', [['ui_benefit', '$402.00'], ['ui_benefit', '$402.00']]],
    ['an hourly rate after "paid" in a claimant\'s case', 'Employer states claimant was laid off. Paid $22 an hour.', [['wage', '$22']]],
  ])('%s', (_why, text, want) => expect(found(text).filter(([t]) => t === 'wage' || t === 'ui_benefit')).toEqual(want));

  it.each([
    ['a workers\' compensation average weekly wage after dot leaders', 'Average weekly wage ........................................ $1,106.68', [['wage', '$1,106.68']]],
    ['AWW beside an employer\'s name', 'AWW (primary: Mercy Ridge Hospital)              $742.30', [['wage', '$742.30']]],
    ['a TTD rate is the insurer\'s benefit, not pay', 'AWW: $934.20     TTD rate: $622.80', [['wage', '$934.20']]],
    ['a day rate', 'Abelardo Quintanilla    $180/day     cash, Fridays', [['wage', '$180']]],
    ['a mileage rate per day is no pay', 'Transportation: 62 miles round trip/day @ $0.70 = $43.40 per day of attendance', []],
    ['Spanish: what the employer paid', 'y dice que le pagaban 600 dólares a la semana', [['wage', '600']]],
    ['Vietnamese: pay per week in "đô"', 'lương mỗi tuần 725 đô.', [['wage', '725']]],
    ['self-employment income on a DUA application', 'Net self-employment income (2023 tax year): $18,942.00', [['wage', '$18,942.00']]],
  ])('workers\' pay: %s', (_why, text, want) => expect(found(text).filter(([t]) => t === 'wage' || t === 'ui_benefit')).toEqual(want));

  it.each([
    ['W-2 box 1 is wages, 1099-G box 1 the benefit, box 4 the tax withheld', 'Volunteer notes: W-2 #1 Kohl\'s box 1 14,206.33; 1099-G box 1 5,460.00, box 4 546.00',
      [['wage', '14,206.33'], ['ui_benefit', '5,460.00']]],
    ['W-2 box 2 is tax withheld', 'W-2 box 2: $1,000.00', []],
    ['a deadline penalty per Form W-2 is no wage', 'The penalty for each late Form W-2 is $60 if filed within 30 days.', []],
  ])('tax forms\' boxes: %s', (_why, text, want) => expect(found(text)).toEqual(want));

  it.each([
    ['a W-2\'s wage boxes by number, its tax box not', 'W-2 from Harbor Inc\nBox 1 $9,118.50   Box 5 $9,118.50   Box 2 $812.00', [['wage', '$9,118.50'], ['wage', '$9,118.50']]],
    ['a salary\'s base at the start of a line', 'Base: $5,416.67/mo', [['wage', '$5,416.67']]],
    ['a notice\'s base period is no salary', 'Salario mínimo requerido en el período base: $2,400', []],
    ['a farm worker\'s guarantee payment and day gross', 'Guarantee payment ......... 1,680.62\nDay gross: 312.00   Foreman init: RV', [['wage', '1,680.62'], ['wage', '312.00']]],
    ['a final check, and what was withheld from it', 'Glen Forsythe final check 6,240.00 approved. Amount withheld from final check and remitted: $263.29', [['wage', '6,240.00']]],
  ])('pay named by a form or a line: %s', (_why, text, want) => expect(found(text)).toEqual(want));

  it('an overpayment\'s monthly installment is no benefit', () => {
    expect(found('OVERPAYMENT REPAYMENT AGREEMENT\nClaimant SSN: 519-22-0618\nOverpayment balance: $1,804.00\nMonthly payment: $75.00')).toEqual([
      ['ssn', '519-22-0618'],
      ['ui_benefit', '$1,804.00'],
    ]);
  });

  it.each([
    ['a late charge on a statement of benefit charges', 'Statement of benefit charges\nLate charges: $25.00'],
    ['a form\'s catalog number beside a 1099-G', 'Form 1099-G (Rev. January 2024), Cat. No. 14438M.'],
    ['charges on a bank statement', 'Monthly service charges: $12.00'],
  ])('not a benefit: %s', (_why, text) => expect(found(text)).toEqual([]));

  it('tells wages and benefits apart in one sentence', () => {
    expect(found('Wages of $600 per week were reported while WBA $320 was paid.')).toEqual([
      ['wage', '$600'],
      ['ui_benefit', '$320'],
    ]);
  });
});

describe('money that is neither', () => {
  it.each([
    ['tuition', 'Tuition is $4,500 per semester'],
    ['fee', 'The registration fee of $35.00 is waived'],
    ['grant', 'Pell grant: $6,895'],
    ['price', 'Price $19.99'],
    ['training cost after a wage word', 'Wages aside, the course cost $1,200'],
    ['no context at all', 'Bring $20 for lunch.'],
    ['a plain number near wages is not money', 'Wages were discussed in room 1234'],
    ['a count of weeks after a benefit word', 'Unemployment claims lasted an average of 14.8 weeks.'],
    ['hours on a pay stub line', 'Regular wages: 80.00 hours this period'],
    ['a rate in percent', 'Your 2024 UI contribution rate on wages is 1.35%.'],
    ['tax withheld beside wages', 'Federal income tax withheld 5,102.77'],
    ['statistics of claims', 'Initial claims 30,453.50 (seasonally adjusted)'],
    ['a wage base set by law', 'The FUTA taxable wage base is $7,000 per employee.'],
    ['the minimum wage on a poster', 'Minimum wage: $7.25 per hour'],
    ['a job posting\'s pay range', 'Pay range $18.00 - $22.50 depending on experience'],
    ['child support ordered from income', 'Current support: $250.00 per pay period'],
    ['an insurance premium per pay period', 'Medical premium per pay period $45.10'],
    ['household expenses on a waiver form', 'Monthly expenses: rent and utilities $1,350'],
    ['a retirement plan\'s name after a benefits label', 'Benefits: 401(k) with 4% match, 403(b) for staff.'],
    ['a statewide average in a dashboard, abbreviated', 'Savings estimate: avg WBA $411 × 2.7 weeks'],
    ['a program\'s median earnings and its goal', 'Median earnings Q2 after exit: $8,915 (goal $8,600)'],
    ['a budget\'s actual and variance columns', 'Line\tFY25 Budget\tFY25 Actual\tVariance\nOvertime\t$120,000\t$148,903\t($28,903)'],
    ['a law\'s bounds on the weekly benefit and qualifying wages', 'The weekly benefit amount shall be 1/26 of high-quarter wages, but not less than $55 nor more than $600. An individual is eligible if paid wages of at least $2,200 in the base period.'],
    ['an offer\'s pay range in thousands', 'We have an opening for a Benefits Analyst, base $68k–$78k, hybrid.'],
    ['a pension plan\'s final average salary', 'Final average salary (plan formula): $58,312.00'],
    ['a retirement distribution', '1 Gross distribution: 12,500.00    2a Taxable amount: 12,500.00'],
    ['a support guideline\'s schedule', 'Basic support for one child at combined income of $5,000/month is $812.'],
    ['county wage statistics', 'Average weekly wages in the county were $1,182, up 4.1 percent over the year.'],
    ['a budget line for staff salaries and fringe', 'Staff salaries & fringe      $412,880      $388,104'],
    ['a commented example row of an upload file', '# Example row (do not submit): DOE,JANE,Q,5000.00,5000.00'],
    ['a sign-on bonus a posting offers', 'Now hiring! Machine Operator II, $21.50-$26.75/hr DOE, $1,500 sign-on bonus after 90 days.'],
    ['a rule\'s qualifying wages "totaling"', 'The claimant\'s base period must include wages in at least two quarters totaling $3,000.'],
    ['a card\'s fees and limits', 'Replacement card (after 1 free/yr) $5.00 | Daily ATM limit $1,000 | Daily purchase limit $3,500'],
    ['a staffing agency\'s bill rate', 'ICU RN bill rate $112/hr for the client'],
    ['a state median income table', 'State median income: 1 person $72,413 | 2 $93,801'],
    ['Social Security benefits on an award letter', 'Gross SS benefit $1,183.00; Medicare Part B $174.70'],
    ['another program\'s allotments and income limits', 'Max SNAP allotment: 1 person $292. Median Family Income: $113,600.'],
    ['a withholding table\'s brackets', 'If wages are over $1,058 but not over $2,544, withhold $105.80 plus 12% of the excess over $1,058.'],
    ['a rule to waive small overpayments', 'The department may waive recovery of overpayments under $50.'],
    ['restitution for a retail theft', 'Original restitution 7,418.00 (victim: Lakeview Hardware, retail theft).'],
    ['a Spanish notice\'s qualifying wages', 'Necesita haber ganado al menos 1,300 en un trimestre.'],
    ['labor statistics by occupation', 'Stockers and order fillers: employment 2,118,440 · median hourly 17.29 · mean annual 38,420'],
    ['a worker supposed in testimony', 'A worker earning $18 per hour would receive roughly $360 per week.'],
    ['a policy\'s overtime multiple', 'Overtime is paid at 1.5 times the regular rate for hours over 40.'],
    ['a program\'s total benefits and average payment', 'Total shared work benefits paid: $3,902,415     Average weekly payment: $141.20'],
    ['a program\'s overpayments in millions', '• Overpayments established: $18.2M'],
    ['counts of residents and payments', 'Last year 2,306 residents received benefits; 61,440 first payments.'],
    ['an audit\'s assessment and interest after a bonus finding', 'Findings: 1 unreported bonus group. Assessment $2,448.17 plus interest $211.40.'],
    ['a federal pay schedule\'s rows', 'Grade  Step 1    Step 2    Step 3    Step 4\nGS-7   $56,982   $58,882   $60,782   $62,682'],
    ['the average wage of a group of workers', 'Average hourly wage of affected workers (where reported): $23.84'],
    ['a worked example in speaker notes', 'Notes: Walk through the charge example - if a claimant with a $500 WBA draws 26 weeks, that\'s $13,000.'],
    ['an employer\'s contributions by quarter', 'Quarter\tRate\tContribution due\tPenalty\tInterest\tPaid\n2024Q3\t2.10%\t$1,204.33\t$0.00\t$6.12\t$1,204.33'],
  ])('%s', (_why, text) => expect(found(text)).toEqual([]));

  it('what one claimant earned stays a wage beside the same words', () => {
    expect(found('I earned at least $500 a week at the plant before the layoff.')).toEqual([['wage', '$500']]);
  });

  it('a quarter-by-quarter table that names wages is still wages', () => {
    expect(found('Quarter\tTotal wages\tContributions due\n2024Q3\t$12,204.33\t$204.33')).toEqual([['wage', '$12,204.33']]);
  });
});

describe('labels in Spanish and UI shorthand', () => {
  it.each([
    ['Su beneficio semanal', 'Su beneficio semanal será de $412.00 a partir del lunes.', [['ui_benefit', '$412.00']]],
    ['salarios del período base', 'Salarios del período base: $21,340.00', [['wage', '$21,340.00']]],
    ['por hora', 'Yo ganaba $16.75 por hora.', [['wage', '$16.75']]],
    ['BPW and HQW', 'BPW $24,880.40  HQW $7,210.00', [['wage', '$24,880.40'], ['wage', '$7,210.00']]],
    ['1099-G shorthand', 'bx1 UC $7,020.00', [['ui_benefit', '$7,020.00']]],
    ['lost wages assistance is a benefit', 'You were paid Lost Wages Assistance of $300.00', [['ui_benefit', '$300.00']]],
  ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
});

describe('averages and a law\'s limits are no claimant\'s amounts', () => {
  it.each([
    ['a statewide average benefit in a weekly claims report', 'Week ending 04/05/2025: average WBA statewide $398.12; IUR 1.9%.'],
    ['the law\'s minimum and maximum weekly benefit, printed with dot leaders', 'Minimum weekly benefit amount ...... $96\nMaximum weekly benefit amount ...... $790'],
    ['a Spanish release of the average weekly benefit', 'Beneficio semanal promedio en el estado: $398.12.'],
    ['insured unemployment, a count', 'Insured unemployment was 1,744,000 for the week.'],
  ])('%s', (_why, text) => expect(found(text)).toEqual([]));

  it.each([
    ['a claimant\'s own average weekly wage', 'AverageWeeklyWage: 704.25', [['wage', '704.25']]],
    ['a claimant\'s maximum benefit amount', 'Your maximum benefit amount is $9,360.00.', [['ui_benefit', '$9,360.00']]],
  ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
});
