/**
 * Custodians (access requesters): users and organizations; add, edit, suspend, separate, effective
 * at the next recipient check; CSV import with a preview of every change and row error before
 * anything is written; renewals due in the next 30 days; each user's change history.
 */
import { Hono } from 'hono';
import { consoleError, storedRefusal } from './errors';
import { when, zoneLabel } from './format';
import type { Context } from 'hono';
import { CATEGORIES } from '../../shared/policy';
import { csvLine } from '../registry/csv';
import { addDays, daysBetween } from '../registry/dates';
import { ImportError, USER_EXPORT_COLUMNS } from '../registry/import';
import type { RegistryUser } from '../registry/model';
import { authorize, RENEWAL_DAYS } from '../registry/authorize';
import { CATEGORY_LABEL, reasonText } from '../../shared/vocabulary';
import { storedProblems } from '../stored-fields';
import type { Registry } from '../registry/service';
import { importOptOuts } from '../registry/opt-out';
import type { Keys } from '../audit/keys';
import type { Store } from '../store/types';
import { Csrf, Page } from './layout';
import type { ConsoleEnv } from './session';
import { requireRole } from './session';

/** Changes listed in an import's preview; a file of thousands is summed up past these. */
const PREVIEW_ROWS = 500;

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

/** What was typed, less every field the gate refused: confidential data is never echoed into the page. */
function withoutRefused(values: Record<string, string>, problems: string[]): Record<string, string> {
  const refused = new Set(problems.map((p) => /^(\w+) holds /.exec(p)?.[1]).filter(Boolean));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, refused.has(k) ? '' : v]));
}

interface FormState {
  values: Record<string, string>;
  problems: string[];
}

const USER_FORM_FIELDS = ['email', 'full_name', 'organization', 'worksite', 'fax', 'training_completed_on', 'training_score', 'attestation_signed_on', 'supervisor_email'] as const;

function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="error-list" role="alert">
      <p>Not saved: {problems.length === 1 ? 'one thing needs' : `${problems.length} things need`} correcting.</p>
      <ul>{problems.map((p) => <li>{p}</li>)}</ul>
    </div>
  );
}

function Categories({ checked }: { checked: string }) {
  const on = new Set(checked.split(';').filter(Boolean));
  return (
    <>
      <label>categories</label>
      {CATEGORIES.map((cat) => (
        <label style="font-weight: normal; display: inline; margin-right: 10px">
          <input type="checkbox" name="categories" value={cat} checked={on.has(cat)} /> {cat}
        </label>
      ))}
    </>
  );
}

/** Adds a user, or changes one (by email); a blank field keeps the stored value. */
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

