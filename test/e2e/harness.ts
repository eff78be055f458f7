/**
 * The end-to-end harness: the real proxy (`disclosure-guard serve`, a temporary SQLite file, the demo
 * registry), the fixture pages served on 127.0.0.1 (fixture-server.ts), and Debian's Chromium with the
 * built extension. Chromium is told to make no outside calls.
 */
import { chromium, expect, test } from '@playwright/test';
import type { Browser, BrowserContext, Page, Worker } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoOrganizationsCsv, demoUsersCsv } from '../../proxy/operations/demo';
import { received, receivedRaw, serveFixtures, sitesFor, uploads } from './fixture-server';
import type { Upload } from './fixture-server';

export { received, receivedRaw, serveFixtures, sitesFor, uploads };
export type { Upload };

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXTENSION = join(ROOT, '.output', 'chrome-mv3');
export const BIN = join(ROOT, 'bin', 'disclosure-guard.mjs');

/** Firefox for tests: no proxy, no browser updates, no Safe Browsing lookups (the network here is closed). */
export const FIREFOX_PREFS = {
  'network.proxy.type': 0,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
};

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  // WebRTC between two peer connections of one page: host candidates by address (no mDNS here).
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function cli(args: string[], input?: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`disclosure-guard ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export class Proxy {
  readonly dir = mkdtempSync(join(tmpdir(), 'dg-e2e-'));
  readonly db = join(this.dir, 'dg.db');
  readonly secrets = join(this.dir, 'secrets');
  token = '';
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private store(): string[] {
    return ['--db', this.db, '--secrets', this.secrets];
  }

  seed(): void {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
    writeFileSync(join(this.dir, 'orgs.csv'), demoOrganizationsCsv(today));
    writeFileSync(join(this.dir, 'users.csv'), demoUsersCsv(today));
    cli(['registry', 'import-orgs', join(this.dir, 'orgs.csv'), ...this.store()]);
    cli(['registry', 'import', join(this.dir, 'users.csv'), ...this.store()]);
    this.token = cli(['token', 'create', '--user', 'casey.staff@jobs.example.gov', '--name', 'e2e-browser', ...this.store()]).trim();
  }

  addAccount(email: string, role: string, password: string): void {
    cli(['account', 'add', '--email', email, '--role', role, '--password-stdin', ...this.store()], password);
  }

  async start(extra: string[] = []): Promise<void> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(this.port), ...this.store(), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        if (out.includes('listening on')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`proxy exited ${code}`)));
    });
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGTERM');
    await new Promise((r) => c.once('exit', r));
    this.child = null;
  }

  /** Disclosures in the log, read from the SQLite file (WAL lets a reader in beside the server). */
  disclosures(): Array<{ client_event_id: string; decision: string; site: string; channel: string }> {
    const db = new Database(this.db, { readonly: true });
    try {
      return db.prepare('SELECT client_event_id, decision, site, channel FROM disclosures ORDER BY seq').all() as never;
    } finally {
      db.close();
    }
  }

  /** The data of each disclosure entry, in log order: the proxy's decision beside the reported one. */
  disclosureEntries(): Array<{ clientEventId: string; basis: string; decision: string; unchecked?: string; check?: { id: string; decision?: string } }> {
    const db = new Database(this.db, { readonly: true });
    try {
      const rows = db.prepare("SELECT body FROM log_entries WHERE kind = 'disclosure' ORDER BY seq").all() as Array<{ body: string }>;
      return rows.map((r) => JSON.parse(r.body).data);
    } finally {
      db.close();
    }
  }

  /** The logged event bodies (to check that nothing raw was stored). */
  logText(): string {
    const db = new Database(this.db, { readonly: true });
    try {
      return (db.prepare('SELECT body FROM log_entries ORDER BY seq').all() as Array<{ body: string }>).map((r) => r.body).join('\n');
    } finally {
      db.close();
    }
  }

  /** The disclosure entries of the log, parsed ({seq, kind, at, data}). */
  events(): Array<{ seq: number; kind: string; data: Record<string, unknown> }> {
    const db = new Database(this.db, { readonly: true });
    try {
      const rows = db.prepare("SELECT body FROM log_entries WHERE kind = 'disclosure' ORDER BY seq").all() as Array<{ body: string }>;
      return rows.map((r) => JSON.parse(r.body));
    } finally {
      db.close();
    }
  }

  reviews(): Array<{ id: string; event_id: string; status: string; justification: string }> {
    const db = new Database(this.db, { readonly: true });
    try {
      return db.prepare('SELECT id, event_id, status, justification FROM reviews').all() as never;
    } finally {
      db.close();
    }
  }
}

export async function launch(profile = mkdtempSync(join(tmpdir(), 'dg-profile-'))): Promise<{ context: BrowserContext; worker: Worker; id: string }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const id = new URL(worker.url()).host;
  return { context, worker, id };
}

export const POLICY_DIR = '/etc/chromium/policies/managed';

/**
 * Debian's Chromium with a managed policy of this test's own: it runs in a private mount namespace
 * where `policies` is bind-mounted over the machine-wide policy folder, so no other browser, run or
 * leftover ever sees it. Connected over CDP.
 */
export async function launchWithPolicy(
  policies: string,
  profile: string,
  extraArgs: string[] = [],
  options: { keepBackgroundNetworking?: boolean } = {},
): Promise<{ browser: Browser; context: BrowserContext; process: ChildProcess; close(): Promise<void> }> {
  mkdirSync(POLICY_DIR, { recursive: true });
  const args = [
    ...CHROMIUM_ARGS.filter((a) => !(options.keepBackgroundNetworking && a === '--disable-background-networking')),
    '--headless',
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    ...extraArgs,
    'about:blank',
  ];
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('unshare', ['-m', 'sh', '-c', `mount --bind '${policies}' ${POLICY_DIR} && exec /usr/lib/chromium/chromium ${quoted}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const ws = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${stderr}`)), 30_000);
    child.stderr!.on('data', (d) => {
      stderr += String(d);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${stderr}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  return {
    browser,
    context: browser.contexts()[0]!,
    process: child,
    async close() {
      // Closed over CDP, Chromium shuts down with every one of its processes; only a browser that
      // does not exit in time is killed. Its profile is then no longer being written.
      const gone = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
      // (Playwright's close() only disconnects from a browser it connected to: ask Chromium itself.)
      await browser
        .newBrowserCDPSession()
        .then((cdp) => cdp.send('Browser.close'))
        .catch(() => undefined);
      await browser.close().catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A proxy with the demo registry, the fixture pages and a configured browser: what most specs start from. */
export async function startGuarded(): Promise<{ proxy: Proxy; fixtures: { server: Server; origin: string }; context: BrowserContext; close(): Promise<void> }> {
  const proxy = new Proxy(await freePort());
  proxy.seed();
  await proxy.start();
  const fixtures = await serveFixtures();
  const { context, worker } = await launch();
  await configure(worker, proxy, fixtures.origin);
  return {
    proxy,
    fixtures,
    context,
    async close() {
      await context.close();
      await proxy.stop();
      fixtures.server.close();
    },
  };
}

/** Opens a fixture page and waits until the guard knows its rule (a fresh profile's first settings read can take seconds). */
export async function openGuarded(context: BrowserContext, origin: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/${path}`);
  await expect(page.locator('html')).toHaveAttribute('data-disclosure-guard', /.+/, { timeout: 20_000 });
  return page;
}

