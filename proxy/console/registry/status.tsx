/**
 * Suspending, separating or reactivating a user: asks for a reason and a confirmation first, then
 * saves the new status through the registry, effective at the next recipient check.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { userRow } from '../../registry/import';
import { USER_STATUSES } from '../../registry/model';
import type { UserStatus } from '../../registry/model';
import { storedProblems } from '../../http/stored-fields';
import { consoleError, storedRefusal } from '../errors';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import { actor } from './deps';
import type { RegistryConsoleDeps } from './deps';
import { saved } from './forms';

const STATUS_ACTION: Record<UserStatus, string> = { active: 'Reactivate', suspended: 'Suspend', separated: 'Separate' };

const STATUS_EFFECT: Record<UserStatus, (name: string) => string> = {
  active: (n) => `${n} will be able to receive confidential data again from the next recipient check, if their training, attestation and agreement are in order.`,
  suspended: (n) => `${n} will receive no confidential data from the next recipient check on, until reactivated.`,
  separated: (n) => `${n} will be recorded as separated today and will receive no confidential data from the next recipient check on. As a sender, the extension refuses their sends too.`,
};

/** A reason is kept in the log with the change (and passes the gate like every stored text). */
const REASON_LENGTH = { min: 5, max: 500 };

/** "a, b or c". */
const orList = (words: readonly string[]) => `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

function isStatus(s: unknown): s is UserStatus {
  return (USER_STATUSES as readonly unknown[]).includes(s);
}

/** Links to every status but the user's own: "Suspend · Separate". */
export function StatusLinks({ email, status }: { email: string; status: UserStatus }) {
  return (
    <>
      {USER_STATUSES.filter((s) => s !== status)
        .map((s) => <a href={`/console/registry/users/${encodeURIComponent(email)}/status?to=${s}`}>{STATUS_ACTION[s]}</a>)
        .flatMap((a, i) => (i ? [' · ', a] : [a]))}
    </>
  );
}

export function statusRoutes({ store, registry }: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  async function statusForm(c: Context<ConsoleEnv>, email: string, to: UserStatus, opts: { reason?: string; problem?: string } = {}) {
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
          <textarea id="status-reason" name="reason" required minlength={REASON_LENGTH.min} maxlength={REASON_LENGTH.max}>{opts.reason ?? ''}</textarea>
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
    if (!isStatus(to)) return consoleError(c, 400, `Choose what to do: ${orList(USER_STATUSES.map((s) => STATUS_ACTION[s].toLowerCase()))}.`);
    return statusForm(c, c.req.param('email'), to);
  });

  app.post('/users/:email/status', async (c) => {
    const form = await c.req.parseBody();
    const status = form.status;
    const email = c.req.param('email');
    const user = await store.getUser(email);
    if (!user) return consoleError(c, 404, `No one with the email ${email} is in the registry.`);
    if (!isStatus(status)) return consoleError(c, 400, `The status must be ${orList(USER_STATUSES)}.`);
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (form.confirm !== 'yes') return statusForm(c, email, status);
    if (reason.length < REASON_LENGTH.min || reason.length > REASON_LENGTH.max) {
      return statusForm(c, email, status, { reason, problem: `Give a reason of ${REASON_LENGTH.min} to ${REASON_LENGTH.max} characters: it is kept in the log with the change.` });
    }
    const refused = storedProblems('statusChange', { reason });
    if (refused.length) return statusForm(c, email, status, { problem: storedRefusal(refused) });
    const row = userRow(user);
    row.status = status;
    row.separated_on = status === 'separated' ? registry.today() : status === 'active' ? '' : row.separated_on;
    return saved(c, () => registry.saveUser(row, actor(c), reason));
  });

  return app;
}
