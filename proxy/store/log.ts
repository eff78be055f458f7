/** The disclosure log: chain entries, disclosures (idempotent on their client event id), checkpoints. */
import { projectDisclosure, requestHashOf } from '../audit/project';
import { loadLogState, type StoreContext } from './chain';
import { insertRows, type Param } from './driver';
import { toDisclosure, type DisclosureDbRow } from './rows';
import type { Checkpoint, DerivedRow, DisclosureRow, LogState, StoredEntry, WriteOp, WriteResult } from './types';

const PAGE = 5000;
const DISCLOSURE_COLUMNS = ['client_event_id', 'seq', 'request_hash', 'device', 'sender', 'site', 'channel', 'decision', 'occurred_at', 'check_id'];
const FINGERPRINT_COLUMNS = ['fingerprint', 'seq'];
const ENTRY_COLUMNS = 'seq, kind, at, body, leaf, head, sig';

export async function write(c: StoreContext, ops: readonly WriteOp[]): Promise<WriteResult[]> {
  // A batch made only of records that may be lost in a power failure commits without an fsync.
  const durable = !(ops.length > 0 && ops.every((o) => o.op === 'append' && o.durable === false));
  return c.transact(async (q, chain): Promise<WriteResult[]> => {
    // The batch's events already stored, in one query; then every entry of the batch is staged and
    // written with a few multi-row INSERTs (one transaction, one commit for the whole batch).
    const known = new Map<string, { seq: number; requestHash: string; head: string }>();
    const ids = [...new Set(ops.flatMap((o) => (o.op === 'disclosure' ? [o.clientEventId] : [])))];
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      const rows = await q.all<{ client_event_id: string; seq: number; request_hash: string; head: string }>(
        `SELECT d.client_event_id, d.seq, d.request_hash, e.head FROM disclosures d JOIN log_entries e ON e.seq = d.seq
         WHERE d.client_event_id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
        { adHoc: true },
      );
      for (const r of rows) known.set(r.client_event_id, { seq: Number(r.seq), requestHash: r.request_hash, head: r.head });
    }
    // Checks already named by an event: one check backs one event (the unique index is the backstop).
    const usedChecks = new Map<string, { clientEventId: string; seq: number }>();
    const checkIds = [...new Set(ops.flatMap((o) => (o.op === 'disclosure' && o.checkId ? [o.checkId] : [])))];
    for (let i = 0; i < checkIds.length; i += PAGE) {
      const chunk = checkIds.slice(i, i + PAGE);
      const rows = await q.all<{ check_id: string; client_event_id: string; seq: number }>(
        `SELECT check_id, client_event_id, seq FROM disclosures WHERE check_id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
        { adHoc: true },
      );
      for (const r of rows) usedChecks.set(r.check_id, { clientEventId: r.client_event_id, seq: Number(r.seq) });
    }
    const disclosures: Param[][] = [];
    const fingerprints: Param[][] = [];
    const results: WriteResult[] = [];
    for (const op of ops) {
      if (op.op === 'append') {
        results.push({ status: 'appended', ...(await chain.stage(op.kind, op.at, op.data)) });
        continue;
      }
      const existing = known.get(op.clientEventId);
      if (existing) {
        if (existing.requestHash !== requestHashOf(op.data)) results.push({ status: 'conflict', seq: existing.seq });
        else results.push({ status: 'duplicate', seq: existing.seq, head: existing.head });
        continue;
      }
      const used = op.checkId ? usedChecks.get(op.checkId) : undefined;
      if (used) {
        results.push({ status: 'check_reused', seq: used.seq });
        continue;
      }
      const { seq, head } = await chain.stage('disclosure', op.at, op.data);
      if (op.checkId) usedChecks.set(op.checkId, { clientEventId: op.clientEventId, seq });
      // The rows as verify-log rebuilds them from the entry: one projection for both.
      for (const change of projectDisclosure(seq, op.at, op.data as Record<string, unknown>)) {
        if (!('insert' in change)) continue;
        const row = change.insert;
        if (change.table === 'disclosures') {
          disclosures.push(DISCLOSURE_COLUMNS.map((c) => row[c] as Param));
          known.set(op.clientEventId, { seq, requestHash: String(row.request_hash), head });
        } else if (change.table === 'fingerprints') fingerprints.push(FINGERPRINT_COLUMNS.map((c) => row[c] as Param));
      }
      results.push({ status: 'created', seq, head });
    }
    await chain.flush();
    await insertRows(q, 'disclosures', DISCLOSURE_COLUMNS, disclosures);
    await insertRows(q, 'fingerprints', FINGERPRINT_COLUMNS, fingerprints, 'ON CONFLICT DO NOTHING');
    return results;
  }, { durable });
}

export async function startLog(c: StoreContext, at: string, data: unknown): Promise<void> {
  await c.transact(async (_q, chain) => {
    if (chain.seq === 0) await chain.append('log.created', at, data);
  });
}

