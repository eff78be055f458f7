/** CLI commands that work on the store: registry, token, verify-log, export-log. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CATEGORIES } from '../shared/policy';
import type { Category } from '../shared/policy';
import { publicKeyFrom, readPublicKeyFile, readRetiredPublicKeys } from './audit/keys';
import { describeVerify, verifyLog } from './audit/verify';
import type { Io } from './cli';
import { createDeviceToken } from './devices';
import { readAll } from './io';
import { openProxy } from './open';
import type { Opened } from './open';
import { csvLine } from './registry/csv';
import { ImportError } from './registry/import';
import { STORE_OPTIONS, storeSettings, UsageError } from './settings';
import { hashPassword, passwordProblem } from './console/passwords';
import { gateProblems } from './gate';
import { importOptOuts } from './registry/opt-out';
import { openStore } from './store/open-store';
import type { Checkpoint, Store } from './store/types';
import { normalizeEmail } from './registry/address';
import { ROLES } from './store/types';
import type { Role } from './store/types';

async function withStore<T>(values: Record<string, string | boolean | undefined>, fn: (o: Opened) => Promise<T>): Promise<T> {
  const o = await openProxy(storeSettings(values));
  try {
    return await fn(o);
  } finally {
    await o.close();
  }
}

const ACTOR = `cli:${process.env.USER ?? 'unknown'}`;

export async function registryCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...STORE_OPTIONS, categories: { type: 'string' }, channel: { type: 'string' }, orgs: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  switch (sub) {
    case 'import-orgs':
    case 'import': {
      if (positionals.length !== 1) throw new UsageError(`registry ${sub} takes one FILE.csv`);
      const text = await readFile(positionals[0]!, 'utf8');
      return withStore(values, async (o) => {
        try {
          const r = sub === 'import' ? await o.registry.importUsers(text, ACTOR) : await o.registry.importOrganizations(text, ACTOR);
          io.stdout.write(`${sub === 'import' ? 'users' : 'organizations'}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged\n`);
          return 0;
        } catch (err) {
          if (!(err instanceof ImportError)) throw err;
          io.stderr.write(`${positionals[0]}: ${err.message}\n`);
          return 2;
        }
      });
    }
    case 'export':
      return withStore(values, async (o) => {
        io.stdout.write(values.orgs ? await o.registry.exportOrganizationsCsv() : await o.registry.exportUsersCsv());
        return 0;
      });
    case 'check': {
      if (positionals.length !== 1) throw new UsageError('registry check takes one ADDRESS');
      const categories = (values.categories ?? '').split(',').map((c) => c.trim()).filter(Boolean);
      const bad = categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c));
      if (bad.length) throw new UsageError(`unknown categor${bad.length > 1 ? 'ies' : 'y'} ${bad.join(', ')} (expected ${CATEGORIES.join(', ')})`);
      const channel = values.channel ?? (positionals[0]!.includes('@') ? 'email' : 'fax');
      if (channel !== 'email' && channel !== 'fax' && channel !== 'form') throw new UsageError(`--channel must be email, fax or form`);
      return withStore(values, async (o) => {
        const [d] = await o.registry.check([positionals[0]!], channel, categories as Category[]);
        io.stdout.write(JSON.stringify({ checkedOn: o.registry.today(), ...d }, null, 2) + '\n');
        return d!.authorized ? 0 : 1;
      });
    }
    default:
      throw new UsageError(`registry needs a subcommand: import-orgs, import, export or check`);
  }
}

export async function tokenCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { ...STORE_OPTIONS, name: { type: 'string' }, user: { type: 'string' } }, strict: true });
  const user = values.user === undefined ? undefined : normalizeEmail(values.user);
  if (values.user !== undefined && !user) throw new UsageError('--user must be an email address');
  const name = values.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 100)) throw new UsageError('--name must be 1–100 characters');
  const problems = gateProblems([['--name', name]]);
  if (problems.length) throw new UsageError(problems[0]!.message);
  if (sub === 'create') {
    if (!user) throw new UsageError('token create needs --user EMAIL: the person (in the registry) the token belongs to');
    return withStore(values, async (o) => {
      if (!(await o.store.getUser(user))) {
        io.stderr.write(`${user} is not in the registry; import them first (a token belongs to a registered person)\n`);
        return 2;
      }
      const token = await createDeviceToken(o.store, name ?? user, o.clock.now().toISOString(), user);
      io.stdout.write(`${token}\n`);
      io.stderr.write(`device token for ${user} created; it is shown only this once\n`);
      return 0;
    });
  }
  if (sub === 'revoke') {
    if (!user === !name) throw new UsageError('token revoke takes --user EMAIL (every token of that person) or --name NAME');
    return withStore(values, async (o) => {
      const n = await o.store.revokeDevices(user ? { userEmail: user } : { name: name! }, o.clock.now().toISOString());
      io.stdout.write(`${n} token${n === 1 ? '' : 's'} revoked\n`);
      return n > 0 ? 0 : 1;
    });
  }
  throw new UsageError('token needs a subcommand: create --user EMAIL [--name NAME], or revoke --user EMAIL | --name NAME');
}

export async function verifyLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...STORE_OPTIONS, 'public-key': { type: 'string', multiple: true }, checkpoint: { type: 'string', multiple: true } },
    strict: true,
  });
  const settings = storeSettings({ ...values, checkpoint: undefined, 'public-key': undefined });
  // The keys the log was signed with: those given, else the current one and any rotated out.
  let pems: string[];
  try {
    pems = values['public-key']?.length
      ? await Promise.all(values['public-key'].map((f) => readFile(f, 'utf8')))
      : [readPublicKeyFile(settings.secrets, settings.signingKey), ...readRetiredPublicKeys(settings.secrets, settings.signingKey)];
  } catch (err) {
    throw new UsageError(`no public key to verify with (${(err as Error).message}); give --public-key FILE`);
  }
  let verifiers;
  try {
    verifiers = pems.map(publicKeyFrom);
  } catch (err) {
    throw new UsageError(`not an Ed25519 public key (${(err as Error).message})`);
  }
  const kept: Checkpoint[] = [];
  for (const file of values.checkpoint ?? []) kept.push(...parseCheckpoints(await readFile(file, 'utf8'), file));
  // Read-only: the database is opened read-only, nothing is signed and no key is created.
  const store = await openStore(settings, { readonly: true });
  try {
    const result = await verifyLog(store, verifiers, { kept });
    (result.ok ? io.stdout : io.stderr).write(describeVerify(result) + '\n');
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** Checkpoints saved by an auditor: JSON lines (the checkpoint file), a JSON array, or the API's answer. */
export function parseCheckpoints(text: string, file: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  const take = (v: unknown, where: string) => {
    const o = (v && typeof v === 'object' && 'checkpoint' in v ? (v as { checkpoint: unknown }).checkpoint : v) as Record<string, unknown>;
    const ok =
      o && typeof o === 'object' && Number.isInteger(o.seq) && (o.seq as number) > 0 &&
      ['head', 'root', 'at', 'keyId', 'signature'].every((k) => typeof o[k] === 'string');
    if (!ok) throw new UsageError(`${file}${where}: not a checkpoint (seq, head, root, at, keyId, signature)`);
    out.push({ seq: o.seq as number, head: o.head as string, root: o.root as string, at: o.at as string, keyId: o.keyId as string, signature: o.signature as string });
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (err) {
      throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
    }
    (arr as unknown[]).forEach((v, i) => take(v, ` item ${i + 1}`));
    return out;
  }
  trimmed.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new UsageError(`${file} line ${i + 1}: not JSON (${(err as Error).message})`);
    }
    take(v, ` line ${i + 1}`);
  });
  return out;
}

