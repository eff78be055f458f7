/**
 * The request guard: every body a page sends (fetch, XMLHttpRequest, beacons), in every frame,
 * decided where it leaves the page. Until the page's rule is known every request waits; past
 * CONFIG_WAIT_MS the fail mode decides. On an enforce site identifiers are masked inside the body
 * (JSON stays valid, form encodings kept); a web form's wages, benefits and birth dates go only to
 * the organization its rule names, if the registry authorizes it. A file in the body (a multipart
 * part, a binary Blob) is inspected like text and replaced by its masked copy; one that cannot be
 * inspected is blocked on an enforce site and warned on a warn site. Where the compose was already
 * masked in place, nothing is found and the request goes out unchanged. What it decides about a
 * body is in request-body.ts; this class holds the page's rule, hears the hook and logs the sends.
 */
import { addressIdentifiers, headerIdentifiers } from '../lib/address';
import type { AddressIdentifier } from '../lib/address';
import { countsOfValues, loggedIdentifiers } from '../lib/samples';
import { isIdentifier } from '../../shared/detect/index';
import type { Finding, FindingType } from '../../shared/detect/types';
import type { PageConfig, SendEvent } from '../lib/messages';
import { channelOf, ruleRecipients, sendEvent } from '../lib/send-event';
import { DECISION_EVENT, FILE_TYPES_EVENT, fileTypesOf, REQUEST_EVENT, SENT_EVENT } from '../lib/request-events';
import type { OutgoingRequest, RequestDecision } from '../lib/request-events';
import { safeFileName } from '../../shared/files/name';
import { fromBase64 } from '../lib/base64';
import { MAX_FILE_BYTES } from '../lib/request-events';
import type { RequestFile } from '../lib/request-events';
import { showDialog } from '../ui/dialog';
import { FileStatus } from '../ui/file-status';
import { inspectForSend } from './file-inspect';
import type { FileVerdict, RemoteInspect } from './file-inspect';
import { summarizeTypes } from '../ui/words';
import type { Bridge } from './send-types';
import { filesOf, scanRequest } from './request-scan';
import { sendSpecOf } from '../../shared/webmail';
import { kindOf, WebmailSends } from './webmail/send';
import { GUARD_READY, SCRIPT_SUBMIT } from '../sites/script-submit';
import { WebmailForms } from './webmail/forms';
import type { Scanned } from './request-scan';
import { decideBody, refuseUnreadable } from './request-body';
import type { Ruled } from './request-body';

export { MAX_INSPECTED } from './request-body';

/** How long a request may wait for the page's rule before the fail mode decides. */
export const CONFIG_WAIT_MS = 5_000;
/**
 * How long a decided send's event waits for the hook to say it was handed to the browser (it says so
 * at once; no word means the hook gave up waiting for the decision, or is gone): then it is `not_sent`.
 */
export const SENT_WAIT_MS = 30_000;

/**
 * Where the event of a send that goes (masked, allowed, warned, audited) waits until the hook says it
 * went: `hold` when decided, `settle` with its final decision. The background holds it and logs it
 * `not_sent` if the page closes first (entrypoints/request-guard.content); without it the event is
 * logged when settled.
 */
export interface HeldSends {
  hold(event: SendEvent): void;
  settle(event: SendEvent): void;
}

export class RequestGuard {
  private config: PageConfig | null | undefined;
  private ready!: Promise<PageConfig | null | 'timeout'>;

  readonly status: FileStatus;
  /** Events of decided sends, by request id, until the hook says whether each was handed to the browser. */
  private readonly awaiting = new Map<string, { events: SendEvent[]; timer: ReturnType<typeof setTimeout> }>();
  private readonly held: HeldSends;
  readonly bridge: Pick<Bridge, 'checkRecipients' | 'logEvent' | 'findRelease' | 'requestReview'>;
  /** A webmail's sends, read from its requests (rule `adapter: "webmail"`). */
  private readonly webmail: WebmailSends;

