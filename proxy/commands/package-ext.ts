/** `package-ext`: a signed CRX and an XPI of the built extension, for the proxy to serve. */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageExtension } from '../deployment/extension-package';
import type { Io } from './io';
import { UsageError } from '../operations/settings';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function packageCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: parseOptions(COMMAND_SPECS['package-ext'].flags),
    strict: true,
  });
  // The proxy's address as browsers reach it (the same as serve's --public-url): Firefox finds new versions there.
  const publicUrl = values['public-url'] ?? process.env.DG_PUBLIC_URL;
  if (publicUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(publicUrl)) throw new UsageError('--public-url is the proxy\'s address as browsers reach it, e.g. https://dg.workforce.example.gov');
  const keyFile = values.key ?? process.env.DG_EXTENSION_KEY;
  if (!keyFile) throw new UsageError('say which signing key to use: package-ext --key FILE (add --new-key to create it)');
  if (!existsSync(keyFile)) {
    if (!values['new-key']) throw new UsageError(`no key at ${keyFile}; add --new-key to create one (then keep it: it fixes the extension ID)`);
    mkdirSync(dirname(resolve(keyFile)), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    io.stderr.write(`created the signing key ${keyFile}: keep it (and a copy) — every later version must be signed with it\n`);
  }
  const info = packageExtension({
    chromeDir: values.chrome ?? join('.output', 'chrome-mv3'),
    firefoxDir: values.firefox ?? join('.output', 'firefox-mv3'),
    keyFile,
    outDir: values.out ?? join('.output', 'package'),
    ...(publicUrl ? { publicUrl } : {}),
  });
  if (info.updateUrl?.startsWith('http:')) io.stderr.write(`the XPI looks for new versions at ${info.updateUrl}: Firefox refuses an add-on whose update address is not HTTPS, so serve the proxy behind TLS\n`);
  if (!info.updateUrl) io.stderr.write('no --public-url (or DG_PUBLIC_URL): the XPI names no update address, so an installed Firefox never receives a new version\n');
  io.stdout.write(JSON.stringify(info) + '\n');
  return 0;
}
