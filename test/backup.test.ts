/** backup and restore: an online copy taken while events arrive, restored, and verified. */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDg } from './helpers/cli';
import { checkedDisclosure, disclosure, testProxy } from './helpers/proxy';
import type { TestProxy } from './helpers/proxy';
import { startPostgres, type Cluster } from './helpers/postgres';

let p: TestProxy | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await p?.close();
  p = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});


function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'dg-backup-'));
  dirs.push(d);
  return d;
}

describe('backup and restore', () => {
  it('copies the database while disclosures keep arriving; the restored copy verifies', async () => {
    p = await testProxy();
    const d = temp();
    const pub = join(d, 'public.pem');
    writeFileSync(pub, p.opened.keys.publicKeyPem);
    for (let i = 0; i < 20; i++) await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: `evt-backup-a${i}` }));
    // Writers keep going while the backup runs.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 500; i++) await p!.call('POST', '/api/v1/disclosures', await checkedDisclosure(p!, { id: `evt-backup-b${i}` }));
    })();
    const out = join(d, 'copies', 'dg-backup.db');
    const b = await runDg(['backup', '--db', p.db, '--out', out]);
    writing = false;
    await writer;
    expect(b.code).toBe(0);
    const made = JSON.parse(b.out);
    expect(made).toMatchObject({ out, seq: expect.any(Number) });
    expect(made.seq).toBeGreaterThanOrEqual(20);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(existsSync(`${out}.partial`)).toBe(false);

    const restored = join(d, 'restored', 'dg.db');
    const r = await runDg(['restore', '--from', out, '--db', restored]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ restored, from: out, seq: made.seq });
    const v = await runDg(['verify-log', '--db', restored, '--secrets', join(d, 'none'), '--public-key', pub]);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
  });

  it('never overwrites: an existing backup file, or a database without --force; a file that is not a backup is refused', async () => {
    p = await testProxy();
    const d = temp();
    const out = join(d, 'b.db');
    writeFileSync(out, 'x');
    const again = await runDg(['backup', '--db', p.db, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
    rmSync(out);
    expect((await runDg(['backup', '--db', p.db, '--out', out])).code).toBe(0);
    const over = await runDg(['restore', '--from', out, '--db', p.db]);
    expect(over.code).toBe(2);
    expect(over.err).toContain('add --force');
    const junk = join(d, 'junk.db');
    writeFileSync(junk, 'SQLite format 3\0 but not really'.repeat(40));
    const bad = await runDg(['restore', '--from', junk, '--db', join(d, 'new.db')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/junk\.db (is not a SQLite database|cannot be opened|fails)/);
    expect(existsSync(join(d, 'new.db'))).toBe(false);
    expect((await runDg(['backup', '--db', p.db])).err).toContain('backup --out FILE');
  });
});

describe('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startPostgres({ fsync: false });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('dumps while disclosures keep arriving; restored into a new database, the log verifies', async () => {
    const url = await cluster.createDatabase();
    p = await testProxy({ databaseUrl: url });
    const d = temp();
    const pub = join(d, 'public.pem');
    writeFileSync(pub, p.opened.keys.publicKeyPem);
    for (let i = 0; i < 20; i++) await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: `evt-pgbackup-a${i}` }));
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 500; i++) await p!.call('POST', '/api/v1/disclosures', await checkedDisclosure(p!, { id: `evt-pgbackup-b${i}` }));
    })();
    const out = join(d, 'copies', 'dg.pgdump');
    const b = await runDg(['backup', '--database-url', url, '--out', out]);
    writing = false;
    await writer;
    expect(b.err).toBe('');
    expect(b.code).toBe(0);
    const made = JSON.parse(b.out);
    expect(made.seq).toBeGreaterThanOrEqual(20);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(existsSync(`${out}.partial`)).toBe(false);

    const target = await cluster.createDatabase();
    const r = await runDg(['restore', '--from', out, '--database-url', target]);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toMatchObject({ from: out, seq: made.seq });
    expect(r.out).not.toContain('dg-test-password');
    const v = await runDg(['verify-log', '--database-url', target, '--secrets', join(d, 'none'), '--public-key', pub]);
    expect(v.err).toBe('');
    expect(v.out).toMatch(new RegExp(`^${made.seq}/${made.seq} entries valid`));

    // A second restore onto it is refused without --force, and with --force replaces it.
    const again = await runDg(['restore', '--from', out, '--database-url', target]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds a Disclosure Guard database; stop the proxies and add --force/);
    expect((await runDg(['restore', '--from', out, '--database-url', target, '--force'])).code).toBe(0);
    expect((await runDg(['verify-log', '--database-url', target, '--secrets', join(d, 'none'), '--public-key', pub])).code).toBe(0);
  });

  it('refuses a SQLite backup given to PostgreSQL and a dump given to SQLite, and a file that is no dump', async () => {
    const d = temp();
    p = await testProxy();
    const sqliteCopy = join(d, 'sqlite.db');
    expect((await runDg(['backup', '--db', p.db, '--out', sqliteCopy])).code).toBe(0);
    const url = await cluster.createDatabase();
    const intoPg = await runDg(['restore', '--from', sqliteCopy, '--database-url', url]);
    expect(intoPg.code).toBe(2);
    expect(intoPg.err).toMatch(/is not a PostgreSQL dump/);
    const dump = join(d, 'x.pgdump');
    writeFileSync(dump, 'PGDMP but not really');
    const intoSqlite = await runDg(['restore', '--from', dump, '--db', join(d, 'r.db')]);
    expect(intoSqlite.code).toBe(2);
    expect(intoSqlite.err).toMatch(/is a PostgreSQL dump: give --database-url/);
    const broken = await runDg(['restore', '--from', dump, '--database-url', url]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/pg_restore failed/);
  });
});
