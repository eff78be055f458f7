/**
 * The mail gateway behind Debian's Postfix, in one run: messages/s end to end from submission to
 * Postfix until the sink has them, through the gateway (Postfix → gateway → sink) beside Postfix
 * straight to the sink (the baseline), for plain mail and for mail with a 1 MB DOCX holding an SSN;
 * the p99 latency the gateway adds, and the gateway's peak RSS (its job workers apart). Loopback
 * only; skipped with a message when Postfix is not installed or this is not root.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import nodemailer from 'nodemailer';
import { demoOrganizationsCsv, demoUsersCsv } from '../proxy/operations/demo';
import { hasPostfix, startPostfix } from '../test/helpers/postfix';
import type { Postfix } from '../test/helpers/postfix';
import { startSink } from '../test/helpers/smtp';
import type { Sink } from '../test/helpers/smtp';
import { fmt, table } from './util';

const BIN = join(import.meta.dirname, '..', 'bin', 'disclosure-guard.mjs');
const FROM = 'casey.staff@jobs.example.gov';
const TO = 'avery.partner@lwdb.example.org';

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} exited ${code}`))));
  });
}

async function startGateway(store: string[], relayPort: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...store, '--port', '0', '--log-level', 'silent', '--smtp-port', '0', '--smtp-relay', `127.0.0.1:${relayPort}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /mail gateway listening on [\d.]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { child, port };
}

/** Peak resident memory of a process, in MB (Linux). */
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Letters only, so nothing but the one SSN is a finding; random, so the DOCX does not compress to nothing. */
function words(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 7) + ' ';
  return s;
}

async function docxOfAboutOneMb(): Promise<Buffer> {
  const paragraphs = [new Paragraph('Claimant SSN: 536-22-1874')];
  for (let i = 0; i < 2600; i++) paragraphs.push(new Paragraph(words(100)));
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  arrived: number;
}

/** `count` messages submitted to Postfix at once (8 connections); until all are at the sink. */
async function measure(postfix: Postfix, sink: Sink, label: string, count: number, attachment?: Buffer): Promise<Measured> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: postfix.port, pool: true, maxConnections: 8, ignoreTLS: true });
  const sentAt = new Map<string, number>();
  const before = sink.received.length;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `${label}-${i}-${Math.random().toString(36).slice(2)}@jobs.example.gov`;
      sentAt.set(id, performance.now());
      await transport.sendMail({
        from: FROM,
        to: TO,
        subject: `Case notes ${i}`,
        text: 'Hello Avery,\n\nthe hearing moved to Thursday at ten; the file is in the usual place.\n\nCasey',
        messageId: `<${id}>`,
        ...(attachment ? { attachments: [{ filename: 'packet.docx', content: attachment }] } : {}),
      });
    }),
  );
  transport.close();
  const deadline = performance.now() + 600_000;
  while (sink.received.length - before < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const got = sink.received.slice(before);
  const latencies = got
    .map((m) => {
      const id = /^message-id:\s*<([^>]+)>/im.exec(m.raw.subarray(0, 8192).toString('latin1'))?.[1];
      return id && sentAt.has(id) ? m.at - sentAt.get(id)! : undefined;
    })
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  const last = got.reduce((t, m) => Math.max(t, m.at), t0);
  return { perSecond: (got.length / (last - t0)) * 1000, p50: pct(latencies, 50), p99: pct(latencies, 99), arrived: got.length };
}

export async function benchSmtp(): Promise<void> {
  console.log('\n## Mail gateway — Postfix → gateway → sink beside Postfix → sink, on 127.0.0.1\n');
  if (!hasPostfix()) {
    console.log('skipped: needs Debian\'s Postfix (/usr/sbin/postfix) and root to start its own instance (apt-get install postfix)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-smtp-'));
  const store = ['--db', join(dir, 'dg.db'), '--secrets', join(dir, 'secrets')];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
  writeFileSync(join(dir, 'orgs.csv'), demoOrganizationsCsv(today));
  writeFileSync(join(dir, 'users.csv'), demoUsersCsv(today));
  await run(['registry', 'import-orgs', join(dir, 'orgs.csv'), ...store]);
  await run(['registry', 'import', join(dir, 'users.csv'), ...store]);
  const sink = await startSink();
  const gateway = await startGateway(store, sink.port);
  const viaGateway = await startPostfix({ relayPort: gateway.port });
  const direct = await startPostfix({ relayPort: sink.port });
  try {
    const docx = await docxOfAboutOneMb();
    // Warm-up: the job workers start with the first file.
    await measure(viaGateway, sink, 'warm', 5, docx);
    const rows: string[][] = [];
    for (const [name, count, attachment] of [
      ['plain mail', 300, undefined],
      [`with a ${fmt(docx.length / 1024 / 1024, 2)} MB DOCX (SSN masked)`, 30, docx],
    ] as const) {
      const base = await measure(direct, sink, 'direct', count, attachment);
      const through = await measure(viaGateway, sink, 'gateway', count, attachment);
      rows.push([
        `${name} ×${count}`,
        `${fmt(base.perSecond)} /s`,
        `${fmt(through.perSecond)} /s`,
        `${fmt(through.perSecond / base.perSecond, 2)}×`,
        `${fmt(base.p99, 0)} ms`,
        `${fmt(through.p99, 0)} ms`,
        `${fmt(through.p99 - base.p99, 0)} ms`,
        through.arrived === count && base.arrived === count ? 'all' : `${through.arrived}/${base.arrived} of ${count}`,
      ]);
    }
    table(['messages', 'Postfix → sink', 'Postfix → gateway → sink', 'ratio', 'p99 direct', 'p99 gateway', 'p99 added', 'arrived'], rows);
    console.log(`\ngateway peak RSS ${fmt(peakRssMb(gateway.child.pid!), 0)} MB (the proxy process; files are read in its job workers). Target: plain mail ≥ 0.5× direct.`);
  } finally {
    await viaGateway.stop();
    await direct.stop();
    gateway.child.kill('SIGTERM');
    await new Promise((r) => gateway.child.once('exit', r));
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
