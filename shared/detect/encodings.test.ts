import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { found } from './helpers.test-util';

describe('values inside the encodings and markup that mail and office files carry', () => {
  it.each([
    [
      'a quoted-printable body: "=3D" labels, a soft line break inside the SSN',
      'Content-Transfer-Encoding: quoted-printable\n\nEmployee name=3D Carmen Ibsen=0D\nSSN=3D368-22-14=\n05=0D\n',
      [['ssn', '368-22-14=\n05']],
    ],
    [
      'an encoded dollar sign and a wrapped amount after a wage label',
      'Content-Transfer-Encoding: quoted-printable\n\nGross wages=3D =249,3=\n60.00 for Q2',
      [['wage', '=249,3=\n60.00']],
    ],
    [
      'a Word document\'s runs split inside an SSN',
      '<w:p><w:r><w:t xml:space="preserve">SSN: </w:t></w:r><w:r><w:t>318-7</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>2-40</w:t></w:r><w:r><w:t>16</w:t></w:r></w:p>',
      [['ssn', '318-7</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>2-40</w:t></w:r><w:r><w:t>16']],
    ],
    [
      'other XML whose prefix is "w:" keeps its element names as labels',
      '<w:Employee ssn="376200114"><w:Wages>14880.00</w:Wages></w:Employee>',
      [['ssn', '376200114'], ['wage', '14880.00']],
    ],
    [
      'a PDF form\'s FDF fields, the SSN in three',
      '/T (ClaimantSSN1) /V (508)\n/T (ClaimantSSN2) /V (33)\n/T (ClaimantSSN3) /V (1972)\n/T (SignatureDate) /V (03/08/2025)',
      [['ssn', '508'], ['ssn', '33'], ['ssn', '1972']],
    ],
    ['a flattened form\'s field ids between the boxes', '[Text2] SSN: 229 [Text3] 41 [Text4] 6053', [['ssn', '229 [Text3] 41 [Text4] 6053']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));

  it('masks the quoted-printable SSN to its last digits', () => {
    const out = redact('Content-Transfer-Encoding: quoted-printable\n\nSSN=3D368-22-14=\n05=0D\n').text;
    expect(out).not.toContain('368');
  });

  it('leaves a form value "=20" alone in a text that is not quoted-printable', () => {
    expect(found('limit=2000&gross_wages=2000.00')).toEqual([['wage', '2000.00']]);
  });
});

describe('an SSN given in parts the way people give it', () => {
  it.each([
    ['a WebVTT transcript, the number over two cues', 'WEBVTT\n\n00:04:11.200 --> 00:04:14.900\n<v Dana Whitfield>The social is five oh one, six two,\n\n00:04:15.000 --> 00:04:17.300\n<v Dana Whitfield>eight eight one four. Thanks.',
      [['ssn', 'five oh one, six two'], ['ssn', 'eight eight one four']]],
    ['"and the rest is"', 'My social is 508 33 and the rest is 1972. Please fix.', [['ssn', '508 33 and the rest is 1972']]],
    ['first five and last four on two lines of a release', 'SSN first five: 529-61\nSSN last four: 0087', [['ssn', '529-61'], ['ssn', '0087']]],
    ['a full SSN written in a last-four column', 'Name                 Last 4 SSN   Phone\nLund, Gerard         0928         419-555-0178\nMwangi, Peter        514-62-0928  419-555-0190',
      [['ssn', '514-62-0928']]],
  ])('%s', (_why, text, want) => expect(found(text).filter(([t]) => t === 'ssn')).toEqual(want));

  it('the last four alone stay a reference', () => {
    expect(found('SSN last four: 0087')).toEqual([]);
  });
});
