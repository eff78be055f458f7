/**
 * The request guard's decisions, one request at a time (the page-world hook and real browsers are
 * in test/e2e/requests.spec.ts): what goes out unchanged, masked, or not at all, and why.
 */
import { Window } from 'happy-dom';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { RequestGuard, CONFIG_WAIT_MS, SENT_WAIT_MS } from '../extension/content/request-guard';
import { handedOver } from './helpers/hook';
import type { CheckResult, PageConfig, SendEvent } from '../extension/lib/messages';
import type { OutgoingRequest } from '../extension/lib/request-events';
import type { RemoteInspect } from '../extension/content/file-inspect';
import { fromBase64, toBase64 } from '../extension/lib/base64';
import { readFileHere } from '../extension/lib/file-reader';
import { closeJobs, redactFileJob } from '../proxy/jobs/file-jobs';
import { CannotInspect } from '../shared/files/errors';
import { textPdf } from './helpers/scans';
import { DEFAULT_POLICY } from '../shared/policy';
import type { SiteRule } from '../shared/policy';

const config = (rule: Partial<SiteRule> | null): PageConfig => ({
  rule: rule ? ({ match: 'intake.example.org', adapter: 'form', mode: 'enforce', ...rule } as SiteRule) : undefined,
  userEmail: 'casey.staff@jobs.example.gov',
  failMode: 'closed',
  statement: DEFAULT_POLICY.statement,
  keepDigits: DEFAULT_POLICY.keepDigits,
  categoryOfType: DEFAULT_POLICY.categoryOfType,
});

/** The background's reader, with the proxy's own file job in process behind it (what /files/redact answers). */
const proxyReads: RemoteInspect = (name, data) =>
  readFileHere(fromBase64(data), name, DEFAULT_POLICY.keepDigits, async (n, bytes) => {
    try {
      const r = await redactFileJob(bytes, n);
      return { ok: true, data: toBase64(r.bytes), mime: r.mime, summary: r.summary };
    } catch (e) {
      if (e instanceof CannotInspect) return { ok: false, reason: 'cannot_inspect', message: `cannot inspect: ${e.message}` };
      throw e;
    }
  });

function guard(c: PageConfig | null | Promise<PageConfig | null>, authorized = true, remote: RemoteInspect = proxyReads) {
  const events: SendEvent[] = [];
  const checks: string[][] = [];
  const bridge = {
    async checkRecipients(_channel: string, categories: string[], recipients: string[]): Promise<CheckResult> {
      checks.push([...categories, ...recipients]);
      return { ok: true, cached: false, decisions: recipients.map((address) => ({ address, normalized: address, authorized, reasons: authorized ? [] : ['category_not_permitted:wage'] })) };
    },
    async logEvent(e: SendEvent) {
      events.push(e);
    },
  };
  const doc = new Window({ url: 'https://intake.example.org/' }).document as unknown as Document;
  return { g: handedOver(new RequestGuard(doc, Promise.resolve(c), bridge, remote)), events, checks };
}

const req = (o: Partial<OutgoingRequest>): OutgoingRequest => ({ id: 'r1', via: 'fetch', url: 'https://intake.example.org/api', method: 'POST', ...o });

afterEach(() => vi.useRealTimers());

afterAll(() => closeJobs());

