/**
 * The durable event queue. An event is written to storage.local before anything else happens, so
 * it survives a service-worker or browser restart; delivery retries with exponential backoff; the
 * event id is the proxy's idempotency key, so a retry after a lost answer cannot log it twice.
 */
import type { RecentEvent, SendEvent } from './messages';

export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
}

export interface Queued {
  event: SendEvent;
  attempts: number;
  nextAttemptAt: number;
}

/** What delivering one event came to. */
export type Delivery = 'delivered' | 'rejected' | 'retry';

const QUEUE = 'dg.queue';
const RECENT = 'dg.recent';
export const RECENT_LIMIT = 20;
const MAX_BACKOFF_MS = 5 * 60_000;

export class EventQueue {
  // Storage is read-modify-write: one operation at a time.
  private chain: Promise<unknown> = Promise.resolve();
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly kv: KeyValue,
    private readonly deliver: (e: SendEvent) => Promise<Delivery>,
    private readonly now: () => number = () => Date.now(),
    /**
     * Where raw identifiers wait for delivery (the proxy fingerprints them and keeps only the HMAC).
     * storage.session lives in memory only: identifiers never reach the disk, and if the browser
     * restarts first, the event is still delivered, without its fingerprints.
     */
    private readonly secrets?: KeyValue,
  ) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async enqueue(event: SendEvent): Promise<void> {
    await this.serial(async () => {
      const q = (await this.kv.get<Queued[]>(QUEUE)) ?? [];
      let durable = event;
      if (this.secrets) {
        if (event.identifiers.length) await this.secrets.set(`dg.ids.${event.id}`, event.identifiers);
        durable = { ...event, identifiers: [] };
      }
      if (!q.some((x) => x.event.id === event.id)) q.push({ event: durable, attempts: 0, nextAttemptAt: 0 });
      await this.kv.set(QUEUE, q);
      await this.remember(event, false);
    });
  }

  async length(): Promise<number> {
    return ((await this.kv.get<Queued[]>(QUEUE)) ?? []).length;
  }

  async recent(): Promise<RecentEvent[]> {
    return (await this.kv.get<RecentEvent[]>(RECENT)) ?? [];
  }

  /** Delivers every event that is due; returns how many were delivered. One flush at a time. */
  flush(): Promise<number> {
    if (!this.flushing) {
      this.flushing = this.flushOnce().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async flushOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const due = await this.serial(async () => {
        const q = (await this.kv.get<Queued[]>(QUEUE)) ?? [];
        return q.find((x) => x.nextAttemptAt <= this.now());
      });
      if (!due) return delivered;
      let outcome: Delivery;
      try {
        const identifiers = (await this.secrets?.get<SendEvent['identifiers']>(`dg.ids.${due.event.id}`)) ?? due.event.identifiers;
        outcome = await this.deliver({ ...due.event, identifiers });
      } catch {
        outcome = 'retry';
      }
      if (outcome !== 'retry') await this.secrets?.set(`dg.ids.${due.event.id}`, undefined);
      await this.serial(async () => {
        const q = (await this.kv.get<Queued[]>(QUEUE)) ?? [];
        const i = q.findIndex((x) => x.event.id === due.event.id);
        if (i < 0) return;
        if (outcome === 'retry') {
          const attempts = q[i]!.attempts + 1;
          q[i] = { ...q[i]!, attempts, nextAttemptAt: this.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts) };
        } else {
          q.splice(i, 1);
          if (outcome === 'delivered') await this.remember(due.event, true);
        }
        await this.kv.set(QUEUE, q);
      });
      if (outcome === 'retry') return delivered;
      if (outcome === 'delivered') delivered++;
    }
  }

  /** Milliseconds until the next queued event is due, or undefined when the queue is empty. */
  async nextAttemptIn(): Promise<number | undefined> {
    const q = (await this.kv.get<Queued[]>(QUEUE)) ?? [];
    if (q.length === 0) return undefined;
    return Math.max(0, Math.min(...q.map((x) => x.nextAttemptAt)) - this.now());
  }

  /** Makes every queued event due now (the proxy is back). */
  async retryNow(): Promise<void> {
    await this.serial(async () => {
      const q = (await this.kv.get<Queued[]>(QUEUE)) ?? [];
      await this.kv.set(QUEUE, q.map((x) => ({ ...x, nextAttemptAt: 0 })));
    });
  }

  private async remember(e: SendEvent, delivered: boolean): Promise<void> {
    const recent = (await this.kv.get<RecentEvent[]>(RECENT)) ?? [];
    const i = recent.findIndex((r) => r.id === e.id);
    const entry: RecentEvent = {
      id: e.id,
      at: e.occurredAt,
      site: e.site,
      channel: e.channel,
      decision: e.decision,
      types: e.types,
      recipients: e.recipients.length,
      delivered,
    };
    if (i >= 0) recent[i] = entry;
    else recent.unshift(entry);
    await this.kv.set(RECENT, recent.slice(0, RECENT_LIMIT));
  }
}
