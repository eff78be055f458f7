import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { found } from './helpers.test-util';


describe('an SSN spread over wide gaps or a line break, after an identity word', () => {
  it.each([
    ['a chat answer broken by Enter inside the number', 'Bot: Please enter your Social Security number.\nYou: 513 40\n2286\nBot: Thanks.', [['ssn', '513 40\n2286']]],
    ['a text message in two parts', 'what is your SSN?\n513-40-\n2286', [['ssn', '513-40-\n2286']]],
    ['a value wrapped in a quoted reply', 'Her SS# is\n> 513-40-\n> 2286 per the intake.', [['ssn', '513-40-\n> 2286']]],
    [
      'an OCR’d column whose spacing doubled, under an SSN heading',
      'EMPLOYEE NAME           SSN             QTR GROSS\nGARCIA  ,  LUZ M        6l2  O4  88l9     4,5l2.OO\nHOLT , DEREK            4O7  88  2O36     8,OO4.S5',
      [['ssn', '6l2  O4  88l9'], ['ssn', '4O7  88  2O36']],
    ],
    ['an ITIN spread the same way', 'ITIN\n912  71  4455', [['itin', '912  71  4455']]],
  ])('%s', (_name, text, want) => {
    expect(found(text).filter(([t]) => t === 'ssn' || t === 'itin')).toEqual(want);
  });

  it('masks what it reads, to the last digits, as every other SSN', () => {
    const out = redact('Bot: Please enter your Social Security number.\nYou: 513 40\n2286\nBot: Thanks.').text;
    expect(out).not.toMatch(/513/);
    expect(out).toContain('2286');
  });

  it.each([
    ['no identity word near it', 'Call the front desk at 513  40  2286 after lunch.'],
    ['a claim number’s own label on the line', 'SSN on file. Claim no. 513  40  2286'],
    ['an amount then the next row’s employee number', 'EMP  NAME   SSN   NET\n0411 OWUSU   702.14\n0412 PARK'],
    ['an invalid SSN', 'SSN:\n000  40  2286'],
    ['the single-spaced value the token rules read already', 'No SSN here, only a phone: 513 40 2286 x'],
  ])('reads nothing from %s', (_name, text) => {
    expect(found(text).filter(([t]) => t === 'ssn' || t === 'itin').filter(([, v]) => /\n| {2}/.test(v!))).toEqual([]);
  });

  it('reads an SSN posted as a JSON array of its parts, and masks it to the last five', () => {
    const body = '{"operation":"updatePaymentMethod","claimant":{"ssn":["512","07","3394"],"lastName":"Quarles"}}';
    expect(found(body)).toEqual([['ssn', '512","07","3394']]);
    expect(redact(body).text.startsWith('{"operation":"updatePaymentMethod","claimant":{"ssn":["***","*7","3394"]')).toBe(true);
  });

  it('reads no array whose key names something else', () => {
    expect(found('{"zip":["512","07","3394"]}')).toEqual([]);
  });
});

describe('nine bare digits a person’s name or the same SSN elsewhere names', () => {
  it.each([
    ['a surname after the number in a chat', '[10:42] Priya K: 536194408 Alvarado. WBA 312, MBA 8112', [['ssn', '536194408']]],
    ['a name before it', 'Maria Lopez 536194408 called this morning', [['ssn', '536194408']]],
    [
      'the same digits named elsewhere in the text',
      '[10:41] Priya K: can u look at 536194408 — clmt says WBA wrong\n[10:42] Priya K: 536194408 Alvarado.',
      [['ssn', '536194408'], ['ssn', '536194408']],
    ],
  ])('%s', (_name, text, want) => {
    expect(found(text).filter(([t]) => t === 'ssn')).toEqual(want);
  });

  it.each([
    ['a month after it', 'Order 536194408 March delivery'],
    ['a label word after it', 'ref 536194408 Claim filed'],
    ['a catalog row: the item in the next column', '410227821   Coffee service, 96 oz      $28.00'],
    ['a provider id with its own label', 'NPI: 1487293016     Medicaid Provider ID: 200418833     Taxonomy: 207Q00000X'],
  ])('not beside %s', (_name, text) => {
    expect(found(text).filter(([t]) => t === 'ssn')).toEqual([]);
  });
});

describe('identifiers in machine text', () => {
  it.each([
    ['a fixed-format log message running label, number and name together', 'TXN=BPAY RC=00 MSG=PAYMENT POSTED SSN482330917KRAUSE       AMT00041200', [['ssn', '482330917']]],
    ['an employer’s EIN and an employee’s SSN as steps of an address', '"GET /api/employers/20-3317748/employees/399-18-0446/wages?quarter=2024Q1 HTTP/2" 200 412', [['fein', '20-3317748'], ['ssn', '399-18-0446']]],
    ['a form dump quoted in a reply, the SSN in three named fields', 'Form dump below.\n> form_id: dd_change_v3\n> ssn_part1: 527\n> ssn_part2: 81\n> ssn_part3: 0460\n', [['ssn', '527'], ['ssn', '81'], ['ssn', '0460']]],
  ])('%s', (_name, text, want) => {
    expect(found(text).filter(([t]) => t === 'ssn' || t === 'fein')).toEqual(want);
  });
});

describe('a routing or account number that went on on the next line', () => {
  it.each([
    ['a routing number wrapped in a chat message', 'Ruta: 2597\n38657\nGracias', [['routing_number', '2597'], ['routing_number', '38657']]],
    ['an account broken by a <br> because it did not fit', '<div>account 44019<br>27731 (it didn\'t fit in the box)</div>', [['bank_account', '44019'], ['bank_account', '27731']]],
    ['an account sent in two chat messages', '[09/05/24 10:13] Luciana: conta 77104\n[09/05/24 10:14] Luciana: 20983 (o resto)', [['bank_account', '77104'], ['bank_account', '20983']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));

  it('masks the whole account, both lines, and leaves the speaker and the time between as they are', () => {
    expect(redact('Cuenta: 3301\n887265\nBanco Unión').text).not.toMatch(/3301/);
    const chat = redact('[09/05/24 10:13] Luciana: conta 77104\n[09/05/24 10:14] Luciana: 20983 (o resto)').text;
    expect(chat).not.toMatch(/77104/);
    expect(chat).toContain('[09/05/24 10:14] Luciana: ');
  });

  it.each([
    ['a routing number that fails the ABA check once joined', 'Routing: 1234\n5678'],
    ['an address on the line after a short account number', 'Account: 1234\n5678 Main St'],
  ])('%s: not joined', (_why, text) => expect(found(text).filter(([, v]) => v.includes('\n'))).toEqual([]));
});
