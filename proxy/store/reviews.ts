/** Supervisor reviews, their one-time releases, and the incidents a breach opens. */
import { projectEntry } from '../audit/project';
import type { StoreContext } from './chain';
import { writeProjected } from './project-rows';
import { toReview, type ReviewRow } from './rows';
import type { Incident, IncidentStatus, Redemption, Review } from './types';

export type NewReview = Omit<Review, 'seq' | 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason' | 'releaseExpiresAt' | 'releaseRedeemedAt'>;

export interface Decision {
  status: 'approved' | 'denied' | 'breach';
  by: string;
  reason: string;
  at: string;
  releaseExpiresAt: string | null;
  incident?: { id: string; reportDueOn: string };
}

export async function addReview(c: StoreContext, r: NewReview): Promise<Review> {
  const seq = await c.transact(async (q, chain) => {
    const data = {
      reviewId: r.id,
      eventId: r.eventId,
      requestedBy: r.requestedBy,
      device: r.device,
      justification: r.justification,
      recipients: r.recipients,
      contentHash: r.contentHash,
    };
    const { seq } = await chain.append('review.requested', r.createdAt, data);
    await writeProjected(q, projectEntry('review.requested', seq, r.createdAt, data));
    return seq;
  });
  return { ...r, status: 'pending', seq, decidedBy: null, decidedAt: null, decisionReason: null, releaseExpiresAt: null, releaseRedeemedAt: null };
}

export async function getReview(c: StoreContext, id: string): Promise<Review | undefined> {
  const r = await c.db.get<ReviewRow>('SELECT * FROM reviews WHERE id = ?', [id]);
  return r ? toReview(r) : undefined;
}

export async function listReviews(c: StoreContext, filter: { status?: Review['status']; requesters?: string[] } = {}): Promise<Review[]> {
  return (await c.db.all<ReviewRow>('SELECT * FROM reviews ORDER BY created_at DESC'))
    .map(toReview)
    .filter((r) => (filter.status ? r.status === filter.status : true) && (filter.requesters ? filter.requesters.includes(r.requestedBy) : true));
}

export async function decideReview(c: StoreContext, id: string, d: Decision): Promise<Review | undefined> {
  await c.transact(async (q, chain) => {
    const before = await q.get<ReviewRow>('SELECT * FROM reviews WHERE id = ?', [id]);
    if (!before || before.status !== 'pending') return;
    const decided = { reviewId: id, eventId: before.event_id, decision: d.status, by: d.by, reason: d.reason, releaseExpiresAt: d.releaseExpiresAt };
    const entry = await chain.append('review.decided', d.at, decided);
    await writeProjected(q, projectEntry('review.decided', entry.seq, d.at, decided));
    if (!d.incident) return;
    const opened = { incidentId: d.incident.id, reviewId: id, eventId: before.event_id, openedBy: d.by, reportDueOn: d.incident.reportDueOn, reason: d.reason };
    const { seq } = await chain.append('incident.opened', d.at, opened);
    await writeProjected(q, projectEntry('incident.opened', seq, d.at, opened));
  });
  return getReview(c, id);
}

export async function redeemRelease(c: StoreContext, id: string, contentHash: string, recipients: string[], at: string): Promise<Redemption> {
  return c.transact(async (q, chain): Promise<Redemption> => {
    const r = await q.get<ReviewRow>('SELECT * FROM reviews WHERE id = ?', [id]);
    if (!r) return 'not_found';
    if (r.status !== 'approved') return 'not_approved';
    if (r.release_redeemed_at) return 'used';
    if (!r.release_expires_at || at > r.release_expires_at) return 'expired';
    const want = (JSON.parse(r.recipients) as string[]).map((x) => x.toLowerCase()).sort().join(',');
    const got = recipients.map((x) => x.toLowerCase()).sort().join(',');
    if (r.content_hash !== contentHash || want !== got) return 'mismatch';
    const data = { reviewId: id, eventId: r.event_id };
    const entry = await chain.append('review.release_redeemed', at, data);
    await writeProjected(q, projectEntry('review.release_redeemed', entry.seq, at, data));
    return 'released';
  });
}

interface IncidentRow {
  id: string;
  review_id: string;
  event_id: string;
  opened_by: string;
  opened_at: string;
  report_due_on: string;
  reason: string;
  seq: number;
  status: IncidentStatus;
  reported_by: string | null;
  reported_at: string | null;
  closed_by: string | null;
  closed_at: string | null;
  note: string | null;
}

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    reviewId: r.review_id,
    eventId: r.event_id,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    reportDueOn: r.report_due_on,
    reason: r.reason,
    seq: Number(r.seq),
    status: r.status,
    reportedBy: r.reported_by,
    reportedAt: r.reported_at,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    note: r.note,
  };
}

export async function listIncidents(c: StoreContext): Promise<Incident[]> {
  return (await c.db.all<IncidentRow>('SELECT * FROM incidents ORDER BY report_due_on, opened_at')).map(toIncident);
}

/** The step before each step. */
const BEFORE: Record<'reported' | 'closed', IncidentStatus> = { reported: 'open', closed: 'reported' };

export async function advanceIncident(c: StoreContext, id: string, to: 'reported' | 'closed', by: string, at: string, note: string): Promise<Incident | undefined> {
  return c.transact(async (q, chain) => {
    const row = await q.get<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [id]);
    if (!row || row.status !== BEFORE[to]) return undefined;
    const data = { incidentId: id, by, note };
    const entry = await chain.append(`incident.${to}`, at, data);
    await writeProjected(q, projectEntry(`incident.${to}`, entry.seq, at, data));
    return toIncident((await q.get<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [id]))!);
  });
}
