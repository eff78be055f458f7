/**
 * The request guard in Debian Chromium: a single-page app that sends with fetch, XMLHttpRequest
 * and sendBeacon, from a button outside any form and from an iframe, on an enforce site. Asserted
 * on what the page's server received, never on the DOM.
 */
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import type { Server } from 'node:http';
import { configure, launch, openGuarded, received, receivedRaw, startGuarded, until } from './harness';
import type { Proxy } from './harness';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let context: BrowserContext;

let suite: Awaited<ReturnType<typeof startGuarded>>;

test.beforeAll(async () => {
  suite = await startGuarded();
  ({ proxy, fixtures, context } = suite);
  start = receivedRaw.length;
});

test.afterAll(() => suite?.close());

const open = (path: string): Promise<Page> => openGuarded(context, fixtures.origin, path);

// What this file's pages sent (the fixture server's record is shared by every spec file of the run).
let start = 0;
const mine = () => receivedRaw.slice(start);
const bodyAt = (path: string) => until(() => mine().find((r) => r.path === path)?.body, 15_000, `a request to ${path}`);
const FULL = /536-?22-?1874|536221874/;

test('fetch with JSON, a JSON number, XHR with a urlencoded body, a beacon, a WebSocket and an iframe: every SSN arrives masked', async () => {
  const page = await open('spa-form.html');
  await page.locator('#ssn').fill('536-22-1874');

  await page.locator('#send-json').click();
  const json = JSON.parse(await bodyAt('/api/claims'));
  expect(json).toEqual({ claimant: 'Jane Q Public', socialSecurityNumber: '***-*2-1874' });

  await page.locator('#send-number').click();
  const number = JSON.parse(await bodyAt('/api/claims-number'));
  expect(number).toEqual({ ssn: '****21874' });

  await page.locator('#send-xhr').click();
  const xhr = new URLSearchParams(await bodyAt('/api/xhr'));
  expect(xhr.get('ssn')).toBe('***-*2-1874');
  expect(xhr.get('name')).toBe('Jane Q Public');

  await page.locator('#send-beacon').click();
  expect(await bodyAt('/api/beacon')).toBe('claimant SSN ***-*2-1874');

  const fromFrame = await page.frameLocator('#frame').locator('body').evaluate(() => (window as unknown as { post(s: string): Promise<string> }).post('536 22 1874'));
  expect(fromFrame).toBe('received /api/frame');
  expect(await bodyAt('/api/frame')).toBe('claimant SSN *** *2 1874');

  await expect(page.locator('body')).toHaveAttribute('data-socket', 'open');
  await page.locator('#send-ws').click();
  await until(() => mine().filter((r) => r.path === '/socket').length >= 2, 15_000, 'the chat messages');
  // In order, and the SSN masked.
  expect(mine().filter((r) => r.path === '/socket').map((r) => r.body)).toEqual(['hello', 'claimant SSN ***-*2-1874']);

  // A synchronous XMLHttpRequest cannot wait for the guard: on a guarded page it is refused.
  await page.locator('#send-sync').click();
  await expect(page.locator('#status')).toContainText('failed: Blocked by Disclosure Guard');
  expect(mine().filter((r) => r.path === '/api/sync')).toEqual([]);

  for (const r of mine()) expect(r.body, r.path).not.toMatch(FULL);
  // Each send is in the proxy's log as masked, with the identifier fingerprinted, never stored.
  await until(() => proxy.disclosures().filter((d) => d.decision === 'masked').length >= 5, 15_000, 'the masked events');
  expect(proxy.logText()).not.toMatch(FULL);
  // What the guard masked is not mistaken by the network backstop for a leak.
  expect(proxy.disclosures().filter((d) => d.decision === 'leaked')).toEqual([]);
  await page.close();
});

