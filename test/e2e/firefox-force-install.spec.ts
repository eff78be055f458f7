/**
 * Firefox ESR installed as IT installs it: packed with `package-ext --public-url` (the XPI names the
 * proxy's updates.json), served by the real proxy process, force-installed by the `policies.json`
 * that `deploy-policy --browser firefox` wrote — used as written, with the device token and the
 * user in its 3rdparty settings. Firefox reads that file from its distribution folder, which here
 * is this test's own folder mounted over it in a private mount namespace, so the machine's policy
 * folder is not touched. Nothing installs the extension but the policy; a next version packed into
 * the proxy's folder then reaches the running Firefox through the XPI's update address.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { BIN, EXTENSION, FIREFOX_PREFS, freePort, Proxy, receivedRaw, serveFixtures, sitesFor, until } from './harness';

// Where Debian's firefox-esr reads policies.json.
const DISTRIBUTION = '/usr/lib/firefox-esr/distribution';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let browser: Browser | undefined;
let scratch: string;
let geckoId = '';
let deployNotes = '';
let start = 0;
let profile = '';
let pkg = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  scratch = mkdtempSync(join(tmpdir(), 'dg-ff-force-'));
  pkg = join(scratch, 'package');
  profile = join(scratch, 'profile');
  proxy = new Proxy(await freePort());
  proxy.seed();
  // Packed as IT packs it, with the address browsers reach the proxy at.
  const packed = spawnSync(
    process.execPath,
    [BIN, 'package-ext', '--key', join(scratch, 'key.pem'), '--new-key', '--out', pkg, '--chrome', EXTENSION, '--firefox', join(EXTENSION, '..', 'firefox-mv3'), '--public-url', proxy.url],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(packed.status, packed.stderr).toBe(0);
  const info = JSON.parse(packed.stdout) as { geckoId: string; xpi: string; version: string };
  geckoId = info.geckoId;
  await proxy.start(['--extension-dir', pkg, '--public-url', proxy.url]);
  fixtures = await serveFixtures();
  start = receivedRaw.length;

  // The policy file exactly as deploy-policy writes it, in the folder Firefox will see as its distribution folder.
  const distribution = join(scratch, 'distribution');
  mkdirSync(distribution);
  writeFileSync(join(scratch, 'sites.json'), JSON.stringify(sitesFor(fixtures.origin)));
  writeFileSync(join(scratch, 'token'), proxy.token);
  const made = spawnSync(
    process.execPath,
    [BIN, 'deploy-policy', '--browser', 'firefox', '--os', 'linux', '--proxy-url', proxy.url, '--package', pkg, '--sites', join(scratch, 'sites.json'), '--api-token-file', join(scratch, 'token'), '--user-email', 'casey.staff@jobs.example.gov', '--out', join(distribution, 'policies.json')],
    { encoding: 'utf8' },
  );
  expect(made.status, made.stderr).toBe(0);
  deployNotes = made.stderr;

  // Firefox started inside its own mount namespace, where the distribution folder is the one above.
  const firefox = join(scratch, 'firefox-esr');
  writeFileSync(firefox, `#!/bin/sh\nexec unshare -m sh -c 'mount --bind "$0" ${DISTRIBUTION} && exec /usr/bin/firefox-esr "$@"' '${distribution}' "$@"\n`);
  chmodSync(firefox, 0o755);
  mkdirSync(profile);
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefox,
    headless: true,
    // A first start on a cold machine (a new profile, the policies read, the XPI fetched) can take more than 30 s.
    timeout: 120_000,
    extraPrefsFirefox: {
      ...FIREFOX_PREFS,
      // What only this test needs: its proxy is plain HTTP on 127.0.0.1, and Firefox refuses an add-on
      // whose update address is not HTTPS unless update security is off (an agency's proxy has TLS).
      'extensions.checkUpdateSecurity': false,
      // Look for new versions (the automation defaults turn that off) every few seconds rather than once a day.
      'extensions.update.enabled': true,
      'extensions.update.interval': 5,
      'app.update.timerMinimumDelay': 1,
      'app.update.timerFirstInterval': 1000,
    },
    userDataDir: profile,
  });
});

test.afterAll(async () => {
  await browser?.close();
  await proxy?.stop();
  fixtures?.server.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

const mine = () => receivedRaw.slice(start);

async function openGuarded(path: string): Promise<Page> {
  const page = await browser!.newPage();
  // The policy installs the add-on from the proxy at startup: a page opened before then is not guarded yet.
  await until(
    async () => {
      await page.goto(`${fixtures.origin}/${path}`);
      const guarded = () => page.evaluate(() => document.documentElement.getAttribute('data-disclosure-guard'));
      return until(guarded, 5_000, 'the guard on this load').catch(() => null);
    },
    90_000,
    'the guard installed by policy',
  );
  return page;
}

test('deploy-policy writes a policies.json Firefox ESR installs as written: unsigned XPI allowed by a locked preference, settings with the device token and the user', () => {
  const policy = JSON.parse(readFileSync(join(scratch, 'distribution', 'policies.json'), 'utf8')).policies;
  expect(policy.ExtensionSettings[geckoId]).toEqual({ installation_mode: 'force_installed', install_url: `${proxy.url}/extension/disclosure-guard.xpi` });
  expect(policy.Preferences).toEqual({ 'xpinstall.signatures.required': { Value: false, Status: 'locked' } });
  expect(policy['3rdparty'].Extensions[geckoId]).toMatchObject({ proxyUrl: proxy.url, apiToken: proxy.token, userEmail: 'casey.staff@jobs.example.gov', failMode: 'closed' });
  // IT is told what release Firefox needs instead.
  expect(deployNotes).toMatch(/Release Firefox .*signed for self-distribution/);
});

test('the XPI the proxy serves names the proxy\'s updates.json, which offers that version', async () => {
  const xpi = unzipSync(new Uint8Array(await (await fetch(`${proxy.url}/extension/disclosure-guard.xpi`)).arrayBuffer()));
  const manifest = JSON.parse(Buffer.from(xpi['manifest.json']!).toString());
  expect(manifest.browser_specific_settings.gecko).toMatchObject({ id: geckoId, update_url: `${proxy.url}/extension/updates.json` });
  const updates = await (await fetch(manifest.browser_specific_settings.gecko.update_url)).json();
  expect(updates.addons[geckoId].updates).toEqual([{ version: manifest.version, update_link: `${proxy.url}/extension/disclosure-guard.xpi` }]);
});

test('Firefox ESR force-installs it from the proxy; with its managed settings a web form SSN reaches the server masked and the proxy logs the send', async () => {
  const page = await openGuarded('web-form.html');
  await page.type('#ssn', '123-45-6789');
  await page.click('button[type="submit"]');
  await until(async () => (await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length)) === 1 || undefined, 15_000, 'the form submit');
  const sent = await page.evaluate(() => (window as unknown as { __sent: Array<Record<string, string>> }).__sent);
  expect(sent[0]!.ssn).toBe('***-*5-6789');
  // The send reached the proxy with the device token from the policy (the proxy takes no other).
  const masked = await until(() => proxy.disclosures().find((d) => d.decision === 'masked'), 15_000, 'the masked event at the proxy');
  expect(masked.site).toBe(new URL(fixtures.origin).host);
  expect(proxy.logText()).not.toMatch(/123-?45-?6789/);
  for (const r of mine()) expect(r.body).not.toMatch(/123-?45-?6789/);
});

test('Firefox ESR installed by policy: SSN boxes, a header, a cookie, a claimants address, a bare claimantId, an encoded body, a worker\'s socket and a service worker: none leaves whole, each is logged', async () => {
  const FULL = /536-?22-?(1874|7731)|53622(1874|7731)/;
  const before = proxy.disclosures().length;
  const at = (path: string) => mine().filter((r) => r.path === path);
  const arrived = (path: string) => until(() => at(path)[0], 15_000, `a request to ${path}`);

  // Three SSN boxes posted as fields and as a nested JSON object: each box masked to its share.
  const boxes = await openGuarded('split-boxes.html');
  await boxes.type('#ssn1', '536');
  await boxes.type('#ssn2', '22');
  await boxes.type('#ssn3', '1874');
  const intake = (name: string) => boxes.evaluate((n) => (window as unknown as { intake: Record<string, () => Promise<string>> }).intake[n]!(), name);
  expect(await intake('fields')).toBe('sent');
  expect(Object.fromEntries(new URLSearchParams((await arrived('/api/boxes-fields')).body))).toEqual({ claimant_name: 'Jane Q Public', ssn1: '***', ssn2: '*2', ssn3: '1874' });
  expect(await intake('json')).toBe('sent');
  expect(JSON.parse((await arrived('/api/boxes-json')).body).claimant.ssn).toEqual({ area: '***', group: '*2', serial: '1874' });

  // A header, a cookie, a claimants address and a search, a JWT: refused; a bare claimantId: masked.
  const exits = await openGuarded('exits.html');
  const run = (name: string) => exits.evaluate((n) => (window as unknown as { exits: Record<string, () => Promise<string>> }).exits[n]!(), name);
  for (const name of ['headerFetch', 'restPath', 'search', 'jwt']) expect(await run(name), name).toMatch(/^failed/);
  expect(await run('cookie')).toBe('sent');
  expect(String((await arrived('/api/after-cookie')).headers!.cookie ?? '')).not.toContain('claimant_ssn');
  expect(await run('claimantId')).toBe('sent');
  expect(JSON.parse((await arrived('/api/claimant-update')).body).claimantId).toBe('****21874');
  for (const path of ['/api/header-fetch', '/api/jwt']) expect(at(path), path).toEqual([]);
  expect(mine().filter((r) => r.path.startsWith('/api/claimants'))).toEqual([]);

  // A dedicated worker's socket message: masked.
  const workers = await openGuarded('workers.html');
  expect(await workers.evaluate(() => (window as unknown as { workers: { dedicated(s: string): Promise<string> } }).workers.dedicated('536-22-1874'))).toContain('socket sent');
  await until(() => at('/socket').some((r) => r.body.includes('1874')) || undefined, 15_000, 'the worker\'s socket message');

  // A service worker's upload (no tab): the backstop blocks it (Firefox grants blocking to any install).
  const offline = await openGuarded('offline-sync.html');
  const upload = await offline.evaluate(() => (window as unknown as { sync(p: string, b: string): Promise<string> }).sync('/api/sw-sync', JSON.stringify({ ssn: '536-22-1874' })));
  expect(upload).toMatch(/^failed/);
  expect(at('/api/sw-sync')).toEqual([]);

  // Logged: the masked sends, the refused ones; nothing raw anywhere.
  await until(() => {
    const d = proxy.disclosures().slice(before);
    return d.filter((x) => x.decision === 'blocked').length >= 6 && d.filter((x) => x.decision === 'masked').length >= 4 || undefined;
  }, 20_000, 'the logged events');
  for (const r of mine()) expect(`${r.body} ${JSON.stringify(r.headers ?? {})}`, r.path).not.toMatch(FULL);
  expect(proxy.logText()).not.toMatch(FULL);
  for (const p of [boxes, exits, workers, offline]) await p.close();
});

/** The add-on as the profile's add-on database records it. */
function installed(): { version: string; active: boolean } | undefined {
  try {
    const db = JSON.parse(readFileSync(join(profile, 'extensions.json'), 'utf8')) as { addons: Array<{ id: string; version: string; active: boolean }> };
    return db.addons.find((a) => a.id === geckoId);
  } catch {
    return undefined; // being written
  }
}

