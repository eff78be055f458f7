import { describe, expect, it } from 'vitest';
import { detect } from './index';
import { isValidSsn, isValidSsnDigits } from './ssn';
import { found, suspected } from './helpers.test-util';

describe('isValidSsn', () => {
  it.each([
    [1, 1, 1],
    [899, 99, 9999],
    [665, 12, 3456],
    [667, 12, 3456],
  ])('accepts area %i group %i serial %i', (a, g, s) => expect(isValidSsn(a, g, s)).toBe(true));

  it.each([
    ['area 000', 0, 12, 3456],
    ['area 666', 666, 12, 3456],
    ['area 900 and above', 900, 12, 3456],
    ['group 00', 123, 0, 4567],
    ['serial 0000', 123, 45, 0],
  ])('rejects %s', (_why, a, g, s) => expect(isValidSsn(a, g, s)).toBe(false));

  it('rejects the two published never-issued numbers', () => {
    expect(isValidSsnDigits('078051120')).toBe(false);
    expect(isValidSsnDigits('219099999')).toBe(false);
    expect(isValidSsnDigits('078051121')).toBe(true);
  });
});

describe('SSN in text: found', () => {
  it.each([
    ['dashes', 'SSN 123-45-6789', '123-45-6789', 'high'],
    ['dashes, no context word', 'Please update 123-45-6789 today', '123-45-6789', 'medium'],
    ['en dashes', 'SSN 123\u201345\u20136789', '123\u201345\u20136789', 'high'],
    ['minus signs', 'SSN 123\u221245\u22126789', '123\u221245\u22126789', 'high'],
    ['spaces', 'SSN 123 45 6789', '123 45 6789', 'high'],
    ['non-breaking spaces', 'SSN 123\u00a045\u00a06789', '123\u00a045\u00a06789', 'high'],
    ['dots', 'SSN 123.45.6789', '123.45.6789', 'high'],
    ['no separators after a context word', 'Social Security Number: 123456789', '123456789', 'high'],
    ['no separators after a field name', 'claimant_ssn=123456789', '123456789', 'high'],
    ['context word after the number', '123456789 (SSN)', '123456789', 'high'],
    ['at the very start and end', '123-45-6789', '123-45-6789', 'medium'],
    ['after a colon with no space', 'SSN:123-45-6789', '123-45-6789', 'high'],
  ])('%s', (_why, text, value, confidence) => {
    const f = detect(text);
    expect(f).toHaveLength(1);
    expect(f[0]!.type).toBe('ssn');
    expect(text.slice(f[0]!.start, f[0]!.end)).toBe(value);
    expect(f[0]!.confidence).toBe(confidence);
    expect(f[0]!.rule).toMatch(/^ssn\./);
  });

  it('finds several SSNs in a list under one label', () => {
    expect(found('SSNs: 123-45-6789, 234-56-7890 and 345-67-8901.')).toEqual([
      ['ssn', '123-45-6789'],
      ['ssn', '234-56-7890'],
      ['ssn', '345-67-8901'],
    ]);
  });

  it('takes the field name as context for bare digits', () => {
    expect(found('123456789', { field: 'ssn' })).toEqual([['ssn', '123456789']]);
    expect(found('123456789', { field: 'Social Security Number' })).toEqual([['ssn', '123456789']]);
    expect(found('123456789')).toEqual([]);
  });

  it('suspects nine bare digits that nothing names and that could be an SSN (low: warned about, never masked)', () => {
    expect(suspected('call me back, 536221874')).toEqual([['ssn', '536221874']]);
    expect(found('call me back, 536221874')).toEqual([]);
    // Not one that cannot be an SSN, nor one a label names as something else, nor one a surer reading takes.
    expect(suspected('call me back, 666221874')).toEqual([]);
    expect(suspected('Claim 536221874')).toEqual([]);
    expect(suspected('SSN 536221874')).toEqual([]);
    expect(found('SSN 536221874')).toEqual([['ssn', '536221874']]);
  });
});

