/**
 * Files leaving a guarded page in Debian Chromium: a fax portal's plain HTML form, a drop zone
 * that uploads with fetch, and a webmail attachment uploaded with XMLHttpRequest. Asserted on the
 * bytes the page's server received, read back with independent readers (mammoth, exceljs, pdfjs).
 */
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';
import type { Server } from 'node:http';
import { claimPacketDocx, docxText, wageReportXlsx, xlsxCells } from '../helpers/office';
import { encryptedPdf, textPdf } from '../helpers/scans';
import { openGuarded, startGuarded, until, uploads } from './harness';
import type { Proxy, Upload } from './harness';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let context: BrowserContext;
let suite: Awaited<ReturnType<typeof startGuarded>>;
let start = 0;

test.beforeAll(async () => {
  suite = await startGuarded();
  ({ proxy, fixtures, context } = suite);
  start = uploads.length;
});
test.afterAll(() => suite?.close());

const open = (path: string): Promise<Page> => openGuarded(context, fixtures.origin, path);
const uploadAt = (path: string, after: number) => until(() => uploads.slice(after).find((u) => u.path === path), 30_000, `an upload to ${path}`);
const FULL = /412-?68-?3390|536-?22-?1874|078-?05-?1121|46-?1234567|123456789012/;

const dialog = (page: Page, name: string) => page.locator(`disclosure-guard-ui[data-dialog="${name}"] .dialog`);

