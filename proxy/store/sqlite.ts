/**
 * The SQLite store (better-sqlite3): one file, WAL, synchronous=FULL so that an acknowledged write
 * survives a crash or power loss. better-sqlite3 is synchronous; the async Store methods resolve
 * after the transaction has committed.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { appendToChain, checkpointText, EMPTY_CHAIN, entrySigText, treeRoot } from '../audit/chain';
import type { Keys } from '../audit/keys';
import type { Organization, RegistryUser } from '../registry/model';
import type { Category } from '../../shared/policy';
import { MIGRATIONS } from './migrations';
import type {
  Account,
  Checkpoint,
  Device,
  DisclosureFilter,
  DisclosureRecord,
  Incident,
  Redemption,
  Review,
  Role,
  Session,
  SignInAttempt,
  DerivedRow,
  DisclosureRow,
  LogState,
  RegistryChanges,
  Store,
  StoredEntry,
  WriteOp,
  WriteResult,
} from './types';

export interface SqliteOptions {
  /** Absent for a read-only store (verify-log): it can sign nothing. */
  keys?: Pick<Keys, 'signCheckpoint' | 'keyId'>;
  /** A signed checkpoint every this many entries (default 1000). */
  checkpointEvery?: number;
  /** Open the file read-only: no migration, no write, the file left byte-for-byte as it was. */
  readonly?: boolean;
  /** Read-only, reading the live file (and its WAL) as another process writes it: export-log --follow. */
  follow?: boolean;
  /** Called with every checkpoint signed, after its transaction committed (publication). */
  onCheckpoint?: (cp: Checkpoint) => void;
}

/** The database, its WAL and shared-memory files: readable by the proxy's user only. */
export const DB_FILE_MODE = 0o600;
export const DB_DIR_MODE = 0o700;

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
  if (options.readonly) {
    if (path === ':memory:' || !existsSync(path)) throw new Error(`no database at ${path}`);
    // With no WAL beside it (a clean shutdown) the file is the whole database: read it into memory,
    // so that not even -wal and -shm files appear beside the evidence. (Bytes 18–19 of the header
    // say WAL; an in-memory copy must say rollback journal: SQLite file format §1.3.) With a WAL
    // (a running or crashed proxy) open the file read-only and read the WAL too.
    if (options.follow || existsSync(`${path}-wal`)) return new SqliteStore(new Database(path, { readonly: true, fileMustExist: true }), options);
    const image = readFileSync(path);
    if (image.length >= 100) image[18] = image[19] = 1;
    return new SqliteStore(new Database(image, { readonly: true }), options);
  }
  if (path !== ':memory:') {
    const dir = dirname(path);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: DB_DIR_MODE });
    // SQLite gives the -wal and -shm files the mode of the database file, so create it 0600 first.
    if (!existsSync(path)) closeSync(openSync(path, 'a', DB_FILE_MODE));
    for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, DB_FILE_MODE);
  }
  return new SqliteStore(new Database(path), options);
}

export class SqliteStore implements Store {
  private readonly every: number;
  private state: LogState = { ...EMPTY_CHAIN };
  private readonly stmt;

