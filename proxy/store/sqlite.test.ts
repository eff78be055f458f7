import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ephemeralKeys } from '../audit/keys';
import { MIGRATIONS } from './migrations';
import { openSqliteStore } from './sqlite';
import { storeContract } from './store.contract';

storeContract('SQLite file', {
  async create(keys, checkpointEvery) {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-store-')), 'dg.db');
    return {
      store: openSqliteStore(file, { keys, checkpointEvery }),
      reopen: async () => openSqliteStore(file, { keys, checkpointEvery }),
    };
  },
});

describe('SQLite specifics', () => {
  it('runs WAL with synchronous FULL, and applies each migration once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-store-')), 'dg.db');
    const s = openSqliteStore(file, { keys: ephemeralKeys() });
    expect(s.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await s.close();
    const again = openSqliteStore(file, { keys: ephemeralKeys() });
    await again.close();
    const raw = new Database(file, { readonly: true });
    const versions = raw.prepare('SELECT version FROM schema_migrations').all();
    raw.close();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });
});

describe('two writers on one file', () => {
  // Found by hand: `token create` while the proxy ran made the proxy's next write fail with a
  // duplicate sequence number, and every write after it.
  it('a CLI writing while the proxy runs keeps one gapless chain, and both keep working', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-store-')), 'dg.db');
    const keys = ephemeralKeys();
    const proxy = openSqliteStore(file, { keys });
    const cli = openSqliteStore(file, { keys });
    await proxy.write([{ op: 'append', kind: 'test', at: '2026-11-21T00:00:00Z', data: { by: 'proxy' } }]);
    await cli.addDevice('front-desk', 'b'.repeat(64), '2026-11-21T00:00:01Z', 'casey.staff@jobs.example.gov');
    await proxy.write([{ op: 'append', kind: 'test', at: '2026-11-21T00:00:02Z', data: { by: 'proxy' } }]);
    await cli.write([{ op: 'append', kind: 'test', at: '2026-11-21T00:00:03Z', data: { by: 'cli' } }]);
    const seqs: number[] = [];
    for await (const e of proxy.entries()) seqs.push(e.seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
    const { verifyLog } = await import('../audit/verify');
    expect((await verifyLog(proxy, keys)).ok).toBe(true);
    await cli.close();
    await proxy.close();
  });
});

describe('two stores on one file in one process', () => {
  it('a write of one while the other is inside a transaction waits for it instead of blocking the thread', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-store-')), 'dg.db');
    const keys = ephemeralKeys();
    const a = openSqliteStore(file, { keys });
    const b = openSqliteStore(file, { keys });
    const at = '2026-11-21T00:00:00Z';
    let inside!: () => void;
    const opened = new Promise<void>((r) => (inside = r));
    // a's transaction is open across an await; b counts a sign-in meanwhile.
    const first = a.transact(async (_q, chain) => {
      await chain.append('test', at, { n: 1 });
      inside();
      await new Promise((r) => setTimeout(r, 20));
      await chain.append('test', at, { n: 2 });
    });
    await opened;
    // Run at once on its own connection, b's write would wait out busy_timeout on this very thread
    // (a could never commit) and fail with SQLITE_BUSY.
    const attempt = await b.countSignInAttempt('k', at, 5, '2026-11-21T00:15:00Z');
    await first;
    expect(attempt.failures).toBe(1);
    expect((await a.logState()).seq).toBe(2);
    await b.close();
    await a.close();
  });
});
