/**
 * The guard on the fixture pages (their own scripts running in happy-dom) with a recording bridge
 * in place of the background: what staff see while typing, and what happens on send.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Guard } from '../extension/content/guard';
import type { Bridge } from '../extension/content/guard';
import { setFieldValue } from '../extension/content/editors';
import type { CheckResult, PageConfig, SendEvent } from '../extension/lib/messages';
import { adapterFor } from '../extension/sites/index';
import { FILE_TYPES_EVENT } from '../extension/lib/request-events';
import { DEFAULT_POLICY } from '../shared/policy';
import type { SiteRule } from '../shared/policy';
import { CONFIDENTIALITY_STATEMENT } from '../shared/statement';
import { fixtureWindow, sentOf } from './helpers/fixture-dom';

const stops: AbortController[] = [];
afterEach(() => stops.splice(0).forEach((s) => s.abort()));

interface Recorder extends Bridge {
  requestedHash?: string;
  reviewState: 'pending' | 'approved' | 'denied' | 'breach';
  used: boolean;
  redeemed: Array<{ contentHash: string; recipients: string[] }>;
  events: SendEvent[];
  checks: Array<{ channel: string; categories: string[]; recipients: string[] }>;
  reviews: Array<{ eventId: string; justification: string; recipients: string[] }>;
}

function recorder(answer: (recipients: string[]) => CheckResult): Recorder {
  const r: Recorder = {
    reviewState: 'pending',
    used: false,
    redeemed: [],
    events: [],
    checks: [],
    reviews: [],
    async checkRecipients(channel, categories, recipients) {
      r.checks.push({ channel, categories, recipients });
      return answer(recipients);
    },
    async logEvent(e) {
      r.events.push(e);
    },
    async requestReview(eventId, justification, recipients, contentHash) {
      r.reviews.push({ eventId, justification, recipients });
      r.requestedHash = contentHash;
      return { ok: true, reviewId: 'review-1' };
    },
    async reviewStatus() {
      return { ok: true, status: r.reviewState, reason: 'ok', releaseExpiresAt: '2026-11-21T19:00:00Z', released: false };
    },
    async findRelease(contentHash, recipients) {
      r.redeemed.push({ contentHash, recipients });
      if (r.reviewState !== 'approved' || !r.requestedHash) return { ok: false };
      if (contentHash !== r.requestedHash) return { ok: false, message: 'the message changed since the review was requested' };
      if (r.used) return { ok: false, message: 'the approval was already used: it lets the message go once' };
      r.used = true;
      return { ok: true, reviewId: 'review-1' };
    },
  };
  return r;
}

const allow = (recipients: string[]): CheckResult => ({
  ok: true,
  cached: false,
  decisions: recipients.map((address) => ({ address, normalized: address, authorized: true, reasons: [] })),
});

const refuse = (who: string, reasons: string[]) => (recipients: string[]): CheckResult => ({
  ok: true,
  cached: false,
  decisions: recipients.map((address) =>
    address === who
      ? { address, normalized: address, authorized: false, reasons, name: 'Sue P Suspended' }
      : { address, normalized: address, authorized: true, reasons: [] },
  ),
});

const unreachable = (): CheckResult => ({ ok: false, reason: 'unreachable', message: 'The Disclosure Guard proxy cannot be reached.' });

function setup(fixture: string, rule: SiteRule, bridge: Recorder, failMode: 'closed' | 'open' = 'closed') {
  const window = fixtureWindow(fixture);
  const doc = window.document as unknown as Document;
  const config: PageConfig = {
    rule,
    userEmail: 'casey.staff@jobs.example.gov',
    failMode,
    statement: CONFIDENTIALITY_STATEMENT,
    keepDigits: DEFAULT_POLICY.keepDigits,
    categoryOfType: DEFAULT_POLICY.categoryOfType,
  };
  let n = 0;
  const guard = new Guard(doc, adapterFor(rule), config, bridge, () => `evt-test-${++n}`, 20);
  const stop = new AbortController();
  stops.push(stop);
  guard.start(stop.signal);
  return { window, doc, guard };
}

const GMAIL: SiteRule = { match: 'mail.google.com', adapter: 'gmail', mode: 'enforce' };

function typeInto(doc: Document, html: string) {
  const body = doc.querySelector('[aria-label="Message Body"]')!;
  body.insertAdjacentHTML('beforeend', html);
  body.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('input', { bubbles: true }));
}

function pressSend(doc: Document) {
  const send = doc.querySelector('[data-tooltip^="Send"]') as HTMLElement;
  const view = doc.defaultView as unknown as typeof globalThis;
  for (const type of ['mousedown', 'mouseup', 'click']) send.dispatchEvent(new view.MouseEvent(type, { bubbles: true, cancelable: true }));
}

function dialog(doc: Document, name: string) {
  const host = doc.querySelector(`disclosure-guard-ui[data-dialog="${name}"]`) as HTMLElement | null;
  return host?.shadowRoot ?? null;
}

async function until<T>(fn: () => T | null | undefined | false, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('while typing', () => {
  it('shows what was found (types and counts, never values) after a pause', async () => {
    const { doc } = setup('gmail.html', GMAIL, recorder(allow));
    typeInto(doc, '<div>SSN 123-45-6789 and 234-56-7890, DOB 01/02/1980</div>');
    const host = await until(() => doc.querySelector('disclosure-guard-ui[data-ui="notice"]'), 1000);
    expect(host.getAttribute('data-summary')).toBe('Social Security number ×2, date of birth');
    expect(host.shadowRoot!.textContent).not.toMatch(/123-45-6789|6789/);
  });

  it('hides the notice when the confidential data is gone', async () => {
    const { doc, guard } = setup('gmail.html', GMAIL, recorder(allow));
    typeInto(doc, '<div id="x">SSN 123-45-6789</div>');
    await until(() => doc.querySelector('disclosure-guard-ui[data-ui="notice"]'));
    doc.getElementById('x')!.remove();
    guard.showFindings(adapterFor(GMAIL).composes(doc)[0]!);
    expect(doc.querySelector('disclosure-guard-ui[data-ui="notice"]')).toBeNull();
  });
});

describe('on send (enforce)', () => {
  it('masks identifiers in place, adds the statement once, logs the event, and sends', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>Claimant Jane Q Public, SSN <b>123</b>-45-6789, gross wages $12,345.67</div>');
    pressSend(doc);
    expect(await guard.lastDecision).toBe('sent');
    const sent = sentOf(window);
    expect(sent).toHaveLength(1);
    const body = sent[0]!.body as string;
    expect(body).toContain('SSN ***-*5-6789');
    expect(body).not.toContain('123-45-6789');
    expect(body.split('strictly prohibited')).toHaveLength(2);
    expect(bridge.checks[0]).toEqual({
      channel: 'email',
      categories: ['personal', 'wage'],
      recipients: ['avery.partner@lwdb.example.org', 'sue.suspended@lwdb.example.org'],
    });
    expect(bridge.events).toHaveLength(1);
    expect(bridge.events[0]).toMatchObject({
      decision: 'masked',
      types: { ssn: 1, wage: 1 },
      maskedSamples: ['***-*5-6789'],
      identifiers: [{ type: 'ssn', value: '123-45-6789' }],
      statementAdded: true,
    });
    // Sending the same message again adds no second statement.
    pressSend(doc);
    await guard.lastDecision;
    expect((sentOf(window)[1]!.body as string).split('strictly prohibited')).toHaveLength(2);
  });

  it('lets a message with nothing confidential go untouched, unlogged and unchecked', () => {
    const bridge = recorder(allow);
    const { window, doc } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>See you at the job fair on 12/03/2026.</div>');
    pressSend(doc);
    expect(sentOf(window)).toHaveLength(1);
    expect(bridge.checks).toHaveLength(0);
    expect(bridge.events).toHaveLength(0);
  });

  it.each([['Enter'], [' ']])('catches a keyboard user pressing %j on the focused Send control', async (key) => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    const send = doc.querySelector('[data-tooltip^="Send"]') as HTMLElement;
    send.focus();
    send.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    // Held: the page's own keydown handler never saw it.
    expect(sentOf(window)).toHaveLength(0);
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)).toHaveLength(1);
    expect(JSON.stringify(sentOf(window)[0])).toContain('***-*5-6789');
    expect(JSON.stringify(sentOf(window)[0])).not.toContain('123-45-6789');
  });

  it('reads a pasted spreadsheet table with its cells apart, for the notice and for the send alike', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<table><tr><td>Name</td><td>SSN</td></tr><tr><td>Jane Q Public</td><td>536-22-1874</td></tr><tr><td>John R Roe</td><td>412-68-3390</td></tr></table>');
    pressSend(doc);
    expect(await guard.lastDecision).toBe('sent');
    const out = JSON.stringify(sentOf(window)[0]);
    expect(out).toContain('***-*2-1874');
    expect(out).toContain('***-*8-3390');
    expect(out).not.toMatch(/536-22-1874|412-68-3390/);
    expect(bridge.events[0]!.types).toMatchObject({ ssn: 2 });
  });

  it('catches Ctrl+Enter and Schedule send too', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    const body = doc.querySelector('[aria-label="Message Body"]')!;
    body.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    expect(sentOf(window)).toHaveLength(0);
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)).toHaveLength(1);
    typeInto(doc, '<div>ITIN 912-70-1234</div>');
    (doc.querySelector('[aria-label="More send options"]') as HTMLElement).click();
    (doc.querySelector('#send-menu [role="menuitem"]') as HTMLElement).click();
    await guard.lastDecision;
    expect(bridge.events.at(-1)!.types).toMatchObject({ itin: 1 });
  });

  it('asks about nine bare digits that could be an SSN (a suspicion): edit keeps the message, "not an SSN" sends it as it is, logged as warned', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>Please call back about 536221874 today.</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'suspected'));
    expect(root.textContent).toContain('could be a Social Security number');
    (root.querySelector('[data-action="edit"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('edit');
    expect(sentOf(window)).toHaveLength(0);
    pressSend(doc);
    (await until(() => dialog(doc, 'suspected')))!.querySelector<HTMLElement>('[data-action="send"]')!.click();
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)).toHaveLength(1);
    // Sent as written (never masked on a suspicion), no statement, no recipient check.
    expect(doc.querySelector('[aria-label="Message Body"]')!.textContent).toContain('536221874');
    expect(bridge.checks).toEqual([]);
    expect(bridge.events).toHaveLength(1);
    expect(bridge.events[0]).toMatchObject({ decision: 'warned', reasons: ['possible_identifier'], types: { ssn: 1 }, statementAdded: false, unchecked: 'nothing_to_check' });
  });

  it('blocks an unauthorized recipient: nothing reaches the page, the dialog says why in plain words', async () => {
    const bridge = recorder(refuse('sue.suspended@lwdb.example.org', ['suspended', 'category_not_permitted:wage']));
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789, wages $500</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'blocked'));
    expect(sentOf(window)).toHaveLength(0);
    expect(root.textContent).toContain('Sue P Suspended (sue.suspended@lwdb.example.org) has had their access suspended; may not receive wage data.');
    expect(bridge.events[0]).toMatchObject({ decision: 'blocked', reasons: ['suspended', 'category_not_permitted:wage'] });
    (root.querySelector('[data-action="edit"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('edit');
    expect(sentOf(window)).toHaveLength(0);
  });

  it('blocks a sender the registry refuses, says why in plain words, and sends the identifiers with the check', async () => {
    const bridge = recorder((recipients) => ({ ...allow(recipients), sender: { authorized: false, reasons: ['separated', 'training_expired'] } }) as CheckResult);
    const seen: unknown[] = [];
    const check = bridge.checkRecipients.bind(bridge);
    bridge.checkRecipients = async (channel, categories, recipients, identifiers) => {
      seen.push(identifiers);
      return check(channel, categories, recipients);
    };
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'sender-refused'));
    expect(sentOf(window)).toHaveLength(0);
    expect(root.textContent).toContain('has separated from their organization.');
    expect(root.textContent).toContain('has not retaken the confidentiality training this year.');
    expect(seen).toEqual([[{ type: 'ssn', value: '123-45-6789' }]]);
    expect(bridge.events[0]).toMatchObject({ decision: 'blocked', reasons: ['sender_not_authorized'] });
    (root.querySelector('[data-action="edit"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('blocked');
  });

  it('removes the refused recipients on request and sends to the rest', async () => {
    const bridge = recorder(refuse('sue.suspended@lwdb.example.org', ['suspended']));
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'blocked'));
    (root.querySelector('[data-action="remove"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)[0]!.recipients).toEqual(['avery.partner@lwdb.example.org']);
    expect(bridge.events.map((e) => e.decision)).toEqual(['blocked', 'masked']);
  });

  it('asks a supervisor only with a justification, and does not send', async () => {
    const bridge = recorder(refuse('sue.suspended@lwdb.example.org', ['suspended']));
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'blocked'));
    const review = root.querySelector('[data-action="review"]') as HTMLButtonElement;
    expect(review.disabled).toBe(true);
    const text = root.querySelector('textarea')!;
    text.value = 'Partner must finish the eligibility review today.';
    text.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('input'));
    expect(review.disabled).toBe(false);
    review.click();
    const done = await until(() => dialog(doc, 'review-requested'));
    (done.querySelector('[data-action="ok"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('review_requested');
    expect(bridge.reviews).toEqual([
      { eventId: bridge.events[0]!.id, justification: 'Partner must finish the eligibility review today.', recipients: ['sue.suspended@lwdb.example.org'] },
    ]);
    expect(bridge.events.map((e) => e.decision)).toEqual(['blocked', 'review_requested']);
    expect(bridge.events[1]!.reviewId).toBe('review-1');
    expect(sentOf(window)).toHaveLength(0);
  });

  it('fails closed when the proxy cannot be reached, and logs the attempt', async () => {
    const bridge = recorder(unreachable);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'unreachable'));
    expect(root.textContent).toMatch(/not sent until the recipients can be verified/);
    (root.querySelector('[data-action="edit"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('blocked');
    expect(sentOf(window)).toHaveLength(0);
    expect(bridge.events[0]).toMatchObject({ decision: 'blocked', reasons: ['proxy_unreachable'] });
  });

  it('fails open where the agency chose so: warns, logs, sends on confirmation', async () => {
    const bridge = recorder(unreachable);
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge, 'open');
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    const root = await until(() => dialog(doc, 'unverified'));
    (root.querySelector('[data-action="send"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)).toHaveLength(1);
    expect(bridge.events[0]).toMatchObject({ decision: 'warned', reasons: ['proxy_unreachable'] });
  });
});

/** Types an SSN, sends to the refused recipient, and asks for a supervisor review. */
async function askForReview(doc: Document, guard: Guard) {
  typeInto(doc, '<div>SSN 123-45-6789</div>');
  pressSend(doc);
  const root = await until(() => dialog(doc, 'blocked'));
  const text = root.querySelector('textarea')!;
  text.value = 'Sue covers the case this week.';
  text.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('input'));
  (root.querySelector('[data-action="review"]') as HTMLElement).click();
  (await until(() => dialog(doc, 'review-requested'))).querySelector<HTMLElement>('[data-action="ok"]')!.click();
  await guard.lastDecision;
}

