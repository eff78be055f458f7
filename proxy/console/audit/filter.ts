/** The disclosure log's search filter, read from the query string (the list, its charts and its exports). */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FINDING_TYPES } from '../../../shared/detect/types';
import { DECISIONS } from '../../../shared/schemas';
import { addDays, isIsoDate, zonedInstant } from '../../registry/dates';
import type { DisclosureFilter } from '../../store/types';

/** The longest address a filter field takes (RFC 5321's 320-character mailbox). */
const FILTER_TEXT_MAX = 320;

/** The search filter from the query string; a value that cannot be a filter is 400, never a query. */
export function filterFrom(c: Context, timeZone: string): DisclosureFilter {
  const q = (k: string) => c.req.query(k)?.trim() || undefined;
  const from = q('from');
  const to = q('to');
  const type = q('type');
  const decision = q('decision');
  const bad = (what: string) => {
    throw new HTTPException(400, { message: what });
  };
  if (from !== undefined && !isIsoDate(from)) bad('"from" must be a date (YYYY-MM-DD)');
  if (to !== undefined && !isIsoDate(to)) bad('"to" must be a date (YYYY-MM-DD)');
  if (type !== undefined && !(FINDING_TYPES as readonly string[]).includes(type)) bad(`"type" must be one of ${FINDING_TYPES.join(', ')}`);
  if (decision !== undefined && !(DECISIONS as readonly string[]).includes(decision)) bad(`"decision" must be one of ${DECISIONS.join(', ')}`);
  for (const k of ['sender', 'recipient', 'site']) if ((q(k)?.length ?? 0) > FILTER_TEXT_MAX) bad(`"${k}" is longer than ${FILTER_TEXT_MAX} characters`);
  return {
    // Whole days in the agency's time zone.
    from: from ? zonedInstant(from, 0, timeZone) : undefined,
    to: to ? new Date(Date.parse(zonedInstant(addDays(to, 1), 0, timeZone)) - 1).toISOString() : undefined,
    sender: q('sender'),
    recipient: q('recipient'),
    type,
    decision,
    site: q('site'),
  };
}
