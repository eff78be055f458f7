/**
 * Custodians (access requesters), under /console/registry: users and organizations; add, edit,
 * suspend, separate, effective at the next recipient check; CSV import with a preview of every
 * change and row error before anything is written; renewals due in the next 30 days; each user's
 * change history; opted-out job seekers. One file per screen, mounted here.
 */
import { Hono } from 'hono';
import type { ConsoleEnv } from '../session';
import { requireRole } from '../session';
import type { RegistryConsoleDeps } from './deps';
import { importRoutes } from './import';
import { optOutRoutes } from './opt-outs';
import { registryPageRoutes } from './page';
import { renewalRoutes } from './renewals';
import { statusRoutes } from './status';
import { userRoutes } from './user';

export type { RegistryConsoleDeps };

export function registryConsoleRoutes(deps: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.use(requireRole('custodian'));
  app.route('/', registryPageRoutes(deps)); // GET /, POST /users, POST /organizations
  app.route('/', statusRoutes(deps)); // GET|POST /users/:email/status
  app.route('/', userRoutes(deps)); // GET /users/:email
  app.route('/', renewalRoutes(deps)); // GET /renewals
  app.route('/', importRoutes(deps)); // GET|POST /import, POST /import/commit
  app.route('/', optOutRoutes(deps)); // GET|POST /import/opt-outs
  return app;
}
