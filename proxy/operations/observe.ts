/**
 * What operators watch: Prometheus metrics (prom-client, one registry per app so that several apps
 * in one process never share counters), readiness, and structured JSON request logs (pino) with a
 * request id. Labels and log fields are route patterns, methods, statuses, decisions and types:
 * never a path's own values, a body, an address or an identifier.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { jobStats } from '../jobs/file-jobs';
import { isSafeId, newId } from '../../shared/ids';
import type { Store } from '../store/types';

export interface Observability {
  registry: Registry;
  middleware: MiddlewareHandler;
  /** One disclosure logged: counted by decision and by each type it held. */
  decision(decision: string, types: Record<string, number | undefined>): void;
  /** One disclosure refused against its recipient check, by why (forged, expired, reused, contradicting…). */
  refused(why: string): void;
  metrics(): Promise<string>;
}

export function observe(store: Store, clock: { now(): Date }, logger?: Logger, options: { processMetrics?: boolean; siem?: { backlog: number } } = {}): Observability {
  const registry = new Registry();
  if (options.processMetrics) {
    collectDefaultMetrics({ register: registry, prefix: 'dg_' });
    processGauges(registry);
  }
  const requests = new Counter({ name: 'dg_http_requests_total', help: 'HTTP requests by route pattern, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'dg_http_request_duration_seconds',
    help: 'Time the proxy took to answer, by route pattern and method.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [registry],
  });
  const decisions = new Counter({ name: 'dg_decisions_total', help: 'Disclosures logged, by decision and by confidential data type.', labelNames: ['decision', 'type'] as const, registers: [registry] });
  const refusals = new Counter({
    name: 'dg_disclosures_refused_total',
    help: 'Disclosures refused against their recipient check (a forged, expired, reused or foreign check id, or a report that contradicts it), by why.',
    labelNames: ['why'] as const,
    registers: [registry],
  });
  const signInFailures = new Counter({ name: 'dg_signin_failures_total', help: 'Console sign-ins refused (a wrong password, a locked or disabled account).', labelNames: ['why'] as const, registers: [registry] });
  new Gauge({
    name: 'dg_chain_length',
    help: 'Entries in the disclosure log (the seq of the newest).',
    registers: [registry],
    async collect() {
      this.set((await store.logState()).seq);
    },
  });
  new Gauge({
    name: 'dg_seconds_since_checkpoint',
    help: 'Seconds since the newest signed checkpoint (absent before the first).',
    registers: [registry],
    async collect() {
      const cp = (await store.checkpoints()).at(-1);
      if (cp) this.set(Math.max(0, (clock.now().getTime() - Date.parse(cp.at)) / 1000));
    },
  });

  if (options.siem) {
    const siem = options.siem;
    new Gauge({
      name: 'dg_siem_backlog',
      help: 'Chain entries the SIEM collector has not taken yet.',
      registers: [registry],
      collect() {
        this.set(siem.backlog);
      },
    });
  }

  const middleware: MiddlewareHandler = async function observeRequest(c: Context, next) {
    const t0 = performance.now();
    const given = c.req.header('x-request-id');
    // A client's request id is echoed only when it can carry no identifier.
    const id = given && isSafeId(given) ? given : newId('req');
    c.header('x-request-id', id);
    let failed: unknown;
    try {
      await next();
    } catch (err) {
      failed = err;
      throw err;
    } finally {
      const route = c.req.routePath || 'unmatched';
      const status = failed ? 500 : c.res.status;
      const secs = (performance.now() - t0) / 1000;
      requests.inc({ route, method: c.req.method, status: String(status) });
      latency.observe({ route, method: c.req.method }, secs);
      if (c.req.method === 'POST' && route === '/console/login' && (status === 401 || status === 423)) signInFailures.inc({ why: status === 423 ? 'locked' : 'refused' });
      logger?.info({ reqId: id, method: c.req.method, route, status, ms: Math.round(secs * 10000) / 10 }, 'request');
    }
  };

  return {
    registry,
    middleware,
    decision(decision, types) {
      const present = Object.entries(types).filter(([, n]) => (n ?? 0) > 0);
      if (present.length === 0) decisions.inc({ decision, type: 'none' });
      for (const [type] of present) decisions.inc({ decision, type });
    },
    refused(why) {
      refusals.inc({ why });
    },
    metrics: () => registry.metrics(),
  };
}

/**
 * What this process alone shows: how long the event loop was held (the longest delay since the last
 * scrape, and its 99th percentile; every request waits behind it), and the job workers that read
 * files and long texts off the loop.
 */
function processGauges(registry: Registry): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  new Gauge({
    name: 'dg_event_loop_delay_max_seconds',
    help: 'Longest event-loop delay since the last scrape (a request that held the loop shows here).',
    registers: [registry],
    collect() {
      this.set(delay.max / 1e9);
    },
  });
  new Gauge({
    name: 'dg_event_loop_delay_p99_seconds',
    help: '99th percentile of event-loop delay since the last scrape.',
    registers: [registry],
    collect() {
      this.set(delay.percentile(99) / 1e9);
      delay.reset();
    },
  });
  new Gauge({
    name: 'dg_job_workers',
    help: 'Job workers (processes) for files and long texts: the pool size, and how many are busy.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = jobStats();
      this.set({ state: 'max' }, s.size);
      this.set({ state: 'busy' }, s.busy);
    },
  });
  new Gauge({
    name: 'dg_job_queue',
    help: 'Jobs waiting for a worker.',
    registers: [registry],
    collect() {
      this.set(jobStats().queued);
    },
  });
  new Gauge({
    name: 'dg_job_workers_ended_total',
    help: 'Workers stopped by a limit or lost to a crash, by reason (their jobs answered 422).',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      for (const [reason, n] of Object.entries(jobStats().ended)) this.set({ reason }, n);
    },
  });
  new Gauge({
    name: 'dg_jobs_refused_total',
    help: 'Jobs refused at once because the queue was full (answered 503).',
    registers: [registry],
    collect() {
      this.set(jobStats().refused);
    },
  });
}
