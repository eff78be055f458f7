/** Plain words for staff: what was found, and why a recipient was refused. */
import type { FindingType } from '../../shared/detect/types';

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

const CATEGORY_WORDS: Record<string, string> = {
  personal: 'personal identifiers (SSN, ITIN, birth date, bank numbers)',
  wage: 'wage data',
  ui: 'UI benefit data',
  employer: 'employer data (FEIN)',
};

export function reasonText(reason: string): string {
  if (reason.startsWith('category_not_permitted:')) {
    const c = reason.slice('category_not_permitted:'.length);
    return `may not receive ${CATEGORY_WORDS[c] ?? c}`;
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
      return "works for an organization whose data-sharing agreement has expired";
    case 'agreement_not_started':
      return "works for an organization whose data-sharing agreement is not in effect yet";
    case 'subject_opted_out':
      return 'is outside the agency, and the message identifies a job seeker who opted out of data sharing';
    default:
      return reason.replace(/_/g, ' ');
  }
}

export function summarizeTypes(counts: Partial<Record<FindingType, number>>): string {
  return Object.entries(counts)
    .map(([t, n]) => `${TYPE_LABEL[t as FindingType]}${n! > 1 ? ` ×${n}` : ''}`)
    .join(', ');
}
