/** POST /api/v1/client-events through app.request: what a browser may report about the site rules it could not use. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});

const report = (rule: Record<string, unknown>) => p.call('POST', '/api/v1/client-events', { kind: 'policy_error', rules: [{ source: 'managed', index: 0, reason: 'the rule names no mode', ...rule }] });

describe('policy_error', () => {
  it('takes a problem code and what guards the site instead, and a report from a version without codes', async () => {
    expect((await report({ code: 'missing_mode', fallback: { adapter: 'fax', mode: 'enforce' } })).status).toBe(201);
    expect((await report({ code: 'every_site' })).status).toBe(201);
    expect((await report({})).status).toBe(201);
  });

  it.each([
    ['an unknown code', { code: 'raw_rule' }, 'rules.0.code'],
    ['a fallback mode that is none', { code: 'unknown_kind', fallback: { adapter: 'form', mode: 'strict' } }, 'rules.0.fallback.mode'],
    ['a fallback kind that is free text', { code: 'unknown_kind', fallback: { adapter: 'mail.agency.gov/case 536-22-1874', mode: 'enforce' } }, 'rules.0.fallback.adapter'],
    ['the rule as written', { code: 'unknown_kind', rule: '{"match":"mail.agency.gov"}' }, 'rules.0'],
  ])('refuses %s with 400 and the field', async (_why, rule, path) => {
    const res = await report(rule);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_body');
    expect(JSON.stringify(body.error)).toContain(path);
  });
});
