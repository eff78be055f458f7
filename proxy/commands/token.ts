/** `token create | revoke`: device tokens, each belonging to one person in the registry. */
import { parseArgs } from 'node:util';
import { createDeviceToken } from '../deployment/devices';
import { storedProblems } from '../http/stored-fields';
import type { Io } from './io';
import { normalizeEmail } from '../registry/address';
import { UsageError } from '../operations/settings';
import { withStore } from './with-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function tokenCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: parseOptions(COMMAND_SPECS.token.flags), strict: true });
  const user = values.user === undefined ? undefined : normalizeEmail(values.user);
  if (values.user !== undefined && !user) throw new UsageError('--user must be an email address');
  const name = values.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 100)) throw new UsageError('--name must be 1–100 characters');
  const problems = storedProblems('tokenCommand', { '--name': name });
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
