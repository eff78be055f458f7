/**
 * POST /api/v1/disclosures: one send attempt into the tamper-evident log. The client's event id is
 * the idempotency key: a retry returns the stored event, a different event under the same id is 409.
 * Raw identifiers are fingerprinted (HMAC) on arrival and dropped; nothing raw is stored.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { canonicalJson } from '../../shared/canonical';
import { DisclosureRequestSchema } from '../../shared/schemas';
import type { DisclosureRequest } from '../../shared/schemas';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import type { DeviceEnv } from '../auth';
import { plainText } from '../../shared/normalize';
import { senderOf } from '../auth';
import { ApiError, readJson } from '../errors';
import { gateStored } from '../stored-fields';
import { limit } from './limits';

export function disclosureRoutes({
  log,
  keys,
  clock,
  onLogged,
}: {
  log: AuditLog;
  keys: Pick<Keys, 'fingerprint'>;
  clock: { now(): Date };
  /** Called once per newly logged disclosure (metrics). */
  onLogged?: (decision: string, types: Record<string, number | undefined>) => void;
}) {
  return new Hono<DeviceEnv>().post('/disclosures', limit(256 * 1024), async (c) => {
    const req = await readJson(c, DisclosureRequestSchema);
    gateStored('disclosure', req);
    refuseUnmaskedSamples(req);
    const sender = senderOf(c, req.sender);
    const device = c.get('device').name;
    const fingerprints = req.identifiers.map((i) => ({ type: i.type, fingerprint: keys.fingerprint(i.type, i.value) }));
    const event = {
      clientEventId: req.id,
      occurredAt: req.occurredAt,
      device,
      sender,
      site: req.site.toLowerCase(),
      channel: req.channel,
      recipients: req.recipients,
      types: req.types,
      maskedSamples: req.maskedSamples,
      fingerprints,
      decision: req.decision,
      reasons: req.reasons,
      statementAdded: req.statementAdded,
      ...(req.reviewId === undefined ? {} : { reviewId: req.reviewId }),
      ...(req.files === undefined ? {} : { files: req.files }),
    };
    const requestHash = createHash('sha256').update(canonicalJson(event)).digest('hex');
    const result = await log.submit({
      op: 'disclosure',
      clientEventId: req.id,
      requestHash,
      at: clock.now().toISOString(),
      data: event,
      index: { device, sender, site: event.site, channel: req.channel, decision: req.decision, occurredAt: req.occurredAt },
      fingerprints: [...new Set(fingerprints.map((f) => f.fingerprint))],
    });
    if (result.status === 'conflict') {
      throw new ApiError(409, 'conflict', `event ${req.id} was already logged with different content`, { seq: result.seq });
    }
    if (result.status === 'appended') throw new Error('unexpected append result');
    if (result.status === 'created') onLogged?.(req.decision, req.types);
    return c.json({ id: req.id, seq: result.seq, entryHash: result.head }, result.status === 'created' ? 201 : 200);
  });
}

/** A sample's characters: mask stand-ins, separators and digits. */
const SAMPLE = /^[*xX•●#\s.\-\u2010-\u2015/0-9]+$/;
const MAX_VISIBLE = 5;

/**
 * Masked samples are checked together with the identifiers the event carries: each shows at most
 * the last five digits of one of them, and nothing before them, so no two samples can add up to a
 * number the proxy would otherwise never see.
 */
function refuseUnmaskedSamples(req: DisclosureRequest): void {
  const problems: Array<{ path: string; message: string }> = [];
  const tails = req.identifiers.map((i) => plainText(i.value).replace(/\D/g, ''));
  req.maskedSamples.forEach((s, i) => {
    const path = `maskedSamples.${i}`;
    const plain = plainText(s);
    const digits = plain.replace(/\D/g, '');
    if (digits.length === 0) return;
    const masked = SAMPLE.test(plain) && /^[^0-9]*[*xX•●#][^*xX•●#]*$/.test(plain) && digits.length <= MAX_VISIBLE;
    if (!masked) problems.push({ path, message: `${path} must be masked: mask characters first, then at most ${MAX_VISIBLE} visible digits` });
    else if (!tails.some((t) => t.length > digits.length && t.endsWith(digits))) {
      problems.push({ path, message: `${path} does not end like any identifier of this event; samples show only the last digits of one` });
    }
  });
  if (problems.length) throw new ApiError(400, 'raw_value', 'the event holds an unmasked identifier; nothing was stored', problems);
}