describe('SSN in text: not found', () => {
  describe('invalid numbers', () => {
    it.each([
      ['area 000', 'SSN 000-12-3456'],
      ['area 666', 'SSN 666-12-3456'],
      ['area 9XX outside ITIN groups', 'SSN 900-12-3456'],
      ['group 00', 'SSN 123-00-4567'],
      ['serial 0000', 'SSN 123-45-0000'],
      ['never issued (Woolworth card)', 'SSN 078-05-1120'],
      ['never issued (SSA advertisement)', 'SSN 219-09-9999'],
    ])('%s', (_why, text) => expect(detect(text)).toEqual([]));
  });

  describe('other formats', () => {
    it.each([
      ['nine digits with no context', 'Order 77 shipped as 123456789 yesterday'],
      ['mixed separators', '123-45 6789'],
      ['mixed dash and dot', '693-09.4444'],
      ['ten digits', 'SSN 1234567890'],
      ['part of a longer id', 'SSN 123-45-67890'],
      ['letters glued on', 'SSN A123-45-6789'],
      ['id prefix', 'UI-123-45-6789'],
      ['suffix', 'SSN 123-45-6789-B'],
    ])('%s', (_why, text) => expect(detect(text)).toEqual([]));
  });

  describe('labelled as something else', () => {
    it.each([
      ['case number', 'Case 123-45-6789'],
      ['ticket', 'Ticket #123-45-6789 is closed'],
      ['claim id', 'Claim ID: 123456789'],
      ['invoice', 'Invoice no. 123456789'],
      ['phone', 'Phone 123456789'],
      ['an issue id after the word SSN', 'Claim No. 512-44-9031 (this is your claim number, not your SSN). Issue ID 771-20-5514.'],
    ])('%s', (_why, text) => expect(detect(text)).toEqual([]));
  });

  describe('already masked', () => {
    it.each([
      ['stars', 'SSN ***-**-6789'],
      ['X', 'SSN XXX-XX-6789'],
      ['last five kept', 'SSN ***-*5-6789'],
      ['no separators', 'SSN *****6789'],
      ['bullets', 'SSN \u2022\u2022\u2022-\u2022\u2022-6789'],
      ['spaces', 'SSN *** ** 6789'],
      // Found by the masking property test: the kept digits of a space-separated SSN, with a
      // bank-account label on the next line, were read as an account number.
      ['last five kept, spaces, a label on the next line', 'Soc. Sec. No. *** *1 2345\n Bank account: ****-**32-10'],
    ])('%s', (_why, text) => expect(detect(text)).toEqual([]));
  });
});

describe('nine bare digits answering a question about the SSN a line or two up', () => {
  it.each([
    ['a chat log with time stamps and user names', '[09:14:02] agent_lee: ssn?\n[09:14:20] visitor_88: 536221874', [['ssn', '536221874']]],
    ['a bot prompt, the answer after a speaker prefix', 'Bot: Please type your Social Security number.\nYou: 536221874', [['ssn', '536221874']]],
  ])('%s: enforced', (_why, text, expected) => expect(found(text)).toEqual(expected));

  it('nine bare digits with no such question stay a suspicion only', () => {
    expect(found('Ticket queue: 536221874 pending')).toEqual([]);
  });
});

describe('labels and values run together, as PDF-to-text extraction prints a form', () => {
  it('reads each value up to the next capitalised label', () => {
    expect(found('EmployeeName:RosaLinSSN:417-20-6639GrossPay:$1,120.00NetPay:$903.15PayDate:05/23/2025')).toEqual([
      ['ssn', '417-20-6639'],
      ['wage', '$1,120.00'],
      ['wage', '$903.15'],
    ]);
  });

  it('still leaves a part number with letters glued to it alone', () => {
    expect(found('Part 417-20-6639Ab in stock')).toEqual([]);
  });
});

describe('a fixed-width record whose SSN runs into the surname', () => {
  it('"2024Q3 577326081PEREZ CASTILLO      JUANA": the nine digits are the SSN', () => {
    expect(found('S04800844126 2024Q3 577326081PEREZ CASTILLO      JUANA     ').filter(([t]) => t === 'ssn')).toEqual([['ssn', '577326081']]);
  });

  it('nine digits glued to a word that is no name in capitals stay a suspicion at most', () => {
    expect(found('Ref 577326081abc shipped')).toEqual([]);
  });
});

describe('more ways an SSN reaches a chat or a roster', () => {
  it('over two messages whose speaker names carry a note in brackets', () => {
    expect(found('[9:01] Lena (client): need to fix Ari\'s SSN on file, it\'s 538-20\n[9:02] Lena (client): -6617 sorry')).toEqual([['ssn', '538-20'], ['ssn', '6617']]);
  });

  it('nine digits a column after "SURNAME, GIVEN" on a roster line', () => {
    expect(found('00422 CHIKWANHA, TENDAI    238449105 11051991').filter(([t]) => t === 'ssn')).toEqual([['ssn', '238449105']]);
  });
});

describe('an SSN asked for and given in two parts over a dispatch text thread', () => {
  it('"first 5 of SSN?" … "And last 4?": both parts, the speaker\'s name no label between', () => {
    const text = '[Local 417 Dispatch] Confirm identity: first 5 of SSN?\nMember: 233-51\n[Local 417 Dispatch] And last 4?\nMember: 8092\n[Local 417 Dispatch] Dispatched.';
    expect(found(text)).toEqual([['ssn', '233-51'], ['ssn', '8092']]);
  });

  it('a record type glued before the SSN and the surname after it', () => {
    expect(found('W4618557204BRANNIGAN           SEAN').filter(([t]) => t === 'ssn')).toEqual([['ssn', '618557204']]);
  });
});
