/**
 * A recipient check's id: what the proxy decided, for whom, bound by a MAC. The id is self-contained
 * (`dgc1.<payload>.<mac>`: base64url JSON and HMAC-SHA256 hex), so any proxy instance holding the
 * same fingerprint key verifies a check another instance answered, with no shared state. The MAC key
 * is the fingerprint key under its own purpose (keys.keyedHash), kept and shared as that key is.
 * A disclosure names the id; the proxy then logs its own decision from it, beside what the extension
 * reports it did.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { newId } from '../../shared/ids';
import { ChannelSchema } from '../../shared/schemas';
import { plainText } from '../../shared/normalize';
import type { Keys } from '../audit/keys';

/** Long enough for events queued offline through a working day and a night to land with their check. */
export const CHECK_TTL_MS = 24 * 60 * 60 * 1000;
const PURPOSE = 'recipient-check-id.v1';
const PREFIX = 'dgc1.';
/** A masked sample shows at most this many digits (the policy keeps the last five of an SSN). */
export const MAX_VISIBLE = 5;

const CheckPayloadSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    expires: z.string(),
    device: z.number().int(),
    person: z.string(),
    channel: ChannelSchema,
    categories: z.array(z.string()),
    sender: z.object({ authorized: z.boolean(), reasons: z.array(z.string()) }),
    recipients: z.array(z.object({ address: z.string(), normalized: z.string().nullable(), authorized: z.boolean(), reasons: z.array(z.string()) })),
    /** Per identifier: its fingerprint, and its last digits with their count (the masked-sample check). */
    identifiers: z.array(z.object({ type: z.string(), fingerprint: z.string(), tail: z.string(), digits: z.number().int() })),
  })
  .strict();
export type CheckPayload = z.infer<typeof CheckPayloadSchema>;

/** Wire form of a check id, as the disclosure schema accepts it. */
export const CHECK_ID_PATTERN = /^dgc1\.[A-Za-z0-9_-]{16,}\.[0-9a-f]{64}$/;

export type CheckKeys = Pick<Keys, 'keyedHash'>;

/** The check's facts with a fresh id, an expiry, and the identifiers reduced to fingerprints and tails. */
export function checkPayload(
  facts: Omit<CheckPayload, 'id' | 'expires' | 'identifiers'>,
  identifiers: ReadonlyArray<{ type: string; value: string }>,
  fingerprint: Keys['fingerprint'],
): CheckPayload {
  return {
    id: newId('chk'),
    ...facts,
    expires: new Date(Date.parse(facts.at) + CHECK_TTL_MS).toISOString(),
    identifiers: identifiers.map((i) => {
      const digits = plainText(i.value).replace(/\D/g, '');
      return { type: i.type, fingerprint: fingerprint(i.type, i.value), tail: digits.slice(-MAX_VISIBLE), digits: digits.length };
    }),
  };
}

export function issueCheckId(keys: CheckKeys, payload: CheckPayload): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${PREFIX}${body}.${keys.keyedHash(PURPOSE, body)}`;
}

export type CheckRead = { ok: true; check: CheckPayload } | { ok: false; why: 'check_forged' | 'check_expired' };

/** The check an id names, if its MAC holds and it has not expired at `now`. */
export function readCheckId(keys: CheckKeys, id: string, now: Date): CheckRead {
  const m = /^dgc1\.([A-Za-z0-9_-]+)\.([0-9a-f]{64})$/.exec(id);
  if (!m) return { ok: false, why: 'check_forged' };
  const want = Buffer.from(keys.keyedHash(PURPOSE, m[1]!), 'hex');
  if (!timingSafeEqual(want, Buffer.from(m[2]!, 'hex'))) return { ok: false, why: 'check_forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, why: 'check_forged' };
  }
  const check = CheckPayloadSchema.safeParse(parsed);
  // A MAC'd payload of another shape is not one this proxy issued.
  if (!check.success) return { ok: false, why: 'check_forged' };
  if (!(Date.parse(check.data.expires) > now.getTime())) return { ok: false, why: 'check_expired' };
  return { ok: true, check: check.data };
}
