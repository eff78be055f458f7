import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disclosure, testProxy } from '../../test/helpers/proxy';
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

async function allEntriesText(): Promise<string> {
  let s = '';
  for await (const e of p.opened.store.entries()) s += e.body + '\n';
  return s;
}

describe('POST /api/v1/disclosures: happy', () => {
  it('logs the event and answers with its place in the chain', async () => {
    const before = (await p.opened.store.logState()).seq;
    const res = await post(disclosure());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: 'evt-test-first', seq: before + 1, entryHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const state = await p.opened.store.logState();
    expect(state).toMatchObject({ seq: before + 1, head: body.entryHash });
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('is idempotent: a retry gets the stored event and logs nothing new', async () => {
    const first = await (await post(disclosure())).json();
    const retry = await post(disclosure());
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(first);
    expect((await p.opened.store.logState()).seq).toBe(first.seq);
  });

  it('answers 409 when an event id is reused for different content', async () => {
    await post(disclosure());
    const res = await post(disclosure({ decision: 'blocked' }));
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
  });

  it('logs concurrent events gaplessly, each exactly once', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `evt-concurrent-${i}`);
    const results = await Promise.all([...ids, ...ids].map((id) => post(disclosure({ id }))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(50);
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    const seqs = new Set<number>();
    for (const r of results) seqs.add((await r.json()).seq);
    expect(seqs.size).toBe(50);
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('stores fingerprints, never the identifier: "was this SSN sent?" is answerable', async () => {
    await post(disclosure());
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
    const res = await post(disclosure({ id: 'evt-files-one', files }));
    expect(res.status).toBe(201);
    expect(await allEntriesText()).toContain('"files":[{"outcome":"masked","pages":3,"size":48213,"type":"pdf","types":{"ssn":2}}]');
    for (const extra of [{ name: 'fax-packet.pdf' }, { content: 'Claimant SSN' }]) {
      const bad = await post(disclosure({ id: 'evt-files-two', files: [{ ...files[0], ...extra }] }));
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('invalid_body');
    }
    expect((await verifyLog(p.opened.store, p.opened.keys)).ok).toBe(true);
  });

  it('records the device that sent it', async () => {
    await post(disclosure());
    expect((await p.opened.store.getDisclosure('evt-test-first'))?.device).toBe('test-device');
  });
});

describe('POST /api/v1/disclosures: errors store nothing', () => {
  it.each([
    ['not JSON', '{"id":', 'bad_json'],
    ['a message body', disclosure({ body: 'Dear Avery, SSN 123-45-6789' }), 'invalid_body'],
    ['no id', disclosure({ id: undefined }), 'invalid_body'],
    ['a short id', disclosure({ id: 'x' }), 'invalid_body'],
    ['a bad time', disclosure({ occurredAt: 'yesterday' }), 'invalid_body'],
    ['an unknown type', disclosure({ types: { shoe_size: 1 } }), 'invalid_body'],
    ['an unknown decision', disclosure({ decision: 'maybe' }), 'invalid_body'],
    ['an unmasked sample', disclosure({ maskedSamples: ['123-45-6789'] }), 'raw_value'],
    ['a sample with too many digits', disclosure({ maskedSamples: ['*23-45-6789'] }), 'raw_value'],
    ['an SSN in a reason (reasons are codes)', disclosure({ reasons: ['recipient asked about SSN 123-45-6789'] }), 'invalid_body'],
    ['a sender that is not an email', disclosure({ sender: 'casey' }), 'invalid_body'],
  ])('%s → 400 %s', async (_why, body, code) => {
    const before = await allEntriesText();
    const res = await post(body);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err.code).toBe(code);
    expect(JSON.stringify(err)).not.toMatch(/123-45-6789/);
    expect(await allEntriesText()).toBe(before);
  });
});
