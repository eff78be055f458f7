/**
 * Installed as IT installs it: packed with `package-ext`, served by the proxy (`/extension/updates.xml`
 * and the CRX), force-installed by Chromium policy (ExtensionSettings) naming that update URL — the only way Chromium grants an MV3 extension a blocking webRequest
 * listener. The browser runs in a private mount namespace whose policy directory is this test's
 * own, so no other run sees the policy. Asserted on what the page's server received.
 */
import { expect, test } from '@playwright/test';
import type { Browser, BrowserContext } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, EXTENSION, freePort, launchWithPolicy, openGuarded, Proxy, receivedRaw, serveFixtures, sitesFor, until } from './harness';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let launched: Awaited<ReturnType<typeof launchWithPolicy>> | undefined;
let browser: Browser;
let context: BrowserContext;
let scratch: string;
let start = 0;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // Packed as IT packs it (npm run package:ext: a key of this run), served by the proxy itself.
  scratch = mkdtempSync(join(tmpdir(), 'dg-force-'));
  const pkg = join(scratch, 'package');
  const packed = spawnSync(process.execPath, [BIN, 'package-ext', '--key', join(scratch, 'key.pem'), '--new-key', '--out', pkg, '--chrome', EXTENSION, '--firefox', join(EXTENSION, '..', 'firefox-mv3')], { encoding: 'utf8', timeout: 120_000 });
  expect(packed.status, packed.stderr).toBe(0);
  const { id } = JSON.parse(packed.stdout) as { id: string };
  proxy = new Proxy(await freePort());
  proxy.seed();
  // The manifests link the CRX at the proxy's public address, which IT gives the proxy.
  await proxy.start(['--extension-dir', pkg, '--public-url', proxy.url]);
  fixtures = await serveFixtures();
  start = receivedRaw.length;
  const updateUrl = `${proxy.url}/extension/updates.xml`;

  // The policy file as IT makes it (deploy-policy), plus what only a test needs (DevTools for Playwright).
  const policies = join(scratch, 'policies');
  mkdirSync(policies);
  writeFileSync(join(scratch, 'sites.json'), JSON.stringify(sitesFor(fixtures.origin)));
  writeFileSync(join(scratch, 'token'), proxy.token);
  const made = spawnSync(
    process.execPath,
    [BIN, 'deploy-policy', '--browser', 'chrome', '--os', 'linux', '--proxy-url', proxy.url, '--package', pkg, '--sites', join(scratch, 'sites.json'), '--api-token-file', join(scratch, 'token'), '--user-email', 'casey.staff@jobs.example.gov'],
    { encoding: 'utf8' },
  );
  expect(made.status, made.stderr).toBe(0);
  const policy = JSON.parse(made.stdout);
  expect(policy.ExtensionSettings[id]).toEqual({ installation_mode: 'force_installed', update_url: updateUrl });
  writeFileSync(join(policies, 'disclosure-guard.json'), JSON.stringify({ ...policy, DeveloperToolsAvailability: 1 }));
  launched = await launchWithPolicy(policies, join(scratch, 'profile'), [], { keepBackgroundNetworking: true });
  browser = launched.browser;
  context = browser.contexts()[0]!;
  const worker = context.serviceWorkers().find((w) => w.url().includes(id)) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  expect(new URL(worker.url()).host).toBe(id);
  // Chromium hands a newly installed extension its 3rdparty policy a moment after installing it.
  await until(() => worker.evaluate(async () => Object.keys(await chrome.storage.managed.get()).length > 0 || undefined), 30_000, 'the managed settings');
});

