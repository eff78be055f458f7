/** `account add | disable`: console accounts. */
import { parseArgs } from 'node:util';
import { hashPassword, passwordProblem } from '../console/passwords';
import { storedProblems } from '../http/stored-fields';
import { readAll, type Io } from './io';
import { normalizeEmail } from '../registry/address';
import { UsageError } from '../operations/settings';
import { ROLES } from '../store/types';
import type { Role } from '../store/types';
import { ACTOR, withStore } from './with-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function accountCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: parseOptions(COMMAND_SPECS.account.flags),
    strict: true,
  });
  const email = normalizeEmail(values.email ?? '');
  if (!email) throw new UsageError(`account ${sub ?? ''} needs --email with an email address`.replace('  ', ' '));
  const raw = storedProblems('accountCommand', { '--email': email });
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
