/** `backup --out FILE`: an online copy of the database (SQLite's backup API, or pg_dump with a database URL). */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { backupSqlite } from '../operations/backup';
import { backupPostgres } from '../operations/backup-postgres';
import type { Io } from './io';
import { storeSettings, UsageError } from '../operations/settings';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function backupCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: parseOptions(COMMAND_SPECS.backup.flags), strict: true });
  const out = values.out;
  if (!out) throw new UsageError('say where the copy goes: backup --out FILE');
  const settings = storeSettings(values);
  if (existsSync(out)) throw new UsageError(`${out} already exists; a backup never overwrites a file`);
  if (settings.databaseUrl) {
    mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
    io.stdout.write(JSON.stringify(backupPostgres(settings.databaseUrl, out)) + '\n');
    return 0;
  }
  io.stdout.write(JSON.stringify(await backupSqlite(settings.db, out)) + '\n');
  return 0;
}
