/**
 * POST /api/v1/recipients/check: is every recipient authorized now for these categories, and may
 * the sender (the token's person) send them? Rate-limited per person, across all their tokens; every check is recorded in the
 * chain (addresses and reasons only), a few hundred checks to an entry, without making the answer
 * wait for the disk. Identifiers sent with the check are fingerprinted to recognise job
 * seekers who opted out of data sharing, and never stored. The answer's `checkId` binds what was
 * decided for whom (and the identifiers' fingerprints) under the proxy's MAC: the disclosure that
 * follows names it, and the proxy logs its own decision from it.
 */
import { Hono } from 'hono';
import { RecipientCheckRequestSchema } from '../../shared/schemas';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import { checkPayload, issueCheckId } from '../http/check-id';
import { senderOf } from '../http/auth';
import type { DeviceEnv } from '../http/auth';
import { ApiError, readJson } from '../http/errors';
import { gateStored } from '../http/stored-fields';
import { Buckets, DEFAULT_CHECK_LIMIT } from '../http/rate-limit';
import type { RateLimit } from '../http/rate-limit';
import type { Registry } from '../registry/service';
import type { Store } from '../store/types';
import { limit } from './limits';

export interface RecipientDeps {
  registry: Registry;
  store: Store;
  log: AuditLog;
  keys: Pick<Keys, 'fingerprint' | 'keyedHash'>;
  clock: { now(): Date };
  checkRateLimit?: RateLimit;
}

export function recipientRoutes({ registry, store, log, keys, clock, checkRateLimit = DEFAULT_CHECK_LIMIT }: RecipientDeps) {
  const buckets = new Buckets(checkRateLimit);
  return new Hono<DeviceEnv>().post('/recipients/check', limit(64 * 1024), async (c) => {
    const wait = buckets.take(c.get('device').userEmail);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ApiError(429, 'rate_limited', `too many recipient checks from this person's devices; try again in ${wait} s`);
    }
    const body = await readJson(c, RecipientCheckRequestSchema);
    const addresses = body.recipients.map((r) => r.address);
    gateStored('recipientCheck', body);
    const sender = senderOf(c, body.sender);
    const device = c.get('device');
    const at = clock.now().toISOString();
    const check = checkPayload(
      { at, device: device.id, person: device.userEmail, channel: body.channel, categories: body.categories, sender: { authorized: false, reasons: [] }, recipients: [] },
      body.identifiers,
      keys.fingerprint,
    );
    const fps = check.identifiers.map((i) => i.fingerprint);
    const optedOut = fps.length > 0 && (await store.optedOut(fps)).size > 0;
    const { decisions, sender: self } = await registry.checkSend(addresses, body.channel, body.categories, sender, { optedOut });
    const senderDecision = { address: sender, authorized: self!.authorized, reasons: self!.reasons };
    check.sender = { authorized: senderDecision.authorized, reasons: senderDecision.reasons };
    check.recipients = decisions.map((d) => ({ address: d.address, normalized: d.normalized, authorized: d.authorized, reasons: d.reasons }));
    log.record(
      'recipients.checked',
      {
        checkId: check.id,
        device: device.name,
        sender,
        channel: body.channel,
        categories: body.categories,
        senderAuthorized: senderDecision.authorized,
        ...(senderDecision.authorized ? {} : { senderReasons: senderDecision.reasons }),
        recipients: decisions.map((d) => ({ address: d.address, authorized: d.authorized, reasons: d.reasons })),
      },
      at,
    );
    return c.json({
      checkId: issueCheckId(keys, check),
      expiresAt: check.expires,
      checkedOn: registry.today(),
      authorized: senderDecision.authorized && decisions.every((d) => d.authorized),
      sender: senderDecision,
      decisions,
    });
  });
}
