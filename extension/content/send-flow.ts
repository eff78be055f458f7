/**
 * The enforcement flow of one send, once the guard has stopped the gesture: in warn mode a
 * confirmation; in enforce mode identifiers masked in place, the confidentiality statement added
 * once, every recipient checked through the background, then the send let through or refused with
 * the reason (remove the recipients, ask a supervisor, or edit). One SendAttempt carries what the
 * flow found and did, for the log.
 */
import { isIdentifier } from '../../shared/detect/types';
import { fileTypesOf } from '../lib/request-events';
import type { FindingType } from '../../shared/detect/types';
import { categoriesOf } from '../../shared/policy';
import type { Category } from '../../shared/policy';
import { hasStatement } from '../../shared/statement';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { PageConfig, RecipientDecision, SendEvent } from '../lib/messages';
import { sendEvent } from '../lib/send-event';
import { loggedIdentifiers } from '../lib/samples';
import type { Compose, SiteAdapter } from '../sites/types';
import { showDialog } from '../ui/dialog';
import { faxCallDialog, formNotAuthorizedDialog, recipientsRefusedDialog, reviewResultDialog, senderRefusedDialog, suspectedDialog, unreachableDialog, unverifiedDialog, warnDialog } from '../ui/send-dialogs';
import type { Notice } from '../ui/notice';
import { appendStatementTo, maskEditor, textOf } from './editors';
import type { Bridge, Outcome } from './send-types';
import type { ReviewWatcher } from './review-watch';
import type { Scan } from './scan';

/**
 * One send in progress: the compose, what the scan found, and what the guard did to it so far.
 */
interface SendAttempt {
  compose: Compose;
  scan: Scan;
  /** Categories the recipients must be authorized for. */
  categories: Category[];
  /** Masked values, for the log. */
  samples: string[];
  /** Raw identifiers, for fingerprinting by the proxy (never stored). */
  identifiers: SendEvent['identifiers'];
  statementAdded: boolean;
}

export interface FlowParts {
  doc: Document;
  adapter: SiteAdapter;
  config: PageConfig;
  bridge: Bridge;
  newId: () => string;
  notice: Notice;
  reviews: ReviewWatcher;
}

export class SendFlow {
  private readonly doc: Document;
  private readonly adapter: SiteAdapter;
  private readonly config: PageConfig;
  private readonly bridge: Bridge;
  private readonly newId: () => string;
  private readonly notice: Notice;
  private readonly reviews: ReviewWatcher;
  /** True while the flow masks a field (its input events are the guard's own). */
  masking = false;
  /** True while the flow sends a compose again (that gesture is let through). */
  releasing = false;
  /**
   * What files attached on this page since the last send held (the file and request guards say so):
   * the next send's recipients are checked for it too, and it carries the statement.
   */
  private fileHolds: Partial<Record<FindingType, number>> = {};

  constructor(parts: FlowParts) {
    ({ doc: this.doc, adapter: this.adapter, config: this.config, bridge: this.bridge, newId: this.newId, notice: this.notice, reviews: this.reviews } = parts);
  }

  private get mode() {
    return this.config.rule?.mode ?? 'off';
  }

  onFileTypes(e: Event): void {
    for (const [t, n] of Object.entries(fileTypesOf(e))) this.fileHolds[t as FindingType] = Math.max(this.fileHolds[t as FindingType] ?? 0, n!);
  }

  /** The compose's scan with what its page's attached files hold. */
  withFiles(scan: Scan): Scan & { files: boolean } {
    const files = Object.keys(this.fileHolds).length > 0;
    if (!files) return { ...scan, files };
    const holds = { ...scan.holds };
    for (const [t, n] of Object.entries(this.fileHolds)) holds[t as FindingType] = (holds[t as FindingType] ?? 0) + n!;
    return { ...scan, holds, files };
  }

  /** Audit mode: the send goes as it is, logged. */
  audit(compose: Compose, scan: Scan): void {
    void this.log(attemptOf(compose, scan), 'audited', { unchecked: 'not_enforced' });
  }

  /**
   * A send that may hold an identifier and holds nothing surer (low confidence only): staff are
   * asked whether it is one; sent as it is on their word, logged as warned.
   */
  async confirmSuspected(compose: Compose, scan: Scan): Promise<Outcome> {
    const r = await showDialog(this.doc, suspectedDialog(this.adapter.channel, scan.suspected));
    if (r.action !== 'send') return 'edit';
    await this.log({ ...attemptOf(compose, scan), scan: { ...scan, holds: scan.suspected } }, 'warned', { unchecked: 'nothing_to_check', reasons: ['possible_identifier'] });
    return this.release(compose);
  }

