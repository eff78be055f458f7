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
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { describeZodError, TextRequestSchema } from '../shared/schemas';
import { depthOf, MAX_DEPTH } from './errors';
import { readAll } from './io';
import { redactJob, scanJob } from './text-jobs';
import { UsageError } from './settings';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

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
  package-ext --key FILE [--new-key] [--out DIR]
                                           a signed CRX and an XPI of the built extension, for the
                                           proxy to serve (npm run package:ext)
  deploy-policy --browser chrome|edge|firefox --os windows|macos|linux --proxy-url URL
                [--sites FILE.json] [--fail-mode closed|open] [--out FILE]
                                           the policy file that force-installs it from the proxy
                                           (.reg, .mobileconfig, Linux JSON, Firefox policies.json)

proxy
  serve [--port N] [--host H]              run the proxy
  start                                    run the proxy with the demo registry (npm start)

--jsonl reads one JSON object per line with a "text" field (and an optional "field" name); other
fields such as "id" are echoed. Without FILE, input is read from stdin. Commands that use the store
take --db FILE (DG_DB, ./data/disclosure-guard.db), --secrets DIR (DG_SECRET_DIR, ./data/secrets) and
--time-zone TZ (DG_TIME_ZONE, America/Chicago), --signing-key FILE (DG_SIGNING_KEY) and
--checkpoint-file FILE (DG_CHECKPOINT_FILE, beside the database). Bad input exits 2 with the line number.`;

type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: (args, io) => textCommand('scan', args, io),
  redact: (args, io) => textCommand('redact', args, io),
  registry: async (args, io) => (await import('./cli-store')).registryCommand(args, io),
  token: async (args, io) => (await import('./cli-store')).tokenCommand(args, io),
  account: async (args, io) => (await import('./cli-store')).accountCommand(args, io),
  optout: async (args, io) => (await import('./cli-store')).optOutCommand(args, io),
  'verify-log': async (args, io) => (await import('./cli-store')).verifyLogCommand(args, io),
  'export-log': async (args, io) => (await import('./cli-store')).exportLogCommand(args, io),
  backup: async (args, io) => (await import('./backup')).backupCommand(args, io),
  'package-ext': async (args, io) => (await import('./extension-package')).packageCommand(args, io),
  'deploy-policy': async (args, io) => (await import('./deploy-policy')).deployPolicyCommand(args, io),
  restore: async (args, io) => (await import('./backup')).restoreCommand(args, io),
  'rotate-signing-key': async (args, io) => (await import('./rotate-key')).rotateSigningKeyCommand(args, io),
  serve: async (args, io) => (await import('./main')).serveCommand(args, io, { demo: false }),
  start: async (args, io) => (await import('./main')).serveCommand(args, io, { demo: true }),
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

/** `scan FILE` and `redact FILE [--out OUT]`: any format, read by its content. Exit 3: cannot inspect. */
async function fileCommand(kind: 'scan' | 'redact', file: string, out: string | undefined, field: string | undefined, io: Io): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  const { CannotInspect } = await import('../shared/files/errors');
  const { sniff } = await import('../shared/files/sniff');
  const jobs = await import('./file-jobs');
  const name = basename(file);
  const detect = field === undefined ? {} : { detect: { field } };
  try {
    if (kind === 'scan') {
      io.stdout.write(JSON.stringify(await jobs.scanFileJob(bytes, name, detect)) + '\n');
      return 0;
    }
    if (out === undefined) {
      if (sniff(bytes) !== 'text') {
        throw new UsageError(`${name} is not a text file; write its masked copy with: redact FILE --out OUT`);
      }
      const { decodeText } = await import('../shared/files/text');
      const text = redactJob({ text: decodeText(bytes).text, ...(field === undefined ? {} : { field }) }).text;
      io.stdout.write((io.stdout as { isTTY?: boolean }).isTTY && !text.endsWith('\n') ? text + '\n' : text);
      return 0;
    }
    const r = await jobs.redactFileJob(bytes, name, detect);
    await writeFile(out, r.bytes, { mode: 0o600 });
    io.stdout.write(JSON.stringify({ ...r.summary, out }) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof CannotInspect) {
      io.stderr.write(`disclosure-guard ${kind}: cannot inspect ${name}: ${e.message}\n`);
      return 3;
    }
    throw e;
  } finally {
    await (await import('./files/engine')).closeEngine();
  }
}

async function textCommand(kind: 'scan' | 'redact', args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { jsonl: { type: 'boolean', default: false }, field: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
  const file = positionals[0];
  if (values.out !== undefined && (kind !== 'redact' || file === undefined || values.jsonl)) {
    throw new UsageError('--out takes a masked copy of one FILE: redact FILE --out OUT');
  }
  if (!values.jsonl && file !== undefined) return fileCommand(kind, file, values.out, values.field, io);
  if (!values.jsonl) {
    const text = file === undefined ? await readAll(io.stdin) : await readFile(file, 'utf8');
    const req = { text, ...(values.field === undefined ? {} : { field: values.field }) };
    if (kind === 'scan') io.stdout.write(JSON.stringify(scanJob(req)) + '\n');
    else {
      const out = redactJob(req).text;
      // A terminal gets a final newline; a pipe gets the text exactly.
      io.stdout.write((io.stdout as { isTTY?: boolean }).isTTY && !out.endsWith('\n') ? out + '\n' : out);
    }
    return 0;
  }
  const input = file === undefined ? io.stdin : createReadStream(file, 'utf8');
  let lineNo = 0;
  let bad = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    const problem = (reason: string) => {
      bad++;
      io.stderr.write(`line ${lineNo}: ${reason}\n`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problem(line.trim() === '' ? 'empty line, expected a JSON object' : `not JSON (${(err as Error).message})`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem('expected a JSON object with a "text" field');
      continue;
    }
    if (depthOf(value) > MAX_DEPTH) {
      problem(`nested more than ${MAX_DEPTH} levels deep`);
      continue;
    }
    const parsed = TextRequestSchema.safeParse(value);
    if (!parsed.success) {
      problem(describeZodError(parsed.error));
      continue;
    }
    const out = kind === 'scan' ? scanJob(parsed.data) : redactJob(parsed.data);
    if (!io.stdout.write(JSON.stringify(out) + '\n')) await new Promise((r) => io.stdout.once('drain', r));
  }
  if (bad > 0) {
    io.stderr.write(`${bad} of ${lineNo} lines rejected\n`);
    return 2;
  }
  return 0;
}
