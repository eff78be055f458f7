/**
 * A real PostgreSQL (Debian's postgresql package) started by a test: its own cluster in a temp
 * folder, created with initdb and run with pg_ctl as the unprivileged `postgres` user when the test
 * runs as root, listening on 127.0.0.1 only, with password (SCRAM) authentication. Never a system
 * service; stopped and removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface Cluster {
  port: number;
  /** postgres://dg:…@127.0.0.1:PORT/NAME */
  url(database?: string): string;
  /** A new, empty database; its URL. */
  createDatabase(name?: string): Promise<string>;
  bin(tool: string): string;
  /** Stops the server (an outage) and starts it again on the same port and data. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export const PASSWORD = 'dg-test-password';

/** The directory of Debian's PostgreSQL programs (the newest installed major version). */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0]!, 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function asPostgres(cmd: string, args: string[]): { status: number | null; out: string } {
  const root = process.getuid?.() === 0;
  const r = root
    ? spawnSync('setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export async function startPostgres(o: { fsync?: boolean } = {}): Promise<Cluster> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'dg-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, PASSWORD + '\n');
  if (process.getuid?.() === 0) {
    spawnSync('chown', ['-R', 'postgres:postgres', dir]);
    chmodSync(dir, 0o700);
  }
  const init = asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'dg', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.out}`);
  const port = await freePort();
  const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", `-c fsync=${o.fsync === false ? 'off' : 'on'}`, '-c max_connections=60'];
  const startServer = () => {
    const start = asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', settings.join(' '), '-w', '-t', '60', 'start']);
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.out}`);
  };
  startServer();
  const url = (database = 'postgres') => `postgres://dg:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let made = 0;
  return {
    port,
    url,
    bin: (tool) => join(bin, tool),
    async createDatabase(name = `dg_${process.pid}_${++made}`) {
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    pause() {
      asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    resume: startServer,
    async stop() {
      asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
