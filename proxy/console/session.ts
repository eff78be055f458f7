/**
 * Console sessions and the checks every console route runs: a session cookie (HttpOnly,
 * SameSite=Strict, Secure over https or behind an https public address) whose hash is stored, a CSRF token per session in every form,
 * and one role middleware. A device token never opens the console.
 */
import { consoleError } from './errors';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Account, Role, Session, Store } from '../store/types';

export const SESSION_COOKIE = 'dg_session';
export const LOGIN_CSRF_COOKIE = 'dg_login_csrf';
export const SESSION_HOURS = 8;

import type { ConsoleEnv } from './env';

export type { ConsoleEnv };

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

/** Browsers reach the console over https: the request says so, or the configured public address is https. */
export function isHttps(c: Context): boolean {
  return c.get('publicHttps') === true || new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function cookieOptions(c: Context, maxAgeSeconds?: number) {
  return { httpOnly: true, sameSite: 'Strict' as const, secure: isHttps(c), path: '/console', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

export async function startSession(c: Context, store: Store, email: string, now: Date): Promise<void> {
  const token = randomToken();
  await store.addSession({
    idHash: sha256(token),
    email,
    csrf: randomToken(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, SESSION_HOURS * 3600));
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/console' });
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The request's live session and its enabled account, or undefined. */
export async function sessionOf(c: Context, store: Store, clock: { now(): Date }): Promise<{ session: Session; account: Account } | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await store.getSession(sha256(token)) : undefined;
  const now = clock.now().toISOString();
  const account = session && !session.revokedAt && session.expiresAt > now ? await store.getAccount(session.email) : undefined;
  return session && account && !account.disabledAt ? { session, account } : undefined;
}

/** Signed in, with a live session: otherwise the sign-in page (GET) or 401 (anything else). */
export function consoleSession({ store, clock }: { store: Store; clock: { now(): Date } }): MiddlewareHandler<ConsoleEnv> {
  return async function consoleSession(c, next) {
    if (c.req.path === '/console/login' || c.req.path.startsWith('/console/login/')) return next();
    const signedIn = await sessionOf(c, store, clock);
    if (!signedIn) {
      if (c.req.method === 'GET') return c.redirect('/console/login', 302);
      return consoleError(c, 401, 'You are not signed in to the console.');
    }
    const { session, account } = signedIn;
    c.set('account', account);
    c.set('csrf', session.csrf);
    c.set('sessionHash', session.idHash);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!sameToken(typeof form._csrf === 'string' ? form._csrf : undefined, session.csrf)) {
        return consoleError(c, 403, 'This form is out of date or was not sent from the console (its security check failed). Reload the page and send it again.');
      }
    }
    await next();
  };
}

/** The one role check: every console route names the roles that may use it; admin may use all. */
export function requireRole(...roles: Role[]): MiddlewareHandler<ConsoleEnv> {
  return async function requireRole(c, next) {
    const role = c.get('account').role;
    if (role !== 'admin' && !roles.includes(role)) {
      return consoleError(c, 403, `This page is for ${roles.join(' or ')} accounts; you are signed in as ${role}.`);
    }
    await next();
  };
}

/** Console pages: no scripts at all; styles inline; never framed. */
export const CONSOLE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
