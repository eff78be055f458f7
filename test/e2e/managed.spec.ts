/**
 * Deployment as IT does it: settings in a Chromium policy file (3rdparty.extensions.<id>), read by
 * the extension from storage.managed. The extension ID is stable (manifest key), so the policy can
 * name it before installation; managed values win over local ones and show read-only.
 */
import { expect, test } from '@playwright/test';
import type { BrowserContext, Worker } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { CHROME_EXTENSION_ID } from '../../extension/lib/identity';
import { EXTENSION, freePort, launchWithPolicy, Proxy, receivedRaw, sent, serveFixtures, sitesFor, until } from './harness';

// The policy lives in this run's own folder, seen by this browser alone (a private mount namespace).
let scratch: string;
let launched: Awaited<ReturnType<typeof launchWithPolicy>> | undefined;

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let context: BrowserContext;
let worker: Worker;
let id: string;

test.beforeAll(async () => {
  proxy = new Proxy(await freePort());
  proxy.seed();
  await proxy.start();
  fixtures = await serveFixtures();
  scratch = mkdtempSync(join(tmpdir(), 'dg-managed-'));
  mkdirSync(join(scratch, 'policies'));
  writeFileSync(
    join(scratch, 'policies', 'disclosure-guard-e2e.json'),
    JSON.stringify({
      '3rdparty': {
        extensions: {
          [CHROME_EXTENSION_ID]: {
            proxyUrl: proxy.url,
            apiToken: proxy.token,
            userEmail: 'casey.staff@jobs.example.gov',
            failMode: 'closed',
            // As IT writes them: one mode in capitals (Chromium once dropped the whole list for it),
            // one rule that cannot apply, which must not disable the others, and one naming a kind of
            // page this version does not know, which must still guard its site.
            sites: [
              ...sitesFor(fixtures.origin).map((r) => (r.adapter === 'form' ? { ...r, mode: 'Enforce' } : r)),
              { match: 'ftp://files.example.gov/', adapter: 'form', mode: 'enforce' },
              { match: `${fixtures.origin.replace(/^http:\/\//, '')}/spa-route.html`, adapter: 'zimbra', mode: 'enforce' },
            ],
          },
        },
      },
    }),
  );
  launched = await launchWithPolicy(join(scratch, 'policies'), join(scratch, 'profile'), [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`]);
  context = launched.context;
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  id = new URL(worker.url()).host;
});

test.afterAll(async () => {
  await launched?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  await proxy?.stop();
  fixtures?.server.close();
});

test('the extension has the stable ID that policy files name', () => {
  expect(id).toBe(CHROME_EXTENSION_ID);
});

test('managed settings apply with no local setup, win over local values, and show read-only', async () => {
  // A local value that must lose to the managed one.
  await worker.evaluate(() => chrome.storage.local.set({ proxyUrl: 'http://127.0.0.1:9', userEmail: 'someone.else@example.org' }));
  expect(await worker.evaluate(() => chrome.storage.managed.get())).toMatchObject({ proxyUrl: proxy.url, failMode: 'closed' });

  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await expect(options.locator('#proxyUrl')).toHaveValue(proxy.url);
  await expect(options.locator('#proxyUrl')).toBeDisabled();
  await expect(options.locator('[data-managed="proxyUrl"]')).toHaveText('(set by your agency)');
  await expect(options.locator('#userEmail')).toHaveValue('casey.staff@jobs.example.gov');
  // Every field is managed: nothing to save, and the site rows are read-only.
  await expect(options.locator('#save')).toBeHidden();
  await expect(options.locator('#add-site')).toBeHidden();
  await expect(options.locator('#message')).toHaveText('Every setting is managed by your agency: there is nothing to save here.');
  await expect(options.locator('#site-rows tr input').first()).toBeDisabled();

  const page = await context.newPage();
  await page.goto(`${fixtures.origin}/web-form.html`);
  await expect(page.locator('html')).toHaveAttribute('data-disclosure-guard', 'form');
  await page.locator('#ssn').fill('123-45-6789');
  await page.locator('button[type="submit"]').click();
  await until(async () => (await sent(page)).length === 1, 10_000, 'the submit');
  expect((await sent(page))[0]!.ssn).toBe('***-*5-6789');
  await until(() => proxy.disclosures().some((d) => d.channel === 'form'), 15_000, 'the event at the managed proxy');

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup.html`);
  await expect(popup.locator('#connection')).toContainText('connected');
  await expect(popup.locator('#user')).toHaveText('casey.staff@jobs.example.gov');
  await expect(popup.locator('#recent tr').first()).toContainText('masked');
  // The rules that could not be used as written are listed with the reason and what applies instead, and reported to the proxy.
  await expect(popup.locator('#invalid-rules tr')).toHaveCount(2);
  await expect(popup.locator('#invalid-rules')).toContainText('the scheme "ftp" is not a web page\'s: the rule is not applied');
  await expect(popup.locator('#invalid-rules')).toContainText('unknown kind "zimbra": the site is guarded by the generic request guard at enforce');
  await until(() => proxy.logText().includes('client.policy_error'), 15_000, 'the policy_error entry');
});

test('a site whose managed rule names a kind of page this version does not know is still guarded at enforce, and IT hears of it by code', async () => {
  const FULL = /536-?22-?1874|536221874/;
  const page = await context.newPage();
  await page.goto(`${fixtures.origin}/spa-route.html`);
  const post = (path: string) => page.evaluate((p) => (window as unknown as { post(p: string): Promise<string> }).post(p), path);
  // A fresh profile's first settings read can outlast the guard's wait; then the post is refused and the app tries again.
  await until(async () => (await post('/api/unknown-kind')) === 'received /api/unknown-kind', 30_000, 'the post on the site with an unknown kind');
  const arrived = receivedRaw.filter((r) => r.path === '/api/unknown-kind').map((r) => r.body);
  expect(arrived).toContain('claimant SSN ***-*2-1874');
  for (const body of arrived) expect(body).not.toMatch(FULL);
  // The options page says what happened to the rule.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options.html`);
  await expect(options.locator('#invalid-rules')).toContainText('unknown kind "zimbra": the site is guarded by the generic request guard at enforce');
  // The proxy's log holds the problem's code and the guard that replaced the rule, never the rule as written.
  const reports = () => proxy.logText().split('\n').filter((line) => line.includes('client.policy_error'));
  await until(() => reports().some((r) => r.includes('"code":"unknown_kind"') && r.includes('"fallback":{"adapter":"form","mode":"enforce"}')), 15_000, 'the unknown kind at the proxy');
  for (const r of reports()) expect(r).not.toMatch(/zimbra|spa-route|files\.example\.gov/);
  expect(proxy.logText()).not.toMatch(FULL);
  await options.close();
  await page.close();
});
