/** The background's proxy client against the real proxy app (app.request as its fetch). */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { ProxyClient } from './proxy-client';
import type { KeyValue } from './queue';
import { DEFAULT_SETTINGS } from './settings';
import { validateRules } from './site-rules';

let p: TestProxy;
let now = 1_000_000;
let calls = 0;
let down = false;

const kv: KeyValue = {
  get: async <T>(k: string) => (await fakeBrowser.storage.local.get(k))[k] as T | undefined,
  set: async (k, v) => fakeBrowser.storage.local.set({ [k]: v }),
};

function client() {
  const settings = { ...DEFAULT_SETTINGS, proxyUrl: 'http://proxy.test', apiToken: p.token, userEmail: 'casey.staff@jobs.example.gov' };
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls++;
    if (down) throw new TypeError('fetch failed');
    return p.app.request(url, init);
  }) as typeof fetch;
  return new ProxyClient(async () => settings, kv, () => {}, fetchImpl, () => now);
}

beforeEach(async () => {
  fakeBrowser.reset();
  p = await testProxy();
  calls = 0;
  down = false;
});
afterEach(async () => {
  await p.close();
});


/** A send masked to one authorized recipient, as the send flow reports it, naming its check. */
function maskedSend(id: string, check: string | undefined) {
  return {
    id,
    occurredAt: '2026-11-21T18:00:00Z',
    site: 'mail.google.com',
    channel: 'email' as const,
    check,
    recipients: [{ address: 'avery.partner@lwdb.example.org' }],
    types: { ssn: 1 },
    maskedSamples: ['***-*5-6789'],
    identifiers: [],
    decision: 'masked' as const,
    reasons: [],
    statementAdded: true,
  };
}

