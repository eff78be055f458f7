/**
 * Command-line flags defined once: what the parser takes (node:util parseArgs), what `--help` says,
 * and the environment variable a flag may come from instead. A flag added here is parsed, described
 * and read from the environment alike.
 */

export interface Flag {
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string | boolean;
  /** What the value is, in the help: FILE, DIR, N, URL… */
  value?: string;
  help: string;
  /** The environment variable read when the flag is not given. */
  env?: string;
}

export type Flags = Record<string, Flag>;

/** A flag as parseArgs takes it, its type kept for the values parseArgs infers. */
export type ParseOption<F extends Flag> = { type: F['type']; multiple: F extends { multiple: true } ? true : false; default?: string | boolean };

/** The flags as parseArgs takes them. */
export function parseOptions<T extends Flags>(flags: T): { [K in keyof T]: ParseOption<T[K]> } {
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [name, { type: f.type, multiple: f.multiple === true, ...(f.default === undefined ? {} : { default: f.default }) }]),
  ) as { [K in keyof T]: ParseOption<T[K]> };
}

/** A flag's value, else its environment variable's. */
export function flagOrEnv(flags: Flags, values: Record<string, unknown>, name: string, env: NodeJS.ProcessEnv): string | undefined {
  const given = values[name];
  if (typeof given === 'string') return given;
  const variable = flags[name]?.env;
  return variable === undefined ? undefined : env[variable] || undefined;
}

