/**
 * Backup and restore when the store is PostgreSQL: `pg_dump --format=custom` (one consistent
 * snapshot while the proxies keep writing) into a 0600 file under a temporary name, checked with
 * `pg_restore --list`; restore with `pg_restore` in one transaction into an empty database, or in
 * place of the existing tables with --force. The dump's newest seq is read from its log_state.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { safeDatabaseUrl } from '../store/postgres';
import { UsageError } from './settings';

/** The first bytes of a pg_dump custom-format archive. */
export const PG_DUMP_MAGIC = 'PGDMP';

export function isPgDump(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === PG_DUMP_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** pg_dump and pg_restore: DG_PG_BIN, else Debian's newest PostgreSQL, else the PATH. */
function tool(name: 'pg_dump' | 'pg_restore'): string {
  if (process.env.DG_PG_BIN) return join(process.env.DG_PG_BIN, name);
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', name))) : [];
  if (versions.length) return join(base, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin', name);
  return name;
}

function run(name: 'pg_dump' | 'pg_restore', args: string[], url: string): { stdout: string } {
  const r = spawnSync(tool(name), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new UsageError(`${name} could not be run (${r.error.message}): install PostgreSQL's client programs or set DG_PG_BIN`);
  if (r.status !== 0) throw new UsageError(`${name} failed: ${(r.stderr || '').split(url).join(safeDatabaseUrl(url)).trim()}`);
  return { stdout: r.stdout };
}

/** The newest seq a dump holds (its log_state row), or a UsageError if it is not our dump. */
function dumpSeq(file: string): number {
  const list = run('pg_restore', ['--list', file], '').stdout;
  if (!/TABLE DATA public log_entries/.test(list)) throw new UsageError(`${file} is not a Disclosure Guard database dump (it has no disclosure log)`);
  const data = run('pg_restore', ['--data-only', '--table=log_state', '--file=-', file], '').stdout;
  const row = /COPY public\.log_state \(id, seq, head, frontier\) FROM stdin;\n1\t(\d+)\t/.exec(data);
  return row ? Number(row[1]) : 0;
}

export function backupPostgres(url: string, out: string): { out: string; bytes: number; seq: number } {
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${url}`], url);
    chmodSync(partial, 0o600);
    const seq = dumpSeq(partial);
    renameSync(partial, out);
    return { out, bytes: statSync(out).size, seq };
  } finally {
    rmSync(partial, { force: true });
  }
}

export async function restorePostgres(from: string, url: string, force: boolean): Promise<{ restored: string; from: string; seq: number }> {
  const seq = dumpSeq(from);
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch (err) {
    throw new UsageError(`cannot connect to ${safeDatabaseUrl(url)}: ${(err as Error).message}`);
  }
  let used: boolean;
  try {
    used = Boolean((await c.query("SELECT to_regclass('public.schema_migrations') AS t")).rows[0].t);
  } finally {
    await c.end();
  }
  if (used && !force) throw new UsageError(`${safeDatabaseUrl(url)} already holds a Disclosure Guard database; stop the proxies and add --force to replace it`);
  run('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', ...(used ? ['--clean', '--if-exists'] : []), `--dbname=${url}`, from], url);
  return { restored: safeDatabaseUrl(url), from, seq };
}