function OrgForm({ csrf, values, problems }: { csrf: string; values: Record<string, string>; problems: string[] }) {
  return (
    <form method="post" action="/console/registry/organizations" class="card">
      <Csrf token={csrf} />
      <Problems problems={problems} />
      <label for="o-name">name</label>
      <input id="o-name" name="name" value={values.name ?? ''} />
      <label for="o-type">type</label>
      <select id="o-type" name="type">
        {['state_agency', 'lwdb', 'partner', 'contractor'].map((t) => <option value={t} selected={values.type === t}>{t}</option>)}
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

const STATUS_ACTION: Record<'active' | 'suspended' | 'separated', string> = { active: 'Reactivate', suspended: 'Suspend', separated: 'Separate' };

const STATUS_EFFECT: Record<'active' | 'suspended' | 'separated', (name: string) => string> = {
  active: (n) => `${n} will be able to receive confidential data again from the next recipient check, if their training, attestation and agreement are in order.`,
  suspended: (n) => `${n} will receive no confidential data from the next recipient check on, until reactivated.`,
  separated: (n) => `${n} will be recorded as separated today and will receive no confidential data from the next recipient check on. As a sender, the extension refuses their sends too.`,
};

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

  /** The registry page; after a failed save, that form keeps what was typed and lists every problem. */
  async function registryPage(c: Context<ConsoleEnv>, forms: { user?: FormState; org?: FormState } = {}) {
    const users = await store.listUsers();
    const orgs = await store.listOrganizations();
    const orgByName = new Map(orgs.map((o) => [o.name, o]));
    const today = registry.today();
    return c.html(
      <Page title="Authorized User Registry" account={c.get('account')} csrf={c.get('csrf')}>
        <h2>Users</h2>
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
                    {u.trainingScore !== null && u.trainingScore < 100 ? ' (below 100)' : reasons.includes('training_expired') ? ' (lapsed)' : ''}
                  </td>
                  <td>{u.status}{u.separatedOn ? ` ${u.separatedOn}` : ''}</td>
                  <td class={reasons.length ? 'bad' : 'ok'}>{reasons.length ? reasons.map(reasonText).join('; ') : 'yes'}</td>
                  <td>
                    {(['active', 'suspended', 'separated'] as const)
                      .filter((s) => s !== u.status)
                      .map((s) => (
                        <a href={`/console/registry/users/${encodeURIComponent(u.email)}/status?to=${s}`}>{STATUS_ACTION[s]}</a>
                      ))
                      .flatMap((a, i) => (i ? [' · ', a] : [a]))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <h2 id="user-form">Add or change a user</h2>
        <UserForm csrf={c.get('csrf')} values={forms.user?.values ?? {}} problems={forms.user?.problems ?? []} />
        <h2 id="org-form">Add or change an organization</h2>
        <OrgForm csrf={c.get('csrf')} values={forms.org?.values ?? {}} problems={forms.org?.problems ?? []} />
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
  }

  app.get('/', (c) => registryPage(c));

  app.post('/users', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const cats = ([] as unknown[]).concat(form.categories ?? []).filter((x): x is string => typeof x === 'string');
    const typed = { ...Object.fromEntries(USER_FORM_FIELDS.map((k) => [k, one(k)])), categories: cats.join(';') };
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
    return kept(c, () => registry.importUsers(userCsv(row), actor(c)), (problems) => registryPage(c, { user: { values: withoutRefused(typed, problems), problems } }));
  });

  app.post('/organizations', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const cats = ([] as unknown[]).concat(form.categories ?? []).filter((x): x is string => typeof x === 'string');
    const columns = ['name', 'type', 'agreement_effective_on', 'agreement_expires_on', 'categories'];
    const csv = csvLine(columns) + csvLine([one('name'), one('type'), one('agreement_effective_on'), one('agreement_expires_on'), cats.join(';')]);
    const typed = { name: one('name'), type: one('type'), agreement_effective_on: one('agreement_effective_on'), agreement_expires_on: one('agreement_expires_on'), categories: cats.join(';') };
    return kept(c, () => registry.importOrganizations(csv, actor(c)), (problems) => registryPage(c, { org: { values: withoutRefused(typed, problems), problems } }));
  });

  /** Suspending, separating or reactivating asks for a reason and a confirmation first. */
  async function statusForm(c: Context<ConsoleEnv>, email: string, to: 'active' | 'suspended' | 'separated', opts: { reason?: string; problem?: string } = {}) {
    const user = await store.getUser(email);
    if (!user) return consoleError(c, 404, `No one with the email ${email} is in the registry.`);
    return c.html(
      <Page title={`${STATUS_ACTION[to]} ${user.fullName}?`} account={c.get('account')} csrf={c.get('csrf')}>
        <p>{STATUS_EFFECT[to](user.fullName)}</p>
        <form method="post" action={`/console/registry/users/${encodeURIComponent(user.email)}/status`} class="card">
          <Csrf token={c.get('csrf')} />
          <input type="hidden" name="status" value={to} />
          <input type="hidden" name="confirm" value="yes" />
          {opts.problem && <p class="error-list" role="alert">{opts.problem}</p>}
          <label for="status-reason">Reason (required; kept in the log)</label>
          <textarea id="status-reason" name="reason" required minlength={5} maxlength={500}>{opts.reason ?? ''}</textarea>
          <p>
            <button class="primary" type="submit">{STATUS_ACTION[to]} {user.fullName}</button> <a href="/console/registry">Cancel</a>
          </p>
        </form>
      </Page>,
      opts.problem ? 400 : 200,
    );
  }

  app.get('/users/:email/status', async (c) => {
    const to = c.req.query('to');
    if (to !== 'active' && to !== 'suspended' && to !== 'separated') return consoleError(c, 400, 'Choose what to do: reactivate, suspend or separate.');
    return statusForm(c, c.req.param('email'), to);
  });

  app.post('/users/:email/status', async (c) => {
    const form = await c.req.parseBody();
    const status = form.status;
    const email = c.req.param('email');
    const user = await store.getUser(email);
    if (!user) return consoleError(c, 404, `No one with the email ${email} is in the registry.`);
    if (status !== 'active' && status !== 'suspended' && status !== 'separated') {
      return consoleError(c, 400, 'The status must be active, suspended or separated.');
    }
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (form.confirm !== 'yes') return statusForm(c, email, status);
    if (reason.length < 5 || reason.length > 500) return statusForm(c, email, status, { reason, problem: 'Give a reason of 5 to 500 characters: it is kept in the log with the change.' });
    const refused = storedProblems('statusChange', { reason });
    if (refused.length) return statusForm(c, email, status, { problem: storedRefusal(refused) });
    const row = toRow(user);
    row.status = status;
    row.separated_on = status === 'separated' ? registry.today() : status === 'active' ? '' : row.separated_on!;
    return saved(c, () => registry.importUsers(userCsv(row), actor(c), reason));
  });

  /** A form's write: its validation problems show on the form again, with what was typed. */
  async function kept(c: Context<ConsoleEnv>, write: () => Promise<unknown>, again: (problems: string[]) => Promise<Response>) {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      const res = await again(err.problems.map((p) => p.replace(/^line \d+: /, '')));
      return new Response(res.body, { status: 400, headers: res.headers });
    }
    return c.redirect('/console/registry', 303);
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
        <p>
          {(['active', 'suspended', 'separated'] as const)
            .filter((st) => st !== user.status)
            .map((st) => <a href={`/console/registry/users/${encodeURIComponent(user.email)}/status?to=${st}`}>{STATUS_ACTION[st]}</a>)
            .flatMap((a, i) => (i ? [' · ', a] : [a]))}
        </p>
        <h2>Edit</h2>
        <UserForm csrf={c.get('csrf')} values={toRow(user)} problems={[]} />
        <h2>Change history</h2>
        <table>
          <thead><tr><th>When ({zoneLabel(timeZone)})</th><th>By</th><th>What</th><th>Reason</th><th>Entry</th></tr></thead>
          <tbody>
            {history.map((e) => {
              const d = JSON.parse(e.body).data as { action: string; by: string; reason?: string; changed: Record<string, [unknown, unknown]> };
              return (
                <tr>
                  <td><time datetime={e.at}>{when(e.at, timeZone)}</time></td>
                  <td>{d.by}</td>
                  <td>{describeChange(d.action, d.changed)}</td>
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

  app.get('/renewals', async (c) => {
    const today = registry.today();
    const until = addDays(today, RENEWAL_WINDOW_DAYS);
    // Everything that lapses in the window, and everything already lapsed (those people receive nothing now).
    const due: Array<[string, string, string | null]> = [];
    for (const u of await store.listUsers()) {
      if (u.status !== 'active') continue;
      for (const [what, on] of [['attestation', u.attestationSignedOn], ['training', u.trainingCompletedOn]] as const) {
        if (!on) {
          due.push([`${u.fullName} (${u.email})`, `${what} (never completed)`, null]);
          continue;
        }
        const expires = addDays(on, RENEWAL_DAYS);
        if (expires <= until) due.push([`${u.fullName} (${u.email})`, what, expires]);
      }
      if (u.trainingScore !== null && u.trainingScore < 100 && u.trainingCompletedOn) due.push([`${u.fullName} (${u.email})`, `training (score ${u.trainingScore}%, below 100)`, null]);
    }
    for (const o of await store.listOrganizations()) {
      if (o.agreementExpiresOn && o.agreementExpiresOn <= until) due.push([o.name, 'data-sharing agreement', o.agreementExpiresOn]);
    }
    due.sort((a, b) => (a[2] ?? '').localeCompare(b[2] ?? ''));
    const lapsed = due.filter(([, , on]) => on === null || on < today).length;
    return c.html(
      <Page title={`Renewals due by ${until}`} account={c.get('account')} csrf={c.get('csrf')}>
        <p>{lapsed} already lapsed (they receive no confidential data until renewed), {due.length - lapsed} lapsing within {RENEWAL_WINDOW_DAYS} days.</p>
        <table>
          <thead><tr><th>Who</th><th>What</th><th>Last valid day</th><th>Days left</th></tr></thead>
          <tbody>
            {due.map(([who, what, on]) => {
              const left = on === null ? null : daysBetween(today, on);
              return (
                <tr class={left === null || left < 0 ? 'overdue' : ''} data-lapsed={left === null || left < 0 ? 'yes' : 'no'}>
                  <td>{who}</td><td>{what}</td><td>{on ?? '—'}</td>
                  <td>{left === null ? 'needs completing' : left < 0 ? `lapsed ${-left} day${left === -1 ? '' : 's'} ago` : left}</td>
                </tr>
              );
            })}
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
            {plan.users.slice(0, PREVIEW_ROWS).map((u) => (
              <tr>
                <td>{u.fields.email}</td>
                <td>{u.action}</td>
                <td>{Object.entries(u.changed).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {plan.users.length > PREVIEW_ROWS ? <p>… and {plan.users.length - PREVIEW_ROWS} more changes, not listed here.</p> : null}
        {/* Multipart: the file goes back as it came (URL-encoding would grow a 4 MB file past the limit). */}
        <form method="post" action="/console/registry/import/commit" enctype="multipart/form-data">
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
    return saved(c, () => registry.importUsers(typeof form.csv === 'string' ? form.csv : '', actor(c)));
  });

  return app;
}
