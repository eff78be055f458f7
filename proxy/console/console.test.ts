/** The console through app.request: sign-in, sessions, CSRF, roles on every route, and each area's work. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkedDisclosure, disclosure, testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import type { Role } from '../store/types';
import { ACCOUNTS, addAccounts, cookiesOf, csrfIn, PASSWORD, signIn as signInAs, signedIn } from '../../test/helpers/console';
import { hashPassword } from './passwords';
import { routesLeftOut } from '../../test/helpers/routes';

let p: TestProxy;

beforeEach(async () => {
  p = await testProxy();
  await addAccounts(p);
});
afterEach(async () => {
  await p.close();
});

const signIn = (email: string, password = PASSWORD, headers: Record<string, string> = {}) => signInAs(p, email, password, headers);
const as = (role: Role) => signedIn(p, role);

async function blockedWithReview(justification = 'Sue covers this case while Avery is out.') {
  await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-blocked-01', decision: 'blocked', recipients: [{ address: 'sue.suspended@lwdb.example.org' }] }));
  const res = await p.call('POST', '/api/v1/reviews', {
    eventId: 'evt-blocked-01',
    sender: 'casey.staff@jobs.example.gov',
    justification,
    recipients: ['sue.suspended@lwdb.example.org'],
    contentHash: 'a'.repeat(64),
  });
  return (await res.json()).reviewId as string;
}

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie (Secure over https) and records the sign-in', async () => {
    const res = await signIn(ACCOUNTS.security);
    expect(res.status).toBe(303);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('dg_session='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).not.toMatch(/Secure/);
    const https = await signIn(ACCOUNTS.security, PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(https.headers.getSetCookie().find((c) => c.startsWith('dg_session='))).toMatch(/Secure/);
    let log = '';
    for await (const e of p.opened.store.entries()) log += e.body;
    expect(log).toContain('console.signin');
    expect(log).not.toContain(PASSWORD);
  });

  it('refuses a wrong password, then locks the account after five failures, and logs each failure', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(ACCOUNTS.security, 'wrong password!!')).status).toBe(401);
    expect((await signIn(ACCOUNTS.security, 'wrong password!!')).status).toBe(423);
    const locked = await signIn(ACCOUNTS.security);
    expect(locked.status).toBe(423);
    expect(await locked.text()).toMatch(/locked for 15 minutes/);
    p.setNow('2026-11-21T18:16:00Z');
    expect((await signIn(ACCOUNTS.security)).status).toBe(303);
    let failures = 0;
    for await (const e of p.opened.store.entries()) if (e.kind === 'console.signin_failed') failures++;
    expect(failures).toBe(6);
  });

  it('answers an unknown account like a wrong password', async () => {
    const res = await signIn('nobody@jobs.example.gov');
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/Email or password is not right/);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const res = await p.app.request('/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: ACCOUNTS.security, password: PASSWORD }),
    });
    expect(res.status).toBe(403);
  });

  it('ends a session after eight hours', async () => {
    const s = await as('security');
    p.setNow('2026-11-22T01:59:00Z');
    expect((await s.get('/console/log')).status).toBe(200);
    p.setNow('2026-11-22T02:01:00Z');
    expect((await s.get('/console/log')).status).toBe(302);
  });

  it('signs out: the session stops working', async () => {
    const s = await as('security');
    expect((await s.post('/console/logout', {})).status).toBe(303);
    expect((await s.get('/console/log')).status).toBe(302);
  });

  it('sends a strict CSP and no-store on console pages', async () => {
    const res = await p.app.request('/console/login');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('roles: every route, every role', () => {
  const ROUTES: Array<[string, string, Role[]]> = [
    ['GET', '/console/reviews', ['supervisor', 'admin']],
    ['POST', '/console/reviews/no-such-review/decide', ['supervisor', 'admin']],
    ['GET', '/console/log', ['security', 'admin']],
    ['GET', '/console/log/export.csv', ['security', 'admin']],
    ['GET', '/console/log/export.jsonl', ['security', 'admin']],
    ['GET', '/console/log/1', ['security', 'admin']],
    ['POST', '/console/fingerprint', ['security', 'admin']],
    ['GET', '/console/chain', ['security', 'admin']],
    ['POST', '/console/chain/verify', ['security', 'admin']],
    ['GET', '/console/incidents', ['security', 'admin']],
    ['POST', '/console/incidents/inc_none/reported', ['security', 'admin']],
    ['POST', '/console/log/1/verify', ['security', 'admin']],
    ['GET', '/console/registry', ['custodian', 'admin']],
    ['GET', '/console/registry/renewals', ['custodian', 'admin']],
    ['GET', '/console/registry/import', ['custodian', 'admin']],
    ['POST', '/console/registry/import', ['custodian', 'admin']],
    ['GET', '/console/registry/import/opt-outs', ['custodian', 'admin']],
    ['POST', '/console/registry/import/opt-outs', ['custodian', 'admin']],
    ['GET', '/console/registry/users/avery.partner%40lwdb.example.org', ['custodian', 'admin']],
    ['GET', '/console/registry/users/avery.partner%40lwdb.example.org/status', ['custodian', 'admin']],
    ['POST', '/console/registry/users', ['custodian', 'admin']],
    ['POST', '/console/registry/users/avery.partner%40lwdb.example.org/status', ['custodian', 'admin']],
    ['POST', '/console/registry/organizations', ['custodian', 'admin']],
    ['POST', '/console/registry/import/commit', ['custodian', 'admin']],
  ];
  const roles: Role[] = ['supervisor', 'security', 'custodian', 'admin'];
  it.each(roles.flatMap((role) => ROUTES.map(([m, path, allowed]) => [role, m, path, allowed.includes(role)] as const)))(
    '%s %s %s → allowed: %s',
    async (role, method, path, allowed) => {
      const s = await as(role);
      const res = method === 'GET' ? await s.get(path) : await s.post(path, { value: '123456789', type: 'ssn', csv: 'email\n' });
      if (allowed) expect(res.status).not.toBe(403);
      else expect(res.status).toBe(403);
    },
  );

  it('the table is the app\'s own: every console route is in it, or is open by design (sign-in, sign-out, the home page every role sees)', () => {
    expect(routesLeftOut(p.app, '/console', ROUTES, ['GET /console/login', 'POST /console/login', 'POST /console/logout', 'GET /console'])).toEqual([]);
  });

  it.each(ROUTES)('%s %s without a session → sign-in page or 401', async (method, path) => {
    const res = await p.app.request(path, method === 'GET' ? {} : { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(res.status).toBe(method === 'GET' ? 302 : 401);
  });

  it('a device token never opens the console', async () => {
    const res = await p.app.request('/console/log', { headers: { authorization: `Bearer ${p.token}` } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/login');
  });

  it('a console session never posts disclosures', async () => {
    const s = await as('admin');
    const res = await p.app.request('/api/v1/disclosures', {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(disclosure()),
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['a page of another role', 'supervisor', 'GET', '/console/log', {}, 403, /This page is for security accounts; you are signed in as supervisor/],
    ['an address that is no page', 'security', 'GET', '/console/nothing-here', {}, 404, /There is no console page at \/console\/nothing-here/],
    ['an entry that does not exist', 'security', 'GET', '/console/log/999999', {}, 404, /The log has no entry 999999/],
    ['a filter that is not a date', 'security', 'GET', '/console/log?from=yesterday', {}, 400, /&quot;from&quot; must be a date/],
    ['a user who is not in the registry', 'custodian', 'GET', '/console/registry/users/nobody%40example.org', {}, 404, /No one with the email nobody@example.org/],
    ['a lookup without digits', 'security', 'POST', '/console/fingerprint', { type: 'ssn', value: 'abc' }, 400, /4 to 17 digits/],
  ] as const)('%s: an HTML page with the status, what went wrong and what to do next', async (_what, role, method, path, form, status, message) => {
    const s = await as(role);
    const res = method === 'GET' ? await s.get(path) : await s.post(path, form as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(message);
    expect(html).toMatch(/<a href="\/console\/(log|reviews|registry)">Back to /);
    expect(html).not.toMatch(/"error":\{/);
  });

  it("shows every time in the agency's time zone, says which, and filters by the agency's days", async () => {
    // 03:30 UTC on Nov 22 is still Nov 21 in Chicago (9:30 PM CST).
    for (const [id, at] of [['evt-tz-late', '2026-11-22T03:30:00Z'], ['evt-tz-next', '2026-11-22T15:00:00Z']] as const) {
      expect((await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id, occurredAt: at }))).status).toBe(201);
    }
    const s = await as('security');
    const html = await (await s.get('/console/log?from=2026-11-21&to=2026-11-21')).text();
    expect(html).toContain('When (America/Chicago)');
    expect(html).toContain('<time datetime="2026-11-22T03:30:00Z">Nov 21, 2026, 9:30 PM CST</time>');
    expect(html).not.toContain('evt-tz-next');
    expect(html).not.toContain('2026-11-22T15:00:00Z');
    const next = await (await s.get('/console/log?from=2026-11-22')).text();
    expect(next).toContain('Nov 22, 2026, 9:00 AM CST');
    expect(next).not.toContain('9:30 PM CST');
  });

  it('a stale form and a signed-out post get HTML pages too', async () => {
    const s = await as('admin');
    const stale = await s.post('/console/chain/verify', {}, false);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toMatch(/This form is out of date .* Reload the page and send it again/);
    const signedOut = await p.app.request('/console/chain/verify', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toMatch(/<a href="\/console\/login">Sign in<\/a>/);
  });

  it('every console form needs the CSRF token', async () => {
    const s = await as('admin');
    expect((await s.post('/console/chain/verify', {}, false)).status).toBe(403);
  });
});

describe('supervisor', () => {
  it('sees the blocked send of their own staff, with metadata only, and approves it once for 30 minutes', async () => {
    const reviewId = await blockedWithReview();
    const s = await as('supervisor');
    const page = await (await s.get('/console/reviews')).text();
    expect(page).toContain('casey.staff@jobs.example.gov');
    expect(page).toContain('sue.suspended@lwdb.example.org');
    expect(page).toContain('Holds: Social Security number, wage amount');
    expect(page).toContain('<li>sue.suspended@lwdb.example.org has had their access suspended</li>');
    expect(page).toContain('Sue covers this case while Avery is out.');
    expect(page).not.toContain('123-45-6789');
    // A suspended recipient: deny is the primary button, approving says what it means.
    expect(page).toMatch(/data-default="deny"><button class="primary" name="decision" value="denied"/);
    expect(page).toContain('Approve once anyway (30 minutes)');

    // A reason too short: the queue again, the form keeping what was typed and saying why.
    const short = await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'approved', reason: 'ok' });
    expect(short.status).toBe(400);
    const shortPage = await short.text();
    expect(shortPage).toMatch(/<p class="error-list" role="alert">Every decision needs a reason of at least 5 characters/);
    expect(shortPage).toMatch(/<textarea id="reason-[^"]+" name="reason" required="" minlength="5">ok<\/textarea>/);
    // A reason holding an identifier is refused and not echoed back.
    const raw = await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'approved', reason: 'Claimant 123-45-6789 confirmed' });
    expect(raw.status).toBe(400);
    expect(await raw.text()).not.toContain('123-45-6789');

    const decided = await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'approved', reason: 'Coverage confirmed by phone.' });
    expect(decided.status).toBe(303);
    expect(decided.headers.get('location')).toBe(`/console/reviews?decided=${reviewId}`);
    const after = await (await s.get(decided.headers.get('location')!)).text();
    expect(after).toContain(`data-confirmed="${reviewId}"`);
    expect(after).toContain("You approved casey.staff@jobs.example.gov&#39;s send to sue.suspended@lwdb.example.org. It may be sent once, until Nov 21, 2026, 12:30 PM CST.");
    expect(after).toMatch(/<td>approved \(one release\)<\/td><td>morgan\.supervisor@jobs\.example\.gov<\/td><td><time datetime="2026-11-21T18:00:00.000Z">Nov 21, 2026, 12:00 PM CST<\/time><\/td>/);
    const status = await (await p.call('GET', `/api/v1/reviews/${reviewId}`)).json();
    expect(status).toMatchObject({ status: 'approved', reason: 'Coverage confirmed by phone.', releaseExpiresAt: '2026-11-21T18:30:00.000Z' });

    const redeem = (o: Record<string, unknown> = {}) =>
      p.call('POST', '/api/v1/releases/redeem', { reviewId, contentHash: 'a'.repeat(64), recipients: ['sue.suspended@lwdb.example.org'], ...o });
    expect((await redeem({ contentHash: 'b'.repeat(64) })).status).toBe(409);
    expect((await redeem()).status).toBe(200);
    const again = await redeem();
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('used');
    expect((await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'denied', reason: 'Second thoughts.' })).status).toBe(409);
  });

  it('a breach opens an incident, and the decided row names it (a link for those who may open incidents)', async () => {
    const reviewId = await blockedWithReview();
    const s = await as('supervisor');
    const res = await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'breach', reason: 'Sent to a personal mailbox.' });
    const page = await (await s.get(res.headers.get('location')!)).text();
    const [incident] = await p.opened.store.listIncidents();
    expect(page).toContain(`You marked casey.staff@jobs.example.gov&#39;s send to sue.suspended@lwdb.example.org as a breach. Incident ${incident!.id} is open; it must be reported by 2026-11-24.`);
    expect(page).toContain(`incident ${incident!.id}, report due 2026-11-24`);
    expect(page).not.toContain(`href="/console/incidents#${incident!.id}"`);
    const admin = await (await (await as('admin')).get('/console/reviews')).text();
    expect(admin).toContain(`<a href="/console/incidents#${incident!.id}">incident ${incident!.id}, report due 2026-11-24</a>`);
    expect(await (await (await as('security')).get('/console/incidents')).text()).toContain(`<tr id="${incident!.id}"`);
  });

  it('a release expires after 30 minutes', async () => {
    const reviewId = await blockedWithReview();
    const s = await as('supervisor');
    await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'approved', reason: 'Confirmed.' });
    p.setNow('2026-11-21T18:31:00Z');
    const res = await p.call('POST', '/api/v1/releases/redeem', { reviewId, contentHash: 'a'.repeat(64), recipients: ['sue.suspended@lwdb.example.org'] });
    expect((await res.json()).error.code).toBe('expired');
  });

  it('does not see other supervisors’ staff', async () => {
    await p.opened.store.addAccount({ email: 'other.supervisor@jobs.example.gov', role: 'supervisor', passwordHash: await hashPassword(PASSWORD) }, '2026-11-21T00:00:00Z');
    const reviewId = await blockedWithReview();
    const res = await signIn('other.supervisor@jobs.example.gov');
    const cookie = cookiesOf(res).split('; ').filter((c) => c.startsWith('dg_session=')).join('; ');
    const page = await (await p.app.request('/console/reviews', { headers: { cookie } })).text();
    expect(page).not.toContain(reviewId);
    expect(page).toContain('No blocked sends are waiting for you.');
  });

  it('marks a breach: an incident due in two business days (Friday → Tuesday), in the chain', async () => {
    p.setNow('2026-11-20T18:00:00Z'); // a Friday
    const reviewId = await blockedWithReview();
    const s = await as('supervisor');
    await s.post(`/console/reviews/${reviewId}/decide`, { decision: 'breach', reason: 'Sent to a personal address earlier.' });
    const [incident] = await p.opened.store.listIncidents();
    expect(incident).toMatchObject({ reviewId, reportDueOn: '2026-11-24', openedBy: ACCOUNTS.supervisor });
    const sec = await as('security');
    expect(await (await sec.get('/console/incidents')).text()).toContain('2026-11-24');
  });
});

describe('security', () => {
  it('finds an event by the SSN it held without echoing or storing the SSN, and exports it', async () => {
    await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p));
    const s = await as('security');
    const res = await s.post('/console/fingerprint', { type: 'ssn', value: '123-45-6789' });
    const html = await res.text();
    expect(html).toContain('1 event sent this ssn');
    expect(html).not.toMatch(/123-?45-?6789/);
    let log = '';
    for await (const e of p.opened.store.entries()) log += e.body;
    expect(log).not.toMatch(/123-?45-?6789/);
    const fp = /fingerprint=([0-9a-f]{64})/.exec(html)![1]!;
    const csv = await (await s.get(`/console/log/export.csv?fingerprint=${fp}`)).text();
    expect(csv.split('\n')[0]).toBe('seq,occurred_at,occurred (America/Chicago),sender,recipients,types,decision,site,channel,device,masked_samples,reasons');
    expect(csv).toContain('casey.staff@jobs.example.gov');
    expect(csv).toContain('***-*5-6789');
    // The shared vocabulary's plain words, not codes.
    expect(csv).toContain('"Social Security number, wage amount",sent with identifiers masked,mail.google.com,email');
    expect(csv).toContain('"Nov 21, 2026, 11:59 AM CST"');
  });

  it('filters the log, draws the chart, and exports JSONL', async () => {
    await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-a-000001', decision: 'masked' }));
    await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-b-000001', decision: 'blocked', site: 'outlook.office.com' }));
    const s = await as('security');
    await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-c-000001', decision: 'blocked', recipients: [{ address: 'sam.separated@lwdb.example.org' }] }));
    const page = await (await s.get('/console/log?decision=blocked&site=outlook.office.com')).text();
    expect(page).toContain('1 event');
    expect(page).toContain('<td data-decision="blocked">blocked</td>');
    const refused = await (await s.get('/console/log?recipient=sam.separated')).text();
    expect(refused).toContain('sam.separated@lwdb.example.org (refused: has separated from their organization)');
    expect(refused).toContain('<option value="review_requested">held for a supervisor</option>');
    expect(page).toContain('data-chart="decision"');
    expect(page).toContain('data-chart="type"');
    const jsonl = (await (await s.get('/console/log/export.jsonl?site=mail.google.com')).text()).trim().split('\n');
    expect(jsonl.map((l) => JSON.parse(l).clientEventId)).toEqual(['evt-c-000001', 'evt-a-000001']);
  });

  it('keeps exports safe from spreadsheet formulas', async () => {
    await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-formula-a', decision: 'blocked', recipients: [{ address: '=HYPERLINK("x")' }] }));
    const s = await as('security');
    const csv = await (await s.get('/console/log/export.csv')).text();
    // The cell starts with the address (the proxy's check adds why it was refused after it).
    expect(csv).toContain(`"'=HYPERLINK(""x"")`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('follows a breach incident from open to reported to closed, with its deadline in business days', async () => {
    const first = await as('security');
    expect(await (await first.get('/console/incidents')).text()).toContain('data-empty="incidents"');
    const reviewId = await blockedWithReview();
    const sup = await as('supervisor');
    await sup.post(`/console/reviews/${reviewId}/decide`, { decision: 'breach', reason: 'Sent to a personal mailbox.' });
    const [incident] = await p.opened.store.listIncidents();
    const id = incident!.id;
    // Opened on Saturday, Nov 21: due Tuesday the 24th, two business days away.
    let page = await (await first.get('/console/incidents')).text();
    expect(page).toContain('2 business days left');
    const event = await p.opened.store.getDisclosure((await p.opened.store.getReview(reviewId))!.eventId);
    expect(page).toContain(`<a href="/console/log/${event!.seq}">the send (blocked)</a>`);
    expect(page).toContain(`<a href="/console/log/${(await p.opened.store.getReview(reviewId))!.seq}">the review request</a>`);
    p.setNow('2026-11-26T18:00:00Z');
    const s = await as('security'); // the earlier session has ended
    page = await (await s.get('/console/incidents')).text();
    expect(page).toMatch(new RegExp(`<tr id="${id}" class="overdue" data-status="open">`));
    expect(page).toContain('overdue by 2 business days');

    expect((await s.post(`/console/incidents/${id}/closed`, { note: 'Closing before reporting' })).status).toBe(409);
    expect((await s.post(`/console/incidents/${id}/reported`, { note: 'no' })).status).toBe(400);
    const reported = await s.post(`/console/incidents/${id}/reported`, { note: 'Reported to the privacy officer, J. Doe' });
    expect(reported.status).toBe(303);
    page = await (await s.get(reported.headers.get('location')!)).text();
    expect(page).toContain(`data-confirmed="${id}"`);
    expect(page).toMatch(new RegExp(`<tr id="${id}" class="" data-status="reported">`));
    expect(page).toContain('reported <time datetime="2026-11-26T18:00:00.000Z">Nov 26, 2026, 12:00 PM CST</time> by sam.security@jobs.example.gov');
    expect((await s.post(`/console/incidents/${id}/closed`, { note: 'The recipient confirmed deletion in writing' })).status).toBe(303);
    expect((await p.opened.store.listIncidents())[0]).toMatchObject({ status: 'closed', closedBy: 'sam.security@jobs.example.gov', note: 'The recipient confirmed deletion in writing' });
    expect(await (await s.get('/console/incidents')).text()).toContain('0 open or reported, 1 closed.');
    expect((await s.post('/console/incidents/inc_none/reported', { note: 'Reported to someone' })).status).toBe(404);
    expect((await s.post('/console/chain/verify', {})).status).toBe(200);
    expect(await (await s.post('/console/chain/verify', {})).text()).toContain('data-verify="ok"');
  });

  it('shows an entry in words, leaves out changes that changed nothing, and verifies that entry on demand', async () => {
    const r = await (await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: 'evt-detail-1', recipients: [{ address: 'sam.separated@lwdb.example.org' }], decision: 'blocked' }))).json();
    const s = await as('security');
    const page = await (await s.get(`/console/log/${r.seq}`)).text();
    expect(page).toContain(`Entry ${r.seq}: a send attempt`);
    expect(page).toContain('<dd>Social Security number, wage amount</dd>');
    expect(page).toContain('<dd>sam.separated@lwdb.example.org (refused: has separated from their organization)</dd>');
    expect(page).toContain('<dd>Nov 21, 2026, 11:59 AM CST</dd>');
    expect(page).not.toMatch(/<pre|\{&quot;/);
    // A registry entry whose change list holds a no-op pair.
    const { seq } = await p.opened.store.write([{ op: 'append', kind: 'registry.user', at: '2026-11-21T18:00:00.000Z', data: { action: 'update', email: 'avery.partner@lwdb.example.org', by: 'c', changed: { separatedOn: [null, null], worksite: ['Riverton', 'Fairview'] } } }]).then((x) => x[0] as { seq: number });
    const reg = await (await s.get(`/console/log/${seq}`)).text();
    expect(reg).toContain('<dd>worksite: Riverton → Fairview</dd>');
    expect(reg).not.toContain('separatedOn');
    const verified = await (await s.post(`/console/log/${r.seq}/verify`, {})).text();
    expect(verified).toContain(`data-verify="ok"`);
    expect(verified).toContain(`Entry ${r.seq} verifies: its hash, its place in the chain and its signature match`);
  });

  it('draws charts that can be read back: the counts per day and series, round ticks, only the series present, legends that never overlap', async () => {
    const sends: Array<[string, string, Record<string, number>]> = [
      ['2026-11-18T15:00:00Z', 'masked', { ssn: 1 }],
      ['2026-11-18T16:00:00Z', 'masked', { ssn: 2, wage: 1 }],
      ['2026-11-18T17:00:00Z', 'blocked', { ssn: 1 }],
      // 03:00 UTC on the 20th is the evening of the 19th in Chicago.
      ['2026-11-20T03:00:00Z', 'review_requested', { dob: 1 }],
      ['2026-11-20T16:00:00Z', 'masked', { ssn: 1 }],
      ['2026-11-20T17:00:00Z', 'leaked', { ssn: 1 }],
    ];
    let n = 0;
    for (const [at, decision, types] of sends) {
      expect((await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: `evt-chart-${++n}`, occurredAt: at, decision, types, maskedSamples: [] }))).status).toBe(201);
    }
    const s = await as('security');
    const html = await (await s.get('/console/log')).text();
    const chart = (by: string) => new RegExp(`<figure data-chart="${by}">([\\s\\S]*?)</figure>`).exec(html)![1]!;
    const read = (svg: string) => {
      const out: Record<string, Record<string, number>> = {};
      for (const g of svg.matchAll(/<g data-day="([\d-]+)">([\s\S]*?)<\/g>/g)) {
        for (const r of g[2]!.matchAll(/data-key="([a-z_]+)" data-count="(\d+)"/g)) (out[g[1]!] ??= {})[r[1]!] = Number(r[2]);
      }
      return out;
    };
    expect(read(chart('decision'))).toEqual({
      '2026-11-18': { masked: 2, blocked: 1 },
      '2026-11-19': { review_requested: 1 },
      '2026-11-20': { masked: 1, leaked: 1 },
    });
    expect(read(chart('type'))).toEqual({
      '2026-11-18': { ssn: 3, wage: 1 },
      '2026-11-19': { dob: 1 },
      '2026-11-20': { ssn: 2 },
    });
    const decisions = chart('decision');
    expect(decisions).toContain('Send attempts per day, by what happened');
    expect(decisions).toContain('day (America/Chicago)');
    expect([...decisions.matchAll(/data-tick="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([0, 1, 2, 3]);
    // Only the series present, each with its own colour, and no two labels on top of each other.
    const legend = [...decisions.matchAll(/<g data-legend="([a-z_]+)"><rect x="([\d.]+)" y="([\d.]+)" width="12" height="12" fill="(#[0-9a-f]{6})"><\/rect><text [^>]*>([^<]+)<\/text>/g)].map((m) => ({ key: m[1]!, x: Number(m[2]), y: Number(m[3]), fill: m[4]!, text: m[5]! }));
    expect(legend.map((l) => l.key)).toEqual(['masked', 'blocked', 'review_requested', 'leaked']);
    expect(legend.map((l) => l.text)).toEqual(['sent with identifiers masked', 'blocked', 'held for a supervisor', 'left the page unguarded']);
    for (const a of legend) {
      for (const b of legend) {
        if (a === b || a.y !== b.y) continue;
        const [l, r] = a.x < b.x ? [a, b] : [b, a];
        expect(l.x + 18 + l.text.length * 6.5, `${l.key} overlaps ${r.key}`).toBeLessThanOrEqual(r.x);
      }
    }
    const typeFills = [...chart('type').matchAll(/data-legend="[a-z_]+"><rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(new Set([...legend.map((l) => l.fill), ...typeFills]).size).toBe(legend.length + typeFills.length);
    // Nothing to draw: a sentence, not an empty box.
    const none = await (await s.get('/console/log?site=nowhere.example.org')).text();
    expect(none).toContain('<figure data-chart="decision" data-empty="yes">');
    expect(none).toContain('No send attempts match this filter, so there is nothing to draw.');
  });

  it('lists on the chain status page the site rules browsers could not use, and what guards those sites instead', async () => {
    const s = await as('security');
    expect(await (await s.get('/console/chain')).text()).toContain('No browser reported a site rule it could not use');
    const rules = [
      { source: 'managed', index: 2, code: 'unknown_kind', fallback: { adapter: 'form', mode: 'enforce' }, reason: 'the kind of page is unknown to this extension version: the site is guarded by the generic request guard at enforce' },
      { source: 'local', index: 0, code: 'every_site', reason: 'the match names every site: the rule is not applied' },
    ];
    expect((await p.call('POST', '/api/v1/client-events', { kind: 'policy_error', rules })).status).toBe(201);
    const html = await (await s.get('/console/chain')).text();
    const row = /<tr data-policy-error="\d+">.*?<\/tr>/s.exec(html)?.[0] ?? '';
    expect(row).toContain('test-device');
    expect(row).toContain('casey.staff@jobs.example.gov');
    expect(row).toContain('IT policy (managed), rule 3: the kind of page is unknown to this extension version: the site is guarded by the generic request guard at enforce');
    expect(row).toContain('set in the browser, rule 1: the match names every site: the rule is not applied');
  });

  it('verifies the chain on demand', async () => {
    const s = await as('security');
    const html = await (await s.post('/console/chain/verify', {})).text();
    expect(html).toMatch(/data-verify="ok"/);
  });
});

describe('custodian', () => {
  it('separates a user, effective at the next recipient check, and shows it in the history', async () => {
    const check = async () =>
      (await (await p.call('POST', '/api/v1/recipients/check', { sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }] })).json()).decisions[0];
    expect((await check()).authorized).toBe(true);
    const s = await as('custodian');
    const list = await (await s.get('/console/registry')).text();
    expect(list).toContain('<a href="/console/registry/users/avery.partner%40lwdb.example.org/status?to=separated">Separate</a>');
    // Separating asks for a reason and a confirmation first; nothing changes until then.
    const ask = await (await s.get('/console/registry/users/avery.partner%40lwdb.example.org/status?to=separated')).text();
    expect(ask).toContain('Avery Q Partner will be recorded as separated today and will receive no confidential data');
    expect((await s.post('/console/registry/users/avery.partner%40lwdb.example.org/status', { status: 'separated' })).status).toBe(200);
    const noReason = await s.post('/console/registry/users/avery.partner%40lwdb.example.org/status', { status: 'separated', confirm: 'yes', reason: 'no' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toMatch(/Give a reason of 5 to 500 characters[\s\S]*>no<\/textarea>/);
    expect((await check()).authorized).toBe(true);
    const done = await s.post('/console/registry/users/avery.partner%40lwdb.example.org/status', { status: 'separated', confirm: 'yes', reason: 'Left the LWDB on Friday (HR notice).' });
    expect(done.status).toBe(303);
    expect(await check()).toMatchObject({ authorized: false, reasons: ['separated'] });
    const page = await (await s.get('/console/registry/users/avery.partner%40lwdb.example.org')).text();
    expect(page).toContain('console:cam.custodian@jobs.example.gov');
    expect(page).toMatch(/status: active → separated[^<]*<\/td><td>Left the LWDB on Friday \(HR notice\)\.<\/td>/);
    expect(page).toContain('no: has separated from their organization');
    // The edit form holds the current values.
    expect(page).toContain('<input id="u-full_name" name="full_name" type="text" value="Avery Q Partner"/>');
    expect(page).not.toContain('null');
  });

  it('previews an import (changes and row errors) and writes only on commit', async () => {
    const s = await as('custodian');
    const csv = (await p.opened.registry.exportUsersCsv()).replace('Avery Q Partner', 'Avery Q Partner-Smith');
    const seq = (await p.opened.store.logState()).seq;
    const preview = await (await s.post('/console/registry/import', { csv })).text();
    expect(preview).toContain('0 to add, 1 to change');
    expect(preview).toContain('fullName: &quot;Avery Q Partner&quot; → &quot;Avery Q Partner-Smith&quot;');
    expect((await p.opened.store.logState()).seq).toBe(seq);
    expect((await s.post('/console/registry/import/commit', { csv })).status).toBe(303);
    expect((await p.opened.store.getUser('avery.partner@lwdb.example.org'))?.fullName).toBe('Avery Q Partner-Smith');

    const bad = await s.post('/console/registry/import', { csv: csv.replace(',active,', ',retired,') });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/status &quot;retired&quot; is not one of/);
  });

  it('flags lapsed attestations, expired training and scores below 100, and lists the already-lapsed among renewals', async () => {
    const s = await as('custodian');
    const list = await (await s.get('/console/registry')).text();
    const row = (email: string) => new RegExp(`<tr data-user="${email.replace(/\./g, '\\.')}" data-flags="([^"]*)">([\\s\\S]*?)</tr>`).exec(list)!;
    expect(row('tom.training-incomplete@lwdb.example.org')[1]).toBe('training_incomplete');
    expect(row('tom.training-incomplete@lwdb.example.org')[2]).toMatch(/<td class="bad">[^<]*\(90%\) \(below 100\)<\/td>/);
    expect(row('ari.attestation-expired@lwdb.example.org')[2]).toMatch(/<td class="bad">\d{4}-\d{2}-\d{2} \(lapsed\)<\/td>/);
    expect(row('ari.attestation-expired@lwdb.example.org')[2]).toContain('has not re-signed the confidentiality attestation this year');
    expect(row('avery.partner@lwdb.example.org')[1]).toBe('');
    expect(row('avery.partner@lwdb.example.org')[2]).toContain('<td class="ok">yes</td>');
    const renewals = await (await s.get('/console/registry/renewals')).text();
    expect(renewals).toMatch(/Ari A Lapsed \(ari\.attestation-expired@lwdb\.example\.org\)<\/td><td>attestation<\/td><td>[\d-]+<\/td><td>lapsed \d+ days ago/);
    expect(renewals).toContain('Ana N Unsigned (ana.no-attestation@lwdb.example.org)</td><td>attestation (never completed)');
    expect(renewals).toContain('training (score 90%, below 100)');
    expect(renewals).toMatch(/\d+ already lapsed \(they receive no confidential data until renewed\)/);
  });

  it('a user form that cannot be saved keeps what was typed and lists every problem', async () => {
    const s = await as('custodian');
    const res = await s.post('/console/registry/users', {
      email: 'new.partner@lwdb.example.org',
      full_name: 'New T Partner',
      organization: 'No Such Organization',
      training_score: '101',
      training_completed_on: '2026-11-01',
      attestation_signed_on: '2026-11-01',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/Not saved: \d+ things need correcting/);
    expect(html).toContain('value="new.partner@lwdb.example.org"');
    expect(html).toContain('value="New T Partner"');
    expect(html).toContain('value="No Such Organization"');
    expect((html.match(/<li>/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(await p.opened.store.getUser('new.partner@lwdb.example.org')).toBeUndefined();
  });

  it('adds an organization with its agreement, and refuses one without an agreement', async () => {
    const s = await as('custodian');
    const ok = await s.post('/console/registry/organizations', {
      name: 'New Training Partner',
      type: 'partner',
      agreement_effective_on: '2026-11-01',
      agreement_expires_on: '2027-10-31',
      categories: 'wage',
    });
    expect(ok.status).toBe(303);
    expect(await p.opened.store.getOrganization('New Training Partner')).toMatchObject({ type: 'partner', categories: ['wage'] });
    const bad = await s.post('/console/registry/organizations', { name: 'No Agreement Partner', type: 'partner' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/a data-sharing agreement/);
  });

  it('lists renewals due in the next 30 days', async () => {
    p.setNow('2027-10-01T18:00:00Z');
    const s = await as('custodian');
    const html = await (await s.get('/console/registry/renewals')).text();
    expect(html).toContain('Avery Q Partner (avery.partner@lwdb.example.org)');
    expect(html).toContain('2027-10-22');
  });
});
