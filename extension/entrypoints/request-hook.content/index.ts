/**
 * The request guard's page-world half, in every frame from document_start: fetch,
 * XMLHttpRequest.send, navigator.sendBeacon and WebSocket.send hand their bodies (and the header
 * values fetch and XMLHttpRequest set) to the isolated-world guard and go out only as it decides
 * (unchanged, with identifiers masked, or not at all); a `document.cookie` write is asked about too. This script holds and
 * forwards; it decides nothing. A request whose body and address hold no digit of any script goes
 * out at once.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { askGuard, askGuardNow, FILE_NO_ANSWER_MS, reportSent } from '../../lib/page-ask';
import { MODE_EVENT, ROUTE_EVENT } from '../../lib/request-events';
import { describe, HAS_DIGIT, MAY_HOLD, rebuilt } from './bodies';
import { bootstrapSource, fromWire, toWire } from '../../lib/worker-guard';
import type { WorkerAnswer, WorkerAsk } from '../../lib/worker-guard';
import type { OutgoingRequest } from '../../lib/request-events';
type Header = { name: string; value: string };

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  // Blob, data: and sandboxed frames too, by the origin of the page that made them.
  matchOriginAsFallback: true,
  main() {
    const ask = (req: Omit<OutgoingRequest, 'id'>, waitMs?: number) => askGuard(document, req, waitMs);
    // Taken while the frame is attached. A frame the page then removes (monitoring SDKs take a fresh
    // fetch from an about:blank frame and remove the frame) runs no more of its own callbacks or
    // promise jobs: a call made there is handed whole to a live window's own (guarded) function.
    const parentWindow = window.parent as Window & typeof globalThis;
    /** A live window to hand a call to when this frame was removed: the one the call was made for, else this frame's parent. */
    const liveWindow = (self: unknown): (Window & typeof globalThis) | undefined => {
      if (document.defaultView) return undefined;
      const w = self as (Window & typeof globalThis) | undefined;
      try {
        if (w && typeof w === 'object' && w !== window && w.document?.defaultView === w) return w;
        if (parentWindow && parentWindow !== window && parentWindow.document?.defaultView === parentWindow) return parentWindow;
      } catch {
        // another origin's window: nothing to hand the call to
      }
      return undefined;
    };
    /** The frame's mode, once the guard has said it ("off": nothing here is guarded), for the address it was said for. */
    let knownMode: string | undefined;
    let routeHref = location.href;
    document.addEventListener(MODE_EVENT, (e) => {
      const d = (e as CustomEvent<unknown>).detail;
      if (typeof d === 'string' && location.href === routeHref) knownMode = d;
    });
    /**
     * The mode for the address the frame shows now. When a single-page app changed it without
     * loading (pushState, replaceState, a hash, a step back) the guard reads the new address's rule,
     * and until it says the mode every request is asked about as while the page loads.
     */
    const modeNow = (): string | undefined => {
      if (location.href !== routeHref) {
        routeHref = location.href;
        knownMode = undefined;
        document.dispatchEvent(new CustomEvent(ROUTE_EVENT));
      }
      return knownMode;
    };
    for (const name of ['pushState', 'replaceState'] as const) {
      const original = History.prototype[name];
      History.prototype[name] = function (this: History, ...args: Parameters<History['pushState']>) {
        const out = original.apply(this, args);
        modeNow();
        return out;
      };
    }
    window.addEventListener('popstate', () => modeNow(), true);
    window.addEventListener('hashchange', () => modeNow(), true);

    /**
     * Cookie writes still waiting for the guard (the frame's rule was not known yet), in the order the
     * page made them; undefined when none waits. Later writes queue behind them and later requests
     * wait for them, so a page that sets a cookie and then fetches sends it as it would unguarded.
     */
    let cookieWrites: Promise<void> | undefined;

    /** What the guard decided; `id` names the request to the guard, when it was asked (see `sent`). */
    async function decide(via: OutgoingRequest['via'], url: string, method: string, body: unknown, headers: Header[] = []): Promise<{ ok: boolean; body: unknown; reason?: string; id?: string }> {
      // A request made after a cookie write goes after it: the cookie is written (or refused) first.
      if (cookieWrites) await cookieWrites;
      const mode = modeNow();
      if (mode === 'off') return { ok: true, body };
      const described = await describe(body);
      const suspect = headers.filter((h) => MAY_HOLD.test(h.value));
      // An address with digits in its path or query is asked about too, once the frame's mode is
      // known (until then only bodies and headers wait: holding every request would slow every page's start).
      if (!described && !suspect.length && (mode === undefined || !addressHasDigits(url))) return { ok: true, body };
      const hasFile = !!described?.file || !!described?.fields?.some((f) => 'file' in f && f.file.size > 0);
      const d = await ask({ via, url, method, ...(described ?? {}), ...(suspect.length ? { headers: suspect } : {}) }, hasFile ? FILE_NO_ANSWER_MS : undefined);
      if (d.action === 'block') return { ok: false, body, reason: d.reason, id: d.id };
      return { ok: true, body: rebuilt(d, body, described?.form), id: d.id };
    }
    /** Tells the guard whether a decided request was handed to the browser: it is logged as gone only then. */
    const sent = (d: { id?: string }, went: boolean) => reportSent(document, d.id, went);
    /** Runs `go` (handing the request to the browser) and reports it; a call that throws was not sent. */
    function handOver<T>(d: { id?: string }, go: () => T): T {
      let out: T;
      try {
        out = go();
      } catch (err) {
        sent(d, false);
        throw err;
      }
      sent(d, true);
      return out;
    }

    const addressHasDigits = (url: string) => {
      try {
        const u = new URL(url);
        return HAS_DIGIT.test(u.pathname + u.search);
      } catch {
        return false;
      }
    };

    const urlOf = (u: unknown) => {
      try {
        return new URL(u instanceof Request ? u.url : String(u), location.href).href;
      } catch {
        return String(u);
      }
    };

    /** Header values as sent: init's (a record, pairs, or a Headers object), else the Request's own. */
    const headersOf = (input: unknown, init?: RequestInit): Header[] => {
      try {
        const h = init?.headers !== undefined ? new Headers(init.headers) : input instanceof Request ? input.headers : undefined;
        return h ? [...h].map(([name, value]) => ({ name, value })) : [];
      } catch {
        return []; // headers fetch itself will refuse
      }
    };

    const originalFetch = window.fetch;
    // Not async itself: from a removed frame it must return the live window's promise as it is.
    window.fetch = function fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const live = liveWindow(this);
      if (live) return live.fetch(input, init);
      return guardedFetch.call(this, input, init);
    };
    async function guardedFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      let body: unknown = init?.body;
      let request = input;
      if (body === undefined && input instanceof Request && input.body !== null) {
        body = await input.clone().text();
        request = input;
      }
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const d = await decide('fetch', urlOf(input), method, body, headersOf(input, init));
      if (!d.ok) throw new TypeError(`Blocked by Disclosure Guard: ${d.reason}`);
      // Handed to the browser once fetch is called (a keepalive fetch then outlives the page).
      if (d.body === body) return handOver(d, () => originalFetch.call(this, input, init));
      if (request instanceof Request && init?.body === undefined) return handOver(d, () => originalFetch.call(this, new Request(request, { body: d.body as BodyInit }), init));
      return handOver(d, () => originalFetch.call(this, input, { ...init, body: d.body as BodyInit }));
    }

    const xhrOpen = XMLHttpRequest.prototype.open;
    const xhrSend = XMLHttpRequest.prototype.send;
    const xhrSetHeader = XMLHttpRequest.prototype.setRequestHeader;
    const opened = new WeakMap<XMLHttpRequest, { method: string; url: string; sync: boolean; headers: Header[] }>();
    XMLHttpRequest.prototype.open = function open(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      opened.set(this, { method, url: urlOf(url), sync: rest[0] === false, headers: [] });
      return (xhrOpen as (...a: unknown[]) => void).call(this, method, url, ...rest);
    };
    XMLHttpRequest.prototype.setRequestHeader = function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
      xhrSetHeader.call(this, name, value);
      opened.get(this)?.headers.push({ name: String(name), value: String(value) });
    };
    XMLHttpRequest.prototype.send = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const info = opened.get(this) ?? { method: 'GET', url: location.href, sync: false, headers: [] };
      const xhr = this;
      // A synchronous request cannot wait for the guard: it goes as it is where nothing is guarded
      // or nothing in it could be confidential, and is refused otherwise (fail closed).
      if (info.sync) {
        const quiet = (body === undefined || body === null || (typeof body === 'string' && !MAY_HOLD.test(body))) && !info.headers.some((h) => MAY_HOLD.test(h.value));
        if (modeNow() === 'off' || quiet) return xhrSend.call(this, body);
        throw new DOMException('Blocked by Disclosure Guard: a synchronous request on a guarded page', 'NetworkError');
      }
      void decide('xhr', info.url, info.method, body, info.headers).then((d) => {
        if (d.ok) {
          handOver(d, () => xhrSend.call(xhr, d.body as XMLHttpRequestBodyInit));
          return;
        }
        // Refused: the request fails the way a network error would.
        xhr.abort();
        xhr.dispatchEvent(new ProgressEvent('error'));
        xhr.dispatchEvent(new ProgressEvent('loadend'));
      });
    };

    // WebSocket messages: decided in order, one socket at a time; a refused message is not sent.
    const wsSend = WebSocket.prototype.send;
    const chains = new WeakMap<WebSocket, Promise<void>>();
    WebSocket.prototype.send = function send(this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      // Sending before the socket opens throws, as it always did.
      if (this.readyState === WebSocket.CONNECTING) return wsSend.call(this, data);
      const ws = this;
      const next = (chains.get(ws) ?? Promise.resolve()).then(async () => {
        const d = await decide('websocket', ws.url, 'SEND', data);
        if (d.ok && ws.readyState === WebSocket.OPEN) handOver(d, () => wsSend.call(ws, d.body as string));
        else sent(d, false);
      });
      chains.set(ws, next.catch(() => undefined));
    };

    // Data channels (WebRTC): held like WebSocket messages, in order, one channel at a time.
    if (typeof RTCDataChannel !== 'undefined') {
      const dcSend = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
      const dcChains = new WeakMap<RTCDataChannel, Promise<void>>();
      RTCDataChannel.prototype.send = function send(this: RTCDataChannel, data: string | Blob | ArrayBuffer | ArrayBufferView) {
        // Sending on a channel that is not open throws, as it always did.
        if (this.readyState !== 'open') return dcSend.call(this, data);
        const channel = this;
        const next = (dcChains.get(channel) ?? Promise.resolve()).then(async () => {
          const d = await decide('datachannel', location.href, 'SEND', data);
          if (d.ok && channel.readyState === 'open') handOver(d, () => dcSend.call(channel, d.body));
          else sent(d, false);
        });
        dcChains.set(channel, next.catch(() => undefined));
      } as RTCDataChannel['send'];
    }

    // Workers: on a page that may be guarded a worker starts from a bootstrap that holds its fetch,
    // XMLHttpRequest and WebSocket until the guard here has decided (lib/worker-guard.ts).
    // A name only this page's hook and its workers know (crypto.randomUUID is for secure contexts only).
    const workerChannel = `disclosure-guard-${[...crypto.getRandomValues(new Uint32Array(4))].map((n) => n.toString(36)).join('')}`;
    let workerListener: BroadcastChannel | undefined;
    const answerWorkers = () => {
      if (workerListener) return;
      workerListener = new BroadcastChannel(workerChannel);
      workerListener.onmessage = (e: MessageEvent) => {
        const m = e.data as { id?: unknown; ask?: WorkerAsk } | null;
        if (!m || typeof m.id !== 'string' || !m.ask) return;
        const { via, url, method, body, headers } = m.ask;
        const original = fromWire(body);
        void decide(via, url, method, original, headers).then(
          (d) => {
            const changed = d.ok && d.body !== original;
            const answer: WorkerAnswer = { ok: d.ok, changed, ...(changed ? { body: toWire(d.body) } : {}), ...(d.reason ? { reason: d.reason } : {}) };
            workerListener!.postMessage({ id: m.id, answer });
            // Handed to the worker, which sends it at once.
            sent(d, d.ok);
          },
          () => workerListener!.postMessage({ id: m.id, answer: { ok: false, changed: false, reason: 'the request could not be checked' } }),
        );
      };
    };
    const bootstraps = new Map<string, string>();
    const wrapWorker = <T extends typeof Worker | typeof SharedWorker>(Original: T): T =>
      new Proxy(Original, {
        construct(target, args: unknown[], newTarget) {
          if (!args.length || modeNow() === 'off') return Reflect.construct(target, args, newTarget) as object;
          const options = args[1];
          const module = typeof options === 'object' && options !== null && (options as WorkerOptions).type === 'module';
          let blob: string;
          try {
            const script = new URL(String(args[0]), document.baseURI).href;
            const key = `${module}:${script}`;
            blob = bootstraps.get(key) ?? URL.createObjectURL(new Blob([bootstrapSource(workerChannel, script, module)], { type: 'text/javascript' }));
            bootstraps.set(key, blob);
          } catch {
            return Reflect.construct(target, args, newTarget) as object;
          }
          answerWorkers();
          try {
            return Reflect.construct(target, [blob, ...args.slice(1)], newTarget) as object;
          } catch {
            // A page whose policy forbids Blob workers: its worker runs as it is (the network backstop sees it).
            return Reflect.construct(target, args, newTarget) as object;
          }
        },
      });
    if (typeof Worker !== 'undefined') window.Worker = wrapWorker(Worker);
    if (typeof SharedWorker !== 'undefined') window.SharedWorker = wrapWorker(SharedWorker);

    // document.cookie writes: a cookie goes with every later request, so one holding an identifier
    // is never written on an enforce site. Answered at once once the rule is known; until then the
    // write waits for it, and so do the writes and requests that follow it.
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    if (cookie?.get && cookie.set) {
      const write = cookie.set;
      Object.defineProperty(Document.prototype, 'cookie', {
        configurable: true,
        enumerable: cookie.enumerable ?? true,
        get: cookie.get,
        set(this: Document, raw: unknown) {
          const text = String(raw);
          const pair = text.split(';', 1)[0]!;
          const at = pair.indexOf('=');
          const header = { name: at < 0 ? '' : pair.slice(0, at).trim(), value: at < 0 ? pair : pair.slice(at + 1).trim() };
          const quiet = modeNow() === 'off' || !MAY_HOLD.test(header.value);
          const d = quiet ? undefined : askGuardNow(document, { via: 'cookie', url: location.href, method: 'SET', headers: [header] });
          if (!cookieWrites && !(d instanceof Promise)) {
            if (d?.action !== 'block') write.call(this, text);
            return;
          }
          const doc = this;
          const next: Promise<void> = (cookieWrites ?? Promise.resolve())
            .then(() => d)
            .then((later) => void (later?.action !== 'block' && write.call(doc, text)))
            .catch(() => undefined)
            .finally(() => {
              if (cookieWrites === next) cookieWrites = undefined;
            });
          cookieWrites = next;
        },
      });
    }

    const beacon = navigator.sendBeacon?.bind(navigator);
    if (beacon) {
      navigator.sendBeacon = function sendBeacon(this: unknown, url: string | URL, data?: BodyInit | null): boolean {
        const live = liveWindow(undefined);
        if (live) return live.navigator.sendBeacon(url, data);
        // A beacon answers at once; the guard's decision comes after, so the beacon goes then.
        void decide('beacon', urlOf(url), 'POST', data).then((d) => {
          // The browser queues a beacon it accepts, and sends it even after the page has closed.
          if (!d.ok) return;
          let went = false;
          try {
            went = beacon(url, d.body as BodyInit);
          } finally {
            sent(d, went);
          }
        });
        return true;
      };
    }
  },
});
