/**
 * Who may receive confidential data now (docs/supervisors-and-custodians.md, "Who may receive confidential data"): registry status active;
 * attestation signed within 365 days; training passed at 100 % within 365 days; the organization's
 * data-sharing agreement in effect today; and categories that cover what the message holds.
 * Every failing reason is listed, so staff and custodians see all that must be fixed.
 */
import type { Category } from '../../shared/policy';
import { daysBetween } from './dates';
import type { Organization, Reason, RegistryUser } from './model';

/** Missouri DWD plan and MA WIA 05-76: annual training and re-acceptance. Valid through day 365. */
export const RENEWAL_DAYS = 365;
/** Missouri DWD plan: the training must be passed at 100 %. */
export const PASSING_SCORE = 100;

export interface Authorization {
  authorized: boolean;
  reasons: Reason[];
}

export function authorize(
  user: RegistryUser | undefined,
  org: Organization | undefined,
  categories: readonly Category[],
  today: string,
): Authorization {
  if (!user) return { authorized: false, reasons: ['not_in_registry'] };
  const reasons: Reason[] = [];
  // Separation ends access at once (MA WIA 05-76: within 24 hours), including a dated separation.
  if (user.status === 'separated' || (user.separatedOn !== null && user.separatedOn <= today)) reasons.push('separated');
  if (user.status === 'suspended') reasons.push('suspended');

  if (user.attestationSignedOn === null || user.attestationSignedOn > today) reasons.push('attestation_missing');
  else if (daysBetween(user.attestationSignedOn, today) > RENEWAL_DAYS) reasons.push('attestation_expired');

  if (
    user.trainingCompletedOn === null ||
    user.trainingScore === null ||
    user.trainingScore < PASSING_SCORE ||
    user.trainingCompletedOn > today
  ) {
    reasons.push('training_incomplete');
  } else if (daysBetween(user.trainingCompletedOn, today) > RENEWAL_DAYS) {
    reasons.push('training_expired');
  }

  if (!org) reasons.push('agreement_not_started');
  else {
    // WA ESD 4013: access ends when the contract expires; the agreement's last day still counts.
    if (org.agreementEffectiveOn !== null && today < org.agreementEffectiveOn) reasons.push('agreement_not_started');
    if (org.agreementExpiresOn !== null && today > org.agreementExpiresOn) reasons.push('agreement_expired');
  }

  for (const c of categories) if (!user.categories.includes(c)) reasons.push(`category_not_permitted:${c}`);
  return { authorized: reasons.length === 0, reasons };
}

/** A web form goes to an organization, not a person: its agreement and categories decide. */
export function authorizeOrganization(
  org: Organization | undefined,
  categories: readonly Category[],
  today: string,
): Authorization {
  if (!org) return { authorized: false, reasons: ['not_in_registry'] };
  const reasons: Reason[] = [];
  if (org.agreementEffectiveOn !== null && today < org.agreementEffectiveOn) reasons.push('agreement_not_started');
  if (org.agreementExpiresOn !== null && today > org.agreementExpiresOn) reasons.push('agreement_expired');
  for (const c of categories) if (!org.categories.includes(c)) reasons.push(`category_not_permitted:${c}`);
  return { authorized: reasons.length === 0, reasons };
}
