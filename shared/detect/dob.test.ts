import { describe, expect, it } from 'vitest';
import { isPlausibleDate } from './dob';
import { found } from './helpers.test-util';

describe('isPlausibleDate', () => {
  it('knows month lengths', () => {
    expect(isPlausibleDate(1980, 2, 29)).toBe(true);
    expect(isPlausibleDate(1980, 2, 30)).toBe(false);
    expect(isPlausibleDate(1980, 4, 31)).toBe(false);
    expect(isPlausibleDate(1980, 13, 1)).toBe(false);
    expect(isPlausibleDate(1980, 0, 1)).toBe(false);
  });
});

describe('birth dates', () => {
  it.each([
    ['DOB slash', 'DOB: 04/12/1985', '04/12/1985'],
    ['D.O.B.', 'D.O.B. 4/2/85', '4/2/85'],
    ['date of birth ISO', 'Date of birth 1985-04-12', '1985-04-12'],
    ['born on', 'born on 12.04.1985', '12.04.1985'],
    ['month name', 'Date of Birth: March 5, 1980', 'March 5, 1980'],
    ['day month year', 'birthdate 5 Mar 1980', '5 Mar 1980'],
    ['field name', 'dob=1985-04-12', '1985-04-12'],
    ['keyword after', '04/12/1985 (DOB)', '04/12/1985'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual([['dob', value]]));

  it('takes a DOB form field as context', () => {
    expect(found('04/12/1985', { field: 'dateOfBirth' })).toEqual([['dob', '04/12/1985']]);
  });
});

describe('dates that are not birth dates', () => {
  it.each([
    ['no context', 'See you on 11/30/2026.'],
    ['hire date', 'Hire date 03/04/2010'],
    ['appointment', 'Appointment 2026-12-01 at 10:00'],
    ['a second date after the birth date', 'DOB 01/02/1980, separated 03/04/2020'],
    ['two dates, keyword for the first', 'DOB 01/02/1980 and 03/04/2010'],
    ['week ending', 'week ending 11/14/2026'],
    ['impossible date', 'DOB 13/45/1980'],
    ['month name without birth word', 'The class starts March 5, 2027'],
  ])('%s', (_why, text) => {
    const dobs = found(text).filter(([t, v]) => t === 'dob' && v !== '01/02/1980');
    expect(dobs).toEqual([]);
  });
});

describe('a birth date after the SSN its label pairs it with', () => {
  it('"SSN/DOB: 259-14-7203, 10/05/1967": the SSN between is no other date', () => {
    expect(found('SSN/DOB: 259-14-7203, 10/05/1967')).toEqual([['ssn', '259-14-7203'], ['dob', '10/05/1967']]);
  });
});

describe('a plural birth label before a list of names and dates', () => {
  it('"birth dates — Missy 02/10/1977, Ron 12/30/1974"', () => {
    expect(found('Notes: birth dates — Missy 02/10/1977, Ron 12/30/1974, Kayla 06/15/2005.')).toEqual([
      ['dob', '02/10/1977'], ['dob', '12/30/1974'], ['dob', '06/15/2005'],
    ]);
  });

  it('a singular label still names its first date only', () => {
    expect(found('DOB 01/02/1980, hired 03/04/2010')).toEqual([['dob', '01/02/1980']]);
  });
});