describe('on an enforce site', () => {
  it('masks an SSN inside JSON and keeps it valid, a bare JSON number included', async () => {
    const { g, events } = guard(config({ organization: 'Example County LWDB' }));
    expect(await g.decide(req({ text: '{"ssn":"536-22-1874","n":1}' }))).toEqual({ id: 'r1', action: 'replace', text: '{"ssn":"***-*2-1874","n":1}' });
    const d = await g.decide(req({ text: '{"ssn": 536221874}' }));
    expect(d.action === 'replace' && JSON.parse(d.text!)).toEqual({ ssn: '****21874' });
    expect(events.map((e) => e.decision)).toEqual(['masked', 'masked']);
    expect(events[0]!.identifiers).toEqual([{ type: 'ssn', value: '536-22-1874' }]);
    expect(events[0]!.maskedSamples).toEqual(['***-*2-1874']);
  });

  it('reads form fields with their names as context and masks them in place', async () => {
    const { g } = guard(config({ organization: 'Example County LWDB' }));
    const d = await g.decide(req({ fields: [{ name: 'claimant_ssn', value: '536221874' }, { name: 'note', value: 'call 573-555-0100' }], form: 'urlencoded' }));
    expect(d).toEqual({ id: 'r1', action: 'replace', fields: [{ name: 'claimant_ssn', value: '****21874' }, { name: 'note', value: 'call 573-555-0100' }] });
  });

  it('lets a body with nothing confidential (or already masked) go unchanged, unlogged', async () => {
    const { g, events } = guard(config({}));
    expect(await g.decide(req({ text: '{"case":"2024-0815","ssn":"***-*2-1874"}' }))).toEqual({ id: 'r1', action: 'send' });
    expect(events).toEqual([]);
  });

  it('replaces a CSV file part by its masked copy and logs the file by type, size and counts only', async () => {
    const { g, events } = guard(config({ organization: 'Example County LWDB' }));
    const csv = 'Name,SSN\nJane Q. Public,536-22-1874\n';
    const file = { name: '536221874-claim.csv', type: 'text/csv', size: csv.length, data: toBase64(new TextEncoder().encode(csv)) };
    const d = await g.decide(req({ fields: [{ name: 'note', value: 'see attached' }, { name: 'packet', file }], form: 'multipart' }));
    expect(d.action).toBe('replace');
    const copy = d.action === 'replace' ? d.files?.[0] : undefined;
    expect(new TextDecoder().decode(fromBase64(copy!.data))).toBe('Name,SSN\nJane Q. Public,***-*2-1874\n');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ decision: 'masked', types: { ssn: 1 }, files: [{ type: 'csv', size: csv.length, types: { ssn: 1 }, outcome: 'masked' }] });
    expect(JSON.stringify(events[0])).not.toMatch(/536-?22-?1874|claim\.csv/);
  });

  it('has a PDF body read by the proxy and sends the flattened copy instead', async () => {
    const { g } = guard(config({ organization: 'Example County LWDB' }));
    const pdf = await textPdf([['Claimant SSN 536-22-1874']]);
    const d = await g.decide(req({ file: { name: 'fax-packet.pdf', type: 'application/pdf', size: pdf.length, data: toBase64(pdf) } }));
    expect(d.action === 'replace' && d.file?.type).toBe('application/pdf');
    const copy = fromBase64(d.action === 'replace' ? d.file!.data : '');
    expect(new TextDecoder('latin1').decode(copy.subarray(0, 5))).toBe('%PDF-');
    expect(copy.length).not.toBe(pdf.length);
  });

  it('blocks a file it cannot inspect, one too large to read, a PDF when the proxy is unreachable, and a body it cannot read', async () => {
    const { g, events } = guard(config({}));
    const docx = new TextEncoder().encode('PK\u0003\u0004 not really a package');
    expect(await g.decide(req({ fields: [{ name: 'packet', file: { name: 'fax.docx', type: '', size: docx.length, data: toBase64(docx) } }], form: 'multipart' }))).toMatchObject({
      action: 'block',
      reason: 'fax.docx cannot be inspected: the package is damaged (no ZIP central directory)',
    });
    expect(await g.decide(req({ fields: [{ name: 'packet', file: { name: 'scan.tiff', type: 'image/tiff', size: 30 << 20 } }], form: 'multipart' }))).toMatchObject({
      action: 'block',
      reason: 'scan.tiff cannot be inspected: it is larger than 25 MB',
    });
    const offline = guard(config({}), true, async () => ({ ok: false, reason: 'unreachable', message: 'the Disclosure Guard proxy that reads PDFs and scans cannot be reached' }));
    const pdf = await textPdf([['nothing here']]);
    expect(await offline.g.decide(req({ file: { name: 'a.pdf', type: 'application/pdf', size: pdf.length, data: toBase64(pdf) } }))).toMatchObject({
      action: 'block',
      reason: 'a.pdf cannot be inspected: the Disclosure Guard proxy that reads PDFs and scans cannot be reached',
    });
    expect(await g.decide(req({ unreadable: 'a streamed body' }))).toMatchObject({ action: 'block' });
    expect(events.map((e) => e.reasons)).toEqual([['uninspectable_content'], ['uninspectable_content'], ['uninspectable_content']]);
  });

  it('on a warn site a file that cannot be inspected goes as it is, warned and logged', async () => {
    const { g, events } = guard(config({ mode: 'warn' }));
    const d = await g.decide(req({ fields: [{ name: 'packet', file: { name: 'old.doc', type: '', size: 8, data: toBase64(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) } }], form: 'multipart' }));
    expect(d).toEqual({ id: 'r1', action: 'send' });
    expect(events[0]).toMatchObject({ decision: 'warned', reasons: ['uninspectable_content'], files: [{ outcome: 'uninspectable' }] });
  });

  it('sends a web form\'s wages only to an organization the registry authorizes', async () => {
    const ok = guard(config({ organization: 'Example County LWDB' }));
    expect(await ok.g.decide(req({ text: 'gross wages $12,450.00' }))).toEqual({ id: 'r1', action: 'send' });
    expect(ok.checks).toEqual([['wage', 'Example County LWDB']]);
    const refused = guard(config({ organization: 'Demo Employer Services Contractor' }), false);
    expect(await refused.g.decide(req({ text: 'gross wages $12,450.00' }))).toMatchObject({ action: 'block', reason: 'Demo Employer Services Contractor may not receive it' });
    const none = guard(config({}));
    expect(await none.g.decide(req({ text: 'gross wages $12,450.00' }))).toMatchObject({ action: 'block' });
  });

  it('on a webmail site masks identifiers but leaves recipients to the compose guard', async () => {
    const { g, checks } = guard(config({ adapter: 'gmail', match: 'mail.google.com' }));
    expect(await g.decide(req({ text: 'wages $500 SSN 536-22-1874' }))).toMatchObject({ action: 'replace', text: 'wages $500 SSN ***-*2-1874' });
    expect(checks).toEqual([]);
  });

  it('on a webmail or fax site a body it leaves alone (the message the compose guard checked, a draft saved) is not logged again', async () => {
    for (const adapter of ['gmail', 'outlook', 'fax'] as const) {
      const { g, events } = guard(config({ adapter, match: 'mail.example.org' }));
      expect(await g.decide(req({ text: 'wages $500 SSN ***-*2-1874' }))).toEqual({ id: 'r1', action: 'send' });
      expect(events).toEqual([]);
    }
    // A web form's request is the send itself: logged.
    const form = guard(config({ organization: 'Example County LWDB' }));
    await form.g.decide(req({ text: 'gross wages $12,450.00' }));
    expect(form.events.map((e) => e.decision)).toEqual(['allowed']);
  });
});

