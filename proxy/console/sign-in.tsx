/** Sign-in and sign-out. Failures back off and lock the account; every attempt is a chain entry. */
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AuditLog } from '../audit/log';
import { normalizeEmail } from '../registry/address';
import type { Store } from '../store/types';
import { Page } from './layout';
import { dummyHash, verifyPassword } from './passwords';
import type { ConsoleEnv } from './session';
import { consoleSession, cookieOptions, endSession, LOGIN_CSRF_COOKIE, randomToken, sameToken, startSession } from './session';

/** After this many failures in a row the account is locked for LOCK_MINUTES (NIST SP 800-63B §5.2.2 throttling). */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export interface SignInDeps {
  store: Store;
  log: AuditLog;
  clock: { now(): Date };
  /** Delay per failure so far, in ms (backoff); tests set 0. */
  backoffMs?: number;
}

function LoginPage({ csrf, error, email }: { csrf: string; error?: string; email?: string }) {
  return (
    <Page title="Sign in">
      {error && <p class="bad" role="alert">{error}</p>}
      <form method="post" action="/console/login" class="card" style="max-width: 360px">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" value={email ?? ''} required />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p>
          <button class="primary" type="submit">Sign in</button>
        </p>
      </form>
    </Page>
  );
}

export function signInRoutes(deps: SignInDeps) {
  const { store, log, clock } = deps;
  const backoff = deps.backoffMs ?? 250;
  const app = new Hono<ConsoleEnv>();

  app.get('/login', (c) => {
    const csrf = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, cookieOptions(c, 3600));
    return c.html(<LoginPage csrf={csrf} />);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const fresh = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, fresh, cookieOptions(c, 3600));
    if (!sameToken(typeof form._csrf === 'string' ? form._csrf : undefined, getCookie(c, LOGIN_CSRF_COOKIE))) {
      return c.html(<LoginPage csrf={fresh} error="The sign-in form expired. Please try again." />, 403);
    }
    const email = normalizeEmail(typeof form.email === 'string' ? form.email : '') ?? '';
    const password = typeof form.password === 'string' ? form.password : '';
    const now = clock.now();
    const at = now.toISOString();
    const account = email ? await store.getAccount(email) : undefined;
    const fail = async (reason: string, status: 401 | 423 = 401) => {
      await log.append('console.signin_failed', { email, reason }, at);
      return c.html(<LoginPage csrf={fresh} email={email} error={status === 423 ? `Too many failed attempts: the account is locked for ${LOCK_MINUTES} minutes.` : 'Email or password is not right.'} />, status);
    };
    if (!account) {
      await verifyPassword(await dummyHash(), password);
      return fail('no_such_account');
    }
    if (account.lockedUntil && account.lockedUntil > at) return fail('locked', 423);
    if (account.failedCount > 0 && backoff > 0) await new Promise((r) => setTimeout(r, Math.min(2000, backoff * 2 ** (account.failedCount - 1))));
    if (!(await verifyPassword(account.passwordHash, password))) {
      const failures = account.failedCount + 1;
      const locked = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
      await store.setSignInState(email, locked ? 0 : failures, locked);
      return fail(locked ? 'locked_now' : 'bad_password', locked ? 423 : 401);
    }
    await store.setSignInState(email, 0, null);
    await startSession(c, store, email, now);
    await log.append('console.signin', { email, role: account.role }, at);
    return c.redirect('/console', 303);
  });

  const out = new Hono<ConsoleEnv>();
  out.use(consoleSession({ store, clock }));
  out.post('/', async (c) => {
    await store.revokeSession(c.get('sessionHash'), clock.now().toISOString());
    await log.append('console.signout', { email: c.get('account').email }, clock.now().toISOString());
    endSession(c);
    return c.redirect('/console/login', 303);
  });
  app.route('/logout', out);
  return app;
}
