/**
 * The mail gateway as the agency's mail server uses it: the real proxy process (`serve --smtp-port`)
 * on 127.0.0.1, mail sent to it with nodemailer, a real SMTP sink as the next hop. What arrives at
 * the sink, what the sender is answered, and what the disclosure log and the review queue hold.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { simpleParser } from 'mailparser';
import mammoth from 'mammoth';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryData } from '../proxy/audit/kinds';
import { loadOrCreateKeys } from '../proxy/audit/keys';
import { verifyLog } from '../proxy/audit/verify';
import { openSqliteStore } from '../proxy/store/sqlite';
import { CONFIDENTIALITY_STATEMENT } from '../shared/statement';
import { runDg } from './helpers/cli';
import { seedRegistry } from './helpers/seed';
import { exited } from './helpers/serve';
import { sendMail, startSink } from './helpers/smtp';
import { startGatewayProxy } from './helpers/smtp-proxy';
import type { Sink } from './helpers/smtp';

const CASEY = 'casey.staff@jobs.example.gov';
const AVERY = 'avery.partner@lwdb.example.org';
const SSN = '536-22-1874';
const MASKED = '***-*2-1874';
const MAX_BYTES = 2 * 1024 * 1024;

const children: ChildProcess[] = [];
let dir: string;
let sink: Sink;
let smtpPort: number;

let storeArgs: string[];

/** Occurrences of the statement in a text, read as a person reads it (spacing and wrapping aside). */
const statements = (text: string) => text.replace(/\s+/g, ' ').split(CONFIDENTIALITY_STATEMENT.replace(/\s+/g, ' ')).length - 1;

async function smtpEntries(): Promise<Array<Record<string, unknown>>> {
  const store = openSqliteStore(join(dir, 'dg.db'), { readonly: true });
  try {
    const out: Array<Record<string, unknown>> = [];
    for await (const e of store.entries()) if (e.kind === 'disclosure' && entryData(e).channel === 'smtp') out.push(entryData(e));
    return out;
  } finally {
    await store.close();
  }
}

const arrivedFor = (subject: string) => sink.received.filter((m) => m.raw.toString('latin1').includes(subject));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-smtp-'));
  storeArgs = ['--db', join(dir, 'dg.db'), '--secrets', join(dir, 'secrets')];
  await seedRegistry(dir, storeArgs, "smtp-test");
  sink = await startSink();
  ({ smtpPort } = await startGatewayProxy([...storeArgs, '--smtp-fax-domains', 'fax.example.com', '--smtp-max-bytes', String(MAX_BYTES)], sink.port, children));
}, 120_000);

