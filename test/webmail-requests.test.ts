/**
 * A webmail named by its send request (rule `adapter: "webmail"`), one request at a time: the
 * requests Roundcube 1.6 and SnappyMail make, as their public source builds them. What goes out
 * (masked, with the statement once, in the body's format), who is checked, what is refused and why,
 * and what is logged. The real Roundcube in a real browser is test/e2e/roundcube.spec.ts.
 */
import { Window } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import type { RemoteInspect } from '../extension/content/file-inspect';
import { fromBase64 } from '../extension/lib/base64';
import { readFileHere } from '../extension/lib/file-reader';
import { closeJobs, redactFileJob } from '../proxy/jobs/file-jobs';
import { RequestGuard } from '../extension/content/request-guard';
import { addressesIn, withoutAddresses } from '../extension/content/webmail/addresses';
import type { CheckResult, PageConfig, SendEvent } from '../extension/lib/messages';
import type { OutgoingRequest, RequestDecision } from '../extension/lib/request-events';
import { toBase64 } from '../extension/lib/base64';
import { validateRules } from '../extension/lib/site-rules';
import { DEFAULT_POLICY } from '../shared/policy';
import type { SiteRule } from '../shared/policy';
import { hasStatement } from '../shared/statement';
import { handedOver } from './helpers/hook';

const STATEMENT = DEFAULT_POLICY.statement;

/** The background's reader, with the proxy's own file job in process behind it (what /files/redact answers). */
const proxyReads: RemoteInspect = (name, data) =>
  readFileHere(fromBase64(data), name, DEFAULT_POLICY.keepDigits, async (n, bytes) => {
    const r = await redactFileJob(bytes, n);
    return { ok: true, data: toBase64(r.bytes), mime: r.mime, summary: r.summary };
  });

afterAll(() => closeJobs());

/** Who the registry knows, and what each may receive. */
const REGISTRY: Record<string, { categories: string[]; reasons?: string[] }> = {
  'pat.partner@wib.example.org': { categories: ['personal', 'wage', 'ui', 'employer'] },
  'robin.reader@wib.example.org': { categories: ['personal'] },
  'sam.separated@wib.example.org': { categories: [], reasons: ['separated'] },
};

