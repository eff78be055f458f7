/**
 * Nothing raw is ever stored: every way of writing an SSN is posted through every field of every
 * route that stores something (API, console forms, sign-in, registry import), and then the
 * database file and its WAL are searched byte by byte for the digits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, addAccounts, signIn, signedIn } from './helpers/console';
import type { ConsoleBrowser } from './helpers/console';
import { checkedDisclosure, disclosure, STAFF, testProxy } from './helpers/proxy';
import type { TestProxy } from './helpers/proxy';

/** Ways an SSN is written: by staff, by a word processor, by OCR, by someone hiding it. */
const VARIANTS: Record<string, (d: string) => string> = {
  dashed: (d) => `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`,
  bare: (d) => d,
  spaced: (d) => `${d.slice(0, 3)} ${d.slice(3, 5)} ${d.slice(5)}`,
  'en dash': (d) => `${d.slice(0, 3)}\u2013${d.slice(3, 5)}\u2013${d.slice(5)}`,
  fullwidth: (d) => [...`${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`].map((c) => (c === '-' ? '\uff0d' : String.fromCharCode(0xff10 + Number(c)))).join(''),
  'Arabic-Indic': (d) => [...d].map((c) => String.fromCharCode(0x0660 + Number(c))).join(''),
  'zero-width inside': (d) => `${d.slice(0, 3)}\u200b${d.slice(3, 5)}\u200b${d.slice(5)}`,
  'soft hyphens': (d) => `${d.slice(0, 3)}\u00ad${d.slice(3, 5)}\u00ad${d.slice(5)}`,
  'one digit at a time': (d) => [...d].join(' '),
};

let n = 0;
/** A fresh valid SSN (area 101–800, group 23, serial 1000+) for each probe, so a hit names its probe. */
function nextSsn(): string {
  n++;
  return `${String(101 + (n % 700)).padStart(3, '0')}23${String(1000 + n).padStart(4, '0')}`;
}

interface Probe {
  route: string;
  field: string;
  variant: string;
  digits: string;
  value: string;
  status: number;
}

let p: TestProxy;
let supervisor: ConsoleBrowser;
let custodian: ConsoleBrowser;
let security: ConsoleBrowser;
let reviewId: string;
const probes: Probe[] = [];

type Send = (value: string, digits: string) => Response | Promise<Response>;

function routes(): Record<string, Record<string, Send>> {
  const post = (body: unknown) => p.call('POST', '/api/v1/disclosures', body);
  const review = (o: Record<string, unknown>) =>
    p.call('POST', '/api/v1/reviews', { eventId: 'evt-raw-base', sender: STAFF, justification: 'The partner needs it for the eligibility review.', recipients: ['sue.suspended@lwdb.example.org'], ...o });
  const check = (o: Record<string, unknown>) =>
    p.call('POST', '/api/v1/recipients/check', { sender: STAFF, channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }], ...o });
  const id = () => `evt-raw-${'abcdefghijklmnopqrstuvwxyz'[n % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(n / 26) % 26]}x`;
  // A disclosure as the extension sends it: naming a real recipient check; each probe puts its value in one field.
  const event = async (o: Record<string, unknown>) => post({ ...(await checkedDisclosure(p, { id: id() })), ...o });
  return {
    'POST /api/v1/disclosures': {
      id: (v) => event({ id: `evt-${v}` }),
      site: (v) => event({ site: v }),
      sender: (v) => event({ sender: `${v}@jobs.example.gov` }),
      'recipient address': (v) => event({ recipients: [{ address: `${v}@lwdb.example.org` }] }),
      'recipient fax': (v) => event({ channel: 'fax', recipients: [{ address: v }] }),
      'recipient reason': (v) => event({ recipients: [{ address: 'avery.partner@lwdb.example.org', reasons: [v] }] }),
      reasons: (v) => event({ reasons: [`ssn ${v}`] }),
      reviewId: (v) => event({ reviewId: `rev-${v}` }),
      'masked sample': (v) => event({ maskedSamples: [v] }),
      'a number split across two samples': (_v, d) => event({ maskedSamples: [`*****${d.slice(0, 4)}`, `****${d.slice(4)}`] }),
      'a raw identifier (they travel only with the check)': (v) => event({ identifiers: [{ type: 'ssn', value: v }] }),
      'an event with no check': (v) => post(disclosure({ id: id(), unchecked: 'network_backstop', decision: 'leaked', maskedSamples: [v] })),
    },
    'POST /api/v1/reviews': {
      eventId: (v) => review({ eventId: `evt-${v}` }),
      sender: (v) => review({ sender: `${v}@jobs.example.gov` }),
      recipient: (v) => review({ recipients: [`${v}@lwdb.example.org`] }),
      justification: (v) => review({ justification: `Claimant ${v} needs this today.` }),
    },
    'POST /api/v1/recipients/check': {
      sender: (v) => check({ sender: `${v}@jobs.example.gov` }),
      recipient: (v) => check({ recipients: [{ address: `${v}@lwdb.example.org` }] }),
    },
    'POST /console/reviews/:id/decide': {
      'decision reason': (v) => supervisor.post(`/console/reviews/${reviewId}/decide`, { decision: 'denied', reason: `Not for ${v}.` }),
      'breach (incident) reason': (v) => supervisor.post(`/console/reviews/${reviewId}/decide`, { decision: 'breach', reason: `Breach of ${v}.` }),
    },
    'POST /console/registry/users': {
      worksite: (v) =>
        custodian.post('/console/registry/users', {
          email: 'new.person@lwdb.example.org', full_name: 'New P Person', organization: 'Example County LWDB', worksite: `Desk ${v}`,
          training_completed_on: '2026-11-01', training_score: '100', attestation_signed_on: '2026-11-01',
        }),
      full_name: (v) =>
        custodian.post('/console/registry/users', {
          email: 'new.person@lwdb.example.org', full_name: `New ${v}`, organization: 'Example County LWDB', worksite: 'Riverton',
          training_completed_on: '2026-11-01', training_score: '100', attestation_signed_on: '2026-11-01',
        }),
    },
    'POST /console/registry/organizations': {
      name: (v) => custodian.post('/console/registry/organizations', { name: `Org ${v}`, type: 'partner', agreement_effective_on: '2026-01-01', agreement_expires_on: '2027-01-01' }),
    },
    'POST /console/registry/import/commit': {
      worksite: (v) =>
        custodian.post('/console/registry/import/commit', {
          csv: `email,full_name,organization,worksite,fax,categories,training_completed_on,training_score,attestation_signed_on,status,separated_on,supervisor_email\nimp.person@lwdb.example.org,Imp P Person,Example County LWDB,"Desk ${v}",,personal,2026-11-01,100,2026-11-01,active,,`,
        }),
    },
    'POST /console/registry/import/opt-outs': {
      'opt-out list (fingerprinted, never stored)': (v) => custodian.post('/console/registry/import/opt-outs', { csv: `ssn\n${v}\n` }),
    },
    'GET /console/log/export.csv': {
      'sender filter': (v) => security.get(`/console/log/export.csv?sender=${encodeURIComponent(v)}`),
    },
    'POST /console/fingerprint': {
      'looked-up value': (v) => security.post('/console/fingerprint', { type: 'ssn', value: v }),
    },
    'POST /console/login': {
      'typed email': (v) => signIn(p, `${v}@jobs.example.gov`, 'wrong password here'),
      'typed as the email': (v) => signIn(p, v, 'wrong password here'),
    },
  };
}

