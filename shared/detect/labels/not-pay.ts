/**
 * Labels of money that is neither a wage nor a benefit, and of words that name nothing by themselves:
 * prices, fees, tax withheld, deductions and elections, statutory figures, child support, statistics
 * (IRS W-2/1099 instructions, OCSE income withholding, benefit enrolment summaries, BLS and state LMI
 * releases, state benefit-law summaries). A label of these decides an amount is no one's pay.
 */
import type { Phrase } from './categories';
import { C, P } from './categories';

export const NOT_PAY_LABELS: Phrase[] = [
  ...P(
    C.MONEY_OTHER,
    'tuition',
    'fee',
    'fees',
    'grant',
    'grants',
    'price',
    'prices',
    'priced',
    'cost',
    'costs',
    'total due',
    'amount due',
    'balance due',
    'registration',
    'scholarship',
    'scholarships',
    'reimbursement',
    'reimburse',
    'reimbursed',
    'stipend',
    'stipends',
    'budget',
    'rent',
    'book',
    'books',
    'supplies',
    'subtotal',
    'purchase',
    'quote',
    'parking',
    'mileage',
    'donation',
    'pell',
    'ita',
    'itas',
    'sale',
    'sales',
    'discount',
    'refund',
    'refunds',
    'charge',
    'charges',
    // Tax withheld, penalties, statutory thresholds and repayment installments are amounts, but
    // not a person's wages or benefits (IRS W-2 and 1099-G instructions; repayment agreements).
    'withheld',
    'withholding',
    'w h',
    'penalty',
    'penalties',
    'threshold',
    'excluded',
    'exclusion',
    'installment',
    'installments',
    'contribution',
    'contributions',
    'tax due',
    'tax rate',
    // Statutory figures a law or poster sets, not a person's pay (FUTA/SUTA wage bases, the
    // minimum wage, a benefit's legal range; IRS Form 940 instructions, state minimum-wage posters).
    'wage base',
    'taxable wage base',
    'minimum wage',
    'minimum wages',
    'pay range',
    'salary range',
    'wage range',
    // Child support ordered from income (OCSE Income Withholding for Support, OMB 0970-0154).
    'child support',
    'child supp',
    'income withholding',
    // An installment paid toward an overpayment (collection notices, portal alerts): the claimant's
    // payment, not a benefit (a repayment of the overpaid benefits themselves is their amount).
    'toward overpayment',
    'towards overpayment',
    'toward the overpayment',
    'current support',
    'past due support',
    'medical support',
    'arrears',
    // Insurance and household costs (benefits enrollment summaries; overpayment waiver forms).
    'premium',
    'premiums',
    'deductible',
    'deductibles',
    'copay',
    'utilities',
    'expenses',
    // 1099-MISC boxes that are not pay for services.
    'rents',
    'royalties',
    'prize',
    'prizes',
    'gross proceeds',
    // W-2 boxes 17 and 19 and the 1099-G's box 2 (income tax, refunds of it), box 10 (dependent care
    // benefits): amounts on the form that are not its wages (IRS General Instructions for Forms W-2 and W-3).
    'income tax',
    // Payment histories and portal records: "10% FIT 36.60", `"fedTax":40.2`.
    'fit',
    'tax',
    'taxes',
    'fed tax',
    'federal tax',
    'state tax',
    'state income tax',
    'local income tax',
    'income tax refunds',
    'dependent care',
    'dependent care benefits',
    // Benefit elections and retirement statements (employer open-enrolment summaries, 401(k)
    // participant statements): coverage, elections, the employer's match and vested balances.
    'medical',
    'dental',
    'vision',
    'coverage',
    'election',
    'elections',
    'fsa',
    'hsa',
    'employer match',
    'vested balance',
    'plan balance',
    // A law's cap on benefits as case notes and notices put it ("WBA capped at state max $370"),
    // and state-wide figures a notice quotes beside a claimant's (state UI benefit-law summaries).
    'state max',
    'state maximum',
    'state minimum',
    'capped at',
    'statutory',
    'state average weekly wage',
    'average weekly wage state',
    'statewide average weekly wage',
    // A law's minimum qualifying wages in Spanish notices ("salario mínimo requerido en el período base").
    'salario minimo',
    'salario minimo requerido',
    'minimo requerido',
  ),
  // "per pay 142.30" on an election summary says how often, like "per pay period": the row's own label decides.
  // "Obligor shall pay $412.00", "you must pay $50": "pay" as a verb names nothing.
  ...P(0, 'per pay', 'shall pay', 'will pay', 'must pay', 'to pay', 'please pay', 'you pay', 'agree to pay', 'i pay', 'can i pay', 'i can pay', 'can pay', 'can t pay', 'cannot pay', 'unable to pay', 'may earn', 'can earn', 'tax year', 'tax years'),
  // "per pay period" says how often, not what: it names neither a wage nor anything else, so the
  // label before it decides ("premium per pay period", "gross pay per pay period").
  ...P(0, 'pay period', 'pay periods'),
  // Labor-market statistics: counts of claims and jobs, never money (BLS and state LMI releases).
  ...P(C.MONEY_OTHER | C.ID_OTHER, 'initial claims', 'continued claims', 'payrolls', 'nonfarm', 'insured unemployment'),
  // Occupational and county wage statistics (BLS OES/OEWS and QCEW releases): means, medians and
  // counts of a population, never one person's pay.
  ...P(
    C.MONEY_OTHER | C.ID_OTHER,
    'qcew',
    'oes',
    'oews',
    'employment',
    'establishments',
    'mean hourly wage',
    'mean annual wage',
    'annual mean',
    'hourly mean',
    'median hourly wage',
    'median annual wage',
    'median wage',
    'mean wage',
  ),
  // Averages and a law's limits are no claimant's amount: BLS and ETA 539 releases (average WBA,
  // statewide figures), state benefit-law summaries (the minimum and maximum weekly benefit), and
  // their Spanish editions ("beneficio semanal promedio"). A claimant's own "average weekly wage"
  // (SIDES, monetary notices) and "beneficio máximo" (Puerto Rico's MBA) are theirs.
  ...P(
    C.MONEY_OTHER,
    'average weekly benefit',
    'average weekly benefit amount',
    'average wba',
    'average benefit',
    'average hourly earnings',
    'average annual pay',
    'statewide',
    'minimum weekly benefit',
    'minimum weekly benefit amount',
    'maximum weekly benefit',
    'maximum weekly benefit amount',
    'minimum wba',
    'maximum wba',
    'maximum dependency allowance',
    'average weekly wages',
    'average wage',
    'average wage at placement',
    'promedio de beneficios',
    // Workers' compensation benefits (state WC wage statements and first reports): temporary total and
    // partial disability rates are the insurer's benefit, not pay.
    'ttd',
    'ttd rate',
    'tpd',
    'tpd rate',
    'compensation rate',
    'average weekly payment',
    'average hourly wage',
    // A group's figures, no one's: "Average weekly wage in affected industries: $1,142".
    'affected workers',
    'affected industries',
    'all industries',
    'all workers',
    'avg weekly benefit',
    'avg weekly benefit amount',
    'avg wba',
    'avg benefit',
    // Program performance (WIOA PIRL indicators and state dashboards): a median over participants and
    // the goal negotiated for it.
    'median earnings',
    'goal',
    'negotiated goal',
    'target',
    // Budgets: a fiscal year's lines and their variance, no one's pay.
    'fy',
    'variance',
    'fringe',
    // Social Security's benefits (SSA-1099, award letters), not the state's UI; other programs' allotments
    // and income limits (SNAP, HUD): no one's wage or UI benefit.
    'ss benefit',
    'social security benefit',
    'ssi',
    'medicare part b',
    'snap allotment',
    'allotment',
    'median family income',
    'income limit',
    'income limits',
    'household income',
    'avg hourly rate',
    'average hourly rate',
    'total payroll',
    'benefits recovered',
    'withhold',
    // A staffing agency's bill rate to its client; a card's limits; a state's median income table.
    'bill rate',
    'bill rates',
    'atm limit',
    'purchase limit',
    'daily limit',
    'median income',
    'state median income',
    'average back wages',
    // What a job posting offers, not pay anyone received.
    'sign on bonus',
    'signing bonus',
    'hiring bonus',
    'referral bonus',
    // An audit's or a notice's assessment of contributions.
    'assessment',
    // Pension plans and retirement distributions (plan benefit statements; Form 1099-R boxes 1 and 2a).
    'final average salary',
    'gross distribution',
    'distribution',
    'taxable amount',
    // Estimates and a support guideline's schedule (state child-support guidelines): no one's pay.
    'estimate',
    'estimated',
    'not yet earned',
    'combined income',
    'basic support',
    'obligor s share',
    'beneficio semanal promedio',
    'beneficio promedio',
    'beneficio semanal minimo',
    'beneficio semanal maximo',
  ),
  // The tax boxes of Forms W-2 (2, 4, 6: income, Social Security and Medicare tax; 10: dependent care;
  // 12: codes; 17, 19: state and local tax) and 1099-G (2: refunds; 4 and 11: tax withheld).
  { words: ['box'], mask: C.MONEY_OTHER, tail: /[ \t]*(?:2|4|6|10|11|12|17|19)(?!\d)/y },
  { words: ['bx'], mask: C.MONEY_OTHER, tail: /[ \t]*(?:2|4|6|10|11|12|17|19)(?!\d)/y },
  // Both a price and an id: "ticket $40", "Ticket #123-45-6789".
  ...P(C.MONEY_OTHER | C.ID_OTHER, 'ticket', 'tickets', 'invoice', 'invoices', 'voucher', 'vouchers', 'receipt', 'receipts'),
];
