/**
 * Every stored field (the list in stored-fields.ts) × a wage, a benefit amount, a birth date and an
 * SSN: each is refused naming the field, as the place it arrives refuses (JSON 400 for the API, the
 * form again with a readable error for the console, exit 2 for the CLI), and nothing of it is stored.
 * Ordinary text, numbers without confidential context included, is stored.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine } from '../registry/csv';
import { USER_EXPORT_COLUMNS } from '../registry/import';
import { demoOrganizationsCsv, demoUsersCsv } from '../operations/demo';
import { STORED_FIELDS } from './stored-fields';
import type { StoredWhere } from './stored-fields';
import { reportedDisclosure, STAFF, testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { addAccounts, signedIn } from '../../test/helpers/console';
import type { ConsoleBrowser } from '../../test/helpers/console';
import { runDg } from '../../test/helpers/cli';

/** What a person might type into free text, and the part of it that must never be stored. */
const CONFIDENTIAL: Array<[what: string, text: string, value: string]> = [
  ['a wage', 'Claimant quarterly wages 34,567.89 per the employer', '34,567.89'],
  ['a benefit amount', 'Weekly benefit amount $413.00 confirmed', '413.00'],
  ['a birth date', 'Claimant DOB 03/14/1985 on file', '03/14/1985'],
  ['an SSN', 'Claimant SSN 536-22-1874 on file', '536-22-1874'],
];
/** An address field cannot hold a sentence; an identifier hidden in one is refused the same way. */
const IN_ADDRESS: Record<string, [text: string, value: string]> = {
  fax: ['536-22-1874', '536-22-1874'],
  site: ['536221874.example.org', '536221874'],
  default: ['536221874@lwdb.example.org', '536221874'],
};

/** Ordinary values each field stores; free text mentions wages and dates without any amount or birth date. */
const ORDINARY_TEXT = "Needs the claimant's wage history for the 2026 appeal";
const ORDINARY: Record<string, string> = {
  'review.sender': STAFF,
  'review.recipients.*': 'sue.suspended@lwdb.example.org',
  'disclosure.sender': STAFF,
  'disclosure.site': 'partner-portal.example.org',
  'disclosure.recipients.*.address': 'avery.partner@lwdb.example.org',
  'recipientCheck.sender': STAFF,
  'recipientCheck.recipients.*.address': 'avery.partner@lwdb.example.org',
  'usersCsv.email': 'jordan.new@lwdb.example.org',
  'usersCsv.organization': 'Example County LWDB',
  'usersCsv.fax': '(573) 555-0177',
  'usersCsv.supervisor_email': 'morgan.supervisor@jobs.example.gov',
  'usersCsv.aliases': 'jordan@lwdb.example.org',
  'accountCommand.--email': 'new.admin@jobs.example.gov',
  'tokenCommand.--name': 'Casey laptop, room 204',
};

let p: TestProxy;
let admin: ConsoleBrowser;
let cliDir: string;
let n = 0;
const unique = (prefix: string) => `${prefix}-${String(++n).padStart(4, '0')}-case`;

