/** What the registry screens are given, and who a change from the console is recorded as. */
import type { Context } from 'hono';
import type { Keys } from '../../audit/keys';
import type { Registry } from '../../registry/service';
import type { Store } from '../../store/types';
import type { ConsoleEnv } from '../session';

export interface RegistryConsoleDeps {
  store: Store;
  registry: Registry;
  keys: Pick<Keys, 'fingerprint'>;
  clock: { now(): Date };
  timeZone: string;
}

/** The chain records a console change as made by the signed-in account. */
export function actor(c: Context<ConsoleEnv>): string {
  return `console:${c.get('account').email}`;
}
