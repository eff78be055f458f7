/**
 * Requests from a page's own workers, where no content script runs. The page-world hook starts a
 * worker from a small bootstrap (a Blob of this page's origin) that wraps the worker's fetch,
 * XMLHttpRequest and WebSocket, then runs the worker's own script (importScripts, or import() for a
 * module worker). Each body is handed over a BroadcastChannel of a name only the page knows to the
 * page's hook, which asks the request guard as for its own requests; the request goes out only as
 * the guard decides.
 *
 * `toWire`, `fromWire` and `workerMain` run inside the worker as their source text: they use
 * nothing from outside their own bodies.
 */

/** A body as it crosses to the page and back (structured clone: no URLSearchParams or FormData). */
export type WireBody =
  | { kind: 'plain'; value: unknown }
  | { kind: 'urlencoded'; pairs: Array<[string, string]> }
  | { kind: 'multipart'; entries: Array<[string, string | File]> }
  | { kind: 'stream' };

/** What the worker asks about. */
export interface WorkerAsk {
  via: 'fetch' | 'xhr' | 'websocket';
  url: string;
  method: string;
  body: WireBody;
  headers: Array<{ name: string; value: string }>;
}

/** The page's answer: go unchanged, go with this body, or not at all. */
export interface WorkerAnswer {
  ok: boolean;
  changed: boolean;
  body?: WireBody;
  reason?: string;
}

export const toWire = function toWire(body: unknown): WireBody {
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return { kind: 'urlencoded', pairs: [...body] };
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const entries: Array<[string, string | File]> = [];
    body.forEach((value, name) => entries.push([name, value]));
    return { kind: 'multipart', entries };
  }
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return { kind: 'stream' };
  return { kind: 'plain', value: body };
};

export const fromWire = function fromWire(wire: WireBody): unknown {
  if (wire.kind === 'urlencoded') return new URLSearchParams(wire.pairs);
  if (wire.kind === 'multipart') {
    const out = new FormData();
    for (const [name, value] of wire.entries) {
      if (typeof value === 'string') out.append(name, value);
      else out.append(name, value, value.name);
    }
    return out;
  }
  // Never read: it stands for the worker's stream, which is decided unread.
  if (wire.kind === 'stream') return new ReadableStream();
  return wire.value;
};

type Scope = typeof globalThis & {
  importScripts?: (...urls: string[]) => void;
  XMLHttpRequest: typeof XMLHttpRequest;
};

