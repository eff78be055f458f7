/** Every API route needs a live device token; the answer to a bad one is 401 and does nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosure, testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { routesLeftOut } from '../../test/helpers/routes';

let p: TestProxy;
let revoked: string;
beforeAll(async () => {
  p = await testProxy();
  const { createDeviceToken } = await import('../deployment/devices');
  revoked = await createDeviceToken(p.opened.store, 'lost-laptop', '2026-11-21T00:00:00Z', 'casey.staff@jobs.example.gov');
  await p.opened.store.revokeDevices({ name: 'lost-laptop' }, '2026-11-21T01:00:00Z');
});
afterAll(async () => {
  await p.close();
});

/** The shared security table: every API route opts in (the console's roles have their own table). */
const ROUTES: Array<[string, string, unknown]> = [
  ['POST', '/api/v1/recipients/check', { sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: [], recipients: [{ address: 'x' }] }],
  ['POST', '/api/v1/disclosures', disclosure()],
  ['GET', '/api/v1/policy', undefined],
  ['POST', '/api/v1/scan', { text: 'x' }],
  ['POST', '/api/v1/redact', { text: 'x' }],
  ['POST', '/api/v1/files/scan', { text: 'x' }],
  ['POST', '/api/v1/files/redact', { text: 'x' }],
  ['POST', '/api/v1/reviews', { eventId: 'evt-auth-review', sender: 'casey.staff@jobs.example.gov', justification: 'Needed for the review today.', recipients: ['a@b.org'] }],
  ['GET', '/api/v1/reviews/rev_nosuchreview', undefined],
  ['POST', '/api/v1/releases/redeem', { reviewId: 'rev_nosuchreview', contentHash: 'a'.repeat(64), recipients: ['a@b.org'] }],
  ['POST', '/api/v1/client-events', { kind: 'policy_error', rules: [{ source: 'local', index: 0, reason: 'bad' }] }],
];

describe.each(ROUTES)('%s %s', (method, path, body) => {
  it.each([
    ['no token', null],
    ['a wrong token', 'dgd_not-a-real-token'],
    ['a revoked token', 'REVOKED'],
  ])('with %s → 401', async (_why, token) => {
    const seq = (await p.opened.store.logState()).seq;
    const res = await p.call(method, path, body, { token: token === 'REVOKED' ? revoked : token });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
    expect((await p.opened.store.logState()).seq).toBe(seq);
  });

  it('with the device token → not 401', async () => {
    expect((await p.call(method, path, body)).status).not.toBe(401);
  });
});

describe('the table above is the app\'s own', () => {
  it('every API route the app serves is in it, or is one of the open routes by design', () => {
    const open = ['GET /api/v1/healthz', 'GET /api/v1/log/checkpoint', 'GET /api/v1/log/verifier-key'];
    expect(routesLeftOut(p.app, '/api/v1', ROUTES, open)).toEqual([]);
  });
});

describe('open routes', () => {
  it('GET /healthz needs no token and says only that the proxy is up', async () => {
    const res = await p.call('GET', '/healthz', undefined, { token: null });
    expect(res.status).toBe(200);
    expect(Object.keys(await res.json()).sort()).toEqual(['status', 'time', 'version']);
  });

  it('unknown routes are a JSON 404 with secure headers', async () => {
    const res = await p.call('GET', '/nope', undefined, { token: null });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /nope' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('unexpected errors', () => {
  it('answer 500 with a JSON reason and no stack trace', async () => {
    const q = await testProxy();
    await q.opened.store.close();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => void errors.push(a);
    try {
      const res = await q.call('POST', '/api/v1/recipients/check', { sender: 'a@b.org', channel: 'email', categories: [], recipients: [{ address: 'x@y.org' }] });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error' } });
      expect(text).not.toMatch(/at |\.ts:|sqlite/i);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      console.error = original;
      const { rmSync } = await import('node:fs');
      rmSync(q.dir, { recursive: true, force: true });
    }
  });
});
