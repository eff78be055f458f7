/**
 * The one builder of a send's log record (SendEvent) for every guard: the send flow (webmail, fax,
 * forms), the request guard, the file guard and the network backstop. It names the event and its
 * time, takes the channel from the site's rule, and holds the record to the proxy's limits (samples,
 * identifiers, reasons, files), so no guard writes its own caps or casts.
 */
import { newId } from '../../shared/ids';
import type { SiteRule } from '../../shared/policy';
import type { Channel, SendEvent } from './messages';

/** The proxy's limits on a record (shared/schemas.ts DisclosureRequestSchema). */
export const EVENT_LIMITS = { samples: 20, sampleChars: 64, identifiers: 1000, reasons: 50, files: 20 } as const;

/** The channel a site's rule names: its adapter's (fax, a web form), else email. */
export function channelOf(rule: Pick<SiteRule, 'adapter'> | undefined): Channel {
  return rule?.adapter === 'fax' ? 'fax' : rule?.adapter === 'form' ? 'form' : 'email';
}

/** The recipient a site's rule names for a web form (its organization), if any. */
export function ruleRecipients(rule: Pick<SiteRule, 'organization'> | undefined): SendEvent['recipients'] {
  return rule?.organization ? [{ address: rule.organization }] : [];
}

export type EventFacts = Omit<SendEvent, 'id' | 'occurredAt' | 'maskedSamples' | 'identifiers' | 'reasons' | 'statementAdded'> &
  Partial<Pick<SendEvent, 'id' | 'maskedSamples' | 'identifiers' | 'reasons' | 'statementAdded'>>;

/** A send's record: named, timed, and within the proxy's limits. */
export function sendEvent(facts: EventFacts): SendEvent {
  const { id, maskedSamples = [], identifiers = [], reasons = [], statementAdded = false, files, ...rest } = facts;
  return {
    ...rest,
    id: id ?? newId('evt'),
    occurredAt: new Date().toISOString(),
    maskedSamples: maskedSamples.slice(0, EVENT_LIMITS.samples).map((s) => s.slice(0, EVENT_LIMITS.sampleChars)),
    identifiers: identifiers.slice(0, EVENT_LIMITS.identifiers),
    reasons: [...new Set(reasons)].slice(0, EVENT_LIMITS.reasons),
    statementAdded,
    ...(files?.length ? { files: files.slice(0, EVENT_LIMITS.files) } : {}),
  };
}
