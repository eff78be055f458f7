/**
 * Money amounts: `$1,234.56`, `1234.56`, `$450`. Thousands separators must group by three; cents
 * are one or two digits. Whether an amount is a wage, a UI benefit or neither is decided by context
 * (a tuition, fee, grant or price is not a wage).
 */
import { SEP_COMMA, SEP_DOT } from './tokens';

/** Group lengths `lens[a..b]` and separator kinds `seps[a..b-1]` of one word. */
export function isAmountShape(
  lens: ArrayLike<number>,
  seps: ArrayLike<number>,
  a: number,
  b: number,
  dollar: boolean,
): boolean {
  let last = b;
  if (b > a && seps[b - 1] === SEP_DOT) {
    if (lens[b]! > 2) return false;
    last = b - 1;
  }
  if (last === a) {
    // One group before the cents: "$450", "1234.56". A bare integer is money only after "$".
    return lens[a]! <= 9 && (dollar || last !== b);
  }
  if (lens[a]! > 3) return false;
  for (let g = a; g < last; g++) {
    if (seps[g] !== SEP_COMMA || lens[g + 1] !== 3) return false;
  }
  return true;
}