  async decide(compose: Compose, scan: Scan): Promise<Outcome> {
    if (this.mode === 'warn') {
      const r = await showDialog(this.doc, warnDialog(scan.holds));
      if (r.action !== 'send') return 'edit';
      await this.log(attemptOf(compose, scan), 'warned', { unchecked: 'not_enforced' });
      return this.release(compose);
    }

    // Enforce: mask identifiers in place and add the statement once.
    const samples: string[] = [];
    const identifiers: SendEvent['identifiers'] = [];
    for (const { editor, findings } of scan.perEditor) {
      const ids = findings.filter((f) => f.confidence !== 'low' && isIdentifier(f.type));
      if (ids.length === 0) continue;
      const text = textOf(editor);
      this.masking = true;
      try {
        const masked = maskEditor(editor, ids, this.config.keepDigits);
        // In plain characters, as the proxy takes them (a number spelled in words is its digits; a
        // value split over boxes is one).
        const logged = loggedIdentifiers(ids.map((f, i) => ({ type: f.type as SendEvent['identifiers'][number]['type'], value: text.slice(f.start, f.end), masked: masked[i] ?? '', followingDigits: f.followingDigits })));
        identifiers.push(...logged.identifiers);
        samples.push(...logged.samples);
      } finally {
        this.masking = false;
      }
    }
    let statementAdded = false;
    const target = compose.statementEditor();
    if (target && !hasStatement(compose.editors().map(textOf).join('\n'), this.config.statement)) {
      appendStatementTo(target, this.config.statement);
      statementAdded = true;
    }
    this.notice.hide();

    const types = Object.keys(scan.holds) as FindingType[];
    // A web form's identifiers are masked; only what masking leaves needs an authorized receiver.
    const checked = this.adapter.channel === 'form' ? types.filter((t) => !isIdentifier(t)) : types;
    const categories = categoriesOf(checked, this.config.categoryOfType);
    const maskedDecision = identifiers.length ? 'masked' : 'allowed';
    const attempt: SendAttempt = { compose, scan, categories, samples, identifiers, statementAdded };
    if (categories.length === 0) {
      await this.log(attempt, maskedDecision, { unchecked: 'nothing_to_check' });
      return this.release(compose);
    }
    return this.checkAndSend(attempt);
  }

  private async checkAndSend(attempt: SendAttempt): Promise<Outcome> {
    const { compose, scan, categories, identifiers } = attempt;
    const recipients = compose.recipients();
    if (recipients.length === 0) {
      if (this.adapter.channel === 'form') {
        await this.log(attempt, 'blocked', { unchecked: 'no_recipient', reasons: ['no_authorized_organization'] });
        await showDialog(this.doc, formNotAuthorizedDialog(pick(scan.counts, categories, this.config)));
        return 'blocked';
      }
      return this.release(compose); // the site itself will ask for a recipient
    }

    const result = await this.bridge.checkRecipients(this.adapter.channel, categories, recipients, identifiers);
    if (!result.ok) return this.unreachable(attempt, result.message, recipients);
    // The event names the proxy's check (the proxy logs its own decision from it); a decision taken
    // on a cached answer, with no check behind it, says so.
    const basis: Basis = result.checkId ? { check: result.checkId } : { unchecked: 'cached_decision' };
    if (result.sender && !result.sender.authorized) {
      const list = recipients.map((address) => ({ address }));
      await this.log(attempt, 'blocked', { ...basis, recipients: list, reasons: ['sender_not_authorized'] });
      await showDialog(this.doc, senderRefusedDialog(this.adapter.channel, scan.holds, result.sender.reasons));
      return 'blocked';
    }

    const refused = result.decisions.filter((d) => !d.authorized);
    const logged = result.decisions.map((d) => ({ address: d.address }));
    if (refused.length === 0) {
      if (this.adapter.channel === 'fax') {
        const r = await showDialog(this.doc, faxCallDialog(result.decisions));
        if (r.action !== 'send') return 'edit';
      }
      await this.log(attempt, identifiers.length ? 'masked' : 'allowed', { ...basis, recipients: logged });
      return this.release(compose);
    }

    // An approved review releases this very message to these refused recipients, once; the
    // background remembers the reviews asked from this browser, so a reload or a reopened draft counts.
    let releaseProblem: string | undefined;
    const redeemed = await this.bridge.findRelease(await contentHash(compose), refused.map((d) => d.address));
    if (redeemed.ok) {
      this.reviews.delete(compose.root);
      this.notice.hide();
      await this.log(attempt, 'released', { ...basis, recipients: logged, reviewId: redeemed.reviewId });
      return this.release(compose);
    }
    if (redeemed.message) releaseProblem = redeemed.message;

    const eventId = await this.log(attempt, 'blocked', { ...basis, recipients: logged, reasons: refused.flatMap((d) => d.reasons) });
    return this.blocked(attempt, refused, eventId, releaseProblem);
  }