/** The guard inside the worker, then the worker's own script. */
export const workerMain = function workerMain(
  wire: typeof toWire,
  unwire: typeof fromWire,
  channelName: string,
  scriptUrl: string,
  module: boolean,
): (() => void) | void {
  const scope = self as unknown as Scope;
  /** Addresses as the worker's own script meant them: relative to it, not to the bootstrap. */
  const resolve = (u: unknown): string => {
    try {
      return new URL(String(u), scriptUrl).href;
    } catch {
      return String(u);
    }
  };
  const channel = new BroadcastChannel(channelName);
  const waiting = new Map<string, (a: WorkerAnswer) => void>();
  channel.onmessage = (e: MessageEvent) => {
    const m = e.data as { id?: string; answer?: WorkerAnswer } | null;
    if (!m || typeof m.id !== 'string' || !m.answer) return;
    waiting.get(m.id)?.(m.answer);
    waiting.delete(m.id);
  };
  let counter = 0;
  const ask = (req: WorkerAsk): Promise<WorkerAnswer> =>
    new Promise((done) => {
      const id = `w${++counter}-${Math.random().toString(36).slice(2)}`;
      // The page's guard answers within its own limits (a scanned file can take minutes); past this
      // the page is taken to be gone, and nothing goes (fail closed).
      const timer = setTimeout(() => {
        waiting.delete(id);
        done({ ok: false, changed: false, reason: 'Disclosure Guard did not answer' });
      }, 160_000);
      waiting.set(id, (a) => {
        clearTimeout(timer);
        done(a);
      });
      channel.postMessage({ id, ask: req });
    });
  const headerList = (h: HeadersInit | undefined): Array<{ name: string; value: string }> => {
    try {
      return h === undefined ? [] : [...new Headers(h)].map(([name, value]) => ({ name, value }));
    } catch {
      return [];
    }
  };

  const RequestClass = scope.Request;
  scope.Request = new Proxy(RequestClass, {
    construct: (target, args: unknown[], newTarget) => Reflect.construct(target, [args[0] instanceof target ? args[0] : resolve(args[0]), ...args.slice(1)], newTarget),
  });
  const originalFetch = scope.fetch;
  scope.fetch = async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof RequestClass ? input : undefined;
    const url = request ? request.url : resolve(input);
    let body: unknown = init?.body;
    if (body === undefined && request && request.body !== null) body = await request.clone().text();
    const headers = headerList(init?.headers ?? request?.headers);
    const a = await ask({ via: 'fetch', url, method: init?.method ?? request?.method ?? 'GET', body: wire(body), headers });
    if (!a.ok) throw new TypeError(`Blocked by Disclosure Guard: ${a.reason}`);
    if (!a.changed) return originalFetch.call(scope, request ?? url, init);
    const decided = unwire(a.body!) as BodyInit;
    if (request && init?.body === undefined) return originalFetch.call(scope, new RequestClass(request, { body: decided }), init);
    return originalFetch.call(scope, request ?? url, { ...init, body: decided });
  };

  const Xhr = scope.XMLHttpRequest;
  if (Xhr) {
    const open = Xhr.prototype.open;
    const send = Xhr.prototype.send;
    const setHeader = Xhr.prototype.setRequestHeader;
    const opened = new WeakMap<XMLHttpRequest, { method: string; url: string; sync: boolean; headers: Array<{ name: string; value: string }> }>();
    Xhr.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      opened.set(this, { method, url: resolve(url), sync: rest[0] === false, headers: [] });
      return (open as (...a: unknown[]) => void).call(this, method, resolve(url), ...rest);
    };
    Xhr.prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      setHeader.call(this, name, value);
      opened.get(this)?.headers.push({ name: String(name), value: String(value) });
    };
    Xhr.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const info = opened.get(this) ?? { method: 'GET', url: scriptUrl, sync: false, headers: [] };
      // A synchronous request cannot wait for the page's answer: only one with no body and no header goes.
      if (info.sync) {
        if ((body === undefined || body === null) && !info.headers.length) return send.call(this, body);
        throw new DOMException('Blocked by Disclosure Guard: a synchronous request from a worker of a guarded page', 'NetworkError');
      }
      const xhr = this;
      void ask({ via: 'xhr', url: info.url, method: info.method, body: wire(body), headers: info.headers }).then((a) => {
        if (a.ok) {
          send.call(xhr, a.changed ? (unwire(a.body!) as XMLHttpRequestBodyInit) : body);
          return;
        }
        xhr.abort();
        xhr.dispatchEvent(new ProgressEvent('error'));
        xhr.dispatchEvent(new ProgressEvent('loadend'));
      });
    };
  }

  const Socket = scope.WebSocket;
  if (Socket) {
    scope.WebSocket = new Proxy(Socket, {
      construct: (target, args: unknown[], newTarget) => {
        const u = new URL(resolve(args[0]));
        if (u.protocol === 'http:' || u.protocol === 'https:') u.protocol = u.protocol === 'http:' ? 'ws:' : 'wss:';
        return Reflect.construct(target, [u.href, ...args.slice(1)], newTarget);
      },
    });
    const wsSend = Socket.prototype.send;
    const chains = new WeakMap<WebSocket, Promise<void>>();
    Socket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (this.readyState === Socket.CONNECTING) return wsSend.call(this, data);
      const ws = this;
      const next = (chains.get(ws) ?? Promise.resolve()).then(async () => {
        const a = await ask({ via: 'websocket', url: ws.url, method: 'SEND', body: wire(data), headers: [] });
        if (a.ok && ws.readyState === Socket.OPEN) wsSend.call(ws, (a.changed ? unwire(a.body!) : data) as string);
      });
      chains.set(ws, next.catch(() => undefined));
    };
  }

  const importScripts = scope.importScripts;
  if (importScripts) scope.importScripts = (...urls: string[]) => importScripts.apply(scope, urls.map(resolve));

  if (!module) {
    importScripts!.call(scope, scriptUrl);
    return;
  }
  // A module runs after this bootstrap: messages and connections that come first wait for it.
  const held: Event[] = [];
  const hold = (e: Event) => {
    e.stopImmediatePropagation();
    held.push(e);
  };
  scope.addEventListener('message', hold);
  scope.addEventListener('connect', hold);
  return () => {
    scope.removeEventListener('message', hold);
    scope.removeEventListener('connect', hold);
    for (const e of held.splice(0)) {
      const m = e as MessageEvent;
      scope.dispatchEvent(new MessageEvent(e.type, { data: m.data, ports: [...m.ports], origin: m.origin }));
    }
  };
};

/** The bootstrap's source: the guard, then the worker's own script (a module's imported when the guard is in place). */
export function bootstrapSource(channelName: string, scriptUrl: string, module: boolean): string {
  const call = `(${String(workerMain)})(${String(toWire)}, ${String(fromWire)}, ${JSON.stringify(channelName)}, ${JSON.stringify(scriptUrl)}, ${module})`;
  if (!module) return `${call};\n`;
  return `const release = ${call};\nimport(${JSON.stringify(scriptUrl)}).then(release, (e) => { release(); throw e; });\n`;
}
