import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimPacketDocx, docxText } from '../../test/helpers/office';
import { scannedPng } from '../../test/helpers/scans';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { closeJobs } from '../jobs/file-jobs';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});
afterAll(() => closeJobs());

function upload(path: string, parts: [string, Blob | string, string?][], token: string | null = p.token) {
  const form = new FormData();
  for (const [k, v, name] of parts) {
    if (typeof v === 'string') form.append(k, v);
    else form.append(k, v, name);
  }
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return p.app.request(path, { method: 'POST', headers, body: form });
}

describe('POST /api/v1/files/scan and /files/redact', () => {
  it('scan answers the file and where each finding is, with the file name made safe', async () => {
    const csv = new Blob(['Name,SSN\nJane Q. Public,536-22-1874\n'], { type: 'text/csv' });
    const res = await upload('/api/v1/files/scan', [['file', csv, '536-22-1874.csv']]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.file).toMatchObject({ name: '***-**-1874.csv', type: 'csv' });
    expect(body.findings).toEqual([expect.objectContaining({ type: 'ssn', where: { line: 2, column: 'SSN' } })]);
  });

  it('redact answers the masked copy in the same format, with a summary and nothing full inside', async () => {
    const docx = new Blob([(await claimPacketDocx()) as BlobPart]);
    const res = await upload('/api/v1/files/redact', [['file', docx, 'packet.docx']]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="masked-packet.docx"');
    const summary = JSON.parse(res.headers.get('x-disclosure-guard-summary')!);
    expect(summary).toMatchObject({ statementAdded: true, counts: { ssn: 5, fein: 1 } });
    const text = await docxText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('***-*8-3390');
    expect(text).not.toMatch(/412-?68-?3390/);
  });

  it('OCRs an image on the server', async () => {
    const res = await upload('/api/v1/files/scan', [['file', new Blob([scannedPng(['Claimant SSN 536-22-1874']) as BlobPart]), 'scan.png']]);
    const body = await res.json();
    expect(body.file).toMatchObject({ type: 'png', pages: 1, ocrPages: 1 });
    expect(body.findings.map((f: { type: string }) => f.type)).toEqual(['ssn']);
  });

  it('bad input is a 4xx with a JSON reason: no file, two files, not multipart, no token, cannot inspect', async () => {
    const none = await upload('/api/v1/files/scan', [['note', 'hello']]);
    expect(none.status).toBe(400);
    expect((await none.json()).error.code).toBe('no_file');
    const two = await upload('/api/v1/files/scan', [
      ['file', new Blob(['a']), 'a.txt'],
      ['file', new Blob(['b']), 'b.txt'],
    ]);
    expect(two.status).toBe(400);
    expect((await two.json()).error.code).toBe('several_files');
    const json = await p.call('POST', '/api/v1/files/scan', { file: 'x' });
    expect(json.status).toBe(415);
    expect((await upload('/api/v1/files/scan', [['file', new Blob(['a']), 'a.txt']], null)).status).toBe(401);
    const bytes = await claimPacketDocx();
    const broken = await upload('/api/v1/files/redact', [['file', new Blob([bytes.subarray(0, 5000) as BlobPart]), 'x.docx']]);
    expect(broken.status).toBe(422);
    const body = await broken.json();
    expect(body.error).toMatchObject({ code: 'cannot_inspect', details: { reason: 'corrupt' } });
    expect(body.error.message).toMatch(/^cannot inspect: /);
  });

  it('nothing of a file is stored: the database holds neither its digits nor its name', async () => {
    await upload('/api/v1/files/redact', [['file', new Blob(['Claimant SSN 536-22-1874\n']), 'Jane-Public-claim.txt']]);
    await upload('/api/v1/files/scan', [['file', new Blob(['SSN 536221874\n']), 'Jane-Public-claim.txt']]);
    await p.opened.close();
    for (const f of readdirSync(p.dir).filter((n) => n.startsWith('dg.db'))) {
      const raw = readFileSync(join(p.dir, f));
      expect(raw.includes('536221874')).toBe(false);
      expect(raw.includes('536-22-1874')).toBe(false);
      expect(raw.includes('Jane-Public')).toBe(false);
    }
  });
});
