/**
 * The Store: everything the proxy keeps. SQLite is the default (one file, zero setup); PostgreSQL
 * (several proxies on one database) passes the same contract test, so nothing here depends on either
 * database's semantics: every method is async, and a batch of log writes is one transaction.
 */
import type { Subtree } from '../audit/chain';
import type { Organization, OrgFields, RegistryUser, UserFields } from '../registry/model';

export interface Device {
  id: number;
  name: string;
  /** The person the token belongs to (a registry email); null only for tokens made before this was required. */
  userEmail: string | null;
  createdAt: string;
}

export interface StoredEntry {
  seq: number;
  kind: string;
  at: string;
  /** Canonical JSON of {seq, kind, at, data}: what the leaf hash covers. */
  body: string;
  leaf: string;
  head: string;
  /** Ed25519 signature of entrySigText(seq, head); null for entries written before entries were signed. */
  sig: string | null;
}

export interface Checkpoint {
  seq: number;
  head: string;
  root: string;
  at: string;
  keyId: string;
  /** Ed25519 signature of checkpointText (the JSON form). */
  signature: string;
  /** SHA-256 (hex) of the previous checkpoint's note text, signed in both forms; absent for a log's first checkpoint and those signed before checkpoints were chained. */
  prev?: string | null;
  /** The same checkpoint as a C2SP signed note (c2sp.org/tlog-checkpoint); absent for checkpoints signed before notes. */
  note?: string | null;
}

export interface LogState {
  seq: number;
  head: string;
  frontier: Subtree[];
}

/** A chain entry to append. */
export interface AppendOp {
  op: 'append';
  kind: string;
  at: string;
  data: unknown;
  /**
   * false: a record that may be lost in a power failure (never in a process crash), such as a
   * batch of recipient checks; a batch made only of such ops commits without an fsync.
   */
  durable?: false;
}

/**
 * A disclosure event, idempotent on its client event id. Its rows (the disclosure, its
 * fingerprints, the hash a retry must match) are projected from `data`, as verify-log rebuilds them
 * (audit/project.ts).
 */
export interface DisclosureOp {
  op: 'disclosure';
  clientEventId: string;
  at: string;
  data: Record<string, unknown>;
  /** The recipient check the event names: one check backs one event. */
  checkId?: string;
}

export type WriteOp = AppendOp | DisclosureOp;

export type WriteResult =
  | { status: 'appended'; seq: number; head: string }
  | { status: 'created'; seq: number; head: string }
  | { status: 'duplicate'; seq: number; head: string }
  | { status: 'conflict'; seq: number }
  /** The event names a check another event already named. */
  | { status: 'check_reused'; seq: number };

export interface RegistryChanges {
  orgs: Array<{ fields: OrgFields; action: 'add' | 'update'; changed: Record<string, [unknown, unknown]> }>;
  users: Array<{ fields: UserFields; action: 'add' | 'update'; changed: Record<string, [unknown, unknown]> }>;
}

export interface DisclosureRow {
  clientEventId: string;
  seq: number;
  device: string;
  sender: string;
  site: string;
  channel: string;
  decision: string;
  occurredAt: string;
}

export interface Review {
  id: string;
  eventId: string;
  requestedBy: string;
  device: string;
  justification: string;
  recipients: string[];
  status: 'pending' | 'approved' | 'denied' | 'breach';
  createdAt: string;
  seq: number;
  /** SHA-256 of the message as it would be sent (masked, with the statement): the release is bound to it. */
  contentHash: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  releaseExpiresAt: string | null;
  releaseRedeemedAt: string | null;
}

export type Role = 'supervisor' | 'security' | 'custodian' | 'admin';
export const ROLES: readonly Role[] = ['supervisor', 'security', 'custodian', 'admin'];

export interface Account {
  email: string;
  role: Role;
  passwordHash: string;
  failedCount: number;
  lockedUntil: string | null;
  createdAt: string;
  disabledAt: string | null;
}

/** The outcome of counting a sign-in attempt before its password is checked. */
export interface SignInAttempt {
  /** Attempts in a row that have not succeeded, this one included. */
  failures: number;
  lockedUntil: string | null;
}

export interface Session {
  idHash: string;
  email: string;
  csrf: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type IncidentStatus = 'open' | 'reported' | 'closed';

export interface Incident {
  id: string;
  reviewId: string;
  eventId: string;
  openedBy: string;
  openedAt: string;
  reportDueOn: string;
  reason: string;
  seq: number;
  /** open → reported (to the agency's security or privacy officer) → closed. */
  status: IncidentStatus;
  reportedBy: string | null;
  reportedAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
  /** What the last step said: to whom it was reported, how it was closed. */
  note: string | null;
}

/** One row of a derived table, keyed as verify-log rebuilds it from the chain. */
export type DerivedRow =
  | { table: 'disclosures'; key: string; row: Record<string, unknown> }
  | { table: 'fingerprints'; key: string; row: Record<string, unknown> }
  | { table: 'reviews'; key: string; row: Record<string, unknown> }
  | { table: 'incidents'; key: string; row: Record<string, unknown> };

export type Redemption = 'released' | 'not_found' | 'not_approved' | 'expired' | 'used' | 'mismatch';

export interface DisclosureFilter {
  from?: string;
  to?: string;
  sender?: string;
  recipient?: string;
  type?: string;
  decision?: string;
  site?: string;
  seqs?: number[];
  /** Client event ids (the events a review queue shows). */
  eventIds?: string[];
  limit?: number;
}

export interface DisclosureRecord extends DisclosureRow {
  at: string;
  data: Record<string, unknown>;
}

export interface Store {
  // Registry
  listOrganizations(): Promise<Organization[]>;
  getOrganization(name: string): Promise<Organization | undefined>;
  listUsers(): Promise<RegistryUser[]>;
  getUser(email: string): Promise<RegistryUser | undefined>;
  /** The user an email, alias or E.164 fax number belongs to, and their organization, in one query (every recipient check). */
  findRecipient(address: string): Promise<{ user: RegistryUser; organization: Organization | undefined } | undefined>;
  /** Every address's user and organization in one query (a check's recipients and its sender), keyed by address. */
  findRecipients(addresses: readonly string[]): Promise<Map<string, { user: RegistryUser; organization: Organization | undefined }>>;
  /** Organizations by name, in one query (a form's recipients). */
  getOrganizations(names: readonly string[]): Promise<Map<string, Organization>>;
  /** Writes registry changes and one chain entry per change, in one transaction. */
  applyRegistryChanges(changes: RegistryChanges, actor: string, at: string, reason?: string): Promise<void>;

