/**
 * The packages of `package-ext`: the built extension as IT installs it without a web store — a
 * CRX for Chrome and Edge signed with the agency's own key (a PKCS#8 RSA key file IT keeps: the
 * same key gives the same extension ID, version after version) and an XPI for Firefox — plus
 * `extension.json` (ID, Firefox ID, version, file names), which the proxy reads to serve them with
 * their update manifests (`/extension/updates.xml`, `/extension/updates.json`).
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { UsageError } from '../operations/settings';

export interface PackageInfo {
  id: string;
  geckoId: string;
  version: string;
  crx: string;
  xpi: string;
  /** Where an installed Firefox looks for new versions (gecko.update_url in the XPI), when packed with a public URL. */
  updateUrl?: string;
}

export const PACKAGE_INFO = 'extension.json';

/** Chromium's extension ID: the first 128 bits of SHA-256 of the public key (DER SPKI), in the letters a–p. */
export function extensionIdOf(spkiDer: Buffer): string {
  return [...createHash('sha256').update(spkiDer).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

function chromiumBinary(): string {
  const found = [process.env.CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!found) throw new UsageError('Chromium is needed to pack a CRX (apt install chromium, or set CHROMIUM=PATH)');
  return found;
}

function filesOf(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** The Firefox update manifest the proxy at `publicUrl` serves (routes/extension.ts). */
export const firefoxUpdateUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/extension/updates.json`;

export function packageExtension(opts: { chromeDir: string; firefoxDir: string; keyFile: string; outDir: string; publicUrl?: string }): PackageInfo {
  for (const dir of [opts.chromeDir, opts.firefoxDir]) {
    if (!existsSync(join(dir, 'manifest.json'))) throw new UsageError(`no built extension in ${dir} (run npm run build:ext first)`);
  }
  let key;
  try {
    key = createPrivateKey(readFileSync(opts.keyFile));
  } catch (err) {
    throw new UsageError(`${opts.keyFile} is not a private key file: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new UsageError(`${opts.keyFile} must be an RSA key (Chromium signs CRX files with RSA)`);
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const id = extensionIdOf(der);
  const scratch = mkdtempSync(join(tmpdir(), 'dg-pack-'));
  try {
    // The manifest carries the agency's public key, so the ID is the same wherever it is installed.
    const dir = join(scratch, 'disclosure-guard');
    cpSync(opts.chromeDir, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.key = der.toString('base64');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const pem = join(scratch, 'key.pem');
    writeFileSync(pem, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    try {
      execFileSync(chromiumBinary(), ['--headless', '--no-sandbox', '--no-first-run', `--pack-extension=${dir}`, `--pack-extension-key=${pem}`], { stdio: 'ignore', timeout: 120_000 });
    } catch (err) {
      throw new UsageError(`Chromium could not pack the extension: ${(err as Error).message}`);
    }
    const packed = join(scratch, 'disclosure-guard.crx');
    if (!existsSync(packed)) throw new UsageError('Chromium did not write the CRX');
    const firefox = JSON.parse(readFileSync(join(opts.firefoxDir, 'manifest.json'), 'utf8'));
    const geckoId: string | undefined = firefox.browser_specific_settings?.gecko?.id;
    if (!geckoId) throw new UsageError('the Firefox build has no gecko ID');
    const version: string = manifest.version;
    mkdirSync(opts.outDir, { recursive: true });
    const crx = `disclosure-guard-${version}.crx`;
    const xpi = `disclosure-guard-${version}.xpi`;
    renameSync(packed, join(opts.outDir, crx));
    // Firefox takes its update address from the add-on's own manifest (a policy can name one only
    // from Firefox 151 / ESR 140.11), so the XPI carries this deployment's proxy: written here,
    // before any signing, because a signed add-on's manifest cannot change.
    const files = filesOf(opts.firefoxDir);
    const updateUrl = opts.publicUrl ? firefoxUpdateUrl(opts.publicUrl) : undefined;
    if (updateUrl) {
      firefox.browser_specific_settings.gecko.update_url = updateUrl;
      files['manifest.json'] = new TextEncoder().encode(JSON.stringify(firefox, null, 2));
    }
    writeFileSync(join(opts.outDir, xpi), zipSync(files, { level: 9 }));
    const info: PackageInfo = { id, geckoId, version, crx, xpi, ...(updateUrl ? { updateUrl } : {}) };
    writeFileSync(join(opts.outDir, PACKAGE_INFO), JSON.stringify(info, null, 2) + '\n');
    return info;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