  constructor(
    readonly db: Database.Database,
    private readonly options: SqliteOptions,
  ) {
    this.every = options.checkpointEvery ?? 1000;
    if (options.readonly) {
      db.pragma('busy_timeout = 5000');
      const version = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
      const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
      if (version !== latest) throw new Error(`the database is at schema version ${version}, this program reads ${latest}: open it with the proxy of the same version first`);
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    }
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
      addDevice: db.prepare('INSERT INTO devices (name, token_hash, created_at, user_email) VALUES (?, ?, ?, ?)'),
      device: db.prepare<[string], { id: number; name: string; created_at: string; user_email: string | null }>(
        'SELECT id, name, created_at, user_email FROM devices WHERE token_hash = ? AND revoked_at IS NULL',
      ),
      revokeByName: db.prepare('UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL'),
      revokeByUser: db.prepare('UPDATE devices SET revoked_at = ? WHERE user_email = ? AND revoked_at IS NULL'),
      insertEntry: db.prepare('INSERT INTO log_entries (seq, kind, at, body, leaf, head, sig) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      signedFrom: db.prepare<[], { value: string }>("SELECT value FROM log_meta WHERE key = 'signed_from'"),
      countAttempt: db.prepare<[{ key: string; now: string; max: number; until: string }], { failed_count: number; locked_until: string | null }>(
        `INSERT INTO signin_throttle (key, failed_count, locked_until) VALUES (@key, 1, CASE WHEN 1 > @max THEN @until END)
         ON CONFLICT(key) DO UPDATE SET
           failed_count = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_count + 1 END,
           locked_until = CASE
             WHEN locked_until IS NOT NULL AND locked_until > @now THEN locked_until
             WHEN locked_until IS NOT NULL THEN NULL
             WHEN failed_count + 1 > @max THEN @until
             ELSE NULL END
         RETURNING failed_count, locked_until`,
      ),
      attemptOk: db.prepare(
        'UPDATE signin_throttle SET failed_count = 0, locked_until = NULL WHERE key = ? AND (locked_until IS NULL OR locked_until <= ?)',
      ),
      lockKey: db.prepare('UPDATE signin_throttle SET locked_until = ? WHERE key = ?'),
      disableAccount: db.prepare('UPDATE accounts SET disabled_at = ? WHERE email = ? AND disabled_at IS NULL'),
      addOptOut: db.prepare('INSERT OR IGNORE INTO opted_out (fingerprint, added_at, added_by) VALUES (?, ?, ?)'),
      optedOut: db.prepare<[string], { fingerprint: string }>('SELECT fingerprint FROM opted_out WHERE fingerprint = ?'),
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
        `INSERT INTO reviews (id, event_id, requested_by, device, justification, recipients, status, created_at, seq, content_hash)
         VALUES (@id, @eventId, @requestedBy, @device, @justification, @recipients, 'pending', @createdAt, @seq, @contentHash)`,
      ),
      review: db.prepare<[string], ReviewRow>('SELECT * FROM reviews WHERE id = ?'),
      reviewsAll: db.prepare<[], ReviewRow>('SELECT * FROM reviews ORDER BY created_at DESC'),
      decide: db.prepare(
        `UPDATE reviews SET status = @status, decided_by = @by, decided_at = @at, decision_reason = @reason,
           release_expires_at = @releaseExpiresAt WHERE id = @id AND status = 'pending'`,
      ),
      redeem: db.prepare('UPDATE reviews SET release_redeemed_at = ? WHERE id = ? AND release_redeemed_at IS NULL'),
      addIncident: db.prepare(
        `INSERT INTO incidents (id, review_id, event_id, opened_by, opened_at, report_due_on, reason, seq)
         VALUES (@id, @reviewId, @eventId, @openedBy, @openedAt, @reportDueOn, @reason, @seq)`,
      ),
      incidents: db.prepare<[], { id: string; review_id: string; event_id: string; opened_by: string; opened_at: string; report_due_on: string; reason: string; seq: number }>(
        'SELECT * FROM incidents ORDER BY report_due_on, opened_at',
      ),
      addAccount: db.prepare('INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)'),
      account: db.prepare<[string], { email: string; role: Role; password_hash: string; failed_count: number; locked_until: string | null; created_at: string; disabled_at: string | null }>(
        'SELECT * FROM accounts WHERE email = ?',
      ),
      addSession: db.prepare('INSERT INTO sessions (id_hash, email, csrf, created_at, expires_at) VALUES (@idHash, @email, @csrf, @createdAt, @expiresAt)'),
      session: db.prepare<[string], { id_hash: string; email: string; csrf: string; created_at: string; expires_at: string; revoked_at: string | null }>(
        'SELECT * FROM sessions WHERE id_hash = ?',
      ),
      revokeSession: db.prepare('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL'),
      entry: db.prepare<[number], StoredEntry>('SELECT seq, kind, at, body, leaf, head, sig FROM log_entries WHERE seq = ?'),
      history: db.prepare<[{ key: string }], StoredEntry>(
        `SELECT seq, kind, at, body, leaf, head, sig FROM log_entries
         WHERE kind IN ('registry.user', 'registry.organization') AND (json_extract(body, '$.data.email') = @key OR json_extract(body, '$.data.name') = @key)
         ORDER BY seq`,
      ),
    };
    this.loadState();
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
    this.writeTx(() => {
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
    });
  }

  async addDevice(name: string, tokenHash: string, at: string, userEmail: string): Promise<Device> {
    const id = this.writeTx(() => {
      const info = this.stmt.addDevice.run(name, tokenHash, at, userEmail);
      this.appendLocked('device.added', at, { name, id: Number(info.lastInsertRowid), user: userEmail });
      return Number(info.lastInsertRowid);
    });
    return { id, name, userEmail, createdAt: at };
  }

  async findDeviceByTokenHash(tokenHash: string) {
    const r = this.stmt.device.get(tokenHash);
    return r ? { id: r.id, name: r.name, userEmail: r.user_email, createdAt: r.created_at } : undefined;
  }

  async revokeDevices(which: { name?: string; userEmail?: string }, at: string): Promise<number> {
    return this.writeTx(() => {
      const n =
        which.userEmail !== undefined
          ? this.stmt.revokeByUser.run(at, which.userEmail).changes
          : which.name !== undefined
            ? this.stmt.revokeByName.run(at, which.name).changes
            : 0;
      if (n > 0) {
        this.appendLocked('device.revoked', at, { ...which, count: n });
      }
      return n;
    });
  }

  async write(ops: readonly WriteOp[]): Promise<WriteResult[]> {
    // WAL with synchronous=NORMAL still survives a process crash; only a power failure may lose it.
    const relaxed = ops.length > 0 && ops.every((o) => o.op === 'append' && o.durable === false);
    if (relaxed) this.db.pragma('synchronous = NORMAL');
    try {
      return await this.writeNow(ops);
    } finally {
      if (relaxed) this.db.pragma('synchronous = FULL');
    }
  }

  private async writeNow(ops: readonly WriteOp[]): Promise<WriteResult[]> {
    return this.writeTx((): WriteResult[] => {
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
      return results;
    });
  }

  async checkpointNow(at: string): Promise<Checkpoint | undefined> {
    return this.writeTx(() => {
      const last = this.stmt.lastCheckpoint.get()?.seq ?? 0;
      if (this.state.seq === 0 || last >= this.state.seq) return undefined;
      return this.signCheckpoint(at);
    });
  }

  async logState(): Promise<LogState> {
    this.loadState();
    return { seq: this.state.seq, head: this.state.head, frontier: this.state.frontier.slice() };
  }

  async *entries(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): AsyncIterable<StoredEntry> {
    // Pages of rows, so that a long verification neither holds one huge result nor a long read lock.
    const page = this.db.prepare<[number, number], StoredEntry>(
      'SELECT seq, kind, at, body, leaf, head, sig FROM log_entries WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT 5000',
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

  async signedFrom(): Promise<number> {
    return Number(this.stmt.signedFrom.get()?.value ?? 1);
  }

  async *derivedRows(): AsyncIterable<DerivedRow> {
    const db = this.db;
    for (const r of db.prepare<[], Record<string, unknown>>('SELECT * FROM disclosures ORDER BY seq').iterate()) {
      yield { table: 'disclosures', key: String(r.client_event_id), row: r };
    }
    for (const r of db.prepare<[], Record<string, unknown>>('SELECT * FROM fingerprints ORDER BY seq, fingerprint').iterate()) {
      yield { table: 'fingerprints', key: `${r.seq}:${r.fingerprint}`, row: r };
    }
    for (const r of db.prepare<[], Record<string, unknown>>('SELECT * FROM reviews ORDER BY seq').iterate()) {
      yield { table: 'reviews', key: String(r.id), row: r };
    }
    for (const r of db.prepare<[], Record<string, unknown>>('SELECT * FROM incidents ORDER BY seq').iterate()) {
      yield { table: 'incidents', key: String(r.id), row: r };
    }
  }

  async getDisclosure(clientEventId: string): Promise<DisclosureRow | undefined> {
    const r = this.stmt.disclosure.get(clientEventId);
    return r ? toDisclosure(r) : undefined;
  }

  async disclosuresByFingerprint(fingerprint: string): Promise<DisclosureRow[]> {
    return this.stmt.byFingerprint.all(fingerprint).map(toDisclosure);
  }

  async addReview(
    r: Omit<Review, 'seq' | 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason' | 'releaseExpiresAt' | 'releaseRedeemedAt'>,
  ): Promise<Review> {
    const seq = this.writeTx(() => {
      const { seq } = this.appendLocked('review.requested', r.createdAt, {
        reviewId: r.id,
        eventId: r.eventId,
        requestedBy: r.requestedBy,
        device: r.device,
        justification: r.justification,
        recipients: r.recipients,
        contentHash: r.contentHash,
      });
      this.stmt.addReview.run({ ...r, recipients: JSON.stringify(r.recipients), seq });
      return seq;
    });
    return { ...r, status: 'pending', seq, decidedBy: null, decidedAt: null, decisionReason: null, releaseExpiresAt: null, releaseRedeemedAt: null };
  }

  async getReview(id: string): Promise<Review | undefined> {
    const r = this.stmt.review.get(id);
    return r ? toReview(r) : undefined;
  }

  async listReviews(filter: { status?: Review['status']; requesters?: string[] } = {}): Promise<Review[]> {
    return this.stmt.reviewsAll
      .all()
      .map(toReview)
      .filter((r) => (filter.status ? r.status === filter.status : true) && (filter.requesters ? filter.requesters.includes(r.requestedBy) : true));
  }

  async decideReview(
    id: string,
    d: { status: 'approved' | 'denied' | 'breach'; by: string; reason: string; at: string; releaseExpiresAt: string | null; incident?: { id: string; reportDueOn: string } },
  ): Promise<Review | undefined> {
    this.writeTx(() => {
      const before = this.stmt.review.get(id);
      if (!before || before.status !== 'pending') return false;
      this.stmt.decide.run({ id, status: d.status, by: d.by, at: d.at, reason: d.reason, releaseExpiresAt: d.releaseExpiresAt });
      this.appendLocked('review.decided', d.at, {
        reviewId: id,
        eventId: before.event_id,
        decision: d.status,
        by: d.by,
        reason: d.reason,
        releaseExpiresAt: d.releaseExpiresAt,
      });
      if (d.incident) {
        const { seq } = this.appendLocked('incident.opened', d.at, {
          incidentId: d.incident.id,
          reviewId: id,
          eventId: before.event_id,
          openedBy: d.by,
          reportDueOn: d.incident.reportDueOn,
          reason: d.reason,
        });
        this.stmt.addIncident.run({ id: d.incident.id, reviewId: id, eventId: before.event_id, openedBy: d.by, openedAt: d.at, reportDueOn: d.incident.reportDueOn, reason: d.reason, seq });
      }
      return true;
    });
    return this.getReview(id);
  }

  async redeemRelease(id: string, contentHash: string, recipients: string[], at: string): Promise<Redemption> {
    return this.writeTx((): Redemption => {
      const r = this.stmt.review.get(id);
      if (!r) return 'not_found';
      if (r.status !== 'approved') return 'not_approved';
      if (r.release_redeemed_at) return 'used';
      if (!r.release_expires_at || at > r.release_expires_at) return 'expired';
      const want = JSON.parse(r.recipients).map((x: string) => x.toLowerCase()).sort().join(',');
      const got = recipients.map((x) => x.toLowerCase()).sort().join(',');
      if (r.content_hash !== contentHash || want !== got) return 'mismatch';
      this.stmt.redeem.run(at, id);
      this.appendLocked('review.release_redeemed', at, { reviewId: id, eventId: r.event_id });
      return 'released';
    });
  }

  async listIncidents(): Promise<Incident[]> {
    return this.stmt.incidents.all().map((r) => ({
      id: r.id,
      reviewId: r.review_id,
      eventId: r.event_id,
      openedBy: r.opened_by,
      openedAt: r.opened_at,
      reportDueOn: r.report_due_on,
      reason: r.reason,
      seq: r.seq,
    }));
  }

  async addAccount(a: { email: string; role: Role; passwordHash: string }, at: string): Promise<void> {
    this.writeTx(() => {
      this.stmt.addAccount.run(a.email, a.role, a.passwordHash, at);
      this.appendLocked('console.account_added', at, { email: a.email, role: a.role });
    });
  }

  async getAccount(email: string): Promise<Account | undefined> {
    const r = this.stmt.account.get(email);
    return r
      ? {
          email: r.email,
          role: r.role,
          passwordHash: r.password_hash,
          failedCount: r.failed_count,
          lockedUntil: r.locked_until,
          createdAt: r.created_at,
          disabledAt: r.disabled_at,
        }
      : undefined;
  }

  async countSignInAttempt(key: string, at: string, max: number, lockUntil: string): Promise<SignInAttempt> {
    const r = this.stmt.countAttempt.get({ key, now: at, max, until: lockUntil })!;
    return { failures: r.failed_count, lockedUntil: r.locked_until };
  }

  async signInSucceeded(key: string, at: string): Promise<boolean> {
    return this.stmt.attemptOk.run(key, at).changes === 1;
  }

  async lockSignIn(key: string, lockUntil: string): Promise<void> {
    this.stmt.lockKey.run(lockUntil, key);
  }

  async disableAccount(email: string, at: string, by: string): Promise<boolean> {
    return this.writeTx(() => {
      const n = this.stmt.disableAccount.run(at, email).changes;
      if (n === 0) return false;
      this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE email = ? AND revoked_at IS NULL').run(at, email);
      this.appendLocked('console.account_disabled', at, { email, by });
      return true;
    });
  }

  async addOptOuts(fingerprints: readonly string[], by: string, at: string): Promise<{ added: number; already: number }> {
    return this.writeTx(() => {
      let added = 0;
      for (const fp of new Set(fingerprints)) added += this.stmt.addOptOut.run(fp, at, by).changes;
      const already = new Set(fingerprints).size - added;
      // The chain records how many, never which: a fingerprint list would tell who opted out.
      this.appendLocked('registry.opt_out_import', at, { by, added, already });
      return { added, already };
    });
  }

  async optedOut(fingerprints: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const fp of fingerprints) if (this.stmt.optedOut.get(fp)) out.add(fp);
    return out;
  }

  async addSession(s: Omit<Session, 'revokedAt'>): Promise<void> {
    this.stmt.addSession.run(s);
  }

  async getSession(idHash: string): Promise<Session | undefined> {
    const r = this.stmt.session.get(idHash);
    return r ? { idHash: r.id_hash, email: r.email, csrf: r.csrf, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at } : undefined;
  }

  async revokeSession(idHash: string, at: string): Promise<void> {
    this.stmt.revokeSession.run(at, idHash);
  }

  async searchDisclosures(f: DisclosureFilter): Promise<DisclosureRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.from) where.push('d.occurred_at >= ?') && args.push(f.from);
    if (f.to) where.push('d.occurred_at <= ?') && args.push(f.to);
    if (f.sender) where.push('d.sender = ?') && args.push(f.sender.toLowerCase());
    if (f.decision) where.push('d.decision = ?') && args.push(f.decision);
    if (f.site) where.push('d.site = ?') && args.push(f.site);
    // Only a known type name is ever put into a JSON path.
    if (f.type) where.push("json_extract(e.body, '$.data.types.' || ?) IS NOT NULL") && args.push(/^[a-z_]+$/.test(f.type) ? f.type : 'none');
    if (f.recipient) {
      where.push("EXISTS (SELECT 1 FROM json_each(json_extract(e.body, '$.data.recipients')) r WHERE lower(json_extract(r.value, '$.address')) LIKE ?)");
      args.push(`%${f.recipient.toLowerCase()}%`);
    }
    if (f.seqs) where.push(`d.seq IN (${f.seqs.map(() => '?').join(',') || 'NULL'})`) && args.push(...f.seqs);
    if (f.eventIds) where.push(`d.client_event_id IN (${f.eventIds.map(() => '?').join(',') || 'NULL'})`) && args.push(...f.eventIds);
    const sql = `SELECT d.*, e.at AS at, e.body AS body FROM disclosures d JOIN log_entries e ON e.seq = d.seq
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.seq DESC LIMIT ?`;
    args.push(Math.min(f.limit ?? 500, 10_000));
    const rows = this.db.prepare(sql).all(...args) as Array<Parameters<typeof toDisclosure>[0] & { at: string; body: string }>;
    return rows.map((r) => ({ ...toDisclosure(r), at: r.at, data: JSON.parse(r.body).data }));
  }

  async getEntry(seq: number): Promise<StoredEntry | undefined> {
    return this.stmt.entry.get(seq);
  }

  async registryHistory(key: string): Promise<StoredEntry[]> {
    return this.stmt.history.all({ key });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // Inside a transaction: append one entry to the chain (and a checkpoint when one falls due).
  private appendLocked(kind: string, at: string, data: unknown): { seq: number; head: string } {
    const keys = this.writeKeys();
    const next = appendToChain(this.state, kind, at, data);
    this.stmt.insertEntry.run(next.seq, kind, at, next.text, next.leaf, next.head, keys.signCheckpoint(entrySigText(next.seq, next.head)));
    this.state = next.state;
    if (next.seq % this.every === 0) this.signCheckpoint(at);
    return { seq: next.seq, head: next.head };
  }

  private writeKeys(): Pick<Keys, 'signCheckpoint' | 'keyId'> {
    if (!this.options.keys || this.options.readonly) throw new Error('this store is read-only');
    return this.options.keys;
  }

  private signCheckpoint(at: string): Checkpoint {
    const keys = this.writeKeys();
    const base = { seq: this.state.seq, head: this.state.head, root: treeRoot(this.state.frontier), at, keyId: keys.keyId };
    const cp = { ...base, signature: keys.signCheckpoint(checkpointText(base)) };
    this.stmt.insertCheckpoint.run(cp);
    this.signed.push(cp);
    return cp;
  }

  /** Checkpoints signed in the transaction that just committed, handed to onCheckpoint. */
  private signed: Checkpoint[] = [];

  private publish(): void {
    const done = this.signed;
    this.signed = [];
    for (const cp of done) this.options.onCheckpoint?.(cp);
  }

  private saveState(): void {
    this.stmt.saveState.run(this.state.seq, this.state.head, JSON.stringify(this.state.frontier));
  }

  /**
   * A write transaction that takes the write lock at once (BEGIN IMMEDIATE) and reads the chain
   * state inside it, so that another process writing the same file (a CLI import while the proxy
   * runs) is taken into account rather than overwritten.
   */
  private tx<T>(fn: () => T): () => T {
    const t = this.db.transaction(() => {
      this.loadState();
      this.signed = [];
      return fn();
    });
    return () => {
      const r = t.immediate();
      this.publish();
      return r;
    };
  }

  private loadState(): void {
    const saved = this.stmt.loadState.get();
    this.state = saved ? { seq: saved.seq, head: saved.head, frontier: JSON.parse(saved.frontier) } : { ...EMPTY_CHAIN };
  }

  /**
   * The one way the store writes: a BEGIN IMMEDIATE transaction that reads the chain state inside it,
   * saves that state when the transaction appended to the chain, publishes the checkpoints it signed
   * once it committed, and reloads the state from what committed if it fails.
   */
  private writeTx<T>(fn: () => T): T {
    return this.guarded(
      this.tx(() => {
        const before = this.state.seq;
        const result = fn();
        if (this.state.seq !== before) this.saveState();
        return result;
      }),
    );
  }

  /** Runs a transaction; if it fails, the in-memory chain state is reloaded from what committed. */
  private guarded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      this.loadState();
      throw err;
    }
  }
}

interface ReviewRow {
  id: string;
  event_id: string;
  requested_by: string;
  device: string;
  justification: string;
  recipients: string;
  status: Review['status'];
  created_at: string;
  seq: number;
  content_hash: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  release_expires_at: string | null;
  release_redeemed_at: string | null;
}

function toReview(r: ReviewRow): Review {
  return {
    id: r.id,
    eventId: r.event_id,
    requestedBy: r.requested_by,
    device: r.device,
    justification: r.justification,
    recipients: JSON.parse(r.recipients),
    status: r.status,
    createdAt: r.created_at,
    seq: r.seq,
    contentHash: r.content_hash,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    releaseExpiresAt: r.release_expires_at,
    releaseRedeemedAt: r.release_redeemed_at,
  };
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
