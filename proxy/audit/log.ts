/**
 * Group commit for the disclosure log. Writes that arrive while a transaction is being made durable
 * wait in a queue and are committed together in the next transaction: one fsync for many requests,
 * and every caller is answered only after its write is on disk.
 *
 * Records (`record()`: recipient checks) are gathered for a moment and written together as one
 * chain entry that lists them, without an fsync: a busy proxy logs every check without making the
 * answer wait for the disk.
 */
import type { Store, WriteOp, WriteResult } from '../store/types';
import type { EntryKind } from './kinds';

const MAX_BATCH = 512;
/** Records wait at most this long, and an entry lists at most this many. */
export const RECORD_FLUSH_MS = 250;
const MAX_RECORDS = 500;

export class AuditLog {
  private queue: Array<{ op: WriteOp; resolve: (r: WriteResult) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  /** A flush is committing: one at a time, so that concurrent events share commits (group commit). */
  private running = false;
  private flushing: Promise<void> = Promise.resolve();

  private records = new Map<string, Array<{ at: string; item: unknown }>>();
  private recordTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: Store) {}

  /** Adds `item` to the next `kind` entry, written within RECORD_FLUSH_MS. */
  record(kind: EntryKind, item: unknown, at: string): void {
    const list = this.records.get(kind) ?? [];
    list.push({ at, item });
    this.records.set(kind, list);
    if (list.length >= MAX_RECORDS) this.flushRecords();
    else if (!this.recordTimer) {
      this.recordTimer = setTimeout(() => this.flushRecords(), RECORD_FLUSH_MS);
      this.recordTimer.unref?.();
    }
  }

  private flushRecords(): void {
    if (this.recordTimer) clearTimeout(this.recordTimer);
    this.recordTimer = undefined;
    const all = this.records;
    this.records = new Map();
    for (const [kind, list] of all) {
      for (let i = 0; i < list.length; i += MAX_RECORDS) {
        const chunk = list.slice(i, i + MAX_RECORDS);
        const at = chunk[chunk.length - 1]!.at;
        this.submit({ op: 'append', kind, at, data: { items: chunk.map((r) => ({ at: r.at, ...(r.item as object) })) }, durable: false }).catch(
          (err: unknown) => console.error(`could not log ${chunk.length} ${kind} records`, (err as Error).message),
        );
      }
    }
  }

  submit(op: WriteOp): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      // While a commit is under way, what arrives waits for the next batch of the same flush.
      if (!this.scheduled && !this.running) {
        this.scheduled = true;
        setImmediate(() => {
          this.flushing = this.flush();
        });
      }
    });
  }

  append(kind: EntryKind, data: unknown, at: string): Promise<WriteResult> {
    return this.submit({ op: 'append', kind, at, data });
  }

  /** Resolves when everything submitted or recorded so far is written. */
  async drain(): Promise<void> {
    if (this.records.size) this.flushRecords();
    while (this.scheduled || this.queue.length) {
      await this.flushing;
      await new Promise((r) => setImmediate(r));
    }
    await this.flushing;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const results = await this.store.write(batch.map((b) => b.op));
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (err) {
          batch.forEach((b) => b.reject(err));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
