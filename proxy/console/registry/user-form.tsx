/** The user form: adds a user, or changes one (by email); a blank field keeps the stored value. */
import { userRow } from '../../registry/import';
import type { UserColumn } from '../../registry/import';
import type { RegistryUser, UserStatus } from '../../registry/model';
import { Csrf } from '../layout';
import { Categories, Problems, typedList, typedText } from './forms';

/** The columns the form edits; status has its own confirmed change, aliases come from imports. */
export const USER_FORM_FIELDS = [
  'email',
  'full_name',
  'organization',
  'worksite',
  'fax',
  'training_completed_on',
  'training_score',
  'attestation_signed_on',
  'supervisor_email',
] as const satisfies readonly UserColumn[];

/** A new user starts active. */
const NEW_USER_STATUS: UserStatus = 'active';

export function UserForm({ csrf, values, problems }: { csrf: string; values: Record<string, string>; problems: string[] }) {
  return (
    <form method="post" action="/console/registry/users" class="card">
      <Csrf token={csrf} />
      <Problems problems={problems} />
      {USER_FORM_FIELDS.map((k) => (
        <span>
          <label for={`u-${k}`}>{k.replace(/_/g, ' ')}</label>
          <input id={`u-${k}`} name={k} type={k.endsWith('_on') ? 'date' : 'text'} value={values[k] ?? ''} />
        </span>
      ))}
      <Categories checked={values.categories ?? ''} />
      <p><button class="primary" type="submit">Save user</button></p>
    </form>
  );
}

export interface TypedUser {
  /** Every field as typed (categories as a list column holds them), to show again after a failed save. */
  typed: Record<string, string>;
  categories: string[];
}

export function typedUser(form: Parameters<typeof typedText>[0]): TypedUser {
  const categories = typedList(form, 'categories');
  return { typed: { ...Object.fromEntries(USER_FORM_FIELDS.map((k) => [k, typedText(form, k)])), categories: categories.join(';') }, categories };
}

/** The user to save: the stored one with every field typed in, or a new active user with only those. */
export function userToSave({ typed, categories }: TypedUser, existing: RegistryUser | undefined): Partial<Record<UserColumn, string>> {
  const base: Partial<Record<UserColumn, string>> = existing ? userRow(existing) : { status: NEW_USER_STATUS };
  const entered = USER_FORM_FIELDS.filter((k) => typed[k] !== '' || !existing).map((k) => [k, typed[k]!]);
  return {
    ...base,
    ...Object.fromEntries(entered),
    categories: categories.length || !existing ? categories.join(';') : existing.categories.join(';'),
  };
}
