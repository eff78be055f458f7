/**
 * Group commit for the disclosure log. Writes that arrive while a transaction is being made durable
 * wait in a queue and are committed together in the next transaction: one fsync for many requests,
 * and every caller is answered only after its write is on disk.
 */
import type { Store, WriteOp, WriteResult } from '../store/types';

const MAX_BATCH = 512;

export class AuditLog {
  private queue: Array<{ op: WriteOp; resolve: (r: WriteResult) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store) {}

  submit(op: WriteOp): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flushing = this.flush();
        });
      }
    });
  }

  append(kind: string, data: unknown, at: string): Promise<WriteResult> {
    return this.submit({ op: 'append', kind, at, data });
  }

  /** Resolves when everything submitted so far is durable. */
  async drain(): Promise<void> {
    while (this.scheduled || this.queue.length) {
      await this.flushing;
      await new Promise((r) => setImmediate(r));
    }
    await this.flushing;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const results = await this.store.write(batch.map((b) => b.op));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (err) {
        batch.forEach((b) => b.reject(err));
      }
    }
  }
}
