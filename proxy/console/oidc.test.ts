/**
 * Console sign-in with the agency's identity provider, against a real OpenID Connect provider on
 * 127.0.0.1 (oidc-provider): roles from a group claim, accounts made and updated at sign-in, the
 * extension's device token issued by the same sign-in, and every refusal as a page.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDg } from '../../test/helpers/cli';
import { exited, startServing } from '../../test/helpers/serve';
import { signInAtIdp, startIdp, type Person, type TestIdp } from '../../test/helpers/oidc';
import { testProxy, type TestProxy } from '../../test/helpers/proxy';
import type { OidcSettings } from './oidc';
import { parseRoleGroups } from './oidc';

const ORIGIN = 'http://127.0.0.1:8787';
const REDIRECT = `${ORIGIN}/console/login/oidc/callback`;
const people: Record<string, Person> = {
  sam: { email: 'Sam.Security@jobs.example.gov', name: 'Sam Security', groups: ['All Staff', 'DG Security'] },
  cam: { email: 'cam.custodian@jobs.example.gov', name: 'Cam Custodian', groups: ['DG Custodians'] },
  casey: { email: 'casey.staff@jobs.example.gov', name: 'Casey Staff', groups: ['All Staff'] },
  stranger: { email: 'someone@elsewhere.example.org', name: 'Someone', groups: ['All Staff'] },
  unverified: { email: 'unverified@jobs.example.gov', name: 'Unverified', groups: ['DG Security'], emailVerified: false },
};

let idp: TestIdp;
let settings: OidcSettings;
let p: TestProxy | undefined;
beforeAll(async () => {
  idp = await startIdp(REDIRECT, people);
  settings = {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    redirectUrl: REDIRECT,
    groupsClaim: 'groups',
    roleGroups: { security: 'DG Security', custodian: 'DG Custodians', supervisor: 'DG Supervisors' },
    name: 'Example Agency ID',
  };
});
afterAll(() => idp?.stop());
afterEach(async () => {
  await p?.close();
  p = undefined;
});

const send = (path: string, init: RequestInit) => Promise.resolve(p!.app.request(path, init));
const kinds = async () => {
  const out: Array<{ kind: string; data: Record<string, unknown> }> = [];
  for await (const e of p!.opened.store.entries()) out.push({ kind: e.kind, data: JSON.parse(e.body).data });
  return out;
};

describe('sign-in with the identity provider', () => {
  it('offers it on the sign-in page next to the password form', async () => {
    p = await testProxy({ oidc: settings });
    const html = await (await p.app.request('/console/login')).text();
    expect(html).toContain('<a href="/console/login/oidc" data-oidc="console"><strong>Sign in with Example Agency ID</strong></a>');
    expect(html).toContain('href="/console/login/oidc?for=token"');
    expect(html).toContain('id="password"');
  });

  it('signs a person in with the role of their group, making the account, and changes the role when the groups change', async () => {
    p = await testProxy({ oidc: settings });
    const { response, consoleCookies } = await signInAtIdp(send, ORIGIN, 'sam');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Signed in as sam.security@jobs.example.gov (security)');
    const log = await p.app.request('/console/log', { headers: { cookie: consoleCookies } });
    expect(log.status).toBe(200);
    expect(await p.opened.store.getAccount('sam.security@jobs.example.gov')).toMatchObject({ role: 'security' });
    const entries = await kinds();
    expect(entries.filter((e) => e.kind === 'console.signin').map((e) => e.data)).toEqual([{ email: 'sam.security@jobs.example.gov', role: 'security', method: 'oidc' }]);
    expect(entries.some((e) => e.kind === 'console.account_added')).toBe(true);

    people.sam!.groups = ['DG Custodians'];
    try {
      const again = await signInAtIdp(send, ORIGIN, 'sam');
      expect(await again.response.text()).toContain('(custodian)');
      expect((await p.opened.store.getAccount('sam.security@jobs.example.gov'))?.role).toBe('custodian');
      expect((await kinds()).filter((e) => e.kind === 'console.account_role').map((e) => e.data.role)).toEqual(['custodian']);
      expect((await p.app.request('/console/log', { headers: { cookie: again.consoleCookies } })).status).toBe(403);
    } finally {
      people.sam!.groups = ['All Staff', 'DG Security'];
    }
  });

  it('refuses, as a page, a person in no role group, an unverified email and a disabled account', async () => {
    p = await testProxy({ oidc: settings });
    const none = await signInAtIdp(send, ORIGIN, 'casey');
    expect(none.response.status).toBe(403);
    expect(await none.response.text()).toMatch(/casey\.staff@jobs\.example\.gov is in none of the groups that give a console role \(security: DG Security; custodian: DG Custodians; supervisor: DG Supervisors\)/);
    const unverified = await signInAtIdp(send, ORIGIN, 'unverified');
    expect(unverified.response.status).toBe(403);
    expect(await unverified.response.text()).toContain('gave no verified email address');
    await signInAtIdp(send, ORIGIN, 'cam');
    await p.opened.store.disableAccount('cam.custodian@jobs.example.gov', '2026-11-21T18:00:00Z', 'admin');
    const disabled = await signInAtIdp(send, ORIGIN, 'cam');
    expect(disabled.response.status).toBe(403);
    expect(await disabled.response.text()).toContain('was disabled');
    expect((await kinds()).filter((e) => e.kind === 'console.signin_failed').map((e) => e.data.reason)).toEqual(['no_role_group', 'no_verified_email', 'account_disabled']);
  });

  it('issues a staff member their device token, which the extension can use; only for people on the registry', async () => {
    p = await testProxy({ oidc: settings });
    const { response } = await signInAtIdp(send, ORIGIN, 'casey', '/console/login/oidc?for=token');
    expect(response.status).toBe(200);
    const token = /<code data-token[^>]*>(dgd_[\w-]{43})<\/code>/.exec(await response.text())?.[1];
    expect(token).toBeDefined();
    const check = await p.call('POST', '/api/v1/recipients/check', { sender: 'casey.staff@jobs.example.gov', channel: 'email', categories: ['personal'], recipients: [{ address: 'avery.partner@lwdb.example.org' }] }, { token: token! });
    expect(check.status).toBe(200);
    expect((await p.opened.store.findDeviceByTokenHash((await import('../deployment/devices')).hashToken(token!)))?.userEmail).toBe('casey.staff@jobs.example.gov');
    const stranger = await signInAtIdp(send, ORIGIN, 'stranger', '/console/login/oidc?for=token');
    expect(stranger.response.status).toBe(403);
    expect(await stranger.response.text()).toContain('is not on the Authorized User Registry');
  });

  it('refuses a callback that this console did not start, or whose state was changed', async () => {
    p = await testProxy({ oidc: settings });
    const forged = await p.app.request('/console/login/oidc/callback?code=abc&state=xyz');
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('The sign-in took too long or was not started here');
    const started = await p.app.request('/console/login/oidc');
    const cookie = started.headers.getSetCookie().find((c) => c.startsWith('dg_oidc='))!.split(';')[0]!;
    const [name, value] = cookie.split('=');
    const tampered = `${name}=${value!.slice(0, -2)}xx`;
    const res = await p.app.request('/console/login/oidc/callback?code=abc&state=xyz', { headers: { cookie: tampered } });
    expect(res.status).toBe(400);
  });

  it('says so, as a page, when the provider cannot be reached at sign-in', async () => {
    p = await testProxy({ oidc: { ...settings, issuer: 'http://127.0.0.1:9' } });
    const res = await p.app.request('/console/login/oidc');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/Example Agency ID cannot be reached right now .* or sign in with your password/);
  });

  it('reads role groups as ROLE=GROUP, and says what is wrong with a bad list', () => {
    expect(parseRoleGroups('supervisor=DG Supervisors, security=DG Security')).toEqual({ supervisor: 'DG Supervisors', security: 'DG Security' });
    expect(parseRoleGroups('boss=Everyone')).toMatch(/"boss=Everyone" is not ROLE=GROUP/);
    expect(parseRoleGroups('')).toBe('name at least one ROLE=GROUP');
  });
});

describe('serve with an identity provider', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const setup = () => {
    const d = mkdtempSync(join(tmpdir(), 'dg-oidc-'));
    dirs.push(d);
    writeFileSync(join(d, 'client-secret'), idp.clientSecret + '\n', { mode: 0o600 });
    return {
      d,
      args: ['--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets'), '--oidc-issuer', idp.issuer, '--oidc-client-id', idp.clientId, '--oidc-client-secret-file', join(d, 'client-secret'), '--oidc-redirect-url', REDIRECT, '--oidc-roles', 'security=DG Security,supervisor=DG Supervisors', '--oidc-name', 'Example Agency ID'],
    };
  };

  it('checks the provider at start and offers it on the sign-in page', async () => {
    const { args } = setup();
    const p2 = await startServing(['serve', ...args, '--log-level', 'silent'], children);
    // The banner comes in more than one write: wait for its line.
    for (let i = 0; i < 100 && !p2.out().includes('console sign-in:'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(p2.out()).toContain(`console sign-in: passwords, and Example Agency ID (${idp.issuer})`);
    expect(await (await fetch(`${p2.url}/console/login`)).text()).toContain('Sign in with Example Agency ID');
    const start = await fetch(`${p2.url}/console/login/oidc`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('redirect_uri')).toBe(REDIRECT);
    p2.child.kill('SIGTERM');
    expect(await exited(p2.child)).toBe(0);
  });

  it.each([
    ['an unreachable provider', (a: string[]) => a.map((x) => (x === idp.issuer ? 'http://127.0.0.1:9' : x)), /cannot use the identity provider at http:\/\/127\.0\.0\.1:9/],
    ['no client secret file', (a: string[]) => a.map((x) => (x.endsWith('client-secret') ? '/nonexistent/secret' : x)), /cannot read the OpenID client secret/],
    ['a bad role list', (a: string[]) => a.map((x) => (x.startsWith('security=') ? 'boss=Everyone' : x)), /--oidc-roles: "boss=Everyone" is not ROLE=GROUP/],
    ['no roles at all', (a: string[]) => a.filter((x, i) => x !== '--oidc-roles' && a[i - 1] !== '--oidc-roles'), /also needs --oidc-roles/],
  ])('refuses to start with %s (exit 2)', async (_what, change, message) => {
    const { args } = setup();
    const r = await runDg(['serve', ...change(args), '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