describe('ProxyClient', () => {
  it('asks the proxy on every check, so a separation applies to the very next send', async () => {
    const c = client();
    const r = await c.checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org', 'sue.suspended@lwdb.example.org']);
    expect(r).toMatchObject({ ok: true, cached: false });
    expect(r.ok && r.decisions.map((d) => d.authorized)).toEqual([true, false]);
    const csv = (await p.opened.registry.exportUsersCsv()).replace(/^(avery\.partner@lwdb\.example\.org,.*?),active,,/m, '$1,separated,2026-11-21,');
    await p.opened.registry.importUsers(csv, 'custodian');
    const after = await c.checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org']);
    expect(after).toMatchObject({ ok: true, cached: false });
    expect(after.ok && after.decisions[0]!.reasons).toEqual(['separated']);
    expect(calls).toBe(2);
  });

  it('falls back to a decision younger than the policy TTL (never more than five minutes) only when the proxy is down', async () => {
    const c = client();
    await c.checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org']);
    down = true;
    expect(await c.checkRecipients('email', ['personal'], ['AVERY.partner@lwdb.example.org'])).toMatchObject({ ok: true, cached: true });
    expect(await c.checkRecipients('email', ['personal'], ['new.person@lwdb.example.org'])).toMatchObject({ ok: false, reason: 'unreachable' });
    now += 121_000; // the default policy TTL is 120 s
    expect(await c.checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org'])).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(c.health.connected).toBe(false);
  });

  it('says so when the device token is refused', async () => {
    await p.opened.store.revokeDevices({ name: 'test-device' }, '2026-11-21T00:00:00Z');
    const r = await client().checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org']);
    expect(r).toMatchObject({ ok: false, reason: 'unauthorized_device' });
  });

  it('delivers events: 201 and a retry’s 200 are delivered, a bad event is rejected, a network error retries', async () => {
    const c = client();
    const identifiers = [{ type: 'ssn' as const, value: '123-45-6789' }];
    const checked = await c.checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org'], identifiers);
    expect(checked.ok && checked.checkId).toMatch(/^dgc1\./);
    const e = maskedSend('evt-client-0001', checked.ok ? checked.checkId : undefined);
    expect(await c.deliver(e)).toBe('delivered');
    expect(await c.deliver(e)).toBe('delivered');
    expect(await c.deliver({ ...e, id: 'evt-client-0002', maskedSamples: ['123-45-6789'] })).toBe('rejected');
    down = true;
    expect(await c.deliver({ ...e, id: 'evt-client-0003' })).toBe('retry');
    expect((await p.opened.store.getDisclosure('evt-client-0001'))?.sender).toBe('casey.staff@jobs.example.gov');
    const stored = JSON.parse((await p.opened.store.getEntry((await p.opened.store.getDisclosure('evt-client-0001'))!.seq))!.body).data;
    expect(stored).toMatchObject({ basis: 'checked', check: { decision: 'authorized' } });
  });

  it('gets a check of identifiers alone for an event with none, once: a retry after a lost answer is the same event', async () => {
    const leak = {
      id: 'evt-client-leak',
      occurredAt: '2026-11-21T18:00:00Z',
      site: 'mail.google.com',
      channel: 'email' as const,
      unchecked: 'network_backstop' as const,
      recipients: [],
      types: { ssn: 1 },
      maskedSamples: ['***-*5-6789'],
      identifiers: [{ type: 'ssn' as const, value: '123-45-6789' }],
      decision: 'leaked' as const,
      reasons: ['unguarded_path'],
      statementAdded: false,
    };
    // The disclosure is stored but its answer is lost: the retry must be recognised, not refused.
    let loseAnswer = true;
    const settings = { ...DEFAULT_SETTINGS, proxyUrl: 'http://proxy.test', apiToken: p.token, userEmail: 'casey.staff@jobs.example.gov' };
    const lossy = new ProxyClient(async () => settings, kv, () => {}, (async (url: string, init?: RequestInit) => {
      const res = await p.app.request(url, init);
      if (loseAnswer && url.endsWith('/api/v1/disclosures')) {
        loseAnswer = false;
        throw new TypeError('connection reset');
      }
      return res;
    }) as typeof fetch);
    expect(await lossy.deliver(leak)).toBe('retry');
    expect(await lossy.deliver(leak)).toBe('delivered');
    const found = await p.opened.store.disclosuresByFingerprint(p.opened.keys.fingerprint('ssn', '123456789'));
    expect(found.map((d) => d.clientEventId)).toEqual(['evt-client-leak']);
    expect(await kv.get('dg.identifierChecks')).toEqual({});
  });

  it('delivers an event queued past its check’s life as client-reported, saying so', async () => {
    const c = client();
    const checked = await c.checkRecipients('email', ['personal'], ['avery.partner@lwdb.example.org'], [{ type: 'ssn', value: '123-45-6789' }]);
    p.setNow('2026-11-23T18:00:00Z');
    const e = maskedSend('evt-client-late', checked.ok ? checked.checkId : undefined);
    expect(await c.deliver(e)).toBe('delivered');
    const stored = JSON.parse((await p.opened.store.getEntry((await p.opened.store.getDisclosure('evt-client-late'))!.seq))!.body).data;
    expect(stored).toMatchObject({ basis: 'client_reported', unchecked: 'check_expired', maskedSamples: [] });
  });

  it('caches the policy with its ETag and keeps it when the proxy says 304 or is down', async () => {
    const c = client();
    await c.refreshPolicy();
    expect(c.policy.version).toMatch(/^[0-9a-f]{12}$/);
    const version = c.policy.version;
    const fresh = client();
    down = true;
    await fresh.refreshPolicy();
    expect(fresh.policy.version).toBe(version);
  });

  it('reports the site rules it could not use as written by code, with what guards the site instead, and nothing written in them', async () => {
    // IT's rules as written: an unknown kind, and a match whose path holds a case number and a name.
    const { invalid } = validateRules([
      { match: 'mail.agency.gov', adapter: 'zimbra', mode: 'enforce' },
      { match: 'https://portal.agency.gov:99999/case/536-22-1874/jordan-smith', adapter: 'form', mode: 'audit' },
      { match: 'ftp://files.agency.gov/', adapter: 'form', mode: 'enforce' },
    ]);
    const rules = invalid.map(({ index, code, fallback }) => ({ source: 'managed' as const, index, code, ...(fallback ? { fallback } : {}) }));
    expect(await client().reportPolicyErrors(rules)).toBe(true);
    const entries = [];
    for await (const e of p.opened.store.entries()) if (e.kind === 'client.policy_error') entries.push(e);
    expect(entries).toHaveLength(1);
    const data = JSON.parse(entries[0]!.body).data;
    expect(data).toEqual({
      device: 'test-device',
      user: 'casey.staff@jobs.example.gov',
      rules: [
        { source: 'managed', index: 0, code: 'unknown_kind', fallback: { adapter: 'form', mode: 'enforce' }, reason: 'the kind of page is unknown to this extension version: the site is guarded by the generic request guard at enforce' },
        { source: 'managed', index: 1, code: 'match_recovered', fallback: { adapter: 'form', mode: 'enforce' }, reason: 'the match could not be read; its host was taken from it: the site is guarded by the generic request guard at enforce' },
        { source: 'managed', index: 2, code: 'no_site', reason: 'the match names no site that can be read: the rule is not applied' },
      ],
    });
    expect(entries[0]!.body).not.toMatch(/zimbra|agency\.gov|536|jordan|ftp/i);
  });
});
