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
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    await s.close();
    const again = openSqliteStore(file, { keys: ephemeralKeys() });
    await again.close();
    const raw = new Database(file, { readonly: true });
    const versions = raw.prepare('SELECT version FROM schema_migrations').all();
    raw.close();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });
});
