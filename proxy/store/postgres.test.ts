import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ephemeralKeys } from '../audit/keys';
import { AuditLog } from '../audit/log';
import { startPostgres, type Cluster } from '../../test/helpers/postgres';
import { POSTGRES_MIGRATIONS } from './migrations';
import { DatabaseUnavailable, openPostgresStore } from './postgres';
import { storeContract } from './store.contract';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startPostgres({ fsync: false });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

storeContract('PostgreSQL', {
  async create(keys, checkpointEvery) {
    const url = await cluster.createDatabase();
    return {
      store: await openPostgresStore(url, { keys, checkpointEvery }),
      reopen: () => openPostgresStore(url, { keys, checkpointEvery }),
    };
  },
});

// A serving proxy's store: registry and device tokens read from memory, kept exact by LISTEN/NOTIFY.
storeContract('PostgreSQL, registry in memory', {
  async create(keys, checkpointEvery) {
    const url = await cluster.createDatabase();
    return {
      store: await openPostgresStore(url, { keys, checkpointEvery, mirrorRegistry: true }),
      reopen: () => openPostgresStore(url, { keys, checkpointEvery, mirrorRegistry: true }),
    };
  },
});

describe('PostgreSQL specifics', () => {
  it('applies its migration once, even when two proxies start on an empty database together', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all([openPostgresStore(url, { keys: ephemeralKeys() }), openPostgresStore(url, { keys: ephemeralKeys() })]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const versions = (await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    await c.end();
    expect(versions).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('keeps one gapless chain when many writers on several connections append at once', async () => {
    const url = await cluster.createDatabase();
    const keys = ephemeralKeys();
    const a = await openPostgresStore(url, { keys, checkpointEvery: 7 });
    const b = await openPostgresStore(url, { keys, checkpointEvery: 7 });
    const at = '2026-11-21T00:00:00.000Z';
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).write([{ op: 'append', kind: 'test', at, data: { i } }])),
    );
    const seqs: number[] = [];
    for await (const e of a.entries()) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await a.checkpoints()).map((cp) => cp.seq)).toEqual([7, 14, 21, 28, 35]);
    const { verifyLog } = await import('../audit/verify');
    expect((await verifyLog(b, keys)).ok).toBe(true);
    await a.close();
    await b.close();
  });

  // Found by benchmark: on PostgreSQL every disclosure committed alone (a batch of 1.1 on average),
  // because a new flush began while the last one was still waiting for its commit.
  it('group commit: events submitted while a commit is in flight go together in the next one', async () => {
    const url = await cluster.createDatabase();
    const s = await openPostgresStore(url, { keys: ephemeralKeys() });
    const batches: number[] = [];
    const write = s.write;
    s.write = (ops) => {
      batches.push(ops.length);
      return write(ops);
    };
    const log = new AuditLog(s);
    const at = '2026-11-21T00:00:00.000Z';
    // One event per turn of the event loop, as requests arrive.
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < 100; i++) {
      pending.push(log.append('client.policy_error', { n: i }, at));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(pending);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100);
    // One transaction at a time, each taking what arrived meanwhile.
    expect(batches.length).toBeLessThan(50);
    expect((await s.logState()).seq).toBe(100);
    await s.close();
  });

  it('refuses to change or remove a log entry, or to empty the log', async () => {
    const url = await cluster.createDatabase();
    const s = await openPostgresStore(url, { keys: ephemeralKeys() });
    await s.write([{ op: 'append', kind: 'test', at: '2026-11-21T00:00:00.000Z', data: {} }]);
    for (const sql of ["UPDATE log_entries SET kind = 'x'", 'DELETE FROM log_entries', 'TRUNCATE log_entries']) {
      await expect(s.pool.query(sql)).rejects.toThrow(/append-only/);
    }
    await s.close();
  });

  it('says clearly when the database cannot be reached or the URL is wrong, without the password', async () => {
    const closed = `postgres://dg:secret-pw@127.0.0.1:${cluster.port + 1}/postgres`;
    await expect(openPostgresStore(closed, {})).rejects.toThrow(DatabaseUnavailable);
    await expect(openPostgresStore(closed, {})).rejects.not.toThrow(/secret-pw/);
    await expect(openPostgresStore(cluster.url().replace('dg-test-password', 'wrong'), {})).rejects.toThrow(/password authentication failed/);
    await expect(openPostgresStore('mysql://x@127.0.0.1/db', {})).rejects.toThrow(/must start with postgres:\/\//);
  });

  it('a read-only store reads the log and can write nothing', async () => {
    const url = await cluster.createDatabase();
    const s = await openPostgresStore(url, { keys: ephemeralKeys() });
    await s.write([{ op: 'append', kind: 'test', at: '2026-11-21T00:00:00.000Z', data: {} }]);
    await s.close();
    const ro = await openPostgresStore(url, { readonly: true });
    expect((await ro.logState()).seq).toBe(1);
    await expect(ro.pool.query("INSERT INTO log_meta (key, value) VALUES ('x', 'y')")).rejects.toThrow(/read-only/);
    await expect(ro.write([{ op: 'append', kind: 'test', at: '2026-11-21T00:00:00.000Z', data: {} }])).rejects.toThrow();
    await ro.close();
  });
});
