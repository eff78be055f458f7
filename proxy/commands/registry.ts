/** `registry import-orgs | import | export | check`: the Authorized User Registry. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CATEGORIES } from '../../shared/policy';
import type { Category } from '../../shared/policy';
import type { Io } from './io';
import { ImportError } from '../registry/import';
import { UsageError } from '../operations/settings';
import { ACTOR, withStore } from './with-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function registryCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: parseOptions(COMMAND_SPECS.registry.flags),
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
      // What the message holds decides who may receive it: without it there is nothing to check.
      if (categories.length === 0) throw new UsageError(`registry check needs --categories: what the message holds, one or more of ${CATEGORIES.join(', ')}`);
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
