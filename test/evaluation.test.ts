/**
 * Precision and recall per type on the labelled agency corpus (docs/detection.md, the evaluation sets: ≥ 0.98).
 * A finding counts when its type and span match a label exactly.
 */
import { describe, expect, it } from 'vitest';
import { detect } from '../shared/detect/index';
import { FINDING_TYPES } from '../shared/detect/types';
import type { FindingType } from '../shared/detect/types';
import { makeCorpus } from './corpus/generate';

const docs = makeCorpus(20261121, 3500);

function score() {
  const tp = new Map<FindingType, number>();
  const fp = new Map<FindingType, number>();
  const fn = new Map<FindingType, number>();
  const inc = (m: Map<FindingType, number>, t: FindingType) => m.set(t, (m.get(t) ?? 0) + 1);
  const misses: string[] = [];
  for (const d of docs) {
    const got = detect(d.text).filter((f) => f.confidence !== 'low');
    const key = (x: { type: string; start: number; end: number }) => `${x.type}:${x.start}:${x.end}`;
    const want = new Set(d.expected.map(key));
    const have = new Set(got.map(key));
    for (const f of got) {
      if (want.has(key(f))) inc(tp, f.type);
      else {
        inc(fp, f.type);
        if (misses.length < 10) misses.push(`FP ${f.type} "${d.text.slice(f.start, f.end)}" in ${d.kind}`);
      }
    }
    for (const e of d.expected) {
      if (!have.has(key(e))) {
        inc(fn, e.type);
        if (misses.length < 10) misses.push(`FN ${e.type} "${d.text.slice(e.start, e.end)}" in ${d.kind}: …${d.text.slice(Math.max(0, e.start - 40), e.end + 10)}…`);
      }
    }
  }
  return { tp, fp, fn, misses };
}

describe('evaluation on the labelled agency corpus', () => {
  const { tp, fp, fn, misses } = score();
  it('has enough of every type to measure', () => {
    for (const t of FINDING_TYPES) expect(tp.get(t) ?? 0, t).toBeGreaterThan(100);
  });
  it.each(FINDING_TYPES.map((t) => [t]))('%s: precision and recall ≥ 0.98', (t) => {
    const p = (tp.get(t) ?? 0) / ((tp.get(t) ?? 0) + (fp.get(t) ?? 0));
    const r = (tp.get(t) ?? 0) / ((tp.get(t) ?? 0) + (fn.get(t) ?? 0));
    expect({ type: t, precision: p >= 0.98, recall: r >= 0.98, p, r, misses }).toMatchObject({ precision: true, recall: true });
  });
});