describe('an identifier in the address', () => {
  it('on an enforce site a lookup with an SSN in its path or query is refused and logged blocked, fingerprinted only', async () => {
    for (const url of [
      'https://intake.example.org/api/claimants/536-22-1874',
      'https://intake.example.org/api/ssn/536221874/benefits',
      'https://intake.example.org/api/claimants?ssn=536221874',
      'https://intake.example.org/api/search?q=claimant%20SSN%20536-22-1874',
      'https://intake.example.org/api/lookup?socialSecurityNumber=536221874&page=2',
      // Nine bare digits a claimants address keys a person by: the path, a search term, an id.
      'https://intake.example.org/api/claimants/536221874',
      'https://intake.example.org/api/claimants/search?q=536221874',
      'https://intake.example.org/api/claimants?id=536221874',
    ]) {
      const { g, events } = guard(config({ organization: 'Example County LWDB' }));
      expect(await g.decide(req({ method: 'GET', url }))).toMatchObject({ action: 'block', reason: 'its web address holds it, where it cannot be masked' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ decision: 'blocked', reasons: ['identifier_in_address'], types: { ssn: 1 } });
      expect(events[0]!.identifiers).toEqual([{ type: 'ssn', value: expect.stringMatching(/^536-?22-?1874$/) }]);
      // The log's sample keeps only the last five digits.
      expect(events[0]!.maskedSamples).toEqual([expect.stringMatching(/^[*-]+2-?1874$/)]);
    }
  });

  it('numbers that are no identifier, a masked value, the fragment and the host go as they are', async () => {
    for (const url of [
      'https://intake.example.org/api/claims/2024-0815?page=2&size=50&ts=1764652800000',
      'https://intake.example.org/api/claimants?ssnLast5=21874',
      'https://intake.example.org/api/claimants?ssn=***-*2-1874',
      'https://intake.example.org/app#/claimant/536-22-1874',
      'http://10.20.30.40:8080/api/health',
      // A claim's id is no person's.
      'https://intake.example.org/api/claims?id=536221874',
      'https://intake.example.org/api/claims/536221874',
    ]) {
      const { g, events } = guard(config({ organization: 'Example County LWDB' }));
      expect(await g.decide(req({ method: 'GET', url }))).toEqual({ id: 'r1', action: 'send' });
      expect(events).toEqual([]);
    }
  });

  it('on a warn site the request goes and is logged warned', async () => {
    const { g, events } = guard(config({ mode: 'warn' }));
    expect(await g.decide(req({ method: 'GET', url: 'https://intake.example.org/api/claimants/536-22-1874' }))).toEqual({ id: 'r1', action: 'send' });
    expect(events.map((e) => [e.decision, e.reasons])).toEqual([['warned', ['identifier_in_address']]]);
  });
});