  // Devices (bearer tokens: only their SHA-256 is kept)
  addDevice(name: string, tokenHash: string, at: string, userEmail: string): Promise<Device>;
  findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  /** Revokes the live tokens with this device name, or of this person. */
  revokeDevices(which: { name?: string; userEmail?: string }, at: string): Promise<number>;

  // Disclosure log
  /** Runs the operations in order, in one durable transaction; checkpoints are added as they fall due. */
  write(ops: readonly WriteOp[]): Promise<WriteResult[]>;
  /**
   * Appends the entry every log begins with (log.created), if the log is still empty: atomic, so
   * that two proxies starting together on one new database write it once.
   */
  startLog(at: string, data: unknown): Promise<void>;
  /** Appends one entry whose data depends on where it lands (its seq and the head before it). */
  appendAt(kind: string, at: string, data: (next: { seq: number; prevHead: string }) => unknown): Promise<{ seq: number; head: string }>;
  /** Signs a checkpoint of the current head now (at shutdown); none if nothing is new. */
  checkpointNow(at: string): Promise<Checkpoint | undefined>;
  logState(): Promise<LogState>;
  entries(fromSeq?: number, toSeq?: number): AsyncIterable<StoredEntry>;
  checkpoints(): Promise<Checkpoint[]>;
  /** The first seq whose entry carries a signature (entries before it predate signing). */
  signedFrom(): Promise<number>;
  /** Rows of the tables the console reads, as stored, for verify-log to compare with the chain. */
  derivedRows(): AsyncIterable<DerivedRow>;
  getDisclosure(clientEventId: string): Promise<DisclosureRow | undefined>;
  disclosuresByFingerprint(fingerprint: string): Promise<DisclosureRow[]>;

  // Supervisor reviews
  /** Records a review request and its chain entry in one transaction. */
  addReview(
    review: Omit<Review, 'seq' | 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason' | 'releaseExpiresAt' | 'releaseRedeemedAt'>,
  ): Promise<Review>;
  getReview(id: string): Promise<Review | undefined>;
  listReviews(filter?: { status?: Review['status']; requesters?: string[] }): Promise<Review[]>;
  /** Records a decision (and for a breach, its incident) with their chain entries, once. */
  decideReview(
    id: string,
    d: { status: 'approved' | 'denied' | 'breach'; by: string; reason: string; at: string; releaseExpiresAt: string | null; incident?: { id: string; reportDueOn: string } },
  ): Promise<Review | undefined>;
  /** Uses an approved release once, if it is for this content and these recipients and not expired. */
  redeemRelease(id: string, contentHash: string, recipients: string[], at: string): Promise<Redemption>;
  listIncidents(): Promise<Incident[]>;
  /** Moves an incident one step (open → reported → closed) with its chain entry; undefined if it is not at the step before. */
  advanceIncident(id: string, to: 'reported' | 'closed', by: string, at: string, note: string): Promise<Incident | undefined>;

  // Console accounts and sessions
  addAccount(a: { email: string; role: Role; passwordHash: string }, at: string): Promise<void>;
  getAccount(email: string): Promise<Account | undefined>;
  /**
   * Counts one attempt for this key (a fingerprint of the typed email) atomically, before the
   * password is checked: parallel attempts each see their own count. At `max` the key is locked.
   */
  countSignInAttempt(key: string, at: string, max: number, lockUntil: string): Promise<SignInAttempt>;
  /** Clears the count after a right password, unless the key was locked meanwhile (then false). */
  signInSucceeded(key: string, at: string): Promise<boolean>;
  /** Locks the key now (the attempt that reached the limit failed). */
  lockSignIn(key: string, lockUntil: string): Promise<void>;
  disableAccount(email: string, at: string, by: string): Promise<boolean>;
  /** Gives an account another role (the identity provider's groups changed), with its chain entry. */
  setAccountRole(email: string, role: Role, at: string, by: string): Promise<void>;
  addSession(s: Omit<Session, 'revokedAt'>): Promise<void>;
  getSession(idHash: string): Promise<Session | undefined>;
  revokeSession(idHash: string, at: string): Promise<void>;

  // Job seekers who opted out of data sharing (keyed fingerprints only)
  addOptOuts(fingerprints: readonly string[], by: string, at: string): Promise<{ added: number; already: number }>;
  optedOut(fingerprints: readonly string[]): Promise<Set<string>>;

  // Audit queries
  searchDisclosures(filter: DisclosureFilter): Promise<DisclosureRecord[]>;
  getEntry(seq: number): Promise<StoredEntry | undefined>;
  /** Registry entries about one user or organization, oldest first. */
  registryHistory(key: string): Promise<StoredEntry[]>;

  close(): Promise<void>;
}
