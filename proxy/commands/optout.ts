/** `optout import`: job seekers who opted out of data sharing. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Io } from './io';
import { ImportError } from '../registry/import';
import { importOptOuts } from '../registry/opt-out';
import { UsageError } from '../operations/settings';
import { ACTOR, withStore } from './with-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

/** `optout import FILE.csv`: job seekers who opted out of data sharing, kept as fingerprints only. */
export async function optOutCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: parseOptions(COMMAND_SPECS.optout.flags), allowPositionals: true, strict: true });
  if (sub !== 'import' || positionals.length !== 1) throw new UsageError('optout import FILE.csv (one SSN per row, a header row "ssn")');
  const text = await readFile(positionals[0]!, 'utf8');
  return withStore(values, async (o) => {
    try {
      const r = await importOptOuts(o, text, ACTOR);
      io.stdout.write(`opted-out job seekers: ${r.added} added, ${r.already} already listed (kept as fingerprints only)\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      io.stderr.write(`${positionals[0]}: ${err.message}\n`);
      return 2;
    }
  });
}
