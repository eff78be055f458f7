import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizeFax } from './address';

describe('normalizeEmail', () => {
  it.each([
    ['jane@example.org', 'jane@example.org'],
    ['  JANE@Example.ORG ', 'jane@example.org'],
    ['Jane Q Partner <Jane@Example.org>', 'jane@example.org'],
    ['mailto:jane@example.org', 'jane@example.org'],
  ])('%s → %s', (input, out) => expect(normalizeEmail(input)).toBe(out));
  it.each(['jane', 'jane@', '@example.org', 'jane@example', 'a b@example.org', ''])('rejects %j', (input) =>
    expect(normalizeEmail(input)).toBeNull(),
  );
});

describe('normalizeFax (E.164)', () => {
  it.each([
    ['(573) 555-0100', '+15735550100'],
    ['573.555.0100', '+15735550100'],
    ['1-573-555-0100', '+15735550100'],
    ['+1 573 555 0100', '+15735550100'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (input, out) => expect(normalizeFax(input)).toBe(out));
  it.each(['555-0100', '073-555-0100', '+0 123 456 789', 'fax me', '+1234567890123456'])('rejects %j', (input) =>
    expect(normalizeFax(input)).toBeNull(),
  );
});
