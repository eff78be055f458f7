/**
 * Hostile input against the real proxy process, started as the README starts it: files built to
 * kill or stall a reader, bodies of many parts, text built to be slow to scan. Through all of it the
 * process lives, /healthz keeps answering (also while a slow file is being read), its own memory
 * stays small (the reading happens in job workers), and each answer says why.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxUnterminated, jpegDeclaring, letters, multipartMany, pdfDeclaring, pngBomb, pngDeclaring, tiffDeclaring, xlsxSharedStrings } from './helpers/hostile';
import { cookiesOf, csrfIn } from './helpers/console';
import { runDg } from './helpers/cli';
import { startServing } from './helpers/serve';
import { until } from './helpers/until';

/** The proxy process's own resident memory never passes this while it serves the table. */
const PROXY_RSS_CAP_MB = 400;

const children: ChildProcess[] = [];
let dir: string;
let url: string;
let token: string;
let proxy: ChildProcess;
let watched: Watch;
let stopWatching: () => Promise<void>;

interface Watch {
  /** Times /healthz answered, with when. */
  answers: number[];
  failures: number;
  peakRssMb: number;
}

/** Asks /healthz one request after another and reads the proxy's memory, until stopped. */
function watch(w: Watch): () => Promise<void> {
  let on = true;
  const loop = (async () => {
    while (on) {
      try {
        const res = await fetch(`${url}/healthz`);
        await res.arrayBuffer();
        if (res.status === 200) w.answers.push(Date.now());
        else w.failures++;
      } catch {
        w.failures++;
      }
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proxy.pid}/status`, 'utf8'));
      if (rss) w.peakRssMb = Math.max(w.peakRssMb, Number(rss[1]) / 1024);
      await new Promise((r) => setImmediate(r));
    }
  })();
  return async () => {
    on = false;
    await loop;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-hostile-'));
  const started = await startServing(['start', '--db', join(dir, 'dg.db'), '--secrets', join(dir, 'secrets'), '--log-level', 'silent'], children);
  url = started.url;
  proxy = started.child;
  token = (await until(() => /(dgd_[\w-]{43})/.exec(started.out())?.[1], 60_000, 'the demo device token'))!;
  watched = { answers: [], failures: 0, peakRssMb: 0 };
  stopWatching = watch(watched);
}, 120_000);

afterAll(async () => {
  await stopWatching?.();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function postFile(bytes: Uint8Array, name: string, route = 'files/scan') {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  const sent = Date.now();
  const res = await fetch(`${url}/api/v1/${route}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; details?: { reason?: string } }; file?: { type: string } }, sent, answered: Date.now() };
}

