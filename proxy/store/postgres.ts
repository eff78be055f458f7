/**
 * The PostgreSQL store (pg), for several proxies behind a load balancer on one database. Every write
 * transaction takes one transaction-scoped advisory lock before it reads the chain's state, so the
 * chain stays strictly sequential across every instance: a proxy that dies mid-transaction loses
 * the lock with its connection, and its uncommitted entries with it. Everything above the driver is
 * the SQLite store's code.
 */
import pg from 'pg';
import type { Dialect, Driver, Param, Queries, QueryOptions, TxOptions } from './driver';
import { numberedPlaceholders } from './driver';
import { POSTGRES_MIGRATIONS } from './migrations';
import * as devices from './devices';
import * as registry from './registry';
import { awaitMirrors, MIRROR_WAIT_MS, RegistryMirror } from './registry-mirror';
import { SqlStore, type StoreOptions } from './sql-store';
import type { RegistryChanges } from './types';

/** pg_advisory_xact_lock key of the chain ("DG" and 1): held by every write transaction. */
const CHAIN_LOCK = 0x4447_0001;
/** pg_advisory_lock key held while migrations run (two proxies starting at once). */
const MIGRATION_LOCK = 0x4447_0002;

const POSTGRES: Dialect = {
  name: 'postgres',
  dataText: (col, key) => `(${col}::jsonb -> 'data' ->> '${key}')`,
  hasType: (col) => `(${col}::jsonb -> 'data' -> 'types' -> CAST(? AS TEXT)) IS NOT NULL`,
  recipientLike: (col) =>
    `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(${col}::jsonb -> 'data' -> 'recipients', '[]'::jsonb)) r WHERE lower(r.value ->> 'address') LIKE ?)`,
};

/** BIGINT columns (seq, ids, counts) come back as numbers, as they do from SQLite. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PostgresOptions extends StoreOptions {
  /** Every transaction read-only (verify-log, export-log): nothing can be written. */
  readonly?: boolean;
  /** Connections kept by this process (default 10). */
  poolSize?: number;
  /**
   * Keep the registry and the device tokens in memory, exact through LISTEN/NOTIFY
   * (registry-mirror.ts): what a serving proxy does, so that a recipient check reads no table.
   */
  mirrorRegistry?: boolean;
}

/** What went wrong, said without the password a connection string may carry. */
export class DatabaseUnavailable extends Error {}

type Statement = { text: string; name?: string };

class PostgresDriver implements Driver {
  readonly dialect = POSTGRES;
  private readonly statements = new Map<string, Statement>();

  constructor(readonly pool: pg.Pool) {}

  async all<R>(sql: string, params: readonly Param[] = [], options: QueryOptions = {}): Promise<R[]> {
    return (await this.pool.query({ ...this.statement(sql, options), values: params as Param[] })).rows as R[];
  }

  async get<R>(sql: string, params: readonly Param[] = []): Promise<R | undefined> {
    return (await this.all<R>(sql, params))[0];
  }

  async run(sql: string, params: readonly Param[] = [], options: QueryOptions = {}): Promise<number> {
    return (await this.pool.query({ ...this.statement(sql, options), values: params as Param[] })).rowCount ?? 0;
  }

