/**
 * Every command's flags, usage lines and summary, in one table: the commands parse with these flags
 * (parseOptions), and `disclosure-guard --help` and `disclosure-guard COMMAND --help` print them, so
 * the help cannot drift from what a command takes.
 */
import { SERVE_FLAGS, STORE_FLAGS } from './flags';
import type { Flags } from './flags';

export interface CommandSpec {
  group: 'detection' | 'registry and devices' | 'disclosure log' | 'deployment' | 'proxy';
  /** One line a form of the command, then what it does. */
  usage: Array<[string, string]>;
  flags: Flags;
  /** More to know, after the flags. */
  notes?: string;
}

const TEXT_FLAGS = {
  jsonl: { type: 'boolean', default: false, help: 'one JSON object a line with a "text" field (other fields, e.g. "id", are echoed); bad lines exit 2 with their number' },
  field: { type: 'string', value: 'NAME', help: 'the form field the text came from (its name is context: "ssn", "dateOfBirth")' },
  out: { type: 'string', value: 'OUT', help: 'redact FILE --out OUT: write a masked copy of FILE in its own format' },
} as const satisfies Flags;

export const COMMAND_SPECS = {
  scan: {
    group: 'detection',
    usage: [['scan [--jsonl] [--field NAME] [FILE]', 'print findings (type, start, end, confidence, rule) as JSON; a FILE of any kind (text, CSV, DOCX, XLSX, PDF, PNG, JPEG, TIFF) is read by its content and each finding says where']],
    flags: TEXT_FLAGS,
    notes: 'Without FILE, stdin is read. Exit 3: a FILE that cannot be inspected (the reason on stderr).',
  },
  redact: {
    group: 'detection',
    usage: [
      ['redact [--jsonl] [--field NAME] [FILE]', 'print the text with identifiers masked and the statement added'],
      ['redact FILE --out OUT', 'write a masked copy of FILE (same format; PDF and images flattened)'],
    ],
    flags: TEXT_FLAGS,
    notes: 'Without FILE, stdin is read. Exit 3: a FILE that cannot be inspected or masked.',
  },
  registry: {
    group: 'registry and devices',
    usage: [
      ['registry import-orgs FILE.csv', 'organizations (name,type,agreement_effective_on,agreement_expires_on[,categories])'],
      ['registry import FILE.csv', 'users (email,full_name,organization,worksite,fax,categories,…); all checked before any is written'],
      ['registry export [--orgs]', 'the registry as CSV'],
      ['registry check ADDRESS --categories a,b [--channel email|fax|form]', 'the decision as JSON; exit 0 authorized, 1 not'],
    ],
    flags: {
      ...STORE_FLAGS,
      categories: { type: 'string', value: 'LIST', help: 'registry check: personal, wage, ui, employer (comma-separated)' },
      channel: { type: 'string', value: 'C', help: 'registry check: email, fax or form (default email)' },
      orgs: { type: 'boolean', help: 'registry export: the organizations instead of the users' },
    },
  },
  token: {
    group: 'registry and devices',
    usage: [
      ['token create --user EMAIL [--name NAME]', "a device token for that person's extension (shown once)"],
      ['token revoke --user EMAIL | --name NAME', 'end tokens at once'],
    ],
    flags: {
      ...STORE_FLAGS,
      user: { type: 'string', value: 'EMAIL', help: 'the person (in the registry) the token belongs to' },
      name: { type: 'string', value: 'NAME', help: "the device's name, 1–100 characters" },
    },
  },
  account: {
    group: 'registry and devices',
    usage: [
      ['account add --email E --role supervisor|security|custodian|admin --password-stdin', 'a console account (argon2id; 12+ characters, not a common one)'],
      ['account disable --email E', 'end a console account and its sessions'],
    ],
    flags: {
      ...STORE_FLAGS,
      email: { type: 'string', value: 'E', help: "the account's email address" },
      role: { type: 'string', value: 'ROLE', help: 'supervisor, security, custodian or admin' },
      'password-stdin': { type: 'boolean', help: 'read the password from stdin (never from the command line)' },
    },
  },
  optout: {
    group: 'registry and devices',
    usage: [['optout import FILE.csv', 'job seekers who opted out of data sharing (column "ssn"; kept as keyed fingerprints only)']],
    flags: STORE_FLAGS,
  },
  'verify-log': {
    group: 'disclosure log',
    usage: [['verify-log [--public-key FILE…] [--checkpoint FILE…]', "read-only: recompute the chain, signatures, checkpoints and the console's tables; prove the log extends kept checkpoints"]],
    flags: {
      ...STORE_FLAGS,
      'public-key': { type: 'string', multiple: true, value: 'FILE', help: 'a public key the log was signed with (default: the current one and any rotated out)' },
      checkpoint: { type: 'string', multiple: true, value: 'FILE', help: 'checkpoints an auditor kept: the JSON lines file or saved C2SP signed notes' },
    },
    notes: 'Exit 0: the log verifies; 1: it does not (the first bad entry is named).',
  },
  'export-log': {
    group: 'disclosure log',
    usage: [['export-log --format jsonl|csv [--since DATE|SEQ] [--follow]', 'the log for an auditor or a SIEM, from a point on']],
    flags: {
      ...STORE_FLAGS,
      format: { type: 'string', value: 'F', help: 'jsonl or csv (default jsonl)' },
      since: { type: 'string', value: 'DATE|SEQ', help: 'from this sequence number or date' },
      follow: { type: 'boolean', default: false, help: 'keep printing new entries as they are written' },
    },
  },
  backup: {
    group: 'disclosure log',
    usage: [['backup --out FILE', 'an online copy of the database (safe while the proxy runs)']],
    flags: { ...STORE_FLAGS, out: { type: 'string', value: 'FILE', help: 'where the copy goes (never overwritten)' } },
  },
  restore: {
    group: 'disclosure log',
    usage: [['restore --from FILE [--force]', 'put a backup in place of --db (stop the proxy first)']],
    flags: {
      ...STORE_FLAGS,
      from: { type: 'string', value: 'FILE', help: 'the backup (a SQLite copy, or a PostgreSQL dump with --database-url)' },
      force: { type: 'boolean', default: false, help: 'replace a database that is there' },
    },
  },
  'rotate-signing-key': {
    group: 'disclosure log',
    usage: [['rotate-signing-key', 'hand the log over to a new signing key (stop the proxies first); the old public key is kept for verify-log']],
    flags: STORE_FLAGS,
  },
  'package-ext': {
    group: 'deployment',
    usage: [
      [
        'package-ext --key FILE [--new-key] [--out DIR] [--public-url URL]',
        "a signed CRX and an XPI of the built extension, for the proxy to serve (npm run package:ext); --public-url writes the proxy's updates.json into the XPI, where Firefox finds new versions",
      ],
    ],
    flags: {
      key: { type: 'string', value: 'FILE', help: "the CRX signing key: it fixes the extension's ID, keep it", env: 'DG_EXTENSION_KEY' },
      'new-key': { type: 'boolean', default: false, help: 'create the key when there is none' },
      out: { type: 'string', value: 'DIR', help: 'where the packages go (default .output/package)' },
      chrome: { type: 'string', value: 'DIR', help: 'the Chrome build (default .output/chrome-mv3)' },
      firefox: { type: 'string', value: 'DIR', help: 'the Firefox build (default .output/firefox-mv3)' },
      'public-url': { type: 'string', value: 'URL', help: "the proxy's address as browsers reach it (https: Firefox refuses an http update address)", env: 'DG_PUBLIC_URL' },
    },
  },
  'deploy-policy': {
    group: 'deployment',
    usage: [
      [
        'deploy-policy --browser chrome|edge|firefox --os windows|macos|linux --proxy-url URL [--api-token-file FILE] [--user-email EMAIL]',
        'the policy file that force-installs the extension from the proxy (.reg, .mobileconfig, Linux JSON, Firefox policies.json)',
      ],
    ],
    flags: {
      browser: { type: 'string', value: 'B', help: 'chrome, edge or firefox' },
      os: { type: 'string', value: 'OS', help: 'windows, macos or linux' },
      'proxy-url': { type: 'string', value: 'URL', help: "the proxy's address as the agency's browsers reach it" },
      package: { type: 'string', value: 'DIR', help: 'the packages package-ext wrote (for the extension ID; default .output/package)' },
      sites: { type: 'string', value: 'FILE.json', help: 'site rules (mode and kind per site) to set by policy' },
      'fail-mode': { type: 'string', default: 'closed', value: 'closed|open', help: 'closed (nothing confidential leaves without the proxy) or open' },
      'api-token-file': { type: 'string', value: 'FILE', help: "a device token to set by policy (one policy a person's device)" },
      'user-email': { type: 'string', value: 'EMAIL', help: "the person's email to set by policy" },
      out: { type: 'string', value: 'FILE', help: 'write the policy here (default stdout)' },
    },
  },
  serve: {
    group: 'proxy',
    usage: [['serve [flags]', 'run the proxy']],
    flags: SERVE_FLAGS,
    notes: 'Every flag may come from its environment variable instead; a bad setting stops it at once (exit 2).',
  },
  start: {
    group: 'proxy',
    usage: [['start [flags]', 'run the proxy with the demo registry and a demo week (npm start)']],
    flags: SERVE_FLAGS,
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_SPECS;
