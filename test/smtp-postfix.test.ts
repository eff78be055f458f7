/**
 * The gateway behind a real agency mail server: Debian's Postfix (its own instance in a temporary
 * folder) relays through the proxy's gateway (relayhost) to a sink. What arrives, what the sender's
 * bounce says, what the log holds, and a crash of the gateway (kill -9) while Postfix delivers.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryData } from '../proxy/audit/kinds';
import { loadOrCreateKeys } from '../proxy/audit/keys';
import { verifyLog } from '../proxy/audit/verify';
import { openSqliteStore } from '../proxy/store/sqlite';
import { CONFIDENTIALITY_STATEMENT } from '../shared/statement';
import { freePort, startPostfix } from './helpers/postfix';
import type { Postfix } from './helpers/postfix';
import { seedRegistry } from './helpers/seed';
import { exited } from './helpers/serve';
import { sendMail, startSink } from './helpers/smtp';
import type { Sink } from './helpers/smtp';
import { startGatewayProxy } from './helpers/smtp-proxy';
import { until } from './helpers/until';

const CASEY = 'casey.staff@jobs.example.gov';
const AVERY = 'avery.partner@lwdb.example.org';
/** Avery's other address in the registry. */
const AVERY_ALIAS = 'avery@lwdb.example.org';
const SSN = '536-22-1874';
const MASKED = '***-*2-1874';

const children: ChildProcess[] = [];
let dir: string;
let storeArgs: string[];
let sink: Sink;
let postfix: Postfix;
let gatewayPort: number;
let proxy: ChildProcess;

const startProxy = async () => (proxy = (await startGatewayProxy(storeArgs, sink.port, children, gatewayPort)).child);
const withId = (id: string) => sink.received.filter((m) => m.raw.toString('latin1').includes(`<${id}>`));

/** The gateway's entries for messages to exactly this recipient (each test writes to its own). */
async function entriesTo(recipient: string): Promise<Array<Record<string, unknown>>> {
  const store = openSqliteStore(join(dir, 'dg.db'), { readonly: true });
  try {
    const out: Array<Record<string, unknown>> = [];
    for await (const e of store.entries()) {
      const data = entryData(e);
      if (e.kind === 'disclosure' && data.channel === 'smtp' && (data.recipients as Array<{ address: string }>).map((r) => r.address).join(',') === recipient) out.push(data);
    }
    return out;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-smtp-postfix-'));
  storeArgs = ['--db', join(dir, 'dg.db'), '--secrets', join(dir, 'secrets')];
  await seedRegistry(dir, storeArgs, 'postfix-test');
  sink = await startSink();
  gatewayPort = await freePort();
  await startProxy();
  // Mail to the agency's own domain (bounces to its staff) goes straight to the sink, to be read.
  postfix = await startPostfix({ relayPort: gatewayPort, bouncesPort: sink.port });
}, 120_000);

afterAll(async () => {
  await postfix?.stop();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Postfix relaying through the gateway', () => {
  it('delivers confidential mail masked, with the statement once, and logs it once', { timeout: 60_000 }, async () => {
    expect(await sendMail(postfix.port, { from: CASEY, to: AVERY, subject: 'claimant', text: `The claimant's SSN is ${SSN}.`, messageId: '<pf-masked@jobs.example.gov>' })).toMatchObject({ ok: true });
    const [got] = await until(() => (withId('pf-masked@jobs.example.gov').length ? withId('pf-masked@jobs.example.gov') : undefined), 30_000, 'the masked message at the sink');
    expect(got!.raw.toString()).not.toContain(SSN);
    const mail = await simpleParser(got!.raw);
    expect(mail.text).toContain(`SSN is ${MASKED}.`);
    expect(mail.text!.replace(/\s+/g, ' ').split(CONFIDENTIALITY_STATEMENT).length - 1).toBe(1);
    expect(await entriesTo(AVERY)).toMatchObject([{ sender: CASEY, decision: 'masked', channel: 'smtp' }]);
  });

  it('refuses mail to a separated recipient: nothing goes to them, the sender\'s bounce says why, a supervisor is asked', { timeout: 60_000 }, async () => {
    expect(await sendMail(postfix.port, { from: CASEY, to: 'sam.separated@lwdb.example.org', subject: 'claimant', text: `SSN ${SSN}`, messageId: '<pf-refused@jobs.example.gov>' })).toMatchObject({ ok: true });
    const bounce = await until(() => sink.received.find((m) => m.from === '' && m.to.includes(CASEY) && m.raw.toString().includes('pf-refused@jobs.example.gov')), 30_000, "the sender's bounce");
    const text = (await simpleParser(bounce.raw)).text ?? '';
    expect(text).toContain('sam.separated@lwdb.example.org has separated from their organization');
    expect(sink.received.filter((m) => m.to.includes('sam.separated@lwdb.example.org'))).toEqual([]);
    const store = openSqliteStore(join(dir, 'dg.db'), { readonly: true });
    try {
      const reviews = await store.listReviews({ status: 'pending' });
      expect(reviews.filter((r) => r.recipients.includes('sam.separated@lwdb.example.org'))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('delivers exactly once after the gateway is killed (kill -9) while Postfix delivers, and logs it once', { timeout: 120_000 }, async () => {
    sink.hold();
    const arrived = sink.arrived;
    expect(await sendMail(postfix.port, { from: CASEY, to: AVERY_ALIAS, subject: 'during a crash', text: `SSN ${SSN}`, messageId: '<pf-crash@jobs.example.gov>' })).toMatchObject({ ok: true });
    // The gateway has handed the message on and waits for the next hop's answer: kill it now.
    await until(() => sink.arrived > arrived, 30_000, 'the message to reach the sink');
    proxy.kill('SIGKILL');
    await exited(proxy);
    await until(() => sink.open === 0, 30_000, 'the gateway\'s connections to close');
    sink.release();
    expect(withId('pf-crash@jobs.example.gov')).toEqual([]);

    await startProxy();
    await postfix.flush();
    await until(() => withId('pf-crash@jobs.example.gov').length > 0, 60_000, 'the message after the restart');
    await until(async () => (await postfix.queued()) === 0, 30_000, "Postfix's queue to empty");
    expect(withId('pf-crash@jobs.example.gov')).toHaveLength(1);
    expect(withId('pf-crash@jobs.example.gov')[0]!.raw.toString()).toContain(MASKED);
    expect(await entriesTo(AVERY_ALIAS)).toMatchObject([{ decision: 'masked' }]);
    const store = openSqliteStore(join(dir, 'dg.db'), { readonly: true });
    try {
      expect((await verifyLog(store, loadOrCreateKeys(join(dir, 'secrets')))).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
