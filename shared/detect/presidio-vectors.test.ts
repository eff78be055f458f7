/**
 * Public test vectors of Microsoft Presidio's US_SSN, US_ITIN and ABA_ROUTING_NUMBER recognizer
 * tests (presidio-analyzer/tests/test_us_ssn_recognizer.py, test_us_itin_recognizer.py,
 * test_aba_routing_recognizer.py): each input with Presidio's expected number of results. Where our
 * rules differ, `ours` says what we return and `why` says why.
 */
import { describe, expect, it } from 'vitest';
import { detect } from './index';
import type { FindingType } from './types';

interface Vector {
  text: string;
  presidio: number;
  ours: number;
  why?: string;
}

function count(text: string, type: FindingType): number {
  return detect(text).filter((f) => f.type === type && f.confidence !== 'low').length;
}

const NO_CONTEXT_NINE =
  'Nine bare digits with no context word are not assumed to be an identifier (the unseparated format needs a context word or field name); Presidio reports a weak match.';

const SSN: Vector[] = [
  { text: '078051121', presidio: 1, ours: 0, why: NO_CONTEXT_NINE },
  { text: '078-05-1123', presidio: 1, ours: 1 },
  { text: '078.05.1123', presidio: 1, ours: 1 },
  { text: '078 05 1123', presidio: 1, ours: 1 },
  { text: '0780511201', presidio: 0, ours: 0 },
  { text: '078051120', presidio: 0, ours: 0 },
  { text: '000000000', presidio: 0, ours: 0 },
  { text: '666000000', presidio: 0, ours: 0 },
  { text: '078-05-0000', presidio: 0, ours: 0 },
  { text: '078 00 1123', presidio: 0, ours: 0 },
  { text: '693-09.4444', presidio: 0, ours: 0 },
];

const ITIN: Vector[] = [
  {
    text: '911-701234 91170-1234',
    presidio: 2,
    ours: 0,
    why: 'Irregular groupings are not the 9XX-GG-XXXX format and are too common as other ids; Presidio reports two very weak matches.',
  },
  { text: '911701234', presidio: 1, ours: 0, why: NO_CONTEXT_NINE },
  { text: '911-70-1234', presidio: 1, ours: 1 },
  { text: '911-89-1234', presidio: 0, ours: 0 },
  { text: 'my taxpayer id 911-89-1234', presidio: 0, ours: 0 },
];

const ABA: Vector[] = [
  { text: '121000358', presidio: 1, ours: 0, why: NO_CONTEXT_NINE },
  { text: '3222-7162-7', presidio: 1, ours: 0, why: 'A routing number needs routing/ABA context.' },
  { text: '121042882', presidio: 1, ours: 0, why: NO_CONTEXT_NINE },
  { text: '0711-0130-7', presidio: 1, ours: 0, why: 'A routing number needs routing/ABA context.' },
  { text: '421042111', presidio: 0, ours: 0 },
  { text: '1234-0000-0', presidio: 0, ours: 0 },
];

describe.each([
  ['US_SSN', 'ssn', SSN],
  ['US_ITIN', 'itin', ITIN],
  ['ABA_ROUTING_NUMBER', 'routing_number', ABA],
] as const)('Presidio %s vectors', (_name, type, vectors) => {
  it.each(vectors.map((v) => [v.text, v] as const))('%s', (text, v) => {
    expect(count(text, type)).toBe(v.ours);
    if (v.ours !== v.presidio) expect(v.why).toBeTruthy();
  });
});

describe('where we differ, context brings our result in line with Presidio', () => {
  it.each([
    ['SSN 078051121', 'ssn'],
    ['ITIN 911701234', 'itin'],
    ['routing number 121000358', 'routing_number'],
    ['routing 3222-7162-7', 'routing_number'],
    ['ABA 121042882', 'routing_number'],
    ['ABA routing 0711-0130-7', 'routing_number'],
  ] as const)('%s', (text, type) => expect(count(text, type)).toBe(1));
});
