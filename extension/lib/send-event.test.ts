import { describe, expect, it } from 'vitest';
import { channelOf, EVENT_LIMITS, ruleRecipients, sendEvent } from './send-event';
import { DisclosureRequestSchema } from '../../shared/schemas';

describe('the one builder of a send\'s record', () => {
  it('names and times the event, and holds it to the limits the proxy takes', () => {
    const e = sendEvent({
      site: 'intake.example.org',
      channel: 'form',
      unchecked: 'no_recipient',
      recipients: [],
      types: { ssn: 30 },
      maskedSamples: Array.from({ length: 30 }, () => `***-*2-1874${'x'.repeat(80)}`),
      identifiers: Array.from({ length: 1200 }, () => ({ type: 'ssn' as const, value: '536-22-1874' })),
      decision: 'masked',
      reasons: ['unguarded_path', 'unguarded_path', 'identifier_in_address'],
    });
    expect(e.id).toMatch(/^evt/);
    expect(Date.parse(e.occurredAt)).not.toBeNaN();
    expect(e.maskedSamples).toHaveLength(EVENT_LIMITS.samples);
    expect(e.maskedSamples.every((s) => s.length === EVENT_LIMITS.sampleChars)).toBe(true);
    expect(e.identifiers).toHaveLength(EVENT_LIMITS.identifiers);
    expect(e.reasons).toEqual(['unguarded_path', 'identifier_in_address']);
    expect(e.statementAdded).toBe(false);
    // What the proxy parses (the sender is the device's, added at delivery; identifiers go with a check).
    const { identifiers: _ids, ...wire } = e;
    expect(DisclosureRequestSchema.safeParse({ ...wire, sender: 'casey.staff@jobs.example.gov' }).success).toBe(true);
  });

  it('takes the channel and the recipient from the site\'s rule', () => {
    expect(channelOf({ adapter: 'fax' })).toBe('fax');
    expect(channelOf({ adapter: 'form' })).toBe('form');
    expect(channelOf({ adapter: 'gmail' })).toBe('email');
    expect(channelOf(undefined)).toBe('email');
    expect(ruleRecipients({ organization: 'Example County LWDB' })).toEqual([{ address: 'Example County LWDB' }]);
    expect(ruleRecipients({})).toEqual([]);
  });
});