/** What the fixture page's own send handler received. */
export function sent(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent);
}

import { until } from '../helpers/until';
export { until };

/** Points the extension at the proxy and the fixture sites, as the options page would. */
export function configure(worker: Worker, proxy: Proxy, origin: string): Promise<void> {
  return worker.evaluate(
    (s) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set(s),
    { proxyUrl: proxy.url, apiToken: proxy.token, userEmail: 'casey.staff@jobs.example.gov', failMode: 'closed', sites: sitesFor(origin) },
  );
}

/**
 * A spec's own guarded browser and proxy (started before its tests, closed after), and what the
 * fixture servers received since it began: the requests to a path, and a wait for the first one.
 * Specs assert on these and on the proxy's log, never on the page.
 */
export function guardedSpec() {
  let suite: Awaited<ReturnType<typeof startGuarded>> | undefined;
  let start = 0;
  test.beforeAll(async () => {
    suite = await startGuarded();
    start = receivedRaw.length;
  });
  test.afterAll(() => suite?.close());
  const mine = () => receivedRaw.slice(start);
  const at = (path: string) => mine().filter((r) => r.path === path);
  return {
    get suite() {
      return suite!;
    },
    mine,
    at,
    arrived: (path: string) => until(() => at(path)[0], 15_000, `a request to ${path}`),
  };
}

