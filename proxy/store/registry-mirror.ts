/**
 * On PostgreSQL, a serving proxy keeps the registry (people, their addresses, organizations) and the
 * live device tokens in memory, so that a recipient check makes no round trip to the database: on a
 * loaded machine each round trip cost the proxy more CPU than the rest of the check.
 *
 * It stays exact through LISTEN/NOTIFY. Every change to those tables counts a generation and
 * notifies at its commit (a trigger: whoever writes, proxy, CLI or psql); the mirror marks itself
 * stale the moment the notification arrives, reloads everything in one consistent read, and
 * records the generation it now holds (`registry_listeners`). A writer then waits, in
 * `awaitMirrors`, until every connected mirror holds its generation: when a separation is answered,
 * every proxy refuses the person on its very next check.
 *
 * A mirror that cannot hear the database (its connection lost, or no answer to a heartbeat within
 * HEARTBEAT_LIMIT_MS) is not used: checks read the database as before until it is back.
 */
import pg from 'pg';
import type { Organization } from '../registry/model';
import { RECIPIENT_COLUMNS, recipientOf, type Recipient, type RecipientRow } from './registry';
import { toOrg, type OrgRow } from './rows';
import type { Device } from './types';

/** The application_name of every mirror's connection: how a writer finds the mirrors it waits for. */
export const MIRROR_APPLICATION = 'disclosure-guard registry mirror';
const CHANNEL = 'dg_registry';
const ACK_CHANNEL = 'dg_registry_ack';
const HEARTBEAT_MS = 1000;
/** Unheard for this long, the mirror is not trusted: checks go to the database. */
const HEARTBEAT_LIMIT_MS = 3000;
const RECONNECT_MS = 1000;
/** How long a writer waits for the mirrors before answering anyway (a proxy stuck or cut off). */
export const MIRROR_WAIT_MS = 5000;

interface Contents {
  generation: number;
  recipients: Map<string, Recipient>;
  organizations: Map<string, Organization>;
  devices: Map<string, Device>;
}

export class RegistryMirror {
  private client: pg.Client | undefined;
  private contents: Contents | undefined;
  /** A notification arrived after the contents were read: they must not answer a check. */
  private stale = true;
  private reloading: Promise<void> | undefined;
  private again = false;
  private heardAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  /** Connects, listens and loads; resolves once the mirror is in use. */
  async start(): Promise<void> {
    await this.connect();
  }

  /**
   * The contents, current as of every change committed before this call, or undefined when the
   * mirror cannot vouch for that (then the caller reads the database).
   */
  async current(): Promise<Contents | undefined> {
    if (!this.client || performance.now() - this.heardAt > HEARTBEAT_LIMIT_MS) return undefined;
    if (this.stale) {
      try {
        // A reload under way began after the notification that made the contents stale.
        await (this.reloading ?? this.reload());
      } catch {
        return undefined;
      }
      if (this.stale) return undefined;
    }
    return this.contents;
  }

  async findRecipients(addresses: readonly string[]): Promise<Map<string, Recipient> | undefined> {
    const c = await this.current();
    if (!c) return undefined;
    const out = new Map<string, Recipient>();
    for (const a of addresses) {
      const r = c.recipients.get(a);
      if (r) out.set(a, r);
    }
    return out;
  }

  async getOrganizations(names: readonly string[]): Promise<Map<string, Organization> | undefined> {
    const c = await this.current();
    if (!c) return undefined;
    const out = new Map<string, Organization>();
    for (const n of names) {
      const o = c.organizations.get(n);
      if (o) out.set(n, o);
    }
    return out;
  }