afterAll(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the mail gateway (smart host)', () => {
  it('masks an SSN to its last five digits in the subject, text and HTML, and adds the statement once to each body', { timeout: 60_000 }, async () => {
    const sent = await sendMail(smtpPort, {
      from: CASEY,
      to: AVERY,
      subject: `Claimant ${SSN} intake`,
      text: `Hello Avery,\nthe claimant's SSN is ${SSN}.\n`,
      html: `<html><body><p>Hello Avery,</p><p>the claimant's SSN is ${SSN}.</p></body></html>`,
      messageId: '<intake-1@jobs.example.gov>',
    });
    expect(sent).toMatchObject({ ok: true });
    const [got] = arrivedFor('intake-1@jobs.example.gov');
    expect(got!.to).toEqual([AVERY]);
    expect(got!.raw.toString()).not.toContain(SSN);
    expect(got!.raw.toString()).not.toContain('536221874');
    const mail = await simpleParser(got!.raw);
    expect(mail.subject).toBe(`Claimant ${MASKED} intake`);
    expect(mail.text).toContain(`the claimant's SSN is ${MASKED}.`);
    expect(mail.html).toContain(`the claimant's SSN is ${MASKED}.`);
    expect(statements(mail.text!)).toBe(1);
    expect(statements(String(mail.html))).toBe(1);
    expect(mail.messageId).toBe('<intake-1@jobs.example.gov>');
    expect(mail.from?.text).toBe(CASEY);

    const entry = (await smtpEntries()).find((e) => (e.recipients as Array<{ address: string }>)[0]?.address === AVERY && e.decision === 'masked');
    expect(entry).toMatchObject({ sender: CASEY, channel: 'smtp', basis: 'gateway', decision: 'masked', statementAdded: true, types: { ssn: 3 }, check: { decision: 'authorized', categories: ['personal'] } });
    expect(entry!.maskedSamples).toContain(MASKED);
    expect(JSON.stringify(entry)).not.toContain(SSN);
    expect((entry!.fingerprints as unknown[]).length).toBe(3);
  });

  it('does not add the statement twice when the message carries it already', { timeout: 60_000 }, async () => {
    const sent = await sendMail(smtpPort, { from: CASEY, to: AVERY, subject: 'signed off', text: `SSN ${SSN}\n\n${CONFIDENTIALITY_STATEMENT}\n`, messageId: '<stmt-1@jobs.example.gov>' });
    expect(sent).toMatchObject({ ok: true });
    const mail = await simpleParser(arrivedFor('stmt-1@jobs.example.gov')[0]!.raw);
    expect(statements(mail.text!)).toBe(1);
    expect(mail.text).toContain(`SSN ${MASKED}`);
  });

  it('refuses a message to an unregistered, a separated and a not-authorized-for-wages recipient (and a fax number) with 550 naming each, sends nothing, and asks a supervisor', { timeout: 60_000 }, async () => {
    const before = sink.received.length;
    const sent = await sendMail(smtpPort, {
      from: CASEY,
      to: ['nobody@unknown.example.net', 'sam.separated@lwdb.example.org', 'eli.employer-only@contractor.example.com', '5735550199@fax.example.com', AVERY],
      subject: 'wage history',
      text: `Claimant SSN ${SSN}; gross wages of $12,400.00 last quarter.`,
      messageId: '<refused-1@jobs.example.gov>',
    });
    expect(sent.ok).toBe(false);
    if (sent.ok) return;
    expect(sent.code).toBe(550);
    expect(sent.response).toContain('nobody@unknown.example.net is not on the Authorized User Registry');
    expect(sent.response).toContain('sam.separated@lwdb.example.org has separated from their organization');
    expect(sent.response).toMatch(/eli\.employer-only@contractor\.example\.com may not receive personal identifiers [^\n]*, and may not receive wage data\./);
    expect(sent.response).toContain('5735550199@fax.example.com may not receive personal identifiers');
    expect(sent.response).not.toContain(AVERY);
    expect(sent.response).not.toContain(SSN);
    expect(sink.received.length).toBe(before);

    const entry = (await smtpEntries()).find((e) => e.decision === 'review_requested' && (e.recipients as unknown[]).length === 5);
    expect(entry).toMatchObject({ sender: CASEY, channel: 'smtp', check: { decision: 'refused' } });
    expect(entry!.reasons).toEqual(expect.arrayContaining(['not_in_registry', 'separated', 'category_not_permitted:wage']));
    const store = openSqliteStore(join(dir, 'dg.db'), { readonly: true });
    try {
      const review = (await store.listReviews()).find((r) => r.id === entry!.reviewId);
      expect(review).toMatchObject({ status: 'pending', requestedBy: CASEY, eventId: entry!.clientEventId });
      expect(review!.recipients).toEqual(['nobody@unknown.example.net', 'sam.separated@lwdb.example.org', 'eli.employer-only@contractor.example.com', '5735550199@fax.example.com']);
    } finally {
      await store.close();
    }
  });

  it('sends to an email-to-fax address whose number is an authorized recipient\'s fax', { timeout: 60_000 }, async () => {
    const sent = await sendMail(smtpPort, { from: CASEY, to: '(573) 555-0100 <5735550100@fax.example.com>', subject: 'fax cover', text: `SSN ${SSN}`, messageId: '<fax-1@jobs.example.gov>' });
    expect(sent).toMatchObject({ ok: true });
    const [got] = arrivedFor('fax-1@jobs.example.gov');
    expect(got!.to).toEqual(['5735550100@fax.example.com']);
    expect(got!.raw.toString()).toContain(MASKED);
  });

  it('refuses confidential mail from a sender who is not in the registry', { timeout: 60_000 }, async () => {
    const sent = await sendMail(smtpPort, { from: 'stranger@jobs.example.gov', to: AVERY, subject: 'hello', text: `SSN ${SSN}`, messageId: '<stranger-1@jobs.example.gov>' });
    expect(sent).toMatchObject({ ok: false, code: 550 });
    expect((sent as { response: string }).response).toContain('The sender stranger@jobs.example.gov is not on the Authorized User Registry');
    expect(arrivedFor('stranger-1@jobs.example.gov')).toEqual([]);
  });

  it('masks an SSN inside an attached DOCX', { timeout: 90_000 }, async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(`Claimant SSN: ${SSN}`), new Paragraph('Hearing on Tuesday.')] }] }));
    const sent = await sendMail(smtpPort, { from: CASEY, to: AVERY, subject: 'packet', text: 'The packet is attached.', attachments: [{ filename: 'packet.docx', content: docx }], messageId: '<docx-1@jobs.example.gov>' });
    expect(sent).toMatchObject({ ok: true });
    const mail = await simpleParser(arrivedFor('docx-1@jobs.example.gov')[0]!.raw);
    expect(mail.attachments).toHaveLength(1);
    const text = (await mammoth.extractRawText({ buffer: mail.attachments[0]!.content })).value;
    expect(text).toContain(`Claimant SSN: ${MASKED}`);
    expect(text).not.toContain(SSN);
    expect(mail.attachments[0]!.filename).toBe('packet.docx');
    expect(statements(mail.text!)).toBe(1);
    const entry = (await smtpEntries()).find((e) => (e.files as unknown[] | undefined)?.length);
    expect(entry).toMatchObject({ decision: 'masked', files: [{ type: 'docx', outcome: 'masked', types: { ssn: 1 } }] });
  });

  it('masks an SSN in a forwarded message (message/rfc822)', { timeout: 60_000 }, async () => {
    const inner = await new MailComposer({ from: 'claimant@example.net', to: CASEY, subject: `my SSN ${SSN}`, text: `Please update my claim, SSN ${SSN}.` }).compile().build();
    const sent = await sendMail(smtpPort, { from: CASEY, to: AVERY, subject: 'Fwd: claim update', text: 'See below.', attachments: [{ filename: 'forwarded.eml', content: inner, contentType: 'message/rfc822' }], messageId: '<fwd-1@jobs.example.gov>' });
    expect(sent).toMatchObject({ ok: true });
    const raw = arrivedFor('fwd-1@jobs.example.gov')[0]!.raw;
    expect(raw.toString()).not.toContain(SSN);
    const outer = await simpleParser(raw, { ignoreEmbedded: true } as Parameters<typeof simpleParser>[1]);
    const forwarded = outer.attachments.find((a) => a.contentType === 'message/rfc822');
    const innerMail = await simpleParser(forwarded!.content);
    expect(innerMail.subject).toBe(`my SSN ${MASKED}`);
    expect(innerMail.text).toContain(`SSN ${MASKED}.`);
    expect(statements(outer.text!)).toBe(1);
  });

  it('passes ordinary mail byte for byte', { timeout: 60_000 }, async () => {
    const raw = await new MailComposer({ from: CASEY, to: 'someone@elsewhere.example.org', subject: 'lunch', text: 'Lunch at noon? Room 4-101, call 573-555-0123.', html: '<p>Lunch at <b>noon</b>?</p>', messageId: '<plain-1@jobs.example.gov>' }).compile().build();
    const sent = await sendMail(smtpPort, { envelope: { from: CASEY, to: ['someone@elsewhere.example.org'] }, raw });
    expect(sent).toMatchObject({ ok: true });
    const [got] = arrivedFor('plain-1@jobs.example.gov');
    expect(got!.raw.toString('latin1').replace(/\r\n$/, '')).toBe(raw.toString('latin1').replace(/\r\n$/, ''));
    const entry = (await smtpEntries()).find((e) => (e.recipients as Array<{ address: string }>)[0]?.address === 'someone@elsewhere.example.org');
    expect(entry).toMatchObject({ decision: 'allowed', unchecked: 'nothing_to_check', statementAdded: false, types: {} });
  });

  it('refuses an encrypted (S/MIME) message: it cannot be inspected', { timeout: 60_000 }, async () => {
    const sent = await sendMail(smtpPort, {
      from: CASEY,
      to: AVERY,
      subject: 'sealed',
      attachments: [{ filename: 'smime.p7m', content: Buffer.from('MIAGCSqGSIb3DQEHA6CAMIACAQAxggFwMIIBbAIBADBUMEwx', 'base64'), contentType: 'application/pkcs7-mime' }],
      messageId: '<smime-1@jobs.example.gov>',
    });
    expect(sent).toMatchObject({ ok: false, code: 550 });
    expect((sent as { response: string }).response).toContain('encrypted part (application/pkcs7-mime) cannot be inspected');
    expect(arrivedFor('smime-1@jobs.example.gov')).toEqual([]);
  });

  it('refuses a message over --smtp-max-bytes with 552, and takes one just under it (held in a spool file meanwhile)', { timeout: 90_000 }, async () => {
    const line = 'Quarterly report line without identifiers, padded to a fixed width for the test.\n';
    const big = line.repeat(Math.ceil((MAX_BYTES * 1.2) / line.length));
    expect(await sendMail(smtpPort, { from: CASEY, to: AVERY, subject: 'too big', text: big, messageId: '<big-1@jobs.example.gov>' })).toMatchObject({ ok: false, code: 552 });
    const under = line.repeat(Math.floor((MAX_BYTES * 0.8) / line.length));
    expect(await sendMail(smtpPort, { from: CASEY, to: AVERY, subject: 'just under', text: under, messageId: '<big-2@jobs.example.gov>' })).toMatchObject({ ok: true });
    expect(arrivedFor('big-1@jobs.example.gov')).toEqual([]);
    expect(arrivedFor('big-2@jobs.example.gov')).toHaveLength(1);
    expect(readdirSync(join(dir, 'temp', 'smtp'))).toEqual([]);
  });

  it('logs every message it answered exactly once, and the log verifies', { timeout: 60_000 }, async () => {
    const entries = await smtpEntries();
    const ids = entries.map((e) => e.clientEventId);
    expect(new Set(ids).size).toBe(ids.length);
    const accepted = entries.filter((e) => e.decision === 'masked' || e.decision === 'allowed');
    expect(accepted.length).toBe(sink.received.length);
    const store = openSqliteStore(join(dir, 'dg.db'), { readonly: true });
    try {
      expect((await verifyLog(store, loadOrCreateKeys(join(dir, 'secrets')))).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('takes mail from outside the allowed ranges only from a person signed in with their device token, as themselves', { timeout: 90_000 }, async () => {
    const other = mkdtempSync(join(tmpdir(), 'dg-smtp-auth-'));
    try {
      const args = ['--db', join(other, 'dg.db'), '--secrets', join(other, 'secrets')];
      const own = await seedRegistry(other, args, 'smtp-auth');
      const proxy = await startGatewayProxy([...args, '--smtp-allow', '10.0.0.0/8'], sink.port, children);
      const mail = { from: CASEY, to: AVERY, subject: 'signed in', text: 'hello', messageId: '<auth-1@jobs.example.gov>' };
      expect(await sendMail(proxy.smtpPort, mail)).toMatchObject({ ok: false, code: 530 });
      expect(await sendMail(proxy.smtpPort, mail, { user: CASEY, pass: 'dgd_not-a-token' })).toMatchObject({ ok: false, code: 535 });
      expect(await sendMail(proxy.smtpPort, { ...mail, from: AVERY }, { user: AVERY, pass: own })).toMatchObject({ ok: false, code: 535 });
      expect(await sendMail(proxy.smtpPort, { ...mail, from: AVERY, envelope: { from: AVERY, to: [AVERY] } }, { user: CASEY, pass: own })).toMatchObject({ ok: false, code: 553 });
      expect(await sendMail(proxy.smtpPort, mail, { user: CASEY, pass: own })).toMatchObject({ ok: true });
      expect(arrivedFor('auth-1@jobs.example.gov')).toHaveLength(1);
      proxy.child.kill('SIGTERM');
      expect(await exited(proxy.child)).toBe(0);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('offers STARTTLS with the given certificate, and takes a device token only over it', { timeout: 90_000 }, async () => {
    const other = mkdtempSync(join(tmpdir(), 'dg-smtp-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(other, 'key.pem'), '-out', join(other, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const args = ['--db', join(other, 'dg.db'), '--secrets', join(other, 'secrets')];
      const own = await seedRegistry(other, args, 'smtp-tls');
      const proxy = await startGatewayProxy([...args, '--smtp-allow', '10.0.0.0/8', '--smtp-cert', join(other, 'cert.pem'), '--smtp-key', join(other, 'key.pem')], sink.port, children);
      const mail = { from: CASEY, to: AVERY, subject: 'over tls', text: 'hello', messageId: '<tls-1@jobs.example.gov>' };
      // RFC 3207: the token is not taken in the clear.
      expect(await sendMail(proxy.smtpPort, mail, { user: CASEY, pass: own })).toMatchObject({ ok: false, code: 538 });
      expect(await sendMail(proxy.smtpPort, mail, { user: CASEY, pass: own }, { tls: true })).toMatchObject({ ok: true });
      expect(arrivedFor('tls-1@jobs.example.gov')).toHaveLength(1);
      proxy.child.kill('SIGTERM');
      expect(await exited(proxy.child)).toBe(0);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.each([
    [['--smtp-port', '2525'], /--smtp-port needs --smtp-relay HOST:PORT/],
    [['--smtp-relay', '127.0.0.1:25'], /--smtp-relay needs --smtp-port/],
    [['--smtp-port', '2525', '--smtp-relay', 'mail.example'], /smtpRelay: expected HOST:PORT/],
    [['--smtp-port', '2525', '--smtp-relay', '127.0.0.1:25', '--smtp-allow', '10.0.0.0/40'], /--smtp-allow: not an address range: 10\.0\.0\.0\/40/],
    [['--smtp-port', '2525', '--smtp-relay', '127.0.0.1:25', '--smtp-cert', 'cert.pem'], /STARTTLS needs both --smtp-cert and --smtp-key/],
  ])('refuses bad gateway settings %j at once (exit 2, the reason)', async (flags, reason) => {
    const r = await runDg(['serve', ...storeArgs, '--port', '0', ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(reason);
  });
});
