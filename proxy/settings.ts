/** Settings from flags, then the environment, then defaults; parsed once with zod, failing fast. */
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../shared/schemas';
import { DEFAULT_CHECK_LIMIT } from './rate-limit';

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
});
export type ServeSettings = z.infer<typeof ServeSettings>;

export const STORE_OPTIONS = {
  db: { type: 'string' },
  'database-url': { type: 'string' },
  secrets: { type: 'string' },
  'time-zone': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'checkpoint-seconds': { type: 'string' },
  'signing-key': { type: 'string' },
  'checkpoint-file': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const SERVE_OPTIONS = {
  ...STORE_OPTIONS,
  port: { type: 'string' },
  host: { type: 'string' },
  policy: { type: 'string' },
  'check-rate': { type: 'string' },
  'check-burst': { type: 'string' },
  'file-workers': { type: 'string' },
  'file-worker-memory-mb': { type: 'string' },
  'log-level': { type: 'string' },
  'extension-dir': { type: 'string' },
  'public-url': { type: 'string' },
  siem: { type: 'string' },
  'siem-format': { type: 'string' },
  'siem-ca': { type: 'string' },
  'siem-cursor': { type: 'string' },
  'oidc-issuer': { type: 'string' },
  'oidc-client-id': { type: 'string' },
  'oidc-client-secret-file': { type: 'string' },
  'oidc-redirect-url': { type: 'string' },
  'oidc-roles': { type: 'string' },
  'oidc-groups-claim': { type: 'string' },
  'oidc-name': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Values = Record<string, string | boolean | undefined>;

/** Checkpoints are published beside the database unless told otherwise: ./data/disclosure-guard.checkpoints.jsonl. */
export function defaultCheckpointFile(db: string): string {
  return join(dirname(db), `${basename(db).replace(/\.db$/, '')}.checkpoints.jsonl`);
}

function storeInput(values: Values, env: NodeJS.ProcessEnv) {
  const db = (values.db as string | undefined) ?? env.DG_DB ?? './data/disclosure-guard.db';
  return {
    db,
    databaseUrl: (values['database-url'] as string | undefined) ?? (env.DATABASE_URL || undefined),
    secrets: values.secrets ?? env.DG_SECRET_DIR ?? './data/secrets',
    timeZone: values['time-zone'] ?? env.DG_TIME_ZONE ?? 'America/Chicago',
    checkpointEvery: values['checkpoint-every'] ?? env.DG_CHECKPOINT_EVERY ?? 1000,
    checkpointSeconds: values['checkpoint-seconds'] ?? env.DG_CHECKPOINT_SECONDS ?? 60,
    signingKey: values['signing-key'] ?? env.DG_SIGNING_KEY,
    checkpointFile: values['checkpoint-file'] ?? env.DG_CHECKPOINT_FILE ?? defaultCheckpointFile(db),
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
  const parsed = ServeSettings.safeParse({
    ...storeInput(values, env),
    port: values.port ?? env.PORT ?? 8787,
    host: values.host ?? env.DG_HOST ?? '127.0.0.1',
    policy: values.policy ?? env.DG_POLICY,
    checkRate: values['check-rate'] ?? env.DG_CHECK_RATE ?? DEFAULT_CHECK_LIMIT.perSecond,
    checkBurst: values['check-burst'] ?? env.DG_CHECK_BURST ?? DEFAULT_CHECK_LIMIT.burst,
    fileWorkers: values['file-workers'] ?? env.DG_FILE_WORKERS ?? DEFAULT_FILE_WORKERS,
    fileWorkerMemoryMb: values['file-worker-memory-mb'] ?? env.DG_FILE_WORKER_MEMORY_MB ?? 1536,
    logLevel: values['log-level'] ?? env.DG_LOG_LEVEL ?? 'info',
    extensionDir: values['extension-dir'] ?? env.DG_EXTENSION_DIR ?? '.output/package',
    publicUrl: values['public-url'] ?? env.DG_PUBLIC_URL,
    siem: values.siem ?? env.DG_SIEM,
    siemFormat: values['siem-format'] ?? env.DG_SIEM_FORMAT ?? 'json',
    siemCa: values['siem-ca'] ?? env.DG_SIEM_CA,
    siemCursor: values['siem-cursor'] ?? env.DG_SIEM_CURSOR,
    oidcIssuer: values['oidc-issuer'] ?? env.DG_OIDC_ISSUER,
    oidcClientId: values['oidc-client-id'] ?? env.DG_OIDC_CLIENT_ID,
    oidcClientSecretFile: values['oidc-client-secret-file'] ?? env.DG_OIDC_CLIENT_SECRET_FILE,
    oidcRedirectUrl: values['oidc-redirect-url'] ?? env.DG_OIDC_REDIRECT_URL,
    oidcRoles: values['oidc-roles'] ?? env.DG_OIDC_ROLES,
    oidcGroupsClaim: values['oidc-groups-claim'] ?? env.DG_OIDC_GROUPS_CLAIM ?? 'groups',
    oidcName: values['oidc-name'] ?? env.DG_OIDC_NAME ?? "your agency's sign-in",
  });
  if (!parsed.success) throw new UsageError(`bad settings: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