describe('hostile files against the proxy process', () => {
  const refused: Array<[string, () => Uint8Array, string, RegExp]> = [
    ['a 68-byte PNG declaring 100,000 × 100,000 pixels', () => pngDeclaring(100_000, 100_000), 'too_large', /100000 × 100000 pixels/],
    ['a JPEG declaring 65,000 × 65,000 pixels', () => jpegDeclaring(65_000, 65_000), 'too_large', /65000 × 65000 pixels/],
    ['a valid PNG of 20,000 × 20,000 white pixels (76 KB that decode to 1.6 GB)', () => pngBomb(20_000, 20_000), 'too_large', /400 megapixels/],
    ['a TIFF of one 100,000 × 100,000 page', () => tiffDeclaring(1, 100_000, 100_000), 'too_large', /100000 × 100000/],
    ['a TIFF of 20 ordinary-looking 36-megapixel pages sharing one strip', () => tiffDeclaring(20, 6000, 6000), 'too_large', /720 megapixels in all/],
    ['a DOCX of 40,000 tags that never end', () => docxUnterminated(40_000), 'corrupt', /never ends/],
  ];

  it.each(refused)('%s is refused with its reason, and the proxy goes on', { timeout: 60_000 }, async (_what, build, reason, message) => {
    const r = await postFile(build(), 'upload.bin');
    expect(r.status).toBe(422);
    expect(r.body.error!.code).toBe('cannot_inspect');
    expect(r.body.error!.details!.reason).toBe(reason);
    expect(r.body.error!.message).toMatch(message);
    expect(proxy.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('a body of 100,000 parts is refused before it is parsed', { timeout: 60_000 }, async () => {
    const { body, type } = multipartMany(100_000, new TextEncoder().encode('notes'));
    const res = await fetch(`${url}/api/v1/files/scan`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: body as BodyInit });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_many_parts');
  });

  it('an XLSX of a million shared strings is read in a worker while /healthz keeps answering', { timeout: 120_000 }, async () => {
    const before = Date.now();
    const r = await postFile(xlsxSharedStrings(1_000_000), 'strings.xlsx');
    expect(r.status).toBe(200);
    expect(r.body.file!.type).toBe('xlsx');
    expect(watched.answers.filter((t) => t > before && t < r.answered).length).toBeGreaterThan(0);
  });

  it('a PDF whose page is 200 inches square and whose image declares 10 gigapixels is read at a lower resolution, the loop free', { timeout: 120_000 }, async () => {
    const r = await postFile(pdfDeclaring(), 'huge.pdf');
    expect(r.status).toBe(200);
    expect(r.body.file!.type).toBe('pdf');
    expect(watched.answers.filter((t) => t > r.sent && t < r.answered).length).toBeGreaterThan(0);
  });

  it('a megabyte (the most the route takes) of "$1," (every amount looks back for a label) is scanned in a worker, and answered', { timeout: 60_000 }, async () => {
    const text = '$1,'.repeat(330_000);
    const res = await fetch(`${url}/api/v1/scan`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x', text }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe('x');
  });

  it('an Authorized Users List of 17,000 people (3.9 MB; the console takes 4) imported in the console is checked in a worker and written in batches, /healthz answering meanwhile', { timeout: 180_000 }, async () => {
    await runDg(['account', 'add', '--db', join(dir, 'dg.db'), '--secrets', join(dir, 'secrets'), '--email', 'cam.custodian@jobs.example.gov', '--role', 'custodian', '--password-stdin'], 'correct horse battery staple\n');
    const login = await fetch(`${url}/console/login`);
    let cookie = cookiesOf(login);
    const signIn = await fetch(`${url}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfIn(await login.text()), email: 'cam.custodian@jobs.example.gov', password: 'correct horse battery staple' }),
    });
    expect(signIn.status).toBe(303);
    cookie = cookiesOf(signIn);
    const csrf = csrfIn(await (await fetch(`${url}/console/registry/import`, { headers: { cookie } })).text());
    const csv = usersCsv(17_000);
    expect(csv.length).toBeGreaterThan(3_500_000);
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('file', new Blob([csv]), 'users.csv');
    const before = Date.now();
    const preview = await fetch(`${url}/console/registry/import`, { method: 'POST', headers: { cookie }, body: form });
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toMatch(/17000 to add/);
    // The preview's form sends the file back as a browser would: multipart, the textarea as it is.
    expect(page).toMatch(/action="\/console\/registry\/import\/commit" enctype="multipart\/form-data"/);
    const again = new FormData();
    again.append('_csrf', csrf);
    again.append('csv', csv);
    const commit = await fetch(`${url}/console/registry/import/commit`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: again });
    expect(commit.status).toBeLessThan(400);
    const done = Date.now();
    expect(watched.answers.filter((t) => t > before && t < done).length).toBeGreaterThan(0);
    // The last row is in the registry: a recipient check finds the person.
    const check = await fetch(`${url}/api/v1/recipients/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: ['personal'], recipients: [{ address: 'person16999@lwdb.example.org' }] }),
    });
    expect(((await check.json()) as { decisions: Array<{ authorized: boolean }> }).decisions[0]!.authorized).toBe(true);
  });

  it('through the whole table the process lived, /healthz never failed, and its own memory stayed small', async () => {
    await stopWatching();
    const w = watched;
    expect(proxy.exitCode).toBeNull();
    expect(w.failures).toBe(0);
    expect(w.answers.length).toBeGreaterThan(0);
    expect(w.peakRssMb).toBeLessThan(PROXY_RSS_CAP_MB);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^dg_job_workers_ended_total\{reason="crashed"\} 0$/m);
  });
});

/** An Authorized Users List of `n` people of the demo's local board, all in good standing. */
function usersCsv(n: number): string {
  // Two days back: "today" in the agency's time zone may still be yesterday in UTC.
  const recent = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const rows = ['email,full_name,organization,worksite,fax,categories,training_completed_on,training_score,attestation_signed_on,status,separated_on,supervisor_email'];
  for (let i = 0; i < n; i++) {
    rows.push(`person${i}@lwdb.example.org,Person ${letters(i)} of the Riverton Career Center staff,Example County LWDB,Riverton Career Center at the county building,,personal;wage;ui,${recent},100,${recent},active,,morgan.supervisor@jobs.example.gov`);
  }
  return rows.join('\n') + '\n';
}
