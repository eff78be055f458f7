/** CLI commands that work on the store: registry, token, verify-log, export-log. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CATEGORIES } from '../shared/policy';
import type { Category } from '../shared/policy';
import { publicKeyFrom, readPublicKeyFile } from './audit/keys';
import { describeVerify, verifyLog } from './audit/verify';
import type { Io } from './cli';
import { createDeviceToken } from './devices';
import { readAll } from './io';
import { openProxy } from './open';
import type { Opened } from './open';
import { csvLine } from './registry/csv';
import { ImportError } from './registry/import';
import { STORE_OPTIONS, storeSettings, UsageError } from './settings';
import { hashPassword, MIN_PASSWORD_LENGTH } from './console/passwords';
import { normalizeEmail } from './registry/address';
import { ROLES } from './store/types';
import type { Role } from './store/types';

async function withStore<T>(values: Record<string, string | boolean | undefined>, fn: (o: Opened) => Promise<T>): Promise<T> {
  const o = openProxy(storeSettings(values));
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
  const { values } = parseArgs({ args: rest, options: { ...STORE_OPTIONS, name: { type: 'string' } }, strict: true });
  if (sub !== 'create') throw new UsageError('token needs a subcommand: create --name NAME');
  const name = values.name?.trim();
  if (!name || name.length > 100) throw new UsageError('token create needs --name NAME (1–100 characters)');
  return withStore(values, async (o) => {
    const token = await createDeviceToken(o.store, name, o.clock.now().toISOString());
    io.stdout.write(`${token}\n`);
    io.stderr.write(`device token for "${name}" created; it is shown only this once\n`);
    return 0;
  });
}

export async function verifyLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { ...STORE_OPTIONS, 'public-key': { type: 'string' } }, strict: true });
  const settings = storeSettings(values);
  const pem = values['public-key'] ? await readFile(values['public-key'], 'utf8') : readPublicKeyFile(settings.secrets);
  const verifier = publicKeyFrom(pem);
  return withStore(values, async (o) => {
    const result = await verifyLog(o.store, verifier);
    (result.ok ? io.stdout : io.stderr).write(describeVerify(result) + '\n');
    return result.ok ? 0 : 1;
  });
}

export async function exportLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { ...STORE_OPTIONS, format: { type: 'string' }, since: { type: 'string' } }, strict: true });
  const format = values.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  let fromSeq = 1;
  let fromTime: string | undefined;
  if (values.since !== undefined) {
    if (/^\d+$/.test(values.since)) fromSeq = Number(values.since);
    else if (!Number.isNaN(Date.parse(values.since))) fromTime = new Date(values.since).toISOString();
    else throw new UsageError(`--since must be a sequence number or a date, not "${values.since}"`);
  }
  return withStore(values, async (o) => {
    if (format === 'csv') io.stdout.write(csvLine(['seq', 'at', 'kind', 'leaf', 'head', 'data']));
    for await (const e of o.store.entries(fromSeq)) {
      if (fromTime && e.at < fromTime) continue;
      const data = JSON.parse(e.body).data;
      const line =
        format === 'jsonl'
          ? JSON.stringify({ seq: e.seq, at: e.at, kind: e.kind, leaf: e.leaf, head: e.head, data }) + '\n'
          : csvLine([String(e.seq), e.at, e.kind, e.leaf, e.head, JSON.stringify(data)]);
      if (!io.stdout.write(line)) await new Promise((r) => io.stdout.once('drain', r));
    }
    return 0;
  });
}

export async function accountCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { ...STORE_OPTIONS, email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    strict: true,
  });
  if (sub !== 'add') throw new UsageError('account needs a subcommand: add --email E --role R --password-stdin');
  const email = normalizeEmail(values.email ?? '');
  if (!email) throw new UsageError('account add needs --email with an email address');
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (!values['password-stdin']) throw new UsageError('give the password on stdin with --password-stdin (never on the command line)');
  const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
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
