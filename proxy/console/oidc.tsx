/**
 * Sign-in with the agency's identity provider (OpenID Connect: Entra ID, Okta, Login.gov…), next to
 * passwords. Authorization code flow with PKCE, state and nonce (openid-client); the console role
 * comes from a group claim (each role names the provider's group that grants it); an account is
 * created or its role updated at sign-in, with chain entries. The same sign-in issues a staff
 * member's device token for the extension, when they are on the registry.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import { createDeviceToken } from '../deployment/devices';
import { normalizeEmail } from '../registry/address';
import type { Role, Store } from '../store/types';
import { hashPassword } from './passwords';
import type { ConsoleEnv } from './env';
import { consoleError } from './errors';
import { Page } from './layout';
import { isHttps, randomToken, startSession } from './session';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: https://PROXY/console/login/oidc/callback. */
  redirectUrl: string;
  /** The claim that lists a person's groups (Entra ID and Okta: "groups"). */
  groupsClaim: string;
  /** The provider's group that grants each console role. */
  roleGroups: Partial<Record<Role, string>>;
  /** What the sign-in button says: "Sign in with <name>". */
  name: string;
}

/** When someone is in the groups of several roles, the broader role wins. */
const ROLE_ORDER: Role[] = ['admin', 'security', 'custodian', 'supervisor'];
const STATE_COOKIE = 'dg_oidc';
const STATE_MINUTES = 10;

/** Plain http is for a provider on this machine only (tests, a local development provider). */
function loopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** One discovery per provider and client in this process: the check at start and the sign-ins share it. */
const clients = new Map<string, { config(): Promise<oidc.Configuration> }>();

export function oidcClient(settings: OidcSettings): { config(): Promise<oidc.Configuration> } {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
  const known = clients.get(key);
  if (known) return known;
  let found: Promise<oidc.Configuration> | undefined;
  const client = {
    config() {
      found ??= oidc
        .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, loopback(settings.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined)
        .catch((err: unknown) => {
          found = undefined; // try again at the next sign-in
          throw err;
        });
      return found;
    },
  };
  clients.set(key, client);
  return client;
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  purpose: 'console' | 'token';
  exp: number;
}

