/** The app's own route table, against a test's table of routes it checks: what the test leaves out. */
import { routeIndex } from '../../proxy/http/no-route';

type Routed = { routes: ReadonlyArray<{ method: string; path: string }> };

/**
 * Every route of `app` under `prefix` (method ALL and middleware excluded) that no entry of `table`
 * reaches and that `open` does not name: a route added to the app and not to the test's table.
 */
export function routesLeftOut(app: unknown, prefix: string, table: ReadonlyArray<readonly [string, string, ...unknown[]]>, open: readonly string[] = []): string[] {
  const routes = (app as Routed).routes.filter((r) => r.method !== 'ALL' && (r.path === prefix || r.path.startsWith(`${prefix}/`)));
  const out = new Set<string>();
  for (const r of routes) {
    const name = `${r.method} ${r.path}`;
    if (open.includes(name)) continue;
    const methodsAt = routeIndex([{ method: r.method, path: r.path }]);
    const reached = table.some(([method, path]) => method === r.method && methodsAt(String(path).split('?')[0]!).includes(r.method));
    if (!reached) out.add(name);
  }
  return [...out];
}
