import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { DEMO_RECIPIENTS } from '../operations/demo';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});

const check = (recipients: string[], categories = ['personal'], channel = 'email') =>
  p.call('POST', '/api/v1/recipients/check', {
    sender: 'casey.staff@jobs.example.gov',
    channel,
    categories,
    recipients: recipients.map((address) => ({ address })),
  });

describe('POST /api/v1/recipients/check: happy', () => {
  it('answers a check id that expires in 24 hours and holds no identifier, only fingerprints and last digits', async () => {
    const res = await p.call('POST', '/api/v1/recipients/check', {
      sender: 'casey.staff@jobs.example.gov',
      channel: 'email',
      categories: ['personal'],
      recipients: [{ address: 'avery.partner@lwdb.example.org' }],
      identifiers: [{ type: 'ssn', value: '123-45-6789' }],
    });
    const body = await res.json();
    expect(body.checkId).toMatch(/^dgc1\.[A-Za-z0-9_-]+\.[0-9a-f]{64}$/);
    expect(body.expiresAt).toBe('2026-11-22T18:00:00.000Z');
    const payload = Buffer.from(body.checkId.split('.')[1], 'base64url').toString('utf8');
    const fingerprint = p.opened.keys.fingerprint('ssn', '123456789');
    // Beside the fingerprint (random hex, which may hold any run of digits), nothing of the SSN's first digits.
    expect(payload.replace(fingerprint, '')).not.toMatch(/1\D?2\D?3\D?4/);
    expect(JSON.parse(payload).identifiers).toEqual([{ type: 'ssn', fingerprint, tail: '56789', digits: 9 }]);
  });

  it('checks identifiers alone (no recipient), but never nothing at all', async () => {
    const alone = await p.call('POST', '/api/v1/recipients/check', { sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: [], recipients: [], identifiers: [{ type: 'ssn', value: '123-45-6789' }] });
    expect(alone.status).toBe(200);
    expect((await alone.json()).decisions).toEqual([]);
    const nothing = await check([]);
    expect(nothing.status).toBe(400);
    expect((await nothing.json()).error.details).toEqual([{ path: 'recipients', message: 'at least one recipient' }]);
  });

  it.each(DEMO_RECIPIENTS.map((r) => [r.expect, r.email]))('the demo registry answers %s for %s', async (expected, email) => {
    const res = await check([email]);
    expect(res.status).toBe(200);
    const body = await res.json();
    const d = body.decisions[0];
    if (expected === 'authorized') expect(d).toMatchObject({ authorized: true, reasons: [] });
    else expect(d.reasons).toContain(expected);
  });

  it('answers per recipient and overall, naming who the address belongs to', async () => {
    const res = await check(['Avery Q Partner <AVERY@lwdb.example.org>', 'sue.suspended@lwdb.example.org']);
    const body = await res.json();
    expect(body.authorized).toBe(false);
    expect(body.checkedOn).toBe('2026-11-21');
    expect(body.decisions).toEqual([
      {
        address: 'Avery Q Partner <AVERY@lwdb.example.org>',
        normalized: 'avery@lwdb.example.org',
        authorized: true,
        reasons: [],
        name: 'Avery Q Partner',
        organization: 'Example County LWDB',
      },
      {
        address: 'sue.suspended@lwdb.example.org',
        normalized: 'sue.suspended@lwdb.example.org',
        authorized: false,
        reasons: ['suspended'],
        name: 'Sue P Suspended',
        organization: 'Example County LWDB',
      },
    ]);
  });

  it('checks fax numbers in any common format', async () => {
    const body = await (await check(['573.555.0100'], ['personal'], 'fax')).json();
    expect(body.decisions[0]).toMatchObject({ normalized: '+15735550100', authorized: true, name: 'Avery Q Partner' });
  });

  it('checks a web form against the receiving organization', async () => {
    const ok = await (await check(['Example County LWDB'], ['wage'], 'form')).json();
    expect(ok.authorized).toBe(true);
    const no = await (await check(['Demo Employer Services Contractor'], ['wage'], 'form')).json();
    expect(no.decisions[0].reasons).toEqual(['category_not_permitted:wage']);
  });

  it('takes a separation into account on the very next check', async () => {
    expect((await (await check(['avery.partner@lwdb.example.org'])).json()).authorized).toBe(true);
    const csv = (await p.opened.registry.exportUsersCsv()).replace(
      /^(avery\.partner@lwdb\.example\.org,.*?),active,,/m,
      '$1,separated,2026-11-21,',
    );
    await p.opened.registry.importUsers(csv, 'custodian@jobs.example.gov');
    const after = await (await check(['avery.partner@lwdb.example.org'])).json();
    expect(after.decisions[0]).toMatchObject({ authorized: false, reasons: ['separated'] });
  });

  it('expires an attestation when the clock passes its 365th day', async () => {
    // Demo attestations were signed 2026-10-22: 2027-10-22 is day 365, still fine; day 366 is not.
    // (The demo agreement has expired by then too; only the renewal reasons matter here.)
    p.setNow('2027-10-22T18:00:00Z');
    const day365 = (await (await check(['avery.partner@lwdb.example.org'])).json()).decisions[0];
    expect(day365.reasons).not.toContain('attestation_expired');
    expect(day365.reasons).not.toContain('training_expired');
    p.setNow('2027-10-23T18:00:00Z');
    const d = (await (await check(['avery.partner@lwdb.example.org'])).json()).decisions[0];
    expect(d.reasons).toEqual(expect.arrayContaining(['attestation_expired', 'training_expired']));
  });

  it('reads "today" in the agency time zone', async () => {
    // 03:00 UTC on Nov 22 is still Nov 21 in Chicago.
    p.setNow('2026-11-22T03:00:00Z');
    expect((await (await check(['avery.partner@lwdb.example.org'])).json()).checkedOn).toBe('2026-11-21');
  });
});

describe('POST /api/v1/recipients/check: errors', () => {
  it.each([
    ['not JSON', '{nope', 400, 'bad_json'],
    ['no recipients', { sender: 'a@b.org', channel: 'email', categories: [], recipients: [] }, 400, 'invalid_body'],
    ['an unknown channel', { sender: 'a@b.org', channel: 'pigeon', categories: [], recipients: [{ address: 'x' }] }, 400, 'invalid_body'],
    ['an unknown category', { sender: 'a@b.org', channel: 'email', categories: ['gossip'], recipients: [{ address: 'x' }] }, 400, 'invalid_body'],
    ['an unknown field', { sender: 'a@b.org', channel: 'email', categories: [], recipients: [{ address: 'x' }], body: 'hi' }, 400, 'invalid_body'],
    ['a wrong type', { sender: 'a@b.org', channel: 'email', categories: 'personal', recipients: [{ address: 'x' }] }, 400, 'invalid_body'],
  ])('%s → %i %s', async (_why, body, status, code) => {
    const res = await p.call('POST', '/api/v1/recipients/check', body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('answers an unreadable address as not in the registry rather than failing the batch', async () => {
    const body = await (await check(['not an address', 'avery.partner@lwdb.example.org'])).json();
    expect(body.decisions[0]).toMatchObject({ normalized: null, authorized: false, reasons: ['not_in_registry'] });
    expect(body.decisions[1].authorized).toBe(true);
  });

  it('refuses a body that is not JSON by type', async () => {
    const res = await p.call('POST', '/api/v1/recipients/check', 'x=1', { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const res = await check(Array.from({ length: 100 }, () => 'x'.repeat(700) + '@example.org'));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('too_large');
  });
});
