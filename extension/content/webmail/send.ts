/**
 * A webmail's send, read from its request (site rule `adapter: "webmail"`): the recipients from the
 * fields the rule names (To, Cc and Bcc), each checked with the proxy as on Gmail, with the same
 * dialog and reasons; identifiers masked in the subject and the body; the statement added once in
 * the body's own format (text or HTML); attachments uploaded from the page counted in, and an
 * attachment the page never held (a message forwarded as an attachment, a file from the server's
 * storage) refused, since nothing here can inspect it. A draft the client saves while staff type
 * carries masked identifiers only: no check, no statement, no record (it stays in the sender's own
 * mailbox). A send that holds nothing confidential goes as it is.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { newId } from '../../../shared/ids';
import type { Finding, FindingType } from '../../../shared/detect/types';
import { categoriesOf } from '../../../shared/policy';
import type { Category } from '../../../shared/policy';
import { findMasked } from '../../../shared/mask';
import { hasStatement } from '../../../shared/statement';
import type { SendSpec } from '../../../shared/webmail';
import type { PageConfig, RecipientDecision, SendEvent } from '../../lib/messages';
import type { OutgoingRequest, RequestDecision, RequestFile } from '../../lib/request-events';
import { countsOfValues } from '../../lib/samples';
import { showDialog } from '../../ui/dialog';
import { recipientsRefusedDialog, reviewResultDialog, senderRefusedDialog, suspectedDialog, unreachableDialog, unverifiedDialog } from '../../ui/send-dialogs';
import type { FileVerdict } from '../file-inspect';
import { filesOf, jsonSafe, scanRequest } from '../request-scan';
import type { Scanned } from '../request-scan';
import type { Bridge } from '../send-types';
import { addressesIn, withoutAddresses } from './addresses';
import { countListed, holds, isSet, jsonBody, viewOf } from './request-view';

/** What a webmail request does, by the rule's conditions. */
export type WebmailRequestKind = 'send' | 'draft' | 'upload' | 'remove';

export function kindOf(req: OutgoingRequest, spec: SendSpec): WebmailRequestKind | undefined {
  const view = viewOf(req);
  if (holds(spec.draft, req, view)) return 'draft';
  if (holds(spec.when, req, view)) return 'send';
  if (holds(spec.upload, req, view)) return 'upload';
  if (holds(spec.remove, req, view)) return 'remove';
  return undefined;
}

/** The part of the request guard a webmail send uses. */
export interface WebmailHost {
  readonly doc: Document;
  readonly bridge: Pick<Bridge, 'checkRecipients' | 'logEvent' | 'findRelease' | 'requestReview'>;
  /** The record of a send that goes, logged once the page handed it to the browser. */
  whenSent(req: OutgoingRequest, event: SendEvent): Promise<void>;
  /** The record of a request: its site, identifiers and samples. */
  event(req: OutgoingRequest, config: PageConfig, findings: Finding[], scans: Scanned[], files?: FileVerdict[]): SendEvent;
  inspectFiles(parts: RequestFile[], config: PageConfig): Promise<FileVerdict[]>;
}

/** The reason code and the words of a send that attaches what the page never held. */
const NOT_HELD = 'attachment_not_inspected';

export class WebmailSends {
  /** Attachments uploaded from this page since it loaded, less those removed. */
  private uploaded = 0;
  /** What the attachments uploaded from this page held (the file and request guards say so). */
  private fileHolds: Partial<Record<FindingType, number>> = {};

  constructor(private readonly host: WebmailHost) {}

  /** An upload or a removal went: the page now holds one attachment more, or one less. */
  counted(kind: 'upload' | 'remove'): void {
    this.uploaded = Math.max(0, this.uploaded + (kind === 'upload' ? 1 : -1));
  }

  /** What a checked file held: the next send's recipients are checked for it. */
  fileTypes(types: Partial<Record<FindingType, number>>): void {
    for (const [t, n] of Object.entries(types)) this.fileHolds[t as FindingType] = Math.max(this.fileHolds[t as FindingType] ?? 0, n!);
  }

  /** A draft saved by the client: identifiers masked, nothing else. */
  draft(req: OutgoingRequest, config: PageConfig): RequestDecision {
    const scans = scanRequest(req, config.keepDigits);
    const texts = textsOf(req);
    const masked = scans.some((s, i) => s.masked !== texts[i]);
    return masked ? rebuilt(req, scans, new Map(), config) : { id: req.id, action: 'send' };
  }