export async function exportLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { ...STORE_OPTIONS, format: { type: 'string' }, since: { type: 'string' }, follow: { type: 'boolean', default: false } }, strict: true });
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  let fromSeq = 1;
  let fromTime: string | undefined;
  if (values.since !== undefined) {
    if (/^\d+$/.test(values.since)) fromSeq = Number(values.since);
    else if (!Number.isNaN(Date.parse(values.since))) fromTime = new Date(values.since).toISOString();
    else throw new UsageError(`--since must be a sequence number or a date, not "${values.since}"`);
  }
  const print = async (store: Store, from: number): Promise<number> => {
    let last = from - 1;
    for await (const e of store.entries(from)) {
      last = e.seq;
      if (fromTime && e.at < fromTime) continue;
      const data = JSON.parse(e.body).data;
      const line =
        format === 'jsonl'
          ? JSON.stringify({ seq: e.seq, at: e.at, kind: e.kind, leaf: e.leaf, head: e.head, data }) + '\n'
          : csvLine([String(e.seq), e.at, e.kind, e.leaf, e.head, JSON.stringify(data)]);
      if (!io.stdout.write(line)) await new Promise((r) => io.stdout.once('drain', r));
    }
    return last + 1;
  };
  if (!values.follow) {
    return withStore(values, async (o) => {
      if (format === 'csv') io.stdout.write(csvLine(['seq', 'at', 'kind', 'leaf', 'head', 'data']));
      await print(o.store, fromSeq);
      return 0;
    });
  }
  // --follow: a reader beside the running proxy (read-only, it never signs), printing each new
  // entry within a second, until SIGINT or SIGTERM.
  const settings = storeSettings(values);
  const store: Store = await openStore(settings, { readonly: true, follow: true });
  let stop = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    stop = true;
    wake?.();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (format === 'csv') io.stdout.write(csvLine(['seq', 'at', 'kind', 'leaf', 'head', 'data']));
    let next = fromSeq;
    while (!stop) {
      next = await print(store, next);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 1000);
      });
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}

