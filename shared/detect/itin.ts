/**
 * ITIN validity (IRS, "ITIN: what it is"; group ranges as extended in 2011 and 2016):
 * 9XX-GG-XXXX with GG in 50–65, 70–88, 90–92 or 94–99.
 */
export function isValidItinGroup(group: number): boolean {
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    (group >= 94 && group <= 99)
  );
}

/** `digits` is exactly nine ASCII digits. */
export function isValidItinDigits(digits: string): boolean {
  return digits.charCodeAt(0) === 57 /* 9 */ && isValidItinGroup(+digits.slice(3, 5));
}
