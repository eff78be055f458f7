/**
 * POST /api/v1/disclosures: one send attempt into the tamper-evident log. The client's event id is
 * the idempotency key: a retry returns the stored event, a different event under the same id is 409.
 *
 * The proxy's decision is the record: an event names the recipient check the proxy answered (its
 * MAC'd check id), and the entry holds the proxy's own decision and reasons from that check beside
 * what the extension reports it did. The identifiers' fingerprints come from the check too; raw
 * identifiers are not accepted here. A report that contradicts its check (a refused recipient
 * reported as sent to, a recipient the check never saw, another device's or an expired check, a
 * forged id, one check for two events) is refused, counted and written to the chain. An event with
 * no check says why, and is logged as client-reported.
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { isIdentifier } from '../../shared/detect/types';
import type { FindingType } from '../../shared/detect/types';
import { plainText } from '../../shared/normalize';
import { DEFAULT_POLICY } from '../../shared/policy';
import type { Policy } from '../../shared/policy';
import { DisclosureRequestSchema } from '../../shared/schemas';
import type { Decision, DisclosureRequest } from '../../shared/schemas';
import type { AuditLog } from '../audit/log';
import { logDisclosure, proxyView } from '../audit/disclosure';
import type { DisclosureEvent } from '../audit/disclosure';
import type { Keys } from '../audit/keys';
import type { DeviceEnv } from '../http/auth';
import { senderOf } from '../http/auth';
import { MAX_VISIBLE, readCheckId } from '../http/check-id';
import type { CheckPayload } from '../http/check-id';
import { ApiError, readJson } from '../http/errors';
import { normalizeAddress } from '../registry/address';
import type { Store } from '../store/types';
import { gateStored } from '../http/stored-fields';
import { limit } from './limits';

/** Why a disclosure was refused against its check (the label of dg_disclosures_refused_total). */
export type Refusal =
  | 'check_forged'
  | 'check_expired'
  | 'check_not_yours'
  | 'check_mismatch'
  | 'check_reused'
  | 'recipient_not_checked'
  | 'contradicts_check'
  | 'unchecked_without_reason';

/** Reported outcomes that mean the send went out: each needs every recipient authorized. */
const WENT_OUT = new Set<Decision>(['allowed', 'masked', 'warned', 'audited']);

export interface DisclosureDeps {
  log: AuditLog;
  keys: Pick<Keys, 'keyedHash'>;
  store: Pick<Store, 'getReview'>;
  clock: { now(): Date };
  policy?: Policy;
  logger?: Logger;
  /** Called once per newly logged disclosure (metrics). */
  onLogged?: (decision: string, types: Record<string, number | undefined>) => void;
  /** Called once per disclosure refused against its check (metrics). */
  onRefused?: (why: Refusal) => void;
}

export function disclosureRoutes({ log, keys, store, clock, policy = DEFAULT_POLICY, logger, onLogged, onRefused }: DisclosureDeps) {
  return new Hono<DeviceEnv>().post('/disclosures', limit(256 * 1024), async (c) => {
    const req = await readJson(c, DisclosureRequestSchema);
    gateStored('disclosure', req);
    const sender = senderOf(c, req.sender);
    const device = c.get('device');
    const now = clock.now();

    /** Refused against its check: counted, written to the chain for security staff, and answered. */
    const refuse = (why: Refusal, status: 400 | 409, message: string, details?: unknown): never => {
      onRefused?.(why);
      log.record('disclosure.refused', { device: device.name, sender, clientEventId: req.id, decision: req.decision, why, ...(checkRef ? { checkId: checkRef } : {}) }, now.toISOString());
      logger?.warn({ device: device.name, why, clientEventId: req.id }, 'disclosure refused against its recipient check');
      throw new ApiError(status, why, message, details);
    };

    let checkRef: string | undefined;
    let check: CheckPayload | undefined;
    if (req.check) {
      const read = readCheckId(keys, req.check, now);
      if (!read.ok) {
        if (read.why === 'check_expired') refuse('check_expired', 409, 'the recipient check has expired (24 hours); check the recipients again');
        refuse('check_forged', 400, 'the check id was not issued by this proxy (its MAC does not hold)');
      } else {
        check = read.check;
        checkRef = check.id;
      }
    }
    if (check) {
      if (check.device !== device.id || check.person !== device.userEmail) refuse('check_not_yours', 409, 'the check id was issued to another device or person');
      if (check.channel !== req.channel) refuse('check_mismatch', 409, `the check was for the ${check.channel} channel, the event reports ${req.channel}`);
    }
    const checked = check !== undefined && check.recipients.length > 0;
    if (checked && req.unchecked) refuse('contradicts_check', 409, 'the event names a recipient check and also says it has none');
    if (!checked && !req.unchecked) {
      refuse('unchecked_without_reason', 400, 'an event without a recipient check must say why (unchecked); name the check id when recipients were checked');
    }
    refuseUnmaskedSamples(req, check);

    const recipients = checked ? await judged(req, check!, sender, policy, store, refuse) : req.recipients.map((r) => ({ address: r.address }));
    const proxyDecision = check ? proxyView(check, checked) : undefined;
    const event: DisclosureEvent = {
      clientEventId: req.id,
      occurredAt: req.occurredAt,
      device: device.name,
      sender,
      site: req.site.toLowerCase(),
      channel: req.channel,
      basis: checked ? 'checked' : 'client_reported',
      ...(proxyDecision ? { check: proxyDecision } : {}),
      ...(req.unchecked ? { unchecked: req.unchecked } : {}),
      recipients,
      types: req.types,
      maskedSamples: req.maskedSamples,
      fingerprints: (check?.identifiers ?? []).map((i) => ({ type: i.type, fingerprint: i.fingerprint })),
      decision: req.decision,
      reasons: req.reasons,
      statementAdded: req.statementAdded,
      ...(req.reviewId === undefined ? {} : { reviewId: req.reviewId }),
      ...(req.files === undefined ? {} : { files: req.files }),
    };
    const result = await logDisclosure(log, event, now.toISOString(), check?.id);
    if (result.status === 'conflict') {
      throw new ApiError(409, 'conflict', `event ${req.id} was already logged with different content`, { seq: result.seq });
    }
    if (result.status === 'check_reused') refuse('check_reused', 409, 'this recipient check already backs another event: one check, one event', { seq: result.seq });
    if (result.status === 'appended' || result.status === 'check_reused') throw new Error('unexpected append result');
    if (result.status === 'created') onLogged?.(req.decision, req.types);
    return c.json({ id: req.id, seq: result.seq, entryHash: result.head }, result.status === 'created' ? 201 : 200);
  });
}

