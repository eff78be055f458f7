/**
 * Several proxies behind a load balancer on one PostgreSQL: two real proxy processes on a real
 * cluster, disclosures sent to both at once, one of them killed with SIGKILL mid-load, the
 * unacknowledged events retried on the survivor. Every acknowledged event is in the log exactly
 * once, the chain has no gap, and verify-log passes on the database.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDg } from './helpers/cli';
import { startPostgres, type Cluster } from './helpers/postgres';
import { seedRegistry } from './helpers/seed';
import { checkedDisclosure, httpPost, reportedDisclosure } from './helpers/proxy';
import { exited, startServing } from './helpers/serve';
import { until } from './helpers/until';

let cluster: Cluster;
const dirs: string[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dg-pgproxies-'));
  dirs.push(d);
  return d;
}

async function send(url: string, token: string, id: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/disclosures`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(reportedDisclosure({ id })),
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('two proxies on one PostgreSQL', () => {
  it('keep one chain under concurrent load; a kill -9 of one loses no acknowledged event and duplicates none', async () => {
    const d = tempDir();
    const url = await cluster.createDatabase();
    // Both instances share the secrets (signing and fingerprint keys), as they would on a shared volume.
    const common = ['--database-url', url, '--secrets', join(d, 'secrets'), '--db', join(d, 'unused.db')];
    const token = await seedRegistry(d, common, 'lb-test');

    const [a, b] = await Promise.all([startServing(['serve', ...common, '--log-level', 'silent'], children), startServing(['serve', ...common, '--log-level', 'silent'], children)]);
    const acknowledged = new Set<string>();
    const sent: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 150; i++) {
        const id = `evt-lb-${w}-${i}`;
        sent.push(id);
        try {
          if ((await send(w % 2 ? a.url : b.url, token, id)) === 201) acknowledged.add(id);
        } catch {
          if (w % 2) return; // proxy A is gone: this worker's load balancer would retry below
        }
      }
    };
    let done = false;
    const workers = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w))).then(() => (done = true));
    while (acknowledged.size < 200 && !done) await new Promise((r) => setTimeout(r, 5));
    a.child.kill('SIGKILL');
    await exited(a.child);
    // B keeps working while A is gone.
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await workers;
    expect(acknowledged.size).toBeGreaterThanOrEqual(200);

    // What a client retries after a lost connection goes to the survivor: new events are created,
    // events A had already stored are recognised as duplicates, never written twice.
    const retried: Record<number, number> = {};
    for (const id of sent) {
      const status = await send(b.url, token, id);
      retried[status] = (retried[status] ?? 0) + 1;
      expect([200, 201], id).toContain(status);
    }
    expect(retried[200]).toBeGreaterThanOrEqual(acknowledged.size);

    b.child.kill('SIGTERM');
    expect(await exited(b.child)).toBe(0);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const perEvent = await c.query<{ id: string; n: number }>(
        `SELECT body::jsonb -> 'data' ->> 'clientEventId' AS id, COUNT(*)::int AS n FROM log_entries WHERE kind = 'disclosure' GROUP BY 1`,
      );
      const counts = new Map(perEvent.rows.map((r) => [r.id, r.n]));
      for (const id of sent) expect(counts.get(id), id).toBe(1);
      expect(counts.size).toBe(new Set(sent).size);
      const seqs = await c.query<{ n: number; max: number }>('SELECT COUNT(*)::int AS n, MAX(seq)::int AS max FROM log_entries');
      expect(seqs.rows[0]!.n).toBe(seqs.rows[0]!.max);
      const created = await c.query("SELECT seq::int AS seq FROM log_entries WHERE kind = 'log.created'");
      expect(created.rows).toEqual([{ seq: 1 }]);
    } finally {
      await c.end();
    }
    const verified = await runDg(['verify-log', ...common]);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toMatch(/^(\d+)\/\1 entries valid/);
  }, 120_000);

  it('take a disclosure on one instance that names a check another instance answered, once', async () => {
    const d = tempDir();
    const url = await cluster.createDatabase();
    const common = ['--database-url', url, '--secrets', join(d, 'secrets'), '--db', join(d, 'unused.db')];
    const token = await seedRegistry(d, common, 'lb-check');
    const [a, b] = await Promise.all([startServing(['serve', ...common, '--log-level', 'silent'], children), startServing(['serve', ...common, '--log-level', 'silent'], children)]);
    const event = await checkedDisclosure(httpPost(a.url, token), { id: 'evt-lb-checked' });
    const onB = await httpPost(b.url, token)('/api/v1/disclosures', event);
    expect(onB.status, await onB.clone().text()).toBe(201);
    // The same check for another event, through the other instance: one check backs one event.
    const reused = await httpPost(a.url, token)('/api/v1/disclosures', { ...event, id: 'evt-lb-checked-again' });
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe('check_reused');
    for (const p of [a, b]) {
      p.child.kill('SIGTERM');
      await exited(p.child);
    }
  }, 60_000);

  it('hold the registry in memory yet refuse a person separated through the other proxy on the very next check, and a revoked token at once', async () => {
    const d = tempDir();
    const url = await cluster.createDatabase();
    const common = ['--database-url', url, '--secrets', join(d, 'secrets'), '--db', join(d, 'unused.db')];
    const token = await seedRegistry(d, common, 'lb-mirror');
    const custodian = 'cam.custodian@jobs.example.gov';
    const added = await runDg(['account', 'add', '--email', custodian, '--role', 'custodian', '--password-stdin', ...common], `${CONSOLE_PASSWORD}\n`);
    expect(added.code, added.err).toBe(0);
    const [a, b] = await Promise.all([startServing(['serve', ...common, '--log-level', 'silent'], children), startServing(['serve', ...common, '--log-level', 'silent'], children)]);
    const check = async (on: string) => {
      const res = await httpPost(on, token)('/api/v1/recipients/check', {
        sender: 'casey.staff@jobs.example.gov',
        channel: 'email',
        categories: ['personal', 'wage'],
        recipients: [{ address: 'avery.partner@lwdb.example.org' }],
      });
      return { status: res.status, body: await res.json() };
    };
    const before = await check(b.url);
    expect(before.body.decisions[0]).toMatchObject({ address: 'avery.partner@lwdb.example.org', authorized: true, reasons: [] });

    // A custodian separates Avery in proxy A's console; as soon as A answers, B refuses Avery.
    const cam = await consoleOn(a.url, custodian);
    const separated = await cam.post('/console/registry/users/avery.partner%40lwdb.example.org/status', { status: 'separated', confirm: 'yes', reason: 'left the board on Friday' });
    expect(separated.status).toBe(303);
    const after = await check(b.url);
    expect(after.status).toBe(200);
    expect(after.body.authorized).toBe(false);
    expect(after.body.decisions[0]).toMatchObject({ address: 'avery.partner@lwdb.example.org', authorized: false, reasons: expect.arrayContaining(['separated']) });

    // A token revoked with the CLI (a third process) is refused by both proxies on its next request.
    const revoked = await runDg(['token', 'revoke', '--name', 'lb-mirror', ...common]);
    expect(revoked.code, revoked.err).toBe(0);
    for (const p of [a, b]) expect((await check(p.url)).status).toBe(401);
    for (const p of [a, b]) {
      p.child.kill('SIGTERM');
      expect(await exited(p.child)).toBe(0);
    }
  }, 120_000);

  it('refuse to start, exit 2, on a database they cannot reach or a URL that is not PostgreSQL, never printing the password', async () => {
    const d = tempDir();
    const unreachable = await runDg(['serve', '--database-url', `postgres://dg:hunter2-secret@127.0.0.1:${cluster.port + 7}/dg`, '--secrets', join(d, 's'), '--port', '0']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toMatch(/cannot connect to postgres:\/\/dg:\*\*\*@127\.0\.0\.1:\d+\/dg/);
    expect(unreachable.err + unreachable.out).not.toContain('hunter2-secret');
    const wrong = await runDg(['serve', '--database-url', 'mysql://dg@127.0.0.1/dg', '--secrets', join(d, 's'), '--port', '0']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/databaseUrl: expected postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE/);
  });
});

describe('a database outage while a proxy runs', () => {
  it('fails /readyz and answers 503 without storing; once the database is back the same event is stored once', async () => {
    const own = await startPostgres({ fsync: false });
    try {
      const d = tempDir();
      const url = await own.createDatabase();
      const common = ['--database-url', url, '--secrets', join(d, 'secrets'), '--db', join(d, 'unused.db')];
      const token = await seedRegistry(d, common, 'outage');
      const p = await startServing(['serve', ...common], children);
      expect((await fetch(`${p.url}/readyz`)).status).toBe(200);
      expect(await send(p.url, token, 'evt-before-outage')).toBe(201);

      own.pause();
      const ready = await fetch(`${p.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { database: 'unreachable' } });
      const during = await fetch(`${p.url}/api/v1/disclosures`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(reportedDisclosure({ id: 'evt-during-outage' })),
      });
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('5');
      expect(await during.json()).toMatchObject({ error: { code: 'database_unavailable' } });
      // The proxy's log line comes through its stdout pipe, after the answer may have arrived.
      await until(() => /"msg":"database unavailable"/.test(p.out()) || undefined, 10_000, 'the log line');

      own.resume();
      let back = 0;
      for (let i = 0; i < 50 && back !== 200; i++) {
        back = (await fetch(`${p.url}/readyz`)).status;
        if (back !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(back).toBe(200);
      expect(await send(p.url, token, 'evt-during-outage')).toBe(201);
      expect(await send(p.url, token, 'evt-during-outage')).toBe(200);
      p.child.kill('SIGTERM');
      expect(await exited(p.child)).toBe(0);
      const verified = await runDg(['verify-log', ...common]);
      expect(verified.code, verified.err).toBe(0);
    } finally {
      await own.stop();
    }
  }, 120_000);
});

const CONSOLE_PASSWORD = 'correct horse battery staple';

/** A console session on a proxy over HTTP: signed in, with its CSRF token. */
async function consoleOn(base: string, email: string) {
  const cookiesOf = (res: Response) => (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]!).join('; ');
  const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const page = await fetch(`${base}/console/login`);
  const login = await fetch(`${base}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfIn(await page.text()), email, password: CONSOLE_PASSWORD }),
  });
  expect(login.status).toBe(303);
  const cookie = cookiesOf(login).split('; ').filter((c) => c.startsWith('dg_session=')).join('; ');
  const csrf = csrfIn(await (await fetch(`${base}/console/registry`, { headers: { cookie } })).text());
  expect(csrf).not.toBe('');
  return {
    post: (path: string, fields: Record<string, string>) =>
      fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...fields }) }),
  };
}