test('lookups with the SSN in the address (a query parameter, a path): nothing reaches the server, the log says blocked; a case lookup goes', async () => {
  const page = await open('spa-form.html');
  await page.locator('#ssn').fill('536-22-1874');
  const blockedBefore = proxy.disclosures().filter((d) => d.decision === 'blocked').length;
  await page.locator('#lookup').click();
  await expect(page.locator('disclosure-guard-ui[data-dialog="request-blocked"] .dialog')).toContainText('its web address holds it');
  await page.locator('disclosure-guard-ui[data-dialog="request-blocked"] [data-action="ok"]').click();
  await page.locator('#lookup-path').click();
  await expect(page.locator('#status')).toHaveText('failed: network');
  await page.locator('disclosure-guard-ui[data-dialog="request-blocked"] [data-action="ok"]').click();
  await page.locator('#lookup-case').click();
  expect(await bodyAt('/api/cases/2024-0815')).toBe('?page=2');
  expect(mine().filter((r) => r.path === '/api/lookup' || r.path.startsWith('/api/ssn/'))).toEqual([]);
  await until(() => proxy.disclosures().filter((d) => d.decision === 'blocked').length >= blockedBefore + 2 || undefined, 15_000, 'two blocked events');
  expect(proxy.logText()).toContain('identifier_in_address');
  expect(proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('wages to an organization not authorized for them: nothing leaves, the dialog says why, the log says blocked', async () => {
  const page = await open('spa-employer.html');
  await page.locator('#wages').fill('gross wages $12,450.00');
  const before = receivedRaw.length;
  await page.locator('#send-wages').click();
  await expect(page.locator('disclosure-guard-ui[data-dialog="request-blocked"] .dialog')).toContainText('may not receive it');
  await expect(page.locator('#status')).toContainText('failed: Blocked by Disclosure Guard');
  expect(receivedRaw.slice(before).filter((r) => r.path === '/api/wages')).toEqual([]);
  await until(() => proxy.disclosures().some((d) => d.decision === 'blocked' && d.channel === 'form'), 15_000, 'the blocked event');
  await page.close();
});

test('the same wages to the organization the registry authorizes go out', async () => {
  const page = await open('spa-form.html');
  await page.locator('#wages').fill('gross wages $12,450.00');
  await page.locator('#send-wages').click();
  expect(JSON.parse(await bodyAt('/api/wages'))).toEqual({ claimant: 'Jane Q Public', quarterlyWages: 'gross wages $12,450.00' });
  await page.close();
});

test('a page that posts itself while it loads: the post waits for the guard and goes masked, on every load', async () => {
  for (let load = 0; load < 5; load++) {
    const before = received.length;
    const page = await context.newPage();
    await page.goto(`${fixtures.origin}/autopost.html`);
    const post = await until(() => received.slice(before).find((p) => p.get('source') === 'autopost'), 15_000, `load ${load + 1}`);
    expect(post.get('ssn'), `load ${load + 1}`).toBe('***-*2-1874');
    await page.close();
  }
});

test('a form inside a web component and an iframe rich-text editor: what the server receives is masked', async () => {
  const page = await open('components.html');
  let before = received.length;
  await page.locator('#shadow-ssn').fill('536-22-1874');
  await page.locator('#shadow-submit').click();
  const shadow = await until(() => received.slice(before).find((p) => p.get('source') === 'shadow-form'), 15_000, 'the shadow form');
  expect(shadow.get('ssn')).toBe('***-*2-1874');

  before = received.length;
  await page.frameLocator('#editor').locator('body').click();
  await page.keyboard.type('Spoke with claimant, SSN 536-22-1874, about the appeal.');
  await page.locator('#save-notes').click();
  const notes = await until(() => received.slice(before).find((p) => p.get('source') === 'iframe-editor'), 15_000, 'the editor form');
  expect(notes.get('notes')).toContain('***-*2-1874');
  expect(notes.get('notes')).not.toContain('536-22-1874');
  await page.close();
});

test('a freshly deployed browser: a post 0, 250, 500 or 1000 ms after the first navigation never leaves raw', async () => {
  const outcomes: string[] = [];
  for (const delay of [0, 250, 500, 1000]) {
    const fresh = await launch();
    try {
      await configure(fresh.worker, proxy, fixtures.origin);
      const before = received.length;
      const page = await fresh.context.newPage();
      await page.goto(`${fixtures.origin}/autopost.html?delay=${delay}`);
      // Held until the guard knows the page (masked then), or refused while it cannot know: never raw.
      const post = await until(() => received.slice(before).find((p) => p.get('source') === 'autopost'), 14_000, 'the post').catch(() => undefined);
      outcomes.push(post ? 'masked' : 'refused');
      if (post) expect(post.get('ssn'), `delay ${delay}`).toBe('***-*2-1874');
      await page.waitForTimeout(300);
      for (const p of received.slice(before)) expect(p.get('ssn'), `delay ${delay}`).not.toBe('536-22-1874');
    } finally {
      await fresh.context.close();
    }
  }
  console.log(`fresh profile, post at 0/250/500/1000 ms: ${outcomes.join(', ')}`);
});

test('a body too large to inspect on an enforce site is refused with the reason, and logged blocked', async () => {
  const page = await open('spa-form.html');
  const blockedBefore = proxy.disclosures().filter((d) => d.decision === 'blocked').length;
  const outcome = await page.evaluate(() =>
    fetch('/api/bulk', { method: 'POST', body: 'row,'.repeat(1_500_000) + 'claimant SSN 536-22-1874' }).then(
      () => 'sent',
      (e: Error) => `failed: ${e.message}`,
    ),
  );
  expect(outcome).toContain('failed');
  await expect(page.locator('disclosure-guard-ui[data-dialog="request-blocked"] .dialog')).toContainText('too large to inspect');
  await until(() => proxy.disclosures().filter((d) => d.decision === 'blocked').length > blockedBefore || undefined, 15_000, 'the blocked event');
  expect(mine().filter((r) => r.path === '/api/bulk')).toEqual([]);
  await page.close();
});

test('frames made from a Blob URL, a data: URL and a sandboxed srcdoc post an SSN themselves: what the server receives is masked', async () => {
  const page = await open('generated-frames.html');
  const paths = ['/api/blob-frame', '/api/data-frame', '/api/sandboxed-frame'];
  await expect(page.locator('body')).toHaveAttribute('data-frames', paths.join(' '), { timeout: 15_000 });
  for (const path of paths) {
    const body = await bodyAt(path);
    expect(body).toContain('ssn=***-*2-1874');
    expect(body).not.toMatch(FULL);
  }
  await page.close();
});

test('a worker started by a Web Worker posts an SSN (no page script runs there, the hook wraps only the page’s own workers): logged as leaked with the SSN fingerprinted, never stored raw', async () => {
  const before = proxy.disclosures().filter((d) => d.decision === 'leaked').length;
  const page = await open('leaky-worker.html');
  await expect(page.locator('body')).toHaveAttribute('data-worker', 'sent', { timeout: 15_000 });
  expect(JSON.parse(await bodyAt('/api/worker-sync')).ssn).toBe('536221874');
  await until(() => proxy.disclosures().filter((d) => d.decision === 'leaked').length > before || undefined, 15_000, 'the leaked event');
  expect(proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('an SSN typed into three boxes: posted as form fields, multipart, a nested JSON object or by the form itself, it arrives with each box masked to its share, logged once a send', async () => {
  const page = await open('split-boxes.html');
  await page.locator('#ssn1').fill('536');
  await page.locator('#ssn2').fill('22');
  await page.locator('#ssn3').fill('1874');
  const masked = () => proxy.events().filter((e) => e.data.decision === 'masked');
  const before = masked().length;
  const call = (name: string) => page.evaluate((n) => (window as unknown as { intake: Record<string, () => Promise<string>> }).intake[n]!(), name);
  expect(await call('fields')).toBe('sent');
  expect(Object.fromEntries(new URLSearchParams(await bodyAt('/api/boxes-fields')))).toEqual({ claimant_name: 'Jane Q Public', ssn1: '***', ssn2: '*2', ssn3: '1874' });
  expect(await call('multipart')).toBe('sent');
  const multipart = await bodyAt('/api/boxes-multipart');
  for (const [name, value] of [['ssn1', '***'], ['ssn2', '*2'], ['ssn3', '1874']] as const) expect(multipart).toMatch(new RegExp(`name="${name}"\r\n\r\n${value.replace(/\*/g, '\\*')}\r\n`));
  expect(await call('json')).toBe('sent');
  expect(JSON.parse(await bodyAt('/api/boxes-json'))).toEqual({ claimant: { name: 'Jane Q Public', ssn: { area: '***', group: '*2', serial: '1874' } } });
  // Each send is one masked event holding one SSN, never three.
  const events = await until(() => {
    const e = masked().slice(before);
    return e.length >= 3 ? e : undefined;
  }, 15_000, 'the three masked events');
  for (const e of events) expect(e.data.types).toEqual({ ssn: 1 });
  // The form's own submit: the boxes are masked in the page before it goes.
  await page.locator('#submit').click();
  expect(Object.fromEntries(new URLSearchParams(await bodyAt('/api/boxes-submit')))).toEqual({ claimant_name: 'Jane Q Public', ssn1: '***', ssn2: '*2', ssn3: '1874' });
  for (const r of mine().filter((x) => x.path.startsWith('/api/boxes'))) expect(r.body, r.path).not.toMatch(/536/);
  expect(proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('a service worker uploads an SSN in its body and another in a header (no tab, no content script): each is logged as leaked under its origin, never stored raw', async () => {
  const before = proxy.disclosures().filter((d) => d.decision === 'leaked').length;
  const page = await open('offline-sync.html');
  expect(await page.evaluate(() => (window as unknown as { sync(p: string, b: string, h?: string): Promise<string> }).sync('/api/sw-sync', JSON.stringify({ claimant: 'Jane Q Public', ssn: '536-22-1874' })))).toBe('sent');
  // Loaded unpacked, Chromium does not let the extension block: the request went, and the log says so.
  expect(JSON.parse(await bodyAt('/api/sw-sync')).ssn).toBe('536-22-1874');
  expect(await page.evaluate(() => (window as unknown as { sync(p: string, b: string, h?: string): Promise<string> }).sync('/api/sw-header', '{}', '536221874'))).toBe('sent');
  const leaked = await until(() => {
    const l = proxy.disclosures().filter((d) => d.decision === 'leaked').slice(before);
    return l.length >= 2 ? l : undefined;
  }, 15_000, 'the two leaked events');
  expect(leaked.map((d) => d.site)).toEqual([new URL(fixtures.origin).host, new URL(fixtures.origin).host]);
  expect(proxy.logText()).toContain('identifier_in_header');
  expect(proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('an analytics pixel puts the SSN in an image address (no page script sees it): logged as leaked, never stored raw', async () => {
  const before = proxy.disclosures().filter((d) => d.decision === 'leaked').length;
  const page = await open('leaky-pixel.html');
  await expect(page.locator('body')).toHaveAttribute('data-pixel', /loaded|failed/, { timeout: 15_000 });
  // Loaded unpacked, Chromium does not let the extension block: the request went, and the log says so.
  expect(await bodyAt('/api/pixel')).toContain('ssn=');
  await until(() => proxy.disclosures().filter((d) => d.decision === 'leaked').length > before || undefined, 15_000, 'the leaked event');
  expect(proxy.logText()).toContain('identifier_in_address');
  expect(proxy.logText()).not.toMatch(FULL);
  await page.close();
});