test.afterAll(async () => {
  await launched?.close();
  await proxy?.stop();
  fixtures?.server.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

const mine = () => receivedRaw.slice(start);

test('installed by policy, the backstop cancels an SSN a Web Worker or a service worker posts or an image address carries, and lets the guard-masked sends through', async () => {
  // A worker started by a Web Worker: its request passes no page or content script, and the page-world
  // hook wraps only the workers the page starts: only the backstop sees it.
  const sync = await openGuarded(context, fixtures.origin, 'leaky-worker.html');
  await expect(sync.locator('body')).toHaveAttribute('data-worker', 'failed', { timeout: 15_000 });
  const blocked = await until(() => proxy.disclosures().find((d) => d.decision === 'blocked'), 15_000, 'the blocked event');
  expect(blocked.site).toBe(new URL(fixtures.origin).host);
  expect(mine().filter((r) => r.path === '/api/worker-sync')).toEqual([]);

  // An image whose address holds the SSN (an analytics pixel): cancelled before it goes.
  const pixel = await openGuarded(context, fixtures.origin, 'leaky-pixel.html');
  await expect(pixel.locator('body')).toHaveAttribute('data-pixel', 'failed', { timeout: 15_000 });
  await until(() => proxy.disclosures().filter((d) => d.decision === 'blocked').length >= 2 || undefined, 15_000, 'the second blocked event');
  expect(mine().filter((r) => r.path === '/api/pixel')).toEqual([]);

  // Such a worker's request with the SSN in a header: only the backstop reads it, and cancels it.
  const blockedBefore = proxy.disclosures().filter((d) => d.decision === 'blocked').length;
  const outcome = await sync.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const code = `fetch('${location.origin}/api/worker-header', { method: 'POST', headers: { 'X-Claimant-SSN': '536-22-1874' }, body: 'hello' }).then(() => postMessage('sent'), () => postMessage('failed'))`;
        const outer = `const inner = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(code)}], { type: 'text/javascript' }))); inner.onmessage = (e) => postMessage(e.data);`;
        const worker = new Worker(URL.createObjectURL(new Blob([outer], { type: 'text/javascript' })));
        worker.onmessage = (e) => resolve(String(e.data));
      }),
  );
  expect(outcome).toBe('failed');
  await until(() => proxy.disclosures().filter((d) => d.decision === 'blocked').length > blockedBefore || undefined, 15_000, 'the blocked header event');
  expect(proxy.logText()).toContain('identifier_in_header');
  expect(mine().filter((r) => r.path === '/api/worker-header')).toEqual([]);

  // A service worker's upload (no tab, no content script), in its body and in a header: cancelled,
  // judged by the strictest rule naming the worker's origin.
  const offline = await openGuarded(context, fixtures.origin, 'offline-sync.html');
  const upload = (path: string, body: string, header?: string) =>
    offline.evaluate(([p, b, h]) => (window as unknown as { sync(p: string, b: string, h?: string): Promise<string> }).sync(p!, b!, h), [path, body, header] as const);
  const beforeWorker = proxy.disclosures().filter((d) => d.decision === 'blocked').length;
  expect(await upload('/api/sw-sync', JSON.stringify({ claimant: 'Jane Q Public', ssn: '536-22-1874' }))).toMatch(/^failed/);
  expect(await upload('/api/sw-header', '{}', '536221874')).toMatch(/^failed/);
  expect(await upload('/api/sw-clean', JSON.stringify({ claim: '2024-0815' }))).toBe('sent');
  await until(() => proxy.disclosures().filter((d) => d.decision === 'blocked').length >= beforeWorker + 2 || undefined, 15_000, 'the blocked worker events');
  expect(mine().filter((r) => r.path === '/api/sw-sync' || r.path === '/api/sw-header')).toEqual([]);
  expect(mine().filter((r) => r.path === '/api/sw-clean')).toHaveLength(1);

  // A page the guard reaches still sends, masked (the backstop finds nothing to cancel).
  const app = await openGuarded(context, fixtures.origin, 'spa-form.html');
  await app.locator('#ssn').fill('536-22-1874');
  await app.locator('#send-json').click();
  const body = await until(() => mine().find((r) => r.path === '/api/claims')?.body, 15_000, 'the masked claim');
  expect(JSON.parse(body)).toEqual({ claimant: 'Jane Q Public', socialSecurityNumber: '***-*2-1874' });
  expect(proxy.logText()).not.toMatch(/536-?22-?1874/);
});
