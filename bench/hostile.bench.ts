/**
 * Hostile input, measured:
 *  - detection worst cases: a megabyte of each text shape built to be slow (dense amounts, dashes,
 *    separators, digits in other scripts), beside a megabyte of generated agency mail in the same
 *    process (the ratio is what counts; the issue bar is "a few times");
 *  - the hostile-file table against a real `disclosure-guard start` process on 127.0.0.1: while
 *    each file is sent, GET /healthz one request after another; its latency beside the same probe
 *    with nothing else running, the proxy's own longest event-loop delay (its /metrics), its
 *    resident memory, and each file's answer.
 * Bounded in count and time; loopback only.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detect } from '../shared/detect/index';
import { redact } from '../shared/redact';
import { agencyMail } from '../test/corpus/generate';
import { docxUnterminated, jpegDeclaring, multipartMany, pdfDeclaring, pngBomb, pngDeclaring, tiffDeclaring, xlsxSharedStrings } from '../test/helpers/hostile';
import { scannedPdf } from '../test/helpers/scans';
import { best, fmt, table } from './util';

const MB = 1 << 20;
const BIN = join(import.meta.dirname, '..', 'bin', 'disclosure-guard.mjs');

function fill(unit: string): string {
  return unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
}

function detectionWorstCases(): void {
  console.log('\n## Detection worst cases — 1 MB each, beside 1 MB of generated agency mail (one core)\n');
  const mail = agencyMail(MB);
  const base = best(5, () => detect(mail));
  const baseRedact = best(3, () => redact(mail));
  const shapes: Array<[string, string]> = [
    ['"1-1-1-…"', fill('1-')],
    ['"1 1 1 …"', fill('1 ')],
    ['"$1,$1,…" (every amount looks back for a label)', fill('$1,')],
    ['"0$0$…"', fill('0$')],
    ['"11$1,1…"', fill('11$1,1')],
    ['"1.1.1.…"', fill('1.')],
    ['"12-12-…"', fill('12-')],
    ['"SSN 1…" (a label before every number)', fill('SSN 1')],
    ['"wages $1 …"', fill('wages $1 ')],
    ['"DOB 1/1/…"', fill('DOB 1/1/')],
    ['digits with no-break spaces', fill('1\u00a0')],
    ['digits with zero-width spaces', fill('1\u200b')],
    ['full-width digits "１-"', fill('１-')],
    ['"&amp;" entities', fill('&amp;')],
    ['"<" of mail addresses', fill('<')],
    ['"account 1234567 and …" on one line (a label per value, no line break)', fill('account 1234567 and ')],
    ['ACH entry records with no batch header', fill(`622021000021${'1'.repeat(17)}0000123456${' '.repeat(55)}\n`)],
  ];
  const rows = shapes.map(([what, text]) => {
    const d = best(3, () => detect(text));
    const r = best(2, () => redact(text));
    return [what, `${fmt(d * 1000, 0)} ms`, `${fmt(d / base, 1)}×`, `${fmt(r / baseRedact, 1)}×`];
  });
  table(['1 MB of', 'detect()', 'vs mail', 'redact() vs mail'], [['generated agency mail (baseline)', `${fmt(base * 1000, 0)} ms`, '1.0×', '1.0×'], ...rows]);
}

interface Probe {
  latencies: number[];
  failures: number;
  peakRssMb: number;
}

function startProbe(url: string, pid: number): { stop: () => Promise<Probe> } {
  const p: Probe = { latencies: [], failures: 0, peakRssMb: 0 };
  let on = true;
  const loop = (async () => {
    while (on) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/healthz`);
        await res.arrayBuffer();
        if (res.status === 200) p.latencies.push(performance.now() - t0);
        else p.failures++;
      } catch {
        p.failures++;
      }
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) p.peakRssMb = Math.max(p.peakRssMb, Number(rss[1]) / 1024);
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return p;
    },
  };
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function loopDelayMs(url: string): Promise<number> {
  const m = /^dg_event_loop_delay_max_seconds (\S+)$/m.exec(await (await fetch(`${url}/metrics`)).text());
  return m ? Number(m[1]) * 1000 : NaN;
}

async function fileTable(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-hostile-'));
  const child = spawn(process.execPath, [BIN, 'start', '--db', join(dir, 'dg.db'), '--secrets', join(dir, 's'), '--port', '0', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += String(d);
        const u = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        const t = /(dgd_[\w-]{43})/.exec(out);
        if (u && t) resolve({ url: u[1]!, token: t[1]! });
      });
      child.once('exit', (code) => reject(new Error(`the proxy exited ${code}`)));
    });
    const scan = await scannedPdf([['Claimant: Jane Q. Public', 'SSN 536-22-1874', 'Weekly benefit amount $412.00']]);
    const files: Array<[string, () => { body: BodyInit; type?: string }]> = [
      ['idle (no file)', () => ({ body: '' })],
      ['ordinary scanned PDF, one page (OCR)', () => form(scan, 'scan.pdf')],
      ['68-byte PNG declaring 100,000² px', () => form(pngDeclaring(100_000, 100_000), 'a.png')],
      ['JPEG declaring 65,000² px', () => form(jpegDeclaring(65_000, 65_000), 'a.jpg')],
      ['PNG bomb 20,000² px (76 KB)', () => form(pngBomb(20_000, 20_000), 'b.png')],
      ['TIFF of 20 × 36 Mpx pages', () => form(tiffDeclaring(20, 6000, 6000), 'c.tif')],
      ['DOCX, 40,000 unterminated tags', () => form(docxUnterminated(40_000), 'd.docx')],
      ['XLSX, 1,000,000 shared strings', () => form(xlsxSharedStrings(1_000_000), 'e.xlsx')],
      ['PDF page 200 in², image 10 Gpx', () => form(pdfDeclaring(), 'f.pdf')],
      ['multipart body of 100,000 parts', () => multipartMany(100_000, new TextEncoder().encode('notes')) as { body: BodyInit; type: string }],
    ];
    console.log('\n## Hostile files against the proxy process — /healthz asked one request after another meanwhile\n');
    const rows: string[][] = [];
    let baseline = NaN;
    for (const [what, build] of files) {
      // Built before the probe starts: building a bomb here must not hold this process's own loop.
      const { body, type } = build();
      await loopDelayMs(url); // reset the metric's window
      const probe = startProbe(url, child.pid!);
      const t0 = performance.now();
      let status = '—';
      if (what.startsWith('idle')) await new Promise((r) => setTimeout(r, 2000));
      else {
        const res = await fetch(`${url}/api/v1/files/scan`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) }, body });
        const answer = (await res.json()) as { error?: { code: string; details?: { reason?: string } } };
        status = `${res.status}${answer.error ? ` ${answer.error.details?.reason ?? answer.error.code}` : ''}`;
      }
      const took = performance.now() - t0;
      const p = await probe.stop();
      const delay = await loopDelayMs(url);
      const p99 = pct(p.latencies, 0.99);
      if (what.startsWith('idle')) baseline = p99;
      rows.push([what, status, `${fmt(took, 0)} ms`, String(p.latencies.length), `${fmt(pct(p.latencies, 0.5), 1)} ms`, `${fmt(p99, 1)} ms`, `${fmt(Math.max(...p.latencies), 1)} ms`, `${fmt(p99 / baseline, 1)}×`, `${fmt(delay, 1)} ms`, `${fmt(p.peakRssMb, 0)} MB`, String(p.failures)]);
    }
    table(['file', 'answer', 'took', 'healthz n', 'p50', 'p99', 'max', 'p99 vs idle', 'loop delay max', 'proxy RSS', 'failed'], rows);
    console.log('\nThe proxy reads files in job workers (processes); "proxy RSS" is the proxy process alone.');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

function form(bytes: Uint8Array, name: string): { body: BodyInit } {
  const f = new FormData();
  f.append('file', new Blob([bytes as BlobPart]), name);
  return { body: f };
}

export async function benchHostile(): Promise<void> {
  detectionWorstCases();
  await fileTable();
}
