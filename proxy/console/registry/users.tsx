/**
 * The users on the registry page: one row each, with what stops them receiving confidential data
 * (lapsed attestation, training incomplete or below the passing score…) and links to change status.
 */
import { reasonText } from '../../../shared/vocabulary';
import { authorize, PASSING_SCORE } from '../../registry/authorize';
import type { Organization, RegistryUser } from '../../registry/model';
import { StatusLinks } from './status';

export function UsersTable({ users, orgs, today }: { users: RegistryUser[]; orgs: Organization[]; today: string }) {
  const orgByName = new Map(orgs.map((o) => [o.name, o]));
  return (
    <table>
      <thead>
        <tr><th>Email</th><th>Name</th><th>Organization</th><th>Categories</th><th>Attestation</th><th>Training</th><th>Status</th><th>May receive</th><th>Change status</th></tr>
      </thead>
      <tbody>
        {users.map((u) => {
          const reasons = authorize(u, orgByName.get(u.organization), [], today).reasons;
          const attestationLapsed = reasons.includes('attestation_expired') || reasons.includes('attestation_missing');
          const trainingLapsed = reasons.includes('training_expired') || reasons.includes('training_incomplete');
          return (
            <tr data-user={u.email} data-flags={reasons.join(' ')}>
              <td><a href={`/console/registry/users/${encodeURIComponent(u.email)}`}>{u.email}</a></td>
              <td>{u.fullName}</td>
              <td>{u.organization}</td>
              <td>{u.categories.join(', ')}</td>
              <td class={attestationLapsed ? 'bad' : ''}>{u.attestationSignedOn ?? 'never signed'}{reasons.includes('attestation_expired') ? ' (lapsed)' : ''}</td>
              <td class={trainingLapsed ? 'bad' : ''}>
                {u.trainingCompletedOn ? `${u.trainingCompletedOn} (${u.trainingScore}%)` : 'never completed'}
                {u.trainingScore !== null && u.trainingScore < PASSING_SCORE ? ` (below ${PASSING_SCORE})` : reasons.includes('training_expired') ? ' (lapsed)' : ''}
              </td>
              <td>{u.status}{u.separatedOn ? ` ${u.separatedOn}` : ''}</td>
              <td class={reasons.length ? 'bad' : 'ok'}>{reasons.length ? reasons.map(reasonText).join('; ') : 'yes'}</td>
              <td><StatusLinks email={u.email} status={u.status} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