beforeAll(async () => {
  p = await testProxy();
  await addAccounts(p);
  admin = await signedIn(p, 'admin');
  cliDir = mkdtempSync(join(tmpdir(), 'dg-stored-'));
  const today = p.opened.registry.today();
  writeFileSync(join(cliDir, 'orgs.csv'), demoOrganizationsCsv(today));
  writeFileSync(join(cliDir, 'users.csv'), demoUsersCsv(today));
  expect((await cli('registry', 'import-orgs', join(cliDir, 'orgs.csv'))).code).toBe(0);
  expect((await cli('registry', 'import', join(cliDir, 'users.csv'))).code).toBe(0);
});
afterAll(async () => {
  await p.close();
  rmSync(cliDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runDg([...args, '--db', join(cliDir, 'dg.db'), '--secrets', join(cliDir, 'secrets')], 'a long passphrase for the test');

/** `base` with the field at `pattern` set to `value` (`*` is the first item of its list). */
function withField(base: Record<string, unknown>, pattern: string, value: string): Record<string, unknown> {
  const copy = structuredClone(base);
  const steps = pattern.split('.').map((s) => (s === '*' ? '0' : s));
  let at: Record<string, unknown> = copy;
  for (const s of steps.slice(0, -1)) at = at[s] as Record<string, unknown>;
  at[steps.at(-1)!] = value;
  return copy;
}

async function newReview(): Promise<string> {
  const res = await p.call('POST', '/api/v1/reviews', { eventId: unique('evt'), sender: STAFF, justification: 'Sue covers this case while Avery is out.', recipients: ['sue.suspended@lwdb.example.org'], contentHash: 'b'.repeat(64) });
  expect(res.status).toBe(201);
  return (await res.json()).reviewId;
}

type Answer = { kind: 'json'; res: Response } | { kind: 'html'; res: Response } | { kind: 'cli'; code: number; err: string };

/** Sends `value` in `field` the way it arrives in real use. */
const SEND: Record<StoredWhere, (field: string, value: string) => Promise<Answer>> = {
  review: async (field, value) => ({
    kind: 'json',
    res: await p.call('POST', '/api/v1/reviews', withField({ eventId: unique('evt'), sender: STAFF, justification: ORDINARY_TEXT, recipients: ['sue.suspended@lwdb.example.org'], contentHash: 'c'.repeat(64) }, field, value)),
  }),
  disclosure: async (field, value) => ({ kind: 'json', res: await p.call('POST', '/api/v1/disclosures', withField(reportedDisclosure({ id: unique('evt') }), field, value)) }),
  recipientCheck: async (field, value) => ({
    kind: 'json',
    res: await p.call('POST', '/api/v1/recipients/check', withField({ sender: STAFF, channel: 'email', categories: ['wage'], recipients: [{ address: 'avery.partner@lwdb.example.org' }] }, field, value)),
  }),
  clientEvent: async (field, value) => ({
    kind: 'json',
    res: await p.call('POST', '/api/v1/client-events', withField({ kind: 'policy_error', rules: [{ source: 'managed', index: 0, reason: 'unknown kind of page' }] }, field, value)),
  }),
  reviewDecision: async (_field, value) => ({ kind: 'html', res: await admin.post(`/console/reviews/${await newReview()}/decide`, { decision: 'denied', reason: value }) }),
  statusChange: async (_field, value) => {
    const email = 'tess.training-expired@lwdb.example.org';
    const to = (await p.opened.store.getUser(email))!.status === 'suspended' ? 'active' : 'suspended';
    return { kind: 'html', res: await admin.post(`/console/registry/users/${encodeURIComponent(email)}/status`, { status: to, confirm: 'yes', reason: value }) };
  },
  incidentStep: async (_field, value) => {
    const review = await newReview();
    expect((await admin.post(`/console/reviews/${review}/decide`, { decision: 'breach', reason: 'Sent to a personal mailbox.' })).status).toBe(303);
    const incident = (await p.opened.store.listIncidents()).find((i) => i.reviewId === review)!;
    return { kind: 'html', res: await admin.post(`/console/incidents/${incident.id}/reported`, { note: value }) };
  },
  exportFilter: async (field, value) => ({ kind: 'html', res: await admin.get(`/console/log/export.csv?${new URLSearchParams({ [field]: value })}`) }),
  usersCsv: async (field, value) => {
    const row: Record<string, string> = {
      email: unique('jordan') + '@lwdb.example.org',
      full_name: 'Jordan W New',
      organization: 'Example County LWDB',
      worksite: 'Riverton Career Center',
      categories: 'wage',
      status: 'active',
      [field]: value,
    };
    const csv = csvLine(USER_EXPORT_COLUMNS) + csvLine(USER_EXPORT_COLUMNS.map((c) => row[c] ?? ''));
    return { kind: 'html', res: await admin.post('/console/registry/import/commit', { csv }) };
  },
  orgsCsv: async (_field, value) => ({
    kind: 'html',
    res: await admin.post('/console/registry/organizations', { name: value, type: 'partner', agreement_effective_on: '2026-01-01', agreement_expires_on: '2027-12-31', categories: 'wage' }),
  }),
  tokenCommand: async (_field, value) => ({ kind: 'cli', ...(await cli('token', 'create', '--user', STAFF, '--name', value)) }),
  accountCommand: async (_field, value) => ({ kind: 'cli', ...(await cli('account', 'add', '--email', value, '--role', 'security', '--password-stdin')) }),
};

/** Everything the proxy stored: every chain entry, and the tables derived from them. */
async function storedText(): Promise<string> {
  await p.opened.log.drain();
  let all = '';
  for await (const e of p.opened.store.entries()) all += e.body;
  const s = p.opened.store;
  return all + JSON.stringify([await s.listReviews(), await s.listUsers(), await s.listOrganizations(), await s.listIncidents()]);
}

async function expectRefused(a: Answer, field: string, value: string) {
  const path = field.replace(/\*/g, '0');
  if (a.kind === 'cli') {
    expect(a.code).toBe(2);
    expect(a.err).toContain(`${field} holds`);
  } else if (a.kind === 'json') {
    expect(a.res.status).toBe(400);
    const body = await a.res.json();
    expect(body.error.code).toBe('raw_value');
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
    expect(JSON.stringify(body)).not.toContain(value);
  } else {
    expect(a.res.status).toBe(400);
    expect(a.res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await a.res.text();
    expect(html).toMatch(/role="alert"|class="error-list"/);
    expect(html).toContain(`${field} holds`);
    // The page names the field and never shows the value back.
    expect(html).not.toContain(value);
  }
}

async function expectStored(a: Answer) {
  if (a.kind === 'cli') expect(a.code, a.err).toBe(0);
  else expect(a.res.status, await a.res.clone().text()).toBeLessThan(400);
}

const table = Object.entries(STORED_FIELDS).flatMap(([where, fields]) =>
  Object.entries(fields).map(([field, kind]) => ({ where: where as StoredWhere, field, kind: kind as string })),
);

describe.each(table)('$where: $field', ({ where, field, kind }) => {
  const samples: Array<[string, string, string]> =
    kind === 'text' ? CONFIDENTIAL : [['an SSN in an address', ...(IN_ADDRESS[field.replace(/^.*\./, '')] ?? IN_ADDRESS.default!)]];

  it.each(samples)('refuses %s, naming the field, and stores nothing of it', async (_what, text, value) => {
    const a = await SEND[where](field, text);
    await expectRefused(a, field, value);
    if (a.kind !== 'cli') expect(await storedText()).not.toContain(value);
  });

  it('stores ordinary text', async () => {
    const value = ORDINARY[`${where}.${field}`] ?? ORDINARY_TEXT;
    await expectStored(await SEND[where](field, value));
    // The CLI writes to a store of its own; every other text field is in this proxy's.
    if (kind === 'text' && where !== 'tokenCommand') expect(await storedText()).toContain(value);
  });
});

describe('the console user form', () => {
  it('comes back with the refusal on the form, naming the field, and saves nothing', async () => {
    const email = `${unique('form')}@lwdb.example.org`;
    const res = await admin.post('/console/registry/users', {
      email,
      full_name: 'Jordan W Form',
      organization: 'Example County LWDB',
      worksite: 'Riverton, quarterly wages 34,567.89',
      categories: 'wage',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Not saved: one thing needs correcting.');
    expect(html).toContain('worksite holds a wage amount');
    // What was typed is kept, except the refused field: the page never shows the wage back.
    expect(html).toContain('value="Jordan W Form"');
    expect(html).not.toContain('34,567.89');
    expect(await p.opened.store.getUser(email)).toBeUndefined();
  });
});
