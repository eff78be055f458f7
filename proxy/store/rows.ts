/** Rows as both backends return them, and the objects the Store hands out. */
import type { Organization, RegistryUser } from '../registry/model';
import type { Category } from '../../shared/policy';
import type { DisclosureRow, Review } from './types';

export interface OrgRow {
  name: string;
  type: Organization['type'];
  agreement_effective_on: string | null;
  agreement_expires_on: string | null;
  categories: string;
  updated_at: string;
  last_changed_by: string | null;
}

export interface UserRow {
  email: string;
  full_name: string;
  organization: string;
  worksite: string;
  categories: string;
  training_completed_on: string | null;
  training_score: number | null;
  attestation_signed_on: string | null;
  status: RegistryUser['status'];
  separated_on: string | null;
  supervisor_email: string | null;
  aliases: string;
  fax: string;
  updated_at: string;
  last_changed_by: string | null;
}

const cats = (s: string) => (s ? (s.split(';') as Category[]) : []);

export function toOrg(r: OrgRow): Organization {
  return {
    name: r.name,
    type: r.type,
    agreementEffectiveOn: r.agreement_effective_on,
    agreementExpiresOn: r.agreement_expires_on,
    categories: cats(r.categories),
    updatedAt: r.updated_at,
    lastChangedBy: r.last_changed_by,
  };
}

export function toUser(r: UserRow): RegistryUser {
  return {
    email: r.email,
    aliases: JSON.parse(r.aliases),
    fullName: r.full_name,
    organization: r.organization,
    worksite: r.worksite,
    fax: JSON.parse(r.fax),
    categories: cats(r.categories),
    trainingCompletedOn: r.training_completed_on,
    trainingScore: r.training_score,
    attestationSignedOn: r.attestation_signed_on,
    status: r.status,
    separatedOn: r.separated_on,
    supervisorEmail: r.supervisor_email,
    updatedAt: r.updated_at,
    lastChangedBy: r.last_changed_by,
  };
}

export interface ReviewRow {
  id: string;
  event_id: string;
  requested_by: string;
  device: string;
  justification: string;
  recipients: string;
  status: Review['status'];
  created_at: string;
  seq: number;
  content_hash: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  release_expires_at: string | null;
  release_redeemed_at: string | null;
}

export function toReview(r: ReviewRow): Review {
  return {
    id: r.id,
    eventId: r.event_id,
    requestedBy: r.requested_by,
    device: r.device,
    justification: r.justification,
    recipients: JSON.parse(r.recipients),
    status: r.status,
    createdAt: r.created_at,
    seq: Number(r.seq),
    contentHash: r.content_hash,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    releaseExpiresAt: r.release_expires_at,
    releaseRedeemedAt: r.release_redeemed_at,
  };
}

export interface DisclosureDbRow {
  client_event_id: string;
  seq: number;
  device: string;
  sender: string;
  site: string;
  channel: string;
  decision: string;
  occurred_at: string;
}

export function toDisclosure(r: DisclosureDbRow): DisclosureRow {
  return {
    clientEventId: r.client_event_id,
    seq: Number(r.seq),
    device: r.device,
    sender: r.sender,
    site: r.site,
    channel: r.channel,
    decision: r.decision,
    occurredAt: r.occurred_at,
  };
}