  private async blocked(attempt: SendAttempt, refused: RecipientDecision[], eventId: string, releaseProblem?: string): Promise<Outcome> {
    const { compose, scan } = attempt;
    const r = await showDialog(this.doc, recipientsRefusedDialog(this.adapter.channel, scan.holds, refused, releaseProblem));
    if (r.action === 'remove') {
      compose.removeRecipients(refused.map((d) => d.address));
      if (compose.recipients().length === 0) return 'edit';
      return this.checkAndSend(attempt);
    }
    if (r.action === 'review') {
      const refusedAddresses = refused.map((d) => d.address);
      const review = await this.bridge.requestReview(eventId, r.justification, refusedAddresses, await contentHash(compose), this.doc.location?.host || 'unknown');
      if (review.ok) {
        // One check backs one event: the request for review is checked afresh (the refused recipients).
        const again = await this.bridge.checkRecipients(this.adapter.channel, attempt.categories, refusedAddresses, attempt.identifiers);
        const basis: Basis = again.ok && again.checkId ? { check: again.checkId } : { unchecked: again.ok ? 'cached_decision' : 'proxy_unreachable' };
        await this.log(attempt, 'review_requested', { ...basis, recipients: refusedAddresses.map((address) => ({ address })), reviewId: review.reviewId });
        this.reviews.watch(compose, review.reviewId, refusedAddresses);
      }
      await showDialog(this.doc, reviewResultDialog(review));
      return review.ok ? 'review_requested' : 'blocked';
    }
    return 'edit';
  }

  private async unreachable(attempt: SendAttempt, message: string, recipients: string[]): Promise<Outcome> {
    const { compose } = attempt;
    const list = recipients.map((address) => ({ address }));
    if (this.config.failMode === 'open') {
      const r = await showDialog(this.doc, unverifiedDialog(message));
      if (r.action !== 'send') return 'edit';
      await this.log(attempt, 'warned', { unchecked: 'proxy_unreachable', recipients: list, reasons: ['proxy_unreachable'] });
      return this.release(compose);
    }
    await this.log(attempt, 'blocked', { unchecked: 'proxy_unreachable', recipients: list, reasons: ['proxy_unreachable'] });
    await showDialog(this.doc, unreachableDialog(message));
    return 'blocked';
  }

  private release(compose: Compose): Outcome {
    // The attachments went with this send; the next one starts with none.
    this.fileHolds = {};
    this.releasing = true;
    try {
      compose.send();
    } finally {
      this.releasing = false;
    }
    return 'sent';
  }

  private async log(
    attempt: SendAttempt,
    decision: SendEvent['decision'],
    { check, unchecked, recipients = [], reasons = [], reviewId }: Basis & { recipients?: SendEvent['recipients']; reasons?: string[]; reviewId?: string },
  ): Promise<string> {
    const { compose, scan, samples, identifiers, statementAdded } = attempt;
    const id = this.newId();
    const event = sendEvent({
      id,
      site: this.doc.location?.host || 'unknown',
      channel: this.adapter.channel,
      ...(check ? { check } : { unchecked: unchecked ?? 'no_recipient' }),
      recipients: recipients.length ? recipients : compose.recipients().map((address) => ({ address })),
      types: scan.holds,
      maskedSamples: samples,
      // The check carried the identifiers; an event without one keeps them for a check of identifiers alone.
      identifiers: check ? [] : identifiers,
      decision,
      reasons,
      statementAdded,
      ...(reviewId ? { reviewId } : {}),
    });
    await this.bridge.logEvent(event);
    return id;
  }
}

/** What a logged decision rests on: the proxy's check, or why there is none. */
type Basis = { check: string; unchecked?: undefined } | { check?: undefined; unchecked: SendEvent['unchecked'] };

/** SHA-256 of the message as it would go out (masked, with the statement): what an approval releases. */
async function contentHash(compose: Compose): Promise<string> {
  const text = compose.editors().map(textOf).join('\n');
  // Computed here, not with crypto.subtle: in Firefox a content script's digest never settles.
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}

/** The counts of the types that fall in `categories`. */
function pick(counts: Partial<Record<FindingType, number>>, categories: Category[], config: PageConfig) {
  const out: Partial<Record<FindingType, number>> = {};
  for (const [t, n] of Object.entries(counts)) if (categories.includes(config.categoryOfType[t as FindingType])) out[t as FindingType] = n;
  return out;
}

/** An attempt that changed nothing yet (audit and warn modes log it as it is). */
function attemptOf(compose: Compose, scan: Scan): SendAttempt {
  return { compose, scan, categories: [], samples: [], identifiers: [], statementAdded: false };
}
