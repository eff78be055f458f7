/** Sign-in under attack: parallel guesses lock, unknown accounts lock alike, bodies are bounded, weak passwords refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, addAccounts, PASSWORD, signIn } from '../../test/helpers/console';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { createApp } from '../http/app';
import { passwordProblem } from './passwords';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
  await addAccounts(p);
});
afterEach(async () => {
  await p.close();
});

describe('sign-in', () => {
  it('marks every console cookie Secure behind an https public URL, though the request reaching the proxy is http', async () => {
    const behindTls = { ...p, app: createApp({ ...p.opened, signInBackoffMs: 0, publicUrl: () => 'https://dg.workforce.example.gov' }) };
    const page = await behindTls.app.request('http://127.0.0.1:8787/console/login');
    expect(page.headers.getSetCookie().find((c) => c.startsWith('dg_login_csrf='))).toMatch(/; Secure/);
    const res = await signIn(behindTls, ACCOUNTS.security);
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('dg_session='))).toMatch(/; Secure/);
    // An http public URL (the demo on 127.0.0.1) keeps cookies usable over http.
    const plain = { ...p, app: createApp({ ...p.opened, signInBackoffMs: 0, publicUrl: () => 'http://127.0.0.1:8787' }) };
    expect((await signIn(plain, ACCOUNTS.security)).headers.getSetCookie().find((c) => c.startsWith('dg_session='))).not.toMatch(/Secure/);
  });

  it('39 parallel wrong passwords and the right one: the account locks and nobody signs in', async () => {
    const attempts = [...Array.from({ length: 39 }, () => 'wrong password, again'), PASSWORD];
    const results = await Promise.all(attempts.map((pw) => signIn(p, ACCOUNTS.security, pw)));
    const statuses = results.map((r) => r.status);
    expect(statuses).not.toContain(303);
    expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(34);
    // Still locked afterwards, for the right password too.
    expect((await signIn(p, ACCOUNTS.security)).status).toBe(423);
  });

  it('an unknown account answers like a wrong password and locks alike', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(p, 'nobody@jobs.example.gov', 'wrong password, again')).status).toBe(401);
    const fifth = await signIn(p, 'nobody@jobs.example.gov', 'wrong password, again');
    expect(fifth.status).toBe(423);
    expect(await fifth.text()).toMatch(/locked for 15 minutes/);
  });

  it('records a keyed fingerprint of what was typed, never the text', async () => {
    await signIn(p, 'Typed.Person+x@jobs.example.gov', 'wrong password, again');
    let entry: Record<string, unknown> | undefined;
    for await (const e of p.opened.store.entries()) if (e.kind === 'console.signin_failed') entry = JSON.parse(e.body).data;
    expect(entry).toEqual({ typed: expect.stringMatching(/^[0-9a-f]{64}$/), reason: 'no_such_account' });
    expect(JSON.stringify(entry)).not.toMatch(/typed\.person/i);
  });

  it('a disabled account cannot sign in and its sessions end', async () => {
    expect(await p.opened.store.disableAccount(ACCOUNTS.security, '2026-11-21T18:00:00Z', 'admin')).toBe(true);
    expect((await signIn(p, ACCOUNTS.security)).status).toBe(401);
  });

  it('reads at most 64 KB of a console form', async () => {
    const res = await p.app.request('/console/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=a%40b.org&password=${'x'.repeat(70 * 1024)}`,
    });
    expect(res.status).toBe(413);
  });
});

describe('passwordProblem (NIST SP 800-63B)', () => {
  it.each([
    ['too short', 'short pw 1'],
    ['a common password', 'password1234'],
    ['a common password in another case', 'QWERTYUIOP12'],
    ['one character repeated', 'aaaaaaaaaaaaaa'],
    ['a repeated pattern', 'abcabcabcabcabc'],
    ['a keyboard sequence', 'qwertyuiopasdf'],
    ['an alphabet sequence', 'abcdefghijklm'],
    ['the account name', 'morgan.supervisor2026!'],
  ])('refuses %s', (_why, pw) => expect(passwordProblem(pw, 'morgan.supervisor@jobs.example.gov')).toBeDefined());

  it('accepts a passphrase', () => {
    expect(passwordProblem('correct horse battery staple', 'morgan.supervisor@jobs.example.gov')).toBeUndefined();
  });
});