  async send(req: OutgoingRequest, config: PageConfig, spec: SendSpec): Promise<RequestDecision> {
    const view = viewOf(req);
    const listed = spec.attachments ? countListed(view.raw(spec.attachments)) : 0;
    const parts = filesOf(req);
    const verdicts = parts.length ? await this.host.inspectFiles(parts, config) : [];
    const scans = scanRequest(req, config.keepDigits);
    const findings = scans.flatMap((s) => s.findings).filter((f) => f.confidence !== 'low');
    const suspected = countsOfValues(scans.flatMap((s) => s.findings).filter((f) => f.confidence === 'low'));
    const types = countsOfValues(findings);
    // Identifiers masked earlier (a reply quoting a masked SSN) still make it confidential, as on Gmail.
    const written = [spec.subject, spec.body, spec.htmlBody].flatMap((name) => (name ? [view.get(name) ?? ''] : []));
    const masked: Partial<Record<FindingType, number>> = {};
    for (const m of written.flatMap((t) => findMasked(t))) masked[m.type] = (masked[m.type] ?? 0) + 1;
    for (const source of [this.fileHolds, masked, ...verdicts.map((v) => v.types)]) for (const [t, n] of Object.entries(source)) types[t as FindingType] = (types[t as FindingType] ?? 0) + n!;
    const event = this.host.event(req, config, findings, scans, verdicts);
    const recipients = ['to', 'cc', 'bcc'].flatMap((k) => addressesIn(spec[k as 'to' | 'cc' | 'bcc'] ? view.get(spec[k as 'to' | 'cc' | 'bcc']!) : undefined));
    const asRecipients = (list: readonly string[]) => list.map((address) => ({ address }));

    // What the page never held cannot be inspected here: refused, whatever the message holds, unless
    // the agency's mail gateway inspects it on the way out.
    const serverAttached = listed > this.uploaded;
    if (serverAttached && !config.mailGateway) {
      const reason = 'it attaches something this page never held (a message forwarded as an attachment, or a file from the server), which cannot be inspected here';
      return this.refuse(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', recipients: asRecipients(recipients), reasons: [NOT_HELD] }, reason, types, [
        'Attach the file itself from this computer, or forward the message inline, so it can be checked.',
      ]);
    }
    const cannot = verdicts.find((v) => v.cannot);
    if (cannot || req.unreadable) {
      const reason = cannot ? `${cannot.label} cannot be inspected: ${cannot.cannot}` : `${req.unreadable} cannot be inspected`;
      return this.refuse(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', recipients: asRecipients(recipients), reasons: ['uninspectable_content'] }, reason, types);
    }
    if (Object.keys(types).length === 0) {
      const reasons = serverAttached ? ['attachment_to_gateway'] : [];
      // Nothing surer than a suspicion (nine bare digits that could be an SSN): staff are asked, as on Gmail.
      if (Object.keys(suspected).length) {
        const r = await showDialog(this.host.doc, suspectedDialog('email', suspected));
        if (r.action !== 'send') return block(req, 'staff chose to edit the message');
        await this.host.whenSent(req, { ...event, types: suspected, unchecked: 'nothing_to_check', recipients: asRecipients(recipients), decision: 'warned', reasons: [...reasons, 'possible_identifier'] });
      } else if (serverAttached) await this.host.whenSent(req, { ...event, unchecked: 'nothing_to_check', recipients: asRecipients(recipients), decision: 'allowed', reasons });
      return { id: req.id, action: 'send' };
    }

    // Masked, and the statement once, in the body's own format.
    const changes = new Map<string, string>();
    const maskedOf = maskedValues(req, scans, config);
    let statementAdded = false;
    const bodies = [spec.body, spec.htmlBody].filter((b): b is string => !!b && view.get(b) !== undefined);
    if (!hasStatement(bodies.map((b) => maskedOf(b) ?? '').join('\n'), config.statement)) {
      for (const b of bodies) {
        const html = b === spec.htmlBody || (spec.htmlFlag !== undefined && isSet(view.get(spec.htmlFlag)));
        const value = maskedOf(b) ?? '';
        if (b === spec.htmlBody && value === '' && spec.body) continue; // a text-only send leaves its empty HTML field empty
        changes.set(b, withStatement(value, config.statement, html));
        statementAdded = true;
      }
    }
    const identifiers = event.identifiers;
    const base: SendEvent = { ...event, types, statementAdded, channel: 'email', reasons: serverAttached ? ['attachment_to_gateway'] : [] };
    const hash = contentHash([spec.subject ? maskedOf(spec.subject) ?? '' : '', ...bodies.map((b) => changes.get(b) ?? maskedOf(b) ?? '')].join('\n'));
    const decided = (final: Map<string, string>) => rebuilt(req, scans, final, config);
    const hasIds = identifiers.length > 0;

    let list = recipients;
    // The client asks for a recipient itself when there is none.
    if (list.length === 0) {
      await this.host.whenSent(req, { ...base, unchecked: 'no_recipient', decision: hasIds ? 'masked' : 'allowed' });
      return this.sent(req, decided(changes));
    }
    const categories: Category[] = categoriesOf(Object.keys(types) as FindingType[], config.categoryOfType);
    for (;;) {
      const result = await this.host.bridge.checkRecipients('email', categories, list, identifiers);
      if (!result.ok) {
        if (config.failMode === 'open') {
          const r = await showDialog(this.host.doc, unverifiedDialog(result.message));
          if (r.action !== 'send') return block(req, 'not sent: the registry could not be checked');
          await this.host.whenSent(req, { ...base, unchecked: 'proxy_unreachable', recipients: asRecipients(list), decision: 'warned', reasons: ['proxy_unreachable'] });
          return this.sent(req, decided(changes));
        }
        await this.host.bridge.logEvent({ ...base, unchecked: 'proxy_unreachable', recipients: asRecipients(list), decision: 'blocked', reasons: ['proxy_unreachable'] });
        void showDialog(this.host.doc, unreachableDialog(result.message));
        return block(req, 'the registry could not be checked');
      }
      const basis = result.checkId ? { check: result.checkId, unchecked: undefined, identifiers: [] } : { unchecked: 'cached_decision' as const };
      const logged = asRecipients(result.decisions.map((d) => d.address));
      if (result.sender && !result.sender.authorized) {
        await this.host.bridge.logEvent({ ...base, ...basis, recipients: logged, decision: 'blocked', reasons: ['sender_not_authorized'] });
        void showDialog(this.host.doc, senderRefusedDialog('email', types, result.sender.reasons));
        return block(req, 'the sender may not send this data');
      }
      const refused = result.decisions.filter((d) => !d.authorized);
      if (refused.length === 0) {
        await this.host.whenSent(req, { ...base, ...basis, recipients: logged, decision: hasIds ? 'masked' : 'allowed' });
        return this.sent(req, decided(changes));
      }
      // An approved review releases this very message to these refused recipients, once.
      const redeemed = await this.host.bridge.findRelease(hash, refused.map((d) => d.address));
      if (redeemed.ok) {
        await this.host.whenSent(req, { ...base, ...basis, recipients: logged, decision: 'released', reviewId: redeemed.reviewId });
        return this.sent(req, decided(changes));
      }
      const blocked = { ...base, ...basis, recipients: logged, decision: 'blocked' as const, reasons: refused.flatMap((d) => d.reasons) };
      await this.host.bridge.logEvent(blocked);
      const r = await showDialog(this.host.doc, recipientsRefusedDialog('email', types, refused, redeemed.message));
      if (r.action === 'remove') {
        const drop = refused.map((d) => d.address);
        for (const k of ['to', 'cc', 'bcc'] as const) {
          const name = spec[k];
          const value = name ? view.get(name) : undefined;
          if (name && value !== undefined) changes.set(name, withoutAddresses(value, drop));
        }
        list = list.filter((a) => !drop.some((d) => d.toLowerCase() === a.toLowerCase()));
        if (list.length === 0) return block(req, 'every recipient was removed');
        continue;
      }
      if (r.action === 'review') return this.review(req, blocked, refused, r.justification, categories, hash);
      return block(req, 'a recipient may not receive it');
    }
  }

