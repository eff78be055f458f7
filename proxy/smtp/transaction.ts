/**
 * One message through the gateway, from its bytes to the gateway's answer: made safe (message.ts),
 * its sender and recipients decided against the registry for the categories it holds
 * (recipients.ts), then either refused (5xx naming why, a review request for the supervisor, one
 * chain entry) or handed to the next hop; only once the next hop took it is the chain entry written
 * and 250 answered. Any failure before that is 4xx, so the sending server keeps the message and
 * tries again: nothing is spooled here beyond the transaction.
 */
import type { Logger } from 'pino';
import type { FindingType } from '../../shared/detect/types';
import { newId } from '../../shared/ids';
import { categoriesOf } from '../../shared/policy';
import type { Policy } from '../../shared/policy';
import { logDisclosure, proxyView } from '../audit/disclosure';
import type { DisclosureEvent } from '../audit/disclosure';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import { checkPayload } from '../http/check-id';
import { storedContentHash } from '../routes/reviews';
import type { Registry } from '../registry/service';
import type { Store } from '../store/types';
import { makeSafe } from './message';
import { decide } from './recipients';
import type { Relay } from './relay';
import { refusalLines } from './replies';
import type { Spooled } from './spool';

export interface TransactionDeps {
  registry: Registry;
  store: Pick<Store, 'addReview' | 'getDisclosure' | 'optedOut' | 'listReviews' | 'redeemRelease'>;
  log: AuditLog;
  keys: Pick<Keys, 'fingerprint' | 'keyedHash'>;
  clock: { now(): Date };
  policy: Policy;
  relay: Relay;
  faxDomains: readonly string[];
  maxBytes: number;
  logger?: Logger;
}

export interface Envelope {
  /** The envelope sender (MAIL FROM), lower-case; empty for a bounce. */
  from: string;
  to: string[];
  /** The device token's name when the client signed in with one, else the gateway's. */
  device: string;
  /** Where the message came from: the client's EHLO name. */
  site: string;
}

export interface Answer {
  code: number;
  lines: string[];
}

/** Who the chain names as the device when the client did not sign in with a token. */
export const GATEWAY_DEVICE = 'mail-gateway';

export async function handleMessage(deps: TransactionDeps, env: Envelope, spooled: Spooled): Promise<Answer> {
  const at = deps.clock.now().toISOString();
  // Read from the spool as a stream: a large message is not held twice.
  const safe = await makeSafe(spooled.open(), { keep: deps.policy.keepDigits, statement: deps.policy.statement, maxFileBytes: deps.maxBytes });
  const found = safe.found;
  const held = (Object.entries(found.types) as Array<[FindingType, number | undefined]>).filter(([, n]) => (n ?? 0) > 0).map(([t]) => t);
  const categories = categoriesOf([...held, ...found.maskedTypes], deps.policy.categoryOfType);
  const id = eventId(deps.keys, spooled, env);
  // Logged already: an earlier try of this very message got this far and the sending server did
  // not hear the answer (the gateway stopped). Answer the same without sending it or logging it again.
  const before = await deps.store.getDisclosure(id);

  const check = checkPayload({ at, device: 0, person: env.from, channel: 'smtp', categories, sender: { authorized: true, reasons: [] }, recipients: [] }, found.identifiers, deps.keys.fingerprint);
  found.identifiers.length = 0;
  const event: DisclosureEvent = {
    clientEventId: id,
    occurredAt: at,
    device: env.device,
    sender: env.from,
    site: env.site,
    channel: 'smtp',
    basis: 'gateway',
    recipients: env.to.map((address) => ({ address })),
    types: found.types,
    maskedSamples: found.samples,
    fingerprints: check.identifiers.map((i) => ({ type: i.type, fingerprint: i.fingerprint })),
    decision: safe.changed ? 'masked' : 'allowed',
    reasons: [],
    statementAdded: safe.statementAdded,
    ...(safe.files.length ? { files: safe.files.slice(0, 20) } : {}),
  };

  if (categories.length > 0) {
    const fps = check.identifiers.map((i) => i.fingerprint);
    const optedOut = fps.length > 0 && (await deps.store.optedOut(fps)).size > 0;
    const decided = await decide(deps.registry, env.to, env.from, categories, { faxDomains: deps.faxDomains, optedOut });
    check.sender = { authorized: decided.sender.authorized, reasons: decided.sender.reasons };
    check.recipients = decided.recipients.map((d) => ({ address: d.address, normalized: d.normalized, authorized: d.authorized, reasons: d.reasons }));
    event.check = proxyView(check, true);
    event.recipients = decided.recipients.map((d) => ({ address: d.address, authorized: d.authorized, reasons: d.reasons }));
  } else event.unchecked = 'nothing_to_check';

  const refusedTo = (check.recipients ?? []).filter((r) => !r.authorized);
  const senderRefused = categories.length > 0 && !check.sender.authorized;
  // A supervisor approved this very message (what it says once safe) to these recipients: it goes, once.
  const released = !before && !senderRefused && refusedTo.length && !safe.uninspectable.length ? await approvedRelease(deps, env.from, safe.digest, refusedTo.map((r) => r.address), at) : undefined;
  if (released) {
    try {
      return await send(deps, env, spooled, safe, { ...event, decision: 'released', reviewId: released }, at, async () => {
        // Used once the next hop took it: a message that did not go keeps its approval.
        const used = await deps.store.redeemRelease(released, storedContentHash(safe.digest), refusedTo.map((r) => r.address), at);
        if (used !== 'released') deps.logger?.warn({ review: released, used }, 'an approval was used while its message was on its way');
      });
    } finally {
      inFlight.delete(released);
    }
  }
  if (senderRefused || refusedTo.length || safe.uninspectable.length) {
    const lines = refusalLines(senderRefused ? { address: env.from || 'of a bounce (no sender)', reasons: check.sender.reasons } : undefined, refusedTo, safe.uninspectable);
    if (!before) {
      const review = await deps.store.addReview({
        id: newId('rev'),
        eventId: id,
        requestedBy: env.from,
        device: env.device,
        justification: `Refused by the mail gateway: ${lines.slice(1, -1).join(' ')}`.slice(0, 2000),
        recipients: (refusedTo.length ? refusedTo : env.to.map((address) => ({ address }))).map((r) => r.address),
        contentHash: storedContentHash(safe.digest),
        createdAt: at,
      });
      event.decision = 'review_requested';
      event.reasons = [...new Set([...(senderRefused ? ['sender_not_authorized'] : []), ...refusedTo.flatMap((r) => r.reasons), ...(safe.uninspectable.length ? ['cannot_inspect'] : [])])];
      event.reviewId = review.id;
      await written(logDisclosure(deps.log, event, at));
    }
    return { code: 550, lines };
  }

  if (before) return { code: 250, lines: ['OK: message already accepted'] };
  return send(deps, env, spooled, safe, event, at);
}

