/**
 * ABA routing number checksum (ABA Key to Routing Numbers; Federal Reserve "Routing Number
 * Policy"): 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). An all-zero number is not a
 * routing number.
 */
export function isValidAbaRouting(digits: string): boolean {
  if (digits.length !== 9) return false;
  let sum = 0;
  let nonZero = false;
  for (let i = 0; i < 9; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (d !== 0) nonZero = true;
    sum += d * (i % 3 === 0 ? 3 : i % 3 === 1 ? 7 : 1);
  }
  return nonZero && sum % 10 === 0;
}

/** Bank account numbers in the US run 4 to 17 digits (NACHA DFI account number field: 17). */
export const ACCOUNT_MIN_DIGITS = 4;
export const ACCOUNT_MAX_DIGITS = 17;
