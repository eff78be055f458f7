/**
 * Schema-aware fuzzing of every API and console route (fast-check, fixed seed): valid bodies with
 * fields replaced, dropped or added; hostile strings (percent signs, JSON-path and SQL syntax, NUL,
 * lone surrogates, huge numbers, deep nesting); odd paths and query strings. Bad input is a 4xx,
 * never a 5xx.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccounts, signedIn } from './helpers/console';
import type { ConsoleBrowser } from './helpers/console';
import { checkedDisclosure, disclosure, STAFF, testProxy } from './helpers/proxy';
import type { TestProxy } from './helpers/proxy';

let p: TestProxy;
let admin: ConsoleBrowser;
let reviewId: string;

beforeAll(async () => {
  p = await testProxy();
  await addAccounts(p);
  admin = await signedIn(p, 'admin');
  await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-fuzz-base', decision: 'blocked' }));
  const r = await p.call('POST', '/api/v1/reviews', { eventId: 'evt-fuzz-base', sender: STAFF, justification: 'Needed for the review today.', recipients: ['sue.suspended@lwdb.example.org'] });
  reviewId = (await r.json()).reviewId;
});
afterAll(async () => {
  await p.close();
});

const nasty = fc.constantFrom('%', '%25', '%2525', '[', '$.data', "'; DROP TABLE users; --", '\u0000', '\ud800', '../../etc/passwd', '{"a":', '1e309', '-0', '💥'.repeat(50), 'a'.repeat(5000), '=cmd|', '<script>');
/** Deep nesting, as a marker that toJson() expands in the text (too deep for the test's own JSON.stringify). */
const deep = fc.integer({ min: 30, max: 6000 }).map((n) => `\u0001deep:${n}`);
function toJson(body: unknown): string {
  return (JSON.stringify(body) ?? 'null').replace(/"\\u0001deep:(\d+)"/g, (_m, n) => '{"a":'.repeat(Number(n)) + '"x"' + '}'.repeat(Number(n)));
}
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), nasty, fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.oneof(fc.string(), nasty), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 }),
  deep,
);

