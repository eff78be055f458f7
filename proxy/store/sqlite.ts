/**
 * The SQLite store (better-sqlite3): one file, WAL, synchronous=FULL so that an acknowledged write
 * survives a crash or power loss. better-sqlite3 is synchronous; the async Store methods resolve
 * after the transaction has committed.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendToChain, checkpointText, EMPTY_CHAIN, treeRoot } from '../audit/chain';
import type { Keys } from '../audit/keys';
import type { Organization, RegistryUser } from '../registry/model';
import type { Category } from '../../shared/policy';
import { MIGRATIONS } from './migrations';
import type {
  Checkpoint,
  Device,
  Review,
  DisclosureRow,
  LogState,
  RegistryChanges,
  Store,
  StoredEntry,
  WriteOp,
  WriteResult,
} from './types';

export interface SqliteOptions {
  keys: Pick<Keys, 'signCheckpoint' | 'keyId'>;
  /** A signed checkpoint every this many entries (default 1000). */
  checkpointEvery?: number;
}

interface OrgRow {
  name: string;
  type: Organization['type'];
  agreement_effective_on: string | null;
  agreement_expires_on: string | null;
  categories: string;
  updated_at: string;
  last_changed_by: string | null;
}

interface UserRow {
  email: string;
  full_name: string;
  organization: string;
  worksite: string;
  categories: string;
  training_completed_on: string | null;
  training_score: number | null;
  attestation_signed_on: string | null;
  status: RegistryUser['status'];
  separated_on: string | null;
  supervisor_email: string | null;
  aliases: string;
  fax: string;
  updated_at: string;
  last_changed_by: string | null;
}

const cats = (s: string) => (s ? (s.split(';') as Category[]) : []);

function toOrg(r: OrgRow): Organization {
  return {
    name: r.name,
    type: r.type,
    agreementEffectiveOn: r.agreement_effective_on,
    agreementExpiresOn: r.agreement_expires_on,
    categories: cats(r.categories),
    updatedAt: r.updated_at,
    lastChangedBy: r.last_changed_by,
  };
}

function toUser(r: UserRow): RegistryUser {
  return {
    email: r.email,
    aliases: JSON.parse(r.aliases),
    fullName: r.full_name,
    organization: r.organization,
    worksite: r.worksite,
    fax: JSON.parse(r.fax),
    categories: cats(r.categories),
    trainingCompletedOn: r.training_completed_on,
    trainingScore: r.training_score,
    attestationSignedOn: r.attestation_signed_on,
    status: r.status,
    separatedOn: r.separated_on,
    supervisorEmail: r.supervisor_email,
    updatedAt: r.updated_at,
    lastChangedBy: r.last_changed_by,
  };
}

export function openSqliteStore(path: string, options: SqliteOptions): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return new SqliteStore(new Database(path), options);
}

export class SqliteStore implements Store {
  private readonly every: number;
  private state: LogState;
  private readonly stmt;

