import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionIdOf, packageExtension } from '../deployment/extension-package';
import type { PackageInfo } from '../deployment/extension-package';
import { UsageError } from '../operations/settings';
import { runDg } from '../../test/helpers/cli';
import { extensionRoutes } from './extension';

let dir: string;
let info: PackageInfo;
let keyDer: Buffer;

/** A small extension of each kind, so packing is tested without the full build. */
function fakeBuild(root: string): { chrome: string; firefox: string } {
  const chrome = join(root, 'chrome');
  const firefox = join(root, 'firefox');
  mkdirSync(chrome);
  mkdirSync(firefox);
  writeFileSync(join(chrome, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Disclosure Guard', version: '1.2.3' }));
  writeFileSync(join(chrome, 'background.js'), '// worker');
  writeFileSync(join(firefox, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Disclosure Guard', version: '1.2.3', browser_specific_settings: { gecko: { id: 'disclosure-guard@workforce.example.gov' } } }));
  writeFileSync(join(firefox, 'background.js'), '// page');
  return { chrome, firefox };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dg-pkg-'));
  const build = fakeBuild(dir);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyDer = publicKey.export({ type: 'spki', format: 'der' });
  writeFileSync(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  info = packageExtension({ chromeDir: build.chrome, firefoxDir: build.firefox, keyFile: join(dir, 'key.pem'), outDir: join(dir, 'out') });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('package-ext and /extension', () => {
  it('signs a CRX whose ID is the key\'s, and an XPI that carries the Firefox ID', () => {
    expect(info).toEqual({ id: extensionIdOf(keyDer), geckoId: 'disclosure-guard@workforce.example.gov', version: '1.2.3', crx: 'disclosure-guard-1.2.3.crx', xpi: 'disclosure-guard-1.2.3.xpi' });
    const crx = readFileSync(join(dir, 'out', info.crx));
    expect(crx.subarray(0, 4).toString()).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const xpi = unzipSync(readFileSync(join(dir, 'out', info.xpi)));
    expect(JSON.parse(Buffer.from(xpi['manifest.json']!).toString()).browser_specific_settings.gecko.id).toBe(info.geckoId);
    // The same key gives the same ID, version after version.
    const again = packageExtension({ chromeDir: join(dir, 'chrome'), firefoxDir: join(dir, 'firefox'), keyFile: join(dir, 'key.pem'), outDir: join(dir, 'again') });
    expect(again.id).toBe(info.id);
  }, 120_000);

  it('packed with the public URL, the XPI names the proxy\'s updates.json, which Firefox reads for new versions', () => {
    const deployed = packageExtension({ chromeDir: join(dir, 'chrome'), firefoxDir: join(dir, 'firefox'), keyFile: join(dir, 'key.pem'), outDir: join(dir, 'deployed'), publicUrl: 'https://dg.workforce.example.gov/' });
    expect(deployed.updateUrl).toBe('https://dg.workforce.example.gov/extension/updates.json');
    const manifest = JSON.parse(Buffer.from(unzipSync(readFileSync(join(dir, 'deployed', deployed.xpi)))['manifest.json']!).toString());
    expect(manifest.browser_specific_settings.gecko).toEqual({ id: 'disclosure-guard@workforce.example.gov', update_url: 'https://dg.workforce.example.gov/extension/updates.json' });
    expect(JSON.parse(readFileSync(join(dir, 'deployed', 'extension.json'), 'utf8')).updateUrl).toBe(deployed.updateUrl);
    // The build itself is left as it was.
    expect(JSON.parse(readFileSync(join(dir, 'firefox', 'manifest.json'), 'utf8')).browser_specific_settings.gecko.update_url).toBeUndefined();
  }, 120_000);

  it('package-ext says when Firefox will get no updates: no public URL, or one without TLS', async () => {
    const pack = (out: string, ...more: string[]) => runDg(['package-ext', '--key', join(dir, 'key.pem'), '--chrome', join(dir, 'chrome'), '--firefox', join(dir, 'firefox'), '--out', join(dir, out), ...more]);
    const bare = await pack('bare');
    expect(bare.code).toBe(0);
    expect(bare.err).toContain('the XPI names no update address, so an installed Firefox never receives a new version');
    const plain = await pack('plain', '--public-url', 'http://dg.workforce.example.gov');
    expect(plain.err).toContain('Firefox refuses an add-on whose update address is not HTTPS');
    const secure = await pack('secure', '--public-url', 'https://dg.workforce.example.gov');
    expect(secure.err).toBe('');
    expect(JSON.parse(secure.out).updateUrl).toBe('https://dg.workforce.example.gov/extension/updates.json');
    expect((await pack('bad', '--public-url', 'dg.workforce.example.gov')).code).toBe(2);
  }, 120_000);

  it('serves the update manifests with download links at the public URL, and the files', async () => {
    const app = extensionRoutes({ dir: join(dir, 'out'), publicUrl: () => 'https://dg.workforce.example.gov/' });
    // The request's Host never makes its way into a link.
    const xml = await (await app.request('/updates.xml', { headers: { host: 'attacker.example.net' } })).text();
    expect(xml).toContain(`<app appid='${info.id}'><updatecheck codebase='https://dg.workforce.example.gov/extension/disclosure-guard.crx' version='1.2.3'/></app>`);
    expect(await (await app.request('/updates.json')).json()).toEqual({
      addons: { [info.geckoId]: { updates: [{ version: '1.2.3', update_link: 'https://dg.workforce.example.gov/extension/disclosure-guard.xpi' }] } },
    });
    const crx = await app.request('/disclosure-guard.crx');
    expect(crx.headers.get('content-type')).toBe('application/x-chrome-extension');
    expect(Buffer.from(await crx.arrayBuffer()).equals(readFileSync(join(dir, 'out', info.crx)))).toBe(true);
    expect((await app.request('/disclosure-guard.xpi')).headers.get('content-type')).toBe('application/x-xpinstall');
  });

  it.each(['/updates.xml', '/updates.json'])('serves no %s without a public URL: 503 saying the proxy needs --public-url, whatever the Host', async (path) => {
    const app = extensionRoutes({ dir: join(dir, 'out'), publicUrl: () => undefined });
    const res = await app.request(`http://attacker.example.net${path}`, { headers: { host: 'attacker.example.net' } });
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('public_url_required');
    expect(body.error.message).toMatch(/--public-url URL \(or DG_PUBLIC_URL\)/);
    expect(JSON.stringify(body)).not.toContain('attacker');
    // The files themselves carry no address and are still served.
    expect((await app.request('/disclosure-guard.crx')).status).toBe(200);
  });

  it('says what to do when nothing is packaged, and refuses a key that is not one', async () => {
    const empty = extensionRoutes({ dir: join(dir, 'nothing'), publicUrl: () => 'https://dg.workforce.example.gov' });
    const res = await empty.request('/updates.xml');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('npm run package:ext');
    writeFileSync(join(dir, 'bad.pem'), 'not a key');
    expect(() => packageExtension({ chromeDir: join(dir, 'chrome'), firefoxDir: join(dir, 'firefox'), keyFile: join(dir, 'bad.pem'), outDir: join(dir, 'x') })).toThrow(UsageError);
  });
});