function setup(rule: Partial<SiteRule>, opts: { sender?: boolean; answers?: Array<'remove' | 'edit' | 'review' | 'send'>; mailGateway?: boolean; down?: boolean; failMode?: 'open' | 'closed'; keepSsn?: number } = {}) {
  const events: SendEvent[] = [];
  const checks: Array<{ channel: string; categories: string[]; recipients: string[] }> = [];
  const reviews: Array<{ recipients: string[]; justification: string }> = [];
  const bridge = {
    async checkRecipients(channel: string, categories: string[], recipients: string[]): Promise<CheckResult> {
      checks.push({ channel, categories, recipients });
      if (opts.down) return { ok: false, reason: 'unreachable', message: 'The Disclosure Guard proxy cannot be reached.' };
      return {
        ok: true,
        cached: false,
        checkId: `dgc1.${'A'.repeat(16)}.${'0'.repeat(64)}`,
        sender: { authorized: opts.sender !== false, reasons: opts.sender === false ? ['training_expired'] : [] },
        decisions: recipients.map((address) => {
          const r = REGISTRY[address.toLowerCase()];
          const missing = categories.filter((c) => !r?.categories.includes(c));
          const reasons = !r ? ['not_in_registry'] : r.reasons ?? missing.map((c) => `category_not_permitted:${c}`);
          return { address, normalized: address.toLowerCase(), authorized: reasons.length === 0, reasons };
        }),
      };
    },
    async logEvent(e: SendEvent) {
      events.push(e);
    },
    async findRelease() {
      return { ok: false as const };
    },
    async requestReview(_eventId: string, justification: string, recipients: string[]) {
      reviews.push({ recipients, justification });
      return { ok: true as const, reviewId: 'rev_abcdefgh' };
    },
  };
  const win = new Window({ url: 'https://mail.jobs.example.gov/roundcube/?_task=mail&_action=compose' });
  const doc = win.document as unknown as Document;
  const config: PageConfig = {
    rule: { match: 'mail.jobs.example.gov', adapter: 'webmail', mode: 'enforce', preset: 'roundcube', ...rule } as SiteRule,
    userEmail: 'casey.staff@jobs.example.gov',
    failMode: opts.failMode ?? 'closed',
    statement: STATEMENT,
    keepDigits: opts.keepSsn === undefined ? DEFAULT_POLICY.keepDigits : { ...DEFAULT_POLICY.keepDigits, ssn: opts.keepSsn },
    categoryOfType: DEFAULT_POLICY.categoryOfType,
    ...(opts.mailGateway ? { mailGateway: true } : {}),
  };
  const g = handedOver(new RequestGuard(doc, Promise.resolve(config), bridge, proxyReads));
  // Listening as in a page: what a checked file held reaches the next send.
  g.start(new AbortController().signal);
  // Staff answer each dialog the send raises, in order.
  const answers = [...(opts.answers ?? [])];
  const answered: string[] = [];
  const said: string[] = [];
  const observer = new win.MutationObserver(() => {
    const host = doc.querySelector('disclosure-guard-ui[data-dialog]:not([data-answered])') as HTMLElement | null;
    if (!host?.shadowRoot) return;
    host.setAttribute('data-answered', '1');
    answered.push(host.getAttribute('data-dialog')!);
    said.push(host.shadowRoot.textContent ?? '');
    const answer = answers.shift() ?? 'edit';
    const root = host.shadowRoot;
    if (answer === 'review') {
      const box = root.querySelector('textarea') as HTMLTextAreaElement | null;
      if (box) {
        box.value = 'The board needs the claimant record to enrol him today.';
        box.dispatchEvent(new win.Event('input', { bubbles: true }) as unknown as Event);
      }
    }
    const button = root.querySelector<HTMLElement>(`[data-action="${answer}"]`) ?? root.querySelector<HTMLElement>('[data-action="ok"]');
    queueMicrotask(() => button?.click());
  });
  observer.observe((doc.body ?? doc.documentElement) as never, { childList: true, subtree: true });
  return { g, events, checks, reviews, answered, said };
}

/** Roundcube's compose form as it posts it (program/js/app.js submit_messageform). */
function roundcube(fields: Record<string, string>): OutgoingRequest {
  const all = { _token: 'tokenabcdef', _task: 'mail', _action: 'send', _id: 'composeabc', _attachments: '', _from: '1', _to: '', _cc: '', _bcc: '', _subject: '', _draft: '', _is_html: '0', _message: '', ...fields };
  return { id: 'r1', via: 'form', url: 'https://mail.jobs.example.gov/roundcube/?_task=mail&_unlock=loading1&_framed=1', method: 'POST', fields: Object.entries(all).map(([name, value]) => ({ name, value })), form: 'multipart' };
}

const field = (d: RequestDecision, name: string) => (d.action === 'replace' ? d.fields?.find((f) => f.name === name)?.value : undefined);

