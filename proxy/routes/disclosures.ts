/**
 * POST /api/v1/disclosures: one send attempt into the tamper-evident log. The client's event id is
 * the idempotency key: a retry returns the stored event, a different event under the same id is 409.
 * Raw identifiers are fingerprinted (HMAC) on arrival and dropped; nothing raw is stored.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { canonicalJson } from '../../shared/canonical';
import { detect } from '../../shared/detect/index';
import { DisclosureRequestSchema } from '../../shared/schemas';
import type { DisclosureRequest } from '../../shared/schemas';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import type { DeviceEnv } from '../auth';
import { ApiError, readJson } from '../errors';
import { normalizeEmail } from '../registry/address';
import { limit } from './limits';

export function disclosureRoutes({ log, keys, clock }: { log: AuditLog; keys: Pick<Keys, 'fingerprint'>; clock: { now(): Date } }) {
  return new Hono<DeviceEnv>().post('/disclosures', limit(256 * 1024), async (c) => {
    const req = await readJson(c, DisclosureRequestSchema);
    refuseRawValues(req);
    const sender = normalizeEmail(req.sender);
    if (!sender) throw new ApiError(400, 'invalid_body', 'sender is not an email address', [{ path: 'sender', message: 'not an email address' }]);
    const device = c.get('device').name;
    const fingerprints = req.identifiers.map((i) => ({ type: i.type, fingerprint: keys.fingerprint(i.type, i.value) }));
    const event = {
      clientEventId: req.id,
      occurredAt: req.occurredAt,
      device,
      sender,
      site: req.site,
      channel: req.channel,
      recipients: req.recipients,
      types: req.types,
      maskedSamples: req.maskedSamples,
      fingerprints,
      decision: req.decision,
      reasons: req.reasons,
      statementAdded: req.statementAdded,
      ...(req.reviewId === undefined ? {} : { reviewId: req.reviewId }),
    };
    const requestHash = createHash('sha256').update(canonicalJson(event)).digest('hex');
    const result = await log.submit({
      op: 'disclosure',
      clientEventId: req.id,
      requestHash,
      at: clock.now().toISOString(),
      data: event,
      index: { device, sender, site: req.site, channel: req.channel, decision: req.decision, occurredAt: req.occurredAt },
      fingerprints: [...new Set(fingerprints.map((f) => f.fingerprint))],
    });
    if (result.status === 'conflict') {
      throw new ApiError(409, 'conflict', `event ${req.id} was already logged with different content`, { seq: result.seq });
    }
    if (result.status === 'appended') throw new Error('unexpected append result');
    return c.json({ id: req.id, seq: result.seq, entryHash: result.head }, result.status === 'created' ? 201 : 200);
  });
}

/** Masked samples keep at most five digits and show the mask; reasons carry no identifier. */
function refuseRawValues(req: DisclosureRequest): void {
  const problems: Array<{ path: string; message: string }> = [];
  req.maskedSamples.forEach((s, i) => {
    const digits = s.replace(/\D/g, '').length;
    if (digits > 5 || (digits > 0 && !s.includes('*')) || hasIdentifier(s)) {
      problems.push({ path: `maskedSamples.${i}`, message: 'a masked sample must be masked (at most five visible digits)' });
    }
  });
  req.reasons.forEach((r, i) => {
    if (hasIdentifier(r)) problems.push({ path: `reasons.${i}`, message: 'a reason must not hold an identifier' });
  });
  if (problems.length) throw new ApiError(400, 'raw_value', 'the event holds an unmasked identifier; nothing was stored', problems);
}

function hasIdentifier(s: string): boolean {
  return detect(s).some((f) => f.confidence !== 'low' && ['ssn', 'itin', 'fein', 'routing_number', 'bank_account'].includes(f.type));
}
