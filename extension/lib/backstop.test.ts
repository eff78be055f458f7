import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { bodyText, inspect, inspectHeaders, isSuspect, pageOf, workerOrigin } from './backstop';
import type { RequestDetails } from './backstop';
import type { SiteRule } from '../../shared/policy';
import { wageReportXlsx } from '../../test/helpers/office';
import { textPdf } from '../../test/helpers/scans';

const enforce = { match: 'portal.example.gov/*', adapter: 'form', mode: 'enforce', organization: 'Example County LWDB' } as SiteRule;
const bytes = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
const post = (requestBody: RequestDetails['requestBody'], extra: Partial<RequestDetails> = {}): RequestDetails => ({
  url: 'https://api.example.com/submit',
  method: 'POST',
  tabId: 4,
  initiator: 'https://portal.example.gov',
  requestBody,
  ...extra,
});

describe('the network backstop', () => {
  it('reads form fields with their names and raw bodies split over several chunks', () => {
    expect(bodyText(post({ formData: { ssn: ['536-22-1874'], name: ['Jane Q Public'] } }))).toBe('ssn: 536-22-1874\nname: Jane Q Public');
    expect(bodyText(post({ raw: [{ bytes: bytes('{"ssn":"536-') }, { bytes: bytes('22-1874"}') }] }))).toBe('{"ssn":"536-22-1874"}');
    // A file part carries only its name.
    expect(bodyText(post({ raw: [{ file: '/home/u/claims.csv' }] }))).toBe('');
  });

  it('reads a raw body that is a workbook by its cells, and takes a PDF\'s or image\'s bytes for no text', async () => {
    const xlsx = await wageReportXlsx();
    const event = inspect(post({ raw: [{ bytes: xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer }] }), enforce);
    expect(event).toMatchObject({ decision: 'leaked', types: { ssn: 4, fein: 1 } });
    // A flattened PDF's compressed streams decoded as text would only be noise.
    const pdf = await textPdf([['SSN 536-22-1874']]);
    const noise = new Uint8Array([...pdf.subarray(0, 200), 0, 1, 2, 3, ...new TextEncoder().encode(' 0000000015 536221874 ')]);
    expect(bodyText(post({ raw: [{ bytes: noise.buffer as ArrayBuffer }] }))).toBe('');
  });

  it('names the page by document URL, else the initiator; an opaque initiator names none', () => {
    expect(pageOf(post(null, { documentUrl: 'https://portal.example.gov/claims' }))).toBe('https://portal.example.gov/claims');
    expect(pageOf(post(null))).toBe('https://portal.example.gov/');
    expect(pageOf(post(null, { initiator: 'null' }))).toBeUndefined();
  });

  it('reports a full SSN on an enforce site as leaked, with the value masked in its samples', () => {
    const event = inspect(post({ raw: [{ bytes: bytes('claimant=Jane Q Public&ssn=536-22-1874') }] }), enforce);
    expect(event).toMatchObject({ decision: 'leaked', site: 'portal.example.gov', channel: 'form', types: { ssn: 1 }, reasons: ['unguarded_path'] });
    expect(event?.maskedSamples).toEqual(['***-*2-1874']);
    expect(event?.recipients).toEqual([{ address: 'Example County LWDB' }]);
  });

  it('reads an SSN spelled out in words, which holds no digit, and samples it masked word by word', () => {
    const event = inspect(post({ raw: [{ bytes: bytes('{"note":"her social is five three six two two one eight seven four"}') }] }), enforce);
    expect(event).toMatchObject({ decision: 'leaked', types: { ssn: 1 } });
    // As the proxy takes samples: digit words as digits, only the last five of them.
    expect(event?.maskedSamples).toEqual(['**** ***** *** *** 21874']);
    expect(event?.identifiers).toEqual([{ type: 'ssn', value: '536221874' }]);
  });

  it('says nothing of masked bodies, reads, the browser\'s or the extension\'s own requests, or sites not enforced', () => {
    const masked = post({ formData: { ssn: ['***-*2-1874'] } });
    expect(inspect(masked, enforce)).toBeUndefined();
    const raw = post({ formData: { ssn: ['536-22-1874'] } });
    expect(inspect({ ...raw, method: 'GET' }, enforce)).toBeUndefined();
    expect(inspect({ ...raw, tabId: -1, initiator: undefined }, enforce)).toBeUndefined();
    expect(inspect({ ...raw, tabId: -1, initiator: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' }, enforce)).toBeUndefined();
    expect(inspect(raw, { ...enforce, mode: 'audit' })).toBeUndefined();
    expect(inspect(raw, undefined)).toBeUndefined();
  });

  it('reads the address of any request: an image or a navigation with an SSN in it is reported, fingerprinted, masked in its samples', () => {
    const pixel = { ...post(null), method: 'GET', type: 'image', url: 'https://metrics.example.com/p.gif?event=lookup&ssn=536221874' };
    const event = inspect(pixel, enforce);
    expect(event).toMatchObject({ decision: 'leaked', types: { ssn: 1 }, reasons: ['unguarded_path', 'identifier_in_address'] });
    expect(event?.identifiers).toEqual([{ type: 'ssn', value: '536221874' }]);
    expect(event?.maskedSamples).toEqual(['****21874']);
    expect(isSuspect(pixel)).toBe(true);
    const page = { ...pixel, type: 'main_frame', url: 'https://portal.example.gov/claimants/536-22-1874/history' };
    expect(inspect(page, enforce)).toMatchObject({ types: { ssn: 1 } });
  });

  it('leaves ordinary addresses alone and looks at them only when they may hold an identifier', () => {
    for (const url of ['https://portal.example.gov/app.js?v=20241203', 'https://portal.example.gov/claims/2024-0815', 'https://portal.example.gov/#/ssn/536221874']) {
      const get = { ...post(null), method: 'GET', url };
      expect(inspect(get, enforce)).toBeUndefined();
      expect(isSuspect(get)).toBe(false);
    }
    expect(isSuspect(post({ formData: { note: ['hello'] } }))).toBe(true);
    expect(isSuspect({ ...post(null), method: 'GET', url: 'https://x.example.com/?ssn=536221874', tabId: -1, initiator: undefined })).toBe(false);
  });

  it('reads what a service worker or shared worker sends (no tab, a web origin): named by its origin', () => {
    const worker = post({ raw: [{ bytes: bytes('{"ssn":"536-22-1874"}') }] }, { tabId: -1, initiator: 'https://portal.example.gov' });
    expect(workerOrigin(worker)).toBe('https://portal.example.gov');
    expect(isSuspect(worker)).toBe(true);
    expect(inspect(worker, enforce)).toMatchObject({ decision: 'leaked', site: 'portal.example.gov', types: { ssn: 1 } });
    const header = inspectHeaders({ ...worker, requestHeaders: [{ name: 'X-Claimant-SSN', value: '536221874' }] }, enforce);
    expect(header).toMatchObject({ decision: 'leaked', reasons: ['unguarded_path', 'identifier_in_header'] });
    expect(workerOrigin({ ...worker, tabId: 3 })).toBeUndefined();
    expect(workerOrigin({ ...worker, initiator: 'moz-extension://0f1e2d3c' })).toBeUndefined();
  });

  it('reads request headers and each cookie with its name: an SSN there is reported, fingerprinted, masked in its samples', () => {
    const headers = (requestHeaders: RequestDetails['requestHeaders']) => ({ ...post(null), requestHeaders });
    const header = inspectHeaders(headers([{ name: 'Content-Type', value: 'text/plain' }, { name: 'X-Claimant-SSN', value: '536-22-1874' }]), enforce);
    expect(header).toMatchObject({ decision: 'leaked', types: { ssn: 1 }, reasons: ['unguarded_path', 'identifier_in_header'] });
    expect(header?.identifiers).toEqual([{ type: 'ssn', value: '536-22-1874' }]);
    expect(header?.maskedSamples).toEqual(['***-*2-1874']);
    const cookie = inspectHeaders(headers([{ name: 'Cookie', value: 'theme=dark2; claimant_ssn=536221874; _ga=GA1.1.1234567890.1764652800' }]), enforce);
    expect(cookie).toMatchObject({ types: { ssn: 1 }, reasons: ['unguarded_path', 'identifier_in_cookie'] });
    expect(cookie?.maskedSamples).toEqual(['****21874']);
    // Ordinary headers, and sites not enforced, say nothing.
    expect(inspectHeaders(headers([{ name: 'Cookie', value: 'theme=dark2; _ga=GA1.1.1234567890.1764652800' }, { name: 'X-Case', value: '2024-0815' }]), enforce)).toBeUndefined();
    expect(inspectHeaders(headers([{ name: 'X-Claimant-SSN', value: '536-22-1874' }]), { ...enforce, mode: 'warn' })).toBeUndefined();
  });

  it('reads a body under an encoding: base64 JSON, a JWT, a gzip body', () => {
    const b64 = btoa(JSON.stringify({ claimant: 'Jane Q Public', ssn: '536-22-1874' }));
    const gz = gzipSync(new TextEncoder().encode('claimant SSN 536-22-1874'));
    for (const raw of [bytes(b64), bytes(`token=x.${b64.replace(/=+$/, '')}.sig`), gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength) as ArrayBuffer]) {
      expect(inspect(post({ raw: [{ bytes: raw }] }), enforce)).toMatchObject({ decision: 'leaked', types: { ssn: 1 }, reasons: ['unguarded_path', 'identifier_encoded'] });
    }
  });
});
