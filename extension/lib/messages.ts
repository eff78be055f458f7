/**
 * Typed messages between the content script and the background service worker (the only caller of
 * the proxy). Named by direction.
 */
import type { FindingType } from '../../shared/detect/types';
import type { Category, Policy, SiteRule } from '../../shared/policy';
import type { Channel, Decision, Identifier, Unchecked } from '../../shared/schemas';

export type { Channel, Decision, Identifier };

export interface RecipientDecision {
  address: string;
  normalized: string | null;
  authorized: boolean;
  reasons: string[];
  name?: string;
  organization?: string;
}

/** What a content script needs to know about its page. */
export interface PageConfig {
  rule: SiteRule | undefined;
  userEmail: string;
  failMode: 'closed' | 'open';
  statement: string;
  keepDigits: Policy['keepDigits'];
  categoryOfType: Policy['categoryOfType'];
  /** The agency's mail gateway inspects what a webmail's server attaches (see Policy). */
  mailGateway?: boolean;
  /**
   * The site a frame's events are logged under when its rule is its top page's (a frame of another
   * origin with no rule of its own inside a guarded page): the top page's host.
   */
  site?: string;
}

/**
 * One send attempt, as logged. `check` names the proxy's recipient check the decision rests on (the
 * proxy logs its own decision from it); an event with none says why (`unchecked`). Raw identifiers
 * travel only with a check: an event with no check keeps them (in memory) for a check of identifiers
 * alone at delivery, so the proxy can fingerprint them.
 */
export interface SendEvent {
  id: string;
  occurredAt: string;
  site: string;
  channel: Channel;
  check?: string;
  unchecked?: Unchecked;
  recipients: Array<{ address: string; authorized?: boolean; reasons?: string[] }>;
  types: Partial<Record<FindingType, number>>;
  maskedSamples: string[];
  /** Sent once to the proxy, with a check, which keeps only their HMAC; empty once a check carried them. */
  identifiers: Identifier[];
  decision: Decision;
  reasons: string[];
  statementAdded: boolean;
  reviewId?: string;
  files?: FileFacts[];
}

/**
 * The port a guarded frame's request guard holds open to the background: each decided send's event
 * is held there (`hold`) until the hook says whether the request went (`settle`, with its final
 * decision). One still held when the frame goes away (the page closed first) is logged `not_sent`.
 */
export const SENDS_PORT = 'dg-sends';
export type SendsMessage = { type: 'hold'; event: SendEvent } | { type: 'settle'; event: SendEvent };

export type ContentToBackground =
  /** `generated`: a frame a page made (about:blank, srcdoc, Blob, data:), judged by its maker's address. */
  /**
   * `tabUrl` (the tab's top page) and `topFrame` are set by the background from the sender: a frame
   * with no rule of its own is judged by its top page's.
   */
  | { type: 'page-config'; url: string; generated?: boolean; tabUrl?: string; topFrame?: boolean }
  | { type: 'check-recipients'; channel: Channel; categories: Category[]; recipients: string[]; identifiers: SendEvent['identifiers'] }
  | { type: 'log-event'; event: SendEvent }
  | { type: 'request-review'; eventId: string; justification: string; recipients: string[]; contentHash: string; site: string }
  | { type: 'review-status'; reviewId: string }
  | { type: 'find-release'; contentHash: string; recipients: string[] }
  | { type: 'status' }
  | { type: 'inspect-file'; name?: string; data: string };

export type CheckResult =
  /** `checkId` names the proxy's answer (absent for a cached one): the event of this send names it. */
  | { ok: true; decisions: RecipientDecision[]; cached: boolean; checkId?: string; sender?: { authorized: boolean; reasons: string[] } }
  | { ok: false; reason: 'unreachable' | 'not_configured' | 'unauthorized_device' | 'error'; message: string };

export type ReviewResult = { ok: true; reviewId: string } | { ok: false; message: string };

export type ReviewStatus =
  | { ok: true; status: 'pending' | 'approved' | 'denied' | 'breach'; reason: string | null; releaseExpiresAt: string | null; released: boolean }
  | { ok: false; message: string };

/** `message` is absent when there is simply no approved review for this message. */
export type RedeemResult = { ok: true; reviewId: string } | { ok: false; message?: string };

/** A supervisor review asked from this browser (the popup lists them). Never the message itself. */
export interface AskedReview {
  reviewId: string;
  contentHash: string;
  recipients: string[];
  site: string;
  askedAt: string;
  status: 'pending' | 'approved' | 'denied' | 'breach' | 'used' | 'expired';
  reason: string | null;
}

export interface Status {
  connected: boolean;
  lastContactAt: string | null;
  lastError: string | null;
  proxyUrl: string;
  userEmail: string;
  policyVersion: string | null;
  queueLength: number;
  recent: RecentEvent[];
  reviews: AskedReview[];
  managed: string[];
  /** Site rules refused, with the reason and where they came from. */
  invalidRules: Array<{ source: 'managed' | 'local' | 'proxy'; index: number; rule: string; reason: string }>;
}

export interface RecentEvent {
  id: string;
  at: string;
  site: string;
  channel: Channel;
  decision: SendEvent['decision'];
  types: Partial<Record<FindingType, number>>;
  recipients: number;
  delivered: boolean;
}

export interface BackgroundReplies {
  'page-config': PageConfig;
  'check-recipients': CheckResult;
  'log-event': { queued: true };
  'request-review': ReviewResult;
  'review-status': ReviewStatus;
  'find-release': RedeemResult;
  status: Status;
  'inspect-file': RemoteFileResult;
}

/** What the proxy made of a file the extension cannot read itself (a PDF, a scan). */
export type RemoteFileResult =
  | { ok: true; data: string; mime: string; summary: RemoteFileSummary }
  | { ok: false; reason: 'cannot_inspect' | 'unreachable' | 'not_configured' | 'unauthorized_device' | 'error'; message: string };

export interface RemoteFileSummary {
  file: { type: string; size: number; pages?: number; ocrPages?: number };
  counts: Partial<Record<FindingType, number>>;
  masked: number;
  statementAdded: boolean;
}

/** A file in a send, as the disclosure log keeps it: never its content, never its name. */
export interface FileFacts {
  type: 'text' | 'csv' | 'docx' | 'xlsx' | 'pdf' | 'png' | 'jpeg' | 'tiff' | 'unknown';
  size: number;
  pages?: number;
  types: Partial<Record<FindingType, number>>;
  outcome: 'clean' | 'masked' | 'blocked' | 'uninspectable';
}
