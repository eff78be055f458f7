import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import * as plist from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDg } from '../../test/helpers/cli';

let dir: string;
const PKG = { id: 'abcdefghijklmnopabcdefghijklmnop', geckoId: 'disclosure-guard@workforce.example.gov', version: '1.2.3', crx: 'x.crx', xpi: 'x.xpi' };
const SITES = [{ match: 'https://*.fax.example.gov/*', adapter: 'fax', mode: 'enforce' }, { match: 'intake.example.org', adapter: 'form', mode: 'enforce', organization: 'Example County LWDB' }];
const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'extension', 'public', 'managed_schema.json'), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dg-deploy-'));
  writeFileSync(join(dir, 'extension.json'), JSON.stringify(PKG));
  writeFileSync(join(dir, 'sites.json'), JSON.stringify(SITES));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** A .reg file read back: key → value name → string (REG_SZ escapes undone). */
function readReg(text: string): Record<string, Record<string, string>> {
  expect(text.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
  const out: Record<string, Record<string, string>> = {};
  let key = '';
  for (const line of text.split('\r\n')) {
    const k = /^\[(.+)\]$/.exec(line);
    if (k) {
      key = k[1]!;
      out[key] = {};
      continue;
    }
    const v = /^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    if (v) out[key]![v[1]!.replace(/\\(.)/g, '$1')] = v[2]!.replace(/\\(.)/g, '$1');
  }
  return out;
}

const args = (browser: string, os: string) => ['deploy-policy', '--browser', browser, '--os', os, '--proxy-url', 'https://dg.workforce.example.gov', '--package', dir, '--sites', join(dir, 'sites.json')];

describe('deploy-policy', () => {
  it.each([
    ['chrome', 'linux'],
    ['edge', 'linux'],
    ['chrome', 'windows'],
    ['edge', 'windows'],
    ['chrome', 'macos'],
    ['edge', 'macos'],
    ['firefox', 'linux'],
    ['firefox', 'windows'],
    ['firefox', 'macos'],
  ])('%s on %s: force-installed from the proxy, with settings the managed schema accepts', async (browser, os) => {
    const r = await runDg(args(browser, os));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/put it in /);
    let install: Record<string, unknown>;
    let settings: Record<string, unknown>;
    if (browser === 'firefox') {
      const p = JSON.parse(r.out).policies;
      install = p.ExtensionSettings[PKG.geckoId];
      settings = p['3rdparty'].Extensions[PKG.geckoId];
      expect(install).toEqual({ installation_mode: 'force_installed', install_url: 'https://dg.workforce.example.gov/extension/disclosure-guard.xpi' });
      // The agency's own XPI is unsigned: ESR installs it with signature checks off, locked.
      expect(p.Preferences).toEqual({ 'xpinstall.signatures.required': { Value: false, Status: 'locked' } });
    } else {
      if (os === 'linux') {
        const p = JSON.parse(r.out);
        install = p.ExtensionSettings[PKG.id];
        settings = p['3rdparty'].extensions[PKG.id];
      } else if (os === 'windows') {
        const reg = readReg(r.out);
        const vendor = browser === 'chrome' ? 'Google\\Chrome' : 'Microsoft\\Edge';
        install = JSON.parse(reg[`HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${vendor}`]!.ExtensionSettings!)[PKG.id];
        const values = reg[`HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${vendor}\\3rdparty\\extensions\\${PKG.id}\\policy`]!;
        settings = { ...values, sites: JSON.parse(values.sites!) };
      } else {
        const profile = plist.parse(r.out) as { PayloadContent: Array<Record<string, unknown>> };
        const domain = browser === 'chrome' ? 'com.google.Chrome' : 'com.microsoft.Edge';
        install = (profile.PayloadContent.find((p) => p.PayloadType === domain)!.ExtensionSettings as Record<string, Record<string, unknown>>)[PKG.id]!;
        const payload = profile.PayloadContent.find((p) => p.PayloadType === `${domain}.extensions.${PKG.id}`)!;
        settings = Object.fromEntries(Object.entries(payload).filter(([k]) => !k.startsWith('Payload')));
      }
      expect(install).toEqual({ installation_mode: 'force_installed', update_url: 'https://dg.workforce.example.gov/extension/updates.xml' });
    }
    expect(settings).toEqual({ proxyUrl: 'https://dg.workforce.example.gov', failMode: 'closed', sites: SITES });
    expect(validate(settings), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries the device token and the user in every file, and says so when either is left out', async () => {
    writeFileSync(join(dir, 'token'), 'dgd_device_token\n');
    const full = [...args('firefox', 'linux'), '--api-token-file', join(dir, 'token'), '--user-email', 'casey.staff@jobs.example.gov'];
    const r = await runDg(full);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).policies['3rdparty'].Extensions[PKG.geckoId]).toMatchObject({ apiToken: 'dgd_device_token', userEmail: 'casey.staff@jobs.example.gov' });
    expect(r.err).not.toMatch(/no --api-token-file|no --user-email/);
    const bare = await runDg(args('chrome', 'linux'));
    expect(bare.err).toContain('no --api-token-file: the file carries no device token');
    expect(bare.err).toContain('no --user-email');
  });

  it('the help names every setting the file can carry, and package-ext\'s update address', async () => {
    const help = (await runDg(['deploy-policy', '--help'])).out;
    for (const flag of ['--api-token-file FILE', '--user-email EMAIL', '--sites FILE.json', '--fail-mode closed|open']) expect(help).toContain(flag);
    expect((await runDg(['--help'])).out).toMatch(/package-ext --key FILE .*--public-url URL/);
    expect((await runDg(['package-ext', '--help'])).out).toMatch(/--public-url URL .*DG_PUBLIC_URL/);
  });

  it('firefox: says what release Firefox needs, and whether the packaged XPI looks for updates at this proxy', async () => {
    const r = await runDg(args('firefox', 'windows'));
    expect(r.err).toMatch(/Release Firefox ignores that preference .* signed for\s+self-distribution/);
    expect(r.err).toContain('package it with package-ext --public-url https://dg.workforce.example.gov');
    expect((await runDg(args('chrome', 'windows'))).err).not.toMatch(/Release Firefox|package-ext --public-url/);
    const elsewhere = join(dir, 'elsewhere');
    const packaged = join(dir, 'packaged');
    for (const [d, updateUrl] of [[elsewhere, 'https://old.example.gov/extension/updates.json'], [packaged, 'https://dg.workforce.example.gov/extension/updates.json']] as const) {
      mkdirSync(d);
      writeFileSync(join(d, 'extension.json'), JSON.stringify({ ...PKG, updateUrl }));
    }
    const other = await runDg([...args('firefox', 'linux'), '--package', elsewhere]);
    expect(other.err).toContain('the XPI looks for new versions at https://old.example.gov/extension/updates.json, not at https://dg.workforce.example.gov/extension/updates.json');
    const same = await runDg([...args('firefox', 'linux'), '--package', packaged]);
    expect(same.err).not.toMatch(/the XPI (looks|names)/);
  });

  it('bad input: unknown browser or OS, no package, a bad site list (with the rule number)', async () => {
    expect((await runDg(['deploy-policy', '--browser', 'safari', '--os', 'macos', '--proxy-url', 'https://x.gov'])).code).toBe(2);
    expect((await runDg(['deploy-policy', '--browser', 'chrome', '--os', 'beos', '--proxy-url', 'https://x.gov'])).code).toBe(2);
    const none = await runDg(['deploy-policy', '--browser', 'chrome', '--os', 'linux', '--proxy-url', 'https://x.gov', '--package', join(dir, 'nothing')]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('npm run package:ext');
    writeFileSync(join(dir, 'bad-sites.json'), JSON.stringify([SITES[0], { match: 'x.gov', mode: 'enforce' }]));
    const bad = await runDg(['deploy-policy', '--browser', 'chrome', '--os', 'linux', '--proxy-url', 'https://x.gov', '--package', dir, '--sites', join(dir, 'bad-sites.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('rule 2 needs match, adapter and mode');
  });
});
