/**
 * Opens the store the settings name: PostgreSQL when a database URL is given (DATABASE_URL or
 * --database-url), else the SQLite file. A database that cannot be opened is a UsageError (exit 2
 * at start) with a message that never carries the URL's password.
 */
import { UsageError } from '../operations/settings';
import { DatabaseUnavailable, openPostgresStore, safeDatabaseUrl, type PostgresOptions } from './postgres';
import { openSqliteStore, type SqliteOptions } from './sqlite';
import type { Store } from './types';

export interface StoreLocation {
  db: string;
  databaseUrl?: string | undefined;
}

/** The database as it may be shown in messages and logs. */
export function describeLocation(s: StoreLocation): string {
  return s.databaseUrl ? safeDatabaseUrl(s.databaseUrl) : s.db;
}

export async function openStore(s: StoreLocation, options: SqliteOptions & PostgresOptions): Promise<Store> {
  const how = options.readonly ? ' read-only' : '';
  if (s.databaseUrl) {
    try {
      return await openPostgresStore(s.databaseUrl, options);
    } catch (err) {
      if (err instanceof DatabaseUnavailable) throw new UsageError(err.message);
      throw new UsageError(`cannot open ${safeDatabaseUrl(s.databaseUrl)}${how}: ${(err as Error).message}`);
    }
  }
  try {
    return openSqliteStore(s.db, options);
  } catch (err) {
    throw new UsageError(`cannot open ${s.db}${how}: ${(err as Error).message}`);
  }
}
