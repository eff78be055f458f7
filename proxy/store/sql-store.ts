/**
 * The Store over any Driver (SQLite or PostgreSQL): every method is one of the area modules
 * (registry, devices, log, reviews, accounts, search); this class only holds the driver and the
 * one write path they share.
 */
import * as accounts from './accounts';
import { ChainTx, type SigningKeys, type StoreContext } from './chain';
import * as devices from './devices';
import type { Driver, Queries, TxOptions } from './driver';
import { Mutex } from './driver';
import * as log from './log';
import * as registry from './registry';
import * as reviews from './reviews';
import { searchDisclosures } from './search';
import type { Account, Checkpoint, DisclosureFilter, RegistryChanges, Role, Session, Store, WriteOp } from './types';

export interface StoreOptions {
  /** Absent for a read-only store (verify-log): it can sign nothing. */
  keys?: SigningKeys;
  /** A signed checkpoint every this many entries (default 1000). */
  checkpointEvery?: number;
  /** Called with every checkpoint signed, after its transaction committed (publication). */
  onCheckpoint?: (cp: Checkpoint) => void;
}

export class SqlStore implements Store, StoreContext {
  private readonly every: number;
  /** Write transactions of this process, one at a time (the driver's lock covers other processes). */
  private readonly writes = new Mutex();

  constructor(
    readonly db: Driver,
    private readonly options: StoreOptions,
  ) {
    this.every = options.checkpointEvery ?? 1000;
  }

  transact<T>(fn: (q: Queries, chain: ChainTx) => Promise<T>, options: TxOptions = { durable: true }): Promise<T> {
    return this.writes.run(async () => {
      let signed: Checkpoint[] = [];
      const result = await this.db.transaction(async (q) => {
        const chain = await ChainTx.begin(q, this.options.keys, this.every);
        const r = await fn(q, chain);
        await chain.finish();
        signed = chain.signed;
        return r;
      }, options);
      for (const cp of signed) this.options.onCheckpoint?.(cp);
      return result;
    });
  }

  // Registry
  listOrganizations = () => registry.listOrganizations(this);
  getOrganization = (name: string) => registry.getOrganization(this, name);
  listUsers = () => registry.listUsers(this);
  getUser = (email: string) => registry.getUser(this, email);
  findRecipient = async (address: string) => (await this.findRecipients([address])).get(address);
  findRecipients = (addresses: readonly string[]) => registry.findRecipients(this, addresses);
  getOrganizations = (names: readonly string[]) => registry.getOrganizations(this, names);
  applyRegistryChanges = (changes: RegistryChanges, actor: string, at: string, reason?: string) => registry.applyRegistryChanges(this, changes, actor, at, reason);
  addOptOuts = (fingerprints: readonly string[], by: string, at: string) => registry.addOptOuts(this, fingerprints, by, at);
  optedOut = (fingerprints: readonly string[]) => registry.optedOut(this, fingerprints);

  // Devices
  addDevice = (name: string, tokenHash: string, at: string, userEmail: string) => devices.addDevice(this, name, tokenHash, at, userEmail);
  findDeviceByTokenHash = (tokenHash: string) => devices.findDeviceByTokenHash(this, tokenHash);
  revokeDevices = (which: { name?: string; userEmail?: string }, at: string) => devices.revokeDevices(this, which, at);

  // Disclosure log
  write = (ops: readonly WriteOp[]) => log.write(this, ops);
  startLog = (at: string, data: unknown) => log.startLog(this, at, data);
  appendAt = (kind: string, at: string, data: (next: { seq: number; prevHead: string }) => unknown) => log.appendAt(this, kind, at, data);
  checkpointNow = (at: string) => log.checkpointNow(this, at);
  logState = () => log.logState(this);
  entries = (fromSeq?: number, toSeq?: number) => log.entries(this, fromSeq, toSeq);
  checkpoints = () => log.checkpoints(this);
  signedFrom = () => log.signedFrom(this);
  derivedRows = () => log.derivedRows(this);
  getDisclosure = (clientEventId: string) => log.getDisclosure(this, clientEventId);
  disclosuresByFingerprint = (fingerprint: string) => log.disclosuresByFingerprint(this, fingerprint);
  getEntry = (seq: number) => log.getEntry(this, seq);
  registryHistory = (key: string) => log.registryHistory(this, key);
  searchDisclosures = (f: DisclosureFilter) => searchDisclosures(this, f);

  // Reviews and incidents
  addReview = (r: reviews.NewReview) => reviews.addReview(this, r);
  getReview = (id: string) => reviews.getReview(this, id);
  listReviews = (filter?: Parameters<typeof reviews.listReviews>[1]) => reviews.listReviews(this, filter);
  decideReview = (id: string, d: reviews.Decision) => reviews.decideReview(this, id, d);
  redeemRelease = (id: string, contentHash: string, recipients: string[], at: string) => reviews.redeemRelease(this, id, contentHash, recipients, at);
  listIncidents = () => reviews.listIncidents(this);
  advanceIncident = (id: string, to: 'reported' | 'closed', by: string, at: string, note: string) => reviews.advanceIncident(this, id, to, by, at, note);

  // Console accounts and sessions
  addAccount = (a: { email: string; role: Role; passwordHash: string }, at: string) => accounts.addAccount(this, a, at);
  getAccount = (email: string): Promise<Account | undefined> => accounts.getAccount(this, email);
  countSignInAttempt = (key: string, at: string, max: number, lockUntil: string) => accounts.countSignInAttempt(this, key, at, max, lockUntil);
  signInSucceeded = (key: string, at: string) => accounts.signInSucceeded(this, key, at);
  lockSignIn = (key: string, lockUntil: string) => accounts.lockSignIn(this, key, lockUntil);
  disableAccount = (email: string, at: string, by: string) => accounts.disableAccount(this, email, at, by);
  setAccountRole = (email: string, role: Role, at: string, by: string) => accounts.setAccountRole(this, email, role, at, by);
  addSession = (s: Omit<Session, 'revokedAt'>) => accounts.addSession(this, s);
  getSession = (idHash: string) => accounts.getSession(this, idHash);
  revokeSession = (idHash: string, at: string) => accounts.revokeSession(this, idHash, at);

  close(): Promise<void> {
    return this.db.close();
  }
}
