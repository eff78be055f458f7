import { describe, expect, it } from 'vitest';
import { isValidAbaRouting } from './bank';
import { found } from './helpers.test-util';

describe('isValidAbaRouting (3-7-1 weights, mod 10)', () => {
  it.each(['121000358', '021000021', '011000015', '322271627', '071101307', '121042882'])('accepts %s', (n) =>
    expect(isValidAbaRouting(n)).toBe(true),
  );
  it.each([
    ['bad checksum', '121000359'],
    ['bad checksum', '421042111'],
    ['all zeros', '000000000'],
    ['eight digits', '12100035'],
    ['letters', '12100035A'],
  ])('rejects %s %s', (_why, n) => expect(isValidAbaRouting(n)).toBe(false));
});

describe('routing numbers in text', () => {
  it.each([
    ['routing number', 'Routing number 121000358', '121000358'],
    ['ABA', 'ABA 021000021', '021000021'],
    ['RTN', 'RTN: 011000015', '011000015'],
    ['after the number', '121000358 (routing)', '121000358'],
    ['MICR grouping', 'routing 3222-7162-7', '3222-7162-7'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual([['routing_number', value]]));

  it.each([
    ['no context (a bare nine digits is not assumed to be a routing number)', '121000358'],
    ['bad checksum', 'routing number 121000359'],
  ])('not found: %s', (_why, text) => expect(found(text)).toEqual([]));
});

describe('bank account numbers in text', () => {
  it.each([
    ['bank account', 'bank account 123456789012', '123456789012', 'high'],
    ['checking', 'Checking: 44556677', '44556677', 'high'],
    ['account number', 'Account number 55667788', '55667788', 'medium'],
    ['acct #', 'acct # 1234567', '1234567', 'medium'],
    ['grouped', 'Savings account 1234-5678-9012', '1234-5678-9012', 'high'],
    ['seventeen digits', 'direct deposit 12345678901234567', '12345678901234567', 'high'],
  ])('%s', (_why, text, value, confidence) => {
    const f = found(text);
    expect(f).toEqual([['bank_account', value]]);
    expect(confidence).toMatch(/high|medium/);
  });

  it('resolves nine digits by the nearest label: routing, then account', () => {
    expect(found('Routing number 121000358, account number 123456789')).toEqual([
      ['routing_number', '121000358'],
      ['bank_account', '123456789'],
    ]);
  });

  it.each([
    ['ending in', 'your checking account ending in 6789'],
    ['last four', 'bank account, last 4 digits 6789'],
    ['eighteen digits', 'bank account 123456789012345678'],
    ['no account context', 'Please call about 44556677'],
    ['an employer UI account labelled as a case', 'Case 123456789'],
  ])('not found: %s', (_why, text) => expect(found(text)).toEqual([]));
});

describe('an account that is another party\'s, not a bank account', () => {
  it.each([
    ['an employer\'s account on a statement of charges', 'Employer: Prairie Fresh Markets   Account No. 0141-2209'],
    ['an employer\'s account in a wage detail heading', 'Quarterly Wage Detail — Sugar Maple Bakery (Acct 1042917)'],
    ['a vendor\'s account', 'Vendor: Acme Supply   Account 554433221'],
  ])('%s', (_why, text) => expect(found(text).filter(([t]) => t === 'bank_account')).toEqual([]));

  it('a bank word on the same line still says it is a bank account', () => {
    expect(found('Employer direct deposit: checking account 4455667788')).toEqual([['bank_account', '4455667788']]);
  });
});

describe('whose account a plain "account" number is', () => {
  describe('another party\'s: not a bank account where nothing in the text is about banking', () => {
    it.each([
      ['an employer\'s account on a charge notice', 'Your account 077-51930 was charged $812.00 for benefits paid last quarter.'],
      ['a patient account', 'Visit on 05/02/2025. Patient acct # 51930772. Bring your card.'],
      ['an employer block in a wage table', 'EMPLOYER\nPINE RIDGE CLINIC\n  Acct 0513-207-4\n     2,410.00     2,380.55'],
      ['a hearing note naming a party\'s account', 'Hearing 5/14. Parties: clmt + ER (Oak Freight, acct 51-9307).'],
    ])('%s', (_why, text) => expect(found(text).filter(([t]) => t === 'bank_account')).toEqual([]));
  });

  describe('a bank account', () => {
    it.each([
      ['where the text speaks of direct deposit', 'Direct deposit change. Account: 5193077', [['bank_account', '5193077']]],
      ['a camelCase routing key elsewhere in the body', '{"routingNumber":"021000021","accountNumber":"5193077"}',
        [['routing_number', '021000021'], ['bank_account', '5193077']]],
      ['ten digits or more, whatever the text', 'Account number 5193077214', [['bank_account', '5193077214']]],
    ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
  });
});

describe('a routing label with a note in brackets', () => {
  it.each([
    ['the label on the line above, its format noted', 'Bank routing/transit number (9 digits)\n021000021\nAccount type: checking', [['routing_number', '021000021']]],
    ['a Spanish label above, its format noted', 'Número de ruta (9 dígitos):\n021000021', [['routing_number', '021000021']]],
    ['a bank word inside the routing label\'s brackets', 'Routing number (ACH/direct deposit): 021000021', [['routing_number', '021000021']]],
  ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
});

describe('an account named right after a routing number', () => {
  it('is the bank account, even where the line names the agency earlier', () => {
    expect(found('The agency letter shows benefits deposited to routing 072252747, account 8830041127, an account she does not own.')).toEqual([
      ['routing_number', '072252747'],
      ['bank_account', '8830041127'],
    ]);
  });
});

describe('an employer\'s tax and withholding accounts', () => {
  it.each([
    ['the employer named after the number on its line', 'Account 3390-1182   Employer: Lakeside Dental Group PC'],
    ['a withholding account', 'Withholding account: 0019-4482-01    Year: 2023'],
    ['a state unemployment insurance account number', 'Your state unemployment insurance account number is 47-1180392.'],
  ])('%s: not a bank account', (_why, text) => expect(found(text)).toEqual([]));
});

describe('an account number wrapped to the next line of prose', () => {
  it('"…routing 118711582, account" then the number on the next line', () => {
    expect(found('MICR reads routing 118711582, account\n009182447305, check #2215. Bank: Mountain West Credit Union.')).toEqual([
      ['routing_number', '118711582'],
      ['bank_account', '009182447305'],
    ]);
  });
});

describe('an account named once and repeated bare, or given after its routing number', () => {
  it('the repeat is masked like the first ("Updated to 2210093377")', () => {
    expect(found('Our employee says her account is 2210093377 at routing 311205646.\nSupport: Updated to 2210093377. Off-cycle check issued.')).toEqual([
      ['bank_account', '2210093377'], ['routing_number', '311205646'], ['bank_account', '2210093377'],
    ]);
  });

  it('a number sent in two chat messages, then read back whole', () => {
    expect(found('Client: acct 4400\nClient: 19832207 sorry it cut off\nPreparer: got it, 440019832207. Filing tonight.')).toEqual([
      ['bank_account', '4400'], ['bank_account', '19832207'], ['bank_account', '440019832207'],
    ]);
  });

  it('"rt 295418779 / 31100048812": the number after the slash is the account', () => {
    expect(found('also wants refund to Chime rt 295418779 / 31100048812')).toEqual([['routing_number', '295418779'], ['bank_account', '31100048812']]);
  });

  it('a short number equal to nothing found stays as it is', () => {
    expect(found('Account 2210093377 at routing 311205646. Ticket 44118820 closed.').map(([, v]) => v)).toEqual(['2210093377', '311205646']);
  });

  it('a JSON payload quoted inside a log line\'s JSON', () => {
    expect(found('msg="{\\"bank\\":{\\\\\\"routing\\\\\\":\\\\\\"050259160\\\\\\",\\\\\\"account\\\\\\":\\\\\\"2277100453\\\\\\"}}"')).toEqual([
      ['routing_number', '050259160'], ['bank_account', '2277100453'],
    ]);
  });
});

describe('a routing number and an account side by side with no label between, in a text about banking', () => {
  it.each([
    ['on a pay stub\'s deposit line', 'Pay stub   NET ..... 4,381.06   CHECK 88422   DEPOSIT 311704914 5510022847', [['routing_number', '311704914'], ['bank_account', '5510022847']]],
    ['account first, then the routing number', 'Direct deposit: 4400912277301 / 081349175', [['bank_account', '4400912277301'], ['routing_number', '081349175']]],
    ['each named by the word after it', '073147204 routing, 11022874519 account — is that right for direct deposit?', [['routing_number', '073147204'], ['bank_account', '11022874519']]],
    ['asked for in a chat, answered alone', 'Agent Mia: please type the routing # for the account on file\nYou: 063437322', [['routing_number', '063437322']]],
  ])('%s', (_why, text, want) => expect(found(text).filter(([t]) => t === 'routing_number' || t === 'bank_account')).toEqual(want));

  it('two numbers in a text that never speaks of banking are left alone', () => {
    expect(found('Order 311704914 shipped with 5510022847 items.')).toEqual([]);
  });
});

describe('an account label with words before its colon', () => {
  it('"Account in entry: 9003381152" beside the receiving bank', () => {
    expect(found('Receiving DFI: 256001125   Account in entry: 9003381152')).toEqual([['routing_number', '256001125'], ['bank_account', '9003381152']]);
  });

  it('a routing number a bank label would call an account, beside the account', () => {
    expect(found('Direct deposit\n   091085254            4410228871').filter(([t]) => t === 'routing_number')).toEqual([['routing_number', '091085254']]);
  });
});

describe('words after a number that name the next one, or a sample', () => {
  it.each([
    ['a return\'s routing number before a masked account label', 'RTN 026074464  ACCT ****0093  REASON: INVALID RTN CHECK DIGIT'],
    ['a sample check\'s numbers', 'Minimum $500. Example check: routing 000000000 account 1234567890'],
  ])('%s: no account', (_why, text) => expect(found(text).filter(([t]) => t === 'bank_account')).toEqual([]));
});
