/**
 * A webmail named by its send request (rule `adapter: "webmail"`): it has no page layer. Its pages
 * differ from client to client and version to version, so nothing here reads them; the request guard
 * reads each send from the request the client makes (content/webmail/send.ts).
 */
import type { SiteAdapter } from './types';

export function createWebmailAdapter(): SiteAdapter {
  return {
    name: 'webmail',
    channel: 'email',
    composeFor: () => undefined,
    sendIntent: () => undefined,
    composes: () => [],
  };
}