export async function accountCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { ...STORE_OPTIONS, email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    strict: true,
  });
  const email = normalizeEmail(values.email ?? '');
  if (!email) throw new UsageError(`account ${sub ?? ''} needs --email with an email address`.replace('  ', ' '));
  const raw = gateProblems([['--email', email, 'address']]);
  if (raw.length) throw new UsageError(raw[0]!.message);
  if (sub === 'disable') {
    return withStore(values, async (o) => {
      const done = await o.store.disableAccount(email, o.clock.now().toISOString(), ACTOR);
      (done ? io.stdout : io.stderr).write(done ? `console account ${email} disabled; its sessions ended\n` : `no enabled account ${email}\n`);
      return done ? 0 : 1;
    });
  }
  if (sub !== 'add') throw new UsageError('account needs a subcommand: add --email E --role R --password-stdin, or disable --email E');
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (!values['password-stdin']) throw new UsageError('give the password on stdin with --password-stdin (never on the command line)');
  const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  const weak = passwordProblem(password, email);
  if (weak) throw new UsageError(weak);
  return withStore(values, async (o) => {
    if (await o.store.getAccount(email)) {
      io.stderr.write(`account ${email} already exists\n`);
      return 2;
    }
    await o.store.addAccount({ email, role, passwordHash: await hashPassword(password) }, o.clock.now().toISOString());
    io.stdout.write(`console account ${email} (${role}) created\n`);
    return 0;
  });
}

/** `optout import FILE.csv`: job seekers who opted out of data sharing, kept as fingerprints only. */
export async function optOutCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { ...STORE_OPTIONS }, allowPositionals: true, strict: true });
  if (sub !== 'import' || positionals.length !== 1) throw new UsageError('optout import FILE.csv (one SSN per row, a header row "ssn")');
  const text = await readFile(positionals[0]!, 'utf8');
  return withStore(values, async (o) => {
    try {
      const r = await importOptOuts(o, text, ACTOR);
      io.stdout.write(`opted-out job seekers: ${r.added} added, ${r.already} already listed (kept as fingerprints only)\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      io.stderr.write(`${positionals[0]}: ${err.message}\n`);
      return 2;
    }
  });
}