describe('a Roundcube send', () => {
  it('to an authorized recipient: the SSN masked in subject and body, the statement once, every address checked as email', async () => {
    const { g, events, checks } = setup({});
    const d = await g.decide(roundcube({ _to: '"Partner, Pat" <pat.partner@wib.example.org>', _cc: 'Robin Reader <robin.reader@wib.example.org>', _subject: 'Claimant 536-22-1874', _message: 'Jane Q. Public, SSN 536-22-1874, needs a call back.' }));
    expect(field(d, '_subject')).toBe('Claimant ***-*2-1874');
    const body = field(d, '_message')!;
    expect(body).toMatch(/^Jane Q\. Public, SSN \*\*\*-\*2-1874, needs a call back\.\n\nThe information contained/);
    expect(body).not.toContain('536-22-1874');
    expect(hasStatement(body, STATEMENT)).toBe(true);
    expect(checks).toEqual([{ channel: 'email', categories: ['personal'], recipients: ['pat.partner@wib.example.org', 'robin.reader@wib.example.org'] }]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ channel: 'email', decision: 'masked', statementAdded: true, types: { ssn: 2 }, recipients: [{ address: 'pat.partner@wib.example.org' }, { address: 'robin.reader@wib.example.org' }] });
    expect(events[0]!.check).toMatch(/^dgc1\./);
    expect(events[0]!.unchecked).toBeUndefined();
  });

  it('in HTML: masked inside the markup, the statement a paragraph of its own before </body>, and never twice', async () => {
    const { g } = setup({});
    const html = '<html><body><p>SSN <b>536-22-1874</b></p></body></html>';
    const d = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _is_html: '1', _message: html }));
    const body = field(d, '_message')!;
    expect(body).toContain('<b>***-*2-1874</b>');
    expect(body).toMatch(/<p>The information contained[^<]*destroy this transmission without disclosure\.<\/p><\/body><\/html>$/);
    const again = await setup({}).g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _is_html: '1', _message: body }));
    // Already masked and already carrying the statement: nothing left to change.
    expect(again.action === 'send' || field(again, '_message') === body).toBe(true);
  });

  it('refuses a separated and an unregistered recipient, by Cc and Bcc too, naming each; nothing goes', async () => {
    const { g, events, answered, said } = setup({}, { answers: ['edit'] });
    const d = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _cc: 'sam.separated@wib.example.org', _bcc: 'someone@gmail.example.com', _message: 'SSN 536-22-1874' }));
    expect(d).toMatchObject({ action: 'block' });
    expect(answered).toEqual(['blocked']);
    const text = said[0]!;
    expect(text).toContain('sam.separated@wib.example.org');
    expect(text).toContain('someone@gmail.example.com');
    expect(text).not.toContain('pat.partner@wib.example.org ');
    expect(events.map((e) => [e.decision, e.reasons])).toEqual([['blocked', ['separated', 'not_in_registry']]]);
  });

  it('wages only to a recipient authorized for wages', async () => {
    const { g, checks, events } = setup({}, { answers: ['edit'] });
    const d = await g.decide(roundcube({ _to: 'robin.reader@wib.example.org', _message: 'Base period wages: $12,480.00 for Q3 2024.' }));
    expect(checks[0]!.categories).toEqual(['wage']);
    expect(d.action).toBe('block');
    expect(events[0]!.reasons).toEqual(['category_not_permitted:wage']);
    const ok = await setup({}).g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _message: 'Base period wages: $12,480.00 for Q3 2024.' }));
    expect(ok.action).toBe('replace');
    expect(hasStatement(field(ok, '_message')!, STATEMENT)).toBe(true);
  });

  it('"Remove these recipients" sends to the rest only, with the refused ones taken out of To, Cc and Bcc', async () => {
    const { g, checks, events } = setup({}, { answers: ['remove'] });
    const d = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org, "Sam S." <sam.separated@wib.example.org>', _bcc: 'someone@gmail.example.com', _message: 'SSN 536-22-1874' }));
    expect(field(d, '_to')).toBe('pat.partner@wib.example.org');
    expect(field(d, '_bcc')).toBe('');
    expect(checks.map((c) => c.recipients)).toEqual([['pat.partner@wib.example.org', 'sam.separated@wib.example.org', 'someone@gmail.example.com'], ['pat.partner@wib.example.org']]);
    expect(events.map((e) => e.decision)).toEqual(['blocked', 'masked']);
  });

  it('asks a supervisor with the staff member\'s reason; nothing goes', async () => {
    const { g, reviews, events } = setup({}, { answers: ['review'] });
    const d = await g.decide(roundcube({ _to: 'someone@gmail.example.com', _message: 'SSN 536-22-1874' }));
    expect(d.action).toBe('block');
    expect(reviews).toEqual([{ recipients: ['someone@gmail.example.com'], justification: 'The board needs the claimant record to enrol him today.' }]);
    expect(events.map((e) => e.decision)).toEqual(['blocked', 'review_requested']);
  });

  it('refuses a sender the registry does not authorize', async () => {
    const { g, events } = setup({}, { sender: false });
    const d = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _message: 'SSN 536-22-1874' }));
    expect(d.action).toBe('block');
    expect(events[0]).toMatchObject({ decision: 'blocked', reasons: ['sender_not_authorized'] });
  });

  it('lets a message with nothing confidential go unchanged, unchecked and unlogged', async () => {
    const { g, checks, events } = setup({});
    expect(await g.decide(roundcube({ _to: 'anyone@example.com', _subject: 'Lunch', _message: 'See you at noon in room 536.' }))).toEqual({ id: 'r1', action: 'send' });
    expect(checks).toEqual([]);
    expect(events).toEqual([]);
  });

  it('a reply that quotes an SSN masked earlier is still confidential: its recipients are checked and it carries the statement', async () => {
    const { g, checks, events } = setup({}, { answers: ['edit'] });
    const d = await g.decide(roundcube({ _to: 'someone@gmail.example.com', _message: 'Thanks.\n\n> Claimant SSN ***-*2-1874 called.' }));
    expect(d.action).toBe('block');
    expect(checks[0]).toMatchObject({ categories: ['personal'], recipients: ['someone@gmail.example.com'] });
    expect(events[0]).toMatchObject({ decision: 'blocked', reasons: ['not_in_registry'] });
  });

  it('asks about nine bare digits that could be an SSN: edit stops the send; "not an SSN" sends it as written, logged as warned', async () => {
    const edit = setup({}, { answers: ['edit'] });
    const text = 'Call back about 536221874 please.';
    expect(await edit.g.decide(roundcube({ _to: 'anyone@example.com', _message: text }))).toMatchObject({ action: 'block' });
    expect(edit.answered).toEqual(['suspected']);
    const send = setup({}, { answers: ['send'] });
    expect(await send.g.decide(roundcube({ _to: 'anyone@example.com', _message: text }))).toEqual({ id: 'r1', action: 'send' });
    expect(send.checks).toEqual([]);
    expect(send.events).toHaveLength(1);
    expect(send.events[0]).toMatchObject({ decision: 'warned', reasons: ['possible_identifier'], types: { ssn: 1 }, statementAdded: false });
    expect(JSON.stringify(send.events[0])).not.toContain('536221874');
  });

  it('masks a draft the client saves while staff type, and nothing more: no check, no statement, no record', async () => {
    const { g, checks, events } = setup({});
    const d = await g.decide(roundcube({ _draft: '1', _to: 'someone@gmail.example.com', _message: 'SSN 536-22-1874' }));
    expect(field(d, '_message')).toBe('SSN ***-*2-1874');
    expect(checks).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses an attachment the page never held (forwarded as an attachment), and takes one uploaded from the page', async () => {
    const { g, events } = setup({});
    const forwarded = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _attachments: 'rcmfile1733', _message: 'See the attached message.' }));
    expect(forwarded).toMatchObject({ action: 'block' });
    expect(events[0]).toMatchObject({ decision: 'blocked', reasons: ['attachment_not_inspected'], unchecked: 'blocked_before_check' });

    const csv = 'Name,SSN\nJane Q. Public,536-22-1874\n';
    const file = { name: 'claim.csv', type: 'text/csv', size: csv.length, data: toBase64(new TextEncoder().encode(csv)) };
    const upload = await g.decide({ id: 'u1', via: 'xhr', url: 'https://mail.jobs.example.gov/roundcube/?_task=mail&_action=upload&_id=composeabc&_uploadid=upload1&_remote=1', method: 'POST', fields: [{ name: '_token', value: 'tokenabcdef' }, { name: '_attachments[]', file }], form: 'multipart' });
    expect(upload).toMatchObject({ action: 'replace' });
    const sent = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _attachments: 'rcmfile1734', _message: 'See the attached list.' }));
    expect(sent).toMatchObject({ action: 'replace' });
    // The attachment held an SSN: the recipients were checked for it, and the statement went with it.
    expect(hasStatement(field(sent, '_message')!, STATEMENT)).toBe(true);
    expect(events.at(-1)).toMatchObject({ decision: 'allowed', statementAdded: true });
  });
});