describe('supervisor review', () => {
  it('shows the approval in place, sends the unchanged message once, and blocks it again after', async () => {
    const bridge = recorder(refuse('sue.suspended@lwdb.example.org', ['suspended']));
    const { window, doc, guard } = setup('gmail.html', GMAIL, bridge);
    await askForReview(doc, guard);
    expect(bridge.requestedHash).toMatch(/^[0-9a-f]{64}$/);

    bridge.reviewState = 'approved';
    const notice = await until(() => doc.querySelector('disclosure-guard-ui[data-review="approved"]'));
    expect(notice.shadowRoot!.textContent).toMatch(/approved this send/);

    pressSend(doc);
    expect(await guard.lastDecision).toBe('sent');
    expect(bridge.redeemed.at(-1)).toEqual({ contentHash: bridge.requestedHash, recipients: ['sue.suspended@lwdb.example.org'] });
    expect(sentOf(window)[0]!.recipients).toContain('sue.suspended@lwdb.example.org');
    expect(bridge.events.at(-1)).toMatchObject({ decision: 'released', reviewId: 'review-1' });

    pressSend(doc);
    const again = await until(() => dialog(doc, 'blocked'));
    expect(again.textContent).toMatch(/approval cannot be used: the approval was already used/);
    expect(sentOf(window)).toHaveLength(1);
  });

  it('says why an approval cannot be used (the message changed)', async () => {
    const bridge = recorder(refuse('sue.suspended@lwdb.example.org', ['suspended']));
    const { doc, guard } = setup('gmail.html', GMAIL, bridge);
    await askForReview(doc, guard);
    bridge.reviewState = 'approved';
    await until(() => doc.querySelector('disclosure-guard-ui[data-review="approved"]'));
    typeInto(doc, '<div>One more line.</div>');
    pressSend(doc);
    const again = await until(() => dialog(doc, 'blocked'));
    expect(again.textContent).toMatch(/approval cannot be used: the message changed since the review was requested/);
  });
});

