/** `export-log`: the disclosure log as JSON lines or CSV, once or following the live log. */
import { parseArgs } from 'node:util';
import type { Io } from './io';
import { csvLine } from '../registry/csv';
import { storeSettings, UsageError } from '../operations/settings';
import { openStore } from '../store/open-store';
import type { Store } from '../store/types';
import { withStore } from './with-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';
import { entryData } from '../audit/kinds';

export async function exportLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: parseOptions(COMMAND_SPECS['export-log'].flags), strict: true });
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  let fromSeq = 1;
  let fromTime: string | undefined;
  if (values.since !== undefined) {
    if (/^\d+$/.test(values.since)) fromSeq = Number(values.since);
    else if (!Number.isNaN(Date.parse(values.since))) fromTime = new Date(values.since).toISOString();
    else throw new UsageError(`--since must be a sequence number or a date, not "${values.since}"`);
  }
  const print = async (store: Store, from: number): Promise<number> => {
    let last = from - 1;
    for await (const e of store.entries(from)) {
      last = e.seq;
      if (fromTime && e.at < fromTime) continue;
      const data = entryData(e);
      const line =
        format === 'jsonl'
          ? JSON.stringify({ seq: e.seq, at: e.at, kind: e.kind, leaf: e.leaf, head: e.head, data }) + '\n'
          : csvLine([String(e.seq), e.at, e.kind, e.leaf, e.head, JSON.stringify(data)]);
      if (!io.stdout.write(line)) await new Promise((r) => io.stdout.once('drain', r));
    }
    return last + 1;
  };
  if (!values.follow) {
    return withStore(values, async (o) => {
      if (format === 'csv') io.stdout.write(csvLine(['seq', 'at', 'kind', 'leaf', 'head', 'data']));
      await print(o.store, fromSeq);
      return 0;
    });
  }
  // --follow: a reader beside the running proxy (read-only, it never signs), printing each new
  // entry within a second, until SIGINT or SIGTERM.
  const settings = storeSettings(values);
  const store: Store = await openStore(settings, { readonly: true, follow: true });
  let stop = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    stop = true;
    wake?.();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (format === 'csv') io.stdout.write(csvLine(['seq', 'at', 'kind', 'leaf', 'head', 'data']));
    let next = fromSeq;
    while (!stop) {
      next = await print(store, next);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 1000);
      });
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}
