/**
 * The console with the extension, as the people who use them: a send blocked in the extension
 * reaches the supervisor's queue; the approval lets that same message go out once, and a second
 * re-send is blocked; security finds the event by the SSN's fingerprint and exports it; the
 * custodian separates a user and the next send to them is blocked.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { configure, freePort, launch, Proxy, sent, serveFixtures, until } from './harness';

const PASSWORD = 'correct horse battery staple';
let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let context: BrowserContext;
let extensionId: string;
let worker: Awaited<ReturnType<typeof launch>>['worker'];

test.beforeAll(async () => {
  proxy = new Proxy(await freePort());
  proxy.seed();
  proxy.addAccount('morgan.supervisor@jobs.example.gov', 'supervisor', PASSWORD);
  proxy.addAccount('sam.security@jobs.example.gov', 'security', PASSWORD);
  proxy.addAccount('cam.custodian@jobs.example.gov', 'custodian', PASSWORD);
  await proxy.start();
  fixtures = await serveFixtures();
  const launched = await launch();
  context = launched.context;
  extensionId = launched.id;
  worker = launched.worker;
  await configure(launched.worker, proxy, fixtures.origin);
});

test.afterAll(async () => {
  await context?.close();
  await proxy?.stop();
  fixtures?.server.close();
});

const dialog = (page: Page, name: string) => page.locator(`disclosure-guard-ui[data-dialog="${name}"] .dialog`);

async function consoleAs(email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${proxy.url}/console/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await expect(page.locator('header .who')).toContainText(email);
  return page;
}

async function gmail(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${fixtures.origin}/gmail.html`);
  await expect(page.locator('html')).toHaveAttribute('data-disclosure-guard', 'gmail');
  return page;
}

test('blocked → supervisor approves → the same message goes once → a second re-send is blocked', async () => {
  const mail = await gmail();
  await mail.locator('[aria-label="Message Body"]').click();
  await mail.keyboard.type('Jane Q Public, SSN 123-45-6789: please review her wage claim.');
  await mail.locator('[data-tooltip^="Send"]').click();
  await dialog(mail, 'blocked').locator('textarea').fill('Sue is covering the eligibility review for Avery this week.');
  await dialog(mail, 'blocked').locator('[data-action="review"]').click();
  await dialog(mail, 'review-requested').locator('[data-action="ok"]').click();

  const supervisor = await consoleAs('morgan.supervisor@jobs.example.gov');
  await supervisor.goto(`${proxy.url}/console/reviews`);
  const card = supervisor.locator('section[data-review]').first();
  await expect(card).toContainText('casey.staff@jobs.example.gov');
  await expect(card).toContainText('sue.suspended@lwdb.example.org');
  await expect(card).toContainText('Sue is covering the eligibility review');
  await card.locator('textarea[name="reason"]').fill('Coverage confirmed with Avery by phone.');
  await card.locator('button[value="approved"]').click();
  await expect(supervisor.locator('table')).toContainText('approved');

  // The extension shows the outcome in place, without a reload.
  await expect(mail.locator('disclosure-guard-ui[data-review="approved"]')).toBeAttached({ timeout: 20_000 });
  await mail.locator('[data-tooltip^="Send"]').click();
  await until(async () => (await sent(mail)).length === 1, 10_000, 'the released send');
  const [out] = await sent(mail);
  expect(out!.recipients).toContain('sue.suspended@lwdb.example.org');
  expect(out!.body).toContain('SSN ***-*5-6789');

  await mail.locator('[data-tooltip^="Send"]').click();
  await expect(dialog(mail, 'blocked')).toContainText('Sue P Suspended');
  expect(await sent(mail)).toHaveLength(1);
  await until(() => proxy.disclosures().some((d) => d.decision === 'released'), 10_000, 'the released event');

  // The popup lists the review and that its approval was used.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('#reviews tr').first()).toContainText('sue.suspended@lwdb.example.org');
  await expect(popup.locator('#reviews tr').first()).toContainText('used');
});

test('security finds the event by fingerprint and exports it', async () => {
  await until(() => proxy.disclosures().length >= 3, 10_000, 'the events');
  const security = await consoleAs('sam.security@jobs.example.gov');
  await security.goto(`${proxy.url}/console/log`);
  await security.locator('#fp-value').fill('123-45-6789');
  await security.locator('form[action="/console/fingerprint"] button').click();
  await expect(security.locator('main')).toContainText('sent this ssn');
  await expect(security.locator('main')).not.toContainText('123-45-6789');
  const download = security.waitForEvent('download');
  await security.locator('a', { hasText: 'Export these events (CSV)' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toContain('casey.staff@jobs.example.gov');
  expect(csv).toContain('***-*5-6789');
  expect(csv).not.toContain('123-45-6789');
});

test('the custodian separates a user; the next send to them is blocked', async () => {
  const custodian = await consoleAs('cam.custodian@jobs.example.gov');
  await custodian.goto(`${proxy.url}/console/registry`);
  await custodian.locator('tr[data-user="avery.partner@lwdb.example.org"] a', { hasText: 'Separate' }).click();
  // Separating asks for a reason and a confirmation.
  await expect(custodian.locator('h1')).toHaveText('Separate Avery Q Partner?');
  await custodian.locator('#status-reason').fill('Left the LWDB on Friday (HR notice).');
  await custodian.locator('button.primary', { hasText: 'Separate Avery Q Partner' }).click();
  await expect(custodian.locator('tr[data-user="avery.partner@lwdb.example.org"]')).toContainText('separated');

  const mail = await gmail();
  await mail.evaluate(() => document.querySelector('[data-hovercard-id="sue.suspended@lwdb.example.org"]')!.remove());
  await mail.locator('[aria-label="Message Body"]').click();
  await mail.keyboard.type('DOB 04/12/1985 for the claimant.');
  await mail.locator('[data-tooltip^="Send"]').click();
  await expect(dialog(mail, 'blocked')).toContainText('Avery Q Partner (avery.partner@lwdb.example.org) has separated from their organization');
  expect(await sent(mail)).toEqual([]);
});

async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${page.url().replace(proxy.url, '')} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('every console page, the popup and the options page have no axe violations (Section 508)', async () => {
  const found: string[] = [];
  const login = await context.newPage();
  await login.goto(`${proxy.url}/console/login`);
  found.push(...(await violations(login)));
  await login.close();
  const visit = async (page: Page, paths: string[]) => {
    for (const path of paths) {
      await page.goto(`${proxy.url}${path}`);
      found.push(...(await violations(page)));
    }
  };
  const supervisor = await consoleAs('morgan.supervisor@jobs.example.gov');
  await visit(supervisor, ['/console/reviews', '/console/no-such-page']);
  const security = await consoleAs('sam.security@jobs.example.gov');
  await visit(security, ['/console/log', '/console/log?site=nowhere.example.org', '/console/log/1', '/console/incidents', '/console/chain']);
  const custodian = await consoleAs('cam.custodian@jobs.example.gov');
  await visit(custodian, [
    '/console/registry',
    '/console/registry/renewals',
    '/console/registry/import',
    '/console/registry/import/opt-outs',
    '/console/registry/users/avery.partner%40lwdb.example.org',
    '/console/registry/users/sue.suspended%40lwdb.example.org/status?to=active',
    '/console/log',
  ]);
  const ext = await context.newPage();
  for (const page of ['popup.html', 'options.html']) {
    await ext.goto(`chrome-extension://${extensionId}/${page}`);
    found.push(...(await violations(ext)));
  }
  expect(found).toEqual([]);
});

/** Presses Tab until `selector` has the focus, as a keyboard user would. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('with the keyboard only: sign in, decide a review, and separate a user', async () => {
  const mail = await gmail();
  await mail.locator('[aria-label="Message Body"]').click();
  await mail.keyboard.type('Jane Q Public, SSN 123-45-6789: wage claim.');
  await mail.locator('[data-tooltip^="Send"]').click();
  await dialog(mail, 'blocked').locator('textarea').fill('Tess finishes the refresher training today.');
  await dialog(mail, 'blocked').locator('[data-action="review"]').click();
  await dialog(mail, 'review-requested').locator('[data-action="ok"]').click();

  const page = await context.newPage();
  await page.goto(`${proxy.url}/console/login`);
  const focusOn = (selector: string) => tabTo(page, selector);
  await focusOn('#email');
  await page.keyboard.type('morgan.supervisor@jobs.example.gov');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.locator('header .who')).toContainText('morgan.supervisor@jobs.example.gov');
  await page.goto(`${proxy.url}/console/reviews`);
  const card = page.locator('section[data-review]').first();
  const id = await card.getAttribute('data-review');
  await focusOn(`#reason-${id}`);
  await page.keyboard.type('Not until the training is on file.');
  await focusOn(`section[data-review="${id}"] button[value="denied"]`);
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-confirmed="${id}"]`)).toContainText('You denied');

  const custodian = await consoleAs('cam.custodian@jobs.example.gov');
  await custodian.goto(`${proxy.url}/console/registry`);
  const tab = (selector: string) => tabTo(custodian, selector);
  await tab('tr[data-user="tess.training-expired@lwdb.example.org"] a[href$="to=suspended"]');
  await custodian.keyboard.press('Enter');
  await expect(custodian.locator('h1')).toHaveText('Suspend Tess E Overdue?');
  await tab('#status-reason');
  await custodian.keyboard.type('Training lapsed over a year ago.');
  await tab('button.primary');
  await custodian.keyboard.press('Enter');
  await expect(custodian.locator('tr[data-user="tess.training-expired@lwdb.example.org"]')).toContainText('suspended');
});

test('options: sites as rows, saving tests the connection, and a bad token, a wrong email or a bad rule are said plainly', async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const rows = options.locator('#site-rows tr');
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);
  await options.locator('#add-site').click();
  const row = rows.nth(before);
  await row.locator('input').first().fill('fax.newportal.example.gov');
  await row.locator('select').first().selectOption('fax');
  await row.locator('select').nth(1).selectOption('warn');
  await options.locator('#save').click();
  await expect(options.locator('#message')).toHaveText(`Saved. Connected to ${proxy.url} as casey.staff@jobs.example.gov.`);
  const stored = (await worker.evaluate(() => chrome.storage.local.get('sites'))) as { sites: Array<{ match: string; adapter: string; mode: string }> };
  expect(stored.sites.at(-1)).toEqual({ match: 'fax.newportal.example.gov', adapter: 'fax', mode: 'warn' });

  // A rule that would not apply is not saved, and the row is named.
  await options.locator('#add-site').click();
  await rows.nth(before + 1).locator('input').first().fill('ftp://files.example.gov');
  await options.locator('#save').click();
  await expect(options.locator('#message')).toContainText(`Not saved: site ${before + 2}:`);
  expect(((await worker.evaluate(() => chrome.storage.local.get('sites'))) as { sites: unknown[] }).sites).toHaveLength(before + 1);
  await rows.nth(before + 1).locator('button', { hasText: 'Remove' }).click();

  await options.locator('#apiToken').fill('dgd_not-a-real-token-000000000000000000000000');
  await options.locator('#test').click();
  await expect(options.locator('#message')).toHaveText('The proxy answered, but refused the device token: ask IT for a new one.');
  await options.locator('#apiToken').fill(proxy.token);
  await options.locator('#userEmail').fill('avery.partner@lwdb.example.org');
  await options.locator('#test').click();
  await expect(options.locator('#message')).toHaveText('The device token belongs to someone other than avery.partner@lwdb.example.org: check your email, or ask IT for your own token.');
  await options.locator('#userEmail').fill('casey.staff@jobs.example.gov');
  await options.locator('#proxyUrl').fill('http://127.0.0.1:9');
  await options.locator('#test').click();
  await expect(options.locator('#message')).toContainText('The proxy at http://127.0.0.1:9 could not be reached');
  await options.close();
  await configure(worker, proxy, fixtures.origin);
});
