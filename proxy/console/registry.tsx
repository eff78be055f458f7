/**
 * Custodians (access requesters): users and organizations; add, edit, suspend, separate, effective
 * at the next recipient check; CSV import with a preview of every change and row error before
 * anything is written; renewals due in the next 30 days; each user's change history.
 */
import { Hono } from 'hono';
import { consoleError } from './errors';
import { when, zoneLabel } from './format';
import type { Context } from 'hono';
import { CATEGORIES } from '../../shared/policy';
import { csvLine } from '../registry/csv';
import { addDays, daysBetween } from '../registry/dates';
import { ImportError, USER_EXPORT_COLUMNS } from '../registry/import';
import type { RegistryUser } from '../registry/model';
import { RENEWAL_DAYS } from '../registry/authorize';
import type { Registry } from '../registry/service';
import { importOptOuts } from '../registry/opt-out';
import type { Keys } from '../audit/keys';
import type { Store } from '../store/types';
import { Csrf, Page } from './layout';
import type { ConsoleEnv } from './session';
import { requireRole } from './session';

const RENEWAL_WINDOW_DAYS = 30;

/** The CSV of an upload form: the file if one was chosen, else the pasted text. */
async function uploadedCsv(c: Context<ConsoleEnv>): Promise<string> {
  const form = await c.req.parseBody();
  const file = form.file;
  return file instanceof File && file.size > 0 ? file.text() : typeof form.csv === 'string' ? form.csv : '';
}

function fileProblems(c: Context<ConsoleEnv>, err: ImportError) {
  return c.html(
    <Page title="The file has problems" account={c.get('account')} csrf={c.get('csrf')}>
      <p>Nothing was imported. Fix these rows and try again:</p>
      <ul class="error-list">{err.problems.map((p) => <li>{p}</li>)}</ul>
    </Page>,
    400,
  );
}

function userCsv(u: Record<string, string | undefined>): string {
  return csvLine(USER_EXPORT_COLUMNS) + csvLine(USER_EXPORT_COLUMNS.map((k) => u[k] ?? ''));
}

function toRow(u: RegistryUser): Record<string, string> {
  return {
    email: u.email,
    full_name: u.fullName,
    organization: u.organization,
    worksite: u.worksite,
    fax: u.fax.join(';'),
    categories: u.categories.join(';'),
    training_completed_on: u.trainingCompletedOn ?? '',
    training_score: u.trainingScore === null ? '' : String(u.trainingScore),
    attestation_signed_on: u.attestationSignedOn ?? '',
    status: u.status,
    separated_on: u.separatedOn ?? '',
    supervisor_email: u.supervisorEmail ?? '',
    aliases: u.aliases.join(';'),
  };
}

