/** One user: every field in words, whether they may receive confidential data, the edit form, and each change. */
import { Hono } from 'hono';
import { CATEGORY_LABEL, reasonText } from '../../../shared/vocabulary';
import { authorize } from '../../registry/authorize';
import { userRow } from '../../registry/import';
import { consoleError } from '../errors';
import { when, zoneLabel } from '../format';
import { Page } from '../layout';
import type { ConsoleEnv } from '../session';
import type { RegistryConsoleDeps } from './deps';
import { StatusLinks } from './status';
import { UserForm } from './user-form';
import { entryData } from '../../audit/kinds';

/** Field names as people say them. */
const FIELD_LABEL: Record<string, string> = {
  fullName: 'name',
  organization: 'organization',
  worksite: 'worksite',
  fax: 'fax',
  aliases: 'other addresses',
  categories: 'categories',
  trainingCompletedOn: 'training completed',
  trainingScore: 'training score',
  attestationSignedOn: 'attestation signed',
  status: 'status',
  separatedOn: 'separated on',
  supervisorEmail: 'supervisor',
};

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  return String(v);
}

/** "Added", or each field that really changed: "status: active → separated". */
function describeChange(action: string, changed: Record<string, [unknown, unknown]>): string {
  const real = Object.entries(changed).filter(([, [a, b]]) => shown(a) !== shown(b));
  if (action === 'add') return 'added to the registry';
  if (real.length === 0) return 'saved with no change';
  return real.map(([k, [a, b]]) => `${FIELD_LABEL[k] ?? k}: ${shown(a)} → ${shown(b)}`).join('; ');
}

export function userRoutes({ store, registry, timeZone }: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/users/:email', async (c) => {
    const email = c.req.param('email');
    const user = await store.getUser(email);
    if (!user) return consoleError(c, 404, `No one with the email ${email} is in the registry.`);
    const org = await store.getOrganization(user.organization);
    const reasons = authorize(user, org, [], registry.today()).reasons;
    const history = await store.registryHistory(email);
    const fields: Array<[string, string]> = [
      ['Email', user.email],
      ['Also reached at', [...user.aliases, ...user.fax].join(', ') || '—'],
      ['Organization', user.organization],
      ['Worksite', user.worksite || '—'],
      ['Categories', user.categories.map((k) => CATEGORY_LABEL[k] ?? k).join('; ') || 'none'],
      ['Training', user.trainingCompletedOn ? `${user.trainingCompletedOn}, score ${user.trainingScore}%` : 'never completed'],
      ['Attestation', user.attestationSignedOn ?? 'never signed'],
      ['Status', `${user.status}${user.separatedOn ? ` (separated on ${user.separatedOn})` : ''}`],
      ['Supervisor', user.supervisorEmail ?? '—'],
      ['May receive confidential data', reasons.length ? `no: ${reasons.map(reasonText).join('; ')}` : 'yes'],
      ['Last changed', `${when(user.updatedAt, timeZone)}${user.lastChangedBy ? ` by ${user.lastChangedBy}` : ''}`],
    ];
    return c.html(
      <Page title={user.fullName} account={c.get('account')} csrf={c.get('csrf')}>
        <dl class="card" data-fields>
          {fields.map(([k, v]) => (
            <>
              <dt><strong>{k}</strong></dt>
              <dd class={k.startsWith('May receive') ? (reasons.length ? 'bad' : 'ok') : ''}>{v}</dd>
            </>
          ))}
        </dl>
        <p><StatusLinks email={user.email} status={user.status} /></p>
        <h2>Edit</h2>
        <UserForm csrf={c.get('csrf')} values={userRow(user)} problems={[]} />
        <h2>Change history</h2>
        <table>
          <thead><tr><th>When ({zoneLabel(timeZone)})</th><th>By</th><th>What</th><th>Reason</th><th>Entry</th></tr></thead>
          <tbody>
            {history.map((e) => {
              const d = entryData(e) as { action?: string; by?: string; reason?: string; changed?: Record<string, [unknown, unknown]> };
              return (
                <tr>
                  <td><time datetime={e.at}>{when(e.at, timeZone)}</time></td>
                  <td>{d.by}</td>
                  <td>{describeChange(d.action ?? '', d.changed ?? {})}</td>
                  <td>{d.reason ?? ''}</td>
                  <td><a href={`/console/log/${e.seq}`}>{e.seq}</a></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Page>,
    );
  });

  return app;
}
