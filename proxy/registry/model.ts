/**
 * The Authorized User Registry: organizations with their data-sharing agreements, and the people
 * who may receive confidential data (Missouri DWD plan, "Authorized User Registry"; WA ESD 4013:
 * data-sharing contracts as a precondition of access).
 */
import type { Category } from '../../shared/policy';

export const ORG_TYPES = ['state_agency', 'lwdb', 'partner', 'contractor'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export interface Organization {
  name: string;
  type: OrgType;
  /** ISO dates (YYYY-MM-DD); both null only for the agency itself. */
  agreementEffectiveOn: string | null;
  agreementExpiresOn: string | null;
  /** What the organization may receive through web forms (site policy names the organization). */
  categories: Category[];
  updatedAt: string;
  lastChangedBy: string | null;
}

export const USER_STATUSES = ['active', 'suspended', 'separated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface RegistryUser {
  email: string;
  aliases: string[];
  fullName: string;
  organization: string;
  worksite: string;
  /** E.164 fax numbers. */
  fax: string[];
  categories: Category[];
  trainingCompletedOn: string | null;
  trainingScore: number | null;
  attestationSignedOn: string | null;
  status: UserStatus;
  separatedOn: string | null;
  supervisorEmail: string | null;
  updatedAt: string;
  lastChangedBy: string | null;
}

/** The fields a registry change may carry (everything but the bookkeeping). */
export type UserFields = Omit<RegistryUser, 'updatedAt' | 'lastChangedBy'>;
export type OrgFields = Omit<Organization, 'updatedAt' | 'lastChangedBy'>;

export const REASONS = [
  'not_in_registry',
  'separated',
  'suspended',
  'attestation_expired',
  'attestation_missing',
  'training_incomplete',
  'training_expired',
  'agreement_expired',
  'agreement_not_started',
  /** The message identifies a job seeker who opted out of data sharing (WorkSource 1021). */
  'subject_opted_out',
] as const;
export type Reason = (typeof REASONS)[number] | `category_not_permitted:${Category}`;
