/** Random text for the masking properties, shared by the test suite and the long run (bench/properties.ts). */
import fc from 'fast-check';
import { EXAMPLES } from './detect/examples';
import { FINDING_TYPES } from './detect/types';

/** Digits, labels and reference words in every encoding staff text arrives in. */
export const mixedPiece = fc.oneof(
  fc.constantFrom(...FINDING_TYPES.flatMap((t) => EXAMPLES[t].map((e) => e.text))),
  fc.stringMatching(/^\d{1,12}$/),
  fc.constantFrom('last', 'acct', 'account', 'SSN', 'routing', 'EIN', 'DOB', 'wages', 'WBA', 'case', 'ending in', '$', '#', ':', '-', '/', '\n', ' ', '\t'),
  fc.constantFrom('\u200b', '\u00ad', '\ufeff', '&nbsp;', '&#45;', '<b>', '</b>', '<br>', '%3D', '\uff15', '\u0665', '\u2013'),
  fc.stringMatching(/^[a-z ]{1,8}$/),
);
export const mixedText = fc.array(mixedPiece, { minLength: 1, maxLength: 24 }).map((p) => p.join(' '));