  async transaction<T>(fn: (q: Queries) => Promise<T>, options: TxOptions): Promise<T> {
    const client = await this.pool.connect();
    const query = (sql: string, params: readonly Param[], options: QueryOptions = {}) => client.query({ ...this.statement(sql, options), values: params as Param[] });
    const q: Queries = {
      all: async <R>(sql: string, params: readonly Param[] = [], options?: QueryOptions) => (await query(sql, params, options)).rows as R[],
      get: async <R>(sql: string, params: readonly Param[] = []) => (await query(sql, params)).rows[0] as R | undefined,
      run: async (sql, params = [], options?: QueryOptions) => (await query(sql, params, options)).rowCount ?? 0,
    };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Off: the commit returns before its WAL is flushed; a crash of the database may lose it.
      if (!options.durable) await client.query('SET LOCAL synchronous_commit = off');
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const result = await fn(q);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * The statement with numbered placeholders. The store's fixed statements are named, so that
   * each connection parses and plans them once; ad-hoc SQL (a search's filters) runs unnamed.
   */
  private statement(sql: string, options: QueryOptions = {}): Statement {
    if (options.adHoc) return { text: numberedPlaceholders(sql) };
    let s = this.statements.get(sql);
    if (!s) {
      s = { text: numberedPlaceholders(sql), name: `dg${this.statements.size}` };
      this.statements.set(sql, s);
    }
    return s;
  }
}

export class PostgresStore extends SqlStore {
  constructor(
    readonly pool: pg.Pool,
    options: PostgresOptions,
    private readonly mirror?: RegistryMirror,
  ) {
    super(new PostgresDriver(pool), options.readonly ? { ...options, keys: undefined } : options);
  }

  // Read from the mirror when it can vouch for being current, else from the database.
  override findRecipients = async (addresses: readonly string[]) => (await this.mirror?.findRecipients(addresses)) ?? registry.findRecipients(this, addresses);
  override getOrganizations = async (names: readonly string[]) => (await this.mirror?.getOrganizations(names)) ?? registry.getOrganizations(this, names);
  override findDeviceByTokenHash = async (tokenHash: string) => {
    const d = await this.mirror?.findDevice(tokenHash);
    return d === undefined ? devices.findDeviceByTokenHash(this, tokenHash) : (d ?? undefined);
  };

  // A change is answered once every running proxy holds it: the next check anywhere sees it.
  override applyRegistryChanges = async (changes: RegistryChanges, actor: string, at: string, reason?: string) => {
    await registry.applyRegistryChanges(this, changes, actor, at, reason);
    await this.mirrorsHold();
  };
  override addDevice = async (name: string, tokenHash: string, at: string, userEmail: string) => {
    const d = await devices.addDevice(this, name, tokenHash, at, userEmail);
    await this.mirrorsHold();
    return d;
  };
  override revokeDevices = async (which: { name?: string; userEmail?: string }, at: string) => {
    const n = await devices.revokeDevices(this, which, at);
    if (n > 0) await this.mirrorsHold();
    return n;
  };

  private async mirrorsHold(): Promise<void> {
    const silent = await awaitMirrors(this.pool);
    if (silent.length) {
      console.error(
        `${silent.length} proxy registry mirror(s) did not confirm a registry change within ${MIRROR_WAIT_MS / 1000} s (database process ${silent.join(', ')}); a mirror that cannot hear the database stops being used within seconds`,
      );
    }
  }

  override async close(): Promise<void> {
    await this.mirror?.close();
    await super.close();
  }
}

/** A connection string as it may be shown: without its password. */
export function safeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the DATABASE_URL';
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Connects (failing fast with DatabaseUnavailable when the database cannot be reached), applies the
 * migrations this program knows (under an advisory lock, so two proxies starting together apply
 * each once), and returns the store.
 */
export async function openPostgresStore(url: string, options: PostgresOptions): Promise<PostgresStore> {
  if (!isPostgresUrl(url)) throw new DatabaseUnavailable(`DATABASE_URL must start with postgres:// or postgresql:// (got ${safeDatabaseUrl(url)})`);
  try {
    new URL(url);
  } catch {
    throw new DatabaseUnavailable('DATABASE_URL is not a valid URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)');
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    application_name: 'disclosure-guard',
    types,
    ...(options.readonly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection that breaks (the database restarted) is replaced on next use; without a
  // listener, its error would end the process.
  pool.on('error', () => undefined);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailable(`cannot connect to ${safeDatabaseUrl(url)}: ${(err as Error).message || (err as { code?: string }).code || 'no answer'}`);
  }
  try {
    if (options.readonly) await checkVersion(client);
    else await migrate(client);
  } catch (err) {
    client.release();
    await pool.end().catch(() => undefined);
    throw err;
  }
  client.release();
  let mirror: RegistryMirror | undefined;
  if (options.mirrorRegistry && !options.readonly) {
    mirror = new RegistryMirror({ connectionString: url, connectionTimeoutMillis: 5000, types });
    // Not yet loaded (a failure here is retried): checks read the database meanwhile.
    await mirror.start().catch(() => undefined);
  }
  return new PostgresStore(pool, options, mirror);
}

async function checkVersion(client: pg.PoolClient): Promise<void> {
  const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
  const table = await client.query("SELECT to_regclass('schema_migrations') AS t");
  const version = table.rows[0].t ? Number((await client.query('SELECT MAX(version) AS v FROM schema_migrations')).rows[0].v ?? 0) : 0;
  if (version !== latest) {
    throw new DatabaseUnavailable(`the database is at schema version ${version}, this program reads ${latest}: start the proxy of the same version on it first`);
  }
}

async function migrate(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version;
    if (newest > latest) throw new DatabaseUnavailable(`the database is at schema version ${newest}, newer than this program (${latest}): run the newer proxy`);
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