describe('elsewhere', () => {
  it.each([
    ['an unguarded page', null],
    ['an "off" site', config({ mode: 'off' })],
  ])('%s: everything goes as it is', async (_why, c) => {
    const { g, events } = guard(c);
    expect(await g.decide(req({ text: 'SSN 536-22-1874' }))).toEqual({ id: 'r1', action: 'send' });
    expect(events).toEqual([]);
  });

  it('an audit site: sent unchanged and logged', async () => {
    const { g, events } = guard(config({ mode: 'audit' }));
    expect(await g.decide(req({ text: 'SSN 536-22-1874' }))).toEqual({ id: 'r1', action: 'send' });
    expect(events.map((e) => e.decision)).toEqual(['audited']);
  });

  it('while the page\'s rule is still unknown, a request waits; past the bound what may hold an identifier is refused', async () => {
    vi.useFakeTimers();
    const doc = new Window({ url: 'https://intake.example.org/' }).document as unknown as Document;
    const bridge = { checkRecipients: vi.fn(), logEvent: vi.fn() };
    const g = new RequestGuard(doc, new Promise(() => {}), bridge as never);
    const withSsn = g.decide(req({ text: 'SSN 536-22-1874' }));
    const plain = g.decide(req({ id: 'r2', text: 'meeting at 10:30 on 12/01' }));
    await vi.advanceTimersByTimeAsync(CONFIG_WAIT_MS + 1);
    expect(await withSsn).toMatchObject({ action: 'block', reason: 'the page could not be checked in time' });
    expect(await plain).toEqual({ id: 'r2', action: 'send' });
  });
});

describe('a decided send is logged as gone only once the hook handed it to the browser', () => {
  function bare(held?: { hold(e: SendEvent): void; settle(e: SendEvent): void }) {
    const events: SendEvent[] = [];
    const bridge = { checkRecipients: vi.fn(), logEvent: async (e: SendEvent) => void events.push(e) };
    const doc = new Window({ url: 'https://intake.example.org/' }).document as unknown as Document;
    return { g: new RequestGuard(doc, Promise.resolve(config({ organization: 'Example County LWDB' })), bridge as never, undefined, held), events };
  }

  it('a masked post is logged masked when the hook says it went, and not before', async () => {
    const { g, events } = bare();
    expect(await g.decide(req({ text: 'SSN 536-22-1874' }))).toMatchObject({ action: 'replace' });
    expect(events).toEqual([]);
    g.reported('r1', true);
    expect(events.map((e) => e.decision)).toEqual(['masked']);
    // Said twice (or about a request never decided): logged once.
    g.reported('r1', true);
    g.reported('r9', true);
    expect(events).toHaveLength(1);
  });

  it('one the page never sent (a socket closed meanwhile, a beacon refused) is logged not_sent, never masked', async () => {
    const { g, events } = bare();
    await g.decide(req({ via: 'websocket', text: 'SSN 536-22-1874' }));
    g.reported('r1', false);
    expect(events.map((e) => [e.decision, e.reasons])).toEqual([['not_sent', ['not_handed_over']]]);
    expect(events[0]!.maskedSamples).toEqual(['***-*2-1874']);
  });

  it('with no word from the hook (it gave up waiting, or is gone) the send is logged not_sent', async () => {
    vi.useFakeTimers();
    const { g, events } = bare();
    await g.decide(req({ text: 'SSN 536-22-1874' }));
    await vi.advanceTimersByTimeAsync(SENT_WAIT_MS - 1);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(events.map((e) => e.decision)).toEqual(['not_sent']);
  });

  it('the event is held where it outlives the page from the decision on, and settled with its final decision', async () => {
    const calls: Array<[string, string]> = [];
    const { g, events } = bare({ hold: (e) => calls.push(['hold', e.decision]), settle: (e) => calls.push(['settle', e.decision]) });
    await g.decide(req({ text: 'SSN 536-22-1874' }));
    await g.decide(req({ id: 'r2', text: 'SSN 536-22-4410' }));
    expect(calls).toEqual([['hold', 'masked'], ['hold', 'masked']]);
    g.reported('r1', true);
    g.reported('r2', false);
    expect(calls.slice(2)).toEqual([['settle', 'masked'], ['settle', 'not_sent']]);
    // A blocked request is logged at once: it never goes, whatever the page does.
    await g.decide(req({ id: 'r3', url: 'https://intake.example.org/api/claimants/536-22-1874', text: 'x' }));
    expect(events.map((e) => e.decision)).toEqual(['blocked']);
  });
});