describe('where the agency\'s mail gateway inspects what the server attaches', () => {
  it('lets a message forwarded as an attachment go, checked and masked as any, and says so in the log', async () => {
    const { g, events, checks } = setup({}, { mailGateway: true });
    const d = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _attachments: 'rcmfile1733', _message: 'Forwarding the claim of SSN 536-22-1874.' }));
    expect(field(d, '_message')).toContain('***-*2-1874');
    expect(checks).toHaveLength(1);
    expect(events[0]).toMatchObject({ decision: 'masked', reasons: ['attachment_to_gateway'] });
    const plain = await setup({}, { mailGateway: true });
    expect(await plain.g.decide(roundcube({ _to: 'anyone@example.com', _attachments: 'rcmfile1733', _message: 'FYI' }))).toEqual({ id: 'r1', action: 'send' });
    expect(plain.events[0]).toMatchObject({ decision: 'allowed', reasons: ['attachment_to_gateway'], unchecked: 'nothing_to_check' });
  });
});

describe('when the registry cannot be asked', () => {
  it('fails closed: nothing goes, the dialog says why, the refusal is logged', async () => {
    const { g, events, answered } = setup({}, { down: true });
    expect(await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _message: 'SSN 536-22-1874' }))).toMatchObject({ action: 'block' });
    expect(answered).toEqual(['unreachable']);
    expect(events[0]).toMatchObject({ decision: 'blocked', unchecked: 'proxy_unreachable', reasons: ['proxy_unreachable'] });
  });

  it('where the agency fails open: sent masked on staff\'s word, logged warned', async () => {
    const { g, events } = setup({}, { down: true, failMode: 'open', answers: ['send'] });
    const d = await g.decide(roundcube({ _to: 'pat.partner@wib.example.org', _message: 'SSN 536-22-1874' }));
    expect(field(d, '_message')).toMatch(/^SSN \*\*\*-\*2-1874\n\n/);
    expect(events[0]).toMatchObject({ decision: 'warned', unchecked: 'proxy_unreachable' });
  });
});

