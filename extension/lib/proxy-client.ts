/**
 * The background's client of the proxy: policy (ETag-cached), recipient checks (cached for the
 * policy's TTL, at most five minutes), disclosures and review requests. Every call has a timeout;
 * every failure says whether the proxy was unreachable or refused.
 */
import type { Category, Policy } from '../../shared/policy';
import { DEFAULT_POLICY, PolicySchema } from '../../shared/policy';
import { ruleProblemText } from '../../shared/rule-problems';
import type { RuleFallback, RuleProblem } from '../../shared/rule-problems';
import { toBase64 } from './base64';
import type { CheckResult, RecipientDecision, RedeemResult, RemoteFileResult, RemoteFileSummary, ReviewResult, ReviewStatus, SendEvent } from './messages';
import type { Delivery, KeyValue } from './queue';
import type { Settings } from './settings';

const TIMEOUT_MS = 4000;
const MAX_TTL_S = 300;

export interface Health {
  connected: boolean;
  lastContactAt: string | null;
  lastError: string | null;
}

export class ProxyClient {
  private readonly decisions = new Map<string, { decision: RecipientDecision; expires: number }>();
  readonly health: Health = { connected: false, lastContactAt: null, lastError: null };
  policy: Policy & { version?: string } = DEFAULT_POLICY;
  private etag: string | null = null;

  constructor(
    private readonly settings: () => Promise<Settings>,
    private readonly kv: KeyValue,
    private readonly onReconnect: () => void = () => {},
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
    private readonly now: () => number = () => Date.now(),
  ) {}

