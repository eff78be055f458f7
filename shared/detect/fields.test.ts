import { describe, expect, it } from 'vitest';
import { maskText } from '../mask';
import { detect } from './index';
import { splitFieldIdentifiers, withFieldBoxes } from './fields';

const found = (text: string) => detect(text).filter((f) => f.confidence !== 'low').map((f) => [f.type, text.slice(f.start, f.end)]);

describe('identifiers split over the fields of a form or a JSON object', () => {
  it.each([
    ['JSON keys named by their part', '{"first":"Jane","ssnArea":"536","ssnGroup":"22","ssnSerial":"1874","zip":"65203"}', '{"first":"Jane","ssnArea":"***","ssnGroup":"*2","ssnSerial":"1874","zip":"65203"}'],
    ['a nested object of area, group and serial', '{"claimant":{"ssn":{"area":"536","group":"22","serial":"1874"}}}', '{"claimant":{"ssn":{"area":"***","group":"*2","serial":"1874"}}}'],
    ['JSON numbers', '{"ssn_part1":536,"ssn_part2":22,"ssn_part3":1874}', '{"ssn_part1":***,"ssn_part2":*2,"ssn_part3":1874}'],
    ['a form body with part words', 'first=Jane&ssn_area=536&ssn_group=22&ssn_serial=1874&zip=65203', 'first=Jane&ssn_area=***&ssn_group=*2&ssn_serial=1874&zip=65203'],
    ['a form body with numbered parts', 'ssn-part1=536&ssn-part2=22&ssn-part3=1874', 'ssn-part1=***&ssn-part2=*2&ssn-part3=1874'],
    ['long camelCase names', '{"socialSecurityNumber1":"536","socialSecurityNumber2":"22","socialSecurityNumber3":"1874"}', '{"socialSecurityNumber1":"***","socialSecurityNumber2":"*2","socialSecurityNumber3":"1874"}'],
    ['area, group and serial alone name an SSN', 'area=536&group=22&serial=1874', 'area=***&group=*2&serial=1874'],
    ['printed as name: value lines', 'SSN area: 536\nSSN group: 22\nSSN serial: 1874\nName: Jane Q Public', 'SSN area: ***\nSSN group: *2\nSSN serial: 1874\nName: Jane Q Public'],
    ['an ITIN in three boxes', '{"itin1":"912","itin2":"71","itin3":"4455"}', '{"itin1":"***","itin2":"*1","itin3":"4455"}'],
    ['an EIN in its two boxes', 'ein1=12&ein2=3456789&name=Acme', 'ein1=**&ein2=**56789&name=Acme'],
  ])('%s: each box masked to its share of the last five', (_why, text, masked) => {
    expect(found(text).length).toBeGreaterThan(1);
    expect(maskText(text).text).toBe(masked);
    expect(maskText(masked).text).toBe(masked);
  });

  it.each([
    ['a phone number in three boxes', 'phoneArea=573&phonePrefix=751&phoneLine=4321'],
    ['a ZIP code and its four', '{"zip":"65203","plus4":"1234"}'],
    ['a birth date in three boxes', 'dob_month=07&dob_day=14&dob_year=1982'],
    ['boxes that make no valid SSN', 'ssn1=000&ssn2=22&ssn3=1874'],
    ['boxes of different fields', '{"ssn":"536","zip":"22","ext":"1874"}'],
    ['numbered fields that name no identifier', 'qty1=536&qty2=22&qty3=1874'],
    ['boxes not next to each other', '{"ssnArea":"536","note":"x","ssnGroup":"22","ssnSerial":"1874"}'],
  ])('%s: nothing', (_why, text) => expect(found(text)).toEqual([]));

  it('reads fields as a form gives them, each box in its own field', () => {
    const boxes = splitFieldIdentifiers([
      { name: 'first', value: 'Jane' },
      { name: 'ssn_1', value: '536' },
      { name: 'ssn_2', value: ' 22 ' },
      { name: 'ssn_3', value: '1874' },
    ]);
    expect(boxes.map((b) => [b.index, b.finding.type, b.finding.start, b.finding.end, b.finding.followingDigits])).toEqual([
      [1, 'ssn', 0, 3, 6],
      [2, 'ssn', 1, 3, 4],
      [3, 'ssn', 0, 4, 0],
    ]);
  });
});

describe('form fields named as a page names them (name, id, label)', () => {
  it('the first box labelled for the whole number, the others by name only', () => {
    const boxes = splitFieldIdentifiers([
      { name: 'ssn1 ssn1 Social Security Number', value: '536' },
      { name: 'ssn2 ssn2', value: '22' },
      { name: 'ssn3 ssn3', value: '1874' },
      { name: 'zip Zip code', value: '65203' },
    ]);
    expect(boxes.map((b) => b.index)).toEqual([0, 1, 2]);
  });
});

describe('boxes added to what each field found on its own', () => {
  it('a box joins the field\'s findings; a field that already holds a finding there keeps its own', () => {
    const fields = [
      { name: 'ssn1', value: '536' },
      { name: 'ssn2', value: '22' },
      { name: 'ssn3', value: '1874' },
    ];
    const own = { type: 'wage' as const, start: 0, end: 4, confidence: 'medium' as const, rule: 'wage.context' };
    const out = withFieldBoxes(fields, [[], [], [own]]);
    expect(out.map((f) => f.map((x) => x.rule))).toEqual([['ssn.split_fields'], ['ssn.split_fields'], ['wage.context']]);
  });
});
