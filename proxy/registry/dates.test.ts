import { describe, expect, it } from 'vitest';
import { addBusinessDays, localDate, zonedInstant } from './dates';

describe('agency dates', () => {
  it.each([
    ['2026-11-21', 0, 'America/Chicago', '2026-11-21T06:00:00.000Z'],
    ['2026-07-04', 9, 'America/Chicago', '2026-07-04T14:00:00.000Z'],
    // The night clocks spring forward (2 a.m. CST → 3 a.m. CDT) and fall back.
    ['2026-03-08', 0, 'America/Chicago', '2026-03-08T06:00:00.000Z'],
    ['2026-03-09', 0, 'America/Chicago', '2026-03-09T05:00:00.000Z'],
    ['2026-11-01', 12, 'America/Chicago', '2026-11-01T18:00:00.000Z'],
    ['2026-11-21', 0, 'Pacific/Honolulu', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21', 0, 'UTC', '2026-11-21T00:00:00.000Z'],
  ])('%s %i:00 in %s is %s', (date, hour, zone, instant) => {
    expect(zonedInstant(date, hour, zone)).toBe(instant);
    expect(localDate(new Date(instant), zone)).toBe(date);
  });

  it('turns the date at the agency\'s midnight, asked again and again across it and across zones', () => {
    // 23:59:59.999 and 00:00:00 in Chicago (CST, UTC−6) fall in one UTC minute apart.
    expect(localDate(new Date('2026-11-22T05:59:59.999Z'), 'America/Chicago')).toBe('2026-11-21');
    expect(localDate(new Date('2026-11-22T05:59:59.999Z'), 'UTC')).toBe('2026-11-22');
    expect(localDate(new Date('2026-11-22T06:00:00.000Z'), 'America/Chicago')).toBe('2026-11-22');
    expect(localDate(new Date('2026-11-22T06:00:00.000Z'), 'America/Chicago')).toBe('2026-11-22');
    expect(localDate(new Date('2026-11-22T05:59:30.000Z'), 'America/Chicago')).toBe('2026-11-21');
  });

  it('counts business days past a weekend', () => {
    expect(addBusinessDays('2026-11-20', 2)).toBe('2026-11-24');
  });
});
