/**
 * One message through the gateway's transaction, on a real proxy store (SQLite) and a real SMTP sink
 * as the next hop: what the sending server is answered when the same message comes again, when the
 * next hop is down, and where a large message's bytes wait meanwhile.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/policy';
import { entryData } from '../audit/kinds';
import { startSink } from '../../test/helpers/smtp';
import type { Sink } from '../../test/helpers/smtp';
import { testProxy } from '../../test/helpers/proxy';
import { addAccounts, signedIn } from '../../test/helpers/console';
import type { TestProxy } from '../../test/helpers/proxy';
import { parseAllowList } from './allow';
import { createRelay } from './relay';
import type { Relay } from './relay';
import { prepareSpoolDir, spool } from './spool';
import { handleMessage } from './transaction';
import type { Envelope, TransactionDeps } from './transaction';

const CASEY = 'casey.staff@jobs.example.gov';
const AVERY = 'avery.partner@lwdb.example.org';
const ENVELOPE: Envelope = { from: CASEY, to: [AVERY], device: 'mail-gateway', site: 'mail.jobs.example.gov' };

let proxy: TestProxy;
let sink: Sink;
let relay: Relay;
let spoolDir: string;

const deps = (r: Relay = relay): TransactionDeps => ({ ...proxy.opened, policy: DEFAULT_POLICY, relay: r, faxDomains: [], maxBytes: 25 * 1024 * 1024 });
const message = (id: string) => new MailComposer({ from: CASEY, to: AVERY, subject: 'claim', text: 'Claimant SSN 536-22-1874.', messageId: `<${id}>` }).compile().build();

async function through(raw: Buffer, d = deps()) {
  const spooled = await spool(Readable.from([raw]), { dir: spoolDir });
  try {
    return await handleMessage(d, ENVELOPE, spooled);
  } finally {
    await spooled.dispose();
  }
}

async function smtpEntries() {
  await proxy.opened.log.drain();
  const out: Array<Record<string, unknown>> = [];
  for await (const e of proxy.opened.store.entries()) if (e.kind === 'disclosure' && entryData(e).channel === 'smtp') out.push(entryData(e));
  return out;
}

beforeEach(async () => {
  proxy = await testProxy();
  sink = await startSink();
  relay = createRelay(`127.0.0.1:${sink.port}`);
  spoolDir = mkdtempSync(join(tmpdir(), 'dg-spool-'));
});

afterEach(async () => {
  relay.close();
  await sink.close();
  await proxy.close();
  rmSync(spoolDir, { recursive: true, force: true });
});

describe('a message through the gateway', () => {
  it('answers a second try of a message it already handed on with 250, without sending or logging it again', async () => {
    const raw = await message('twice@jobs.example.gov');
    expect(await through(raw)).toMatchObject({ code: 250 });
    // The sending server never heard that 250 (the gateway stopped) and tries again.
    expect(await through(raw)).toMatchObject({ code: 250, lines: ['OK: message already accepted'] });
    expect(sink.received).toHaveLength(1);
    expect(await smtpEntries()).toHaveLength(1);
  });

  it('answers 451 and logs nothing while the next hop is down; the next try goes through once', async () => {
    const down = createRelay('127.0.0.1:9');
    const raw = await message('retry@jobs.example.gov');
    try {
      expect(await through(raw, deps(down))).toMatchObject({ code: 451 });
    } finally {
      down.close();
    }
    expect(await smtpEntries()).toEqual([]);
    expect(await through(raw)).toMatchObject({ code: 250 });
    expect(sink.received).toHaveLength(1);
    expect(await smtpEntries()).toMatchObject([{ decision: 'masked', basis: 'gateway' }]);
  });

  it("puts a refused message in the sender's supervisor's review queue, as a blocked browser send", async () => {
    const raw = await message('refused@jobs.example.gov');
    const spooled = await spool(Readable.from([raw]), { dir: spoolDir });
    const answer = await handleMessage(deps(), { ...ENVELOPE, to: ['sue.suspended@lwdb.example.org'] }, spooled);
    await spooled.dispose();
    expect(answer.code).toBe(550);
    expect(sink.received).toEqual([]);
    await addAccounts(proxy);
    const page = await (await (await signedIn(proxy, 'supervisor')).get('/console/reviews')).text();
    expect(page).toContain(`<strong>${CASEY}</strong> asked`);
    expect(page).toContain('Holds: Social Security number');
    expect(page).toContain('mail gateway on mail.jobs.example.gov');
    expect(page).toContain('<li>sue.suspended@lwdb.example.org has had their access suspended</li>');
    expect(page).not.toContain('536-22-1874');
  });

  it('sends a refused message once a supervisor approved it: the re-send (a new Message-ID) goes once, logged released', async () => {
    const SUE = 'sue.suspended@lwdb.example.org';
    const env = { ...ENVELOPE, to: [SUE] };
    const send = async (id: string) => {
      const spooled = await spool(Readable.from([await message(id)]), { dir: spoolDir });
      try {
        return await handleMessage(deps(), env, spooled);
      } finally {
        await spooled.dispose();
      }
    };
    expect(await send('first@jobs.example.gov')).toMatchObject({ code: 550 });
    const [review] = await proxy.opened.store.listReviews({ status: 'pending' });
    expect(review).toMatchObject({ requestedBy: CASEY, recipients: [SUE] });
    // Before the supervisor decides, the same message is refused again.
    expect(await send('early@jobs.example.gov')).toMatchObject({ code: 550 });
    const now = new Date();
    await proxy.opened.store.decideReview(review!.id, { status: 'approved', by: 'morgan.supervisor@jobs.example.gov', reason: 'Sue covers the case this week', at: now.toISOString(), releaseExpiresAt: new Date(now.getTime() + 3_600_000).toISOString() });

    // Outlook sends it again: a new Message-ID and date, the same words.
    expect(await send('again@jobs.example.gov')).toMatchObject({ code: 250, lines: ['OK: sent as your supervisor approved'] });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.raw.toString()).toContain('***-*2-1874');
    expect(sink.received[0]!.raw.toString()).not.toContain('536-22-1874');
    expect((await smtpEntries()).at(-1)).toMatchObject({ decision: 'released', reviewId: review!.id });
    // The approval let it go once.
    expect(await send('third@jobs.example.gov')).toMatchObject({ code: 550 });
    expect(sink.received).toHaveLength(1);
  });

  it('does not release a different message on an approval', async () => {
    const SUE = 'sue.suspended@lwdb.example.org';
    const first = await spool(Readable.from([await message('orig@jobs.example.gov')]), { dir: spoolDir });
    expect(await handleMessage(deps(), { ...ENVELOPE, to: [SUE] }, first)).toMatchObject({ code: 550 });
    await first.dispose();
    const [review] = await proxy.opened.store.listReviews({ status: 'pending' });
    const now = new Date();
    await proxy.opened.store.decideReview(review!.id, { status: 'approved', by: 'morgan.supervisor@jobs.example.gov', reason: 'ok for this one', at: now.toISOString(), releaseExpiresAt: new Date(now.getTime() + 3_600_000).toISOString() });
    const other = new MailComposer({ from: CASEY, to: SUE, subject: 'claim', text: 'Claimant SSN 536-22-1874 and her wages $4,100.00.', messageId: '<other@jobs.example.gov>' }).compile().build();
    const spooled = await spool(Readable.from([await other]), { dir: spoolDir });
    expect(await handleMessage(deps(), { ...ENVELOPE, to: [SUE] }, spooled)).toMatchObject({ code: 550 });
    await spooled.dispose();
    expect(sink.received).toEqual([]);
  });

  it('keeps a message past the memory bound in a file of its own folder only until it is answered', async () => {
    writeFileSync(join(spoolDir, 'msg_left-by-a-crash.eml'), 'old');
    prepareSpoolDir(spoolDir);
    expect(readdirSync(spoolDir)).toEqual([]);
    const raw = await message('big@jobs.example.gov');
    const spooled = await spool(Readable.from([raw.subarray(0, 100), raw.subarray(100)]), { dir: spoolDir, memoryBytes: 64 });
    const source = spooled.source();
    expect(Buffer.isBuffer(source)).toBe(false);
    const path = (source as { path: string }).path;
    expect(existsSync(path)).toBe(true);
    expect((await spooled.bytes()).equals(raw)).toBe(true);
    expect(await handleMessage(deps(), ENVELOPE, spooled)).toMatchObject({ code: 250 });
    await spooled.dispose();
    expect(existsSync(path)).toBe(false);
    expect(sink.received[0]!.raw.toString()).toContain('***-*2-1874');
  });
});

describe('the allowed address ranges', () => {
  it.each([
    ['127.0.0.1/32,::1/128', '127.0.0.1', true],
    ['127.0.0.1/32,::1/128', '::ffff:127.0.0.1', true],
    ['127.0.0.1/32,::1/128', '::1', true],
    ['127.0.0.1/32,::1/128', '10.0.0.5', false],
    ['10.0.0.0/8', '10.20.30.40', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['192.0.2.7', '192.0.2.7', true],
  ])('%s allows %s: %s', (list, address, allowed) => {
    const allow = parseAllowList(list);
    expect(typeof allow).toBe('object');
    expect((allow as Exclude<typeof allow, string>).allows(address)).toBe(allowed);
  });

  it.each(['10.0.0.0/33', 'mail.example.org', '10.0.0.0/x'])('refuses %s as a range', (list) => {
    expect(parseAllowList(list)).toMatch(/^not an address range: /);
  });
});
