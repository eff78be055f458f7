import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkedDisclosure, disclosure, STAFF, testProxy } from '../../test/helpers/proxy';
import { createDeviceToken } from '../deployment/devices';
import type { TestProxy } from '../../test/helpers/proxy';
import { verifyLog } from '../audit/verify';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});

const post = (body: unknown) => p.call('POST', '/api/v1/disclosures', body);
const checked = (overrides: Record<string, unknown> = {}, identifiers?: Array<{ type: string; value: string }>) => checkedDisclosure(p, overrides, identifiers);

async function allEntriesText(): Promise<string> {
  let s = '';
  for await (const e of p.opened.store.entries()) s += e.body + '\n';
  return s;
}

describe('POST /api/v1/disclosures: happy', () => {
  it('logs the event and answers with its place in the chain', async () => {
    const before = (await p.opened.store.logState()).seq;
    const res = await post(await checked());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: 'evt-test-first', seq: before + 1, entryHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const state = await p.opened.store.logState();
    expect(state).toMatchObject({ seq: before + 1, head: body.entryHash });
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('is idempotent: a retry gets the stored event and logs nothing new', async () => {
    const event = await checked();
    const first = await (await post(event)).json();
    const retry = await post(event);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(first);
    expect((await p.opened.store.logState()).seq).toBe(first.seq);
  });

  it('answers 409 when an event id is reused for different content', async () => {
    const event = await checked();
    await post(event);
    const res = await post({ ...event, decision: 'blocked' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
  });

  it('logs concurrent events gaplessly, each exactly once', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `evt-concurrent-${i}`);
    const events = await Promise.all(ids.map((id) => checked({ id })));
    const results = await Promise.all([...events, ...events].map((e) => post(e)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(50);
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    const seqs = new Set<number>();
    for (const r of results) seqs.add((await r.json()).seq);
    expect(seqs.size).toBe(50);
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('stores fingerprints from the check, never the identifier: "was this SSN sent?" is answerable', async () => {
    await post(await checked());
    const text = await allEntriesText();
    expect(text).not.toMatch(/123-?45-?6789/);
    const fp = p.opened.keys.fingerprint('ssn', '123456789');
    expect(text).toContain(fp);
    const found = await p.opened.store.disclosuresByFingerprint(fp);
    expect(found.map((d) => d.clientEventId)).toEqual(['evt-test-first']);
    // Formatting does not matter: the digits are what is fingerprinted.
    expect(p.opened.keys.fingerprint('ssn', '123 45 6789')).toBe(fp);
  });

  it('keeps the files of a send by type, size, pages, counts and outcome — a name or content is refused', async () => {
    const files = [{ type: 'pdf', size: 48_213, pages: 3, types: { ssn: 2 }, outcome: 'masked' }];
    const res = await post(await checked({ id: 'evt-files-one', files }));
    expect(res.status).toBe(201);
    expect(await allEntriesText()).toContain('"files":[{"outcome":"masked","pages":3,"size":48213,"type":"pdf","types":{"ssn":2}}]');
    for (const extra of [{ name: 'fax-packet.pdf' }, { content: 'Claimant SSN' }]) {
      const bad = await post(await checked({ id: 'evt-files-two', files: [{ ...files[0], ...extra }] }));
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('invalid_body');
    }
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('records the device that sent it', async () => {
    await post(await checked());
    expect((await p.opened.store.getDisclosure('evt-test-first'))?.device).toBe('test-device');
  });
});

describe('POST /api/v1/disclosures: errors store nothing', () => {
  it.each([
    ['not JSON', '{"id":', 'bad_json'],
    ['a message body', { body: 'Dear Avery, SSN 123-45-6789' }, 'invalid_body'],
    ['a raw identifier (identifiers travel only with the check)', { identifiers: [{ type: 'ssn', value: '123-45-6789' }] }, 'invalid_body'],
    ['no id', { id: undefined }, 'invalid_body'],
    ['a short id', { id: 'x' }, 'invalid_body'],
    ['a bad time', { occurredAt: 'yesterday' }, 'invalid_body'],
    ['an unknown type', { types: { shoe_size: 1 } }, 'invalid_body'],
    ['an unknown decision', { decision: 'maybe' }, 'invalid_body'],
    ['an unmasked sample', { maskedSamples: ['123-45-6789'] }, 'raw_value'],
    ['a sample with too many digits', { maskedSamples: ['*23-45-6789'] }, 'raw_value'],
    ['a sample that ends like no identifier of the check', { maskedSamples: ['***-**-4321'] }, 'raw_value'],
    ['an SSN in a reason (reasons are codes)', { reasons: ['recipient asked about SSN 123-45-6789'] }, 'invalid_body'],
    ['a sender that is not an email', { sender: 'casey' }, 'invalid_body'],
    ["a recipient's authorization claimed by the extension", { recipients: [{ address: 'avery.partner@lwdb.example.org', authorized: true }] }, 'invalid_body'],
  ])('%s → 400 %s', async (_why, overrides, code) => {
    const body = typeof overrides === 'string' ? overrides : { ...(await checked()), ...overrides };
    const before = await allEntriesText();
    const res = await post(body);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe(code);
    expect(JSON.stringify(err)).not.toMatch(/123-45-6789/);
    expect(await allEntriesText()).toBe(before);
  });

  it('refuses a masked sample with digits when no check bound the identifiers', async () => {
    const res = await post(disclosure({ unchecked: 'network_backstop', decision: 'leaked' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('raw_value');
  });
});

/** The value of one sample of a Prometheus text exposition (0 when absent). */
async function refusedCount(why: string): Promise<number> {
  const text = await (await p.app.request('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`dg_disclosures_refused_total{why="${why}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function refusalEntries(): Promise<Array<Record<string, unknown>>> {
  await p.opened.log.drain();
  const out: Array<Record<string, unknown>> = [];
  for await (const e of p.opened.store.entries()) {
    if (e.kind === 'disclosure.refused') out.push(...(JSON.parse(e.body).data.items as Array<Record<string, unknown>>));
  }
  return out;
}

describe('POST /api/v1/disclosures: the proxy decision is the record', () => {
  it('stores the proxy decision and reasons from the check beside what the extension reports', async () => {
    const event = await checked({ id: 'evt-record-blocked', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'blocked', reasons: ['suspended'], maskedSamples: ['***-*5-6789'] });
    expect((await post(event)).status).toBe(201);
    const row = await p.opened.store.getDisclosure('evt-record-blocked');
    const data = JSON.parse((await p.opened.store.getEntry(row!.seq))!.body).data;
    expect(data).toMatchObject({
      basis: 'checked',
      check: { decision: 'refused', reasons: ['suspended'], categories: ['personal', 'wage'], senderAuthorized: true },
      recipients: [{ address: 'sue.suspended@lwdb.example.org', authorized: false, reasons: ['suspended'] }],
      decision: 'blocked',
      reasons: ['suspended'],
      statementAdded: true,
      fingerprints: [{ type: 'ssn', fingerprint: p.opened.keys.fingerprint('ssn', '123456789') }],
    });
    expect(data.check.id).toMatch(/^chk_[a-z]{22}$/);
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('refuses a forged check id, and counts and logs the refusal', async () => {
    const event = await checked({ id: 'evt-forged-one' });
    const [head, payload] = event.check.split('.');
    // Same payload, a MAC made without the proxy's key.
    const forged = { ...event, check: `${head}.${payload}.${'0'.repeat(64)}` };
    // A check that refused a suspended recipient, rewritten to authorize her, under its original MAC.
    const refused = await checked({ id: 'evt-forged-two', recipients: [{ address: 'sue.suspended@lwdb.example.org' }] });
    const [, refusedPayload, mac] = refused.check.split('.');
    const claims = JSON.parse(Buffer.from(refusedPayload!, 'base64url').toString('utf8'));
    expect(claims.recipients[0].authorized).toBe(false);
    claims.recipients[0] = { ...claims.recipients[0], authorized: true, reasons: [] };
    const rewritten = { ...refused, check: `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}` };
    const before = await refusedCount('check_forged');
    for (const body of [forged, rewritten]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('check_forged');
    }
    expect(await refusedCount('check_forged')).toBe(before + 2);
    expect(await refusalEntries()).toEqual(expect.arrayContaining([expect.objectContaining({ clientEventId: 'evt-forged-one', why: 'check_forged', device: 'test-device' })]));
    expect(await p.opened.store.getDisclosure('evt-forged-one')).toBeUndefined();
  });

  it('refuses a check id reused for a second event; the same event retried is still taken once', async () => {
    const first = await checked({ id: 'evt-reuse-first' });
    expect((await post(first)).status).toBe(201);
    expect((await post(first)).status).toBe(200);
    const res = await post({ ...first, id: 'evt-reuse-second' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('check_reused');
    expect(await refusedCount('check_reused')).toBe(1);
    expect(await p.opened.store.getDisclosure('evt-reuse-second')).toBeUndefined();
  });

  it('refuses a report that contradicts its check, and counts it', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      // Reported sent (masked) to a recipient the check refused, with no supervisor release.
      [{ id: 'evt-contra-one', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'masked' }, 'contradicts_check'],
      [{ id: 'evt-contra-two', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'released', reviewId: 'rev_none_approved' }, 'contradicts_check'],
    ];
    for (const [overrides, code] of cases) {
      const res = await post(await checked(overrides));
      expect(res.status).toBe(409);
      const err = (await res.json()).error;
      expect(err.code).toBe(code);
    }
    // A recipient the check never saw.
    const event = await checked({ id: 'evt-contra-three' });
    const res = await post({ ...event, recipients: [{ address: 'avery.partner@lwdb.example.org' }, { address: 'someone.else@example.net' }] });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('recipient_not_checked');
    // Data of a category the check did not cover (checked for wages only, reports an SSN sent).
    const wagesOnly = await checked({ id: 'evt-contra-four', types: { wage: 1 }, maskedSamples: [] }, []);
    const more = await post({ ...wagesOnly, types: { wage: 1, ssn: 1 } });
    expect(more.status).toBe(409);
    expect((await more.json()).error.code).toBe('contradicts_check');
    expect(await refusedCount('contradicts_check')).toBe(3);
    expect(await refusedCount('recipient_not_checked')).toBe(1);
    const whys = (await refusalEntries()).map((r) => r.why);
    expect(whys).toEqual(['contradicts_check', 'contradicts_check', 'recipient_not_checked', 'contradicts_check']);
    for (const id of ['evt-contra-one', 'evt-contra-two', 'evt-contra-three', 'evt-contra-four']) expect(await p.opened.store.getDisclosure(id)).toBeUndefined();
  });

  it("refuses another device's check, an expired check and a check of another channel", async () => {
    const other = await createDeviceToken(p.opened.store, 'other-device', '2026-11-21T18:00:00Z', STAFF);
    const event = await checked({ id: 'evt-foreign-one' });
    const foreign = await p.call('POST', '/api/v1/disclosures', event, { token: other });
    expect(foreign.status).toBe(409);
    expect((await foreign.json()).error.code).toBe('check_not_yours');

    const channel = await post({ ...(await checked({ id: 'evt-channel-one' })), channel: 'fax', recipients: [] });
    expect(channel.status).toBe(409);
    expect((await channel.json()).error.code).toBe('check_mismatch');

    const late = await checked({ id: 'evt-late-one' });
    p.setNow('2026-11-22T18:00:01Z');
    const res = await post(late);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('check_expired');
    // A day less a second later it still lands: events queued offline overnight keep their check.
    const queued = await checked({ id: 'evt-late-two' });
    p.setNow('2026-11-23T17:59:59Z');
    expect((await post(queued)).status).toBe(201);
  });

  it('logs an event with no recipient check as client-reported, with why, and never as checked', async () => {
    const res = await post(disclosure({ id: 'evt-unchecked-one', unchecked: 'proxy_unreachable', decision: 'blocked', reasons: ['proxy_unreachable'], maskedSamples: ['***-**-****'] }));
    expect(res.status).toBe(201);
    const data = JSON.parse((await p.opened.store.getEntry((await res.json()).seq))!.body).data;
    expect(data).toMatchObject({ basis: 'client_reported', unchecked: 'proxy_unreachable', recipients: [{ address: 'avery.partner@lwdb.example.org' }], fingerprints: [] });
    expect(data.check).toBeUndefined();
    // Without a check and without a reason it is refused.
    const bare = await post(disclosure({ id: 'evt-unchecked-two', maskedSamples: [] }));
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.code).toBe('unchecked_without_reason');
  });

  it('logs a send that never went (its page closed first) as not_sent; a refused recipient in its check does not contradict it', async () => {
    const res = await post(await checked({ id: 'evt-not-sent-one', decision: 'not_sent', reasons: ['closed_with_page'] }));
    expect(res.status).toBe(201);
    const data = JSON.parse((await p.opened.store.getEntry((await res.json()).seq))!.body).data;
    expect(data).toMatchObject({ decision: 'not_sent', reasons: ['closed_with_page'], basis: 'checked' });
    // Nothing went to the refused recipient: the event is taken as it is (a masked one would be refused, above).
    const refused = await post(await checked({ id: 'evt-not-sent-two', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'not_sent', reasons: ['not_handed_over'] }));
    expect(refused.status).toBe(201);
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('takes fingerprints from a check of identifiers alone for an event with no recipient to check', async () => {
    const leak = disclosure({ id: 'evt-leak-one', recipients: [], unchecked: 'network_backstop', decision: 'leaked', reasons: ['unguarded_path'] });
    const res = await p.call('POST', '/api/v1/recipients/check', { sender: STAFF, channel: 'email', categories: [], recipients: [], identifiers: [{ type: 'ssn', value: '123-45-6789' }] });
    expect(res.status).toBe(200);
    const { checkId } = await res.json();
    expect((await post({ ...leak, check: checkId })).status).toBe(201);
    const found = await p.opened.store.disclosuresByFingerprint(p.opened.keys.fingerprint('ssn', '123456789'));
    expect(found.map((d) => d.clientEventId)).toEqual(['evt-leak-one']);
    const data = JSON.parse((await p.opened.store.getEntry(found[0]!.seq))!.body).data;
    expect(data).toMatchObject({ basis: 'client_reported', unchecked: 'network_backstop', check: { identifiersOnly: true } });
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('lets a send go to a refused recipient only under a redeemed release of this person', async () => {
    const blocked = await checked({ id: 'evt-rel-blocked', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'blocked', reasons: ['suspended'] });
    expect((await post(blocked)).status).toBe(201);
    const review = await (await p.call('POST', '/api/v1/reviews', { eventId: 'evt-rel-blocked', sender: STAFF, justification: 'Sue is reinstated as of this morning.', recipients: ['sue.suspended@lwdb.example.org'], contentHash: 'a'.repeat(64) })).json();
    const released = await checked({ id: 'evt-rel-released', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'released', reviewId: review.reviewId });
    expect((await post(released)).status).toBe(409);
    await p.opened.store.decideReview(review.reviewId, { status: 'approved', by: 'morgan.supervisor@jobs.example.gov', reason: 'Reinstated, confirmed by phone.', at: '2026-11-21T18:00:00Z', releaseExpiresAt: '2026-11-21T18:30:00Z' });
    expect((await p.call('POST', '/api/v1/releases/redeem', { reviewId: review.reviewId, contentHash: 'a'.repeat(64), recipients: ['sue.suspended@lwdb.example.org'] })).status).toBe(200);
    const again = await checked({ id: 'evt-rel-released', recipients: [{ address: 'sue.suspended@lwdb.example.org' }], decision: 'released', reviewId: review.reviewId });
    expect((await post(again)).status).toBe(201);
  });
});
