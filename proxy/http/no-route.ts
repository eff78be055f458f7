/**
 * What the proxy answers where it has no route, before any authentication or page runs: a path no
 * route has is 404; a path that exists under other methods is 405 with `Allow` (RFC 9110 §15.5.6).
 * JSON for the API, an HTML page for the console. So an unexpected method (TRACE, OPTIONS, PUT…) or
 * address never reaches code written for another one.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';
import { consoleError } from '../console/errors';
import type { ConsoleEnv } from '../console/env';
import { sessionOf } from '../console/session';
import { errorBody } from './errors';
import type { Store } from '../store/types';

interface RouteEntry {
  method: string;
  path: string;
}

/**
 * The methods each path answers, from the app's own route table (middleware, method ALL, excluded),
 * matched by the routers Hono itself uses, so a path matches here exactly when it matches there.
 */
export function routeIndex(routes: readonly RouteEntry[]): (path: string) => string[] {
  const router = new SmartRouter<string>({ routers: [new RegExpRouter(), new TrieRouter()] });
  for (const r of routes) if (r.method !== 'ALL') router.add('ALL', r.path, r.method.toUpperCase());
  return (path) => {
    const found = new Set(router.match('GET', path)[0].map(([method]) => method));
    // Hono answers HEAD with the GET route.
    if (found.has('GET')) found.add('HEAD');
    return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => found.has(m));
  };
}

const isConsole = (path: string) => path === '/console' || path.startsWith('/console/');

export interface NoRouteDeps {
  /** The app's route table, read on first use, once every route is added. */
  routes: () => readonly RouteEntry[];
  /** A console page names the signed-in account (and links back to its home), when there is one. */
  store: Store;
  clock: { now(): Date };
}

/** The 404 or 405 answer: JSON for the API, the console's HTML error page under /console. */
async function answer(c: Context, deps: NoRouteDeps, allow: string[]): Promise<Response> {
  const path = c.req.path;
  if (allow.length) c.header('Allow', allow.join(', '));
  const message = allow.length ? `${path} does not answer ${c.req.method}; it answers ${allow.join(', ')}.` : undefined;
  if (!isConsole(path)) {
    return allow.length
      ? c.json(errorBody('method_not_allowed', message!), 405)
      : c.json(errorBody('not_found', `no route for ${c.req.method} ${path}`), 404);
  }
  const signedIn = await sessionOf(c, deps.store, deps.clock);
  const page = c as unknown as Context<ConsoleEnv>;
  if (signedIn) {
    page.set('account', signedIn.account);
    page.set('csrf', signedIn.session.csrf);
  }
  return consoleError(page, allow.length ? 405 : 404, message ?? `There is no console page at ${path}.`);
}

/** Answers, before any authentication or page runs, every request no route takes. */
export function noRoute(deps: NoRouteDeps): { middleware: MiddlewareHandler; notFound: (c: Context) => Promise<Response> } {
  let allowed: ((path: string) => string[]) | undefined;
  return {
    middleware: async function noRoute(c, next) {
      allowed ??= routeIndex(deps.routes());
      const methods = allowed(c.req.path);
      if (methods.includes(c.req.method)) return next();
      return answer(c, deps, methods);
    },
    notFound: (c) => answer(c, deps, []),
  };
}
