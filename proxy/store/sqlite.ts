/**
 * The SQLite store (better-sqlite3): one file, WAL, synchronous=FULL so that an acknowledged write
 * survives a crash or power loss. better-sqlite3 is synchronous; the Store's promises resolve after
 * the statement (or the transaction) has completed.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dialect, Driver, Param, Queries, QueryOptions, TxOptions } from './driver';
import { Mutex } from './driver';
import { MIGRATIONS } from './migrations';
import { SqlStore, type StoreOptions } from './sql-store';

export interface SqliteOptions extends StoreOptions {
  /** Open the file read-only: no migration, no write, the file left byte-for-byte as it was. */
  readonly?: boolean;
  /** Read-only, reading the live file (and its WAL) as another process writes it: export-log --follow. */
  follow?: boolean;
}

/** The database, its WAL and shared-memory files: readable by the proxy's user only. */
export const DB_FILE_MODE = 0o600;
export const DB_DIR_MODE = 0o700;

const SQLITE: Dialect = {
  name: 'sqlite',
  dataText: (col, key) => `json_extract(${col}, '$.data.${key}')`,
  hasType: (col) => `json_extract(${col}, '$.data.types.' || ?) IS NOT NULL`,
  recipientLike: (col) =>
    `EXISTS (SELECT 1 FROM json_each(json_extract(${col}, '$.data.recipients')) r WHERE lower(json_extract(r.value, '$.address')) LIKE ?)`,
};

/**
 * One write queue per database file in this process, and how many transactions hold it: a second
 * connection's write would wait for the file's lock synchronously (busy_timeout), blocking the very
 * thread that must finish the first transaction.
 */
interface FileQueue {
  serial: Mutex;
  open: number;
}
const FILE_QUEUES = new Map<string, FileQueue>();

class SqliteDriver implements Driver {
  readonly dialect = SQLITE;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly queue: FileQueue;

  constructor(readonly raw: Database.Database) {
    const file = raw.memory ? '' : resolve(raw.name);
    const fresh = (): FileQueue => ({ serial: new Mutex(), open: 0 });
    this.queue = file ? (FILE_QUEUES.get(file) ?? FILE_QUEUES.set(file, fresh()).get(file)!) : fresh();
  }

  private get serial(): Mutex {
    return this.queue.serial;
  }

  async all<R>(sql: string, params: readonly Param[] = [], options: QueryOptions = {}): Promise<R[]> {
    const s = await this.outside(this.prepared(sql, options));
    return s.all(...params) as R[];
  }

  async get<R>(sql: string, params: readonly Param[] = []): Promise<R | undefined> {
    const s = await this.outside(this.statement(sql));
    return s.get(...params) as R | undefined;
  }

  async run(sql: string, params: readonly Param[] = [], options: QueryOptions = {}): Promise<number> {
    const s = await this.outside(this.prepared(sql, options));
    return s.run(...params).changes;
  }

  /**
   * A statement outside a transaction: one that writes (an INSERT … RETURNING read with get too)
   * waits for the file's open transactions, so it is never folded into one nor blocks the thread.
   */
  private async outside(s: Database.Statement): Promise<Database.Statement> {
    if (!s.readonly && this.queue.open > 0) await this.serial.run(async () => undefined);
    return s;
  }

  transaction<T>(fn: (q: Queries) => Promise<T>, options: TxOptions): Promise<T> {
    return this.serial.run(async () => {
      const inside: Queries = {
        all: async <R>(sql: string, params: readonly Param[] = [], o: QueryOptions = {}) => this.prepared(sql, o).all(...params) as R[],
        get: async <R>(sql: string, params: readonly Param[] = []) => this.statement(sql).get(...params) as R | undefined,
        run: async (sql, params = [], o = {}) => this.prepared(sql, o).run(...params).changes,
      };
      // WAL with synchronous=NORMAL still survives a process crash; only a power failure may lose it.
      if (!options.durable) this.raw.pragma('synchronous = NORMAL');
      const body = (async () => {
        this.raw.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(inside);
          this.raw.exec('COMMIT');
          return result;
        } catch (err) {
          if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
          throw err;
        }
      })();
      this.queue.open++;
      try {
        return await body;
      } finally {
        this.queue.open--;
        if (!options.durable) this.raw.pragma('synchronous = FULL');
      }
    });
  }

  async close(): Promise<void> {
    await this.serial.run(async () => undefined);
    if (this.raw.open) this.raw.close();
  }

  private prepared(sql: string, options: QueryOptions): Database.Statement {
    return options.adHoc ? this.raw.prepare(sql) : this.statement(sql);
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.raw.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** The SQLite store; `sqlite` is the better-sqlite3 handle (backups, tests). */
export class SqliteStore extends SqlStore {
  constructor(
    readonly sqlite: Database.Database,
    options: SqliteOptions,
  ) {
    if (options.readonly) {
      sqlite.pragma('busy_timeout = 5000');
      const version = sqlite.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
      const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
      if (version !== latest) throw new Error(`the database is at schema version ${version}, this program reads ${latest}: open it with the proxy of the same version first`);
    } else {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      migrate(sqlite);
    }
    super(new SqliteDriver(sqlite), options.readonly ? { ...options, keys: undefined } : options);
  }
}

export function openSqliteStore(path: string, options: SqliteOptions): SqliteStore {
  if (options.readonly) {
    if (path === ':memory:' || !existsSync(path)) throw new Error(`no database at ${path}`);
    // With no WAL beside it (a clean shutdown) the file is the whole database: read it into memory,
    // so that not even -wal and -shm files appear beside the evidence. (Bytes 18–19 of the header
    // say WAL; an in-memory copy must say rollback journal: SQLite file format §1.3.) With a WAL
    // (a running or crashed proxy) open the file read-only and read the WAL too.
    if (options.follow || existsSync(`${path}-wal`)) return new SqliteStore(new Database(path, { readonly: true, fileMustExist: true }), options);
    const image = readFileSync(path);
    if (image.length >= 100) image[18] = image[19] = 1;
    return new SqliteStore(new Database(image, { readonly: true }), options);
  }
  if (path !== ':memory:') {
    const dir = dirname(path);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DB_DIR_MODE });
    // SQLite gives the -wal and -shm files the mode of the database file, so create it 0600 first.
    if (!existsSync(path)) closeSync(openSync(path, 'a', DB_FILE_MODE));
    for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, DB_FILE_MODE);
  }
  return new SqliteStore(new Database(path), options);
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
  }
}
