/**
 * GET /extension/…: the packaged extension and its update manifests, for browsers IT points at the
 * proxy by policy (no web store). Chrome and Edge read `updates.xml` (the gupdate format Chromium
 * accepts from a policy's update_url) and fetch the CRX; Firefox reads `updates.json` and the XPI.
 * No token: a browser fetches these before the extension, or any token, exists. The files are read
 * from the package folder on each request, so a new `package-ext` needs no restart. The manifests'
 * download links are built from the configured public address only, never from the request's Host
 * header (which anyone can set, and a cache would then keep): without one they are not served.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { errorBody } from '../http/errors';
import { PACKAGE_INFO } from '../deployment/extension-package';
import type { PackageInfo } from '../deployment/extension-package';

export interface ExtensionHosting {
  /** The folder `package-ext` wrote. */
  dir: string;
  /** The proxy's address as browsers reach it (--public-url, behind TLS or a load balancer). */
  publicUrl?: () => string | undefined;
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function extensionRoutes(hosting: ExtensionHosting) {
  const info = (): PackageInfo | undefined => {
    const file = join(hosting.dir, PACKAGE_INFO);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as PackageInfo;
    } catch {
      return undefined;
    }
  };
  const base = () => hosting.publicUrl?.()?.replace(/\/+$/, '');
  const noPublicUrl = (c: Context) =>
    c.json(
      errorBody('public_url_required', 'the update manifests need the address browsers reach this proxy at: start it with --public-url URL (or DG_PUBLIC_URL)'),
      503,
    );
  const missing = (c: Context) => c.json(errorBody('not_found', 'no packaged extension here: run npm run package:ext on the proxy'), 404);
  const file = (c: Context, name: string, type: string) => {
    const path = join(hosting.dir, name);
    if (!existsSync(path)) return missing(c);
    return c.body(new Uint8Array(readFileSync(path)), 200, { 'content-type': type, 'cache-control': 'no-cache' });
  };

  return new Hono()
    .get('/updates.xml', (c) => {
      const url = base();
      if (!url) return noPublicUrl(c);
      const p = info();
      if (!p) return missing(c);
      const body = `<?xml version='1.0' encoding='UTF-8'?>\n<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'><app appid='${xml(p.id)}'><updatecheck codebase='${xml(`${url}/extension/disclosure-guard.crx`)}' version='${xml(p.version)}'/></app></gupdate>\n`;
      return c.body(body, 200, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-cache' });
    })
    .get('/updates.json', (c) => {
      const url = base();
      if (!url) return noPublicUrl(c);
      const p = info();
      if (!p) return missing(c);
      return c.json({ addons: { [p.geckoId]: { updates: [{ version: p.version, update_link: `${url}/extension/disclosure-guard.xpi` }] } } }, 200, { 'cache-control': 'no-cache' });
    })
    .get('/disclosure-guard.crx', (c) => {
      const p = info();
      return p ? file(c, p.crx, 'application/x-chrome-extension') : missing(c);
    })
    .get('/disclosure-guard.xpi', (c) => {
      const p = info();
      return p ? file(c, p.xpi, 'application/x-xpinstall') : missing(c);
    })
    .get('/extension.json', (c) => {
      const p = info();
      return p ? c.json(p) : missing(c);
    });
}
