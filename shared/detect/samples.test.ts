import { describe, expect, it } from 'vitest';
import { found } from './helpers.test-util';

describe('values given as samples in instructions and help texts', () => {
  it.each([
    ['an SSN format in a help text, after its label', 'How to enter your SSN: type 9 digits, no dashes (example: 123456789).'],
    ['in Spanish', 'Escriba su número de Seguro Social sin guiones (por ejemplo: 123456789).'],
    ['a birth date format', 'Your date of birth must be MM/DD/YYYY (e.g., 01/01/1980).'],
    ['a tooltip with a sample SSN', 'SSN ⓘ  The request shows the SSN the claimant used, for example 123-45-6789.'],
    ['a voided sample-card number named as an example', 'Enter your SSN as shown on your card (do not enter 078-05-1120, which is an example).'],
    ['a schema table\'s example column', '| column | type | length | example |\n| ssn | char | 9 | 123456789 |'],
    ['an EIN format\'s sample', 'Enter your EIN as XX-XXXXXXX (e.g., 12-3456789).'],
    ['SSA\'s advertising numbers in a list of rejects', 'Validation: 987-65-4321 rejects (SSA reserved for advertising).'],
    ['a court filing\'s page id', 'Case 2:24-cv-01183   Document 41-2   Filed 03/14/25   PageID #: 104-77-2219'],
    ['a ride\'s trip id in SSN shape', 'Trip 512-44-8027 · 12.4 mi · 24 min'],
    ['an amount field\'s sample', 'Amount  Enter the gross amount before deductions, e.g. 1234.56. Do not enter a dollar sign.'],
  ])('%s: nothing', (_why, text) => expect(found(text)).toEqual([]));

  it.each([
    ['123-45-6789 with no sample word near it fails closed', 'Claimant SSN 123-45-6789 called today.', [['ssn', '123-45-6789']]],
    ['a real SSN after the sample in the same help text', 'Enter it without dashes (example: 123456789). Mine is 536-22-1874.', [['ssn', '536-22-1874']]],
  ])('%s', (_why, text, want) => expect(found(text)).toEqual(want));
});

describe('an SSN in its own format after an example word fails closed', () => {
  it('"Example wage record: 534-20-9961|…" may be someone\'s', () => {
    expect(found('Example wage record: `534-20-9961|2024Q1|00008412.50`').filter(([t]) => t === 'ssn')).toEqual([['ssn', '534-20-9961']]);
  });
});
