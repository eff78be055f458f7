/**
 * Other ways out of an enforce page, in Debian Chromium: an SSN in request headers and in a cookie,
 * under an encoding (a JWT, base64, percent-encoded twice, a gzip body), and a monitoring SDK's
 * upload through a fetch taken from a removed about:blank frame. Asserted on what the page's server
 * received and on what the proxy logged.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { guardedSpec, openGuarded, until } from './harness';

const spec = guardedSpec();

const FULL = /536-?22-?(1874|7731)|53622(1874|7731)/;
const { mine, at, arrived } = spec;
const run = (page: Page, name: string, arg?: string) => page.evaluate(([n, a]) => (window as unknown as { exits: Record<string, (x?: string) => Promise<string>> }).exits[n!]!(a), [name, arg] as const);
const logged = (reason: string) => spec.suite.proxy.events().filter((e) => e.data.decision === 'blocked' && (e.data.reasons as string[]).includes(reason)).length;

test('an SSN in a header (fetch, a Headers object, a Request, XHR) or a cookie never reaches the server; each is logged blocked; clean ones go', async () => {
  const page = await openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'exits.html');
  for (const name of ['headerFetch', 'headerObject', 'headerRequest', 'headerXhr']) expect(await run(page, name), name).toMatch(/^failed/);
  expect(await run(page, 'headerClean')).toBe('sent');
  expect((await arrived('/api/header-clean')).headers!['x-case-number']).toBe('2024-0815');
  expect(await run(page, 'cookie')).toBe('sent');
  const after = await arrived('/api/after-cookie');
  // The SSN cookie was never written; the page's other cookie was.
  expect(String(after.headers!.cookie ?? '')).toContain('theme=dark2');
  expect(String(after.headers!.cookie ?? '')).not.toContain('claimant_ssn');
  // Written while the page loaded, before the rule was known: the request made right after waited
  // for the writes, so it carried the session cookie, and the SSN cookie was never written.
  const early = String((await arrived('/api/early-cookie')).headers!.cookie ?? '');
  expect(early).toContain('visit=2024-0815');
  expect(early).not.toContain('early_ssn');
  for (const path of ['/api/header-fetch', '/api/header-headers', '/api/header-request', '/api/header-xhr']) expect(at(path), path).toEqual([]);
  await until(() => logged('identifier_in_header') >= 4 && logged('identifier_in_cookie') >= 2 || undefined, 15_000, 'the blocked events');
  for (const r of mine()) expect(JSON.stringify(r.headers), r.path).not.toMatch(FULL);
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('an SSN in a JWT, a base64 body, percent-encoded twice or gzip-compressed never reaches the server; a clean gzip body does', async () => {
  const page = await open();
  const before = logged('identifier_encoded');
  for (const name of ['jwt', 'base64', 'percentTwice', 'gzip']) expect(await run(page, name), name).toMatch(/^failed/);
  expect(await page.evaluate(() => (window as unknown as { exits: { gzip(clean: boolean): Promise<string> } }).exits.gzip(true))).toBe('sent');
  await arrived('/api/gzip-clean');
  for (const path of ['/api/jwt', '/api/base64', '/api/percent-twice', '/api/gzip']) expect(at(path), path).toEqual([]);
  await until(() => logged('identifier_encoded') >= before + 4 || undefined, 15_000, 'the blocked events');
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('a claimants API keyed by the SSN: a path and a search term with it never reach the server (logged blocked); a JSON claimantId arrives masked', async () => {
  const page = await open();
  const before = logged('identifier_in_address');
  expect(await run(page, 'restPath')).toMatch(/^failed/);
  expect(await run(page, 'search')).toMatch(/^failed/);
  expect(await run(page, 'claimantId')).toBe('sent');
  expect(JSON.parse((await arrived('/api/claimant-update')).body)).toEqual({ claimantId: '****21874', status: 'open' });
  await until(() => logged('identifier_in_address') >= before + 2 || undefined, 15_000, 'the blocked events');
  expect(mine().filter((r) => r.path.startsWith('/api/claimants'))).toEqual([]);
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

test('an SSN broken by a quoted-printable soft line break, or spelled out in words, arrives masked around the break and word by word; both are logged', async () => {
  const page = await open();
  const before = spec.suite.proxy.disclosures().filter((d) => d.decision === 'masked').length;
  expect(await run(page, 'mime')).toBe('sent');
  const mime = (await arrived('/api/mime')).body;
  expect(mime).toContain('for SSN ***-*2-18=\r\n74 today.');
  expect(mime).toContain('Content-Transfer-Encoding: quoted-printable');
  expect(await run(page, 'spelled')).toBe('sent');
  expect(JSON.parse((await arrived('/api/spelled')).body)).toEqual({ note: 'her social is **** ***** *** *** two one eight seven four, call back' });
  await until(() => spec.suite.proxy.disclosures().filter((d) => d.decision === 'masked').length >= before + 2 || undefined, 15_000, 'the logged events');
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  expect(spec.suite.proxy.logText()).not.toMatch(/five three six two/);
  await page.close();
});

test('a monitoring SDK\'s fetch from a removed about:blank frame still uploads; an SSN sent that way never leaves raw', async () => {
  const page = await open();
  expect(await run(page, 'sdkUpload', JSON.stringify({ event: 'page_view', ms: 1234 }))).toBe('sent');
  expect(JSON.parse((await arrived('/api/sdk-upload')).body)).toEqual({ event: 'page_view', ms: 1234 });
  const before = spec.suite.proxy.disclosures().filter((d) => d.decision === 'masked' || d.decision === 'blocked').length;
  await run(page, 'sdkUpload', JSON.stringify({ event: 'form_error', ssn: '536-22-1874' }));
  // Judged by the page's guard like any request of the page: masked in the body, and logged.
  expect(JSON.parse((await arrived('/api/sdk-ssn')).body)).toEqual({ event: 'form_error', ssn: '***-*2-1874' });
  await until(() => spec.suite.proxy.disclosures().filter((d) => d.decision === 'masked' || d.decision === 'blocked').length > before || undefined, 15_000, 'the logged event');
  expect(spec.suite.proxy.logText()).not.toMatch(FULL);
  await page.close();
});

function open(): Promise<Page> {
  return openGuarded(spec.suite.context, spec.suite.fixtures.origin, 'exits.html');
}
