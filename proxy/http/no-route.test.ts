/**
 * Every address of the route tree, through app.request(): a method a path does not answer is 405
 * with Allow, a path no route has is 404, each with the error the rest of the app uses (JSON for the
 * API, an HTML page for the console), and no request of any method to any route is ever a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { addAccounts, signedIn } from '../../test/helpers/console';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;
/** A value each route parameter accepts, by name (the rest take any id-shaped text). */
const PARAM: Record<string, string> = { seq: '1', step: 'reported', email: 'casey.staff@jobs.example.gov' };

let p: TestProxy;
let cookie: string;

beforeAll(async () => {
  p = await testProxy();
  await addAccounts(p);
  cookie = (await signedIn(p, 'admin')).cookie;
});
afterAll(async () => {
  await p.close();
});

/** A request as the proxy's server builds it: TRACE, which fetch's Request refuses, the way @hono/node-server passes it. */
function request(method: string, path: string): Promise<Response> {
  const req = new Request(`http://127.0.0.1${path}`, { method: method === 'TRACE' ? 'GET' : method, headers: { authorization: `Bearer ${p.token}`, cookie } });
  if (method === 'TRACE') Object.defineProperty(req, 'method', { get: () => 'TRACE' });
  return Promise.resolve(p.app.request(req));
}

/** Every concrete path of the route tree, with the methods it answers. */
function routeTree(): Map<string, Set<string>> {
  const tree = new Map<string, Set<string>>();
  for (const r of p.app.routes) {
    if (r.method === 'ALL') continue;
    const path = r.path.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => PARAM[name] ?? 'x12345678');
    const methods = tree.get(path) ?? new Set<string>();
    methods.add(r.method);
    if (r.method === 'GET') methods.add('HEAD');
    tree.set(path, methods);
  }
  return tree;
}

const isConsole = (path: string) => path.startsWith('/console');

async function expectError(res: Response, what: string, status: number, code: string) {
  expect(res.status, what).toBe(status);
  if (isConsole(what.split(' ').at(-1)!)) {
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain(`data-status="${status}"`);
  } else {
    expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
    expect((await res.json()).error.code).toBe(code);
  }
}

describe('the route tree', () => {
  it('has the API, the console and the sign-in in it', () => {
    const paths = [...routeTree().keys()];
    expect(paths).toEqual(expect.arrayContaining(['/healthz', '/api/v1/reviews', '/console/login', '/console/reviews', '/console/registry/users']));
  });

  it('answers a method a path does not take with 405 and Allow, and never 500', async () => {
    for (const [path, methods] of routeTree()) {
      for (const method of METHODS) {
        const res = await request(method, path);
        expect(res.status, `${method} ${path}`).not.toBe(500);
        if (methods.has(method)) continue;
        expect(res.headers.get('allow')?.split(', ').sort(), `${method} ${path}`).toEqual([...methods].sort());
        if (method !== 'HEAD') await expectError(res, `${method} ${path}`, 405, 'method_not_allowed');
        else expect(res.status).toBe(405);
      }
    }
  });

  it('answers a path below any route, or outside the tree, with 404, and never 500', async () => {
    for (const path of routeTree().keys()) {
      for (const unknown of [`${path}/no/such/page`, `/nowhere${path}`]) {
        for (const method of ['GET', 'POST', 'OPTIONS', 'TRACE']) {
          const res = await request(method, unknown);
          await expectError(res, `${method} ${unknown}`, 404, 'not_found');
        }
      }
    }
  });

  it.each([
    ['TRACE', '/console/login', 405],
    ['OPTIONS', '/console/login', 405],
    ['GET', '/console/login/anything', 404],
    ['GET', '/console/login/oidc', 404],
    ['PUT', '/api/v1/recipients/check', 405],
  ])('%s %s is %i', async (method, path, status) => {
    await expectError(await request(method, path), `${method} ${path}`, status, status === 405 ? 'method_not_allowed' : 'not_found');
  });
});
