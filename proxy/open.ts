/**
 * Opens everything the proxy and the CLI work on: the store (SQLite file), the keys (secrets
 * directory), the registry service and the group-committing log.
 */
import { loadOrCreateKeys } from './audit/keys';
import type { Keys } from './audit/keys';
import { AuditLog } from './audit/log';
import { Registry } from './registry/service';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './store/types';

export interface OpenOptions {
  db: string;
  secrets: string;
  timeZone: string;
  checkpointEvery?: number;
  clock?: { now(): Date };
  /** Keys to use instead of the secrets directory (tests). */
  keys?: Keys;
}

export interface Opened {
  store: Store;
  keys: Keys;
  registry: Registry;
  log: AuditLog;
  clock: { now(): Date };
  timeZone: string;
  /** Makes queued writes durable, signs a final checkpoint and closes the store. */
  close(): Promise<void>;
}

export function openProxy(o: OpenOptions): Opened {
  const keys = o.keys ?? loadOrCreateKeys(o.secrets);
  const clock = o.clock ?? { now: () => new Date() };
  const store = openSqliteStore(o.db, { keys, checkpointEvery: o.checkpointEvery });
  const log = new AuditLog(store);
  const registry = new Registry(store, clock, o.timeZone);
  let closed = false;
  return {
    store,
    keys,
    registry,
    log,
    clock,
    timeZone: o.timeZone,
    async close() {
      if (closed) return;
      closed = true;
      await log.drain();
      await store.checkpointNow(clock.now().toISOString());
      await store.close();
    },
  };
}