  private async call(path: string, init: RequestInit = {}, timeoutMs = TIMEOUT_MS): Promise<Response> {
    const s = await this.settings();
    if (!s.proxyUrl || !s.apiToken) throw new NotConfigured();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      // A multipart body sets its own content type (with the boundary).
      const type: Record<string, string> = init.body instanceof FormData ? {} : { 'content-type': 'application/json' };
      const res = await this.fetchImpl(new URL(path, s.proxyUrl).toString(), {
        ...init,
        signal: ctl.signal,
        headers: { authorization: `Bearer ${s.apiToken}`, ...type, ...(init.headers ?? {}) },
      });
      const wasDown = !this.health.connected;
      this.health.connected = res.status !== 401;
      this.health.lastContactAt = new Date(this.now()).toISOString();
      this.health.lastError = res.status === 401 ? 'the device token was refused' : null;
      if (wasDown && this.health.connected) this.onReconnect();
      return res;
    } catch (err) {
      this.health.connected = false;
      this.health.lastError = err instanceof NotConfigured ? 'not configured' : 'the proxy cannot be reached';
      throw err instanceof NotConfigured ? err : new Unreachable();
    } finally {
      clearTimeout(timer);
    }
  }

  private cachedLoad: Promise<void> | null = null;
  private firstRefresh: Promise<void> | null = null;

  /** The policy cached in storage.local, loaded once. */
  private loadCached(): Promise<void> {
    this.cachedLoad ??= (async () => {
      const cached = await this.kv.get<{ etag: string; policy: Policy & { version?: string } }>('dg.policy');
      if (cached && !this.etag) {
        this.etag = cached.etag;
        this.policy = cached.policy;
      }
    })();
    return this.cachedLoad;
  }

  /**
   * The policy pages are configured with: the cached copy at once; on a first start with no copy,
   * the proxy's first answer (waited for a moment), so its site rules apply to the first page.
   */
  async policyForPages(waitMs = 2500): Promise<Policy & { version?: string }> {
    await this.loadCached();
    if (!this.etag) {
      this.firstRefresh ??= this.refreshPolicy();
      await Promise.race([this.firstRefresh, new Promise((r) => setTimeout(r, waitMs))]);
    }
    return this.policy;
  }

  /** Loads the cached policy, then refreshes it (a 304 keeps the cached one). */
  async refreshPolicy(): Promise<void> {
    await this.loadCached();
    try {
      const res = await this.call('/api/v1/policy', { headers: this.etag ? { 'if-none-match': this.etag } : {} });
      if (res.status === 304) return;
      if (!res.ok) return;
      const body = await res.json();
      // Site rules are checked one by one where they are used (a bad one must not void the policy).
      const parsed = PolicySchema.safeParse({ ...body, sites: [] });
      if (!parsed.success) return;
      const sites = Array.isArray(body.sites) ? body.sites : [];
      this.policy = { ...parsed.data, sites, version: typeof body.version === 'string' ? body.version : undefined };
      this.etag = res.headers.get('etag');
      if (this.etag) await this.kv.set('dg.policy', { etag: this.etag, policy: this.policy });
    } catch {
      // Keep the cached policy; the defaults are the safe fallback.
    }
  }

  private ttlMs(): number {
    return Math.min(MAX_TTL_S, this.policy.decisionTtlSeconds) * 1000;
  }

  /**
   * Asks the proxy every time, so that a separation or suspension applies to the very next send.
   * A decision is kept for the policy's TTL (at most five minutes) and used only when the proxy
   * cannot be reached; with no fresh decision for every recipient, the answer is "unreachable".
   */
  /** `identifiers` go with the check (over the authenticated channel) so the proxy can recognise opted-out job seekers. */
  async checkRecipients(channel: string, categories: Category[], recipients: string[], identifiers: SendEvent['identifiers'] = []): Promise<CheckResult> {
    const key = (a: string) => `${channel}|${[...categories].sort().join(',')}|${a.trim().toLowerCase()}`;
    const cachedOrUnreachable = (): CheckResult => {
      const now = this.now();
      const fresh = recipients.map((a) => this.decisions.get(key(a))).map((c) => (c && c.expires > now ? c.decision : undefined));
      if (fresh.every((d) => d !== undefined)) return { ok: true, decisions: fresh as RecipientDecision[], cached: true };
      return { ok: false, reason: 'unreachable', message: 'The Disclosure Guard proxy cannot be reached.' };
    };
    let res: Response;
    try {
      res = await this.call('/api/v1/recipients/check', {
        method: 'POST',
        body: JSON.stringify({
          sender: (await this.settings()).userEmail || 'unknown@invalid',
          channel,
          categories,
          recipients: recipients.map((address) => ({ address })),
          identifiers: identifiers.slice(0, 1000),
        }),
      });
    } catch (err) {
      if (err instanceof NotConfigured) return { ok: false, reason: 'not_configured', message: 'Disclosure Guard is not configured (proxy URL and device token).' };
      return cachedOrUnreachable();
    }
    if (res.status === 401) return { ok: false, reason: 'unauthorized_device', message: 'The device token was refused by the proxy.' };
    if (res.status >= 500) return cachedOrUnreachable();
    if (res.status === 403) {
      return { ok: false, reason: 'error', message: 'The device token belongs to another person than the email set for this browser; ask IT for your own token.' };
    }
    if (res.status === 429) return { ok: false, reason: 'error', message: 'Too many recipient checks from this browser; wait a moment and send again.' };
    if (!res.ok) return { ok: false, reason: 'error', message: `The proxy answered ${res.status}.` };
    const body = (await res.json()) as { checkId?: string; decisions: RecipientDecision[]; sender?: { authorized: boolean; reasons: string[] } };
    const now = this.now();
    const expires = now + this.ttlMs();
    // Keep only decisions still young enough to use, so the cache cannot grow without bound.
    for (const [k, v] of this.decisions) if (v.expires <= now) this.decisions.delete(k);
    body.decisions.forEach((d, i) => this.decisions.set(key(recipients[i]!), { decision: d, expires }));
    return { ok: true, decisions: body.decisions, cached: false, ...(body.checkId ? { checkId: body.checkId } : {}), ...(body.sender ? { sender: body.sender } : {}) };
  }

  /**
   * Tells the proxy which site rules this browser could not use as written (a chain entry for IT): where
   * each came from, its place in its list, the problem's code and what guards its site instead. The
   * words sent are built from the code alone: nothing written in a rule leaves the browser.
   */
  async reportPolicyErrors(rules: Array<{ source: 'managed' | 'local' | 'proxy'; index: number; code: RuleProblem; fallback?: RuleFallback }>): Promise<boolean> {
    const sent = rules.slice(0, 50).map(({ source, index, code, fallback }) => ({ source, index, code, reason: ruleProblemText(code, fallback), ...(fallback ? { fallback: { adapter: fallback.adapter, mode: fallback.mode } } : {}) }));
    try {
      const res = await this.call('/api/v1/client-events', { method: 'POST', body: JSON.stringify({ kind: 'policy_error', rules: sent }) });
      return res.ok;
    } catch {
      return false;
    }
  }

  /**
   * One queued event to the proxy. An event that names no check but holds identifiers first gets a
   * check of those identifiers alone (kept per event, so a retry after a lost answer sends the very
   * same event); the identifiers themselves never go with the disclosure.
   */
  async deliver(event: SendEvent): Promise<Delivery> {
    const sender = (await this.settings()).userEmail || 'unknown@invalid';
    let check = event.check;
    if (!check && event.identifiers.length) {
      const kept = await this.identifierChecks();
      check = kept[event.id];
      if (!check) {
        const got = await this.checkIdentifiers(sender, event);
        if (got === 'retry') return 'retry';
        if (got) {
          check = got;
          await this.kv.set(IDENTIFIER_CHECKS, { ...(await this.identifierChecks()), [event.id]: got });
        }
      }
    }
    const unchecked = event.unchecked ?? (event.check ? undefined : 'queued_before_update');
    let outcome = await this.post(wireEvent(event, sender, check, unchecked));
    // Queued offline past its check's life: the proxy takes it as client-reported, saying so.
    if (outcome === 'check_expired') outcome = await this.post(wireEvent(event, sender, undefined, 'check_expired'));
    if (outcome === 'retry') return 'retry';
    if (event.identifiers.length) {
      const kept = await this.identifierChecks();
      if (event.id in kept) {
        delete kept[event.id];
        await this.kv.set(IDENTIFIER_CHECKS, kept);
      }
    }
    return outcome === 'delivered' ? 'delivered' : 'rejected';
  }

  private async identifierChecks(): Promise<Record<string, string>> {
    return (await this.kv.get<Record<string, string>>(IDENTIFIER_CHECKS)) ?? {};
  }

  /** A check of identifiers alone: their fingerprints bound to a check id; undefined when refused. */
  private async checkIdentifiers(sender: string, event: SendEvent): Promise<string | undefined | 'retry'> {
    let res: Response;
    try {
      res = await this.call('/api/v1/recipients/check', {
        method: 'POST',
        body: JSON.stringify({ sender, channel: event.channel, categories: [], recipients: [], identifiers: event.identifiers.slice(0, 1000) }),
      });
    } catch {
      return 'retry';
    }
    if (res.status === 429 || res.status >= 500) return 'retry';
    if (!res.ok) return undefined;
    return ((await res.json()) as { checkId?: string }).checkId;
  }

  private async post(body: unknown): Promise<'delivered' | 'rejected' | 'retry' | 'check_expired'> {
    let res: Response;
    try {
      res = await this.call('/api/v1/disclosures', { method: 'POST', body: JSON.stringify(body) });
    } catch {
      return 'retry';
    }
    if (res.status === 200 || res.status === 201) return 'delivered';
    if (res.status === 409) {
      const code = ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
      if (code === 'check_expired') return 'check_expired';
    }
    // 400/409: the proxy will never take this event as it is; keeping it would block the queue.
    if (res.status === 400 || res.status === 409 || res.status === 413) return 'rejected';
    return 'retry';
  }

  async requestReview(eventId: string, justification: string, recipients: string[], contentHash?: string): Promise<ReviewResult> {
    try {
      const res = await this.call('/api/v1/reviews', {
        method: 'POST',
        body: JSON.stringify({ eventId, sender: (await this.settings()).userEmail || 'unknown@invalid', justification, recipients, contentHash }),
      });
      const body = await res.json().catch(() => ({}));
      if (res.status === 201) return { ok: true, reviewId: body.reviewId };
      return { ok: false, message: body?.error?.message ?? `The proxy answered ${res.status}.` };
    } catch {
      return { ok: false, message: 'The Disclosure Guard proxy cannot be reached; try again when it is back.' };
    }
  }

  async reviewStatus(reviewId: string): Promise<ReviewStatus> {
    try {
      const res = await this.call(`/api/v1/reviews/${encodeURIComponent(reviewId)}`);
      const body = await res.json().catch(() => ({}));
      if (!res.ok) return { ok: false, message: body?.error?.message ?? `The proxy answered ${res.status}.` };
      return { ok: true, status: body.status, reason: body.reason ?? null, releaseExpiresAt: body.releaseExpiresAt ?? null, released: !!body.released };
    } catch {
      return { ok: false, message: 'The Disclosure Guard proxy cannot be reached.' };
    }
  }

  /** POST /api/v1/files/redact: the masked copy and a summary, or why the file cannot be inspected. */
  async redactFile(name: string | undefined, bytes: Uint8Array): Promise<RemoteFileResult> {
    const form = new FormData();
    form.append('file', new Blob([bytes as BlobPart]), name || 'file');
    let res: Response;
    try {
      res = await this.call('/api/v1/files/redact', { method: 'POST', body: form }, FILE_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof NotConfigured) return { ok: false, reason: 'not_configured', message: 'the extension is not connected to a Disclosure Guard proxy' };
      return { ok: false, reason: 'unreachable', message: 'the Disclosure Guard proxy that reads PDFs and scans cannot be reached' };
    }
    if (res.status === 401) return { ok: false, reason: 'unauthorized_device', message: 'the device token was refused' };
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      return { ok: false, reason: res.status === 422 ? 'cannot_inspect' : 'error', message: body?.error?.message ?? `the proxy answered ${res.status}` };
    }
    const summary = JSON.parse(res.headers.get('x-disclosure-guard-summary') ?? '{}') as RemoteFileSummary;
    return { ok: true, data: toBase64(new Uint8Array(await res.arrayBuffer())), mime: res.headers.get('content-type') ?? 'application/octet-stream', summary };
  }

  async redeemRelease(reviewId: string, contentHash: string, recipients: string[]): Promise<RedeemResult> {
    try {
      const res = await this.call('/api/v1/releases/redeem', { method: 'POST', body: JSON.stringify({ reviewId, contentHash, recipients }) });
      if (res.ok) return { ok: true, reviewId };
      const body = await res.json().catch(() => ({}));
      return { ok: false, message: body?.error?.message ?? `The proxy answered ${res.status}.` };
    } catch {
      return { ok: false, message: 'The Disclosure Guard proxy cannot be reached.' };
    }
  }
}

const IDENTIFIER_CHECKS = 'dg.identifierChecks';

/**
 * The disclosure as the proxy takes it: the report, the check id (or why there is none), and never a
 * raw identifier. Without a check there is nothing a sample's visible digits could be compared
 * with, so only samples that show no digit go.
 */
function wireEvent(event: SendEvent, sender: string, check: string | undefined, unchecked: SendEvent['unchecked']) {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    sender,
    site: event.site,
    channel: event.channel,
    ...(check ? { check } : {}),
    ...(unchecked && (!check || !event.check) ? { unchecked } : {}),
    recipients: event.recipients.map((r) => ({ address: r.address })),
    types: event.types,
    maskedSamples: check ? event.maskedSamples : event.maskedSamples.filter((s) => !/\d/.test(s)),
    decision: event.decision,
    reasons: event.reasons,
    statementAdded: event.statementAdded,
    ...(event.reviewId ? { reviewId: event.reviewId } : {}),
    ...(event.files ? { files: event.files } : {}),
  };
}

/** A file the extension cannot read itself can take a minute on the proxy (OCR of a long fax). */
const FILE_TIMEOUT_MS = 120_000;

class NotConfigured extends Error {}
class Unreachable extends Error {}
