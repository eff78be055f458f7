/** Settings from flags, then the environment, then defaults; parsed once with zod, failing fast. */
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../../shared/schemas';
import { DEFAULT_CHECK_LIMIT } from '../http/rate-limit';
import { flagOrEnv, parseOptions, SERVE_FLAGS, STORE_FLAGS } from '../commands/flags';

export class UsageError extends Error {}

const StoreSettings = z.object({
  db: z.string().min(1),
  /** PostgreSQL instead of the SQLite file: postgres://USER:PASSWORD@HOST:PORT/DATABASE. */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'expected postgres://USER:PASSWORD@HOST:PORT/DATABASE').optional(),
  secrets: z.string().min(1),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not a time zone (e.g. America/Chicago)'),
  checkpointEvery: z.coerce.number().int().min(1).max(1_000_000),
  checkpointSeconds: z.coerce.number().int().min(0).max(86_400),
  signingKey: z.string().min(1).optional(),
  checkpointFile: z.string().min(1),
});
export type StoreSettings = z.infer<typeof StoreSettings>;

const ServeSettings = StoreSettings.extend({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  policy: z.string().optional(),
  /** Recipient checks per device token: a sustained rate per second and a burst. */
  checkRate: z.coerce.number().positive().max(1_000_000),
  checkBurst: z.coerce.number().int().min(1).max(1_000_000),
  /** Job workers for files and long texts (processes), and the memory one may use before it is stopped. */
  fileWorkers: z.coerce.number().int().min(1).max(64),
  fileWorkerMemoryMb: z.coerce.number().int().min(128).max(65_536),
  /** Structured JSON request logs on stdout at this level (`silent` for none). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']),
  /** Where `package-ext` wrote the CRX and XPI that /extension serves. */
  extensionDir: z.string().min(1),
  /** The proxy's address as browsers reach it, for the update manifests' download links. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The SIEM feed: tcp://HOST:PORT or tls://HOST:PORT, its payload, its CA, its cursor file. */
  siem: z.string().regex(/^(tcp|tls):\/\/\S+:\d{1,5}$/, 'expected tcp://HOST:PORT or tls://HOST:PORT').optional(),
  siemFormat: z.enum(['json', 'cef']),
  siemCa: z.string().min(1).optional(),
  siemCursor: z.string().min(1).optional(),
  /** Console sign-in with the agency's identity provider (OpenID Connect). */
  oidcIssuer: z.url({ protocol: /^https?$/ }).optional(),
  oidcClientId: z.string().min(1).max(200).optional(),
  oidcClientSecretFile: z.string().min(1).optional(),
  oidcRedirectUrl: z.url({ protocol: /^https?$/ }).optional(),
  oidcRoles: z.string().min(1).optional(),
  oidcGroupsClaim: z.string().min(1).max(100),
  oidcName: z.string().min(1).max(100),
  /** The mail gateway (proxy/smtp): its port, the next hop, who may relay, TLS, size, email-to-fax domains. */
  smtpPort: z.coerce.number().int().min(0).max(65535).optional(),
  smtpRelay: z.string().regex(/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/, 'expected HOST:PORT').optional(),
  smtpAllow: z.string().min(1),
  smtpCert: z.string().min(1).optional(),
  smtpKey: z.string().min(1).optional(),
  smtpMaxBytes: z.coerce.number().int().min(1024).max(1 << 30),
  smtpFaxDomains: z.string().optional(),
});
export type ServeSettings = z.infer<typeof ServeSettings>;

/** The parser's view of the flags (flags.ts defines them, with their help and environment). */
export const STORE_OPTIONS = parseOptions(STORE_FLAGS);
export const SERVE_OPTIONS = parseOptions(SERVE_FLAGS);

type Values = Record<string, string | boolean | undefined>;

/** Checkpoints are published beside the database unless told otherwise: ./data/disclosure-guard.checkpoints.jsonl. */
export function defaultCheckpointFile(db: string): string {
  return join(dirname(db), `${basename(db).replace(/\.db$/, '')}.checkpoints.jsonl`);
}

function storeInput(values: Values, env: NodeJS.ProcessEnv) {
  const v = (name: keyof typeof STORE_FLAGS) => flagOrEnv(STORE_FLAGS, values, name, env);
  const db = v('db') ?? './data/disclosure-guard.db';
  return {
    db,
    databaseUrl: v('database-url'),
    secrets: v('secrets') ?? './data/secrets',
    timeZone: v('time-zone') ?? 'America/Chicago',
    checkpointEvery: v('checkpoint-every') ?? 1000,
    checkpointSeconds: v('checkpoint-seconds') ?? 60,
    signingKey: v('signing-key'),
    checkpointFile: v('checkpoint-file') ?? defaultCheckpointFile(db),
  };
}

export function storeSettings(values: Values, env: NodeJS.ProcessEnv = process.env): StoreSettings {
  const parsed = StoreSettings.safeParse(storeInput(values, env));
  if (!parsed.success) throw new UsageError(`bad settings: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/** One worker a core, at most four: inspection is CPU-bound, and the event loop needs a share too. */
const DEFAULT_FILE_WORKERS = Math.max(1, Math.min(4, availableParallelism()));

export function serveSettings(args: string[], env: NodeJS.ProcessEnv = process.env): ServeSettings {
  const { values } = parseArgs({ args, options: SERVE_OPTIONS, strict: true });
  const v = (name: keyof typeof SERVE_FLAGS) => flagOrEnv(SERVE_FLAGS, values, name, env);
  const parsed = ServeSettings.safeParse({
    ...storeInput(values, env),
    port: v('port') ?? 8787,
    host: v('host') ?? '127.0.0.1',
    policy: v('policy'),
    checkRate: v('check-rate') ?? DEFAULT_CHECK_LIMIT.perSecond,
    checkBurst: v('check-burst') ?? DEFAULT_CHECK_LIMIT.burst,
    fileWorkers: v('file-workers') ?? DEFAULT_FILE_WORKERS,
    fileWorkerMemoryMb: v('file-worker-memory-mb') ?? 1536,
    logLevel: v('log-level') ?? 'info',
    extensionDir: v('extension-dir') ?? '.output/package',
    publicUrl: v('public-url'),
    siem: v('siem'),
    siemFormat: v('siem-format') ?? 'json',
    siemCa: v('siem-ca'),
    siemCursor: v('siem-cursor'),
    oidcIssuer: v('oidc-issuer'),
    oidcClientId: v('oidc-client-id'),
    oidcClientSecretFile: v('oidc-client-secret-file'),
    oidcRedirectUrl: v('oidc-redirect-url'),
    oidcRoles: v('oidc-roles'),
    oidcGroupsClaim: v('oidc-groups-claim') ?? 'groups',
    oidcName: v('oidc-name') ?? "your agency's sign-in",
    smtpPort: v('smtp-port'),
    smtpRelay: v('smtp-relay'),
    smtpAllow: v('smtp-allow') ?? '127.0.0.1/32,::1/128',
    smtpCert: v('smtp-cert'),
    smtpKey: v('smtp-key'),
    smtpMaxBytes: v('smtp-max-bytes') ?? 25 * 1024 * 1024,
    smtpFaxDomains: v('smtp-fax-domains'),
  });
  if (!parsed.success) throw new UsageError(`bad settings: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
