/**
 * createApp(deps): the proxy's HTTP surface. Dependencies come in, so tests build the app with a
 * temporary SQLite file and a fixed clock and call it through app.request().
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Policy } from '../../shared/policy';
import { DEFAULT_POLICY } from '../../shared/policy';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import type { Verifier } from '../audit/verify';
import { deviceAuth } from './auth';
import type { DeviceEnv } from './auth';
import { consoleApp } from '../console/index';
import type { OidcSettings } from '../console/oidc';
import { isDatabaseUnavailable } from '../store/driver';
import { ApiError, errorBody } from './errors';
import type { Registry } from '../registry/service';
import { clientEventRoutes } from '../routes/client-events';
import { disclosureRoutes } from '../routes/disclosures';
import { policyRoutes } from '../routes/policy';
import { recipientRoutes } from '../routes/recipients';
import { reviewRoutes } from '../routes/reviews';
import { extensionRoutes } from '../routes/extension';
import type { ExtensionHosting } from '../routes/extension';
import { fileRoutes } from '../routes/files';
import { logRoutes } from '../routes/log';
import { textRoutes } from '../routes/text';
import { observe } from '../operations/observe';
import { noRoute } from './no-route';
import type { RateLimit } from './rate-limit';
import type { Logger } from 'pino';
import type { Store } from '../store/types';

export interface Clock {
  now(): Date;
}

export interface AppDeps {
  clock: Clock;
  store: Store;
  keys: Keys;
  /** Every public key the log was signed with (the console's verification after a key rotation). */
  publicKeys?: Verifier[];
  /** Console sign-in with the agency's identity provider. */
  oidc?: OidcSettings;
  registry: Registry;
  log: AuditLog;
  policy?: Policy;
  version?: string;
  maxTextBytes?: number;
  /** Largest file /api/v1/files/* read (25 MB). */
  maxFileBytes?: number;
  timeZone?: string;
  /** Console sign-in backoff per failure, in ms (tests set 0). */
  signInBackoffMs?: number;
  /** Recipient checks per person, across their device tokens (default 5/s, bursts of 60). */
  checkRateLimit?: RateLimit;
  /** Structured request logs (pino); none in tests. */
  logger?: Logger;
  /** The SIEM feed, when one is configured: its backlog is a metric, its outage makes /readyz fail. */
  siem?: { backlog: number; healthy: boolean };
  /** Serve the packaged extension and its update manifests under /extension (their links: publicUrl). */
  extension?: Pick<ExtensionHosting, 'dir'>;
  /**
   * The address browsers reach the proxy at (--public-url), read when needed: `start` sets it to the
   * address it listens on once it does. Absolute links use it; https makes console cookies Secure.
   */
  publicUrl?: () => string | undefined;
  /** Also export the process's own metrics (CPU, memory, event loop) at /metrics. */
  processMetrics?: boolean;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  const obs = observe(deps.store, deps.clock, deps.logger, { processMetrics: deps.processMetrics, ...(deps.siem ? { siem: deps.siem } : {}) });
  app.use(obs.middleware);
  app.use(secureHeaders());
  const unrouted = noRoute({ routes: () => app.routes, store: deps.store, clock: deps.clock });
  app.use(unrouted.middleware);
  // Server-Timing: how long the proxy itself took, so latency can be told apart from the network.
  app.use(async function serverTiming(c, next) {
    const t0 = performance.now();
    await next();
    c.res.headers.set('Server-Timing', `app;dur=${(performance.now() - t0).toFixed(3)}`);
  });

  const health = (c: { json: (b: unknown) => Response }) =>
    c.json({ status: 'ok', version: deps.version ?? '0.1.0', time: deps.clock.now().toISOString() });
  app.get('/healthz', health);
  app.get('/api/v1/healthz', health);
  // Ready: the database answers. (The chain's tail was verified before the proxy started at all.)
  app.get('/readyz', async (c) => {
    try {
      const state = await deps.store.logState();
      if (deps.siem && !deps.siem.healthy) {
        return c.json({ status: 'not_ready', checks: { database: 'ok', seq: state.seq, siem: 'unreachable', siemBacklog: deps.siem.backlog } }, 503);
      }
      return c.json({ status: 'ready', checks: { database: 'ok', chain: 'verified at start', seq: state.seq, ...(deps.siem ? { siem: 'ok', siemBacklog: deps.siem.backlog } : {}) } });
    } catch (err) {
      deps.logger?.error({ err: (err as Error).message }, 'readiness check failed');
      return c.json({ status: 'not_ready', checks: { database: 'unreachable' } }, 503);
    }
  });
  // Prometheus text format; counts, durations and ages only (no token: scrape it from the agency network).
  app.get('/metrics', async (c) => c.body(await obs.metrics(), 200, { 'content-type': obs.registry.contentType }));
  // The log's checkpoints and verifier key: published without a token (routes/log.ts says why).
  app.route('/api/v1', logRoutes(deps));

  if (deps.extension) app.route('/extension', extensionRoutes({ ...deps.extension, ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) }));

  const api = new Hono<DeviceEnv>();
  api.use(deviceAuth(deps));
  api.route('/', recipientRoutes(deps));
  api.route('/', disclosureRoutes({ ...deps, onLogged: obs.decision, onRefused: obs.refused }));
  api.route('/', policyRoutes({ policy: deps.policy ?? DEFAULT_POLICY }));
  api.route('/', textRoutes({ maxBodyBytes: deps.maxTextBytes }));
  api.route('/', fileRoutes({ maxFileBytes: deps.maxFileBytes }));
  api.route('/', reviewRoutes(deps));
  api.route('/', clientEventRoutes(deps));
  app.route('/api/v1', api);
  app.route('/console', consoleApp({ ...deps, timeZone: deps.timeZone ?? 'America/Chicago' }));

  app.notFound(unrouted.notFound);

  // One error handler: expected errors keep their status and reason; anything else is a 500 with no
  // stack trace in the answer.
  app.onError(function onError(err, c) {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) return c.json(errorBody('http_error', err.message), err.status);
    if (isDatabaseUnavailable(err)) {
      deps.logger?.error({ err: err.message, route: c.req.routePath }, 'database unavailable');
      c.header('Retry-After', '5');
      return c.json(errorBody('database_unavailable', 'the database cannot be reached; nothing was stored: try again shortly'), 503);
    }
    if (deps.logger) deps.logger.error({ err: err.message, route: c.req.routePath }, 'unhandled error');
    else console.error('unhandled error', err);
    return c.json(errorBody('internal', 'internal error'), 500);
  });

  return app;
}
