/**
 * More ways out of an enforce page, in Debian Chromium: a WebRTC data channel, a single-page app
 * whose guarded route is reached by history.pushState (and a step back), and the page's own workers
 * (dedicated, shared, module). Asserted on what the other end of the channel or the page's server
 * received and on what the proxy logged, never on the DOM.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { guardedSpec, openGuarded, until } from './harness';

const spec = guardedSpec();

const FULL = /536-?22-?1874|536221874/;
const { at, arrived } = spec;
/** Events the proxy logged as masked, for the fixture origin's site. */
const masked = () => spec.suite.proxy.disclosures().filter((d) => d.decision === 'masked').length;

test('a WebRTC data channel: the other end receives the SSN masked, in order, and the send is logged masked', async () => {
  const page = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'datachannel.html');
  expect(await page.evaluate(() => (window as unknown as { connected: Promise<string> }).connected)).toBe('open');
  const before = masked();
  await page.evaluate(() => {
    const channel = (window as unknown as { channel: RTCDataChannel }).channel;
    channel.send('hello');
    channel.send('claimant SSN 536-22-1874');
    channel.send(new TextEncoder().encode('bytes SSN 536 22 1874'));
  });
  const got = await until(
    async () => {
      const list = await page.evaluate(() => (window as unknown as { arrived: string[] }).arrived);
      return list.length >= 3 ? list : undefined;
    },
    15_000,
    'three messages at the other end',
  );
  expect(got).toEqual(['hello', 'claimant SSN ***-*2-1874', 'bytes SSN *** *2 1874']);
  await until(() => masked() >= before + 2 || undefined, 15_000, 'the masked events');
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('a single-page app that moves to a guarded route with pushState, or back to it, posts the SSN masked; on its unguarded route it goes as it is', async () => {
  const page = await spec.suite.context.newPage();
  await page.goto(`${spec.suite.fixtures.origin}/spa-route.html`);
  const post = (path: string) => page.evaluate((p) => (window as unknown as { post(p: string): Promise<string> }).post(p), path);
  // No rule names the app's own address: its post goes unchanged (and the hook now knows this
  // address is not guarded). A fresh profile's first settings read can outlast the guard's wait, and
  // then a post that may hold an identifier is refused: the app tries again.
  await until(async () => (await post('/api/route-open')) === 'received /api/route-open', 30_000, 'the post on the unguarded route');
  expect((await arrived('/api/route-open')).body).toBe('claimant SSN 536-22-1874');

  const before = masked();
  await page.evaluate(() => history.pushState({}, '', '/guarded/form'));
  expect(await post('/api/route-pushed')).toBe('received /api/route-pushed');
  expect((await arrived('/api/route-pushed')).body).toBe('claimant SSN ***-*2-1874');

  // Off the guarded route again (replaceState), then a step back onto it (popstate).
  await page.evaluate(() => history.pushState({}, '', '/guarded/review'));
  await page.evaluate(() => history.replaceState({}, '', '/spa-route.html'));
  expect(await post('/api/route-replaced')).toBe('received /api/route-replaced');
  expect((await arrived('/api/route-replaced')).body).toBe('claimant SSN 536-22-1874');
  await page.evaluate(() => (window as unknown as { back(): Promise<void> }).back());
  expect(page.url()).toBe(`${spec.suite.fixtures.origin}/guarded/form`);
  expect(await post('/api/route-back')).toBe('received /api/route-back');
  expect((await arrived('/api/route-back')).body).toBe('claimant SSN ***-*2-1874');

  await until(() => masked() >= before + 2 || undefined, 15_000, 'the masked events');
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

const run = (page: Page, kind: string, ssn: string) => page.evaluate(([k, s]) => (window as unknown as { workers: Record<string, (s: string) => Promise<string>> }).workers[k!]!(s), [kind, ssn] as const);

test('workers of an enforce page: a dedicated worker’s fetch, XMLHttpRequest and WebSocket, a shared worker’s and a module worker’s fetch arrive masked, and are logged masked', async () => {
  const page = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'workers.html');
  const before = masked();

  expect(await run(page, 'dedicated', '536-22-1874')).toBe('received /api/worker-fetch; received /api/worker-xhr; socket sent');
  expect((await arrived('/api/worker-fetch')).body).toBe('claimant SSN ***-*2-1874');
  expect(new URLSearchParams((await arrived('/api/worker-xhr')).body).get('ssn')).toBe('***-*2-1874');
  await until(() => at('/socket').length >= 2 || undefined, 15_000, 'the worker’s socket messages');
  expect(at('/socket').map((r) => r.body)).toEqual(['worker hello', 'claimant SSN ***-*2-1874']);

  expect(await run(page, 'shared', '536-22-1874')).toBe('received /api/shared-fetch');
  expect(new URLSearchParams((await arrived('/api/shared-fetch')).body).get('ssn')).toBe('***-*2-1874');

  expect(await run(page, 'module', '536221874')).toBe('received /api/module-fetch');
  expect(JSON.parse((await arrived('/api/module-fetch')).body)).toEqual({ claimant: 'Jane Q Public', ssn: '****21874' });

  for (const path of ['/api/worker-fetch', '/api/worker-xhr', '/api/shared-fetch', '/api/module-fetch', '/socket']) for (const r of at(path)) expect(r.body, path).not.toMatch(FULL);
  await until(() => masked() >= before + 5 || undefined, 15_000, 'the masked events');
  // What the guard masked is not mistaken by the network backstop for a leak.
  expect(spec.suite.proxy.disclosures().filter((d) => d.decision === 'leaked')).toEqual([]);
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('a dedicated worker that puts the SSN in a request header: refused before it leaves, logged blocked', async () => {
  const page = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'workers.html');
  const blocked = () => spec.suite.proxy.events().filter((e) => e.data.decision === 'blocked' && (e.data.reasons as string[]).includes('identifier_in_header')).length;
  const before = blocked();
  expect(await run(page, 'header', '536-22-1874')).toMatch(/^failed: Blocked by Disclosure Guard/);
  await until(() => blocked() > before || undefined, 15_000, 'the blocked event');
  expect(at('/api/worker-header')).toEqual([]);
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});
