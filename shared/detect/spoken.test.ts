import { describe, expect, it } from 'vitest';
import { redact } from '../redact';
import { detect } from './index';
import { ssns } from './helpers.test-util';

const ssn = ssns;
const body = (text: string) => redact(text).text.split('\n\n')[0]!;

describe('an SSN said or typed in pieces after an identity word', () => {
  it.each([
    ['read aloud in groups over two speaker turns', 'EMPLOYER: The Social we have on file is 4 4 7...\nJUDGE: Go ahead.\nEMPLOYER: ...2 0, 5 5 1 8.\nCLAIMANT: That\'s correct.', ['4 4 7', '2 0, 5 5 1 8'], 'EMPLOYER: The Social we have on file is * * *...\nJUDGE: Go ahead.\nEMPLOYER: ...* 0, 5 5 1 8.\nCLAIMANT: That\'s correct.'],
    ['with "double" in a hearing', 'JUDGE: Social?\nCLAIMANT: three double-one, four seven, two eight double-six.\nJUDGE: Date of birth?', ['three double-one, four seven, two eight double-six'], 'JUDGE: Social?\nCLAIMANT: ***** ******-***, **** seven, two eight double-six.\nJUDGE: Date of birth?'],
    ['a speech-to-text transcript with fillers and "dash"', '[00:04:12] SPEAKER 2: uh my social is three two seven dash um four four dash zero nine one six yeah', ['three two seven dash um four four dash zero nine one six'], '[00:04:12] SPEAKER 2: uh my social is ***** *** ***** dash um **** four dash zero nine one six yeah'],
    ['digits between "dash" words in a voicemail', 'My social is 3 0 6 dash 4 1 dash 7 7 2 9. Please call me back at 317-555-0182.', ['3 0 6 dash 4 1 dash 7 7 2 9'], 'My social is * * * dash * 1 dash 7 7 2 9. Please call me back at 317-555-0182.'],
    ['two text messages, the times and names between skipped', '[04/22 10:14] AGENCY: reply with your full SSN.\n[04/22 10:16] CLAIMANT: 528-90\n[04/22 10:16] CLAIMANT: -1447 sorry hit send', ['528-90', '1447'], '[04/22 10:14] AGENCY: reply with your full SSN.\n[04/22 10:16] CLAIMANT: ***-*0\n[04/22 10:16] CLAIMANT: -1447 sorry hit send'],
    ['Spanish words with "guion"', 'Agente: ¿Me puede dar su número de seguro social?\nCliente: cinco cuatro uno guion cero dos guion siete siete uno ocho', ['cinco cuatro uno guion cero dos guion siete siete uno ocho'], 'Agente: ¿Me puede dar su número de seguro social?\nCliente: ***** ****** *** guion **** dos guion siete siete uno ocho'],
  ])('%s', (_name, text, want, masked) => {
    expect(ssn(text)).toEqual(want);
    expect(body(text)).toBe(masked);
    // Masking masked text changes nothing.
    expect(body(masked)).toBe(masked);
  });

  it.each([
    ['a phone number after "Social Security"', 'Call Social Security at 1-800-772-1213 today'],
    ['the last four and a claim number', 'SSN last 4: 1234, claim 123456'],
    ['another number’s label between', 'SSN on file. Claim no. 513 40 2286 5'],
    ['social security wages on a W-3', 'Form W-3\n3 Social security wages $1,301,004.75'],
    ['words that hold digit words', 'my social is someone else'],
  ])('reads nothing from %s', (_name, text) => {
    expect(ssn(text)).toEqual([]);
  });
});

describe('encodings of request bodies', () => {
  it('a webmail JSON body whose HTML is escaped ("\\u003ctd\\u003e")', () => {
    const body = '{"body":{"content":"\\u003ctable\\u003e\\u003ctr\\u003e\\u003ctd\\u003eSSN\\u003c/td\\u003e\\u003ctd\\u003e619-75-4271\\u003c/td\\u003e\\u003c/tr\\u003e"}}';
    expect(ssn(body)).toEqual(['619-75-4271']);
    expect(redact(body).text).toContain('\\u003ctd\\u003e***-*5-4271\\u003c/td\\u003e');
  });

  it('a URL-encoded form whose spaces are "+"', () => {
    const body = 'fein=45-0979776&ee_ssn=377+19+4408&ee_first=Dana';
    expect(ssn(body)).toEqual(['377+19+4408']);
    expect(redact(body).text.startsWith('fein=**-**79776&ee_ssn=***+*9+4408&ee_first=Dana')).toBe(true);
  });

  it('a "+" in prose is no space', () => {
    expect(ssn('Totals: 377+19+4408 units')).toEqual([]);
  });
});

describe('birth dates asked for in a chat', () => {
  const dob = (text: string) => detect(text).filter((f) => f.type === 'dob').map((f) => text.slice(f.start, f.end));

  it.each([
    ['answered on the next line after the speaker', 'Agente: ¿Me confirma su fecha de nacimiento?\nReclamante: 3 de mayo de 1975\nAgente: Gracias.', ['3 de mayo de 1975']],
    ['the chat’s timestamps are no birth dates', '[2025-03-04 10:11:58] agent_kim: dob?\n[2025-03-04 10:12:10] guest_5512: 1979-06-21', ['1979-06-21']],
    ['a birth date with an appointment’s time after a comma is still one', 'DOB 04/12/1985, 10:30 appointment confirmed', ['04/12/1985']],
  ])('%s', (_name, text, want) => {
    expect(dob(text)).toEqual(want);
  });
});
