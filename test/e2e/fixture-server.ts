/**
 * The fixture sites the browser tests open: a server on 127.0.0.1 that serves test/fixtures/sites and
 * records what each page sent (form posts, raw API bodies with their headers, uploads, socket
 * messages), and the site rules that guard those pages. Specs assert on what this server received.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer } from 'ws';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sites');

/** Form posts the fixture server received (legacy-form.html posts to /submitted). */
export const received: URLSearchParams[] = [];
/** Raw bodies the fixture server received under /api/ (what a single-page app sent), by path, with the request's headers. */
export const receivedRaw: Array<{ path: string; body: string; headers?: Record<string, string | string[] | undefined> }> = [];

/** Uploads the fixture server received under /upload/: each file part (or raw body) with its bytes. */
export interface Upload {
  path: string;
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
  /** The text fields sent with it. */
  fields: Record<string, string>;
}
export const uploads: Upload[] = [];

async function recordUpload(path: string, type: string, body: Buffer, query: URLSearchParams): Promise<void> {
  if (/^multipart\/form-data/i.test(type)) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    const fields: Record<string, string> = {};
    const files: Array<[string, File]> = [];
    for (const [k, v] of form) {
      if (typeof v === 'string') fields[k] = v;
      else files.push([k, v]);
    }
    for (const [field, f] of files) uploads.push({ path, field, name: f.name, type: f.type, bytes: Buffer.from(await f.arrayBuffer()), fields });
    if (files.length === 0) uploads.push({ path, field: '', name: '', type: '', bytes: Buffer.alloc(0), fields });
    return;
  }
  uploads.push({ path, field: '', name: query.get('name') ?? '', type, bytes: body, fields: {} });
}

export async function serveFixtures(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        void recordUpload(url.pathname, req.headers['content-type'] ?? '', Buffer.concat(chunks), url.searchParams).then(
          () => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Upload received.</p>'),
          (e: unknown) => res.writeHead(400).end(String(e)),
        );
      });
      return;
    }
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path.startsWith('/api/')) {
          receivedRaw.push({ path, body, headers: req.headers });
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`received ${path}`);
          return;
        }
        received.push(new URLSearchParams(body));
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Report received.</p>');
      });
      return;
    }
    // A single-page app's lookups: what arrived is the address itself.
    if (req.method === 'GET' && url.pathname.startsWith('/api/')) {
      receivedRaw.push({ path: url.pathname, body: url.search, headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`received ${url.pathname}`);
      return;
    }
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    // The same single-page app at a second address, whose rule names another organization.
    if (path === 'spa-employer.html') path = 'spa-form.html';
    if (path === 'warn-upload.html') path = 'fax-upload.html';
    // A single-page app's routes: the app itself, whatever the path.
    if (path.startsWith('guarded/')) path = 'spa-route.html';
    try {
      const body = readFileSync(join(FIXTURES, path));
      const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' }[extname(path)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  // A chat-like socket: every message it receives is recorded under /socket.
  const sockets = new WebSocketServer({ server, path: '/socket' });
  sockets.on('connection', (ws) => ws.on('message', (m) => receivedRaw.push({ path: '/socket', body: String(m) })));
  server.on('close', () => sockets.close());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** The site rules that guard the fixture pages (as IT would write them for real sites). */
export function sitesFor(origin: string, organization = 'Example County LWDB') {
  const host = origin.replace(/^http:\/\//, '');
  return [
    { match: `${host}/gmail.html`, adapter: 'gmail', mode: 'enforce' },
    { match: `${host}/outlook.html`, adapter: 'outlook', mode: 'enforce' },
    { match: `${host}/fax-portal.html`, adapter: 'fax', mode: 'enforce' },
    { match: `${host}/web-form.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/legacy-form.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/spa-form.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/autopost.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/components.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/generated-frames.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/leaky-worker.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/leaky-pixel.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/exits.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/datachannel.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/workers.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/frames.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/closing.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/offline-sync.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/split-boxes.html`, adapter: 'form', mode: 'enforce', organization },
    // A single-page app's guarded routes (the app loads at /spa-route.html, which no rule names).
    { match: `${host}/guarded/`, adapter: 'form', mode: 'enforce', organization },
    // The same app sending to an organization the registry authorizes for employer data only.
    { match: `${host}/spa-employer.html`, adapter: 'form', mode: 'enforce', organization: 'Demo Employer Services Contractor' },
    // Uploads: a fax portal's plain HTML form, a drop zone, a webmail attachment; one warn-only portal.
    { match: `${host}/fax-upload.html`, adapter: 'fax', mode: 'enforce' },
    { match: `${host}/drop-zone.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/mail-attach.html`, adapter: 'form', mode: 'enforce', organization },
    { match: `${host}/warn-upload.html`, adapter: 'fax', mode: 'warn' },
  ];
}
