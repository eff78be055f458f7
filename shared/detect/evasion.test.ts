/**
 * The formats staff really send and the ways identifiers hide: each class as found text would read
 * it ("with issues"), and the hard negatives that must stay clean ("without issues", by reason).
 */
import { describe, expect, it } from 'vitest';
import { found } from './helpers.test-util';
import { detect } from './index';

const ssn = (v: string): Array<[string, string]> => [['ssn', v]];

describe('a plain view: invisible characters and other digit forms', () => {
  it.each([
    ['zero-width space', 'SSN 536\u200b-22-1874'],
    ['zero-width joiner and non-joiner', 'SSN 536-2\u200d2-18\u200c74'],
    ['byte-order mark', 'SSN \ufeff536-22-1874'],
    ['word joiner', 'SSN 536\u2060-22-1874'],
    ['soft hyphen', 'SSN 536\u00ad22\u00ad1874'],
    ['left-to-right mark', 'SSN \u200e536-22-1874'],
    ['fullwidth digits and dash', 'SSN ５３６－２２－１８７４'],
    ['Arabic-Indic digits', 'SSN ٥٣٦-٢٢-١٨٧٤'],
    ['Devanagari digits', 'SSN ५३६-२२-१८७४'],
    ['mixed scripts', 'SSN 5३6-٢2-18७4'],
    ['fullwidth hyphen-minus', 'SSN 536\uff0d22\uff0d1874'],
    ['small hyphen-minus', 'SSN 536\ufe6322\ufe631874'],
    ['minus sign', 'SSN 536\u221222\u22121874'],
  ])('%s', (_why, text) => {
    const f = found(text);
    expect(f.map(([t]) => t)).toEqual(['ssn']);
  });

  it('points at the original characters and masks every one of them', async () => {
    const { maskText } = await import('../mask');
    const text = 'SSN ５３６－２２－１８７４ today';
    expect(found(text)).toEqual(ssn('５３６－２２－１８７４'));
    expect(maskText(text).text).toBe('SSN ***－*２－１８７４ today');
  });
});

describe('a quoted-printable soft line break inside a number (a raw MIME part wrapped at 76 characters)', () => {
  it.each([
    ['between two digits, CRLF', 'Claimant SSN: 536-22-18=\r\n74 please review', '536-22-18=\r\n74', 'Claimant SSN: ***-*2-18=\r\n74 please review'],
    ['after a dash, LF', 'SSN 536-=\n22-1874', '536-=\n22-1874', 'SSN ***-=\n*2-1874'],
    ['before a dash', 'SSN 536=\n-22-1874', '536=\n-22-1874', 'SSN ***=\n-*2-1874'],
  ])('%s: read as one number, masked around the break', async (_why, text, value, masked) => {
    const { maskText } = await import('../mask');
    expect(found(text)).toEqual(ssn(value));
    expect(maskText(text).text).toBe(masked);
  });

  it('a line ending in "=" beside words or an assignment joins nothing', () => {
    expect(found('total =\n 12 hours; x =\n5')).toEqual([]);
  });
});

