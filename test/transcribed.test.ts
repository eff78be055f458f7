/**
 * The transcribed evaluation set (test/corpus/transcribed/): cases written by hand from the layouts
 * and wording of public documents (IRS W-2 and 1099-G, SSA EFW2 and ICESA records, state UI notices
 * in English and Spanish, direct-deposit forms, pay stubs, web form bodies, OCR'd faxes), built apart
 * from the engine and from the generated corpus. Scored per type; the identifiers, where a miss
 * leaves a full number in a message, are held to F1 ≥ 0.95 and must never leave `redact` whole.
 * `bench/score-transcribed.ts` prints every type and family.
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../shared/detect/index';
import { redact } from '../shared/redact';
import { loadCases, spanOf } from './helpers/corpus';
import type { Case } from './helpers/corpus';
import { CONFIDENTIALITY_STATEMENT } from '../shared/statement';


const cases: Case[] = loadCases('transcribed');


const IDENTIFIERS = ['ssn', 'itin', 'fein'] as const;

function score(type: string) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const found = detect(c.text).filter((f) => f.confidence !== 'low' && f.type === type);
    const want = c.expect.filter((e) => e.type === type).map((e) => spanOf(c.text, e));
    const hit = (s: number, e: number) => found.some((f) => f.start < e && f.end > s);
    for (const [s, e] of want) {
      if (hit(s, e)) tp++;
      else {
        fn++;
        misses.push(`missed in ${c.id}: ${c.reason}`);
      }
    }
    for (const f of found) {
      if (!want.some(([s, e]) => f.start < e && f.end > s)) {
        fp++;
        misses.push(`false in ${c.id}: ${c.reason}`);
      }
    }
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), misses };
}

describe('the transcribed evaluation set', () => {
  it('has hundreds of cases, each with its source and reason, every value in its text', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const c of cases) {
      expect(c.reason.length, c.id).toBeGreaterThan(3);
      for (const e of c.expect) expect(spanOf(c.text, e)[0], `${c.id} ${e.type}`).toBeGreaterThanOrEqual(0);
    }
  });

  it.each(IDENTIFIERS.map((t) => [t]))('%s: F1 ≥ 0.95', (type) => {
    const { f1, misses } = score(type);
    expect({ type, f1, misses }).toMatchObject({ f1: expect.toSatisfy((x: number) => x >= 0.95) });
  });

  it('redact leaves no SSN, ITIN or FEIN whole, and adds the statement at most once', () => {
    const whole: string[] = [];
    for (const c of cases) {
      const out = redact(c.text).text;
      expect(out.split(CONFIDENTIALITY_STATEMENT).length - 1, c.id).toBeLessThanOrEqual(1);
      for (const e of c.expect) {
        if (!(IDENTIFIERS as readonly string[]).includes(e.type)) continue;
        const digits = e.value.replace(/[^0-9]/g, '');
        if (digits.length >= 9 && out.replace(/[^0-9]/g, '').includes(digits)) whole.push(`${c.id} ${e.type}: ${c.reason}`);
      }
    }
    expect(whole).toEqual([]);
  });
});
