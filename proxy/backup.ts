/**
 * `disclosure-guard backup --out FILE` and `restore --from FILE`: the database copied with SQLite's
 * online backup (consistent while the proxy keeps writing), checked, and written 0600 under a
 * temporary name first, so a cut-off copy never takes the real name. Restore refuses a file that
 * is not a Disclosure Guard database or fails its integrity check, and never replaces an existing
 * database unless told to (stop the proxy first). The secrets (fingerprint and signing keys) are
 * not in the database: keep them separately (README, "Operations"). With a database URL the same
 * commands use pg_dump and pg_restore (backup-postgres.ts).
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { backupPostgres, isPgDump, restorePostgres } from './backup-postgres';
import type { Io } from './cli';
import { STORE_OPTIONS, storeSettings, UsageError } from './settings';

/** Opens a copy read-only and says what is wrong with it, or returns its newest seq. */
function check(file: string): number {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new UsageError(`${file} cannot be opened as a database: ${(err as Error).message}`);
  }
  try {
    let ok: unknown;
    try {
      ok = db.pragma('integrity_check', { simple: true });
    } catch (err) {
      throw new UsageError(`${file} is not a SQLite database (${(err as Error).message})`);
    }
    if (ok !== 'ok') throw new UsageError(`${file} fails SQLite's integrity check: ${String(ok)}`);
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'log_entries'").get();
    if (!table) throw new UsageError(`${file} is not a Disclosure Guard database (it has no disclosure log)`);
    const row = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM log_entries').get() as { seq: number };
    return row.seq;
  } finally {
    db.close();
  }
}

export async function backupCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { ...STORE_OPTIONS, out: { type: 'string' } }, strict: true });
  const out = values.out;
  if (!out) throw new UsageError('say where the copy goes: backup --out FILE');
  const settings = storeSettings(values);
  if (existsSync(out)) throw new UsageError(`${out} already exists; a backup never overwrites a file`);
  if (settings.databaseUrl) {
    mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
    io.stdout.write(JSON.stringify(backupPostgres(settings.databaseUrl, out)) + '\n');
    return 0;
  }
  if (!existsSync(settings.db)) throw new UsageError(`no database at ${settings.db}`);
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(settings.db, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new UsageError(`the backup of ${settings.db} failed: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  chmodSync(partial, 0o600);
  const seq = check(partial);
  renameSync(partial, out);
  io.stdout.write(JSON.stringify({ out, bytes: statSync(out).size, seq }) + '\n');
  return 0;
}

export async function restoreCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { ...STORE_OPTIONS, from: { type: 'string' }, force: { type: 'boolean', default: false } }, strict: true });
  const from = values.from;
  if (!from) throw new UsageError('say which backup to restore: restore --from FILE');
  const settings = storeSettings(values);
  if (!existsSync(from)) throw new UsageError(`no backup at ${from}`);
  if (isPgDump(from) !== Boolean(settings.databaseUrl)) {
    throw new UsageError(
      settings.databaseUrl ? `${from} is not a PostgreSQL dump (restore a SQLite backup with --db FILE)` : `${from} is a PostgreSQL dump: give --database-url (or DATABASE_URL) to restore it`,
    );
  }
  if (settings.databaseUrl) {
    io.stdout.write(JSON.stringify(await restorePostgres(from, settings.databaseUrl, values.force === true)) + '\n');
    return 0;
  }
  const seq = check(from);
  if (existsSync(settings.db) && !values.force) {
    throw new UsageError(`${settings.db} already exists; stop the proxy and add --force to replace it`);
  }
  mkdirSync(dirname(settings.db), { recursive: true, mode: 0o700 });
  const partial = `${settings.db}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } finally {
    source.close();
  }
  chmodSync(partial, 0o600);
  check(partial);
  // The replaced database's WAL and shared memory belong to it, not to the copy.
  for (const suffix of ['-wal', '-shm']) rmSync(settings.db + suffix, { force: true });
  renameSync(partial, settings.db);
  io.stdout.write(JSON.stringify({ restored: settings.db, from, seq }) + '\n');
  return 0;
}
