/**
 * The SIEM feed against a real rsyslog on 127.0.0.1: every chain entry and checkpoint arrives, in
 * order, after the collector was down for a while and after a kill -9 of the proxy; over TLS with
 * the agency's CA; never a raw value.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../proxy/operations/siem';
import { reportedDisclosure } from './helpers/proxy';
import { startRsyslog } from './helpers/rsyslog';
import { until } from './helpers/until';
import { BIN, exited, startServing } from './helpers/serve';
import type { Collector } from './helpers/rsyslog';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const collectors: Collector[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of collectors.splice(0)) await c.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'dg-siem-'));
  dirs.push(d);
  return d;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}



const proxy = (args: string[]) => startServing([...args, '--log-level', 'warn'], children);

/** The entry seqs in the order they first arrived, and the checkpoint seqs. */
function received(c: Collector): { entries: number[]; checkpoints: number[]; all: string } {
  const entries: number[] = [];
  const checkpoints: number[] = [];
  const seen = new Set<number>();
  for (const line of c.lines()) {
    const seq = Number(/seq="(\d+)"/.exec(line)?.[1]);
    if (line.startsWith('log.checkpoint|')) checkpoints.push(seq);
    else if (!seen.has(seq)) {
      seen.add(seq);
      entries.push(seq);
    }
  }
  return { entries, checkpoints, all: c.lines().join('\n') };
}

const seqOf = async (url: string) => ((await (await fetch(`${url}/readyz`)).json()) as { checks: { seq: number } }).checks.seq;
const complete = (entries: number[], upTo: number) => entries.length >= upTo && entries.slice(0, upTo).every((s, i) => s === i + 1);

async function post(url: string, token: string, id: string) {
  return fetch(`${url}/api/v1/disclosures`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(reportedDisclosure({ id })) });
}