test('a fax portal form: the chosen DOCX is replaced by its masked copy before the form posts it', async () => {
  const page = await open('fax-upload.html');
  await page.locator('#to').fill('(573) 555-0100');
  await page.locator('#packet').setInputFiles({ name: 'claim-packet.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(await claimPacketDocx()) });
  await expect(page.locator('disclosure-guard-ui[data-ui="file-status"]')).toHaveAttribute('data-status', /claim-packet\.docx: Social Security number ×5, .*masked\./);
  const before = uploads.length;
  await page.locator('#send').click();
  // The packet held SSNs: the fax number is checked for them and the sender confirms the call.
  const confirm = dialog(page, 'fax-confirm');
  await expect(confirm).toContainText('Avery Q Partner — +15735550100');
  await confirm.locator('input[type="checkbox"]').check();
  await confirm.locator('[data-action="send"]').click();
  const u: Upload = await uploadAt('/upload/fax', before);
  expect(u.name).toBe('claim-packet.docx');
  expect(u.fields.subject).toBe('Claim packet');
  const text = await docxText(u.bytes);
  expect(text).toContain('SSN: ***-*8-3390');
  expect(text).toContain('Claimant: Jane Q. Public');
  expect(text).not.toMatch(FULL);
  const events = await until(() => proxy.events().filter((e) => (e.data as { files?: unknown[] }).files?.length), 15_000, 'the file event');
  expect(events.at(-1)!.data).toMatchObject({ decision: 'masked', files: [{ type: 'docx', outcome: 'masked' }] });
  expect(JSON.stringify(events)).not.toContain('claim-packet');
});

test('a fax portal form: a packet holding SSNs is not faxed to a number the registry does not authorize', async () => {
  const page = await open('fax-upload.html');
  await page.locator('#to').fill('(555) 555-0199');
  await page.locator('#packet').setInputFiles({ name: 'claim-packet.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(await claimPacketDocx()) });
  await expect(page.locator('disclosure-guard-ui[data-ui="file-status"]')).toHaveAttribute('data-status', /masked/);
  const before = uploads.length;
  await page.locator('#send').click();
  await expect(dialog(page, 'blocked')).toContainText('This fax holds Social Security number ×5');
  await expect(dialog(page, 'blocked')).toContainText('(555) 555-0199 is not on the Authorized User Registry.');
  expect(uploads.slice(before).filter((u) => u.path === '/upload/fax')).toEqual([]);
});

test('a drop zone that uploads with fetch: the dropped workbook arrives masked', async () => {
  const page = await open('drop-zone.html');
  const data = Buffer.from(await wageReportXlsx()).toString('base64');
  const before = uploads.length;
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'q3-wages.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, data);
  const u = await uploadAt('/upload/drop', before);
  expect(u.fields.quarter).toBe('2026Q3');
  const cells = await xlsxCells(u.bytes);
  expect(cells['Q3 wages']).toMatchObject({ B2: '****83390', B3: '****83391', B4: '***-*2-1874', A2: 'Jane Q. Public' });
  await expect(page.locator('#done')).toContainText('q3-wages.xlsx: uploaded');
  // The page's drop handler itself was handed the masked copy (not the original, then masked on the way out).
  const seen = await page.evaluate(() => (window as unknown as { __seen: Array<{ how: string; size: number }> }).__seen);
  expect(seen).toEqual([{ how: 'drop', name: 'q3-wages.xlsx', size: u.bytes.length }]);
});

test('a pasted CSV: the page\'s own paste handler is handed the masked copy, and that is what it uploads', async () => {
  const page = await open('drop-zone.html');
  const before = uploads.length;
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Name,SSN\nJane Q. Public,536-22-1874\n'], 'claimants.csv', { type: 'text/csv' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt }));
  });
  const u = await uploadAt('/upload/paste', before);
  expect(u.bytes.toString('utf8')).toBe('Name,SSN\nJane Q. Public,***-*2-1874\n');
  const seen = await page.evaluate(() => (window as unknown as { __seen: Array<{ how: string; text?: string }> }).__seen);
  expect(seen).toEqual([{ how: 'paste', name: 'claimants.csv', text: 'Name,SSN\nJane Q. Public,***-*2-1874\n' }]);
});

test('a webmail attachment sent as a raw XHR body: the PDF is flattened by the proxy and arrives with no SSN in it', async () => {
  const page = await open('mail-attach.html');
  const pdf = await textPdf([['Claim packet', 'Claimant: Jane Q. Public', 'SSN: 536-22-1874']]);
  const before = uploads.length;
  await page.locator('#attach').setInputFiles({ name: 'fax-packet.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  const u = await uploadAt('/upload/attach', before);
  expect(u.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(u.bytes), verbosity: 0 }).promise;
  expect(doc.numPages).toBe(2);
  const cover = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
  expect(cover).toContain('CONFIDENTIAL');
  const page2 = (await (await doc.getPage(2)).getTextContent()).items.length;
  expect(page2).toBe(0);
  await expect(page.locator('#state')).toHaveText('attached');
  await expect(page.locator('disclosure-guard-ui[data-ui="file-status"]')).toHaveAttribute('data-status', /^fax-packet\.pdf: Social Security number masked\.$/);
});

test('a file that cannot be inspected is refused on an enforce site and never reaches the server', async () => {
  const page = await open('fax-upload.html');
  await page.locator('#packet').setInputFiles({ name: 'locked.pdf', mimeType: 'application/pdf', buffer: Buffer.from(encryptedPdf()) });
  const dialog = page.locator('disclosure-guard-ui[data-dialog="file-blocked"]');
  await expect(dialog).toBeAttached({ timeout: 20_000 });
  await expect(dialog.locator('text=/locked\\.pdf cannot be inspected: the PDF is encrypted/')).toBeVisible();
  expect(await page.locator('#packet').evaluate((i) => (i as HTMLInputElement).files?.length)).toBe(0);
  await dialog.getByRole('button', { name: 'OK' }).click();
  const before = uploads.length;
  await page.locator('#send').click();
  const u = await uploadAt('/upload/fax', before);
  expect(u.bytes.length).toBe(0);
});

test('on a warn site a file that cannot be inspected goes as it is, with a warning and a logged event', async () => {
  const page = await open('warn-upload.html');
  await page.locator('#packet').setInputFiles({ name: 'locked.pdf', mimeType: 'application/pdf', buffer: Buffer.from(encryptedPdf()) });
  await expect(page.locator('disclosure-guard-ui[data-ui="file-status"]')).toHaveAttribute('data-status', /locked\.pdf could not be checked/);
  const before = uploads.length;
  await page.locator('#send').click();
  const u = await uploadAt('/upload/fax', before);
  expect(u.bytes.equals(Buffer.from(encryptedPdf()))).toBe(true);
  const events = await until(() => proxy.events().filter((e) => (e.data as { decision?: string }).decision === 'warned' && (e.data as { files?: unknown[] }).files), 15_000, 'the warned event');
  expect(events.at(-1)!.data).toMatchObject({ reasons: ['uninspectable_content'], files: [{ type: 'pdf', outcome: 'uninspectable' }] });
});
