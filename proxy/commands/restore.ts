/** `restore --from FILE [--force]`: a checked backup put in place of the database (stop the proxies first). */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreSqlite } from '../operations/backup';
import { isPgDump, restorePostgres } from '../operations/backup-postgres';
import type { Io } from './io';
import { storeSettings, UsageError } from '../operations/settings';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function restoreCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: parseOptions(COMMAND_SPECS.restore.flags), strict: true });
  const from = values.from;
  if (!from) throw new UsageError('say which backup to restore: restore --from FILE');
  const settings = storeSettings(values);
  if (!existsSync(from)) throw new UsageError(`no backup at ${from}`);
  if (isPgDump(from) !== Boolean(settings.databaseUrl)) {
    throw new UsageError(
      settings.databaseUrl ? `${from} is not a PostgreSQL dump (restore a SQLite backup with --db FILE)` : `${from} is a PostgreSQL dump: give --database-url (or DATABASE_URL) to restore it`,
    );
  }
  const result = settings.databaseUrl ? await restorePostgres(from, settings.databaseUrl, values.force === true) : await restoreSqlite(from, settings.db, values.force === true);
  io.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}
