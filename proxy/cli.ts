/**
 * The disclosure-guard command (README, "Command line").
 *
 *   scan, redact             detection and masking (the CLI contract)
 *   registry, token           the Authorized User Registry and device tokens
 *   verify-log, export-log    the tamper-evident disclosure log
 *   serve | start             the proxy
 *
 * Exit status: 0 done, 1 a check said no, 2 bad input or usage (with the line number for JSONL),
 * 3 a file that cannot be inspected or masked (the reason on stderr).
 */
import type { Io } from './io';
import { UsageError } from './settings';

export type { Io };
export { UsageError };

const USAGE = `usage: disclosure-guard <command> [options]

detection
  scan [--jsonl] [--field NAME] [FILE]     print findings (type, start, end, confidence, rule) as JSON;
                                           a FILE of any kind (text, CSV, DOCX, XLSX, PDF, PNG, JPEG,
                                           TIFF) is read by its content and each finding says where
  redact [--jsonl] [--field NAME] [FILE]   print the text with identifiers masked and the statement added
  redact FILE --out OUT                    write a masked copy of FILE (same format; PDF and images
                                           flattened); exit 3 when FILE cannot be inspected or masked

registry and devices
  registry import-orgs FILE.csv            organizations (name,type,agreement_effective_on,agreement_expires_on)
  registry import FILE.csv                 users (email,full_name,organization,worksite,fax,categories,…)
  registry export [--orgs]                 the registry as CSV
  registry check ADDRESS --categories a,b [--channel email|fax|form]
                                           the decision as JSON; exit 0 authorized, 1 not
  token create --user EMAIL [--name NAME]  a device token for that person's extension (shown once)
  token revoke --user EMAIL | --name NAME  end tokens at once
  account add --email E --role supervisor|security|custodian|admin --password-stdin
                                           a console account (argon2id; 12+ characters, not a common one)
  account disable --email E                end a console account and its sessions
  optout import FILE.csv                   job seekers who opted out of data sharing (column "ssn";
                                           kept as keyed fingerprints only)

disclosure log
  verify-log [--public-key FILE] [--checkpoint FILE…]
                                           read-only: recompute the chain, signatures, checkpoints and
                                           the console's tables; prove the log extends kept checkpoints
  export-log --format jsonl|csv [--since DATE|SEQ] [--follow]
  backup --out FILE                        an online copy of the database (safe while the proxy runs)
  restore --from FILE [--force]            put a backup in place of --db (--force replaces one; stop
                                           the proxy first)
  rotate-signing-key                       hand the log over to a new signing key (stop the proxies
                                           first); the old public key is kept for verify-log

deployment
  package-ext --key FILE [--new-key] [--out DIR] [--public-url URL]
                                           a signed CRX and an XPI of the built extension, for the
                                           proxy to serve (npm run package:ext); --public-url (or
                                           DG_PUBLIC_URL) puts the proxy's updates.json in the XPI
  deploy-policy --browser chrome|edge|firefox --os windows|macos|linux --proxy-url URL
                [--api-token-file FILE] [--user-email EMAIL]
                [--sites FILE.json] [--fail-mode closed|open] [--out FILE]
                                           the policy file that force-installs it from the proxy
                                           (.reg, .mobileconfig, Linux JSON, Firefox policies.json)
                                           with the device token and the user in its settings

proxy
  serve [--port N] [--host H]              run the proxy
  start                                    run the proxy with the demo registry (npm start)

--jsonl reads one JSON object per line with a "text" field (and an optional "field" name); other
fields such as "id" are echoed. Without FILE, input is read from stdin. Commands that use the store
take --db FILE (DG_DB, ./data/disclosure-guard.db), --secrets DIR (DG_SECRET_DIR, ./data/secrets) and
--time-zone TZ (DG_TIME_ZONE, America/Chicago), --signing-key FILE (DG_SIGNING_KEY) and
--checkpoint-file FILE (DG_CHECKPOINT_FILE, beside the database). Bad input exits 2 with the line number.`;

type Command = (args: string[], io: Io) => Promise<number>;

/** One file per command in commands/, loaded when it runs. */
const COMMANDS: Record<string, Command> = {
  scan: async (args, io) => (await import('./commands/scan')).textCommand('scan', args, io),
  redact: async (args, io) => (await import('./commands/scan')).textCommand('redact', args, io),
  registry: async (args, io) => (await import('./commands/registry')).registryCommand(args, io),
  token: async (args, io) => (await import('./commands/token')).tokenCommand(args, io),
  account: async (args, io) => (await import('./commands/account')).accountCommand(args, io),
  optout: async (args, io) => (await import('./commands/optout')).optOutCommand(args, io),
  'verify-log': async (args, io) => (await import('./commands/verify-log')).verifyLogCommand(args, io),
  'export-log': async (args, io) => (await import('./commands/export-log')).exportLogCommand(args, io),
  backup: async (args, io) => (await import('./commands/backup')).backupCommand(args, io),
  restore: async (args, io) => (await import('./commands/restore')).restoreCommand(args, io),
  'rotate-signing-key': async (args, io) => (await import('./commands/rotate-signing-key')).rotateSigningKeyCommand(args, io),
  'package-ext': async (args, io) => (await import('./commands/package-ext')).packageCommand(args, io),
  'deploy-policy': async (args, io) => (await import('./commands/deploy-policy')).deployPolicyCommand(args, io),
  serve: async (args, io) => (await import('./commands/serve')).serveCommand(args, io, { demo: false }),
  start: async (args, io) => (await import('./commands/serve')).serveCommand(args, io, { demo: true }),
};

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`disclosure-guard: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`disclosure-guard ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    if ((err as { code?: string }).code === 'ENOENT') {
      io.stderr.write(`disclosure-guard ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
