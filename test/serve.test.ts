/** The real command serving on 127.0.0.1, as the README's quick start runs it. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../proxy/store/sqlite';
import { verifyLog } from '../proxy/audit/verify';
import { loadOrCreateKeys } from '../proxy/audit/keys';
import { reportedDisclosure } from './helpers/proxy';
import { seedRegistry } from './helpers/seed';
import { BIN, exited, startServing } from './helpers/serve';
import { scannedPng } from './helpers/scans';
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { PACKAGE_INFO } from '../proxy/deployment/extension-package';
import { until } from './helpers/until';
import { isEntryKind } from '../proxy/audit/kinds';

const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dg-serve-'));
  dirs.push(d);
  return d;
}

const start = (args: string[]) => startServing(args, children);


describe('disclosure-guard start (npm start)', () => {
  it('reads a recipient check\'s JSON body over real HTTP: with a length or chunked, refused when too large either way or not JSON', { timeout: 60_000 }, async () => {
    const d = tempDir();
    const store = ['--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets')];
    const token = await seedRegistry(d, store, 'body');
    const { child, url } = await start(['serve', ...store, '--log-level', 'silent']);
    const check = JSON.stringify({ sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }] });
    /** POSTs the pieces: one with a Content-Length, several chunked (no length). */
    const post = (pieces: string[]) =>
      new Promise<{ status: number; body: { authorized?: boolean; error?: { code: string } } }>((resolve, reject) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        if (pieces.length === 1) headers['content-length'] = String(Buffer.byteLength(pieces[0]!));
        const req = httpRequest(`${url}/api/v1/recipients/check`, { method: 'POST', headers }, (res) => {
          let text = '';
          res.on('data', (c) => (text += String(c)));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        for (const p of pieces) req.write(p);
        req.end();
      });
    expect(await post([check])).toMatchObject({ status: 200, body: { authorized: true } });
    expect(await post([check.slice(0, 40), check.slice(40)])).toMatchObject({ status: 200, body: { authorized: true } });
    const padded = check.replace('{', `{"pad":"${'x'.repeat(70 * 1024)}",`);
    expect(await post([padded])).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect(await post([padded.slice(0, 40 * 1024), padded.slice(40 * 1024)])).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    expect(await post(['{"sender": '])).toMatchObject({ status: 400, body: { error: { code: 'bad_json' } } });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('serves the demo registry on 127.0.0.1 and prints a working device token', { timeout: 60_000 }, async () => {
    const d = tempDir();
    const { child, url, out } = await start(['start', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets')]);
    for (let i = 0; i < 200 && !/dgd_[\w-]{43}/.test(out()); i++) await new Promise((r) => setTimeout(r, 50));
    const token = /(dgd_[\w-]{43})/.exec(out())![1]!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const res = await fetch(`${url}/api/v1/recipients/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sender: 'casey.staff@jobs.example.gov',
        channel: 'email',
        categories: ['personal'],
        recipients: [{ address: 'avery.partner@lwdb.example.org' }, { address: 'sam.separated@lwdb.example.org' }],
      }),
    });
    const body = await res.json();
    expect(body.decisions.map((x: { authorized: boolean }) => x.authorized)).toEqual([true, false]);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('stopped the moment it says it is listening, it still shuts down cleanly (exit 0, the log drained)', { timeout: 60_000 }, async () => {
    const d = tempDir();
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, [BIN, 'serve', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      // SIGTERM on the first byte of the banner, before anything else it prints.
      child.stdout!.once('data', () => child.kill('SIGTERM'));
      expect(await exited(child)).toBe(0);
    }
  });

  it('start seeds a week of sends, reviews and a breach, and keeps its demo device token across restarts', { timeout: 90_000 }, async () => {
    const d = tempDir();
    const args = ['start', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets')];
    const tokenOf = async (out: () => string) => {
      for (let i = 0; i < 200 && !/dgd_[\w-]{43}/.test(out()); i++) await new Promise((r) => setTimeout(r, 50));
      return /(dgd_[\w-]{43})/.exec(out())![1]!;
    };
    const first = await start(args);
    const token = await tokenOf(first.out);
    expect(first.out()).toMatch(/A demo week seeded: \d+ sends, 4 reviews/);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);

    const second = await start(args);
    expect(await tokenOf(second.out)).toBe(token);
    expect(second.out()).not.toMatch(/A demo week seeded/);
    const check = await fetch(`${second.url}/api/v1/recipients/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }] }),
    });
    expect(check.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);

    const store = openSqliteStore(join(d, 'dg.db'), { readonly: true });
    try {
      const sends = await store.searchDisclosures({ limit: 1000 });
      const days = new Set(sends.map((e) => e.occurredAt.slice(0, 10)));
      expect(days.size).toBeGreaterThanOrEqual(6);
      expect(new Set(sends.map((e) => e.decision))).toEqual(new Set(['masked', 'allowed', 'blocked', 'warned', 'review_requested', 'leaked']));
      expect(sends.every((e) => Date.parse(e.occurredAt) <= Date.now())).toBe(true);
      expect((await store.listReviews()).map((r) => r.status).sort()).toEqual(['approved', 'breach', 'denied', 'pending']);
      expect(await store.listIncidents()).toHaveLength(1);
      expect((await verifyLog(store, loadOrCreateKeys(join(d, 'secrets')))).ok).toBe(true);
      // Every entry the demo wrote is of a kind the log lists, so the console names each in words.
      const kinds = new Set<string>();
      for await (const e of store.entries()) kinds.add(e.kind);
      expect([...kinds].filter((k) => !isEntryKind(k))).toEqual([]);
      expect(kinds.size).toBeGreaterThanOrEqual(8);
    } finally {
      await store.close();
    }
  });

  it('serves /readyz and /metrics and logs each request as one JSON line with a request id', { timeout: 60_000 }, async () => {
    const d = tempDir();
    const { child, url, out } = await start(['start', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets')]);
    expect(await (await fetch(`${url}/readyz`)).json()).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^dg_http_requests_total\{route="\/readyz",method="GET",status="200"\} 1$/m);
    expect(metrics).toMatch(/^dg_chain_length \d+$/m);
    expect(metrics).toMatch(/^dg_process_resident_memory_bytes \d+$/m);
    for (let i = 0; i < 100 && !out().includes('"route":"/metrics"'); i++) await new Promise((r) => setTimeout(r, 50));
    const line = out().split('\n').find((l) => l.includes('"route":"/readyz"'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 30, service: 'disclosure-guard', method: 'GET', route: '/readyz', status: 200, reqId: expect.stringMatching(/^req/), msg: 'request' });
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('stops on SIGTERM after it has read a scan by OCR (the OCR worker does not keep it running)', { timeout: 60_000 }, async () => {
    const d = tempDir();
    const { child, url, out } = await start(['start', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets')]);
    for (let i = 0; i < 200 && !/dgd_[\w-]{43}/.test(out()); i++) await new Promise((r) => setTimeout(r, 50));
    const token = /(dgd_[\w-]{43})/.exec(out())![1]!;
    const form = new FormData();
    form.append('file', new Blob([scannedPng(['Claimant SSN 536-22-1874']) as BlobPart]), 'scan.png');
    const res = await fetch(`${url}/api/v1/files/scan`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect((await res.json()).findings.map((f: { type: string }) => f.type)).toEqual(['ssn']);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('refuses an unknown log level at start (exit 2)', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--log-level', 'chatty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    expect(await exited(child)).toBe(2);
    expect(err).toMatch(/bad settings: logLevel/);
  });

  it('fails fast with a clear message on a bad port', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    expect(await exited(child)).toBe(2);
    expect(err).toMatch(/bad settings: port/);
  });
});

/** A package folder as `package-ext` leaves it (the manifests read only its extension.json). */
function packaged(d: string): string {
  const dir = join(d, 'package');
  mkdirSync(dir);
  writeFileSync(join(dir, PACKAGE_INFO), JSON.stringify({ id: 'a'.repeat(32), geckoId: 'disclosure-guard@workforce.example.gov', version: '1.2.3', crx: 'dg.crx', xpi: 'dg.xpi' }));
  return dir;
}

/** One raw HTTP request, with any method (fetch refuses TRACE) and any Host. */
function raw(url: string, method: string, path: string, host?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('extension update manifests', () => {
  it('serve without --public-url refuses the manifests (503, saying why), whatever the Host; TRACE is 405', { timeout: 60_000 }, async () => {
    const d = tempDir();
    const { child, url, out } = await start(['serve', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--extension-dir', packaged(d), '--log-level', 'silent']);
    await until(() => out().includes('extension updates: off (they need --public-url)'), 20_000, 'the banner line on extension updates');
    for (const path of ['/extension/updates.xml', '/extension/updates.json']) {
      const res = await raw(url, 'GET', path, 'attacker.example.net');
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'public_url_required', message: expect.stringContaining('--public-url') });
      expect(res.body).not.toContain('attacker');
    }
    const trace = await raw(url, 'TRACE', '/console/login');
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD, POST');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('serve --public-url links the CRX and XPI at that address only', { timeout: 60_000 }, async () => {
    const d = tempDir();
    const { child, url } = await start(['serve', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--extension-dir', packaged(d), '--public-url', 'https://dg.workforce.example.gov', '--log-level', 'silent']);
    const xml = await raw(url, 'GET', '/extension/updates.xml', 'attacker.example.net');
    expect(xml.status).toBe(200);
    expect(xml.body).toContain("codebase='https://dg.workforce.example.gov/extension/disclosure-guard.crx'");
    const json = await raw(url, 'GET', '/extension/updates.json', 'attacker.example.net');
    expect(JSON.parse(json.body).addons['disclosure-guard@workforce.example.gov'].updates[0].update_link).toBe('https://dg.workforce.example.gov/extension/disclosure-guard.xpi');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('start (npm start) serves them at the address it listens on', { timeout: 90_000 }, async () => {
    const d = tempDir();
    const { child, url, out } = await start(['start', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--extension-dir', packaged(d), '--log-level', 'silent']);
    await until(() => out().includes(`extension updates: ${url}/extension/updates.xml`), 20_000, 'the banner line on extension updates');
    const xml = await raw(url, 'GET', '/extension/updates.xml', 'attacker.example.net');
    expect(xml.body).toContain(`codebase='${url}/extension/disclosure-guard.crx'`);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });
});

describe('nothing lost', () => {
  it('every acknowledged disclosure survives kill -9 of the proxy, and the chain still verifies', async () => {
    const d = tempDir();
    const db = join(d, 'dg.db');
    const secrets = join(d, 'secrets');
    const token = await seedRegistry(d, ['--db', db, '--secrets', secrets], 'crash-test');
    const { child, url } = await start(['serve', '--db', db, '--secrets', secrets]);

    const acknowledged: string[] = [];
    const statuses: Record<number, number> = {};
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 100; i++) {
        const id = `evt-crash-${w}-${i}`;
        try {
          const res = await fetch(`${url}/api/v1/disclosures`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(reportedDisclosure({ id })),
            signal: AbortSignal.timeout(10_000),
          });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === 201) acknowledged.push(id);
        } catch {
          return; // the proxy is gone
        }
      }
    };
    let done = false;
    const workers = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w))).then(() => (done = true));
    while (acknowledged.length < 100 && !done) await new Promise((r) => setTimeout(r, 5));
    expect(acknowledged.length, JSON.stringify(statuses)).toBeGreaterThanOrEqual(100);
    child.kill('SIGKILL');
    stop = true;
    await workers;
    await exited(child);

    const store = openSqliteStore(db, { readonly: true });
    try {
      for (const id of acknowledged) expect(await store.getDisclosure(id), id).toBeDefined();
      const r = await verifyLog(store, loadOrCreateKeys(secrets));
      expect(r.ok).toBe(true);
      expect(r.validEntries).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await store.close();
    }
  }, 90_000);
});
