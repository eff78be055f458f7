/**
 * `disclosure-guard serve` and `start`: settings parsed once (failing fast), the store and keys
 * opened, the app served on 127.0.0.1 by default. SIGINT/SIGTERM drain the log, sign a final
 * checkpoint and close the store.
 */
import { serve } from '@hono/node-server';
import pino from 'pino';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_POLICY, PolicySchema } from '../../shared/policy';
import type { Policy } from '../../shared/policy';
import { describeZodError } from '../../shared/schemas';
import { createApp } from '../http/app';
import type { Io } from './io';
import { DEMO_RECIPIENTS, DEMO_TOKEN_FILE, seedDemo, seedDemoWeek } from '../operations/demo';
import { closeJobs, configureJobs } from '../jobs/file-jobs';
import { openProxy } from '../operations/open';
import { SiemFeed } from '../operations/siem';
import { describeLocation } from '../store/open-store';
import { serveSettings, UsageError } from '../operations/settings';
import type { ServeSettings } from '../operations/settings';
import { oidcClient, parseRoleGroups, type OidcSettings } from '../console/oidc';
import { mailGatewaySettings, startMailGateway } from '../smtp/start';
import type { Gateway } from '../smtp/gateway';

function loadPolicy(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`policy file ${path}: ${(err as Error).message}`);
  }
  const parsed = PolicySchema.safeParse({ ...DEFAULT_POLICY, ...(raw as object) });
  if (!parsed.success) throw new UsageError(`policy file ${path}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** The identity provider's settings, checked and its discovery document fetched, or undefined when none is set. */
async function loadOidc(s: ServeSettings): Promise<OidcSettings | undefined> {
  if (!s.oidcIssuer) return undefined;
  const redirectUrl = s.oidcRedirectUrl ?? (s.publicUrl ? new URL('/console/login/oidc/callback', s.publicUrl).href : undefined);
  const missing = [
    ...(s.oidcClientId ? [] : ['--oidc-client-id']),
    ...(s.oidcClientSecretFile ? [] : ['--oidc-client-secret-file']),
    ...(s.oidcRoles ? [] : ['--oidc-roles (e.g. supervisor=GROUP,security=GROUP)']),
    ...(redirectUrl ? [] : ['--oidc-redirect-url or --public-url']),
  ];
  if (missing.length) throw new UsageError(`sign-in with ${s.oidcIssuer} also needs ${missing.join(', ')}`);
  let clientSecret: string;
  try {
    clientSecret = readFileSync(s.oidcClientSecretFile!, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`cannot read the OpenID client secret: ${(err as Error).message}`);
  }
  const roleGroups = parseRoleGroups(s.oidcRoles!);
  if (typeof roleGroups === 'string') throw new UsageError(`--oidc-roles: ${roleGroups}`);
  const oidc: OidcSettings = { issuer: s.oidcIssuer, clientId: s.oidcClientId!, clientSecret, redirectUrl: redirectUrl!, groupsClaim: s.oidcGroupsClaim, roleGroups, name: s.oidcName };
  try {
    await oidcClient(oidc).config();
  } catch (err) {
    throw new UsageError(`cannot use the identity provider at ${s.oidcIssuer}: ${(err as Error).message}`);
  }
  return oidc;
}

export async function serveCommand(args: string[], io: Io, opts: { demo: boolean }): Promise<number> {
  const settings = serveSettings(args);
  const policy = loadPolicy(settings.policy);
  const oidc = await loadOidc(settings);
  const mail = mailGatewaySettings(settings);
  configureJobs({ size: settings.fileWorkers, memoryMb: settings.fileWorkerMemoryMb });
  const opened = await openProxy({ ...settings, mirrorRegistry: true });
  const demo = opts.demo ? await seedDemo(opened, settings.secrets) : undefined;
  const logger = pino({ level: settings.logLevel, base: { service: 'disclosure-guard' } });
  let siem: SiemFeed | undefined;
  if (settings.siem) {
    try {
      siem = new SiemFeed(opened.store, { url: settings.siem, format: settings.siemFormat, cursorFile: settings.siemCursor ?? `${settings.db}.siem-cursor`, ...(settings.siemCa ? { caFile: settings.siemCa } : {}) }, logger);
      await siem.probe();
    } catch (err) {
      await siem?.stop().catch(() => undefined);
      await opened.close();
      throw err;
    }
  }
  // `start` (the demo) serves its manifests at the address it listens on; `serve` only at --public-url.
  let publicUrl = settings.publicUrl;
  const app = createApp({ ...opened, policy, logger, processMetrics: true, extension: { dir: settings.extensionDir }, publicUrl: () => publicUrl, ...(siem ? { siem } : {}), ...(oidc ? { oidc } : {}), checkRateLimit: { perSecond: settings.checkRate, burst: settings.checkBurst } });
  // The demo week goes through the same routes, on an app of its own that logs no requests.
  const week = demo ? await seedDemoWeek(opened, createApp({ ...opened, policy, checkRateLimit: { perSecond: 1000, burst: 1000 } }), demo.token, settings.timeZone) : undefined;
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    await opened.close();
    throw new UsageError(`cannot listen on ${settings.host}:${settings.port}: ${(err as Error).message}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host}:${port}`;
  let gateway: Gateway | undefined;
  try {
    if (mail) gateway = await startMailGateway(mail, { ...opened, policy, logger });
  } catch (err) {
    server.close();
    await opened.close();
    throw err;
  }
  if (opts.demo) publicUrl ??= url;
  // Listening for SIGINT/SIGTERM before saying anything: whoever reads the banner may stop the proxy at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => resolve());
      // Idle keep-alive connections must not hold the shutdown open.
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.stdout.write(`Disclosure Guard proxy listening on ${url}\n`);
  io.stdout.write(`  database: ${describeLocation(settings)}   secrets: ${settings.secrets}   time zone: ${settings.timeZone}\n`);
  siem?.start();
  if (siem) io.stdout.write(`  SIEM feed: ${settings.siem} (${settings.siemFormat})\n`);
  if (oidc) io.stdout.write(`  console sign-in: passwords, and ${oidc.name} (${oidc.issuer})\n`);
  if (gateway) io.stdout.write(`  mail gateway listening on ${settings.host}:${gateway.port}, relaying to ${settings.smtpRelay}\n`);
  io.stdout.write(`  health:   ${url}/healthz   ready: ${url}/readyz   metrics: ${url}/metrics\n`);
  io.stdout.write(publicUrl ? `  extension updates: ${publicUrl.replace(/\/+$/, '')}/extension/updates.xml\n` : '  extension updates: off (they need --public-url)\n');
  if (demo) {
    io.stdout.write(`\nDemo registry ${demo.seeded ? 'created' : 'already present'}.${week ? ` A demo week seeded: ${week.events} sends, ${week.reviews} reviews (one pending, one breach with its incident).` : ''}\n`);
    io.stdout.write(`Demo device token (kept in ${join(settings.secrets, DEMO_TOKEN_FILE)}, valid across restarts):\n  ${demo.token}\n`);
    io.stdout.write(`\nTry a recipient check:\n  curl -s ${url}/api/v1/recipients/check -H 'Authorization: Bearer ${demo.token}' \\\n`);
    io.stdout.write(`    -H 'Content-Type: application/json' -d '{"sender":"casey.staff@jobs.example.gov","channel":"email","categories":["personal"],"recipients":[{"address":"${DEMO_RECIPIENTS[0]!.email}"},{"address":"${DEMO_RECIPIENTS[2]!.email}"}]}'\n`);
    io.stdout.write(`\nDemo recipients: ${DEMO_RECIPIENTS.map((r) => `${r.email} (${r.expect})`).join(', ')}\n`);
    const ext = resolve('.output', 'chrome-mv3');
    if (existsSync(join(ext, 'manifest.json'))) {
      io.stdout.write(`\nExtension built: ${ext}\n`);
      io.stdout.write('  Chrome/Edge: open chrome://extensions, turn on Developer mode, "Load unpacked", choose that folder.\n');
      io.stdout.write(`  Then in its options set Proxy URL ${url}, the device token above, and your email (e.g. casey.staff@jobs.example.gov).\n`);
      io.stdout.write('  Gmail and Outlook on the web are guarded by default; add fax portals and partner forms under Sites.\n');
    }
    io.stdout.write(`\nConsole: ${url}/console — add an account first, e.g.\n  echo 'a long passphrase here' | npm run --silent dg -- account add --email morgan.supervisor@jobs.example.gov --role supervisor --password-stdin\n`);
    io.stdout.write('\nPress Ctrl+C to stop.\n');
  }
  await stopped;
  await gateway?.close();
  await siem?.stop();
  await opened.close();
  // The job workers (started by the first file or long text) end with the proxy.
  await closeJobs();
  return 0;
}
