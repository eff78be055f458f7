/**
 * The Store contract: every backend (SQLite and PostgreSQL) must pass these, so behaviour
 * never depends on which database an agency runs.
 */
import { describe, expect, it } from 'vitest';
import type { Keys } from '../audit/keys';
import { ephemeralKeys } from '../audit/keys';
import { checkpointHash, parseCheckpointNoteText, parseNote } from '../audit/note';
import { verifyLog } from '../audit/verify';
import type { OrgFields, UserFields } from '../registry/model';
import type { Store, WriteOp } from './types';

export interface StoreFactory {
  /** A fresh, empty store. */
  create(keys: Keys, checkpointEvery: number): Promise<{ store: Store; reopen(): Promise<Store> }>;
}

const AT = '2026-11-21T18:00:00.000Z';

const org = (o: Partial<OrgFields> = {}): OrgFields => ({
  name: 'Example County LWDB',
  type: 'lwdb',
  agreementEffectiveOn: '2026-01-01',
  agreementExpiresOn: '2027-01-01',
  categories: ['personal', 'wage'],
  ...o,
});

const user = (u: Partial<UserFields> = {}): UserFields => ({
  email: 'avery.partner@lwdb.example.org',
  aliases: ['avery@lwdb.example.org'],
  fullName: 'Avery Q Partner',
  organization: 'Example County LWDB',
  worksite: 'Riverton',
  fax: ['+15735550100'],
  categories: ['personal'],
  trainingCompletedOn: '2026-10-01',
  trainingScore: 100,
  attestationSignedOn: '2026-10-01',
  status: 'active',
  separatedOn: null,
  supervisorEmail: null,
  ...u,
});