export function registryConsoleRoutes({
  store,
  registry,
  keys,
  clock,
  timeZone,
}: {
  store: Store;
  registry: Registry;
  keys: Pick<Keys, 'fingerprint'>;
  clock: { now(): Date };
  timeZone: string;
}) {
  const app = new Hono<ConsoleEnv>();
  app.use(requireRole('custodian'));
  const actor = (c: Context<ConsoleEnv>) => `console:${c.get('account').email}`;

  app.get('/', async (c) => {
    const users = await store.listUsers();
    const orgs = await store.listOrganizations();
    const today = registry.today();
    return c.html(
      <Page title="Authorized User Registry" account={c.get('account')} csrf={c.get('csrf')}>
        <h2>Users</h2>
        <table>
          <thead>
            <tr><th>Email</th><th>Name</th><th>Organization</th><th>Categories</th><th>Attestation</th><th>Training</th><th>Status</th><th></th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr data-user={u.email}>
                <td><a href={`/console/registry/users/${encodeURIComponent(u.email)}`}>{u.email}</a></td>
                <td>{u.fullName}</td>
                <td>{u.organization}</td>
                <td>{u.categories.join(', ')}</td>
                <td>{u.attestationSignedOn ?? '—'}</td>
                <td>{u.trainingCompletedOn ? `${u.trainingCompletedOn} (${u.trainingScore}%)` : '—'}</td>
                <td>{u.status}{u.separatedOn ? ` ${u.separatedOn}` : ''}</td>
                <td>
                  {(['active', 'suspended', 'separated'] as const)
                    .filter((s) => s !== u.status)
                    .map((s) => (
                      <form class="inline" method="post" action={`/console/registry/users/${encodeURIComponent(u.email)}/status`}>
                        <Csrf token={c.get('csrf')} />
                        <input type="hidden" name="status" value={s} />
                        <button type="submit">{s === 'active' ? 'Reactivate' : s === 'suspended' ? 'Suspend' : 'Separate'}</button>
                      </form>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Add or change a user</h2>
        <form method="post" action="/console/registry/users" class="card">
          <Csrf token={c.get('csrf')} />
          {(['email', 'full_name', 'organization', 'worksite', 'fax', 'training_completed_on', 'training_score', 'attestation_signed_on', 'supervisor_email'] as const).map((k) => (
            <span>
              <label for={`u-${k}`}>{k.replace(/_/g, ' ')}</label>
              <input id={`u-${k}`} name={k} type={k.endsWith('_on') ? 'date' : 'text'} />
            </span>
          ))}
          <label>categories</label>
          {CATEGORIES.map((cat) => (
            <label style="font-weight: normal; display: inline; margin-right: 10px">
              <input type="checkbox" name="categories" value={cat} /> {cat}
            </label>
          ))}
          <p><button class="primary" type="submit">Save user</button></p>
        </form>
        <h2>Add or change an organization</h2>
        <form method="post" action="/console/registry/organizations" class="card">
          <Csrf token={c.get('csrf')} />
          <label for="o-name">name</label>
          <input id="o-name" name="name" />
          <label for="o-type">type</label>
          <select id="o-type" name="type">
            {['state_agency', 'lwdb', 'partner', 'contractor'].map((t) => <option value={t}>{t}</option>)}
          </select>
          <label for="o-from">agreement effective on</label>
          <input id="o-from" name="agreement_effective_on" type="date" />
          <label for="o-to">agreement expires on</label>
          <input id="o-to" name="agreement_expires_on" type="date" />
          <label>categories</label>
          {CATEGORIES.map((cat) => (
            <label style="font-weight: normal; display: inline; margin-right: 10px">
              <input type="checkbox" name="categories" value={cat} /> {cat}
            </label>
          ))}
          <p><button class="primary" type="submit">Save organization</button></p>
        </form>
        <h2>Organizations</h2>
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
      </Page>,
    );
  });

  app.post('/users', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const cats = ([] as unknown[]).concat(form.categories ?? []).filter((x): x is string => typeof x === 'string');
    const existing = await store.getUser(one('email').toLowerCase());
    const row = {
      ...(existing ? toRow(existing) : { status: 'active', aliases: '' }),
      ...Object.fromEntries(
        ['email', 'full_name', 'organization', 'worksite', 'fax', 'training_completed_on', 'training_score', 'attestation_signed_on', 'supervisor_email']
          .filter((k) => one(k) !== '' || !existing)
          .map((k) => [k, one(k)]),
      ),
      categories: cats.length || !existing ? cats.join(';') : existing.categories.join(';'),
    };
    return apply(c, userCsv(row));
  });

  app.post('/organizations', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const cats = ([] as unknown[]).concat(form.categories ?? []).filter((x): x is string => typeof x === 'string');
    const columns = ['name', 'type', 'agreement_effective_on', 'agreement_expires_on', 'categories'];
    const csv = csvLine(columns) + csvLine([one('name'), one('type'), one('agreement_effective_on'), one('agreement_expires_on'), cats.join(';')]);
    return saved(c, () => registry.importOrganizations(csv, actor(c)));
  });

  app.post('/users/:email/status', async (c) => {
    const form = await c.req.parseBody();
    const status = form.status;
    const user = await store.getUser(c.req.param('email'));
    if (!user) return consoleError(c, 404, `No one with the email ${c.req.param('email')} is in the registry.`);
    if (status !== 'active' && status !== 'suspended' && status !== 'separated') {
      return consoleError(c, 400, 'The status must be active, suspended or separated.');
    }
    const row = toRow(user);
    row.status = status;
    row.separated_on = status === 'separated' ? registry.today() : status === 'active' ? '' : row.separated_on!;
    return apply(c, userCsv(row));
  });

  function apply(c: Context<ConsoleEnv>, csv: string) {
    return saved(c, () => registry.importUsers(csv, actor(c)));
  }

  /** Runs a registry write; its validation problems become a page, anything else is an error. */
  async function saved(c: Context<ConsoleEnv>, write: () => Promise<unknown>) {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return c.html(
        <Page title="Not saved" account={c.get('account')} csrf={c.get('csrf')}>
          <ul class="error-list">{err.problems.map((p) => <li>{p.replace(/^line \d+: /, '')}</li>)}</ul>
          <p><a href="/console/registry">Back to the registry</a></p>
        </Page>,
        400,
      );
    }
    return c.redirect('/console/registry', 303);
  }

  app.get('/users/:email', async (c) => {
    const email = c.req.param('email');
    const user = await store.getUser(email);
    if (!user) return consoleError(c, 404, `No one with the email ${email} is in the registry.`);
    const history = await store.registryHistory(email);
    return c.html(
      <Page title={user.fullName} account={c.get('account')} csrf={c.get('csrf')}>
        <p>{user.email} · {user.organization} · {user.status}</p>
        <h2>Change history</h2>
        <table>
          <thead><tr><th>Seq</th><th>When ({zoneLabel(timeZone)})</th><th>By</th><th>Action</th><th>Changed</th></tr></thead>
          <tbody>
            {history.map((e) => {
              const d = JSON.parse(e.body).data as { action: string; by: string; changed: Record<string, [unknown, unknown]> };
              return (
                <tr>
                  <td>{e.seq}</td>
                  <td><time datetime={e.at}>{when(e.at, timeZone)}</time></td>
                  <td>{d.by}</td>
                  <td>{d.action}</td>
                  <td>{Object.entries(d.changed).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join('; ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Page>,
    );
  });

  app.get('/renewals', async (c) => {
    const today = registry.today();
    const until = addDays(today, RENEWAL_WINDOW_DAYS);
    const due: Array<[string, string, string]> = [];
    for (const u of await store.listUsers()) {
      if (u.status !== 'active') continue;
      for (const [what, on] of [['attestation', u.attestationSignedOn], ['training', u.trainingCompletedOn]] as const) {
        if (!on) continue;
        const expires = addDays(on, RENEWAL_DAYS);
        if (expires >= today && expires <= until) due.push([`${u.fullName} (${u.email})`, what, expires]);
      }
    }
    for (const o of await store.listOrganizations()) {
      if (o.agreementExpiresOn && o.agreementExpiresOn >= today && o.agreementExpiresOn <= until) due.push([o.name, 'data-sharing agreement', o.agreementExpiresOn]);
    }
    due.sort((a, b) => a[2].localeCompare(b[2]));
    return c.html(
      <Page title={`Renewals due by ${until}`} account={c.get('account')} csrf={c.get('csrf')}>
        <table>
          <thead><tr><th>Who</th><th>What</th><th>Last valid day</th><th>Days left</th></tr></thead>
          <tbody>
            {due.map(([who, what, on]) => (
              <tr><td>{who}</td><td>{what}</td><td>{on}</td><td>{daysBetween(today, on)}</td></tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });

  app.get('/import', (c) =>
    c.html(
      <Page title="Import the Authorized Users List" account={c.get('account')} csrf={c.get('csrf')}>
        <form method="post" action="/console/registry/import" enctype="multipart/form-data" class="card">
          <Csrf token={c.get('csrf')} />
          <label for="file">CSV file ({USER_EXPORT_COLUMNS.join(', ')})</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
          <label for="csv">or paste it</label>
          <textarea id="csv" name="csv"></textarea>
          <p><button class="primary" type="submit">Preview</button></p>
        </form>
      </Page>,
    ),
  );

  app.post('/import', async (c) => {
    const csv = await uploadedCsv(c);
    let plan;
    try {
      plan = await registry.planUsers(csv);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return fileProblems(c, err);
    }
    return c.html(
      <Page title="Preview" account={c.get('account')} csrf={c.get('csrf')}>
        <p>{plan.users.filter((u) => u.action === 'add').length} to add, {plan.users.filter((u) => u.action === 'update').length} to change, {plan.unchanged} unchanged.</p>
        <table>
          <thead><tr><th>User</th><th>Action</th><th>Changes</th></tr></thead>
          <tbody>
            {plan.users.map((u) => (
              <tr>
                <td>{u.fields.email}</td>
                <td>{u.action}</td>
                <td>{Object.entries(u.changed).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/console/registry/import/commit">
          <Csrf token={c.get('csrf')} />
          <textarea name="csv" hidden>{csv}</textarea>
          <p><button class="primary" type="submit">Import these changes</button></p>
        </form>
      </Page>,
    );
  });

  // Job seekers who opted out of data sharing (WorkSource 1021): fingerprinted at once, never kept.
  app.get('/import/opt-outs', (c) =>
    c.html(
      <Page title="Import opted-out job seekers" account={c.get('account')} csrf={c.get('csrf')}>
        <p>
          A CSV with an <code>ssn</code> column. Each number is turned into a keyed fingerprint on arrival; the numbers
          themselves are never stored or shown. Messages that identify these job seekers may not leave the agency.
        </p>
        <form method="post" action="/console/registry/import/opt-outs" enctype="multipart/form-data" class="card" autocomplete="off">
          <Csrf token={c.get('csrf')} />
          <label for="optout-file">CSV file</label>
          <input id="optout-file" name="file" type="file" accept=".csv,text/csv" />
          <p><button class="primary" type="submit">Import</button></p>
        </form>
      </Page>,
    ),
  );

  app.post('/import/opt-outs', async (c) => {
    const csv = await uploadedCsv(c);
    try {
      const r = await importOptOuts({ store, keys, clock }, csv, actor(c));
      return c.html(
        <Page title="Opted-out job seekers imported" account={c.get('account')} csrf={c.get('csrf')}>
          <p role="status">{r.added} added, {r.already} already listed. Only their fingerprints are kept.</p>
        </Page>,
      );
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return fileProblems(c, err);
    }
  });

  app.post('/import/commit', async (c) => {
    const form = await c.req.parseBody();
    return apply(c, typeof form.csv === 'string' ? form.csv : '');
  });

  return app;
}