describe('irregular grouping right after an explicit label', () => {
  it.each([
    ['space then dash', 'SSN 536 22-1874', '536 22-1874'],
    ['one dash', 'SSN 536-221874', '536-221874'],
    ['spaced dashes', 'SSN 536 - 22 - 1874', '536 - 22 - 1874'],
    ['one digit at a time', 'SSN: 5 3 6 2 2 1 8 7 4', '5 3 6 2 2 1 8 7 4'],
    ['three groups of three', 'SSN 536 221 874', '536 221 874'],
    ['slashes', 'SSN 536/22/1874', '536/22/1874'],
    ['underscores', 'SSN 536_22_1874', '536_22_1874'],
    ['tabs', 'SSN\t536\t22\t1874', '536\t22\t1874'],
    ['a line break inside', 'SSN 536-22-\n1874', '536-22-\n1874'],
    ['glued to the label', 'SSN536221874', '536221874'],
    ['after "Soc. Sec. No."', 'Soc. Sec. No. 536 22 1874', '536 22 1874'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual(ssn(value)));

  it('two SSNs joined by "/" share the label', () => {
    expect(found('SSN 536-22-1874/412-68-3390')).toEqual([
      ['ssn', '536-22-1874'],
      ['ssn', '412-68-3390'],
    ]);
  });

  it('an ITIN and an EIN the same way', () => {
    expect(found('ITIN 912 70 1234')).toEqual([['itin', '912 70 1234']]);
    expect(found('EIN 46 1234567')).toEqual([['fein', '46 1234567']]);
    expect(found('EIN 46.1234567')).toEqual([['fein', '46.1234567']]);
  });

  describe('without issues', () => {
    it.each([
      ['no label: irregular grouping stays strict', 'Ticket 536 221 874 was closed'],
      ['no label: one digit at a time', 'Press 5 3 6 2 2 1 8 7 4 on the keypad'],
      ['a phone number after the label', 'SSN: (573) 555-0100 is her phone'],
      ['the last four only', 'SSN last 4: 1874'],
      ['a longer id after the label', 'SSN 536-22-1874-B'],
      ['ten digits after the label', 'SSN 536 22 18745'],
      ['an invalid area', 'SSN 000 22 1874'],
    ])('%s', (_why, text) => expect(found(text).filter(([t]) => t === 'ssn' || t === 'itin')).toEqual([]));
  });
});

describe('markup and what a page shows', () => {
  it.each([
    ['bold tail', 'SSN 536-22-<b>1874</b>', '536-22-<b>1874'],
    ['numeric character reference', 'SSN 536&#45;22&#45;1874', '536&#45;22&#45;1874'],
    ['named dash', 'SSN 536&ndash;22&ndash;1874', '536&ndash;22&ndash;1874'],
    ['non-breaking spaces', 'SSN 536&nbsp;22&nbsp;1874', '536&nbsp;22&nbsp;1874'],
    ['an XML element named for it', '<SocialSecurityNumber>536221874</SocialSecurityNumber>', '536221874'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual(ssn(value)));

  it('table cells joined by tabs or tags stay apart', () => {
    expect(found('<tr><td>SSN</td><td>536221874</td><td>04/12/1985</td></tr>')).toEqual(ssn('536221874'));
    expect(found('Name\tSSN\nJane Q Public\t536221874')).toEqual(ssn('536221874'));
  });
});

describe('keys in JSON, query strings and URL-encoded text', () => {
  it.each([
    ['camelCase', '{"socialSecurityNumber":"536221874"}', 'ssn', '536221874'],
    ['camelCase with capitals', '{"claimantSSN":"536221874"}', 'ssn', '536221874'],
    ['taxpayerId', 'taxpayerId=536221874', 'ssn', '536221874'],
    ['routingNumber', '{"routingNumber":"021000021"}', 'routing_number', '021000021'],
    ['accountNumber', '{"accountNumber":"4455667788"}', 'bank_account', '4455667788'],
    ['dateOfBirth', '{"dateOfBirth":"1985-04-12"}', 'dob', '1985-04-12'],
    ['snake_case', 'claimant_ssn=536221874', 'ssn', '536221874'],
    ['URL-encoded query', '/search?q=ssn%3D536221874', 'ssn', '536221874'],
  ])('%s', (_why, text, type, value) => expect(found(text)).toEqual([[type, value]]));
});

describe('context beyond the window, in other languages, and joined labels', () => {
  it.each([
    ['dot leaders', 'Social Security Number ' + '.'.repeat(60) + ' 536-22-1874', '536-22-1874'],
    ['a wide gap', 'SSN:' + ' '.repeat(70) + '536221874', '536221874'],
    ['Spanish', 'Número de Seguro Social: 536221874', '536221874'],
    ['"claimant social:"', 'claimant social: 536221874', '536221874'],
    ['a second label joined by "/"', 'SSN/Case # 536-22-1874', '536-22-1874'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual(ssn(value)));

  it('Spanish birth dates', () => {
    expect(found('Fecha de nacimiento: 12/04/1985')).toEqual([['dob', '12/04/1985']]);
  });
});

describe('faxes after OCR, with an explicit label', () => {
  it.each([
    ['l for 1', 'SSN 536-22-l874', '536-22-l874'],
    ['O for 0', 'SSN 4O1-22-1874', '4O1-22-1874'],
    ['Z for 2', 'SSN 536-2Z-1874', '536-2Z-1874'],
    ['Cyrillic Ze for 3', 'SSN З36-22-1874', 'З36-22-1874'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual(ssn(value)));

  it('a label read as "S5N"', () => expect(found('S5N 536-22-1874')).toEqual(ssn('536-22-1874')));

  it('without a label, OCR letters are letters', () => {
    expect(found('Part 4O1-22-1874 shipped')).toEqual([]);
  });
});

describe('bank, EIN, wages, benefits and birth dates', () => {
  it.each([
    ['"account" without "number"', 'routing 021000021, account 123456789012', [['routing_number', '021000021'], ['bank_account', '123456789012']]],
    ['"Routing/Account" pairs', 'Routing/Account: 021000021 / 4455667788', [['routing_number', '021000021'], ['bank_account', '4455667788']]],
    ['$52K', 'Salary $52K per year', [['wage', '$52K']]],
    ['52k', 'salary 52k', [['wage', '52k']]],
    ['$1.2M', 'earned $1.2M', [['wage', '$1.2M']]],
    ['"was paid"', 'He was paid $1,234.56', [['wage', '$1,234.56']]],
    ['WBA without a dollar sign', 'WBA: 450', [['ui_benefit', '450']]],
    ['a far benefit label', 'The weekly benefit amount for the claim you filed last month will be $450.', [['ui_benefit', '$450']]],
    ['12-Apr-1985', 'DOB 12-Apr-1985', [['dob', '12-Apr-1985']]],
    ['12APR1985', 'DOB 12APR1985', [['dob', '12APR1985']]],
    ['19850412', 'Birthdate: 19850412', [['dob', '19850412']]],
    ['04121985', 'DOB:04121985', [['dob', '04121985']]],
  ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));

  describe('without issues', () => {
    it.each([
      ['a claim-id column beside an SSN column', 'Claim ID,SSN\n202403151,536221874', [['ssn', '536221874']]],
      ['a state UI employer account number', 'UI employer account number 1234567-8', []],
      ['the date a DOB was verified', 'DOB verified on 03/01/2024', []],
      ['an eight-digit number that is no date', 'DOB on file; order 12345678 shipped', []],
      ['a far label in another sentence', 'Benefits were explained at orientation. The parking fee for the whole semester is $450.', []],
    ])('%s', (_why, text, expected) => expect(found(text)).toEqual(expected));
  });
});

describe('wage-record files (EFW2, ICESA)', () => {
  const pad = (s: string, n: number) => s.padEnd(n, ' ');
  it('EFW2 RW: the SSN touching the record letters and the name, and the wage fields', () => {
    const rw = pad('RW536221874JANE           Q              PUBLIC', 187) + '00005234567' + '00000012345' + '00005234567' + pad('', 292);
    expect(found(rw)).toEqual([
      ['ssn', '536221874'],
      ['wage', '00005234567'],
      ['wage', '00005234567'],
    ]);
  });

  it('EFW2 RA and RE: the EINs', () => {
    expect(found(pad('RA461234567USERID12', 512))).toEqual([['fein', '461234567']]);
    expect(found(pad('RE2024 461234567', 512))).toEqual([['fein', '461234567']]);
  });

  // Found on a transcribed submission: the RE line's EIN was dropped when the next line's record began.
  it('EFW2 RA, RE and RW lines in one file: every EIN and the SSN', () => {
    const file = [pad('RA461234567USERID12', 512), pad('RE2024 633691536', 512), pad('RW536221874JANE', 512)].join('\n');
    expect(found(file)).toEqual([
      ['fein', '461234567'],
      ['fein', '633691536'],
      ['ssn', '536221874'],
    ]);
  });

  it('EFW2 RS: the SSN after the state and taxing entity codes', () => {
    expect(found(pad('RS29     536221874JANE', 512))).toEqual([['ssn', '536221874']]);
  });

  it('EFW2 RW Medicare wages and social security tips, RS state quarterly wages', () => {
    const rw = pad('RW536221874JANE', 187) + '00005234567' + '00000012345' + '00005234567' + '00000000123' + '00005300000' + '00000000456' + '00000012000' + pad('', 248);
    expect(found(rw).filter(([t]) => t === 'wage').map(([, v]) => v)).toEqual(['00005234567', '00005234567', '00005300000', '00000012000']);
    const rs = pad(pad('RS29     536221874JANE', 196) + '032024' + '00001043000' + '00000700000', 512);
    expect(found(rs)).toEqual([
      ['ssn', '536221874'],
      ['wage', '00001043000'],
      ['wage', '00000700000'],
    ]);
  });

  it('ICESA E and S records', () => {
    expect(found(pad('E2024461234567      ACME STAFFING', 275))).toEqual([['fein', '461234567']]);
    const s = pad(pad('S536221874PUBLIC', 30) + pad('JANE', 12) + 'Q24', 63) + '00000000523456';
    expect(found(pad(s, 275))).toEqual([
      ['ssn', '536221874'],
      ['wage', '00000000523456'],
    ]);
  });

  it('an RW record forwarded in a quoted reply and wrapped by the mail client: the SSN after the quote marks', () => {
    const wrapped = ['> ' + pad('RW283117640ANNA           L              BERGSTROM', 76), '>            9 CEDAR LN            DULUTH                MN55811'].join('\n');
    expect(found(wrapped)).toEqual([['ssn', '283117640']]);
  });

  it('ICESA S: money fields read from where their digits start, a state\'s layout a column or two off', () => {
    const s = pad(pad('S270449813FITZGERALD', 30) + pad('COLLEEN', 12) + 'AMA', 61) + '00000001288400' + '00000001288400' + '00000000728400' + '00000000560000' + '0'.repeat(28) + '135200004418822';
    expect(found(s)).toEqual([
      ['ssn', '270449813'],
      ['wage', '00000001288400'],
      ['wage', '00000001288400'],
      ['wage', '00000000728400'],
      ['wage', '00000000560000'],
    ]);
  });

  it('EFW2 RT: the employer\'s wage totals; the count of RW records and the tax totals are not wages', () => {
    const rt = 'RT' + '0000148' + '000000581211436' + '000000061142090' + '000000602118804' + '000000037331366' + '000000602118804' + '000000008730724';
    expect(found(rt)).toEqual([
      ['wage', '000000581211436'],
      ['wage', '000000602118804'],
      ['wage', '000000602118804'],
    ]);
  });

  it('zero-filled amounts in cents under a wage file\'s column names', () => {
    const csv = '"S(1)","SSN(2-10)","LAST(11-30)","GROSS(62-75)","UI TOTAL(76-89)","WKS(146-147)"\n"S","407231196","DEMPSEY","00000000861250","00000000861250","13"';
    expect(found(csv)).toEqual([
      ['ssn', '407231196'],
      ['wage', '00000000861250'],
      ['wage', '00000000861250'],
    ]);
  });

  it('a short line starting with the same letters is no record', () => {
    expect(found('RW536221874JANE')).toEqual([]);
    // Not a record: the number is read beside a person's name instead (identifiers fail closed).
    expect(detect('Smith 536221874 Jones').map((f) => f.rule)).toEqual(['ssn.name']);
  });
});

describe('bugs found and fixed', () => {
  it('a dashed SSN after a sentence about a bank account is an SSN (masked to its last five)', () => {
    expect(found('Her deposit goes to her checking account. 536-22-1874 is her number.')).toEqual(ssn('536-22-1874'));
  });
});

describe('what the plain view leaves alone', () => {
  it('an address in angle brackets is no tag', async () => {
    const { plainView } = await import('./view');
    expect(plainView('From: Jane Q Public <jane.public@jobs.example.gov>')).toBeNull();
  });
});

describe('fixed-width records whose layout a legend in the text gives', () => {
  it('a vendor’s note of positions above the records: SSNs glued to names, wages in cents', () => {
    const text = [
      'Note from payroll vendor: positions 1-9 SSN, 10-29 name, 30-40 gross wages (cents, zero-filled), 41-51 taxable (cents)',
      '043340956WILKINS ROSE        0000091340000000700000',
      '167748063ZHANG MICHAEL       0000164421600000700000',
    ].join('\n');
    expect(found(text)).toEqual([
      ['ssn', '043340956'],
      ['wage', '00000913400'],
      ['wage', '00000700000'],
      ['ssn', '167748063'],
      ['wage', '00001644216'],
      ['wage', '00000700000'],
    ]);
  });

  it('a legend under an extract, names then positions; hours are not wages', () => {
    const text = [
      '080027788JOHANSSON     KARL  0004125000003078120080000',
      'FIELDS: SSN(1-9) LAST(10-23) FIRST(24-29) GROSS(30-38, cents) NET(39-47, cents) HRS(48-54, hundredths)',
    ].join('\n');
    expect(found(text)).toEqual([
      ['ssn', '080027788'],
      ['wage', '000412500'],
      ['wage', '000307812'],
    ]);
  });

  it('reads no record whose identifier is not where the legend says', () => {
    const text = 'FIELDS: SSN(1-9) LAST(10-23) GROSS(30-38)\nPAGE 1 OF 2 PRINTED 03/01/2025 000412500000';
    expect(found(text)).toEqual([]);
  });
});