describe('a SnappyMail send (JSON)', () => {
  it("keeps the agency's digits in a bare JSON number, and adds the statement to what goes", async () => {
    const { g } = setup({ preset: 'snappymail' }, { keepSsn: 4 });
    const body = { Action: 'SendMessage', to: 'pat.partner@wib.example.org', subject: 'Claim', plain: 'Claimant SSN 536-22-1874', html: '', ssn: 536221874 };
    const d = await g.decide({ id: 'r1', via: 'fetch', url: 'https://mail.jobs.example.gov/?/Json/&q[]=/0/', method: 'POST', text: JSON.stringify(body) });
    const out = JSON.parse(d.action === 'replace' ? d.text! : '{}') as Record<string, string>;
    expect(out.plain).toMatch(/^Claimant SSN \*\*\*-\*\*-1874\n\nThe information contained/);
    expect(out.ssn).toBe('*****1874');
    expect(out.html).toBe('');
  });

  it('masks the plain and HTML bodies and the subject, adds the statement to both, and checks To, Cc and Bcc', async () => {
    const { g, checks } = setup({ preset: 'snappymail' });
    const body = {
      Action: 'SendMessage',
      identityID: 'main',
      to: 'Pat Partner <pat.partner@wib.example.org>',
      cc: '',
      bcc: 'robin.reader@wib.example.org',
      subject: 'SSN 536221874',
      plain: 'Claimant SSN 536-22-1874',
      html: '<div>Claimant SSN 536-22-1874</div>',
      attachments: {},
    };
    const d = await g.decide({ id: 'r1', via: 'fetch', url: 'https://mail.jobs.example.gov/?/Json/&q[]=/0/', method: 'POST', text: JSON.stringify(body) });
    expect(d.action).toBe('replace');
    const out = JSON.parse(d.action === 'replace' ? d.text! : '{}') as typeof body;
    expect(out.subject).toBe('SSN ****21874');
    expect(out.plain).toMatch(/^Claimant SSN \*\*\*-\*2-1874\n\nThe information contained/);
    expect(out.html).toMatch(/^<div>Claimant SSN \*\*\*-\*2-1874<\/div><p>The information contained/);
    expect(checks[0]!.recipients).toEqual(['pat.partner@wib.example.org', 'robin.reader@wib.example.org']);
  });

  it('refuses a send that attaches the files of a forwarded message (held by the server, never by the page)', async () => {
    const { g } = setup({ preset: 'snappymail' });
    const body = { Action: 'SendMessage', to: 'pat.partner@wib.example.org', subject: 'Fwd', plain: 'see below', html: '', attachments: { 'tmp-forwarded-1': { name: 'claim.pdf' } } };
    expect(await g.decide({ id: 'r1', via: 'fetch', url: 'https://mail.jobs.example.gov/?/Json/&q[]=/0/', method: 'POST', text: JSON.stringify(body) })).toMatchObject({ action: 'block' });
  });
});