  /** null: no live token has this hash; undefined: ask the database. */
  async findDevice(tokenHash: string): Promise<Device | null | undefined> {
    const c = await this.current();
    if (!c) return undefined;
    return c.devices.get(tokenHash) ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.config, application_name: MIRROR_APPLICATION, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL) return;
      this.stale = true;
      this.reload().catch(() => this.lost(client));
    });
    this.client = client;
    this.stale = true;
    try {
      await client.connect();
      // Listening first: a change committed while the first load reads is heard, and read again.
      await client.query(`LISTEN ${CHANNEL}`);
      // Rows left by mirrors that are gone (a process id may be reused).
      await client.query('DELETE FROM registry_listeners WHERE pid NOT IN (SELECT pid FROM pg_stat_activity)');
      this.heardAt = performance.now();
      await this.reload();
    } catch (err) {
      this.lost(client);
      throw err;
    }
    this.timer = setInterval(() => this.heartbeat(client), HEARTBEAT_MS);
    this.timer.unref();
  }

  private heartbeat(client: pg.Client): void {
    if (client !== this.client) return;
    // No answer for that long (a connection cut without a word): connect again.
    if (performance.now() - this.heardAt > HEARTBEAT_LIMIT_MS) return this.lost(client);
    client.query('SELECT 1').then(
      () => {
        this.heardAt = performance.now();
      },
      () => this.lost(client),
    );
  }

  /** Reloads until no notification arrived during the read; one reload at a time. */
  private reload(): Promise<void> {
    this.again = true;
    this.reloading ??= (async () => {
      try {
        while (this.again) {
          this.again = false;
          const client = this.client;
          if (!client) throw new Error('the registry mirror is not connected');
          this.contents = await load(client, () => (this.heardAt = performance.now()));
          this.heardAt = performance.now();
          if (!this.again) this.stale = false;
          await client.query(
            'INSERT INTO registry_listeners (pid, generation) VALUES (pg_backend_pid(), $1) ON CONFLICT (pid) DO UPDATE SET generation = excluded.generation',
            [this.contents.generation],
          );
          await client.query(`NOTIFY ${ACK_CHANNEL}`);
        }
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  private lost(client: pg.Client): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.stale = true;
    this.contents = undefined;
    if (this.timer) clearInterval(this.timer);
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed) this.connect().catch(() => undefined);
    }, RECONNECT_MS);
    this.retry.unref();
  }
}

/** Everything, as of one moment (one REPEATABLE READ transaction); `heard` after each answer. */
async function load(client: pg.Client, heard: () => void): Promise<Contents> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const generation = Number((await client.query<{ n: string }>('SELECT n FROM registry_generation WHERE id = 1')).rows[0]!.n);
    const recipients = new Map<string, Recipient>();
    for (const r of (await client.query<RecipientRow & { found_address: string }>(`SELECT ${RECIPIENT_COLUMNS}`)).rows) recipients.set(r.found_address, recipientOf(r));
    heard();
    const organizations = new Map<string, Organization>();
    for (const r of (await client.query<OrgRow>('SELECT * FROM organizations')).rows) organizations.set(r.name, toOrg(r));
    heard();
    const devices = new Map<string, Device>();
    const rows = (await client.query<{ id: string; name: string; created_at: string; user_email: string | null; token_hash: string }>(
      'SELECT id, name, created_at, user_email, token_hash FROM devices WHERE revoked_at IS NULL',
    )).rows;
    for (const r of rows) devices.set(r.token_hash, { id: Number(r.id), name: r.name, userEmail: r.user_email, createdAt: r.created_at });
    await client.query('COMMIT');
    return { generation, recipients, organizations, devices };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * After a registry or device change committed: waits until every connected mirror holds it (or
 * MIRROR_WAIT_MS passed; a mirror that stays silent stops being used by its own proxy within
 * HEARTBEAT_LIMIT_MS). Resolves with the process ids of mirrors that did not confirm.
 */
export async function awaitMirrors(pool: pg.Pool, waitMs = MIRROR_WAIT_MS): Promise<number[]> {
  const client = await pool.connect();
  let wake: (() => void) | undefined;
  const onAck = () => wake?.();
  client.on('notification', onAck);
  try {
    await client.query(`LISTEN ${ACK_CHANNEL}`);
    const deadline = performance.now() + waitMs;
    for (;;) {
      const behind = await client.query<{ pid: number }>(
        `SELECT a.pid FROM pg_stat_activity a LEFT JOIN registry_listeners l ON l.pid = a.pid
          WHERE a.application_name = $1 AND COALESCE(l.generation, -1) < (SELECT n FROM registry_generation WHERE id = 1)`,
        [MIRROR_APPLICATION],
      );
      if (behind.rows.length === 0) return [];
      const left = deadline - performance.now();
      if (left <= 0) return behind.rows.map((r) => r.pid);
      // An acknowledgement wakes this at once; the timer only notices a mirror whose proxy died.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    client.off('notification', onAck);
    await client.query(`UNLISTEN ${ACK_CHANNEL}`).catch(() => undefined);
    client.release();
  }
}
