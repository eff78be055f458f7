/** `deploy-policy`: the policy file that force-installs the extension from the proxy, for one browser and OS. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { policyFile, type Browser, type ManagedSettings, type Os } from '../deployment/deploy-policy';
import { firefoxUpdateUrl, PACKAGE_INFO, type PackageInfo } from '../deployment/extension-package';
import type { Io } from './io';
import { UsageError } from '../operations/settings';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function deployPolicyCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: parseOptions(COMMAND_SPECS['deploy-policy'].flags),
    strict: true,
  });
  const browser = values.browser as Browser;
  const os = values.os as Os;
  if (!['chrome', 'edge', 'firefox'].includes(browser)) throw new UsageError('--browser is chrome, edge or firefox');
  if (!['windows', 'macos', 'linux'].includes(os)) throw new UsageError('--os is windows, macos or linux');
  const proxyUrl = values['proxy-url'];
  if (!proxyUrl || !/^https?:\/\/[^/\s]+/.test(proxyUrl)) throw new UsageError('--proxy-url is the proxy\'s address as browsers reach it, e.g. https://dg.workforce.example.gov');
  if (values['fail-mode'] !== 'closed' && values['fail-mode'] !== 'open') throw new UsageError('--fail-mode is closed or open');
  const infoFile = join(values.package ?? join('.output', 'package'), PACKAGE_INFO);
  if (!existsSync(infoFile)) throw new UsageError(`no ${infoFile}: run npm run package:ext first (it fixes the extension ID)`);
  const pkg = JSON.parse(readFileSync(infoFile, 'utf8')) as PackageInfo;
  const settings: ManagedSettings = { proxyUrl, failMode: values['fail-mode'] };
  if (values.sites) {
    let sites: unknown;
    try {
      sites = JSON.parse(readFileSync(values.sites, 'utf8'));
    } catch (err) {
      throw new UsageError(`${values.sites}: not JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(sites)) throw new UsageError(`${values.sites}: expected a JSON array of site rules`);
    sites.forEach((r, i) => {
      const ok = r && typeof r === 'object' && ['match', 'adapter', 'mode'].every((k) => typeof (r as Record<string, unknown>)[k] === 'string');
      if (!ok) throw new UsageError(`${values.sites}: rule ${i + 1} needs match, adapter and mode (strings)`);
    });
    settings.sites = sites as ManagedSettings['sites'];
  }
  if (values['api-token-file']) settings.apiToken = readFileSync(values['api-token-file'], 'utf8').trim();
  if (values['user-email']) settings.userEmail = values['user-email'];
  const file = policyFile(browser, os, pkg, settings);
  if (values.out) {
    writeFileSync(values.out, file.text, { mode: settings.apiToken ? 0o600 : 0o644 });
    io.stderr.write(`wrote ${values.out}: put it in ${file.where}\n`);
  } else {
    io.stdout.write(file.text);
    io.stderr.write(`${file.name}: put it in ${file.where}\n`);
  }
  for (const line of notes(browser, proxyUrl, pkg, settings, file.note)) io.stderr.write(`${line}\n`);
  return 0;
}

/** What the file leaves out, said where IT reads it: the extension works only with all of it. */
function notes(browser: Browser, proxyUrl: string, pkg: PackageInfo, settings: ManagedSettings, fileNote?: string): string[] {
  const out: string[] = [];
  if (!settings.apiToken) out.push('no --api-token-file: the file carries no device token, so the extension cannot call the proxy (and fails closed)');
  if (!settings.userEmail) out.push('no --user-email: the file names no user, so each person must enter an email in the extension\'s options');
  if (browser === 'firefox') {
    const expected = firefoxUpdateUrl(proxyUrl);
    if (!pkg.updateUrl) out.push(`the XPI names no update address: package it with package-ext --public-url ${proxyUrl.replace(/\/+$/, '')} so Firefox finds new versions at ${expected}`);
    else if (pkg.updateUrl !== expected) out.push(`the XPI looks for new versions at ${pkg.updateUrl}, not at ${expected}: package it again with --public-url ${proxyUrl.replace(/\/+$/, '')}`);
  }
  if (fileNote) out.push(fileNote);
  return out;
}
