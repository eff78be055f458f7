/**
 * Social Security number validity (SSA, "The SSN Numbering Scheme" and randomization of 2011-06-25):
 * area 001–899 except 666, group 01–99, serial 0001–9999. 078-05-1120 (the Woolworth wallet card)
 * and 219-09-9999 (an SSA advertisement) were published and never validly issued.
 */
const NEVER_ISSUED = new Set(['078051120', '219099999']);

export function isValidSsn(area: number, group: number, serial: number): boolean {
  if (area < 1 || area > 899 || area === 666) return false;
  if (group < 1 || group > 99) return false;
  if (serial < 1 || serial > 9999) return false;
  return true;
}

/** `digits` is exactly nine ASCII digits. */
export function isValidSsnDigits(digits: string): boolean {
  if (NEVER_ISSUED.has(digits)) return false;
  return isValidSsn(+digits.slice(0, 3), +digits.slice(3, 5), +digits.slice(5));
}
