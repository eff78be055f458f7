/**
 * A real proxy for tests: a temporary SQLite file (or the PostgreSQL database given), in-memory keys, a settable clock, the demo
 * registry and a device token; requests go through app.request().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../proxy/http/app';
import { ephemeralKeys } from '../../proxy/audit/keys';
import { demoOrganizationsCsv, demoUsersCsv } from '../../proxy/operations/demo';
import { createDeviceToken } from '../../proxy/deployment/devices';
import { openProxy } from '../../proxy/operations/open';
import type { Opened } from '../../proxy/operations/open';
import type { OidcSettings } from '../../proxy/console/oidc';
import { isIdentifier } from '../../shared/detect/types';
import type { FindingType } from '../../shared/detect/types';
import { categoriesOf } from '../../shared/policy';

/** The demo staff member the test device token belongs to. */
export const STAFF = 'casey.staff@jobs.example.gov';

export interface TestProxy {
  opened: Opened;
  app: ReturnType<typeof createApp>;
  token: string;
  dir: string;
  db: string;
  setNow(iso: string): void;
  /** JSON request with the device token (pass `token: null` to send none). */
  call(method: string, path: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function testProxy(
  opts: { now?: string; demo?: boolean; databaseUrl?: string; oidc?: OidcSettings; checkpointEvery?: number; checkpointFile?: string; checkRateLimit?: { perSecond: number; burst: number } } = {},
): Promise<TestProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-test-'));
  let now = new Date(opts.now ?? '2026-11-21T18:00:00Z');
  const clock = { now: () => now };
  const db = join(dir, 'dg.db');
  const opened = await openProxy({
    db,
    databaseUrl: opts.databaseUrl,
    secrets: join(dir, 'secrets'),
    timeZone: 'America/Chicago',
    clock,
    keys: ephemeralKeys(),
    checkpointEvery: opts.checkpointEvery ?? 1000,
    checkpointFile: opts.checkpointFile,
  });
  if (opts.demo !== false) {
    const today = opened.registry.today();
    await opened.registry.importOrganizations(demoOrganizationsCsv(today), 'test');
    await opened.registry.importUsers(demoUsersCsv(today), 'test');
  }
  const token = await createDeviceToken(opened.store, 'test-device', now.toISOString(), STAFF);
  const app = createApp({ ...opened, signInBackoffMs: 0, checkRateLimit: opts.checkRateLimit ?? { perSecond: 1000, burst: 1000 }, ...(opts.oidc ? { oidc: opts.oidc } : {}) });
  return {
    opened,
    app,
    token,
    dir,
    db,
    setNow(iso) {
      now = new Date(iso);
    },
    call(method, path, body, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const t = o.token === undefined ? token : o.token;
      if (t !== null) headers.authorization = `Bearer ${t}`;
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      return Promise.resolve(
        app.request(path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) }),
      );
    },
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A disclosure as the extension reports it; it still needs a check id (checkedDisclosure) or `unchecked`. */
export function disclosure(overrides: Record<string, unknown> = {}) {
  return {
    id: 'evt-test-first',
    occurredAt: '2026-11-21T17:59:00Z',
    sender: 'casey.staff@jobs.example.gov',
    site: 'mail.google.com',
    channel: 'email',
    recipients: [{ address: 'avery.partner@lwdb.example.org' }],
    types: { ssn: 1, wage: 1 },
    maskedSamples: ['***-*5-6789'],
    decision: 'masked',
    reasons: [],
    statementAdded: true,
    ...overrides,
  } as Record<string, unknown> & { id: string; sender: string; channel: string; recipients: Array<{ address: string }>; types: Record<string, number> };
}

/**
 * An event with no recipient check behind it (decided on a cached answer while the proxy could not be
 * reached): logged as client-reported. Its samples show no digit, as nothing bound the identifiers.
 */
export function reportedDisclosure(overrides: Record<string, unknown> = {}) {
  return disclosure({ unchecked: 'cached_decision', maskedSamples: ['***-**-****'], ...overrides });
}

/** The identifier the default disclosure masked (its sample is `***-*5-6789`). */
export const TEST_IDENTIFIERS = [{ type: 'ssn', value: '123-45-6789' }];

type Post = (path: string, body: unknown) => Promise<Response>;

/** A poster over real HTTP, for tests that run `serve` as a process. */
export function httpPost(url: string, token: string): Post {
  return (path, body) => fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/**
 * What the extension does for a send: the recipient check (with the identifiers, which travel only
 * here), then the disclosure naming its check id.
 */
export async function checkedDisclosure(to: TestProxy | Post, overrides: Record<string, unknown> = {}, identifiers = TEST_IDENTIFIERS) {
  const post: Post = typeof to === 'function' ? to : (path, body) => to.call('POST', path, body);
  const body = disclosure(overrides);
  const types = Object.keys(body.types).filter((t) => body.channel !== 'form' || !isIdentifier(t as FindingType)) as FindingType[];
  const res = await post('/api/v1/recipients/check', {
    sender: body.sender,
    channel: body.channel,
    categories: categoriesOf(types),
    recipients: body.recipients.map((r) => ({ address: r.address })),
    identifiers,
  });
  if (res.status !== 200) throw new Error(`recipient check answered ${res.status}: ${await res.text()}`);
  return { ...body, check: ((await res.json()) as { checkId: string }).checkId };
}
