/**
 * The hand-labelled evaluation set (test/corpus/hand-labelled.jsonl): texts written one by one,
 * independently of the generated corpus, each with what it holds and why. Scored per type like the
 * generated corpus: precision and recall ≥ 0.98.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../shared/detect/index';
import { FINDING_TYPES } from '../shared/detect/types';

interface Case {
  text: string;
  expect: Array<[string, string]>;
  why: string;
}

const cases: Case[] = readFileSync(join(__dirname, 'corpus', 'hand-labelled.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

function score() {
  const count = () => Object.fromEntries(FINDING_TYPES.map((t) => [t, 0])) as Record<string, number>;
  const tp = count();
  const fp = count();
  const fn = count();
  const misses: string[] = [];
  for (const c of cases) {
    const got = detect(c.text)
      .filter((f) => f.confidence !== 'low')
      .map((f) => `${f.type}\u0000${c.text.slice(f.start, f.end)}`);
    const want = c.expect.map(([t, v]) => `${t}\u0000${v}`);
    for (const g of got) {
      const [t] = g.split('\u0000');
      if (want.includes(g)) tp[t!]!++;
      else {
        fp[t!]!++;
        misses.push(`FP ${g.replace('\u0000', ' ')} — ${c.why}`);
      }
    }
    for (const w of want) {
      if (!got.includes(w)) {
        fn[w.split('\u0000')[0]!]!++;
        misses.push(`FN ${w.replace('\u0000', ' ')} — ${c.why}`);
      }
    }
  }
  return { tp, fp, fn, misses };
}

describe('the hand-labelled evaluation set', () => {
  const { tp, fp, fn, misses } = score();

  it('has a few hundred cases, each with a reason, and every type', () => {
    expect(cases.length).toBeGreaterThanOrEqual(180);
    for (const c of cases) expect(c.why.length, c.text).toBeGreaterThanOrEqual(3);
    for (const t of FINDING_TYPES) expect(tp[t]! + fn[t]!, t).toBeGreaterThanOrEqual(5);
  });

  it.each(FINDING_TYPES.map((t) => [t]))('%s: precision and recall ≥ 0.98', (t) => {
    const p = tp[t]! / Math.max(1, tp[t]! + fp[t]!);
    const r = tp[t]! / Math.max(1, tp[t]! + fn[t]!);
    expect({ type: t, p, r, misses: misses.filter((m) => m.includes(` ${t} `)) }).toMatchObject({ p: expect.toSatisfy((x: number) => x >= 0.98), r: expect.toSatisfy((x: number) => x >= 0.98) });
  });
});
