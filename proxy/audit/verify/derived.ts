/**
 * The console's tables, rebuilt from the chain entries (each kind's rows from its projection) and
 * compared row by row with what the store holds: a row added, edited or deleted outside the proxy
 * is named with the entry it should match.
 */
import type { Store, StoredEntry } from '../../store/types';
import { entryData } from '../kinds';
import type { Problem } from './entries';
import { projectEntry } from '../project';
import type { Row } from '../project';

/** What the console's tables must hold, rebuilt from the chain entries. */
export class Derived {
  private readonly expected = new Map<string, { seq: number; row: Row }>();

  add(e: StoredEntry): void {
    for (const change of projectEntry(e.kind, e.seq, e.at, entryData(e))) {
      const key = `${change.table}:${change.key}`;
      if ('insert' in change) {
        this.expected.set(key, { seq: e.seq, row: change.insert });
        continue;
      }
      // A change to a row no earlier entry added changes nothing.
      const r = this.expected.get(key);
      if (r) Object.assign(r.row, change.update);
    }
  }

  async compare(store: Store): Promise<{ rows: number; firstBad?: Problem }> {
    const seen = new Set<string>();
    let rows = 0;
    let first: Problem | undefined;
    const note = (seq: number, reason: string) => {
      if (!first || seq < first.seq) first = { seq, reason };
    };
    for await (const d of store.derivedRows()) {
      rows++;
      const key = `${d.table}:${d.key}`;
      seen.add(key);
      const want = this.expected.get(key);
      const rowSeq = Number(d.row.seq);
      if (!want) {
        note(Number.isFinite(rowSeq) ? rowSeq : 0, `${d.table} row ${d.key} has no entry in the log (added outside the proxy)`);
        continue;
      }
      for (const [col, value] of Object.entries(want.row)) {
        if (String(d.row[col] ?? null) !== String(value ?? null)) {
          note(want.seq, `${d.table} row ${d.key} differs from entry ${want.seq} in ${col} (edited outside the proxy)`);
          break;
        }
      }
    }
    for (const [key, want] of this.expected) {
      if (!seen.has(key)) note(want.seq, `${key.replace(':', ' row ')} of entry ${want.seq} is missing (deleted outside the proxy)`);
    }
    return { rows, firstBad: first };
  }
}
