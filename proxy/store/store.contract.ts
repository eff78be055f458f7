/**
 * The Store contract: every backend (SQLite now, PostgreSQL later) must pass these, so behaviour
 * never depends on which database an agency runs.
 */
import { describe, expect, it } from 'vitest';
import type { Keys } from '../audit/keys';
import { ephemeralKeys } from '../audit/keys';
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

const disclosureOp = (id: string, hash = 'h'): WriteOp => ({
  op: 'disclosure',
  clientEventId: id,
  requestHash: hash,
  at: AT,
  data: { clientEventId: id, decision: 'masked' },
  index: { device: 'd', sender: 's@x.org', site: 'mail.google.com', channel: 'email', decision: 'masked', occurredAt: AT },
  fingerprints: [`fp-${id}`],
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
        expect((await store.findUserByAddress(a))?.email).toBe('avery.partner@lwdb.example.org');
      }
      expect(await store.findUserByAddress('nobody@example.org')).toBeUndefined();
      // A changed fax number moves with the user; the old one no longer finds them.
      await store.applyRegistryChanges({ orgs: [], users: [{ fields: user({ fax: ['+15735550199'] }), action: 'update', changed: {} }] }, 'c', AT);
      expect(await store.findUserByAddress('+15735550100')).toBeUndefined();
      expect((await store.findUserByAddress('+15735550199'))?.fullName).toBe('Avery Q Partner');
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
  });
}
