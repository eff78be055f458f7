/**
 * Opens everything the proxy and the CLI work on: the store (SQLite file or PostgreSQL), the keys (secrets
 * directory, signing key), the registry service and the group-committing log. Before anything is
 * signed, the log's tail is checked against its newest checkpoint; every checkpoint signed is also
 * appended to the checkpoint file, outside the database, for auditors to copy.
 */
import { appendFileSync, chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadOrCreateKeys, publicKeyFrom, readRetiredPublicKeys } from '../audit/keys';
import type { Keys } from '../audit/keys';
import { AuditLog } from '../audit/log';
import { checkTail } from '../audit/verify';
import type { Verifier } from '../audit/verify';
import { Registry } from '../registry/service';
import { parseOrgsCsvJob, parseUsersCsvJob } from '../jobs/file-jobs';
import { openStore } from '../store/open-store';
import { DB_DIR_MODE, DB_FILE_MODE } from '../store/sqlite';
import type { Checkpoint, Store } from '../store/types';
import { UsageError } from './settings';

export interface OpenOptions {
  db: string;
  /** PostgreSQL instead of the SQLite file. */
  databaseUrl?: string | undefined;
  secrets: string;
  timeZone: string;
  checkpointEvery?: number;
  /** A checkpoint at least this often while entries arrive (seconds; 0 turns the timer off). */
  checkpointSeconds?: number;
  /** The Ed25519 signing key's file (default: in the secrets directory). */
  signingKey?: string;
  /** Where signed checkpoints are published as JSON lines (default: none). */
  checkpointFile?: string;
  clock?: { now(): Date };
  /** Keys to use instead of the secrets directory (tests). */
  keys?: Keys;
  /** On PostgreSQL, keep the registry in memory, exact through LISTEN/NOTIFY (a serving proxy). */
  mirrorRegistry?: boolean;
}

export interface Opened {
  store: Store;
  keys: Keys;
  /** Every public key the log was signed with: the current one and those rotated out (verify-log). */
  publicKeys: Verifier[];
  registry: Registry;
  log: AuditLog;
  clock: { now(): Date };
  timeZone: string;
  /** The newest checkpoint signed, as published. */
  latestCheckpoint(): Promise<Checkpoint | undefined>;
  /** Makes queued writes durable, signs a final checkpoint and closes the store. */
  close(): Promise<void>;
}

/**
 * One JSON line per checkpoint, the form `verify-log --checkpoint` reads back; `note` holds the same
 * checkpoint as a C2SP signed note (for witnesses and transparency tools).
 */
export function checkpointLine(cp: Checkpoint): string {
  const chained = cp.prev ? { prev: cp.prev } : {};
  const note = cp.note ? { note: cp.note } : {};
  return JSON.stringify({ seq: cp.seq, head: cp.head, root: cp.root, at: cp.at, keyId: cp.keyId, signature: cp.signature, ...chained, ...note }) + '\n';
}

export function publisher(file: string | undefined): ((cp: Checkpoint) => void) | undefined {
  if (!file) return undefined;
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DB_DIR_MODE });
  if (!existsSync(file)) closeSync(openSync(file, 'a', DB_FILE_MODE));
  chmodSync(file, DB_FILE_MODE);
  return (cp) => appendFileSync(file, checkpointLine(cp));
}

export async function openProxy(o: OpenOptions): Promise<Opened> {
  const keys = o.keys ?? loadOrCreateKeys(o.secrets, o.signingKey);
  const clock = o.clock ?? { now: () => new Date() };
  const store = await openStore(o, { keys, checkpointEvery: o.checkpointEvery, onCheckpoint: publisher(o.checkpointFile), mirrorRegistry: o.mirrorRegistry });
  const broken = await checkTail(store, keys);
  if (broken) {
    await store.close();
    throw new UsageError(`the disclosure log does not verify (${broken}); nothing was signed. Run verify-log and restore from a backup.`);
  }
  // Every log begins with this entry, so an emptied log can never pass as a new one.
  await store.startLog(clock.now().toISOString(), { keyId: keys.keyId });
  const log = new AuditLog(store);
  const registry = new Registry(store, clock, o.timeZone, { users: parseUsersCsvJob, orgs: parseOrgsCsvJob });
  const seconds = o.checkpointSeconds ?? 60;
  const timer =
    seconds > 0
      ? setInterval(() => {
          log
            .drain()
            .then(() => store.checkpointNow(clock.now().toISOString()))
            .catch((err: unknown) => console.error('checkpoint failed', (err as Error).message));
        }, seconds * 1000)
      : undefined;
  timer?.unref();
  let closed = false;
  return {
    store,
    keys,
    publicKeys: o.keys ? [keys] : [keys, ...readRetiredPublicKeys(o.secrets, o.signingKey).map(publicKeyFrom)],
    registry,
    log,
    clock,
    timeZone: o.timeZone,
    async latestCheckpoint() {
      return (await store.checkpoints()).at(-1);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await log.drain();
      await store.checkpointNow(clock.now().toISOString());
      await store.close();
    },
  };
}
