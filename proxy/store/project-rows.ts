/**
 * Writes the rows a log entry implies (audit/project.ts) into the console's tables: the same
 * projection verify-log rebuilds them with, so a column the writer forgets is a column verify-log
 * forgets too, never a false alarm of tampering.
 */
import type { DerivedTable, RowChange } from '../audit/project';
import type { Param, Queries } from './driver';

/** The column a table's rows are found by when an entry changes one. */
const KEY_COLUMN: Record<Exclude<DerivedTable, 'fingerprints'>, string> = { disclosures: 'client_event_id', reviews: 'id', incidents: 'id' };

/** Inserts the rows the entry adds and sets the columns it changes in rows an earlier entry added. */
export async function writeProjected(q: Queries, changes: readonly RowChange[]): Promise<void> {
  for (const change of changes) {
    if ('insert' in change) {
      const columns = Object.keys(change.insert);
      await q.run(`INSERT INTO ${change.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => change.insert[c] as Param));
      continue;
    }
    if (change.table === 'fingerprints') throw new Error('fingerprint rows are never changed');
    const columns = Object.keys(change.update);
    await q.run(`UPDATE ${change.table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${KEY_COLUMN[change.table]} = ?`, [...columns.map((c) => change.update[c] as Param), change.key]);
  }
}
