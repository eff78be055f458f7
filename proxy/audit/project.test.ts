import { describe, expect, it } from 'vitest';
import { projectEntry } from './project';

const AT = '2025-03-04T10:00:00.000Z';

describe('projectEntry: the rows an entry implies in the console tables', () => {
  it('a disclosure gives its row and one fingerprint row per distinct identifier', () => {
    const data = { clientEventId: 'ev-1', device: 'd1', sender: 'a@agency.gov', site: 'gmail', channel: 'email', decision: 'allow', occurredAt: AT, fingerprints: [{ fingerprint: 'f1' }, { fingerprint: 'f1' }, { fingerprint: 'f2' }] };
    const rows = projectEntry('disclosure', 7, AT, data);
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['disclosures', 'ev-1'],
      ['fingerprints', '7:f1'],
      ['fingerprints', '7:f2'],
    ]);
    expect(rows[0]).toMatchObject({ insert: { client_event_id: 'ev-1', seq: 7, decision: 'allow', check_id: null } });
  });

  it('a later step of a review or incident changes the row its first entry added', () => {
    expect(projectEntry('review.decided', 9, AT, { reviewId: 'r1', decision: 'approved', by: 'sup', reason: 'ok' })).toEqual([
      { table: 'reviews', key: 'r1', update: { status: 'approved', decided_by: 'sup', decided_at: AT, decision_reason: 'ok', release_expires_at: null } },
    ]);
    expect(projectEntry('incident.closed', 12, AT, { incidentId: 'i1', by: 'privacy' })).toEqual([
      { table: 'incidents', key: 'i1', update: { status: 'closed', closed_by: 'privacy', closed_at: AT, note: null } },
    ]);
  });

  it('kinds that touch no table, unknown kinds and names of object properties imply no row', () => {
    for (const kind of ['log.created', 'console.signin', 'no.such.kind', 'toString', '__proto__', 'constructor']) {
      expect(projectEntry(kind, 1, AT, { reviewId: 'r1' })).toEqual([]);
    }
  });
});