describe('recipient fields as people type them', () => {
  it('reads display names, quotes with commas, comments, groups and semicolons', () => {
    expect(addressesIn('"Doe, Jane" <jane@x.gov>, bob@y.gov; Team: a@z.gov, b@z.gov; (desk) c@z.gov, BOB@y.gov')).toEqual(['jane@x.gov', 'bob@y.gov', 'a@z.gov', 'b@z.gov', 'c@z.gov']);
    expect(addressesIn('')).toEqual([]);
  });

  it('takes addresses out and keeps the rest as written', () => {
    expect(withoutAddresses('"Doe, Jane" <jane@x.gov>, bob@y.gov, Sam <sam@z.gov>', ['BOB@y.gov'])).toBe('"Doe, Jane" <jane@x.gov>, Sam <sam@z.gov>');
  });
});

describe('a webmail rule as IT writes it', () => {
  it('takes a preset, or the send request named field by field over it', () => {
    const { rules, invalid } = validateRules([
      { match: 'mail.agency.gov', adapter: 'Webmail', mode: 'enforce', preset: 'roundcube' },
      { match: 'webmail.agency.gov', adapter: 'webmail', mode: 'enforce', send: { when: ['op=send'], to: 'rcpt_to', body: 'text' } },
      { match: 'rc.agency.gov', adapter: 'webmail', mode: 'enforce', preset: 'roundcube', send: { to: 'recipients' } },
    ]);
    expect(invalid).toEqual([]);
    expect(rules.map((r) => [r.adapter, r.preset, r.send?.to])).toEqual([
      ['webmail', 'roundcube', undefined],
      ['webmail', undefined, 'rcpt_to'],
      ['webmail', 'roundcube', 'recipients'],
    ]);
  });

  it('guards a webmail rule that names no send request (or half of one) with the generic request guard, and says why', () => {
    const { rules, invalid } = validateRules([
      { match: 'mail.agency.gov', adapter: 'webmail', mode: 'enforce' },
      { match: 'zimbra.agency.gov', adapter: 'webmail', mode: 'warn', send: { when: ['op=send'] } },
      { match: 'sogo.agency.gov', adapter: 'webmail', mode: 'enforce', preset: 'sogo' },
    ]);
    expect(rules.map((r) => [r.match, r.adapter, r.mode])).toEqual([
      ['mail.agency.gov', 'form', 'enforce'],
      ['zimbra.agency.gov', 'form', 'warn'],
      ['sogo.agency.gov', 'form', 'enforce'],
    ]);
    expect(invalid.map((i) => i.code)).toEqual(['bad_send', 'bad_send', 'bad_send']);
    expect(invalid[0]!.reason).toMatch(/names a preset \(roundcube, snappymail\) or its send request.*generic request guard at enforce/);
  });
});
