import { describe, expect, it } from 'vitest';
import { isSafeId, newId } from './ids';

describe('newId', () => {
  it('gives a prefix and 22 lower-case letters, never the same twice, across many draws of its random bytes', () => {
    const ids = Array.from({ length: 5000 }, () => newId('chk'));
    for (const id of ids) {
      expect(id).toMatch(/^chk_[a-z]{22}$/);
      expect(isSafeId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Every letter turns up in every position: the bytes are not reused or stuck.
    for (let i = 4; i < 26; i++) expect(new Set(ids.map((id) => id[i])).size).toBe(26);
  });
});