describe('other modes', () => {
  it('audit: logs and lets the page send, changing nothing', () => {
    const bridge = recorder(allow);
    const { window, doc } = setup('gmail.html', { ...GMAIL, mode: 'audit' }, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    expect(sentOf(window)[0]!.body).toContain('123-45-6789');
    expect(bridge.events[0]!.decision).toBe('audited');
  });

  it('off: does nothing at all', () => {
    const bridge = recorder(allow);
    const { window, doc } = setup('gmail.html', { ...GMAIL, mode: 'off' }, bridge);
    typeInto(doc, '<div>SSN 123-45-6789</div>');
    pressSend(doc);
    expect(sentOf(window)).toHaveLength(1);
    expect(bridge.events).toHaveLength(0);
  });
});

describe('fax portal and web form', () => {
  it('fax: asks the sender to confirm the call, masks the cover note in the page state, adds the statement', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('fax-portal.html', { match: 'x', adapter: 'fax', mode: 'enforce' }, bridge);
    setFieldValue(doc.getElementById('recipientFax') as HTMLInputElement, '573-555-0100');
    setFieldValue(doc.getElementById('coverNote') as HTMLTextAreaElement, 'Wage records for Jane Q Public, SSN 123-45-6789.');
    (doc.querySelector('button[type="submit"]') as HTMLElement).click();
    const root = await until(() => dialog(doc, 'fax-confirm'));
    expect(sentOf(window)).toHaveLength(0);
    const send = root.querySelector('[data-action="send"]') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    const box = root.querySelector('input[type="checkbox"]') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('change'));
    send.click();
    expect(await guard.lastDecision).toBe('sent');
    const sent = sentOf(window)[0]!;
    expect(sent.coverNote).toMatch(/^Wage records for Jane Q Public, SSN \*\*\*-\*5-6789\.\n\nThe information contained/);
    expect(bridge.checks[0]).toMatchObject({ channel: 'fax', recipients: ['573-555-0100'] });
  });

  it('an attachment that held an SSN makes a clean cover note need an authorized recipient, and the statement', async () => {
    const bridge = recorder(refuse('573-555-0100', ['category_not_permitted:personal']));
    const { window, doc } = setup('fax-portal.html', { match: 'x', adapter: 'fax', mode: 'enforce' }, bridge);
    const view = doc.defaultView as unknown as typeof globalThis;
    // What the file guard says once it has checked (and masked) the chosen packet.
    doc.dispatchEvent(new view.CustomEvent(FILE_TYPES_EVENT, { detail: JSON.stringify({ ssn: 2, wage: 1 }) }));
    setFieldValue(doc.getElementById('recipientFax') as HTMLInputElement, '573-555-0100');
    setFieldValue(doc.getElementById('coverNote') as HTMLTextAreaElement, 'Claim packet attached.');
    (doc.querySelector('button[type="submit"]') as HTMLElement).click();
    const root = await until(() => dialog(doc, 'blocked'));
    expect(root.textContent).toContain('573-555-0100');
    expect(sentOf(window)).toHaveLength(0);
    expect(bridge.checks[0]).toMatchObject({ channel: 'fax', recipients: ['573-555-0100'], categories: ['personal', 'wage'] });
    expect(bridge.events.at(-1)).toMatchObject({ decision: 'blocked', types: { ssn: 2, wage: 1 } });
    // The statement went into the cover note although the note itself holds nothing confidential.
    expect((doc.getElementById('coverNote') as HTMLTextAreaElement).value).toContain('The information contained');
  });

  it('form: masks identifier fields in the page state; wages go only to an authorized organization', async () => {
    const bridge = recorder(allow);
    const rule: SiteRule = { match: 'x', adapter: 'form', mode: 'enforce', organization: 'Example County LWDB' };
    const { window, doc, guard } = setup('web-form.html', rule, bridge);
    setFieldValue(doc.getElementById('ssn') as HTMLInputElement, '123456789');
    setFieldValue(doc.getElementById('notes') as HTMLTextAreaElement, 'Quarterly wages 8,400.00');
    (doc.getElementById('referral') as HTMLFormElement).requestSubmit();
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)[0]).toMatchObject({ ssn: '****56789', notes: 'Quarterly wages 8,400.00' });
    expect(bridge.checks[0]).toEqual({ channel: 'form', categories: ['wage'], recipients: ['Example County LWDB'] });
  });

  it('form: blocks wages to a site with no authorized organization, after masking identifiers', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('web-form.html', { match: 'x', adapter: 'form', mode: 'enforce' }, bridge);
    setFieldValue(doc.getElementById('ssn') as HTMLInputElement, '123456789');
    setFieldValue(doc.getElementById('notes') as HTMLTextAreaElement, 'Quarterly wages 8,400.00');
    (doc.getElementById('referral') as HTMLFormElement).requestSubmit();
    const root = await until(() => dialog(doc, 'blocked'));
    (root.querySelector('[data-action="edit"]') as HTMLElement).click();
    expect(await guard.lastDecision).toBe('blocked');
    expect(sentOf(window)).toHaveLength(0);
    expect((doc.getElementById('ssn') as HTMLInputElement).value).toBe('****56789');
  });

  it('form: identifiers alone are masked and submitted without a recipient check', async () => {
    const bridge = recorder(allow);
    const { window, doc, guard } = setup('web-form.html', { match: 'x', adapter: 'form', mode: 'enforce' }, bridge);
    setFieldValue(doc.getElementById('ssn') as HTMLInputElement, '123-45-6789');
    (doc.getElementById('referral') as HTMLFormElement).requestSubmit();
    expect(await guard.lastDecision).toBe('sent');
    expect(sentOf(window)[0]!.ssn).toBe('***-*5-6789');
    expect(bridge.checks).toHaveLength(0);
    expect(bridge.events[0]!.decision).toBe('masked');
  });
});