/** A valid body with one to three fields replaced by hostile values, dropped, or added. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const edit = fc.tuple(fc.constantFrom(...keys, '__extra', 'constructor', '__proto__'), fc.oneof(value, fc.constant(undefined)));
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
      const b: Record<string, unknown> = { ...base };
      for (const [k, v] of edits) {
        if (v === undefined) delete b[k];
        else Object.defineProperty(b, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return b;
    }) },
    { weight: 1, arbitrary: value },
  );
}

const API: Array<[string, string, Record<string, unknown>]> = [
  ['POST', '/api/v1/recipients/check', { sender: STAFF, channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }], identifiers: [] }],
  ['POST', '/api/v1/disclosures', disclosure({ id: 'evt-fuzz-other' })],
  ['POST', '/api/v1/reviews', { eventId: 'evt-fuzz-base', sender: STAFF, justification: 'Needed for the review today.', recipients: ['a@b.org'] }],
  ['POST', '/api/v1/releases/redeem', { reviewId: 'rev_abcdefghijkl', contentHash: 'a'.repeat(64), recipients: ['a@b.org'] }],
  ['POST', '/api/v1/scan', { text: 'SSN 536-22-1874', id: 1 }],
  ['POST', '/api/v1/client-events', { kind: 'policy_error', rules: [{ source: 'local', index: 0, reason: 'bad rule' }] }],
  ['POST', '/api/v1/redact', { text: 'SSN 536-22-1874', field: 'ssn' }],
];

const FORMS: Array<[string, Record<string, string>]> = [
  ['/console/fingerprint', { type: 'ssn', value: '536-22-1874' }],
  ['/console/reviews/REVIEW/decide', { decision: 'denied', reason: 'Not needed.' }],
  ['/console/registry/users', { email: 'x@y.org', full_name: 'X Y Z', organization: 'Example County LWDB', worksite: 'W', training_score: '100' }],
  ['/console/registry/organizations', { name: 'Org', type: 'partner', agreement_effective_on: '2026-01-01', agreement_expires_on: '2027-01-01' }],
  ['/console/registry/users/avery.partner@lwdb.example.org/status', { status: 'suspended' }],
  ['/console/registry/import', { csv: 'email,full_name\nx@y.org,X' }],
  ['/console/registry/import/commit', { csv: 'email\nx@y.org' }],
  ['/console/chain/verify', {}],
];

const GETS = [
  '/console/log', '/console/log/export.csv', '/console/log/export.jsonl', '/console/log/1', '/console/chain', '/console/incidents',
  '/console/reviews', '/console/registry', '/console/registry/users/avery.partner@lwdb.example.org', '/console/registry/renewals',
  '/console/registry/import', '/api/v1/policy', '/api/v1/log/checkpoint', '/healthz', `/api/v1/reviews/REVIEW`,
];
const QUERY_KEYS = ['from', 'to', 'sender', 'recipient', 'type', 'decision', 'site', 'fingerprint', 'status'];

const segment = fc.oneof(nasty, fc.string({ maxLength: 20 }), fc.constantFrom('%25', '%ZZ', '%00', '..', 'rev_abcdefghijkl')).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?')));
const rawSegment = fc.constantFrom('%25', '%', '%ZZ', '%E0%A4%A', 'a%2Fb', '%00');

const failures: string[] = [];
const note = (what: string, res: Response) => {
  if (res.status >= 500) failures.push(`${res.status} ${what.slice(0, 300)}`);
};

describe('fuzzing every route', () => {
  it('API bodies: 4xx only', async () => {
    failures.length = 0;
    for (const [method, path, base] of API) {
      await fc.assert(
        fc.asyncProperty(mutated(base), async (body) => {
          const text = toJson(body);
          note(`${method} ${path} ${text}`, await p.call(method, path, text));
        }),
        { seed: 6962, numRuns: 300 },
      );
    }
    // Not JSON at all, or JSON of the wrong type, under every content type.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API), fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'), async ([method, path], text, type) => {
        note(`${method} ${path} (${type}) ${text}`, await p.call(method, path, text, { headers: { 'content-type': type } }));
      }),
      { seed: 6962, numRuns: 300 },
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it('console forms, paths and query strings: 4xx only', async () => {
    failures.length = 0;
    const forms = FORMS.map(([path, form]) => [path.replace('REVIEW', reviewId), form] as const);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...forms),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom('decision', 'reason', 'type', 'value', 'email', 'status', 'csv', 'name', '_csrf'), fc.string({ maxLength: 10 })), fc.oneof(nasty, fc.string())), { maxLength: 4 }),
        async ([path, form], extra) => {
          const body: Record<string, string> = { ...form };
          for (const [k, v] of extra) body[k] = v;
          note(`POST ${path} ${JSON.stringify(body)}`, await admin.post(path, body, !('_csrf' in body)));
        },
      ),
      { seed: 6962, numRuns: 600 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GETS), fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.oneof(nasty, fc.string({ maxLength: 30 }))), { maxLength: 4 }), async (path, query) => {
        const qs = new URLSearchParams(query).toString();
        const url = `${path.replace('REVIEW', reviewId)}${qs ? `?${qs}` : ''}`;
        note(`GET ${url}`, await (url.startsWith('/api') || url === '/healthz' ? p.call('GET', url) : admin.get(url)));
      }),
      { seed: 6962, numRuns: 600 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/console/registry/users/', '/console/log/', '/api/v1/reviews/', '/console/reviews/'), fc.oneof(segment, rawSegment), async (prefix, seg) => {
        const url = `${prefix}${seg}`;
        note(`GET ${url}`, await (url.startsWith('/api') ? p.call('GET', url) : admin.get(url)));
        if (prefix === '/console/reviews/') note(`POST ${url}/decide`, await admin.post(`${url}/decide`, { decision: 'denied', reason: 'Not needed.' }));
        if (prefix === '/console/registry/users/') note(`POST ${url}/status`, await admin.post(`${url}/status`, { status: 'active' }));
      }),
      { seed: 6962, numRuns: 400 },
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it('sign-in forms: 4xx only', async () => {
    failures.length = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(nasty, fc.string()), fc.oneof(nasty, fc.string()), async (email, password) => {
        const page = await p.app.request('/console/login');
        const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]!).join('; ');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
        const res = await p.app.request('/console/login', {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, email, password }),
        });
        note(`POST /console/login ${JSON.stringify({ email, password })}`, res);
      }),
      { seed: 6962, numRuns: 60 },
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
