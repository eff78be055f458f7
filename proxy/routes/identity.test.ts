/**
 * Every request names a real person: a device token belongs to one registry user, may speak only
 * for them, sees only their own reviews, and a sender who may not send confidential data is told
 * why. Recipient checks are rate-limited per token and every one is a chain entry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disclosure, STAFF, testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { createDeviceToken } from '../deployment/devices';
import { importOptOuts } from '../registry/opt-out';

let p: TestProxy;
let other: string;
beforeEach(async () => {
  p = await testProxy();
  other = await createDeviceToken(p.opened.store, 'avery-laptop', '2026-11-21T00:00:00Z', 'avery.partner@lwdb.example.org');
});
afterEach(async () => {
  await p.close();
});

const check = (o: Record<string, unknown> = {}, token?: string) =>
  p.call('POST', '/api/v1/recipients/check', { sender: STAFF, channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }], ...o }, { token });
const review = { eventId: 'evt-identity-a', sender: STAFF, justification: 'The partner covers this case this week.', recipients: ['sue.suspended@lwdb.example.org'], contentHash: 'b'.repeat(64) };

describe('a token speaks for its own person only', () => {
  it.each([
    ['POST', '/api/v1/recipients/check', { sender: STAFF, channel: 'email', categories: [], recipients: [{ address: 'x@y.org' }] }],
    ['POST', '/api/v1/disclosures', disclosure()],
    ['POST', '/api/v1/reviews', review],
  ])('%s %s with another person\'s token → 403, nothing stored', async (method, path, body) => {
    const seq = (await p.opened.store.logState()).seq;
    const res = await p.call(method, path, body, { token: other });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('wrong_sender');
    expect((await p.opened.store.logState()).seq).toBe(seq);
  });

  it('accepts the sender in any case or display form', async () => {
    expect((await check({ sender: 'Casey T Staff <CASEY.STAFF@jobs.example.gov>' })).status).toBe(200);
  });

  it('a review is visible to and redeemable by the person who asked only', async () => {
    const { reviewId } = await (await p.call('POST', '/api/v1/reviews', review)).json();
    expect((await p.call('GET', `/api/v1/reviews/${reviewId}`)).status).toBe(200);
    expect((await p.call('GET', `/api/v1/reviews/${reviewId}`, undefined, { token: other })).status).toBe(404);
    const redeem = { reviewId, contentHash: 'b'.repeat(64), recipients: review.recipients };
    expect((await p.call('POST', '/api/v1/releases/redeem', redeem, { token: other })).status).toBe(404);
    expect((await p.call('POST', '/api/v1/releases/redeem', redeem)).status).toBe(409); // not approved yet
  });

  it('stores only a hash of the message hash, so the stored value is not the client\'s string', async () => {
    const { reviewId } = await (await p.call('POST', '/api/v1/reviews', review)).json();
    const stored = (await p.opened.store.getReview(reviewId))!.contentHash!;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toBe(review.contentHash);
  });

  it('refuses tokens made before tokens belonged to a person', async () => {
    await p.opened.store.addDevice('legacy', 'c'.repeat(64), '2026-11-21T00:00:00Z', null as unknown as string);
    const { hashToken } = await import('../deployment/devices');
    const legacy = 'dgd_legacy';
    await p.opened.store.addDevice('legacy2', hashToken(legacy), '2026-11-21T00:00:00Z', null as unknown as string);
    const res = await check({}, legacy);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/token create --user/);
  });
});

describe('the sender must be an authorized user', () => {
  it.each([
    ['sam.separated@lwdb.example.org', 'separated'],
    ['sue.suspended@lwdb.example.org', 'suspended'],
    ['tom.training-incomplete@lwdb.example.org', 'training_incomplete'],
    ['ari.attestation-expired@lwdb.example.org', 'attestation_expired'],
  ])('%s may not send confidential data (%s), and the answer says why', async (sender, reason) => {
    const token = await createDeviceToken(p.opened.store, sender, '2026-11-21T00:00:00Z', sender);
    const body = await (await check({ sender }, token)).json();
    expect(body.authorized).toBe(false);
    expect(body.sender).toMatchObject({ address: sender, authorized: false });
    expect(body.sender.reasons).toContain(reason);
    expect(body.decisions[0].authorized).toBe(true); // the recipient is fine; the sender is not
  });

  it('an authorized sender to an authorized recipient is authorized', async () => {
    const body = await (await check()).json();
    expect(body).toMatchObject({ authorized: true, sender: { authorized: true, reasons: [] } });
  });
});

describe('recipient checks', () => {
  it('are chain entries with addresses and reasons only', async () => {
    await check({ recipients: [{ address: 'avery.partner@lwdb.example.org' }, { address: 'sam.separated@lwdb.example.org' }] });
    await check({ recipients: [{ address: 'nobody@unknown.example.net' }] });
    await p.opened.log.drain();
    let entry: { data: { items: Array<Record<string, unknown>> } } | undefined;
    for await (const e of p.opened.store.entries()) if (e.kind === 'recipients.checked') entry = JSON.parse(e.body);
    expect(entry?.data.items).toHaveLength(2);
    expect(entry?.data.items[1]).toMatchObject({ recipients: [{ address: 'nobody@unknown.example.net', authorized: false, reasons: ['not_in_registry'] }] });
    expect(entry?.data.items[0]).toEqual({
      checkId: expect.stringMatching(/^chk_[a-z]{22}$/),
      at: '2026-11-21T18:00:00.000Z',
      device: 'test-device',
      sender: STAFF,
      channel: 'email',
      categories: ['personal'],
      senderAuthorized: true,
      recipients: [
        { address: 'avery.partner@lwdb.example.org', authorized: true, reasons: [] },
        { address: 'sam.separated@lwdb.example.org', authorized: false, reasons: ['separated'] },
      ],
    });
  });

  it('are rate-limited per person across their tokens: 429 with Retry-After, other people unaffected', async () => {
    const q = await testProxy({ checkRateLimit: { perSecond: 1, burst: 3 } });
    try {
      const call = (token?: string) =>
        q.call('POST', '/api/v1/recipients/check', { sender: STAFF, channel: 'email', categories: [], recipients: [{ address: 'a@b.org' }] }, { token });
      for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).error.code).toBe('rate_limited');
      // A second token of the same person draws on the same bucket: more tokens give no more checks.
      const laptop = await createDeviceToken(q.opened.store, 'casey-laptop', '2026-11-21T00:00:00Z', STAFF);
      expect((await call(laptop)).status).toBe(429);
      const avery = await createDeviceToken(q.opened.store, 'avery', '2026-11-21T00:00:00Z', 'avery.partner@lwdb.example.org');
      const res = await q.call('POST', '/api/v1/recipients/check', { sender: 'avery.partner@lwdb.example.org', channel: 'email', categories: [], recipients: [{ address: 'a@b.org' }] }, { token: avery });
      expect(res.status).toBe(200);
    } finally {
      await q.close();
    }
  });
});

describe('job seekers who opted out of data sharing', () => {
  beforeEach(async () => {
    await importOptOuts(p.opened, 'ssn\n536-22-1874\n412683390\n', 'custodian@jobs.example.gov');
  });

  it('block a message identifying them to anyone outside the agency, with subject_opted_out', async () => {
    const body = await (
      await check({
        recipients: [{ address: 'avery.partner@lwdb.example.org' }, { address: 'morgan.supervisor@jobs.example.gov' }],
        identifiers: [{ type: 'ssn', value: '536-22-1874' }],
      })
    ).json();
    expect(body.authorized).toBe(false);
    expect(body.decisions[0]).toMatchObject({ authorized: false, reasons: ['subject_opted_out'] });
    expect(body.decisions[1]).toMatchObject({ authorized: true }); // the state agency's own staff
  });

  it('recognise the identifier however it is written, and leave others alone', async () => {
    const fullwidth = '４１２６８３３９０';
    const opted = await (await check({ identifiers: [{ type: 'ssn', value: fullwidth }] })).json();
    expect(opted.decisions[0].reasons).toContain('subject_opted_out');
    const notOpted = await (await check({ identifiers: [{ type: 'ssn', value: '536-22-1875' }] })).json();
    expect(notOpted.authorized).toBe(true);
  });

  it('are kept as fingerprints only: the chain says how many, never which', async () => {
    let text = '';
    for await (const e of p.opened.store.entries()) text += e.body;
    expect(text).not.toMatch(/536-?22-?1874|412683390/);
    expect(text).toContain('"added":2');
  });

  it('an import with a bad row names the line and keeps nothing', async () => {
    await expect(importOptOuts(p.opened, 'ssn\n536-22-1876\n12345\n666-12-3456\n', 'c')).rejects.toThrow(/line 3: not a nine-digit[\s\S]*line 4: not a valid SSN/);
    const body = await (await check({ identifiers: [{ type: 'ssn', value: '536-22-1876' }] })).json();
    expect(body.authorized).toBe(true);
  });
});

describe('client events', () => {
  it('records the site rules an extension refused, as a chain entry of its person', async () => {
    const res = await p.call('POST', '/api/v1/client-events', { kind: 'policy_error', rules: [{ source: 'managed', index: 3, reason: 'mode: Invalid option' }] });
    expect(res.status).toBe(201);
    let entry: Record<string, unknown> | undefined;
    for await (const e of p.opened.store.entries()) if (e.kind === 'client.policy_error') entry = JSON.parse(e.body).data;
    expect(entry).toEqual({ device: 'test-device', user: STAFF, rules: [{ source: 'managed', index: 3, reason: 'mode: Invalid option' }] });
  });

  it('refuses other kinds, and reasons holding an identifier', async () => {
    expect((await p.call('POST', '/api/v1/client-events', { kind: 'note', rules: [] })).status).toBe(400);
    const raw = await p.call('POST', '/api/v1/client-events', { kind: 'policy_error', rules: [{ source: 'local', index: 0, reason: 'match 536-22-1874' }] });
    expect((await raw.json()).error.code).toBe('raw_value');
  });
});
