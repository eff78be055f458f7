/** Organizations on the registry page: the list with each data-sharing agreement, and the form. */
import type { OrgColumn } from '../../registry/import';
import { ORG_TYPES } from '../../registry/model';
import type { Organization } from '../../registry/model';
import { Csrf } from '../layout';
import { Categories, Problems, typedList, typedText } from './forms';

export function OrgForm({ csrf, values, problems }: { csrf: string; values: Record<string, string>; problems: string[] }) {
  return (
    <form method="post" action="/console/registry/organizations" class="card">
      <Csrf token={csrf} />
      <Problems problems={problems} />
      <label for="o-name">name</label>
      <input id="o-name" name="name" value={values.name ?? ''} />
      <label for="o-type">type</label>
      <select id="o-type" name="type">
        {ORG_TYPES.map((t) => <option value={t} selected={values.type === t}>{t}</option>)}
      </select>
      <label for="o-from">agreement effective on</label>
      <input id="o-from" name="agreement_effective_on" type="date" value={values.agreement_effective_on ?? ''} />
      <label for="o-to">agreement expires on</label>
      <input id="o-to" name="agreement_expires_on" type="date" value={values.agreement_expires_on ?? ''} />
      <Categories checked={values.categories ?? ''} />
      <p><button class="primary" type="submit">Save organization</button></p>
    </form>
  );
}

/** The posted form by column: what is saved, and what is shown again if it cannot be. */
export function typedOrg(form: Parameters<typeof typedText>[0]): Record<OrgColumn, string> {
  return {
    name: typedText(form, 'name'),
    type: typedText(form, 'type'),
    agreement_effective_on: typedText(form, 'agreement_effective_on'),
    agreement_expires_on: typedText(form, 'agreement_expires_on'),
    categories: typedList(form, 'categories').join(';'),
  };
}

/** An agreement already expired shows in red: no one of that organization receives anything. */
export function OrgsTable({ orgs, today }: { orgs: Organization[]; today: string }) {
  return (
    <table>
      <thead><tr><th>Name</th><th>Type</th><th>Agreement</th><th>Categories</th></tr></thead>
      <tbody>
        {orgs.map((o) => (
          <tr>
            <td>{o.name}</td>
            <td>{o.type}</td>
            <td class={o.agreementExpiresOn && o.agreementExpiresOn < today ? 'bad' : ''}>
              {o.agreementEffectiveOn ?? '—'} → {o.agreementExpiresOn ?? '—'}
            </td>
            <td>{o.categories.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
