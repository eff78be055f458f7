/**
 * What a page sends as it closes, in Debian Chromium: a beacon and a keepalive fetch with an SSN in
 * a pagehide handler. The log is exact: a send is logged `masked` only when its masked copy went,
 * never for one lost with the page. Asserted on what the page's server received and on the proxy's log.
 */
import { expect, test } from '@playwright/test';
import { guardedSpec, openGuarded, until } from './harness';

const spec = guardedSpec();

const FULL = /536-?22-?(1874|4410|3307)|536221874|536224410|536223307/;
const { mine, at } = spec;
/** The log's events whose masked samples end in `last4`, with their decisions. */
const loggedFor = (last4: string) => spec.suite.proxy.events().filter((e) => ((e.data.maskedSamples as string[] | undefined) ?? []).some((s) => s.endsWith(last4))).map((e) => e.data.decision);

test('a beacon and a keepalive fetch sent while the page closes go masked and are logged masked; none is logged masked unless it arrived', async () => {
  const page = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'closing.html');
  // The page's rule is known to the request guard before the page closes.
  expect(await page.evaluate(() => (window as unknown as { ready(): Promise<string> }).ready())).toBe('received /api/close-ready');
  await page.close({ runBeforeUnload: true });
  await until(() => page.isClosed() || undefined, 15_000, 'the page to close');
  // The text beacon and the keepalive fetch are handed to the browser before the page is gone: masked.
  const beacon = await until(() => at('/api/close-beacon')[0], 15_000, 'the beacon');
  expect(JSON.parse(beacon.body)).toEqual({ event: 'claim_abandoned', claimant: 'Jane Q Public', ssn: '***-*2-1874' });
  const keepalive = await until(() => at('/api/close-keepalive')[0], 15_000, 'the keepalive fetch');
  expect(JSON.parse(keepalive.body).ssn).toBe('***-*2-4410');
  await until(() => (loggedFor('1874').includes('masked') && loggedFor('4410').includes('masked')) || undefined, 15_000, 'the masked events');
  // A later page's event is logged after anything the closed page left in the queue.
  const marker = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'exits.html');
  await marker.evaluate(() => fetch('/api/close-marker', { method: 'POST', body: JSON.stringify({ ssn: '536-22-9051' }) }));
  await until(() => loggedFor('9051').length || undefined, 15_000, 'the marker event');
  await marker.close();
  // The text beacon and the keepalive fetch: logged masked exactly once.
  expect(loggedFor('1874')).toEqual(['masked']);
  expect(loggedFor('4410')).toEqual(['masked']);
  // A Blob beacon is read before it is decided, and the page may be gone by then: whatever became of
  // it, it is never logged masked unless its masked copy reached the server.
  expect(loggedFor('3307').filter((d) => d === 'masked').length).toBeLessThanOrEqual(at('/api/close-blob').length);
  for (const r of mine()) expect(r.body, r.path).not.toMatch(FULL);
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
});

test('a socket message the page closes the socket on before it could go is logged not_sent, never masked', async () => {
  const page = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'closing.html');
  expect(await page.evaluate(() => (window as unknown as { ready(): Promise<string> }).ready())).toBe('received /api/close-ready');
  expect(await page.evaluate(() => (window as unknown as { sendAndClose(): Promise<string> }).sendAndClose())).toBe('closed');
  await until(() => loggedFor('6112').length || undefined, 15_000, 'the event of the dropped message');
  expect(loggedFor('6112')).toEqual(['not_sent']);
  expect(mine().filter((r) => r.path === '/socket')).toEqual([]);
  expect(spec.suite.proxy.logText()).not.toMatch(/536-?22-?6112|536226112/);
  await page.close();
});