export async function appendAt(c: StoreContext, kind: string, at: string, data: (next: { seq: number; prevHead: string }) => unknown): Promise<{ seq: number; head: string }> {
  return c.transact(async (_q, chain) => chain.append(kind, at, data({ seq: chain.seq + 1, prevHead: chain.head })));
}

export async function checkpointNow(c: StoreContext, at: string): Promise<Checkpoint | undefined> {
  return c.transact(async (_q, chain) => chain.checkpointIfNew(at));
}

export function logState(c: StoreContext): Promise<LogState> {
  return loadLogState(c.db);
}

/** Pages of rows, so that a long verification neither holds one huge result nor a long read lock. */
export async function* entries(c: StoreContext, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): AsyncIterable<StoredEntry> {
  let next = fromSeq;
  for (;;) {
    const rows = await c.db.all<StoredEntry>(`SELECT ${ENTRY_COLUMNS} FROM log_entries WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ${PAGE}`, [next, toSeq]);
    if (rows.length === 0) return;
    for (const r of rows) yield entry(r);
    next = Number(rows[rows.length - 1]!.seq) + 1;
  }
}

export async function getEntry(c: StoreContext, seq: number): Promise<StoredEntry | undefined> {
  const r = await c.db.get<StoredEntry>(`SELECT ${ENTRY_COLUMNS} FROM log_entries WHERE seq = ?`, [seq]);
  return r ? entry(r) : undefined;
}

/** Registry entries about one user or organization, oldest first. */
export async function registryHistory(c: StoreContext, key: string): Promise<StoredEntry[]> {
  const d = c.db.dialect;
  const rows = await c.db.all<StoredEntry>(
    `SELECT ${ENTRY_COLUMNS} FROM log_entries
     WHERE kind IN ('registry.user', 'registry.organization') AND (${d.dataText('body', 'email')} = ? OR ${d.dataText('body', 'name')} = ?)
     ORDER BY seq`,
    [key, key],
  );
  return rows.map(entry);
}

export async function checkpoints(c: StoreContext): Promise<Checkpoint[]> {
  const rows = await c.db.all<{ seq: number; head: string; root: string; at: string; key_id: string; signature: string; prev: string | null; note: string | null }>(
    'SELECT seq, head, root, at, key_id, signature, prev, note FROM checkpoints ORDER BY seq',
  );
  return rows.map((r) => ({ seq: Number(r.seq), head: r.head, root: r.root, at: r.at, keyId: r.key_id, signature: r.signature, prev: r.prev, note: r.note }));
}

export async function signedFrom(c: StoreContext): Promise<number> {
  return Number((await c.db.get<{ value: string }>("SELECT value FROM log_meta WHERE key = 'signed_from'"))?.value ?? 1);
}

/** Rows of the tables the console reads, as stored, in windows of seq. */
export async function* derivedRows(c: StoreContext): AsyncIterable<DerivedRow> {
  const { seq: last } = await logState(c);
  const tables = [
    { table: 'disclosures', order: 'seq', key: (r: Record<string, unknown>) => String(r.client_event_id) },
    { table: 'fingerprints', order: 'seq, fingerprint', key: (r: Record<string, unknown>) => `${r.seq}:${r.fingerprint}` },
    { table: 'reviews', order: 'seq', key: (r: Record<string, unknown>) => String(r.id) },
    { table: 'incidents', order: 'seq', key: (r: Record<string, unknown>) => String(r.id) },
  ] as const;
  for (const t of tables) {
    for (let from = 0; from <= last; from += PAGE) {
      const rows = await c.db.all<Record<string, unknown>>(`SELECT * FROM ${t.table} WHERE seq >= ? AND seq < ? ORDER BY ${t.order}`, [from, from + PAGE]);
      for (const r of rows) yield { table: t.table, key: t.key(r), row: r } as DerivedRow;
    }
  }
}

export async function getDisclosure(c: StoreContext, clientEventId: string): Promise<DisclosureRow | undefined> {
  const r = await c.db.get<DisclosureDbRow>('SELECT * FROM disclosures WHERE client_event_id = ?', [clientEventId]);
  return r ? toDisclosure(r) : undefined;
}

export async function disclosuresByFingerprint(c: StoreContext, fingerprint: string): Promise<DisclosureRow[]> {
  const rows = await c.db.all<DisclosureDbRow>('SELECT d.* FROM fingerprints f JOIN disclosures d ON d.seq = f.seq WHERE f.fingerprint = ? ORDER BY d.seq', [fingerprint]);
  return rows.map(toDisclosure);
}

function entry(r: StoredEntry): StoredEntry {
  return { seq: Number(r.seq), kind: r.kind, at: r.at, body: r.body, leaf: r.leaf, head: r.head, sig: r.sig };
}
