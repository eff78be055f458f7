import { describe, expect, it } from 'vitest';
import { isValidItinGroup } from './itin';
import { found } from './helpers.test-util';

describe('isValidItinGroup', () => {
  it.each([50, 65, 70, 88, 90, 92, 94, 99])('accepts group %i', (g) => expect(isValidItinGroup(g)).toBe(true));
  it.each([
    ['below 50', 49],
    ['66–69', 66],
    ['66–69', 69],
    ['89', 89],
    ['93', 93],
    ['00', 0],
  ])('rejects %s (%i)', (_why, g) => expect(isValidItinGroup(g)).toBe(false));
});

describe('ITIN in text', () => {
  it.each([
    ['formatted', 'ITIN 912-70-1234', '912-70-1234'],
    ['formatted without a label', 'please file 912-94-1234', '912-94-1234'],
    ['plain digits after ITIN', 'ITIN: 912501234', '912501234'],
    ['plain digits after taxpayer id', 'Taxpayer ID 912651234', '912651234'],
    ['labelled as SSN by staff', 'SSN 912-78-1234', '912-78-1234'],
  ])('%s', (_why, text, value) => expect(found(text)).toEqual([['itin', value]]));

  it.each([
    ['group 89', 'ITIN 912-89-1234'],
    ['group 93', 'ITIN 912-93-1234'],
    ['group 40', 'ITIN 912-40-1234'],
    ['plain digits without context', 'ref 912701234 attached'],
  ])('not an ITIN: %s', (_why, text) => expect(found(text)).toEqual([]));
});
