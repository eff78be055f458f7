/**
 * The Store: everything the proxy keeps. SQLite is the default (one file, zero setup); a PostgreSQL
 * store will pass the same contract test, so nothing here depends on SQLite's semantics: every
 * method is async, and a batch of log writes is one transaction whatever the backend.
 */
import type { Subtree } from '../audit/chain';
import type { Organization, OrgFields, RegistryUser, UserFields } from '../registry/model';

export interface Device {
  id: number;
  name: string;
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
}

export interface Checkpoint {
  seq: number;
  head: string;
  root: string;
  at: string;
  keyId: string;
  signature: string;
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
}

/** A disclosure event, idempotent on its client event id. */
export interface DisclosureOp {
  op: 'disclosure';
  clientEventId: string;
  /** Hash of the canonical request (identifiers already fingerprinted): a retry must match it. */
  requestHash: string;
  at: string;
  data: Record<string, unknown>;
  index: { device: string; sender: string; site: string; channel: string; decision: string; occurredAt: string };
  fingerprints: string[];
}

export type WriteOp = AppendOp | DisclosureOp;

export type WriteResult =
  | { status: 'appended'; seq: number; head: string }
  | { status: 'created'; seq: number; head: string }
  | { status: 'duplicate'; seq: number; head: string }
  | { status: 'conflict'; seq: number };

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
}

export interface Store {
  // Registry
  listOrganizations(): Promise<Organization[]>;
  getOrganization(name: string): Promise<Organization | undefined>;
  listUsers(): Promise<RegistryUser[]>;
  getUser(email: string): Promise<RegistryUser | undefined>;
  /** The user an email, alias or E.164 fax number belongs to. */
  findUserByAddress(address: string): Promise<RegistryUser | undefined>;
  /** Writes registry changes and one chain entry per change, in one transaction. */
  applyRegistryChanges(changes: RegistryChanges, actor: string, at: string): Promise<void>;

  // Devices (bearer tokens: only their SHA-256 is kept)
  addDevice(name: string, tokenHash: string, at: string): Promise<Device>;
  findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  revokeDevices(name: string, at: string): Promise<number>;

  // Disclosure log
  /** Runs the operations in order, in one durable transaction; checkpoints are added as they fall due. */
  write(ops: readonly WriteOp[]): Promise<WriteResult[]>;
  /** Signs a checkpoint of the current head now (at shutdown); none if nothing is new. */
  checkpointNow(at: string): Promise<Checkpoint | undefined>;
  logState(): Promise<LogState>;
  entries(fromSeq?: number, toSeq?: number): AsyncIterable<StoredEntry>;
  checkpoints(): Promise<Checkpoint[]>;
  getDisclosure(clientEventId: string): Promise<DisclosureRow | undefined>;
  disclosuresByFingerprint(fingerprint: string): Promise<DisclosureRow[]>;

  // Supervisor reviews
  /** Records a review request and its chain entry in one transaction. */
  addReview(review: Omit<Review, 'seq' | 'status'>): Promise<Review>;
  getReview(id: string): Promise<Review | undefined>;

  close(): Promise<void>;
}
