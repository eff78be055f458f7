/**
 * A webmail the agency runs, guarded by a rule IT writes (`adapter: "webmail"`, preset `roundcube`),
 * on the real Roundcube 1.6 (test/e2e/webmail/roundcube.ts) in Chromium with the built extension
 * and the real proxy's demo registry. Asserted on what Roundcube's mail server (the SMTP sink)
 * received and on the proxy's log: the authorized recipient gets the message masked with the statement
 * once; an unregistered, a separated, or a not-authorized-for-wages recipient gets nothing and the
 * dialog names each; a reply quoting an SSN goes masked; a message forwarded as an attachment (which
 * the page never holds) is refused; a draft Roundcube saves on its own holds masked identifiers only.
 */
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import { hasStatement } from '../../shared/statement';
import { freePort, launch, Proxy, until } from './harness';
import { Roundcube } from './webmail/roundcube';

const STAFF = 'casey.staff@jobs.example.gov';
const AUTHORIZED = 'avery.partner@lwdb.example.org';
const UNREGISTERED = 'nobody@unknown.example.net';
const SEPARATED = 'sam.separated@lwdb.example.org';
const EMPLOYER_ONLY = 'eli.employer-only@contractor.example.com';
const SSN = '536-22-1874';
const DIGITS = /536\D?22\D?1874/;

let proxy: Proxy;
let webmail: Roundcube;
let context: BrowserContext;
let page: Page;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  proxy = new Proxy(await freePort());
  proxy.seed();
  [webmail] = await Promise.all([Roundcube.start(), proxy.start()]);
  webmail.addUser(STAFF);
  const launched = await launch();
  context = launched.context;
  // The rule as IT writes it for Roundcube: the preset names its send request.
  const host = new URL(webmail.origin).host;
  await launched.worker.evaluate(
    (s) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set(s),
    { proxyUrl: proxy.url, apiToken: proxy.token, userEmail: STAFF, failMode: 'closed', sites: [{ match: host, adapter: 'webmail', mode: 'enforce', preset: 'roundcube' }] },
  );
  page = await context.newPage();
  await webmail.login(page, STAFF);
  await expect(page.locator('html')).toHaveAttribute('data-disclosure-guard', 'webmail');
});

test.afterAll(async () => {
  await context?.close();
  await webmail?.stop();
  await proxy?.stop();
});

const dialog = (p: Page, name: string) => p.locator(`disclosure-guard-ui[data-dialog="${name}"] .dialog`);
const sinkCount = async () => (await webmail.received()).length;

test('to an authorized recipient: subject and body masked, the statement once; the send is logged masked with its check', async () => {
  const before = await sinkCount();
  await webmail.compose(page);
  await webmail.fill(page, { to: [AUTHORIZED], subject: `Claimant ${SSN}`, body: `Jane Q. Public, SSN ${SSN}, needs her wage records.` });
  await webmail.send(page);

  const m = await webmail.message(before + 1);
  expect(m.envelope.to).toEqual([AUTHORIZED]);
  expect(m.text).not.toMatch(DIGITS);
  expect(m.subject).toBe('Claimant ***-*2-1874');
  expect(m.parts[0]!.text).toContain('Jane Q. Public, SSN ***-*2-1874, needs her wage records.');
  expect(hasStatement(m.parts[0]!.text)).toBe(true);
  expect(m.parts[0]!.text.split('may be confidential').length - 1).toBe(1);
  const logged = await until(() => proxy.events().find((e) => e.data.decision === 'masked' && e.data.site === new URL(webmail.origin).host), 15_000, 'the masked send in the log');
  expect(logged.data).toMatchObject({ channel: 'email', statementAdded: true, recipients: [{ address: AUTHORIZED }] });
  expect(proxy.logText()).not.toMatch(DIGITS);
});

test('an unregistered, a separated and a not-authorized-for-wages recipient (To, Cc, Bcc): nothing arrives, the dialog names each; Edit and send again to the authorized one alone', async () => {
  const before = await sinkCount();
  await webmail.compose(page);
  await webmail.fill(page, { to: [AUTHORIZED], cc: [SEPARATED, EMPLOYER_ONLY], bcc: [UNREGISTERED], subject: 'Wage records', body: `SSN ${SSN}. Base period wages: $12,480.00 for Q3 2024.` });
  await webmail.send(page);

  const blocked = dialog(page, 'blocked');
  await expect(blocked).toBeVisible({ timeout: 30_000 });
  await expect(blocked).toContainText(`${UNREGISTERED} is not on the Authorized User Registry`);
  await expect(blocked).toContainText(`Sam R Separated (${SEPARATED}) has separated from their organization`);
  await expect(blocked).toContainText(`(${EMPLOYER_ONLY}) may not receive`);
  await expect(blocked).not.toContainText(`(${AUTHORIZED})`);
  await blocked.locator('[data-action="edit"]').click();
  // Nothing reached the mail server; the refusal is logged with each reason.
  const refusal = await until(() => proxy.events().find((e) => e.data.decision === 'blocked' && (e.data.reasons as string[]).includes('separated')), 15_000, 'the refusal in the log');
  expect(refusal.data.reasons).toEqual(expect.arrayContaining(['separated', 'not_in_registry']));
  expect(await sinkCount()).toBe(before);

  // "Remove these recipients" takes the refused ones out of the request; the rest get it, masked.
  await webmail.send(page);
  await expect(blocked).toBeVisible({ timeout: 30_000 });
  await blocked.locator('[data-action="remove"]').click();
  const m = await webmail.message(before + 1);
  expect(m.envelope.to).toEqual([AUTHORIZED]);
  expect(m.text).not.toMatch(DIGITS);
  expect(m.text).toContain('$12,480.00');
  expect(hasStatement(m.parts[0]!.text)).toBe(true);
});

