/**
 * What each kind of log entry implies in the console's tables (disclosures, fingerprints, reviews,
 * incidents): one projection per kind, from the entry's seq, time and data. An entry either adds a
 * row or changes one an earlier entry added. Pure: it reads nothing and imports no store.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical';
import type { EntryKind } from './kinds';

export type DerivedTable = 'disclosures' | 'fingerprints' | 'reviews' | 'incidents';
export type Row = Record<string, unknown>;

/** A row the entry adds (`insert`), or the columns it sets in a row an earlier entry added (`update`). */
export type RowChange = { table: DerivedTable; key: string } & ({ insert: Row } | { update: Row });

export type Projection = (seq: number, at: string, data: Record<string, unknown>) => RowChange[];

/** A row's key as the store names it (a missing id is the key "null"). */
const keyOf = (v: unknown): string => (v === undefined || v === null ? 'null' : String(v));

/** What a retry of a disclosure must match: the hash of its canonical data. */
export function requestHashOf(data: unknown): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

export const projectDisclosure: Projection = (seq, _at, data) => {
  const row = {
    client_event_id: data.clientEventId,
    seq,
    request_hash: requestHashOf(data),
    device: data.device,
    sender: data.sender,
    site: data.site,
    channel: data.channel,
    decision: data.decision,
    occurred_at: data.occurredAt,
    check_id: (data.check as { id?: string } | undefined)?.id ?? null,
  };
  const fps = new Set(((data.fingerprints ?? []) as Array<{ fingerprint: string }>).map((f) => f.fingerprint));
  return [
    { table: 'disclosures', key: keyOf(data.clientEventId), insert: row },
    ...[...fps].map((fp): RowChange => ({ table: 'fingerprints', key: `${seq}:${fp}`, insert: { fingerprint: fp, seq } })),
  ];
};

export const projectReviewRequested: Projection = (seq, at, data) => [
  {
    table: 'reviews',
    key: keyOf(data.reviewId),
    insert: {
      id: data.reviewId,
      event_id: data.eventId,
      requested_by: data.requestedBy,
      device: data.device,
      justification: data.justification,
      recipients: JSON.stringify(data.recipients),
      status: 'pending',
      created_at: at,
      seq,
      content_hash: data.contentHash ?? null,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      release_expires_at: null,
      release_redeemed_at: null,
    },
  },
];

export const projectReviewDecided: Projection = (_seq, at, data) => [
  {
    table: 'reviews',
    key: keyOf(data.reviewId),
    update: { status: data.decision, decided_by: data.by, decided_at: at, decision_reason: data.reason, release_expires_at: data.releaseExpiresAt ?? null },
  },
];

export const projectReviewReleaseRedeemed: Projection = (_seq, at, data) => [{ table: 'reviews', key: keyOf(data.reviewId), update: { release_redeemed_at: at } }];

export const projectIncidentOpened: Projection = (seq, at, data) => [
  {
    table: 'incidents',
    key: keyOf(data.incidentId),
    insert: {
      id: data.incidentId,
      review_id: data.reviewId,
      event_id: data.eventId,
      opened_by: data.openedBy,
      opened_at: at,
      report_due_on: data.reportDueOn,
      reason: data.reason,
      seq,
      status: 'open',
      reported_by: null,
      reported_at: null,
      closed_by: null,
      closed_at: null,
      note: null,
    },
  },
];

/** An incident moves on a step: who and when, and the note of that step. */
const incidentStep =
  (step: 'reported' | 'closed'): Projection =>
  (_seq, at, data) => [{ table: 'incidents', key: keyOf(data.incidentId), update: { status: step, [`${step}_by`]: data.by, [`${step}_at`]: at, note: data.note ?? null } }];

export const projectIncidentReported = incidentStep('reported');
export const projectIncidentClosed = incidentStep('closed');

/** The kinds that touch the console's tables; every other kind implies no row. */
export const PROJECTIONS: Partial<Record<EntryKind, Projection>> = {
  disclosure: projectDisclosure,
  'review.requested': projectReviewRequested,
  'review.decided': projectReviewDecided,
  'review.release_redeemed': projectReviewReleaseRedeemed,
  'incident.opened': projectIncidentOpened,
  'incident.reported': projectIncidentReported,
  'incident.closed': projectIncidentClosed,
};

/** The rows an entry implies (none for a kind that touches no table of the console's). */
export function projectEntry(kind: string, seq: number, at: string, data: Record<string, unknown>): RowChange[] {
  const project = Object.hasOwn(PROJECTIONS, kind) ? PROJECTIONS[kind as EntryKind] : undefined;
  return project ? project(seq, at, data) : [];
}