export function oidcRoutes(deps: { store: Store; log: AuditLog; clock: { now(): Date }; keys: Pick<Keys, 'keyedHash'>; oidc: OidcSettings; client?: { config(): Promise<oidc.Configuration> } }) {
  const { store, log, clock, keys, oidc: settings } = deps;
  const client = deps.client ?? oidcClient(settings);
  const app = new Hono<ConsoleEnv>();
  const seal = (p: Pending) => {
    const body = Buffer.from(JSON.stringify(p)).toString('base64url');
    return `${body}.${keys.keyedHash('oidc-state', body)}`;
  };
  const unseal = (cookie: string | undefined): Pending | undefined => {
    const [body, mac] = (cookie ?? '').split('.');
    if (!body || !mac) return undefined;
    const want = Buffer.from(keys.keyedHash('oidc-state', body));
    if (want.length !== mac.length || !timingSafeEqual(want, Buffer.from(mac))) return undefined;
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Pending;
    return p.exp > clock.now().getTime() ? p : undefined;
  };
  // Lax: the provider's redirect back is a top-level navigation from another site.
  const stateCookie = (c: Context) => ({ httpOnly: true, sameSite: 'Lax' as const, secure: isHttps(c), path: '/console/login/oidc', maxAge: STATE_MINUTES * 60 });

  app.get('/login/oidc', async (c) => {
    const purpose = c.req.query('for') === 'token' ? 'token' : 'console';
    let config: oidc.Configuration;
    try {
      config = await client.config();
    } catch (err) {
      return consoleError(c, 503, `${settings.name} cannot be reached right now (${(err as Error).message}). Try again in a moment, or sign in with your password.`);
    }
    const verifier = oidc.randomPKCECodeVerifier();
    const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, purpose, exp: clock.now().getTime() + STATE_MINUTES * 60_000 };
    setCookie(c, STATE_COOKIE, seal(pending), stateCookie(c));
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUrl,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return c.redirect(url.href, 302);
  });

  app.get('/login/oidc/callback', async (c) => {
    const pending = unseal(getCookie(c, STATE_COOKIE));
    deleteCookie(c, STATE_COOKIE, { path: '/console/login/oidc' });
    if (!pending) return consoleError(c, 400, 'The sign-in took too long or was not started here. Start it again from the sign-in page.');
    const at = clock.now().toISOString();
    let claims: Record<string, unknown>;
    try {
      const config = await client.config();
      // The URL the provider redirected to, as it reached us (the query carries code and state).
      const here = new URL(settings.redirectUrl);
      here.search = new URL(c.req.url).search;
      const tokens = await oidc.authorizationCodeGrant(config, here, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    } catch (err) {
      await log.append('console.signin_failed', { method: 'oidc', reason: 'provider_refused' }, at);
      return consoleError(c, 401, `${settings.name} did not confirm the sign-in (${(err as Error).message}). Start again from the sign-in page.`);
    }
    const email = typeof claims.email === 'string' ? normalizeEmail(claims.email) : undefined;
    if (!email || claims.email_verified === false) {
      await log.append('console.signin_failed', { method: 'oidc', reason: 'no_verified_email' }, at);
      return consoleError(c, 403, `${settings.name} gave no verified email address for this account, so it cannot be matched to anyone here.`);
    }
    const raw = claims[settings.groupsClaim];
    const groups = new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : []);
    if (pending.purpose === 'token') return deviceToken(c, email, at);

    const role = ROLE_ORDER.find((r) => settings.roleGroups[r] !== undefined && groups.has(settings.roleGroups[r]!));
    if (!role) {
      await log.append('console.signin_failed', { method: 'oidc', account: email, reason: 'no_role_group' }, at);
      return consoleError(c, 403, `${email} is in none of the groups that give a console role (${ROLE_ORDER.flatMap((r) => (settings.roleGroups[r] ? [`${r}: ${settings.roleGroups[r]}`] : [])).join('; ')}). Ask your administrator to add you to one.`);
    }
    const account = await store.getAccount(email);
    if (account?.disabledAt) {
      await log.append('console.signin_failed', { method: 'oidc', account: email, reason: 'account_disabled' }, at);
      return consoleError(c, 403, `The console account ${email} was disabled. Ask your administrator.`);
    }
    // An account made here has a password no one knows: it signs in through the provider only.
    if (!account) await store.addAccount({ email, role, passwordHash: await hashPassword(randomToken()) }, at);
    else if (account.role !== role) await store.setAccountRole(email, role, at, `oidc:${settings.issuer}`);
    await startSession(c, store, email, clock.now());
    await log.append('console.signin', { email, role, method: 'oidc' }, at);
    // A page rather than a redirect: the session cookie is SameSite=Strict, and a redirect in the
    // chain that began at the provider would not carry it.
    return c.html(
      <Page title="Signed in">
        <meta http-equiv="refresh" content="0;url=/console" />
        <p>Signed in as {email} ({role}). <a href="/console">Continue to the console</a></p>
      </Page>,
    );
  });

  /** A device token for the extension, for a person on the registry, shown once. */
  async function deviceToken(c: Context<ConsoleEnv>, email: string, at: string) {
    const user = await store.getUser(email);
    if (!user) {
      await log.append('console.signin_failed', { method: 'oidc', account: email, reason: 'token_not_in_registry' }, at);
      return consoleError(c, 403, `${email} is not on the Authorized User Registry, so no device token can be made for it. Ask the registry custodian.`);
    }
    const token = await createDeviceToken(store, `oidc:${email}`.slice(0, 100), at, email);
    await log.append('console.device_token_issued', { email, method: 'oidc' }, at);
    return c.html(
      <Page title="Your device token">
        <p>This is the device token for {user.fullName} ({email}). It is shown only this once: copy it into the extension's settings (Device token), with your email.</p>
        <p class="card"><code data-token>{token}</code></p>
        <p class="muted">Creating a new token does not end older ones; IT can revoke them.</p>
      </Page>,
    );
  }

  return app;
}

/** "supervisor=DG Supervisors,security=DG Security" → the group of each role. */
export function parseRoleGroups(text: string): Partial<Record<Role, string>> | string {
  const out: Partial<Record<Role, string>> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const role = part.slice(0, eq).trim() as Role;
    const group = part.slice(eq + 1).trim();
    if (eq < 1 || !group || !ROLE_ORDER.includes(role)) return `"${part}" is not ROLE=GROUP with a role of ${ROLE_ORDER.join(', ')}`;
    out[role] = group;
  }
  return Object.keys(out).length ? out : 'name at least one ROLE=GROUP';
}

