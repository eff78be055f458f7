/**
 * A real OpenID Connect provider for tests (oidc-provider) on 127.0.0.1, with people and their
 * groups, and a "browser" that goes through its login and consent pages the way a person does:
 * following redirects and submitting the provider's forms, with a cookie jar.
 */
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './postgres';

export interface Person {
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

export async function startIdp(redirectUrl: string, people: Record<string, Person>): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'disclosure-guard-console';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUrl], response_types: ['code'], grant_types: ['authorization_code'] }],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims in the ID token itself, as Entra ID and Okta can be set up to do.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => {
      const p = people[id];
      if (!p) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: p.email, email_verified: p.emailVerified ?? true, name: p.name, groups: p.groups }) };
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-cookie-key-0123456789'] },
  });
  provider.on('server_error', (_ctx: unknown, err: Error) => process.stderr.write(`oidc-provider: ${err.stack}\n`));
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Cookies by origin, as simple as a test needs. */
class Jar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  take(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.byOrigin.set(origin, jar);
  }

  header(url: string): string {
    return [...(this.byOrigin.get(new URL(url).origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs `login` in at the provider, starting from the console's /console/login/oidc answer, and
 * returns the console's answer to the callback. `send` reaches the console (in process).
 */
export async function signInAtIdp(
  send: (path: string, init: RequestInit) => Promise<Response>,
  consoleOrigin: string,
  login: string,
  start = '/console/login/oidc',
): Promise<{ response: Response; consoleCookies: string }> {
  const jar = new Jar();
  const consoleFetch = async (path: string) => {
    const url = `${consoleOrigin}${path}`;
    const res = await send(path, { headers: { cookie: jar.header(url) } });
    jar.take(url, res);
    return res;
  };
  const idpFetch = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
    jar.take(url, res);
    return res;
  };
  const first = await consoleFetch(start);
  let location = first.headers.get('location');
  if (!location) return { response: first, consoleCookies: jar.header(consoleOrigin) };
  // Through the provider: each page is a redirect or a form (login, then consent) until it sends us back.
  for (let hops = 0; hops < 20; hops++) {
    if (location!.startsWith(consoleOrigin)) {
      const u = new URL(location!);
      const response = await consoleFetch(u.pathname + u.search);
      return { response, consoleCookies: jar.header(consoleOrigin) };
    }
    const res = await idpFetch(location!);
    if (res.status >= 300 && res.status < 400) {
      location = new URL(res.headers.get('location')!, location!).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider showed a page with no form: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]+)"/.exec(tag)?.[1];
      if (name) fields.set(name, /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
    }
    if (fields.has('login')) fields.set('login', login);
    if (fields.has('password')) fields.set('password', 'any password: the test provider checks none');
    const posted = await idpFetch(new URL(action, location!).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    if (posted.status < 300 || posted.status >= 400) throw new Error(`the provider answered ${posted.status} to its own form: ${(await posted.text()).slice(0, 300)}`);
    location = new URL(posted.headers.get('location')!, location!).href;
  }
  throw new Error('the provider never sent the browser back');
}
