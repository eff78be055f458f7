/**
 * Firefox smoke test: the Firefox build in Debian's firefox-esr (driven by puppeteer-core over
 * WebDriver BiDi; Playwright cannot drive stock Firefox), configured the way IT deploys it, through
 * an enterprise policy (3rdparty.Extensions.<gecko id>) read from storage.managed. A web form's SSN
 * field is masked in the page's own state, and a fax cover note gets masking and the statement.
 */
import { expect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { GECKO_ID } from '../../extension/lib/identity';
import { claimPacketDocx, docxText } from '../helpers/office';
import { FIREFOX_PREFS, freePort, Proxy, receivedRaw, ROOT, serveFixtures, sitesFor, until, uploads } from './harness';

const FIREFOX_EXTENSION = join(ROOT, '.output', 'firefox-mv3');
// Where Firefox reads enterprise policies, as IT installs them (Debian's firefox-esr).
const POLICIES = '/usr/lib/firefox-esr/distribution/policies.json';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let browser: Browser;
let previous: string | null = null;

test.beforeAll(async () => {
  proxy = new Proxy(await freePort());
  proxy.seed();
  await proxy.start();
  fixtures = await serveFixtures();
  previous = existsSync(POLICIES) ? readFileSync(POLICIES, 'utf8') : null;
  mkdirSync(join(POLICIES, '..'), { recursive: true });
  writeFileSync(
    POLICIES,
    JSON.stringify({
      policies: {
        '3rdparty': {
          Extensions: {
            [GECKO_ID]: {
              proxyUrl: proxy.url,
              apiToken: proxy.token,
              userEmail: 'casey.staff@jobs.example.gov',
              failMode: 'closed',
              sites: sitesFor(fixtures.origin),
            },
          },
        },
      },
    }),
  );
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    // A first start on a cold machine (a new profile, the policies read) can take more than 30 s.
    timeout: 120_000,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  await browser.installExtension(FIREFOX_EXTENSION);
});

test.afterAll(async () => {
  await browser?.close();
  await proxy?.stop();
  fixtures?.server.close();
  if (previous === null) rmSync(POLICIES, { force: true });
  else writeFileSync(POLICIES, previous);
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${fixtures.origin}/${path}`);
  await until(() => page.evaluate(() => document.documentElement.getAttribute('data-disclosure-guard')), 15_000, 'the guard');
  return page;
}

const sentIn = (page: Page) => page.evaluate(() => (window as unknown as { __sent: Array<Record<string, string>> }).__sent);

test('Firefox: the web form SSN is masked; the fax cover note is masked and carries the statement', async () => {
  const form = await open('web-form.html');
  await form.type('#ssn', '123-45-6789');
  await form.click('button[type="submit"]');
  await until(async () => (await sentIn(form)).length === 1, 15_000, 'the form submit');
  expect((await sentIn(form))[0]!.ssn).toBe('***-*5-6789');

  const fax = await open('fax-portal.html');
  await fax.type('#recipientFax', '(573) 555-0100');
  await fax.type('#coverNote', 'Jane Q Public, SSN 123-45-6789.');
  await fax.click('button[type="submit"]');
  const box = await fax.waitForSelector('disclosure-guard-ui[data-dialog="fax-confirm"] >>> input[type="checkbox"]', { timeout: 15_000 });
  await box!.click();
  await (await fax.waitForSelector('disclosure-guard-ui[data-dialog="fax-confirm"] >>> [data-action="send"]'))!.click();
  await until(async () => (await sentIn(fax)).length === 1, 15_000, 'the fax');
  const note = (await sentIn(fax))[0]!.coverNote!;
  expect(note).toMatch(/^Jane Q Public, SSN \*\*\*-\*5-6789\.\n\nThe information contained in or attached to this transmission/);
  expect(note.split('strictly prohibited')).toHaveLength(2);
  await until(() => proxy.disclosures().filter((d) => d.decision === 'masked').length >= 2, 15_000, 'both events at the proxy');
});

test('Firefox: a single-page app sending with fetch, XMLHttpRequest and a WebSocket: what the server receives is masked; a lookup with the SSN in its address is refused', async () => {
  const page = await open('spa-form.html');
  await page.type('#ssn', '536-22-1874');
  const before = receivedRaw.length;
  await page.click('#send-json');
  const json = await until(() => receivedRaw.slice(before).find((r) => r.path === '/api/claims')?.body, 15_000, 'the fetch');
  expect(JSON.parse(json)).toEqual({ claimant: 'Jane Q Public', socialSecurityNumber: '***-*2-1874' });
  await page.click('#send-xhr');
  const xhr = await until(() => receivedRaw.slice(before).find((r) => r.path === '/api/xhr')?.body, 15_000, 'the XHR');
  expect(new URLSearchParams(xhr).get('ssn')).toBe('***-*2-1874');
  await until(() => page.evaluate(() => document.body.getAttribute('data-socket') === 'open'), 15_000, 'the socket');
  await page.click('#send-ws');
  await until(() => receivedRaw.slice(before).filter((r) => r.path === '/socket').length >= 2, 15_000, 'the chat');
  expect(receivedRaw.slice(before).filter((r) => r.path === '/socket').map((r) => r.body)).toEqual(['hello', 'claimant SSN ***-*2-1874']);
  for (const r of receivedRaw.slice(before)) expect(r.body).not.toMatch(/536-?22-?1874/);

  // A lookup with the SSN in its address is refused; one by case number goes.
  await page.click('#lookup');
  await until(() => page.evaluate(() => document.getElementById('status')!.textContent!.startsWith('failed')) || undefined, 15_000, 'the refused lookup');
  await (await page.waitForSelector('disclosure-guard-ui[data-dialog="request-blocked"] >>> [data-action="ok"]', { timeout: 15_000 }))!.click();
  await page.click('#lookup-case');
  await until(() => receivedRaw.slice(before).find((r) => r.path === '/api/cases/2024-0815'), 15_000, 'the case lookup');
  expect(receivedRaw.slice(before).filter((r) => r.path === '/api/lookup')).toEqual([]);
});

test('Firefox: frames made from a Blob URL, a data: URL and a sandboxed srcdoc post an SSN: what the server receives is masked', async () => {
  const before = receivedRaw.length;
  const page = await open('generated-frames.html');
  const paths = ['/api/blob-frame', '/api/data-frame', '/api/sandboxed-frame'];
  await until(() => page.evaluate(() => document.body.getAttribute('data-frames')).then((v) => v === paths.join(' ') || undefined), 15_000, 'the three frames');
  for (const path of paths) {
    const body = await until(() => receivedRaw.slice(before).find((r) => r.path === path)?.body, 15_000, path);
    expect(body).toContain('ssn=***-*2-1874');
    expect(body).not.toMatch(/536-?22-?1874/);
  }
});

test('Firefox: a DOCX chosen in a fax portal form and a CSV dropped on a drop zone reach the server masked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-ff-upload-'));
  const docx = join(dir, 'claim-packet.docx');
  writeFileSync(docx, await claimPacketDocx());
  const page = await open('fax-upload.html');
  await page.type('#to', '(573) 555-0100');
  const before = uploads.length;
  const input = await page.$('#packet');
  await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(docx);
  await until(() => page.evaluate(() => document.querySelector('disclosure-guard-ui[data-ui="file-status"]')?.getAttribute('data-status')), 20_000, 'the file status');
  await page.click('#send');
  // The packet held SSNs: the number is checked for them and the sender confirms the call.
  const box = await page.waitForSelector('disclosure-guard-ui[data-dialog="fax-confirm"] >>> input[type="checkbox"]', { timeout: 15_000 });
  await box!.click();
  await (await page.waitForSelector('disclosure-guard-ui[data-dialog="fax-confirm"] >>> [data-action="send"]'))!.click();
  const fax = await until(() => uploads.slice(before).find((u) => u.path === '/upload/fax'), 20_000, 'the fax upload');
  const text = await docxText(fax.bytes);
  expect(text).toContain('SSN: ***-*8-3390');
  expect(text).not.toMatch(/412-?68-?3390|536-?22-?1874/);

  const drop = await open('drop-zone.html');
  await drop.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Name,SSN\nJane Q. Public,536-22-1874\n'], 'claimants.csv', { type: 'text/csv' }));
    document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  const dropped = await until(() => uploads.slice(before).find((u) => u.path === '/upload/drop'), 20_000, 'the drop upload');
  expect(dropped.bytes.toString('utf8')).toBe('Name,SSN\nJane Q. Public,***-*2-1874\n');
  // The page's own drop handler was handed the masked copy.
  const seen = await drop.evaluate(() => (window as unknown as { __seen: unknown[] }).__seen);
  expect(seen).toEqual([{ how: 'drop', name: 'claimants.csv', size: dropped.bytes.length }]);
});