/** The flags as a help section: one per line, its value, what it does, its environment variable. */
export function describeFlags(flags: Flags): string {
  const rows = Object.entries(flags).map(([name, f]) => [`--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`, `${f.help}${f.env ? `; env ${f.env}` : ''}`] as const);
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`).join('\n');
}

/** Where commands that use the store keep it. */
export const STORE_FLAGS = {
  db: { type: 'string', value: 'FILE', help: 'the SQLite database (default ./data/disclosure-guard.db)', env: 'DG_DB' },
  'database-url': { type: 'string', value: 'URL', help: 'PostgreSQL instead of the file: postgres://USER:PASSWORD@HOST:PORT/DATABASE', env: 'DATABASE_URL' },
  secrets: { type: 'string', value: 'DIR', help: 'the fingerprint key and the signing key (default ./data/secrets)', env: 'DG_SECRET_DIR' },
  'time-zone': { type: 'string', value: 'TZ', help: 'what "today" means for renewals and agreements (default America/Chicago)', env: 'DG_TIME_ZONE' },
  'checkpoint-every': { type: 'string', value: 'N', help: 'sign a checkpoint every N entries (default 1000)', env: 'DG_CHECKPOINT_EVERY' },
  'checkpoint-seconds': { type: 'string', value: 'T', help: 'and every T seconds (default 60)', env: 'DG_CHECKPOINT_SECONDS' },
  'signing-key': { type: 'string', value: 'FILE', help: 'the Ed25519 checkpoint key (default in the secrets folder)', env: 'DG_SIGNING_KEY' },
  'checkpoint-file': { type: 'string', value: 'FILE', help: 'where every signed checkpoint is appended (default beside the database)', env: 'DG_CHECKPOINT_FILE' },
} as const satisfies Flags;

/** The proxy's own flags (serve and start), besides the store's. */
export const SERVE_FLAGS = {
  ...STORE_FLAGS,
  port: { type: 'string', value: 'N', help: 'the port to listen on (default 8787; 0 for any free port)', env: 'PORT' },
  host: { type: 'string', value: 'H', help: 'the address to listen on (default 127.0.0.1)', env: 'DG_HOST' },
  policy: { type: 'string', value: 'FILE', help: 'the agency policy (JSON): site modes, statement, masking', env: 'DG_POLICY' },
  'check-rate': { type: 'string', value: 'N', help: 'recipient checks per second per person, sustained (default 5)', env: 'DG_CHECK_RATE' },
  'check-burst': { type: 'string', value: 'N', help: 'and in a burst (default 60)', env: 'DG_CHECK_BURST' },
  'file-workers': { type: 'string', value: 'N', help: 'job worker processes for files and long texts (default: cores, at most 4)', env: 'DG_FILE_WORKERS' },
  'file-worker-memory-mb': { type: 'string', value: 'MB', help: 'memory a job worker may use before it is stopped (default 1536)', env: 'DG_FILE_WORKER_MEMORY_MB' },
  'log-level': { type: 'string', value: 'L', help: 'request logs on stdout: fatal, error, warn, info, debug or silent (default info)', env: 'DG_LOG_LEVEL' },
  'extension-dir': { type: 'string', value: 'DIR', help: 'where package-ext wrote the CRX and XPI to serve (default .output/package)', env: 'DG_EXTENSION_DIR' },
  'public-url': { type: 'string', value: 'URL', help: "the proxy's address as browsers reach it (update manifests, sign-in, Secure cookies)", env: 'DG_PUBLIC_URL' },
  siem: { type: 'string', value: 'URL', help: 'stream the chain to a SIEM: tcp://HOST:PORT or tls://HOST:PORT', env: 'DG_SIEM' },
  'siem-format': { type: 'string', value: 'F', help: 'json or cef (RFC 5424 syslog framing either way; default json)', env: 'DG_SIEM_FORMAT' },
  'siem-ca': { type: 'string', value: 'FILE', help: "the SIEM collector's CA certificate (tls://)", env: 'DG_SIEM_CA' },
  'siem-cursor': { type: 'string', value: 'FILE', help: 'where the feed remembers what the SIEM took (default beside the database)', env: 'DG_SIEM_CURSOR' },
  'oidc-issuer': { type: 'string', value: 'URL', help: "console sign-in with the agency's identity provider (OpenID Connect)", env: 'DG_OIDC_ISSUER' },
  'oidc-client-id': { type: 'string', value: 'ID', help: 'the client registered there', env: 'DG_OIDC_CLIENT_ID' },
  'oidc-client-secret-file': { type: 'string', value: 'FILE', help: "the client's secret, read from a file", env: 'DG_OIDC_CLIENT_SECRET_FILE' },
  'oidc-redirect-url': { type: 'string', value: 'URL', help: 'the callback (default from --public-url)', env: 'DG_OIDC_REDIRECT_URL' },
  'oidc-roles': { type: 'string', value: 'R=G,…', help: 'console roles by group: supervisor=GROUP,security=GROUP,…', env: 'DG_OIDC_ROLES' },
  'oidc-groups-claim': { type: 'string', value: 'NAME', help: 'the claim that lists groups (default groups)', env: 'DG_OIDC_GROUPS_CLAIM' },
  'oidc-name': { type: 'string', value: 'TEXT', help: 'the name on the sign-in button', env: 'DG_OIDC_NAME' },
  'smtp-port': { type: 'string', value: 'N', help: 'also run the mail gateway (smart host for the agency\'s mail server) on this port (0 for any free port)', env: 'DG_SMTP_PORT' },
  'smtp-relay': { type: 'string', value: 'HOST:PORT', help: 'where the gateway hands mail it accepts (the next hop; required with --smtp-port)', env: 'DG_SMTP_RELAY' },
  'smtp-allow': { type: 'string', value: 'CIDR,…', help: 'mail servers that may relay through the gateway without a token (default 127.0.0.1/32,::1/128)', env: 'DG_SMTP_ALLOW' },
  'smtp-cert': { type: 'string', value: 'FILE', help: 'the gateway\'s TLS certificate (PEM) for STARTTLS', env: 'DG_SMTP_CERT' },
  'smtp-key': { type: 'string', value: 'FILE', help: 'and its private key (PEM)', env: 'DG_SMTP_KEY' },
  'smtp-max-bytes': { type: 'string', value: 'N', help: 'largest message the gateway takes, announced in EHLO (default 26214400, 25 MB)', env: 'DG_SMTP_MAX_BYTES' },
  'smtp-fax-domains': { type: 'string', value: 'D,…', help: 'email-to-fax domains: NUMBER@DOMAIN is a fax recipient, checked as a fax number', env: 'DG_SMTP_FAX_DOMAINS' },
} as const satisfies Flags;