test('a reply quoting an SSN goes masked, threaded, sent from the keyboard', async () => {
  const before = await sinkCount();
  const original = webmail.deliver(STAFF, { from: `Avery Q Partner <${AUTHORIZED}>`, to: STAFF, subject: 'Claimant question', text: `Can you confirm the claimant with SSN ${SSN}?` });
  await webmail.reply(page, original.uid);
  await webmail.fill(page, { body: 'Confirmed, see below.' });
  await webmail.send(page, { by: 'keyboard' });

  const m = await webmail.message(before + 1);
  expect(m.envelope.to).toEqual([AUTHORIZED]);
  expect(m.inReplyTo).toBe(original.messageId);
  expect(m.text).not.toMatch(DIGITS);
  expect(m.parts[0]!.text).toMatch(/> Can you confirm the claimant with SSN \*\*\*-\*2-1874\?/);
});

test('an HTML message: masked inside the markup, the statement a paragraph of its own', async () => {
  const before = await sinkCount();
  await webmail.compose(page);
  await webmail.fill(page, { to: [AUTHORIZED], subject: 'Claim review', body: `Claimant SSN ${SSN}`, html: true });
  await webmail.send(page);
  const m = await webmail.message(before + 1);
  expect(m.text).not.toMatch(DIGITS);
  const html = m.parts.find((p) => p.contentType === 'text/html')!.text;
  expect(html).toContain('***-*2-1874');
  expect(html).toMatch(/<p>The information contained in or attached to this transmission/);
  expect(hasStatement(m.parts.find((p) => p.contentType === 'text/plain')!.text)).toBe(true);
});

test('a message forwarded as an attachment (held by the server, never by the page) is refused with a plain reason; nothing arrives', async () => {
  const before = await sinkCount();
  const original = webmail.deliver(STAFF, { from: `Avery Q Partner <${AUTHORIZED}>`, to: STAFF, subject: 'Claimant file', text: `Claimant SSN ${SSN}, DOB 04/12/1985.` });
  await webmail.forward(page, original.uid, { asAttachment: true });
  await webmail.fill(page, { to: [AUTHORIZED], body: 'Forwarding the file.' });
  await webmail.send(page);
  const refused = dialog(page, 'request-blocked');
  await expect(refused).toBeVisible({ timeout: 30_000 });
  await expect(refused).toContainText('never held');
  await refused.locator('[data-action="ok"]').click();
  await until(() => proxy.events().find((e) => (e.data.reasons as string[]).includes('attachment_not_inspected')), 15_000, 'the refusal in the log');
  expect(await sinkCount()).toBe(before);
});

test('an attachment uploaded from the page goes as its masked copy, and the message to the authorized recipient carries the statement', async () => {
  const before = await sinkCount();
  await webmail.compose(page);
  await webmail.fill(page, { to: [AUTHORIZED], subject: 'Claim list', body: 'The list is attached.' });
  await webmail.attach(page, { name: 'claims.csv', mimeType: 'text/csv', buffer: Buffer.from(`Name,SSN\nJane Q. Public,${SSN}\n`) });
  await webmail.send(page);
  const m = await webmail.message(before + 1);
  expect(m.text).not.toMatch(DIGITS);
  const file = m.parts.find((p) => p.filename?.endsWith('.csv'));
  expect(file?.text).toContain('Jane Q. Public,***-*2-1874');
  expect(hasStatement(m.parts[0]!.text)).toBe(true);
});

test('a draft Roundcube saves holds masked identifiers only', async () => {
  await webmail.compose(page);
  await webmail.fill(page, { to: [UNREGISTERED], subject: 'Draft', body: `Claimant SSN ${SSN}` });
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.isNavigationRequest()) posts.push(r.postData() ?? '');
  });
  await webmail.saveDraft(page);
  const draft = await until(() => posts.find((p) => new URLSearchParams(p).get('_draft') === '1'), 20_000, 'the draft save');
  const fields = new URLSearchParams(draft);
  expect(fields.get('_message')).toBe('Claimant SSN ***-*2-1874');
  expect(hasStatement(fields.get('_message')!)).toBe(false);
  expect(draft).not.toMatch(DIGITS);
});