  constructor(
    readonly doc: Document,
    config: Promise<PageConfig | null>,
    bridge: Pick<Bridge, 'checkRecipients' | 'logEvent'> & Partial<Pick<Bridge, 'findRelease' | 'requestReview'>>,
    private readonly remote: RemoteInspect = async () => ({ ok: false, reason: 'not_configured', message: 'PDFs and scans are read by the proxy, which is not set up here' }),
    held?: HeldSends,
  ) {
    this.status = FileStatus.for(doc);
    this.bridge = {
      findRelease: async () => ({ ok: false }),
      requestReview: async () => ({ ok: false, message: 'a supervisor review cannot be asked from here' }),
      ...bridge,
    };
    this.held = held ?? { hold: () => undefined, settle: (e) => void bridge.logEvent(e) };
    this.webmail = new WebmailSends(this);
    this.reconfigure(config);
  }

  /**
   * What became of a decided request (the hook says so once it acted on the decision): its events
   * are logged as decided when it was handed to the browser, else as `not_sent`.
   */
  reported(id: string, sent: boolean): void {
    const waiting = this.awaiting.get(id);
    if (!waiting) return;
    this.awaiting.delete(id);
    clearTimeout(waiting.timer);
    for (const e of waiting.events) this.held.settle(sent ? e : { ...e, decision: 'not_sent', reasons: [...e.reasons, 'not_handed_over'] });
  }

  /** The event of a send that goes: logged once the hook says it went (a cookie write is done at once). */
  whenSent(req: OutgoingRequest, event: SendEvent): Promise<void> {
    if (req.via === 'cookie') return this.bridge.logEvent(event);
    this.held.hold(event);
    let waiting = this.awaiting.get(req.id);
    if (!waiting) {
      waiting = { events: [], timer: setTimeout(() => this.reported(req.id, false), SENT_WAIT_MS) };
      this.awaiting.set(req.id, waiting);
    }
    waiting.events.push(event);
    return Promise.resolve();
  }