/**
 * The reported recipients with the proxy's decision for each, once the report is found consistent
 * with the check: every recipient was checked, and a send that went out went only to recipients the
 * check authorized, for every category it held (or under a supervisor's release of this person).
 */
async function judged(
  req: DisclosureRequest,
  check: CheckPayload,
  sender: string,
  policy: Policy,
  store: Pick<Store, 'getReview'>,
  refuse: (why: Refusal, status: 400 | 409, message: string, details?: unknown) => never,
) {
  const keyOf = (address: string) => normalizeAddress(address, req.channel) ?? address.trim().toLowerCase();
  const byKey = new Map(check.recipients.map((r) => [r.normalized ?? r.address.trim().toLowerCase(), r]));
  const reported = req.recipients.length ? req.recipients : check.recipients;
  const out = reported.map((r, i) => {
    const found = byKey.get(keyOf(r.address));
    if (!found) refuse('recipient_not_checked', 409, 'a recipient of the event was not in its recipient check', [{ path: `recipients.${i}.address`, message: 'not in the check' }]);
    return { address: r.address, authorized: found!.authorized, reasons: found!.reasons };
  });
  const refused = out.filter((r) => !r.authorized);
  const wentOut = WENT_OUT.has(req.decision) || req.decision === 'released';
  if (!wentOut) return out;
  if (!check.sender.authorized) refuse('contradicts_check', 409, `the check found the sender not authorized, the event reports ${req.decision}`);
  // A channel's categories: identifiers on a web form are masked, only what masking leaves is checked.
  const uncovered = (Object.entries(req.types) as Array<[FindingType, number | undefined]>)
    .filter(([t, n]) => (n ?? 0) > 0 && !(req.channel === 'form' && isIdentifier(t)))
    .map(([t]) => policy.categoryOfType[t])
    .filter((cat) => !check.categories.includes(cat));
  if (uncovered.length) {
    refuse('contradicts_check', 409, `the event holds data of categories its check did not cover (${[...new Set(uncovered)].join(', ')})`);
  }
  if (refused.length === 0) return out;
  if (req.decision !== 'released') {
    refuse('contradicts_check', 409, `the check refused ${refused.length} recipient(s); the event reports ${req.decision}`, refused.map((r) => ({ address: r.address, reasons: r.reasons })));
  }
  // Released: a supervisor approved this person's request for these recipients, and it was redeemed.
  const review = req.reviewId ? await store.getReview(req.reviewId) : undefined;
  const released = new Set((review?.recipients ?? []).map(keyOf));
  const ok = review && review.requestedBy === sender && review.status === 'approved' && review.releaseRedeemedAt !== null && refused.every((r) => released.has(keyOf(r.address)));
  if (!ok) refuse('contradicts_check', 409, 'the check refused a recipient and no redeemed supervisor release of yours covers them');
  return out;
}

/** A sample's characters: mask stand-ins, separators and digits. */
const SAMPLE = /^[*xX•●#\s.\-\u2010-\u2015/0-9]+$/;

/**
 * Masked samples are checked against the identifiers the check bound (their last digits, never the
 * values): each shows at most the last five digits of one of them, and nothing before them, so no
 * two samples can add up to a number the proxy would otherwise never see. Without a check there is
 * nothing to compare with, and a sample may show no digit at all.
 */
function refuseUnmaskedSamples(req: DisclosureRequest, check: CheckPayload | undefined): void {
  const problems: Array<{ path: string; message: string }> = [];
  const tails = check?.identifiers ?? [];
  req.maskedSamples.forEach((s, i) => {
    const path = `maskedSamples.${i}`;
    const plain = plainText(s);
    const digits = plain.replace(/\D/g, '');
    if (digits.length === 0) return;
    const masked = SAMPLE.test(plain) && /^[^0-9]*[*xX•●#][^*xX•●#]*$/.test(plain) && digits.length <= MAX_VISIBLE;
    if (!masked) problems.push({ path, message: `${path} must be masked: mask characters first, then at most ${MAX_VISIBLE} visible digits` });
    else if (!tails.some((t) => t.digits > digits.length && t.tail.endsWith(digits))) {
      problems.push({ path, message: `${path} does not end like any identifier of this event's check; samples show only the last digits of one` });
    }
  });
  if (problems.length) throw new ApiError(400, 'raw_value', 'the event holds an unmasked identifier; nothing was stored', problems);
}
