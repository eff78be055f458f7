/** A signed-in console for tests: accounts for every role, sign-in, and GET/POST with the session's CSRF token. */
import { expect } from 'vitest';
import { hashPassword } from '../../proxy/console/passwords';
import type { Role } from '../../proxy/store/types';
import type { TestProxy } from './proxy';

export const PASSWORD = 'correct horse battery staple';
export const ACCOUNTS: Record<Role, string> = {
  supervisor: 'morgan.supervisor@jobs.example.gov',
  security: 'sam.security@jobs.example.gov',
  custodian: 'cam.custodian@jobs.example.gov',
  admin: 'ada.admin@jobs.example.gov',
};

export async function addAccounts(p: TestProxy): Promise<void> {
  const hash = await hashPassword(PASSWORD);
  for (const [role, email] of Object.entries(ACCOUNTS)) await p.opened.store.addAccount({ email, role: role as Role, passwordHash: hash }, '2026-11-21T00:00:00Z');
}

export const cookiesOf = (res: Response) => (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]!).join('; ');
export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export async function signIn(p: TestProxy, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const page = await p.app.request('/console/login', { headers });
  const cookie = cookiesOf(page);
  const csrf = csrfIn(await page.text());
  return p.app.request('/console/login', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
}

export type ConsoleBrowser = Awaited<ReturnType<typeof signedIn>>;

/** A signed-in browser: cookie and CSRF token, GET and POST helpers. */
export async function signedIn(p: TestProxy, role: Role) {
  const res = await signIn(p, ACCOUNTS[role]);
  expect(res.status).toBe(303);
  const cookie = cookiesOf(res).split('; ').filter((c) => c.startsWith('dg_session=')).join('; ');
  const home = await p.app.request('/console/reviews', { headers: { cookie } });
  const page = home.status === 200 ? home : await p.app.request('/console/log', { headers: { cookie } });
  const reg = page.status === 200 ? page : await p.app.request('/console/registry', { headers: { cookie } });
  const csrf = csrfIn(await reg.text());
  return {
    cookie,
    csrf,
    get: (path: string) => p.app.request(path, { headers: { cookie } }),
    post: (path: string, form: Record<string, string>, withCsrf = true) =>
      p.app.request(path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...(withCsrf ? { _csrf: csrf } : {}), ...form }),
      }),
  };
}
