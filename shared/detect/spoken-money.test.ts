import { describe, expect, it } from 'vitest';
import { found } from './helpers.test-util';

describe('amounts said in words after a wage or benefit label', () => {
  it.each([
    ['a call transcript, hundreds implied', 'AGENT: okay i see your weekly benefit amount is three eighty-five and the last payment was on the 3rd',
      [['ui_benefit', 'three eighty-five']]],
    ['after a birth date read aloud in the same sentence', 'my birthday is april fifth nineteen eighty, they cut my benefit to two hundred and ten and I don\'t know why',
      [['ui_benefit', 'two hundred and ten']]],
    ['pay in words before "dollars"', 'Her gross pay is usually about four hundred twenty-five dollars per week.', [['wage', 'four hundred twenty-five']]],
    ['Spanish', 'Mi beneficio semanal es de trescientos cincuenta dólares.', [['ui_benefit', 'trescientos cincuenta']]],
  ])('%s', (_why, text, want) => expect(found(text).filter(([, v]) => !/\d/.test(v))).toEqual(want));

  it.each([
    ['a count of hours', 'She worked twenty hours last week.'],
    ['a birth year read aloud', 'My date of birth is nineteen eighty-two.'],
    ['digits read one by one stay the spoken identifier reader\'s', 'my social is five three six, two two, one eight seven four'],
  ])('%s: no amount', (_why, text) => expect(found(text).filter(([t]) => t === 'wage' || t === 'ui_benefit')).toEqual([]));
});
