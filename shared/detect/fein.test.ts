import { describe, expect, it } from 'vitest';
import { isValidEinPrefix } from './fein';
import { found } from './helpers.test-util';

describe('isValidEinPrefix', () => {
  it.each([1, 6, 10, 16, 20, 27, 30, 48, 50, 68, 71, 77, 80, 88, 90, 95, 98, 99])('accepts %i', (p) =>
    expect(isValidEinPrefix(p)).toBe(true),
  );
  it.each([0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97])('rejects %i (never assigned)', (p) =>
    expect(isValidEinPrefix(p)).toBe(false),
  );
});

describe('FEIN in text', () => {
  it.each([
    ['formatted with a label', 'FEIN 12-3456789', '12-3456789', 'high'],
    ['formatted without a label', 'Employer ABC Corp, 45-6789012, Springfield', '45-6789012', 'medium'],
    ['plain digits after EIN', 'EIN: 201234567', '201234567', 'high'],
    ['federal employer id', 'Federal Employer ID Number 98-7654321', '98-7654321', 'high'],
    ['employer identification number', 'Employer Identification Number 341234567', '341234567', 'high'],
  ])('%s', (_why, text, value, confidence) => {
    expect(found(text)).toEqual([['fein', value]]);
  });

  it.each([
    ['prefix 07 never assigned', 'FEIN 07-1234567'],
    ['prefix 89 never assigned', 'EIN 89-1234567'],
    ['plain digits without context', 'Reference 201234567'],
    ['a case number', 'Case 12-3456789'],
    ['part of a longer id', 'WO-12-3456789'],
  ])('not an FEIN: %s', (_why, text) => expect(found(text)).toEqual([]));
});