/** Handed to the next hop; once it took the message, `taken` runs and the entry is written, then 250. */
async function send(deps: TransactionDeps, env: Envelope, spooled: Spooled, safe: Awaited<ReturnType<typeof makeSafe>>, event: DisclosureEvent, at: string, taken?: () => Promise<void>): Promise<Answer> {
  const relayed = await deps.relay.send({ from: env.from, to: env.to }, safe.changed ? await safe.build() : spooled.source());
  if (!relayed.ok) {
    deps.logger?.warn({ permanent: relayed.permanent }, 'the next hop did not take a message');
    return relayed.permanent ? { code: 554, lines: [`Refused by the next hop: ${relayed.response}`.slice(0, 400)] } : { code: 451, lines: ['The next mail server cannot take the message now; try again later.'] };
  }
  await taken?.();
  await written(logDisclosure(deps.log, event, at));
  return { code: 250, lines: [event.decision === 'released' ? 'OK: sent as your supervisor approved' : safe.changed ? 'OK: sent with identifiers masked' : 'OK: sent'] };
}

/** Approvals being used by a message in flight here: one approval lets one message go. */
const inFlight = new Set<string>();

/**
 * The sender's approved review that releases this content (what it says once safe) to these
 * recipients and has not been used or expired; held for this message until it is sent or not.
 */
async function approvedRelease(deps: TransactionDeps, sender: string, digest: string, recipients: string[], at: string): Promise<string | undefined> {
  if (!sender) return undefined;
  const hash = storedContentHash(digest);
  const want = recipients.map((r) => r.toLowerCase());
  for (const review of await deps.store.listReviews({ status: 'approved', requesters: [sender] })) {
    if (review.contentHash !== hash || review.releaseRedeemedAt || inFlight.has(review.id)) continue;
    if (!review.releaseExpiresAt || review.releaseExpiresAt <= at) continue;
    const covered = new Set(review.recipients.map((r) => r.toLowerCase()));
    if (!want.every((r) => covered.has(r))) continue;
    inFlight.add(review.id);
    return review.id;
  }
  return undefined;
}

/** A write that did not land is a failure of the transaction (4xx), not a silent gap in the log. */
async function written(result: ReturnType<typeof logDisclosure>): Promise<void> {
  const r = await result;
  // duplicate or conflict: this message's entry is there already (a second try of it, at another time).
  if (r.status === 'appended' || r.status === 'check_reused') throw new Error(`the disclosure log did not take the entry (${r.status})`);
}

const LETTERS = 'abcdefghijklmnop';

/**
 * The message's event id, the same on every try of the same message (its Message-ID, envelope and
 * bytes under the proxy's key), in letters only so an id never carries digits of what it names.
 */
function eventId(keys: Pick<Keys, 'keyedHash'>, spooled: Spooled, env: Envelope): string {
  const headers = spooled.head.toString('latin1').split(/\r?\n\r?\n/)[0]!;
  const messageId = /^message-id:[ \t]*(.+)$/im.exec(headers)?.[1]?.trim();
  const body = spooled.sha256;
  // Without a Message-ID two identical messages are two events.
  const key = `${messageId ?? newId('nomsgid')}\u0000${env.from}\u0000${env.to.join(',')}\u0000${body}`;
  const hex = keys.keyedHash('smtp-message.v1', key).slice(0, 32);
  return `smtp_${[...hex].map((h) => LETTERS[parseInt(h, 16)]).join('')}`;
}

