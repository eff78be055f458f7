/**
 * The guard on one page: it watches what staff type in compose areas (debounced, never a page-wide
 * observer) and stops every send gesture in the capture phase, before the page sees it. On send it
 * masks identifiers in place, adds the confidentiality statement once, checks every recipient
 * through the background, and then lets the send through or explains why not.
 */
import { detect } from '../../shared/detect/index';
import type { Finding, FindingType } from '../../shared/detect/types';
import { categoriesOf } from '../../shared/policy';
import type { Category } from '../../shared/policy';
import { hasStatement } from '../../shared/statement';
import type { CheckResult, PageConfig, RecipientDecision, ReviewResult, SendEvent } from '../lib/messages';
import type { Compose, SiteAdapter } from '../sites/types';
import { CLICK_EVENTS, targetElement } from '../sites/types';
import { showDialog } from '../ui/dialog';
import { Notice } from '../ui/notice';
import { reasonText, summarizeTypes } from '../ui/words';
import { appendStatementTo, isField, maskEditor, textOf } from './editors';
import type { Editor } from './editors';

export interface Bridge {
  checkRecipients(channel: string, categories: Category[], recipients: string[]): Promise<CheckResult>;
  logEvent(event: SendEvent): Promise<void>;
  requestReview(eventId: string, justification: string, recipients: string[]): Promise<ReviewResult>;
}

export type Outcome = 'sent' | 'blocked' | 'edit' | 'review_requested' | 'passed';

const IDENTIFIERS = new Set<FindingType>(['ssn', 'itin', 'fein', 'routing_number', 'bank_account']);
/** Typing pauses this long before a scan (a 20 KB body scans in well under a millisecond). */
export const DEBOUNCE_MS = 250;

interface Scan {
  perEditor: Array<{ editor: Editor; findings: Finding[] }>;
  enforced: Finding[];
  counts: Partial<Record<FindingType, number>>;
}

export class Guard {
  private readonly notice: Notice;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = new WeakSet<Element>();
  private bypass = false;
  /** Resolves when the last send decision has been carried out (for tests and the popup). */
  lastDecision: Promise<Outcome> = Promise.resolve('passed');

  constructor(
    private readonly doc: Document,
    private readonly adapter: SiteAdapter,
    private readonly config: PageConfig,
    private readonly bridge: Bridge,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    this.notice = new Notice(doc);
  }

  /** Listens on the window in the capture phase, so the guard sees every gesture before the page. */
  start(signal: AbortSignal): void {
    const win = this.doc.defaultView!;
    const opts = { capture: true, signal };
    for (const type of ['input', 'paste']) win.addEventListener(type, (e) => this.onInput(e), opts);
    for (const type of [...CLICK_EVENTS, 'keydown', 'submit']) win.addEventListener(type, (e) => this.onGesture(e), opts);
    signal.addEventListener('abort', () => {
      clearTimeout(this.timer);
      this.notice.hide();
    });
  }

  private get mode() {
    return this.config.rule?.mode ?? 'off';
  }

  // ---- while typing ------------------------------------------------------------------------------

