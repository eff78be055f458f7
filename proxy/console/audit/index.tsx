/**
 * Security staff, under /console: search and filter the disclosure log, look up an identifier by its
 * fingerprint (the value is never echoed or stored), read one event, check the chain, export the
 * current filter (CSV safe against formula injection, or JSONL), follow breach incidents and their
 * deadlines. One file per screen, mounted here.
 */
import { Hono } from 'hono';
import type { ConsoleEnv } from '../session';
import { requireRole } from '../session';
import { chainRoutes } from './chain';
import type { AuditConsoleDeps } from './deps';
import { entryRoutes } from './entry';
import { exportRoutes } from './exports';
import { fingerprintRoutes } from './fingerprint';
import { incidentRoutes } from './incidents';
import { logRoutes } from './log';

export type { AuditConsoleDeps };

export function auditConsoleRoutes(deps: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.use(requireRole('security'));
  app.route('/', logRoutes(deps)); // GET /log
  app.route('/', exportRoutes(deps)); // GET /log/export.csv, /log/export.jsonl
  app.route('/', entryRoutes(deps)); // GET /log/:seq, POST /log/:seq/verify
  app.route('/', fingerprintRoutes(deps)); // POST /fingerprint
  app.route('/', chainRoutes(deps)); // GET /chain, POST /chain/verify
  app.route('/', incidentRoutes(deps)); // GET /incidents, POST /incidents/:id/reported|closed
  return app;
}
