import { describe, expect, it } from 'vitest';
import { C } from './context';
import { contextFor, farMoneyLabel, how, Source } from './resolve';
import { createState } from './state';
import type { DetectOptions } from './types';

const ID = C.SSN | C.ITIN | C.TAXID | C.FEIN | C.ROUTING | C.ACCOUNT | C.BANK | C.ID_OTHER | C.PARTIAL;

/** The context of the first occurrence of `value` in `text`, as a reader would describe it. */
function contextOf(text: string, value: string, options: DetectOptions = {}) {
  const s = createState(text, () => {}, options);
  const start = text.indexOf(value);
  const ctx = contextFor(s, start, start + value.length, ID);
  return { ssn: (ctx.categories & C.SSN) !== 0, source: ctx.source, rule: how(ctx) };
}

describe('contextFor', () => {
  it.each([
    ['a label right before', 'SSN 536-22-1874', Source.Inline, 'context'],
    ['a label across form leaders', `Social Security Number ${'.'.repeat(60)} 536-22-1874`, Source.Far, 'context'],
    ['a column header on an earlier line', 'Claim ID,SSN\n202403151,536221874', Source.Table, 'column'],
  ])('reads %s as SSN context', (_why, text, source, rule) => {
    expect(contextOf(text, text.includes('536-22-1874') ? '536-22-1874' : '536221874')).toEqual({ ssn: true, source, rule });
  });

  it('falls back to the form field name, then to nothing', () => {
    expect(contextOf('536221874', '536221874', { field: 'claimant_ssn' })).toEqual({ ssn: true, source: Source.Field, rule: 'field' });
    expect(contextOf('536221874', '536221874')).toEqual({ ssn: false, source: Source.None, rule: 'field' });
  });

  it('answers each candidate on its own, whatever was asked before', () => {
    const text = `SSN ${'.'.repeat(60)} 536-22-1874. The hearing is set for next week with the judge. Case 202403151`;
    const s = createState(text, () => {}, {});
    const a = text.indexOf('536');
    const far = contextFor(s, a, a + 11, ID);
    const b = text.indexOf('2024');
    const inline = contextFor(s, b, b + 9, ID);
    expect([far.source, inline.source]).toEqual([Source.Far, Source.Inline]);
    expect(far.categories & C.SSN).not.toBe(0);
    expect(inline.categories & C.SSN).toBe(0);
  });
});

describe('farMoneyLabel', () => {
  const find = (text: string) => {
    const at = text.indexOf('450');
    return farMoneyLabel(createState(text, () => {}, {}), at);
  };

  it('finds a benefit label earlier in the same sentence', () => {
    const ctx = find('The weekly benefit amount for the claim you filed at the office last month will be $450 a week.');
    expect(ctx && { benefit: ctx.categories === C.BENEFIT, source: ctx.source }).toEqual({ benefit: true, source: Source.Far });
  });

  it('ignores a label in an earlier sentence', () => {
    expect(find('Your weekly benefit amount changed. The parking at the office last month cost $450.')).toBeNull();
  });
});
