/**
 * One vocabulary for what the product says to people: data types, categories, channels, decisions
 * and refusal reasons in plain words. The extension (notices, dialogs, popup) and the console (pages
 * and CSV export) both use it, so staff, supervisors and auditors read the same words.
 */
import type { FindingType } from './detect/types';
import type { Decision } from './schemas';

export const TYPE_LABEL: Record<FindingType, string> = {
  ssn: 'Social Security number',
  itin: 'ITIN',
  fein: 'employer ID (FEIN)',
  wage: 'wage amount',
  ui_benefit: 'UI benefit amount',
  dob: 'date of birth',
  routing_number: 'bank routing number',
  bank_account: 'bank account number',
};

/** The categories of data a recipient may be authorized for. */
export const CATEGORY_LABEL: Record<string, string> = {
  personal: 'personal identifiers (SSN, ITIN, birth date, bank numbers)',
  wage: 'wage data',
  ui: 'UI benefit data',
  employer: 'employer data (FEIN)',
};

export const CHANNEL_LABEL: Record<string, string> = {
  email: 'email',
  fax: 'fax',
  form: 'web form',
  smtp: 'mail gateway',
};

/** What happened to a send attempt. */
export const DECISION_LABEL: Record<Decision, string> = {
  allowed: 'sent as written',
  masked: 'sent with identifiers masked',
  blocked: 'blocked',
  warned: 'sent after a warning',
  audited: 'logged only (audit mode)',
  review_requested: 'held for a supervisor',
  released: 'sent after a supervisor approved it',
  leaked: 'left the page unguarded',
  not_sent: 'never sent (the page closed or dropped it first)',
};

export const REVIEW_STATUS_LABEL: Record<string, string> = {
  pending: 'waiting for a decision',
  approved: 'approved (one release)',
  denied: 'denied',
  breach: 'marked as a breach',
};

/** Why a recipient was refused, as a phrase after the recipient: "avery@… has separated …". */
export function reasonText(reason: string): string {
  if (reason.startsWith('category_not_permitted:')) {
    const c = reason.slice('category_not_permitted:'.length);
    return `may not receive ${CATEGORY_LABEL[c] ?? c}`;
  }
  switch (reason) {
    case 'not_in_registry':
      return 'is not on the Authorized User Registry';
    case 'separated':
      return 'has separated from their organization';
    case 'suspended':
      return 'has had their access suspended';
    case 'attestation_expired':
      return 'has not re-signed the confidentiality attestation this year';
    case 'attestation_missing':
      return 'has not signed the confidentiality attestation';
    case 'training_incomplete':
      return 'has not passed the confidentiality training at 100%';
    case 'training_expired':
      return 'has not retaken the confidentiality training this year';
    case 'agreement_expired':
      return 'works for an organization whose data-sharing agreement has expired';
    case 'agreement_not_started':
      return 'works for an organization whose data-sharing agreement is not in effect yet';
    case 'subject_opted_out':
      return 'is outside the agency, and the message identifies a job seeker who opted out of data sharing';
    default:
      return reason.replace(/_/g, ' ');
  }
}

/** "Social Security number ×2, wage amount". */
export function summarizeTypes(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([t, n]) => `${TYPE_LABEL[t as FindingType] ?? t.replace(/_/g, ' ')}${n! > 1 ? ` ×${n}` : ''}`)
    .join(', ');
}

export function decisionText(decision: string): string {
  return (DECISION_LABEL as Record<string, string>)[decision] ?? decision.replace(/_/g, ' ');
}