beforeAll(async () => {
  p = await testProxy();
  await addAccounts(p);
  supervisor = await signedIn(p, 'supervisor');
  custodian = await signedIn(p, 'custodian');
  security = await signedIn(p, 'security');
  await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-raw-base', decision: 'blocked', recipients: [{ address: 'sue.suspended@lwdb.example.org' }] }));
  const r = await p.call('POST', '/api/v1/reviews', { eventId: 'evt-raw-base', sender: STAFF, justification: 'The partner needs it for the eligibility review.', recipients: ['sue.suspended@lwdb.example.org'] });
  reviewId = (await r.json()).reviewId;
  for (const [route, fields] of Object.entries(routes())) {
    for (const [field, send] of Object.entries(fields)) {
      for (const [variant, write] of Object.entries(VARIANTS)) {
        const digits = nextSsn();
        const value = write(digits);
        const res = await send(value, digits);
        probes.push({ route, field, variant, digits, value, status: res.status });
      }
    }
  }
  await p.opened.log.drain();
}, 120_000);

afterAll(async () => {
  await p.close();
});

/** The database and its WAL as bytes, read as Latin-1 so every byte is one character. */
function databaseBytes(): string {
  return [p.db, `${p.db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}

/** The digits as stored anywhere: together, or with up to two non-hex characters between them. */
function foundIn(bytes: string, digits: string): boolean {
  const loose = new RegExp([...digits].join('[^0-9a-f]{0,2}'));
  return bytes.includes(digits) || loose.test(bytes);
}

describe('every variant through every route', () => {
  it('is refused with a 4xx (a failed sign-in is 401; a fingerprint look-up answers without storing)', () => {
    // A fingerprint look-up and an opt-out import answer 200: they take identifiers on purpose, to fingerprint them.
    const accepted = probes.filter((x) => x.status < 400 && x.route !== 'POST /console/fingerprint' && !x.route.includes('opt-outs'));
    expect(accepted.map((x) => `${x.route} ${x.field} (${x.variant}): ${x.status}`)).toEqual([]);
    expect(probes.length).toBeGreaterThan(200);
  });

  it('leaves no trace of the digits in the database file or its WAL', () => {
    const bytes = databaseBytes();
    expect(bytes.length).toBeGreaterThan(10_000);
    const leaked = probes.filter((x) => foundIn(bytes, x.digits) || bytes.includes(Buffer.from(x.value, 'utf8').toString('latin1')));
    expect(leaked.map((x) => `${x.route} ${x.field} (${x.variant})`)).toEqual([]);
  });

  it('still stores what it should: the base event and its fingerprint, the failed sign-ins as fingerprints', async () => {
    expect(await p.opened.store.getDisclosure('evt-raw-base')).toBeDefined();
    let failures = 0;
    for await (const e of p.opened.store.entries()) {
      if (e.kind !== 'console.signin_failed') continue;
      failures++;
      expect(JSON.parse(e.body).data.typed).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(failures).toBe(2 * Object.keys(VARIANTS).length);
    expect(ACCOUNTS.security).toBeTruthy();
  });
});
