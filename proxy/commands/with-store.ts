/** What the commands that change the store share: the proxy's store opened (and closed) for one command, and who acts. */
import { openProxy } from '../operations/open';
import type { Opened } from '../operations/open';
import { storeSettings } from '../operations/settings';

export async function withStore<T>(values: Record<string, string | boolean | undefined>, fn: (o: Opened) => Promise<T>): Promise<T> {
  const o = await openProxy(storeSettings(values));
  try {
    return await fn(o);
  } finally {
    await o.close();
  }
}

export const ACTOR = `cli:${process.env.USER ?? 'unknown'}`;
