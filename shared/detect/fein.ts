/**
 * Employer Identification Number prefixes assigned by the IRS campuses and the internet EIN service
 * (IRS, "How EINs are assigned and valid EIN prefixes"): 01–06, 10–16, 20–27, 30–48, 50–68, 71–77,
 * 80–88, 90–95, 98–99.
 */
const VALID_PREFIX = new Uint8Array(100);
for (const [lo, hi] of [
  [1, 6],
  [10, 16],
  [20, 27],
  [30, 48],
  [50, 68],
  [71, 77],
  [80, 88],
  [90, 95],
  [98, 99],
] as const) {
  for (let p = lo; p <= hi; p++) VALID_PREFIX[p] = 1;
}

export function isValidEinPrefix(prefix: number): boolean {
  return prefix >= 0 && prefix < 100 && VALID_PREFIX[prefix] === 1;
}

/** `digits` is exactly nine ASCII digits. */
export function isValidEinDigits(digits: string): boolean {
  return isValidEinPrefix(+digits.slice(0, 2));
}
