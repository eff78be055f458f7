/**
 * What the store needs from a database: queries with `?` placeholders, and one kind of write
 * transaction, serialized against every other writer of the same database (in this process and in
 * any other). SQLite (better-sqlite3) and PostgreSQL (pg) each implement it; everything above it is
 * shared, so the two backends differ only here and in a few SQL fragments (`Dialect`).
 */

export type Param = string | number | null;

export interface QueryOptions {
  /** SQL built for this one call (a search's filters): not kept as a prepared statement. */
  adHoc?: boolean;
}

export interface Queries {
  all<R>(sql: string, params?: readonly Param[], options?: QueryOptions): Promise<R[]>;
  get<R>(sql: string, params?: readonly Param[]): Promise<R | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly Param[], options?: QueryOptions): Promise<number>;
}

/** The SQL that differs between the backends: JSON inside a log entry's body. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** An expression for the text at data.<key> of the entry body in column `col`. */
  dataText(col: string, key: string): string;
  /** A condition: data.types has the key given as the next parameter. */
  hasType(col: string): string;
  /** A condition: some data.recipients[].address, lowercased, is LIKE the next parameter. */
  recipientLike(col: string): string;
}

export interface TxOptions {
  /**
   * false: the commit may be lost in a power failure (never in a process crash): records such as a
   * batch of recipient checks, which are not worth an fsync each.
   */
  durable: boolean;
}

export interface Driver extends Queries {
  readonly dialect: Dialect;
  /**
   * Runs fn in one transaction that holds the database's single write lock from its first
   * statement to its commit: another transaction, here or in another process, waits for it. fn
   * must only use the Queries it is given.
   */
  transaction<T>(fn: (q: Queries) => Promise<T>, options: TxOptions): Promise<T>;
  close(): Promise<void>;
}

/** Runs tasks one at a time, in the order they were queued. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`; a `?` inside a quoted string is left alone. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

const UNAVAILABLE_CODES = /^(08|57P0[1-3]|53300|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|SQLITE_BUSY|SQLITE_FULL|SQLITE_IOERR|SQLITE_CANTOPEN)/;
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error|Cannot use a pool after calling end/i;

/**
 * The database could not be reached or could not take the write (PostgreSQL down or restarting,
 * the connection lost, SQLite locked or its disk full): nothing was stored, and trying again later
 * is the right answer (HTTP 503), unlike a bad request or a bug.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && UNAVAILABLE_CODES.test(e.code)) return true;
  return typeof e?.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
}

/** Rows per multi-row INSERT: well under both backends' limits on parameters per statement. */
const INSERT_CHUNK = 100;

/** Inserts rows with as few statements as it can (one per hundred rows). */
export async function insertRows(q: Queries, table: string, columns: readonly string[], rows: readonly (readonly Param[])[], suffix = ''): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    await q.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ${suffix}`, chunk.flat(), { adHoc: chunk.length !== INSERT_CHUNK && chunk.length !== 1 });
  }
}
