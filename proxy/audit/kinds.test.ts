import { describe, expect, it } from 'vitest';
import { ENTRY_KINDS, entryData, isEntryKind, kindLabel } from './kinds';

describe('the kinds of entry the log holds', () => {
  it('every kind has words for the console, and an unknown kind is shown by its name', () => {
    for (const [kind, label] of Object.entries(ENTRY_KINDS)) {
      expect(isEntryKind(kind)).toBe(true);
      expect(label.length, kind).toBeGreaterThan(5);
    }
    expect(kindLabel('console.signin')).toBe('a console sign-in');
    expect(kindLabel('future.kind')).toBe('future.kind');
    expect(isEntryKind('toString')).toBe(false);
  });

  it('reads an entry\'s data, and nothing from a body that holds none or is not JSON', () => {
    expect(entryData({ body: JSON.stringify({ seq: 1, kind: 'disclosure', data: { decision: 'masked' } }) })).toEqual({ decision: 'masked' });
    expect(entryData({ body: JSON.stringify({ seq: 1, kind: 'disclosure' }) })).toEqual({});
    expect(entryData({ body: JSON.stringify({ data: [1, 2] }) })).toEqual({});
    expect(entryData({ body: '{not json' })).toEqual({});
  });
});
