/**
 * The policy files of `deploy-policy --browser chrome|edge|firefox --os windows|macos|linux`: the file IT
 * deploys to force-install the extension from the proxy and hand it its settings, all from one
 * description — a `.reg` file (Windows), a `.mobileconfig` profile (macOS), a JSON policy file
 * (Chrome and Edge on Linux), or Firefox's `policies.json` (every OS).
 */
import { createHash } from 'node:crypto';
import type { PackageInfo } from './extension-package';

export type Browser = 'chrome' | 'edge' | 'firefox';
export type Os = 'windows' | 'macos' | 'linux';

/** The extension's managed settings (extension/public/managed_schema.json). */
export interface ManagedSettings {
  proxyUrl: string;
  failMode: 'closed' | 'open';
  sites?: Array<{ match: string; adapter: string; mode: string; organization?: string; preset?: string; send?: Record<string, unknown> }>;
  apiToken?: string;
  userEmail?: string;
}

export interface PolicyFile {
  /** Suggested file name. */
  name: string;
  /** Where IT puts it (or how it is deployed). */
  where: string;
  text: string;
  /** What IT must know before deploying it, when anything. */
  note?: string;
}

/** Why the Firefox policy names ESR, and what release Firefox needs instead. */
export const FIREFOX_SIGNING =
  'Firefox ESR installs the agency\'s own XPI as this file is written (it sets xpinstall.signatures.required to false, locked). ' +
  'Release Firefox ignores that preference and refuses any add-on Mozilla has not signed: for it, have the XPI signed for ' +
  'self-distribution (unlisted) on addons.mozilla.org, put the signed XPI where the proxy serves it, and keep the same ID.';

const VENDOR: Record<'chrome' | 'edge', { reg: string; mac: string; linux: string; label: string }> = {
  chrome: { reg: 'Google\\Chrome', mac: 'com.google.Chrome', linux: '/etc/opt/chrome/policies/managed/ (Chromium: /etc/chromium/policies/managed/)', label: 'Google Chrome' },
  edge: { reg: 'Microsoft\\Edge', mac: 'com.microsoft.Edge', linux: '/etc/opt/edge/policies/managed/', label: 'Microsoft Edge' },
};

function regString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function plistValue(v: unknown, indent: string): string {
  if (typeof v === 'string') return `${indent}<string>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</string>`;
  if (typeof v === 'number') return `${indent}<integer>${Math.trunc(v)}</integer>`;
  if (typeof v === 'boolean') return `${indent}<${v}/>`;
  if (Array.isArray(v)) return `${indent}<array>\n${v.map((x) => plistValue(x, indent + '  ')).join('\n')}\n${indent}</array>`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `${indent}<dict>\n${entries.map(([k, x]) => `${indent}  <key>${k}</key>\n${plistValue(x, indent + '  ')}`).join('\n')}\n${indent}</dict>`;
}

/** A stable UUID from a name, so that re-generating a profile updates the installed one. */
function uuidOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

export function policyFile(browser: Browser, os: Os, pkg: PackageInfo, settings: ManagedSettings): PolicyFile {
  const base = settings.proxyUrl.replace(/\/+$/, '');
  if (browser === 'firefox') {
    const where = { windows: 'C:\\Program Files\\Mozilla Firefox\\distribution\\policies.json', macos: '/Applications/Firefox.app/Contents/Resources/distribution/policies.json', linux: '/etc/firefox/policies/policies.json (Debian firefox-esr: /usr/lib/firefox-esr/distribution/policies.json)' }[os];
    const text = JSON.stringify(
      {
        policies: {
          ExtensionSettings: { [pkg.geckoId]: { installation_mode: 'force_installed', install_url: `${base}/extension/disclosure-guard.xpi` } },
          // The XPI is the agency's own, not signed by Mozilla: ESR (and Developer Edition) install it
          // with this preference off, locked so no one turns it back on; release Firefox ignores it.
          Preferences: { 'xpinstall.signatures.required': { Value: false, Status: 'locked' } },
          '3rdparty': { Extensions: { [pkg.geckoId]: settings } },
        },
      },
      null,
      2,
    );
    return { name: 'policies.json', where, text: text + '\n', note: FIREFOX_SIGNING };
  }
  const v = VENDOR[browser];
  const extensionSettings = { [pkg.id]: { installation_mode: 'force_installed', update_url: `${base}/extension/updates.xml` } };
  if (os === 'linux') {
    const text = JSON.stringify({ ExtensionSettings: extensionSettings, '3rdparty': { extensions: { [pkg.id]: settings } } }, null, 2);
    return { name: 'disclosure-guard.json', where: v.linux, text: text + '\n' };
  }
  if (os === 'windows') {
    const key = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\${v.reg}`;
    const lines = [
      'Windows Registry Editor Version 5.00',
      '',
      `; Disclosure Guard for ${v.label}: force-installed from ${base}/extension/updates.xml, with its settings.`,
      `[${key}]`,
      `"ExtensionSettings"=${regString(JSON.stringify(extensionSettings))}`,
      '',
      `[${key}\\3rdparty\\extensions\\${pkg.id}\\policy]`,
      // Strings as REG_SZ; the site list (a list in the schema) as its JSON, which the browser parses.
      ...Object.entries(settings)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${regString(k)}=${regString(typeof x === 'string' ? x : JSON.stringify(x))}`),
      '',
    ];
    return { name: `disclosure-guard-${browser}.reg`, where: 'imported with regedit, or by Group Policy Preferences', text: lines.join('\r\n') };
  }
  const profile = {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: `gov.workforce.disclosure-guard.${browser}`,
    PayloadUUID: uuidOf(`profile:${browser}:${pkg.id}`),
    PayloadDisplayName: `Disclosure Guard for ${v.label}`,
    PayloadScope: 'System',
    PayloadContent: [
      { PayloadType: v.mac, PayloadVersion: 1, PayloadIdentifier: `gov.workforce.disclosure-guard.${browser}.install`, PayloadUUID: uuidOf(`install:${browser}:${pkg.id}`), PayloadDisplayName: 'Force-install Disclosure Guard', ExtensionSettings: extensionSettings },
      // On macOS an extension's managed settings are a preference domain of their own.
      { PayloadType: `${v.mac}.extensions.${pkg.id}`, PayloadVersion: 1, PayloadIdentifier: `gov.workforce.disclosure-guard.${browser}.settings`, PayloadUUID: uuidOf(`settings:${browser}:${pkg.id}`), PayloadDisplayName: 'Disclosure Guard settings', ...settings },
    ],
  };
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n${plistValue(profile, '')}\n</plist>\n`;
  return { name: `disclosure-guard-${browser}.mobileconfig`, where: 'installed with the agency\'s MDM (or System Settings > Profiles)', text };
}