  private async review(req: OutgoingRequest, blocked: SendEvent, refused: RecipientDecision[], justification: string, categories: Category[], hash: string): Promise<RequestDecision> {
    const addresses = refused.map((d) => d.address);
    const review = await this.host.bridge.requestReview(blocked.id, justification, addresses, hash, this.host.doc.location?.host || 'unknown');
    if (review.ok) {
      // One check backs one event: the request for review is checked afresh (the refused recipients).
      const again = await this.host.bridge.checkRecipients('email', categories, addresses, blocked.identifiers);
      const basis = again.ok && again.checkId ? { check: again.checkId, unchecked: undefined, identifiers: [] } : { check: undefined, unchecked: again.ok ? ('cached_decision' as const) : ('proxy_unreachable' as const) };
      await this.host.bridge.logEvent({ ...blocked, ...basis, id: newId('evt'), recipients: addresses.map((address) => ({ address })), decision: 'review_requested', reasons: [], reviewId: review.reviewId });
    }
    void showDialog(this.host.doc, reviewResultDialog(review));
    return block(req, review.ok ? 'a supervisor was asked to review it' : 'a recipient may not receive it');
  }

  /** A send that goes: the attachments went with it, so the next one starts with none. */
  private sent(req: OutgoingRequest, d: RequestDecision): RequestDecision {
    this.fileHolds = {};
    this.uploaded = 0;
    return d.action === 'send' ? { id: req.id, action: 'send' } : d;
  }

