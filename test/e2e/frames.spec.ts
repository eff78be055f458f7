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
    const before = suite.proxy.disclosures().length;
    expect(await verify(page, '/api/widget-trusted')).toBe('sent');
    expect(JSON.parse((await arrived('/api/widget-trusted')).body)).toEqual({ check: 'identity', ssn: '536-22-1874' });
    // The page itself is still guarded: only the widget is exempt, and its post is not logged.
    expect(suite.proxy.disclosures().length).toBe(before);
    await page.close();
  } finally {
    await worker.evaluate((s) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set({ sites: s }), sitesFor(suite.fixtures.origin));
  }
});
