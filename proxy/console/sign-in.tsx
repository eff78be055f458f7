/** Sign-in and sign-out. Failures back off and lock the account; every attempt is a chain entry. */
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
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
  keys: Pick<Keys, 'keyedHash'>;
  log: AuditLog;
  clock: { now(): Date };
  /** Delay per failure so far, in ms (backoff); tests set 0. */
  backoffMs?: number;
  /** The identity provider's name, when sign-in with it is set up. */
  oidcName?: string;
}

function LoginPage({ csrf, error, email, oidcName }: { csrf: string; error?: string; email?: string; oidcName?: string }) {
  return (
    <Page title="Sign in">
      {error && <p class="bad" role="alert">{error}</p>}
      {oidcName && (
        <div class="card" style="max-width: 360px">
          <p><a href="/console/login/oidc" data-oidc="console"><strong>Sign in with {oidcName}</strong></a></p>
          <p class="muted">Staff setting up the browser extension: <a href="/console/login/oidc?for=token">get your device token with {oidcName}</a>.</p>
        </div>
      )}
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
  const { store, log, clock, keys } = deps;
  const backoff = deps.backoffMs ?? 250;
  const app = new Hono<ConsoleEnv>();

  app.get('/login', (c) => {
    const csrf = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, cookieOptions(c, 3600));
    return c.html(<LoginPage csrf={csrf} oidcName={deps.oidcName} />);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const fresh = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, fresh, cookieOptions(c, 3600));
    if (!sameToken(typeof form._csrf === 'string' ? form._csrf : undefined, getCookie(c, LOGIN_CSRF_COOKIE))) {
      return c.html(<LoginPage csrf={fresh} oidcName={deps.oidcName} error="The sign-in form expired. Please try again." />, 403);
    }
    const typed = typeof form.email === 'string' ? form.email.slice(0, 320) : '';
    const email = normalizeEmail(typed) ?? '';
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    const now = clock.now();
    const at = now.toISOString();
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
    // Throttled by what was typed, whether or not such an account exists, so unknown accounts
    // answer and lock alike. Only a keyed fingerprint of the typed text is ever recorded.
    const key = keys.keyedHash('console-signin', email || typed.trim().toLowerCase());
    const account = email ? await store.getAccount(email) : undefined;
    const usable = account && !account.disabledAt ? account : undefined;
    const fail = async (reason: string, status: 401 | 423 = 401) => {
      await log.append('console.signin_failed', { typed: key, ...(account ? { account: account.email } : {}), reason }, at);
      const message = status === 423 ? `Too many failed attempts: sign-in is locked for ${LOCK_MINUTES} minutes.` : 'Email or password is not right.';
      return c.html(<LoginPage csrf={fresh} oidcName={deps.oidcName} email={usable ? email : ''} error={message} />, status);
    };
    // Counted before the password is checked: parallel attempts each see their own count.
    const attempt = await store.countSignInAttempt(key, at, MAX_FAILURES, lockUntil);
    if (attempt.lockedUntil && attempt.lockedUntil > at) return fail('locked', 423);
    if (attempt.failures > 1 && backoff > 0) await new Promise((r) => setTimeout(r, Math.min(2000, backoff * 2 ** (attempt.failures - 2))));
    const right = await verifyPassword(usable?.passwordHash ?? (await dummyHash()), password);
    if (!right || !usable) {
      if (attempt.failures >= MAX_FAILURES) {
        await store.lockSignIn(key, lockUntil);
        return fail('locked_now', 423);
      }
      return fail(!account ? 'no_such_account' : account.disabledAt ? 'account_disabled' : 'bad_password');
    }
    if (!(await store.signInSucceeded(key, at))) return fail('locked', 423);
    await startSession(c, store, usable.email, now);
    await log.append('console.signin', { email: usable.email, role: usable.role }, at);
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