  constructor(
    readonly db: Database.Database,
    private readonly options: SqliteOptions,
  ) {
    this.every = options.checkpointEvery ?? 1000;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    this.stmt = {
      orgs: db.prepare<[], OrgRow>('SELECT * FROM organizations ORDER BY name'),
      org: db.prepare<[string], OrgRow>('SELECT * FROM organizations WHERE name = ?'),
      users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY email'),
      user: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      byAddress: db.prepare<[string], UserRow>(
        'SELECT u.* FROM user_addresses a JOIN users u ON u.email = a.email WHERE a.address = ?',
      ),
      upsertOrg: db.prepare(
        `INSERT INTO organizations (name, type, agreement_effective_on, agreement_expires_on, categories, updated_at, last_changed_by)
         VALUES (@name, @type, @agreementEffectiveOn, @agreementExpiresOn, @categories, @at, @actor)
         ON CONFLICT(name) DO UPDATE SET type = excluded.type, agreement_effective_on = excluded.agreement_effective_on,
           agreement_expires_on = excluded.agreement_expires_on, categories = excluded.categories,
           updated_at = excluded.updated_at, last_changed_by = excluded.last_changed_by`,
      ),
      upsertUser: db.prepare(
        `INSERT INTO users (email, full_name, organization, worksite, categories, training_completed_on, training_score,
           attestation_signed_on, status, separated_on, supervisor_email, aliases, fax, updated_at, last_changed_by)
         VALUES (@email, @fullName, @organization, @worksite, @categories, @trainingCompletedOn, @trainingScore,
           @attestationSignedOn, @status, @separatedOn, @supervisorEmail, @aliases, @fax, @at, @actor)
         ON CONFLICT(email) DO UPDATE SET full_name = excluded.full_name, organization = excluded.organization,
           worksite = excluded.worksite, categories = excluded.categories,
           training_completed_on = excluded.training_completed_on, training_score = excluded.training_score,
           attestation_signed_on = excluded.attestation_signed_on, status = excluded.status,
           separated_on = excluded.separated_on, supervisor_email = excluded.supervisor_email,
           aliases = excluded.aliases, fax = excluded.fax, updated_at = excluded.updated_at,
           last_changed_by = excluded.last_changed_by`,
      ),
      clearAddresses: db.prepare('DELETE FROM user_addresses WHERE email = ?'),
      addAddress: db.prepare('INSERT INTO user_addresses (address, email) VALUES (?, ?)'),
      addDevice: db.prepare('INSERT INTO devices (name, token_hash, created_at) VALUES (?, ?, ?)'),
      device: db.prepare<[string], { id: number; name: string; created_at: string }>(
        'SELECT id, name, created_at FROM devices WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      revoke: db.prepare('UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL'),
      insertEntry: db.prepare('INSERT INTO log_entries (seq, kind, at, body, leaf, head) VALUES (?, ?, ?, ?, ?, ?)'),
      saveState: db.prepare(
        'INSERT INTO log_state (id, seq, head, frontier) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, head = excluded.head, frontier = excluded.frontier',
      ),
      loadState: db.prepare<[], { seq: number; head: string; frontier: string }>('SELECT seq, head, frontier FROM log_state WHERE id = 1'),
      insertCheckpoint: db.prepare(
        'INSERT INTO checkpoints (seq, head, root, at, key_id, signature) VALUES (@seq, @head, @root, @at, @keyId, @signature)',
      ),
      lastCheckpoint: db.prepare<[], { seq: number }>('SELECT MAX(seq) AS seq FROM checkpoints'),
      checkpoints: db.prepare<[], { seq: number; head: string; root: string; at: string; key_id: string; signature: string }>(
        'SELECT * FROM checkpoints ORDER BY seq',
      ),
      disclosure: db.prepare<[string], { client_event_id: string; seq: number; request_hash: string; device: string; sender: string; site: string; channel: string; decision: string; occurred_at: string }>(
        'SELECT * FROM disclosures WHERE client_event_id = ?',
      ),
      insertDisclosure: db.prepare(
        `INSERT INTO disclosures (client_event_id, seq, request_hash, device, sender, site, channel, decision, occurred_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      headOf: db.prepare<[number], { head: string }>('SELECT head FROM log_entries WHERE seq = ?'),
      insertFingerprint: db.prepare('INSERT OR IGNORE INTO fingerprints (fingerprint, seq) VALUES (?, ?)'),
      byFingerprint: db.prepare<[string], { client_event_id: string; seq: number; device: string; sender: string; site: string; channel: string; decision: string; occurred_at: string }>(
        `SELECT d.* FROM fingerprints f JOIN disclosures d ON d.seq = f.seq WHERE f.fingerprint = ? ORDER BY d.seq`,
      ),
      addReview: db.prepare(
        `INSERT INTO reviews (id, event_id, requested_by, device, justification, recipients, status, created_at, seq)
         VALUES (@id, @eventId, @requestedBy, @device, @justification, @recipients, 'pending', @createdAt, @seq)`,
      ),
      review: db.prepare<[string], { id: string; event_id: string; requested_by: string; device: string; justification: string; recipients: string; status: Review['status']; created_at: string; seq: number }>(
        'SELECT * FROM reviews WHERE id = ?',
      ),
    };
    const saved = this.stmt.loadState.get();
    this.state = saved ? { seq: saved.seq, head: saved.head, frontier: JSON.parse(saved.frontier) } : { ...EMPTY_CHAIN };
  }

  async listOrganizations() {
    return this.stmt.orgs.all().map(toOrg);
  }

  async getOrganization(name: string) {
    const r = this.stmt.org.get(name);
    return r ? toOrg(r) : undefined;
  }

  async listUsers() {
    return this.stmt.users.all().map(toUser);
  }

  async getUser(email: string) {
    const r = this.stmt.user.get(email);
    return r ? toUser(r) : undefined;
  }

  async findUserByAddress(address: string) {
    const r = this.stmt.byAddress.get(address);
    return r ? toUser(r) : undefined;
  }

  async applyRegistryChanges(changes: RegistryChanges, actor: string, at: string): Promise<void> {
    const run = this.db.transaction(() => {
      for (const o of changes.orgs) {
        this.stmt.upsertOrg.run({ ...o.fields, categories: o.fields.categories.join(';'), at, actor });
        this.appendLocked('registry.organization', at, { action: o.action, name: o.fields.name, changed: o.changed, by: actor });
      }
      for (const u of changes.users) {
        const f = u.fields;
        this.stmt.upsertUser.run({
          ...f,
          categories: f.categories.join(';'),
          aliases: JSON.stringify(f.aliases),
          fax: JSON.stringify(f.fax),
          at,
          actor,
        });
        this.stmt.clearAddresses.run(f.email);
        for (const a of new Set([f.email, ...f.aliases, ...f.fax])) this.stmt.addAddress.run(a, f.email);
        this.appendLocked('registry.user', at, { action: u.action, email: f.email, changed: u.changed, by: actor });
      }
      this.saveState();
    });
    this.guarded(run);
  }

  async addDevice(name: string, tokenHash: string, at: string): Promise<Device> {
    const r = this.db.transaction(() => {
      const info = this.stmt.addDevice.run(name, tokenHash, at);
      this.appendLocked('device.added', at, { name, id: Number(info.lastInsertRowid) });
      this.saveState();
      return Number(info.lastInsertRowid);
    });
    return { id: this.guarded(r), name, createdAt: at };
  }

  async findDeviceByTokenHash(tokenHash: string) {
    const r = this.stmt.device.get(tokenHash);
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : undefined;
  }

  async revokeDevices(name: string, at: string): Promise<number> {
    const r = this.db.transaction(() => {
      const n = this.stmt.revoke.run(at, name).changes;
      if (n > 0) {
        this.appendLocked('device.revoked', at, { name, count: n });
        this.saveState();
      }
      return n;
    });
    return this.guarded(r);
  }

  async write(ops: readonly WriteOp[]): Promise<WriteResult[]> {
    const run = this.db.transaction((): WriteResult[] => {
      const results: WriteResult[] = [];
      for (const op of ops) {
        if (op.op === 'append') {
          const { seq, head } = this.appendLocked(op.kind, op.at, op.data);
          results.push({ status: 'appended', seq, head });
          continue;
        }
        const existing = this.stmt.disclosure.get(op.clientEventId);
        if (existing) {
          if (existing.request_hash !== op.requestHash) results.push({ status: 'conflict', seq: existing.seq });
          else results.push({ status: 'duplicate', seq: existing.seq, head: this.stmt.headOf.get(existing.seq)!.head });
          continue;
        }
        const { seq, head } = this.appendLocked('disclosure', op.at, op.data);
        const i = op.index;
        this.stmt.insertDisclosure.run(op.clientEventId, seq, op.requestHash, i.device, i.sender, i.site, i.channel, i.decision, i.occurredAt);
        for (const fp of op.fingerprints) this.stmt.insertFingerprint.run(fp, seq);
        results.push({ status: 'created', seq, head });
      }
      this.saveState();
      return results;
    });
    return this.guarded(run);
  }

  async checkpointNow(at: string): Promise<Checkpoint | undefined> {
    const run = this.db.transaction(() => {
      const last = this.stmt.lastCheckpoint.get()?.seq ?? 0;
      if (this.state.seq === 0 || last >= this.state.seq) return undefined;
      return this.signCheckpoint(at);
    });
    return this.guarded(run);
  }

  async logState(): Promise<LogState> {
    return { seq: this.state.seq, head: this.state.head, frontier: this.state.frontier.slice() };
  }

  async *entries(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): AsyncIterable<StoredEntry> {
    // Pages of rows, so that a long verification neither holds one huge result nor a long read lock.
    const page = this.db.prepare<[number, number], StoredEntry>(
      'SELECT seq, kind, at, body, leaf, head FROM log_entries WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT 5000',
    );
    let next = fromSeq;
    for (;;) {
      const rows = page.all(next, toSeq);
      if (rows.length === 0) return;
      for (const r of rows) yield r;
      next = rows[rows.length - 1]!.seq + 1;
    }
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return this.stmt.checkpoints.all().map((r) => ({
      seq: r.seq,
      head: r.head,
      root: r.root,
      at: r.at,
      keyId: r.key_id,
      signature: r.signature,
    }));
  }

  async getDisclosure(clientEventId: string): Promise<DisclosureRow | undefined> {
    const r = this.stmt.disclosure.get(clientEventId);
    return r ? toDisclosure(r) : undefined;
  }

  async disclosuresByFingerprint(fingerprint: string): Promise<DisclosureRow[]> {
    return this.stmt.byFingerprint.all(fingerprint).map(toDisclosure);
  }

  async addReview(r: Omit<Review, 'seq' | 'status'>): Promise<Review> {
    const run = this.db.transaction(() => {
      const { seq } = this.appendLocked('review.requested', r.createdAt, {
        reviewId: r.id,
        eventId: r.eventId,
        requestedBy: r.requestedBy,
        device: r.device,
        justification: r.justification,
        recipients: r.recipients,
      });
      this.stmt.addReview.run({ ...r, recipients: JSON.stringify(r.recipients), seq });
      this.saveState();
      return seq;
    });
    return { ...r, status: 'pending', seq: this.guarded(run) };
  }

  async getReview(id: string): Promise<Review | undefined> {
    const r = this.stmt.review.get(id);
    return r
      ? {
          id: r.id,
          eventId: r.event_id,
          requestedBy: r.requested_by,
          device: r.device,
          justification: r.justification,
          recipients: JSON.parse(r.recipients),
          status: r.status,
          createdAt: r.created_at,
          seq: r.seq,
        }
      : undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // Inside a transaction: append one entry to the chain (and a checkpoint when one falls due).
  private appendLocked(kind: string, at: string, data: unknown): { seq: number; head: string } {
    const next = appendToChain(this.state, kind, at, data);
    this.stmt.insertEntry.run(next.seq, kind, at, next.text, next.leaf, next.head);
    this.state = next.state;
    if (next.seq % this.every === 0) this.signCheckpoint(at);
    return { seq: next.seq, head: next.head };
  }

  private signCheckpoint(at: string): Checkpoint {
    const { keyId } = this.options.keys;
    const base = { seq: this.state.seq, head: this.state.head, root: treeRoot(this.state.frontier), at, keyId };
    const cp = { ...base, signature: this.options.keys.signCheckpoint(checkpointText(base)) };
    this.stmt.insertCheckpoint.run(cp);
    return cp;
  }

  private saveState(): void {
    this.stmt.saveState.run(this.state.seq, this.state.head, JSON.stringify(this.state.frontier));
  }

  /** Runs a transaction; if it fails, the in-memory chain state is reloaded from what committed. */
  private guarded<T>(fn: () => T): T {
    const before = this.state;
    try {
      return fn();
    } catch (err) {
      this.state = before;
      throw err;
    }
  }
}

function toDisclosure(r: {
  client_event_id: string;
  seq: number;
  device: string;
  sender: string;
  site: string;
  channel: string;
  decision: string;
  occurred_at: string;
}): DisclosureRow {
  return {
    clientEventId: r.client_event_id,
    seq: r.seq,
    device: r.device,
    sender: r.sender,
    site: r.site,
    channel: r.channel,
    decision: r.decision,
    occurredAt: r.occurred_at,
  };
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    })();
  }
}