/** A disclosure as the route logs it; `variant` changes its content (a retry that does not match). */
const disclosureOp = (id: string, variant = '', extra: Record<string, unknown> = {}): WriteOp => ({
  op: 'disclosure',
  clientEventId: id,
  at: AT,
  data: {
    clientEventId: id,
    occurredAt: AT,
    device: 'd',
    sender: 's@x.org',
    site: 'mail.google.com',
    channel: 'email',
    decision: 'masked',
    fingerprints: [{ type: 'ssn', fingerprint: `fp-${id}` }],
    ...(variant ? { reasons: [variant] } : {}),
    ...extra,
  },
});

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    it('keeps organizations and users, found by email, alias or fax', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      await store.applyRegistryChanges(
        { orgs: [{ fields: org(), action: 'add', changed: {} }], users: [{ fields: user(), action: 'add', changed: {} }] },
        'custodian',
        AT,
      );
      expect(await store.getOrganization('Example County LWDB')).toMatchObject({ ...org(), updatedAt: AT, lastChangedBy: 'custodian' });
      for (const a of ['avery.partner@lwdb.example.org', 'avery@lwdb.example.org', '+15735550100']) {
        expect((await store.findRecipient(a))?.user.email).toBe('avery.partner@lwdb.example.org');
      }
            expect(await store.findRecipient('+15735550100')).toEqual({
        user: await store.getUser('avery.partner@lwdb.example.org'),
        organization: await store.getOrganization('Example County LWDB'),
      });
      expect(await store.findRecipient('nobody@example.org')).toBeUndefined();
      // Several addresses at once (a check's recipients and its sender), one query: each found by
      // the address asked, unknown ones absent.
      const many = await store.findRecipients(['+15735550100', 'nobody@example.org', 'avery.partner@lwdb.example.org', '+15735550100']);
      expect([...many.keys()].sort()).toEqual(['+15735550100', 'avery.partner@lwdb.example.org']);
      expect(many.get('+15735550100')).toEqual(await store.findRecipient('+15735550100'));
      expect((await store.findRecipients([])).size).toBe(0);
      const orgs = await store.getOrganizations(['Example County LWDB', 'No Such Board']);
      expect([...orgs.values()]).toEqual([await store.getOrganization('Example County LWDB')]);
      // A changed fax number moves with the user; the old one no longer finds them.
      await store.applyRegistryChanges({ orgs: [], users: [{ fields: user({ fax: ['+15735550199'] }), action: 'update', changed: {} }] }, 'c', AT);
      expect(await store.findRecipient('+15735550100')).toBeUndefined();
      expect((await store.findRecipient('+15735550199'))?.user.fullName).toBe('Avery Q Partner');
      expect((await store.logState()).seq).toBe(3);
      await store.close();
    });

    it('writes nothing when a registry change fails part-way', async () => {
      const keys = ephemeralKeys();
      const { store } = await factory.create(keys, 1000);
      await expect(
        store.applyRegistryChanges({ orgs: [], users: [{ fields: user({ organization: 'No Such Org' }), action: 'add', changed: {} }] }, 'c', AT),
      ).rejects.toThrow();
      expect(await store.listUsers()).toEqual([]);
      expect((await store.logState()).seq).toBe(0);
      // …and the chain carries on from where it really is.
      await store.write([{ op: 'append', kind: 'test', at: AT, data: {} }]);
      expect((await store.logState()).seq).toBe(1);
      expect((await verifyLog(store, keys)).ok).toBe(true);
      await store.close();
    });

    it('finds live device tokens by hash and forgets revoked ones', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      const d = await store.addDevice('laptop-7', 'a'.repeat(64), AT, 'casey.staff@jobs.example.gov');
      expect(await store.findDeviceByTokenHash('a'.repeat(64))).toEqual(d);
      expect(d.userEmail).toBe('casey.staff@jobs.example.gov');
      expect(await store.revokeDevices({ name: 'laptop-7' }, AT)).toBe(1);
      expect(await store.findDeviceByTokenHash('a'.repeat(64))).toBeUndefined();
      await store.close();
    });

    it('makes a disclosure idempotent on its client event id, within and across batches', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      const r = await store.write([disclosureOp('e1'), disclosureOp('e1'), disclosureOp('e1', 'other')]);
      expect(r.map((x) => x.status)).toEqual(['created', 'duplicate', 'conflict']);
      const again = await store.write([disclosureOp('e1')]);
      expect(again[0]).toEqual({ status: 'duplicate', seq: 1, head: (r[0] as { head: string }).head });
      expect((await store.disclosuresByFingerprint('fp-e1')).map((x) => x.clientEventId)).toEqual(['e1']);
      expect((await store.searchDisclosures({ eventIds: ['e1', 'nope'] })).map((x) => x.clientEventId)).toEqual(['e1']);
      expect(await store.searchDisclosures({ eventIds: [] })).toEqual([]);
      expect((await store.logState()).seq).toBe(1);
      await store.close();
    });

    it('signs a checkpoint every N entries and at shutdown, and the log verifies', async () => {
      const keys = ephemeralKeys();
      const { store } = await factory.create(keys, 4);
      await store.write(Array.from({ length: 10 }, (_, i) => ({ op: 'append' as const, kind: 'test', at: AT, data: { i } })));
      expect((await store.checkpoints()).map((c) => c.seq)).toEqual([4, 8]);
      expect(await store.checkpointNow(AT)).toMatchObject({ seq: 10, keyId: keys.keyId });
      expect(await store.checkpointNow(AT)).toBeUndefined();
      expect(await verifyLog(store, keys)).toMatchObject({ ok: true, entries: 10, validCheckpoints: 3 });
      // Each is kept as a signed note too, and each after the first names the one before it.
      const cps = await store.checkpoints();
      const bodies = cps.map((c) => parseCheckpointNoteText(parseNote(c.note ?? '').text));
      expect(bodies.map((b) => b.size)).toEqual([4, 8, 10]);
      expect(cps.map((c) => c.prev)).toEqual([null, checkpointHash(bodies[0]!), checkpointHash(bodies[1]!)]);
      expect(bodies.map((b) => b.prev)).toEqual(cps.map((c) => c.prev));
      await store.close();
    });

    it('reads entries in order across many pages', async () => {
      const { store } = await factory.create(ephemeralKeys(), 100_000);
      await store.write(Array.from({ length: 12_000 }, (_, i) => ({ op: 'append' as const, kind: 'test', at: AT, data: { i } })));
      let expected = 1;
      for await (const e of store.entries()) expect(e.seq).toBe(expected++);
      expect(expected).toBe(12_001);
      const slice: number[] = [];
      for await (const e of store.entries(5_000, 5_002)) slice.push(e.seq);
      expect(slice).toEqual([5_000, 5_001, 5_002]);
      await store.close();
    });

    it('begins a log once, even when two openers start it together', async () => {
      const { store, reopen } = await factory.create(ephemeralKeys(), 1000);
      const other = await reopen();
      await Promise.all([store.startLog(AT, { keyId: 'k' }), other.startLog(AT, { keyId: 'k' })]);
      await store.startLog(AT, { keyId: 'k' });
      const kinds: string[] = [];
      for await (const e of store.entries()) kinds.push(e.kind);
      expect(kinds).toEqual(['log.created']);
      await other.close();
      await store.close();
    });

    it('picks up the chain where it left off after a restart', async () => {
      const keys = ephemeralKeys();
      const { store, reopen } = await factory.create(keys, 1000);
      await store.write([{ op: 'append', kind: 'test', at: AT, data: { n: 1 } }]);
      const before = await store.logState();
      await store.close();
      const again = await reopen();
      expect(await again.logState()).toEqual(before);
      await again.write([{ op: 'append', kind: 'test', at: AT, data: { n: 2 } }]);
      expect((await verifyLog(again, keys)).ok).toBe(true);
      await again.close();
    });
    it('finds disclosures by type, recipient, sender, decision and time', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      const op = (id: string, types: Record<string, number>, to: string, decision: string, occurredAt: string): WriteOp =>
        disclosureOp(id, '', { decision, occurredAt, types, recipients: [{ address: to }], sender: 'casey.staff@jobs.example.gov' });
      await store.write([
        op('a', { ssn: 1 }, 'Avery.Partner@lwdb.example.org', 'masked', '2026-11-20T10:00:00.000Z'),
        op('b', { wage: 2 }, 'someone@gmail.example.com', 'blocked', '2026-11-21T10:00:00.000Z'),
        op('c', { ssn: 1, dob: 1 }, 'avery.partner@lwdb.example.org', 'masked', '2026-11-22T10:00:00.000Z'),
      ]);
      const ids = async (f: Parameters<Store['searchDisclosures']>[0]) => (await store.searchDisclosures(f)).map((r) => r.clientEventId);
      expect(await ids({ type: 'ssn' })).toEqual(['c', 'a']);
      expect(await ids({ type: 'dob' })).toEqual(['c']);
      expect(await ids({ type: "ssn') OR 1=1 --" })).toEqual([]);
      expect(await ids({ recipient: 'AVERY.partner' })).toEqual(['c', 'a']);
      expect(await ids({ recipient: 'gmail' })).toEqual(['b']);
      expect(await ids({ sender: 'Casey.Staff@jobs.example.gov', decision: 'blocked' })).toEqual(['b']);
      expect(await ids({ from: '2026-11-21T00:00:00.000Z', to: '2026-11-21T23:59:59.999Z' })).toEqual(['b']);
      expect(await ids({ seqs: [1, 3], limit: 1 })).toEqual(['c']);
      const [c] = await store.searchDisclosures({ eventIds: ['c'] });
      expect(c).toMatchObject({ clientEventId: 'c', seq: 3, decision: 'masked', data: { types: { ssn: 1, dob: 1 } } });
      expect(await store.getDisclosure('b')).toMatchObject({ seq: 2, decision: 'blocked' });
      await store.close();
    });

    it('keeps each registry change in the history of its user or organization', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      await store.applyRegistryChanges({ orgs: [{ fields: org(), action: 'add', changed: {} }], users: [{ fields: user(), action: 'add', changed: {} }] }, 'c', AT);
      await store.applyRegistryChanges({ orgs: [], users: [{ fields: user({ status: 'suspended' }), action: 'update', changed: { status: ['active', 'suspended'] } }] }, 'c', AT);
      const history = await store.registryHistory('avery.partner@lwdb.example.org');
      expect(history.map((e) => JSON.parse(e.body).data.action)).toEqual(['add', 'update']);
      expect((await store.registryHistory('Example County LWDB')).map((e) => e.kind)).toEqual(['registry.organization']);
      expect((await store.getUser('avery.partner@lwdb.example.org'))?.status).toBe('suspended');
      expect(await store.getEntry(history[1]!.seq)).toEqual(history[1]);
      await store.close();
    });

    it('runs a review from request to decision, a breach to its incident, and a release once', async () => {
      const keys = ephemeralKeys();
      const { store } = await factory.create(keys, 1000);
      const base = { eventId: 'e1', requestedBy: 'casey.staff@jobs.example.gov', device: 'd', justification: 'needed for the claim', recipients: ['Avery@lwdb.example.org'], createdAt: AT, contentHash: 'c1' };
      await store.addReview({ ...base, id: 'r1' });
      await store.addReview({ ...base, id: 'r2', eventId: 'e2' });
      expect((await store.listReviews({ status: 'pending' })).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
      const approved = await store.decideReview('r1', { status: 'approved', by: 'sam.supervisor@jobs.example.gov', reason: 'ok', at: AT, releaseExpiresAt: '2026-11-21T19:00:00.000Z' });
      expect(approved).toMatchObject({ status: 'approved', decidedBy: 'sam.supervisor@jobs.example.gov', decidedAt: AT });
      // Decided once: a second decision changes nothing.
      expect((await store.decideReview('r1', { status: 'denied', by: 'x', reason: 'no', at: AT, releaseExpiresAt: null }))?.status).toBe('approved');
      expect(await store.redeemRelease('r1', 'other', ['avery@lwdb.example.org'], AT)).toBe('mismatch');
      expect(await store.redeemRelease('r1', 'c1', ['AVERY@lwdb.example.org'], AT)).toBe('released');
      expect(await store.redeemRelease('r1', 'c1', ['avery@lwdb.example.org'], AT)).toBe('used');
      expect(await store.redeemRelease('nope', 'c1', [], AT)).toBe('not_found');
      await store.decideReview('r2', { status: 'breach', by: 'sam.supervisor@jobs.example.gov', reason: 'sent to a personal address', at: AT, releaseExpiresAt: null, incident: { id: 'i1', reportDueOn: '2026-11-24' } });
      expect(await store.redeemRelease('r2', 'c1', ['avery@lwdb.example.org'], AT)).toBe('not_approved');
      expect(await store.listIncidents()).toEqual([expect.objectContaining({ id: 'i1', reviewId: 'r2', eventId: 'e2', reportDueOn: '2026-11-24', status: 'open' })]);
      // open → reported → closed, one step at a time, each once.
      expect(await store.advanceIncident('i1', 'closed', 'sam.security@jobs.example.gov', AT, 'closing early')).toBeUndefined();
      expect(await store.advanceIncident('i1', 'reported', 'sam.security@jobs.example.gov', AT, 'Reported to the privacy officer')).toMatchObject({
        status: 'reported',
        reportedBy: 'sam.security@jobs.example.gov',
        reportedAt: AT,
        note: 'Reported to the privacy officer',
      });
      expect(await store.advanceIncident('i1', 'reported', 'x', AT, 'again')).toBeUndefined();
      expect(await store.advanceIncident('i1', 'closed', 'sam.security@jobs.example.gov', AT, 'The recipient deleted the message')).toMatchObject({ status: 'closed', closedAt: AT, reportedAt: AT });
      expect(await store.advanceIncident('nope', 'reported', 'x', AT, 'n')).toBeUndefined();
      const tables = new Set<string>();
      for await (const d of store.derivedRows()) tables.add(d.table);
      expect([...tables].sort()).toEqual(['incidents', 'reviews']);
      expect(await verifyLog(store, keys)).toMatchObject({ ok: true });
      await store.close();
    });

    it('counts failed sign-ins per key, locks at the limit, and starts again after the lock', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      const until = '2026-11-21T18:15:00.000Z';
      const counts = [];
      for (let i = 0; i < 3; i++) counts.push(await store.countSignInAttempt('k', AT, 2, until));
      expect(counts).toEqual([
        { failures: 1, lockedUntil: null },
        { failures: 2, lockedUntil: null },
        { failures: 3, lockedUntil: until },
      ]);
      expect(await store.signInSucceeded('k', AT)).toBe(false);
      expect(await store.countSignInAttempt('k', '2026-11-21T18:20:00.000Z', 2, '2026-11-21T18:35:00.000Z')).toEqual({ failures: 1, lockedUntil: null });
      expect(await store.signInSucceeded('k', '2026-11-21T18:20:01.000Z')).toBe(true);
      await store.lockSignIn('k', until);
      expect(await store.signInSucceeded('k', AT)).toBe(false);
      await store.close();
    });

    it('keeps accounts and sessions, and disabling an account ends its sessions', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      await store.addAccount({ email: 'sam.supervisor@jobs.example.gov', role: 'supervisor', passwordHash: 'h' }, AT);
      await expect(store.addAccount({ email: 'sam.supervisor@jobs.example.gov', role: 'admin', passwordHash: 'h' }, AT)).rejects.toThrow();
      expect(await store.getAccount('sam.supervisor@jobs.example.gov')).toMatchObject({ role: 'supervisor', failedCount: 0, disabledAt: null });
      await store.addSession({ idHash: 's1', email: 'sam.supervisor@jobs.example.gov', csrf: 'x', createdAt: AT, expiresAt: '2026-11-22T00:00:00.000Z' });
      expect(await store.getSession('s1')).toMatchObject({ email: 'sam.supervisor@jobs.example.gov', revokedAt: null });
      await store.setAccountRole('sam.supervisor@jobs.example.gov', 'security', AT, 'oidc');
      await store.setAccountRole('sam.supervisor@jobs.example.gov', 'security', AT, 'oidc');
      expect((await store.getAccount('sam.supervisor@jobs.example.gov'))?.role).toBe('security');
      expect(await store.disableAccount('sam.supervisor@jobs.example.gov', AT, 'admin')).toBe(true);
      expect(await store.disableAccount('sam.supervisor@jobs.example.gov', AT, 'admin')).toBe(false);
      expect((await store.getSession('s1'))?.revokedAt).toBe(AT);
      // Added, its role changed once (the second change changed nothing), disabled.
      expect((await store.logState()).seq).toBe(3);
      await store.close();
    });

    it('records opted-out job seekers by fingerprint, counting those already there', async () => {
      const { store } = await factory.create(ephemeralKeys(), 1000);
      expect(await store.addOptOuts(['f1', 'f2', 'f2'], 'custodian', AT)).toEqual({ added: 2, already: 0 });
      expect(await store.addOptOuts(['f2', 'f3'], 'custodian', AT)).toEqual({ added: 1, already: 1 });
      expect([...(await store.optedOut(['f1', 'f3', 'f9']))].sort()).toEqual(['f1', 'f3']);
      await store.close();
    });
  });
}
