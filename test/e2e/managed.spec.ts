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
import { EXTENSION, freePort, launchWithPolicy, Proxy, sent, serveFixtures, sitesFor, until } from './harness';

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
            // As IT writes them: one mode in capitals (Chromium once dropped the whole list for it)
            // and one rule that cannot apply, which must not disable the others.
            sites: [
              ...sitesFor(fixtures.origin).map((r) => (r.adapter === 'form' ? { ...r, mode: 'Enforce' } : r)),
              { match: 'ftp://files.example.gov/', adapter: 'form', mode: 'enforce' },
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
  // The refused rule is listed with its reason, and reported to the proxy.
  await expect(popup.locator('#invalid-rules tr')).toHaveCount(1);
  await expect(popup.locator('#invalid-rules')).toContainText('the scheme "ftp" is not a web page\'s');
  await until(() => proxy.logText().includes('client.policy_error'), 15_000, 'the policy_error entry');
});
