/**
 * The console with the extension, as the people who use them: a send blocked in the extension
 * reaches the supervisor's queue; the approval lets that same message go out once, and a second
 * re-send is blocked; security finds the event by the SSN's fingerprint and exports it; the
 * custodian separates a user and the next send to them is blocked.
 */
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
  await custodian.locator('tr[data-user="avery.partner@lwdb.example.org"] button', { hasText: 'Separate' }).click();
  await expect(custodian.locator('tr[data-user="avery.partner@lwdb.example.org"]')).toContainText('separated');

  const mail = await gmail();
  await mail.evaluate(() => document.querySelector('[data-hovercard-id="sue.suspended@lwdb.example.org"]')!.remove());
  await mail.locator('[aria-label="Message Body"]').click();
  await mail.keyboard.type('DOB 04/12/1985 for the claimant.');
  await mail.locator('[data-tooltip^="Send"]').click();
  await expect(dialog(mail, 'blocked')).toContainText('Avery Q Partner (avery.partner@lwdb.example.org) has separated from their organization');
  expect(await sent(mail)).toEqual([]);
});
