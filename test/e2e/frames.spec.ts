/**
 * Frames of another origin inside an enforce page, in Debian Chromium: a third-party
 * identity-verification widget (served from a second fixture server, so its origin differs) posts the
 * SSN its page handed it by postMessage to its own server. With no rule of its own it is guarded by
 * its top page's rule; an explicit `off` rule for its origin exempts it. Asserted on what the
 * widget's server received and on what the proxy logged.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openGuarded, receivedRaw, serveFixtures, sitesFor, startGuarded, until } from './harness';

let suite: Awaited<ReturnType<typeof startGuarded>>;
let widget: Awaited<ReturnType<typeof serveFixtures>>;
let start = 0;

test.beforeAll(async () => {
  suite = await startGuarded();
  widget = await serveFixtures();
  start = receivedRaw.length;
});

test.afterAll(async () => {
  await suite?.close();
  widget?.server.close();
});

const FULL = /536-?22-?1874|536221874/;
const at = (path: string) => receivedRaw.slice(start).filter((r) => r.path === path);
const arrived = (path: string) => until(() => at(path)[0], 15_000, `a request to ${path}`);
const pageHost = () => new URL(suite.fixtures.origin).host;
const maskedHere = () => suite.proxy.disclosures().filter((d) => d.decision === 'masked' && d.site === pageHost()).length;

async function open(): Promise<Page> {
  const page = await openGuarded(suite.context, suite.fixtures.origin, `frames.html?widget=${encodeURIComponent(`${widget.origin}/widget.html`)}`);
  return page;
}
/** The log's events whose masked samples end in `last4`, with their decisions. */
const loggedFor = (last4: string) => suite.proxy.events().filter((e) => ((e.data.maskedSamples as string[] | undefined) ?? []).some((x) => x.endsWith(last4))).map((e) => e.data.decision);
const verify = (page: Page, path: string) => page.evaluate((p) => (window as unknown as { verify(p: string): Promise<string> }).verify(p), path);

test('a widget of another origin with no rule of its own posts the SSN masked to its server, logged masked under the top page\'s site', async () => {
  const page = await open();
  const before = maskedHere();
  expect(await verify(page, '/api/widget-verify')).toBe('sent');
  const got = await arrived('/api/widget-verify');
  // It went to the widget's own server, judged as the page's request.
  expect(got.headers!.host).toBe(new URL(widget.origin).host);
  expect(JSON.parse(got.body)).toEqual({ check: 'identity', ssn: '***-*2-1874' });
  await until(() => maskedHere() > before || undefined, 15_000, 'the masked event under the page\'s site');
  // Nothing was logged under the widget's own site.
  expect(suite.proxy.disclosures().filter((d) => d.site === new URL(widget.origin).host)).toEqual([]);
  expect(suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('IT may exempt a trusted widget: with an `off` rule for its origin its post goes as it is', async () => {
  const worker = suite.context.serviceWorkers()[0]!;
  const sites = [...sitesFor(suite.fixtures.origin), { match: new URL(widget.origin).host, adapter: 'form', mode: 'off' }];
  await worker.evaluate((s) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ sites: s }), sites);
  try {
    const page = await open();
    expect(await page.evaluate(() => (window as unknown as { verify(p: string, pixel: boolean, ssn: string): Promise<string> }).verify('/api/widget-trusted', false, '536-22-4410'))).toBe('sent');
    expect(JSON.parse((await arrived('/api/widget-trusted')).body)).toEqual({ check: 'identity', ssn: '536-22-4410' });
    // Its post is not logged: a later page's event is logged after anything queued before it, and
    // nothing before it names the widget's SSN.
    const marker = await openGuarded(suite.context, suite.fixtures.origin, 'exits.html');
    await marker.evaluate(() => fetch('/api/frames-marker', { method: 'POST', body: JSON.stringify({ ssn: '536-22-9051' }) }));
    await until(() => loggedFor('9051').length || undefined, 15_000, 'the marker event');
    expect(loggedFor('4410')).toEqual([]);
    await marker.close();
    await page.close();
  } finally {
    await worker.evaluate((s) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ sites: s }), sitesFor(suite.fixtures.origin));
  }
});

test('the widget\'s pixel with the SSN in its address (no page script sees it) is logged leaked under the top page\'s site', async () => {
  const page = await open();
  const leaked = () => suite.proxy.disclosures().filter((d) => d.decision === 'leaked' && d.site === pageHost()).length;
  const before = leaked();
  expect(await page.evaluate(() => (window as unknown as { verify(p: string, pixel: boolean): Promise<string> }).verify('/api/widget-pixel', true))).toBe('pixel');
  // Loaded unpacked, Chromium does not let the extension block: the network backstop logs what went.
  expect((await arrived('/api/widget-pixel')).body).toContain('ssn=');
  await until(() => leaked() > before || undefined, 15_000, 'the leaked event under the page\'s site');
  expect(suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});
