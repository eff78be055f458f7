/** The console under /console: sign-in, then one area per role (server-rendered, no client scripts). */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import type { Verifier } from '../audit/verify';
import type { Registry } from '../registry/service';
import type { Store } from '../store/types';
import { auditConsoleRoutes } from './audit/index';
import { registryConsoleRoutes } from './registry/index';
import { reviewConsoleRoutes } from './reviews';
import type { ConsoleEnv } from './session';
import { CONSOLE_CSP, consoleSession } from './session';
import { signInRoutes } from './sign-in';
import { oidcRoutes, type OidcSettings } from './oidc';
import { consoleError, type ConsoleErrorStatus } from './errors';
import { HTTPException } from 'hono/http-exception';

export interface ConsoleDeps {
  store: Store;
  keys: Keys;
  /** Every public key the log was signed with (after a rotation, the retired ones too). */
  publicKeys?: Verifier[];
  log: AuditLog;
  registry: Registry;
  clock: { now(): Date };
  timeZone: string;
  signInBackoffMs?: number;
  /** Sign-in with the agency's identity provider (OpenID Connect), next to passwords. */
  oidc?: OidcSettings;
  /** The proxy's public address: when it is https, every console cookie is Secure. */
  publicUrl?: () => string | undefined;
}

export const CONSOLE_BODY_LIMIT = 64 * 1024;
export const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;

const HOME: Record<string, string> = {
  supervisor: '/console/reviews',
  security: '/console/log',
  custodian: '/console/registry',
  admin: '/console/reviews',
};

export function consoleApp(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  // Behind a TLS proxy the request itself may look like http: the public address says what browsers use.
  app.use(async function publicHttps(c, next) {
    if (deps.publicUrl?.()?.startsWith('https:')) c.set('publicHttps', true);
    await next();
  });
  app.use(async function consoleHeaders(c, next) {
    await next();
    c.res.headers.set('Content-Security-Policy', CONSOLE_CSP);
    c.res.headers.set('Cache-Control', 'no-store');
  });
  // Every console form is small; only an Authorized Users List upload may be larger.
  const small = bodyLimit({ maxSize: CONSOLE_BODY_LIMIT, onError: (c) => consoleError(c, 413, 'The form is larger than 64 KB.') });
  const upload = bodyLimit({ maxSize: IMPORT_BODY_LIMIT, onError: (c) => consoleError(c, 413, 'The file is larger than 4 MB.') });
  app.use(function consoleBodyLimit(c, next) {
    return (c.req.path.startsWith('/console/registry/import') ? upload : small)(c, next);
  });
  app.route('/', signInRoutes({ ...deps, backoffMs: deps.signInBackoffMs, ...(deps.oidc ? { oidcName: deps.oidc.name } : {}) }));
  if (deps.oidc) app.route('/', oidcRoutes({ ...deps, oidc: deps.oidc }));
  const authed = new Hono<ConsoleEnv>();
  authed.use(consoleSession(deps));
  authed.get('/', (c) => c.redirect(HOME[c.get('account').role]!, 302));
  authed.route('/reviews', reviewConsoleRoutes(deps));
  authed.route('/registry', registryConsoleRoutes(deps));
  authed.route('/', auditConsoleRoutes(deps));
  app.route('/', authed);
  // A bad filter or form value thrown by a page: HTML, not JSON (addresses that are no page: app.ts).
  app.onError((err, c) => {
    if (err instanceof HTTPException && [400, 401, 403, 404, 409, 413].includes(err.status)) return consoleError(c, err.status as ConsoleErrorStatus, err.message);
    throw err;
  });
  return app;
}