describe('the SIEM feed', () => {
  it('formats RFC 5424 messages with a JSON or CEF payload', () => {
    const item = { seq: 7, kind: 'disclosure', at: '2026-11-21T18:00:00.000Z', head: 'ab'.repeat(32), data: { decision: 'leaked', site: 'mail.google.com', types: { ssn: 2 }, note: 'a=b' } };
    const json = formatMessage(item, 'json', 'dg-proxy-1');
    expect(json).toMatch(/^<164>1 2026-11-21T18:00:00\.000Z dg-proxy-1 disclosure-guard \d+ disclosure \[dg@32473 seq="7" head="(ab){32}" kind="disclosure"\] \{/);
    expect(JSON.parse(json.slice(json.indexOf('] ') + 2))).toEqual(item);
    const cef = formatMessage(item, 'cef', 'dg-proxy-1');
    expect(cef).toContain(`] CEF:0|Disclosure Guard|proxy|0.1.0|disclosure|disclosure|8|rt=${Date.parse(item.at)} cn1Label=seq cn1=7 `);
    // Extension values escape "=" (and backslashes), so a value cannot start a field of its own.
    expect(cef).toContain(' act=leaked dhost=mail.google.com cs2Label=types cs2=ssn:2 msg={"decision":"leaked","site":"mail.google.com","types":{"ssn":2},"note":"a\\=b"}');
  });

  it('sends a disclosure refused against its recipient check at warning severity', () => {
    const item = { seq: 9, kind: 'disclosure.refused', at: '2026-11-21T18:00:00.000Z', head: 'cd'.repeat(32), data: { items: [{ device: 'laptop-1', why: 'check_reused', clientEventId: 'evt-second' }] } };
    // <164>: facility local4, severity 4 (warning).
    expect(formatMessage(item, 'json', 'dg-proxy-1')).toMatch(/^<164>1 /);
    expect(formatMessage(item, 'cef', 'dg-proxy-1')).toContain('|disclosure refused|6|');
  });

  it('delivers every entry in order through a collector outage and a kill -9 of the proxy', { timeout: 120_000 }, async () => {
    const d = temp();
    const port = await freePort();
    const store = ['--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--siem', `tcp://127.0.0.1:${port}`, '--checkpoint-every', '10'];
    mkdirSync(join(d, 'collector'));
    let collector = await startRsyslog(join(d, 'collector'), port);
    collectors.push(collector);
    let p = await proxy(['start', ...store]);
    const token = (await until(() => /(dgd_[\w-]{43})/.exec(p.out())?.[1], 10_000, 'the demo token'))!;
    for (let i = 0; i < 20; i++) expect((await post(p.url, token, `evt-siem-a${i}`)).status).toBe(201);
    let seq = await seqOf(p.url);
    await until(() => complete(received(collector).entries, seq), 20_000, 'the first entries at the collector');

    // The collector goes down: the proxy keeps logging, says it is not ready, and counts the backlog.
    await collector.stop();
    for (let i = 0; i < 20; i++) expect((await post(p.url, token, `evt-siem-b${i}`)).status).toBe(201);
    const down = await until(async () => {
      const r = await fetch(`${p.url}/readyz`);
      return r.status === 503 ? r.json() : undefined;
    }, 20_000, '/readyz to fail');
    expect(down).toMatchObject({ status: 'not_ready', checks: { siem: 'unreachable' } });
    expect(await (await fetch(`${p.url}/metrics`)).text()).toMatch(/^dg_siem_backlog [1-9]\d*$/m);
    collector = await startRsyslog(join(d, 'collector'), port);
    collectors.push(collector);
    seq = await seqOf(p.url);
    await until(() => complete(received(collector).entries, seq), 40_000, 'the backlog after the outage');
    await until(async () => (await fetch(`${p.url}/readyz`)).status === 200, 20_000, '/readyz to recover');

    // kill -9 in the middle of a burst; the restarted proxy resumes from its cursor.
    const burst = (async () => {
      for (let i = 0; i < 200; i++) if (!(await post(p.url, token, `evt-siem-c${i}`).then((r) => r.ok, () => false))) break;
    })();
    await new Promise((r) => setTimeout(r, 300));
    p.child.kill('SIGKILL');
    await exited(p.child);
    await burst;
    p = await proxy(['serve', ...store]);
    seq = await seqOf(p.url);
    await until(() => complete(received(collector).entries, seq), 40_000, 'every entry after the crash');

    const got = received(collector);
    expect(got.entries.slice(0, seq)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
    expect(got.checkpoints.length).toBeGreaterThan(0);
    expect(got.all).not.toContain('123-45-6789');
    p.child.kill('SIGTERM');
    expect(await exited(p.child)).toBe(0);
  });

  it('speaks TLS to a collector with the agency\'s CA (CEF payload), and refuses to start against one it cannot trust', { timeout: 90_000 }, async () => {
    const d = temp();
    const pki = join(d, 'pki');
    mkdirSync(pki);
    const ssl = (...a: string[]) => execFileSync('openssl', a, { cwd: pki, stdio: 'ignore' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Agency CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(join(pki, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
    const port = await freePort();
    mkdirSync(join(d, 'collector'));
    const collector = await startRsyslog(join(d, 'collector'), port, { ca: join(pki, 'ca.pem'), cert: join(pki, 'server.pem'), key: join(pki, 'server.key') });
    collectors.push(collector);
    const store = ['--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--siem', `tls://127.0.0.1:${port}`];

    const untrusted = spawn(process.execPath, [BIN, 'start', ...store, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(untrusted);
    let err = '';
    untrusted.stderr!.on('data', (x) => (err += String(x)));
    expect(await exited(untrusted)).toBe(2);
    expect(err).toMatch(/SIEM collector tls:\/\/127\.0\.0\.1:\d+ cannot be reached: .*(certificate|self.signed|issuer)/i);

    const p = await proxy(['start', ...store, '--siem-ca', join(pki, 'ca.pem'), '--siem-format', 'cef']);
    const seq = await seqOf(p.url);
    await until(() => complete(received(collector).entries, seq), 30_000, 'the entries over TLS');
    expect(collector.lines().every((l) => l.includes('CEF:0|Disclosure Guard|proxy|'))).toBe(true);
  });

  it('a bad SIEM address stops the proxy at start (exit 2)', async () => {
    const d = temp();
    const child = spawn(process.execPath, [BIN, 'serve', '--db', join(d, 'dg.db'), '--secrets', join(d, 's'), '--siem', 'udp://collector:514'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (x) => (err += String(x)));
    expect(await exited(child)).toBe(2);
    expect(err).toMatch(/bad settings: siem/);
  });
});
