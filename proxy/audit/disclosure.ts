/**
 * A send attempt as one `disclosure` chain entry: one builder for every channel that logs a send
 * (the browser's reports through POST /api/v1/disclosures, the mail gateway's messages), so an
 * entry reads the same whoever wrote it. The client event id is the idempotency key: the same
 * event logged twice is one entry.
 */
import type { FindingType } from '../../shared/detect/types';
import type { Channel, Decision, DisclosureRequest, Unchecked } from '../../shared/schemas';
import type { CheckPayload } from '../http/check-id';
import type { WriteResult } from '../store/types';
import type { AuditLog } from './log';

export interface DisclosureEvent {
  clientEventId: string;
  occurredAt: string;
  /** The device token's name, or the channel that saw the send (the mail gateway). */
  device: string;
  sender: string;
  site: string;
  channel: Channel;
  /**
   * `checked`: a client's report, backed by the proxy's recipient check; `client_reported`: the client
   * says what happened; `gateway`: the proxy's mail gateway saw and decided the message itself.
   */
  basis: 'checked' | 'client_reported' | 'gateway';
  /** The proxy's own decision (proxyView). */
  check?: ReturnType<typeof proxyView>;
  unchecked?: Unchecked;
  recipients: Array<{ address: string; authorized?: boolean; reasons?: string[] }>;
  types: Partial<Record<FindingType, number>>;
  maskedSamples: string[];
  /** Keyed HMAC fingerprints of the identifiers, never the values. */
  fingerprints: Array<{ type: string; fingerprint: string }>;
  decision: Decision;
  reasons: string[];
  statementAdded: boolean;
  reviewId?: string;
  files?: NonNullable<DisclosureRequest['files']>;
}

/** The proxy's own decision from a recipient check, as the entry keeps it beside the reported one. */
export function proxyView(check: CheckPayload, checked: boolean) {
  if (!checked) return { id: check.id, at: check.at, identifiersOnly: true };
  const refused = check.recipients.filter((r) => !r.authorized);
  const authorized = check.sender.authorized && refused.length === 0;
  const reasons = [...new Set([...(check.sender.authorized ? [] : ['sender_not_authorized']), ...refused.flatMap((r) => r.reasons)])];
  return { id: check.id, at: check.at, categories: check.categories, decision: authorized ? 'authorized' : 'refused', reasons, senderAuthorized: check.sender.authorized };
}

/** The entry's data, its fields in one order (a retry's content is compared by its hash). */
export function disclosureData(e: DisclosureEvent): Record<string, unknown> {
  return {
    clientEventId: e.clientEventId,
    occurredAt: e.occurredAt,
    device: e.device,
    sender: e.sender,
    site: e.site,
    channel: e.channel,
    basis: e.basis,
    ...(e.check ? { check: e.check } : {}),
    ...(e.unchecked ? { unchecked: e.unchecked } : {}),
    recipients: e.recipients,
    types: e.types,
    maskedSamples: e.maskedSamples,
    fingerprints: e.fingerprints,
    decision: e.decision,
    reasons: e.reasons,
    statementAdded: e.statementAdded,
    ...(e.reviewId === undefined ? {} : { reviewId: e.reviewId }),
    ...(e.files === undefined ? {} : { files: e.files }),
  };
}

/** Writes the event (durably, group-committed); a check backs one event at most. */
export function logDisclosure(log: AuditLog, e: DisclosureEvent, at: string, checkId?: string): Promise<WriteResult> {
  return log.submit({ op: 'disclosure', clientEventId: e.clientEventId, at, data: disclosureData(e), ...(checkId ? { checkId } : {}) });
}