test('a new version packaged on the proxy reaches the installed Firefox through updates.json, and guards pages', async () => {
  test.setTimeout(180_000);
  const before = await until(() => (installed()?.active ? installed() : undefined), 90_000, 'the add-on installed by policy');
  // The next version, packed as IT packs every version: the same key, the same public URL, the same folder.
  const next = before.version.replace(/(\d+)$/, (n) => String(Number(n) + 1));
  const builds: Record<string, string> = {};
  for (const [name, dir] of [['chrome', EXTENSION], ['firefox', join(EXTENSION, '..', 'firefox-mv3')]] as const) {
    builds[name] = join(scratch, `${name}-${next}`);
    cpSync(dir, builds[name]!, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(builds[name]!, 'manifest.json'), 'utf8'));
    writeFileSync(join(builds[name]!, 'manifest.json'), JSON.stringify({ ...manifest, version: next }));
  }
  const packed = spawnSync(process.execPath, [BIN, 'package-ext', '--key', join(scratch, 'key.pem'), '--out', pkg, '--chrome', builds.chrome!, '--firefox', builds.firefox!, '--public-url', proxy.url], { encoding: 'utf8', timeout: 120_000 });
  expect(packed.status, packed.stderr).toBe(0);
  const offered = await (await fetch(`${proxy.url}/extension/updates.json`)).json();
  expect(offered.addons[geckoId].updates[0].version).toBe(next);

  const updated = await until(() => (installed()?.version === next && installed()?.active ? installed() : undefined), 120_000, `version ${next} installed`);
  expect(updated).toMatchObject({ version: next, active: true });
  const page = await openGuarded('web-form.html');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-disclosure-guard'))).toBe('form');
});
