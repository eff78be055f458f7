/**
 * Backup and restore of the SQLite file (`backup` and `restore` commands): the database copied with SQLite's
 * online backup (consistent while the proxy keeps writing), checked, and written 0600 under a
 * temporary name first, so a cut-off copy never takes the real name. Restore refuses a file that
 * is not a Disclosure Guard database or fails its integrity check, and never replaces an existing
 * database unless told to (stop the proxy first). The secrets (fingerprint and signing keys) are
 * not in the database: keep them separately (docs/operators.md, "Backups"). With a database URL the same
 * commands use pg_dump and pg_restore (backup-postgres.ts).
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './settings';

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

/** An online copy of the live database into OUT (0600, under a temporary name until checked). */
export async function backupSqlite(db: string, out: string): Promise<{ out: string; bytes: number; seq: number }> {
  if (!existsSync(db)) throw new UsageError(`no database at ${db}`);
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(db, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new UsageError(`the backup of ${db} failed: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  chmodSync(partial, 0o600);
  const seq = check(partial);
  renameSync(partial, out);
  return { out, bytes: statSync(out).size, seq };
}

/** A checked backup put in place of DB (an existing one only with force). */
export async function restoreSqlite(from: string, db: string, force: boolean): Promise<{ restored: string; from: string; seq: number }> {
  const seq = check(from);
  if (existsSync(db) && !force) throw new UsageError(`${db} already exists; stop the proxy and add --force to replace it`);
  mkdirSync(dirname(db), { recursive: true, mode: 0o700 });
  const partial = `${db}.partial`;
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
  for (const suffix of ['-wal', '-shm']) rmSync(db + suffix, { force: true });
  renameSync(partial, db);
  return { restored: db, from, seq };
}