  /**
   * The rule being read again (the page changed its address without loading): requests from now on
   * wait for it, as they do while a page loads.
   */
  reconfigure(config: Promise<PageConfig | null>): void {
    this.config = undefined;
    const ready: Promise<PageConfig | null | 'timeout'> = Promise.race([
      config.then((c) => {
        if (this.ready === ready) this.config = c;
        // A webmail's forms are this guard's: the page-world submit hook holds them until it is ready.
        if (c?.rule?.adapter === 'webmail' && c.rule.mode !== 'off') this.doc.dispatchEvent(new (this.doc.defaultView ?? window).CustomEvent(GUARD_READY));
        return c;
      }),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), CONFIG_WAIT_MS)),
    ]);
    this.ready = ready;
  }

  /** Listens from now on; call at document_start, before anything else runs. */
  start(signal: AbortSignal): void {
    this.doc.addEventListener(
      REQUEST_EVENT,
      (e) => {
        const raw = (e as CustomEvent<unknown>).detail;
        if (typeof raw !== 'string') return;
        const req = JSON.parse(raw) as OutgoingRequest;
        // A cookie write cannot wait: once the rule is known it is answered before the event returns.
        if (req.via === 'cookie' && this.config !== undefined) {
          this.answer(this.cookieDecision(req, this.config).decision);
          return;
        }
        void this.decide(req).then((d) => this.answer(d));
      },
      { capture: true, signal },
    );
    // A webmail's forms (Roundcube posts its compose form into a frame) are decided here as requests.
    const forms = new WebmailForms(this.doc, () => this.config?.rule, (req) => this.decide(req), (id) => this.reported(id, true));
    const win = this.doc.defaultView;
    for (const type of ['submit', SCRIPT_SUBMIT]) win?.addEventListener(type, (e) => forms.onSubmit(e), { capture: true, signal });
    // What a file checked on this page held: a webmail's next send is checked for it.
    this.doc.addEventListener(FILE_TYPES_EVENT, (e) => this.webmail.fileTypes(fileTypesOf(e)), { capture: true, signal });
    this.doc.addEventListener(
      SENT_EVENT,
      (e) => {
        const raw = (e as CustomEvent<unknown>).detail;
        if (typeof raw !== 'string') return;
        const r = JSON.parse(raw) as { id?: unknown; sent?: unknown };
        if (typeof r.id === 'string') this.reported(r.id, r.sent === true);
      },
      { capture: true, signal },
    );
  }

  private answer(d: RequestDecision): void {
    this.doc.dispatchEvent(new CustomEvent(DECISION_EVENT, { detail: JSON.stringify(d) }));
  }

  async decide(req: OutgoingRequest): Promise<RequestDecision> {
    const ready = await this.ready;
    const config = ready === 'timeout' ? this.config : ready;
    const parts = filesOf(req);
    if (ready === 'timeout' && config === undefined) {
      // The rule is still unknown: closed refuses what may hold an identifier, open lets it go.
      return scanRequest(req).some((s) => s.findings.length) || parts.length || headerIdentifiers(req.headers ?? []).length ? { id: req.id, action: 'block', reason: 'the page could not be checked in time' } : { id: req.id, action: 'send' };
    }
    if (!config?.rule || config.rule.mode === 'off') return { id: req.id, action: 'send' };
    if (req.via === 'cookie') {
      const { decision, logged } = this.cookieDecision(req, config);
      await logged;
      return decision;
    }
    // An identifier in the address ("/claimants/536-22-1874", "?ssn=536221874") or in a header
    // ("X-Claimant-SSN: 536221874", a JWT) cannot be masked in flight without breaking the
    // request: on an enforce site the request is refused.
    const unmaskable: Array<[AddressIdentifier[], string, string]> = [
      [addressIdentifiers(req.url), 'identifier_in_address', 'its web address holds it, where it cannot be masked'],
      [headerIdentifiers(req.headers ?? []), 'identifier_in_header', 'a request header holds it, where it cannot be masked'],
    ];
    for (const [found, code, why] of unmaskable) {
      const refused = this.refuseUnmaskable(req, config, found, code, why);
      await refused.logged;
      if (refused.decision) return refused.decision;
    }
    // A webmail's send, draft, upload and removal, by the requests its rule names.
    const spec = config.rule.adapter === 'webmail' && config.rule.mode === 'enforce' ? sendSpecOf(config.rule) : undefined;
    const kind = spec ? kindOf(req, spec) : undefined;
    if (kind === 'send' || kind === 'draft') {
      const refused = refuseUnreadable(this, req, config as Ruled);
      if (refused) return refused;
      return kind === 'send' ? this.webmail.send(req, config, spec!) : this.webmail.draft(req, config);
    }
    const d = await decideBody(this, req, config as Ruled);
    if ((kind === 'upload' || kind === 'remove') && d.action !== 'block') this.webmail.counted(kind);
    return d;
  }

  /** Every file part, read here or by the proxy, one after another (OCR is heavy enough one at a time). */
  async inspectFiles(parts: RequestFile[], config: PageConfig): Promise<FileVerdict[]> {
    const out: FileVerdict[] = [];
    for (const part of parts) {
      const label = safeFileName(part.name) || 'the file';
      if (part.data === undefined) {
        out.push({ label, facts: { type: 'unknown', size: part.size, types: {}, outcome: 'uninspectable' }, types: {}, masked: 0, cannot: `it is larger than ${MAX_FILE_BYTES >> 20} MB` });
        continue;
      }
      this.status.show(`Checking ${label} for confidential data…`, true);
      out.push(await inspectForSend(fromBase64(part.data), part.name, config.keepDigits, this.remote));
    }
    this.status.hide();
    return out;
  }

  /**
   * Identifiers where masking cannot reach (an address, a header, a cookie, an encoding): on an
   * enforce site the request is refused; elsewhere it goes, logged. The decision comes at once; the
   * event is logged beside it.
   */
  refuseUnmaskable(req: OutgoingRequest, config: PageConfig, found: AddressIdentifier[], code: string, why: string): { decision?: RequestDecision; logged: Promise<void> } {
    if (!found.length || !config.rule) return { logged: Promise.resolve() };
    const types = countsOfValues(found);
    const event = { ...this.event(req, config, [], []), types, identifiers: found.slice(0, 1000).map(({ type, value }) => ({ type, value })), maskedSamples: found.slice(0, 20).map((a) => a.masked.slice(0, 64)) };
    if (config.rule.mode === 'enforce') return this.refuse(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', reasons: [code] }, why, types);
    return { logged: this.whenSent(req, { ...event, unchecked: 'not_enforced', decision: config.rule.mode === 'warn' ? 'warned' : 'audited', reasons: [code] }) };
  }

  /** A `document.cookie` write: dropped on an enforce site when its value holds an identifier (a cookie goes with every request). */
  private cookieDecision(req: OutgoingRequest, config: PageConfig | null): { decision: RequestDecision; logged: Promise<void> } {
    const send = { decision: { id: req.id, action: 'send' } as RequestDecision, logged: Promise.resolve() };
    if (!config?.rule || config.rule.mode === 'off') return send;
    const r = this.refuseUnmaskable(req, config, headerIdentifiers(req.headers ?? []), 'identifier_in_cookie', 'a cookie would hold it, and a cookie goes with every request');
    return r.decision ? { decision: r.decision, logged: r.logged } : { ...send, logged: r.logged };
  }

  async block(req: OutgoingRequest, event: SendEvent, reason: string, counts: Partial<Record<FindingType, number>>): Promise<RequestDecision> {
    const { decision, logged } = this.refuse(req, event, reason, counts);
    await logged;
    return decision;
  }

  /** Refused: the dialog says why; the event is logged. */
  private refuse(req: OutgoingRequest, event: SendEvent, reason: string, counts: Partial<Record<FindingType, number>>): { decision: RequestDecision; logged: Promise<void> } {
    const logged = this.bridge.logEvent(event);
    const found = Object.keys(counts).length > 0;
    void showDialog(this.doc, {
      name: 'request-blocked',
      title: 'Not sent: this page tried to send confidential data',
      body: [
        found ? `It holds ${summarizeTypes(counts)}, and ${reason}.` : `It was not sent: ${reason}.`,
        'Nothing left the page. Remove the confidential data, or ask your supervisor to have the site set up.',
      ],
      actions: [{ id: 'ok', label: 'OK', primary: true }],
      dismiss: 'ok',
    });
    return { decision: { id: req.id, action: 'block', reason }, logged };
  }

  /** Every text part of the body with its findings and its masked form. */
  event(req: OutgoingRequest, config: PageConfig, findings: Finding[], scans: Scanned[], files: FileVerdict[] = []): SendEvent {
    const types = countsOfValues(findings);
    for (const v of files) for (const [t, n] of Object.entries(v.types)) types[t as FindingType] = (types[t as FindingType] ?? 0) + n!;
    const texts = req.fields ? req.fields.filter((f) => 'value' in f).map((f) => (f as { value: string }).value) : [req.text ?? ''];
    // In plain characters (digits kept as %XX or &#NN; would read as unmasked ones), a value split over boxes as one.
    const { identifiers, samples } = loggedIdentifiers(
      scans.flatMap((s, i) =>
        s.findings
          .filter((f) => f.confidence !== 'low' && isIdentifier(f.type))
          .map((f) => ({ type: f.type as SendEvent['identifiers'][number]['type'], value: texts[i]!.slice(f.start, f.end), masked: s.masked.slice(f.start, f.end), followingDigits: f.followingDigits })),
      ),
    );
    // A frame judged by its top page's rule is logged under the top page's site.
    let site = config.site ?? 'unknown';
    if (!config.site) {
      try {
        site = new URL(req.url).host || this.doc.location?.host || 'unknown';
      } catch {
        site = this.doc.location?.host || 'unknown';
      }
    }
    return sendEvent({
      site,
      channel: channelOf(config.rule),
      unchecked: 'no_recipient',
      recipients: ruleRecipients(config.rule),
      types,
      maskedSamples: samples,
      identifiers,
      decision: 'masked',
      files: files.map((v) => v.facts),
    });
  }
}