  private onInput(e: Event): void {
    const target = targetElement(e);
    if (this.mode === 'off' || !target) return;
    const compose = this.adapter.composeFor(target);
    if (!compose) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.showFindings(compose), DEBOUNCE_MS);
  }

  /** Scans one compose now and shows or hides the notice. */
  showFindings(compose: Compose): Scan {
    const t0 = performance.now();
    const scan = this.scan(compose, false);
    // A User Timing entry per scan: visible in DevTools and to the benchmark, never the text.
    performance.measure?.('disclosure-guard scan', { start: t0, end: performance.now() });
    if (scan.enforced.length === 0) {
      this.notice.hide();
      return scan;
    }
    const then =
      this.mode === 'enforce'
        ? this.adapter.channel === 'form'
          ? 'On submit: identifiers are masked, and other confidential data goes only to an authorized organization.'
          : 'On send: identifiers are masked to their last digits, the confidentiality statement is added, and every recipient is checked.'
        : this.mode === 'warn'
          ? 'You will be asked to confirm before sending.'
          : 'Sending is logged.';
    this.notice.show(compose.root, summarizeTypes(scan.counts), then);
    return scan;
  }

  /**
   * Detection over every editor of the compose. While typing (`exact` false) rich editors are read
   * with innerText, one native call; on send they are read node by node, so that every finding maps
   * back to the text nodes that hold it.
   */
  private scan(compose: Compose, exact = true): Scan {
    const perEditor = compose.editors().map((editor) => ({
      editor,
      findings: detect(exact || isField(editor.el) ? textOf(editor) : editor.el.innerText, { field: editor.field }),
    }));
    const enforced = perEditor.flatMap((p) => p.findings.filter((f) => f.confidence !== 'low'));
    const counts: Partial<Record<FindingType, number>> = {};
    for (const f of enforced) counts[f.type] = (counts[f.type] ?? 0) + 1;
    return { perEditor, enforced, counts };
  }

  // ---- on send -----------------------------------------------------------------------------------

  private onGesture(e: Event): void {
    if (this.bypass || this.mode === 'off') return;
    const compose = this.adapter.sendIntent(e);
    if (!compose) return;
    if (this.busy.has(compose.root)) {
      stop(e);
      if (e.type === 'click') this.pressed.delete(compose.root);
      return;
    }
    const scan = this.scan(compose);
    if (scan.enforced.length === 0) return; // nothing confidential: the page sends as usual
    if (this.mode === 'audit') {
      void this.log(compose, scan, 'audited', [], [], [], false);
      return;
    }
    stop(e);
    // A mouse click arrives as pointerdown, mousedown, pointerup, mouseup, click: decide once, on the
    // first; the click that ends the same press is swallowed. A keyboard "click" comes alone.
    if (e.type === 'pointerup' || e.type === 'mouseup') return;
    if (e.type === 'click' && this.pressed.delete(compose.root)) return;
    if (e.type === 'pointerdown' || e.type === 'mousedown') this.pressed.add(compose.root);
    this.busy.add(compose.root);
    this.lastDecision = this.decide(compose, scan).finally(() => this.busy.delete(compose.root));
  }

  /** Composes whose send press began (pointerdown/mousedown) and whose click is still to come. */
  private pressed = new WeakSet<Element>();

  private async decide(compose: Compose, scan: Scan): Promise<Outcome> {
    if (this.mode === 'warn') {
      const r = await showDialog(this.doc, {
        name: 'warn',
        title: 'This message holds confidential data',
        body: [`Found: ${summarizeTypes(scan.counts)}.`, 'Send it anyway?'],
        actions: [
          { id: 'edit', label: 'Edit message' },
          { id: 'send', label: 'Send anyway', primary: true },
        ],
        dismiss: 'edit',
      });
      if (r.action !== 'send') return 'edit';
      await this.log(compose, scan, 'warned', [], [], [], false);
      return this.release(compose);
    }

    // Enforce: mask identifiers in place and add the statement once.
    const samples: string[] = [];
    const identifiers: SendEvent['identifiers'] = [];
    for (const { editor, findings } of scan.perEditor) {
      const ids = findings.filter((f) => f.confidence !== 'low' && IDENTIFIERS.has(f.type));
      if (ids.length === 0) continue;
      const text = textOf(editor);
      for (const f of ids) identifiers.push({ type: f.type as SendEvent['identifiers'][number]['type'], value: text.slice(f.start, f.end) });
      samples.push(...maskEditor(editor, ids, this.config.keepDigits));
    }
    let statementAdded = false;
    const target = compose.statementEditor();
    if (target && !hasStatement(compose.editors().map(textOf).join('\n'), this.config.statement)) {
      appendStatementTo(target, this.config.statement);
      statementAdded = true;
    }
    this.notice.hide();

    const types = Object.keys(scan.counts) as FindingType[];
    // A web form's identifiers are masked; only what masking leaves needs an authorized receiver.
    const checked = this.adapter.channel === 'form' ? types.filter((t) => !IDENTIFIERS.has(t)) : types;
    const categories = categoriesOf(checked, this.config.categoryOfType);
    const maskedDecision = identifiers.length ? 'masked' : 'allowed';
    if (categories.length === 0) {
      await this.log(compose, scan, maskedDecision, [], samples, identifiers, statementAdded);
      return this.release(compose);
    }
    return this.checkAndSend(compose, scan, categories, samples, identifiers, statementAdded);
  }

  private async checkAndSend(
    compose: Compose,
    scan: Scan,
    categories: Category[],
    samples: string[],
    identifiers: SendEvent['identifiers'],
    statementAdded: boolean,
  ): Promise<Outcome> {
    const recipients = compose.recipients();
    if (recipients.length === 0) {
      if (this.adapter.channel === 'form') {
        const eventId = await this.log(compose, scan, 'blocked', [], samples, identifiers, statementAdded, ['no_authorized_organization']);
        void eventId;
        await showDialog(this.doc, {
          name: 'blocked',
          title: 'Not submitted',
          body: [
            `This form holds ${summarizeTypes(pick(scan.counts, categories, this.config))}, and this site is not set up as an authorized recipient of that data.`,
            'Identifiers were masked. Remove the other confidential data, or ask your supervisor to have the site added.',
          ],
          actions: [{ id: 'edit', label: 'Edit form', primary: true }],
          dismiss: 'edit',
        });
        return 'blocked';
      }
      return this.release(compose); // the site itself will ask for a recipient
    }

    const result = await this.bridge.checkRecipients(this.adapter.channel, categories, recipients);
    if (!result.ok) return this.unreachable(compose, scan, result.message, recipients, samples, identifiers, statementAdded);

    const refused = result.decisions.filter((d) => !d.authorized);
    const logged = result.decisions.map((d) => ({ address: d.address, authorized: d.authorized, reasons: d.reasons }));
    if (refused.length === 0) {
      if (this.adapter.channel === 'fax') {
        const r = await showDialog(this.doc, {
          name: 'fax-confirm',
          title: 'Before you fax',
          body: ['Policy requires you to call the recipient before faxing confidential data and to verify the fax number.'],
          list: result.decisions.map((d) => `${d.name ?? d.address} — ${d.normalized ?? d.address}`),
          checkbox: 'I called the recipient and verified the fax number.',
          actions: [
            { id: 'edit', label: 'Not yet' },
            { id: 'send', label: 'Send fax', primary: true, requires: 'checkbox' },
          ],
          dismiss: 'edit',
        });
        if (r.action !== 'send') return 'edit';
      }
      await this.log(compose, scan, identifiers.length ? 'masked' : 'allowed', logged, samples, identifiers, statementAdded);
      return this.release(compose);
    }

    const eventId = await this.log(compose, scan, 'blocked', logged, samples, identifiers, statementAdded, refused.flatMap((d) => d.reasons));
    return this.blocked(compose, scan, refused, eventId, categories, samples, identifiers, statementAdded);
  }

  private async blocked(
    compose: Compose,
    scan: Scan,
    refused: RecipientDecision[],
    eventId: string,
    categories: Category[],
    samples: string[],
    identifiers: SendEvent['identifiers'],
    statementAdded: boolean,
  ): Promise<Outcome> {
    const canRemove = this.adapter.channel !== 'form';
    const r = await showDialog(this.doc, {
      name: 'blocked',
      title: 'Not sent: a recipient may not receive this',
      body: [`This ${this.adapter.channel === 'fax' ? 'fax' : 'message'} holds ${summarizeTypes(scan.counts)}.`],
      list: refused.map((d) => `${d.name ? `${d.name} (${d.address})` : d.address} ${d.reasons.map(reasonText).join('; ')}.`),
      justification: 'Why must it go to them? (required to ask your supervisor)',
      actions: [
        ...(canRemove ? [{ id: 'remove', label: 'Remove these recipients' }] : []),
        { id: 'review', label: 'Request supervisor review', requires: 'justification' as const },
        { id: 'edit', label: 'Edit message', primary: true },
      ],
      dismiss: 'edit',
    });
    if (r.action === 'remove') {
      compose.removeRecipients(refused.map((d) => d.address));
      if (compose.recipients().length === 0) return 'edit';
      return this.checkAndSend(compose, scan, categories, samples, identifiers, statementAdded);
    }
    if (r.action === 'review') {
      const review = await this.bridge.requestReview(eventId, r.justification, refused.map((d) => d.address));
      if (review.ok) {
        await this.log(compose, scan, 'review_requested', refused.map((d) => ({ address: d.address, authorized: false, reasons: d.reasons })), samples, [], statementAdded, [], review.reviewId);
      }
      await showDialog(this.doc, {
        name: review.ok ? 'review-requested' : 'review-failed',
        title: review.ok ? 'Review requested' : 'The review could not be requested',
        body: review.ok
          ? ['Your supervisor has been asked to review this send. The message was not sent; it stays here until they decide.']
          : [review.message],
        actions: [{ id: 'ok', label: 'OK', primary: true }],
        dismiss: 'ok',
      });
      return review.ok ? 'review_requested' : 'blocked';
    }
    return 'edit';
  }

  private async unreachable(
    compose: Compose,
    scan: Scan,
    message: string,
    recipients: string[],
    samples: string[],
    identifiers: SendEvent['identifiers'],
    statementAdded: boolean,
  ): Promise<Outcome> {
    const list = recipients.map((address) => ({ address }));
    if (this.config.failMode === 'open') {
      const r = await showDialog(this.doc, {
        name: 'unverified',
        title: 'Recipients could not be checked',
        body: [message, 'Your agency allows sending anyway; the send will be logged.'],
        actions: [
          { id: 'edit', label: 'Edit message' },
          { id: 'send', label: 'Send anyway', primary: true },
        ],
        dismiss: 'edit',
      });
      if (r.action !== 'send') return 'edit';
      await this.log(compose, scan, 'warned', list, samples, identifiers, statementAdded, ['proxy_unreachable']);
      return this.release(compose);
    }
    await this.log(compose, scan, 'blocked', list, samples, identifiers, statementAdded, ['proxy_unreachable']);
    await showDialog(this.doc, {
      name: 'unreachable',
      title: 'Not sent: recipients could not be checked',
      body: [message, 'Confidential data is not sent until the recipients can be verified. Try again in a moment.'],
      actions: [{ id: 'edit', label: 'OK', primary: true }],
      dismiss: 'edit',
    });
    return 'blocked';
  }

  private release(compose: Compose): Outcome {
    this.bypass = true;
    try {
      compose.send();
    } finally {
      this.bypass = false;
    }
    return 'sent';
  }

  private async log(
    compose: Compose,
    scan: Scan,
    decision: SendEvent['decision'],
    recipients: SendEvent['recipients'],
    samples: string[],
    identifiers: SendEvent['identifiers'],
    statementAdded: boolean,
    reasons: string[] = [],
    reviewId?: string,
  ): Promise<string> {
    const id = this.newId();
    const event: SendEvent = {
      id,
      occurredAt: new Date().toISOString(),
      site: this.doc.location?.host || 'unknown',
      channel: this.adapter.channel,
      recipients: recipients.length ? recipients : compose.recipients().map((address) => ({ address })),
      types: scan.counts,
      maskedSamples: samples.slice(0, 20).map((s) => s.slice(0, 64)),
      identifiers: identifiers.slice(0, 1000),
      decision,
      reasons: [...new Set(reasons)].slice(0, 50),
      statementAdded,
      ...(reviewId ? { reviewId } : {}),
    };
    await this.bridge.logEvent(event);
    return id;
  }
}

function stop(e: Event): void {
  e.preventDefault();
  e.stopImmediatePropagation();
}

/** The counts of the types that fall in `categories`. */
function pick(counts: Partial<Record<FindingType, number>>, categories: Category[], config: PageConfig) {
  const out: Partial<Record<FindingType, number>> = {};
  for (const [t, n] of Object.entries(counts)) if (categories.includes(config.categoryOfType[t as FindingType])) out[t as FindingType] = n;
  return out;
}
