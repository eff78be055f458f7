/**
 * The console's error pages: HTML with what went wrong and what to do next, with the right status,
 * never a JSON body (that is the extension's API). Form errors are shown on the form itself, with
 * what was typed kept (see each form); these pages are for everything else.
 */
import type { Context } from 'hono';
import { Page } from './layout';
import type { ConsoleEnv } from './env';
import type { GateProblem } from '../http/gate';

/** What a form says when the gate refuses a field: which field, what it holds, and that nothing was saved. */
export function storedRefusal(problems: readonly GateProblem[]): string {
  return `${problems.map((p) => `The ${p.message}.`).join(' ')} Write it without the amount, date or number; nothing was saved.`;
}

export type ConsoleErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 503;

const NEXT: Record<ConsoleErrorStatus, { title: string; next: string }> = {
  400: { title: 'That could not be done', next: 'Go back, correct what is named above and send it again. Nothing was changed.' },
  401: { title: 'Sign in first', next: 'Your session has ended or you are not signed in. Sign in again; nothing you sent was saved.' },
  403: { title: 'Not for this account', next: 'Your role does not include this page. Ask a console administrator if you need it.' },
  404: { title: 'Not found', next: 'It does not exist, or it is not one you may see. Go back to the list and choose it again.' },
  405: { title: 'Not possible here', next: 'This address is not used that way. Go back and use the page\'s own links and forms.' },
  409: { title: 'Already done', next: 'Someone else changed this in the meantime. Open the list again to see where it stands now.' },
  413: { title: 'Too large', next: 'Forms are at most 64 KB and registry files at most 4 MB. Split the file and import the parts.' },
  503: { title: 'Not available right now', next: 'Try again in a few minutes; if it keeps failing, tell IT.' },
};

/** Where "back" goes: the page the account starts on. */
const HOME_LINK: Record<string, [string, string]> = {
  supervisor: ['/console/reviews', 'the review queue'],
  security: ['/console/log', 'the disclosure log'],
  custodian: ['/console/registry', 'the registry'],
  admin: ['/console/reviews', 'the review queue'],
};

export function consoleError(c: Context<ConsoleEnv>, status: ConsoleErrorStatus, message: string, problems: string[] = []): Response | Promise<Response> {
  const account = c.get('account');
  const home = account ? HOME_LINK[account.role] : undefined;
  const { title, next } = NEXT[status];
  return c.html(
    <Page title={title} account={account} csrf={c.get('csrf')}>
      <div class="error-list" role="alert" data-status={status}>
        <p>{message}</p>
        {problems.length > 0 && <ul>{problems.map((p) => <li>{p}</li>)}</ul>}
      </div>
      <p>{next}</p>
      <p>{status === 401 || !home ? <a href="/console/login">Sign in</a> : <a href={home[0]}>Back to {home[1]}</a>}</p>
    </Page>,
    status,
  );
}