  private async refuse(req: OutgoingRequest, event: SendEvent, reason: string, types: Partial<Record<FindingType, number>>, advice: string[] = []): Promise<RequestDecision> {
    await this.host.bridge.logEvent(event);
    const found = Object.keys(types).length > 0;
    void showDialog(this.host.doc, {
      name: 'request-blocked',
      title: 'Not sent: this message cannot be checked',
      body: [found ? `It holds confidential data, and ${reason}.` : `It was not sent: ${reason}.`, 'Nothing left the page.', ...advice],
      actions: [{ id: 'ok', label: 'OK', primary: true }],
      dismiss: 'ok',
    });
    return block(req, reason);
  }
}

function block(req: OutgoingRequest, reason: string): RequestDecision {
  return { id: req.id, action: 'block', reason };
}

function textsOf(req: OutgoingRequest): string[] {
  return req.fields ? req.fields.flatMap((f) => ('value' in f ? [f.value] : [])) : [req.text ?? ''];
}

/** The masked value of a named field (or JSON key) of the request. */
function maskedValues(req: OutgoingRequest, scans: Scanned[], config: PageConfig): (name: string) => string | undefined {
  if (req.fields) {
    const fields = req.fields.filter((f): f is { name: string; value: string } => 'value' in f);
    return (name) => {
      const i = fields.findIndex((f) => f.name === name);
      return i < 0 ? undefined : scans[i]!.masked;
    };
  }
  // As it goes out (rebuilt): the agency's digits kept, a bare JSON number masked as a string.
  const masked = jsonSafe(req.text ?? '', scans[0]!.masked, config.keepDigits);
  return (name) => viewOf({ ...req, text: masked }).get(name);
}

/** The request as it goes: every value masked, and the named fields changed. */
function rebuilt(req: OutgoingRequest, scans: Scanned[], changes: Map<string, string>, config: PageConfig): RequestDecision {
  if (req.fields) {
    let k = 0;
    const seen = new Set<string>();
    const fields = req.fields
      .filter((f): f is { name: string; value: string } => 'value' in f)
      .map((f) => {
        const masked = scans[k++]!.masked;
        const first = !seen.has(f.name);
        seen.add(f.name);
        return { name: f.name, value: first && changes.has(f.name) ? changes.get(f.name)! : masked };
      });
    return { id: req.id, action: 'replace', fields };
  }
  const masked = jsonSafe(req.text ?? '', scans[0]!.masked, config.keepDigits);
  const json = jsonBody({ text: masked });
  if (json) {
    for (const [path, value] of changes) setAt(json, path, value);
    return { id: req.id, action: 'replace', text: JSON.stringify(json) };
  }
  if (changes.size) {
    const params = new URLSearchParams(masked);
    for (const [name, value] of changes) params.set(name, value);
    return { id: req.id, action: 'replace', text: params.toString() };
  }
  return { id: req.id, action: 'replace', text: masked };
}

function setAt(obj: Record<string, unknown>, path: string, value: string): void {
  const keys = path.split('.');
  let v: Record<string, unknown> = obj;
  for (const key of keys.slice(0, -1)) {
    const next = v[key];
    if (!next || typeof next !== 'object') return;
    v = next as Record<string, unknown>;
  }
  v[keys[keys.length - 1]!] = value;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The body with the statement after it: a paragraph of its own in HTML (inside the body element), a paragraph in text. */
export function withStatement(body: string, statement: string, html: boolean): string {
  if (!html) return body.replace(/\s*$/, '') + (body.trim() ? '\n\n' : '') + statement;
  const p = `<p>${escapeHtml(statement)}</p>`;
  const end = body.search(/<\/body\s*>/i);
  return end >= 0 ? body.slice(0, end) + p + body.slice(end) : body + p;
}

/** SHA-256 of the message as it goes (subject and body masked, with the statement): what an approval releases. */
function contentHash(text: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}
