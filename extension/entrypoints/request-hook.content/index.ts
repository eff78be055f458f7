/**
 * The request guard's page-world half, in every frame from document_start: fetch,
 * XMLHttpRequest.send, navigator.sendBeacon and WebSocket.send hand their bodies to the isolated-world guard and go
 * out only as it decides (unchanged, with identifiers masked, or not at all). This script holds and
 * forwards; it decides nothing. A request whose body and address hold no digit of any script goes
 * out at once.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { sniff } from '../../../shared/files/sniff';
import { fromBase64, toBase64 } from '../../lib/base64';
import { askGuard, FILE_NO_ANSWER_MS } from '../../lib/page-ask';
import { MAX_FILE_BYTES, MODE_EVENT } from '../../lib/request-events';
import type { OutgoingRequest, RequestDecision, RequestField, RequestFile } from '../../lib/request-events';
const HAS_DIGIT = /\p{Nd}/u;

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
    /** The frame's mode, once the guard has said it ("off": nothing here is guarded). */
    let mode: string | undefined;
    document.addEventListener(MODE_EVENT, (e) => {
      const d = (e as CustomEvent<unknown>).detail;
      if (typeof d === 'string') mode = d;
    });

    async function fileOf(blob: Blob, name: string): Promise<RequestFile> {
      const file: RequestFile = { name, type: blob.type, size: blob.size };
      if (blob.size > MAX_FILE_BYTES) return file;
      return { ...file, data: toBase64(new Uint8Array(await blob.arrayBuffer())) };
    }

    /** The body as the guard reads it, or null when nothing in it could be confidential. */
    async function describe(body: unknown): Promise<Pick<OutgoingRequest, 'text' | 'fields' | 'form' | 'file' | 'unreadable'> | null> {
      if (body === undefined || body === null) return null;
      if (typeof body === 'string') return HAS_DIGIT.test(body) ? { text: body } : null;
      if (body instanceof URLSearchParams) {
        const fields = [...body].map(([name, value]) => ({ name, value }));
        return fields.some((f) => HAS_DIGIT.test(f.value) || HAS_DIGIT.test(f.name)) ? { fields, form: 'urlencoded' } : null;
      }
      if (body instanceof FormData) {
        const fields: RequestField[] = [];
        for (const [name, value] of body) {
          if (typeof value === 'string') fields.push({ name, value });
          // An empty file input submits a nameless, empty part: nothing to inspect.
          else if (value.size > 0) fields.push({ name, file: await fileOf(value, value.name) });
          else fields.push({ name, file: { name: value.name, type: value.type, size: 0 } });
        }
        return { fields, form: 'multipart' };
      }
      if (body instanceof Blob) {
        try {
          if (body.size > MAX_FILE_BYTES) return { file: { name: body instanceof File ? body.name : '', type: body.type, size: body.size } };
          const bytes = new Uint8Array(await body.arrayBuffer());
          if (sniff(bytes) !== 'text') return { file: { name: body instanceof File ? body.name : '', type: body.type, size: bytes.length, data: toBase64(bytes) } };
          return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
        } catch {
          return { unreadable: 'a file or blob that could not be read' };
        }
      }
      if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
        const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        if (sniff(bytes) !== 'text') {
          return bytes.length > MAX_FILE_BYTES ? { file: { name: '', type: '', size: bytes.length } } : { file: { name: '', type: '', size: bytes.length, data: toBase64(bytes) } };
        }
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        return HAS_DIGIT.test(text) ? { text } : null;
      }
      if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return { unreadable: 'a streamed body' };
      return { unreadable: 'a body of an unknown kind' };
    }

    /** The decided body in the form the page sent it. */
    function rebuilt(d: RequestDecision, original: unknown, form: OutgoingRequest['form']): unknown {
      if (d.action !== 'replace') return original;
      if (d.fields || d.files) {
        if (form === 'urlencoded') return new URLSearchParams((d.fields ?? []).map((f) => [f.name, f.value]));
        // Multipart: text fields and file parts replaced in order (a null file keeps the original).
        const out = new FormData();
        const texts = [...(d.fields ?? [])];
        const files = [...(d.files ?? [])];
        for (const [name, value] of original as FormData) {
          if (typeof value === 'string') {
            out.append(name, texts.shift()?.value ?? value);
            continue;
          }
          const copy = value.size > 0 ? files.shift() : null;
          if (copy) out.append(name, new File([fromBase64(copy.data) as BlobPart], value.name, { type: copy.type }), value.name);
          else out.append(name, value, value.name);
        }
        return out;
      }
      if (d.file) {
        const bytes = fromBase64(d.file.data);
        if (original instanceof File) return new File([bytes as BlobPart], original.name, { type: d.file.type });
        if (original instanceof Blob) return new Blob([bytes as BlobPart], { type: d.file.type });
        return bytes;
      }
      if (original instanceof Blob) return new Blob([d.text ?? ''], { type: original.type });
      return d.text;
    }

    async function decide(via: OutgoingRequest['via'], url: string, method: string, body: unknown): Promise<{ ok: boolean; body: unknown; reason?: string }> {
      if (mode === 'off') return { ok: true, body };
      const described = await describe(body);
      // An address with digits in its path or query is asked about too, once the frame's mode is
      // known (until then only bodies wait: holding every request would slow every page's start).
      if (!described && (mode === undefined || !addressHasDigits(url))) return { ok: true, body };
      const hasFile = !!described?.file || !!described?.fields?.some((f) => 'file' in f && f.file.size > 0);
      const d = await ask({ via, url, method, ...(described ?? {}) }, hasFile ? FILE_NO_ANSWER_MS : undefined);
      if (d.action === 'block') return { ok: false, body, reason: d.reason };
      return { ok: true, body: rebuilt(d, body, described?.form) };
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

    const originalFetch = window.fetch;
    window.fetch = async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      let body: unknown = init?.body;
      let request = input;
      if (body === undefined && input instanceof Request && input.body !== null) {
        body = await input.clone().text();
        request = input;
      }
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const d = await decide('fetch', urlOf(input), method, body);
      if (!d.ok) throw new TypeError(`Blocked by Disclosure Guard: ${d.reason}`);
      if (d.body === body) return originalFetch.call(this, input, init);
      if (request instanceof Request && init?.body === undefined) return originalFetch.call(this, new Request(request, { body: d.body as BodyInit }), init);
      return originalFetch.call(this, input, { ...init, body: d.body as BodyInit });
    };

    const xhrOpen = XMLHttpRequest.prototype.open;
    const xhrSend = XMLHttpRequest.prototype.send;
    const opened = new WeakMap<XMLHttpRequest, { method: string; url: string; sync: boolean }>();
    XMLHttpRequest.prototype.open = function open(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      opened.set(this, { method, url: urlOf(url), sync: rest[0] === false });
      return (xhrOpen as (...a: unknown[]) => void).call(this, method, url, ...rest);
    };
    XMLHttpRequest.prototype.send = function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const info = opened.get(this) ?? { method: 'GET', url: location.href, sync: false };
      const xhr = this;
      // A synchronous request cannot wait for the guard: it goes as it is where nothing is guarded
      // or nothing in it could be confidential, and is refused otherwise (fail closed).
      if (info.sync) {
        if (mode === 'off' || body === undefined || body === null || (typeof body === 'string' && !HAS_DIGIT.test(body))) return xhrSend.call(this, body);
        throw new DOMException('Blocked by Disclosure Guard: a synchronous request on a guarded page', 'NetworkError');
      }
      void decide('xhr', info.url, info.method, body).then((d) => {
        if (d.ok) {
          xhrSend.call(xhr, d.body as XMLHttpRequestBodyInit);
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
        if (d.ok && ws.readyState === WebSocket.OPEN) wsSend.call(ws, d.body as string);
      });
      chains.set(ws, next.catch(() => undefined));
    };

    const beacon = navigator.sendBeacon?.bind(navigator);
    if (beacon) {
      navigator.sendBeacon = function sendBeacon(url: string | URL, data?: BodyInit | null): boolean {
        // A beacon answers at once; the guard's decision comes after, so the beacon goes then.
        void decide('beacon', urlOf(url), 'POST', data).then((d) => {
          if (d.ok) beacon(url, d.body as BodyInit);
        });
        return true;
      };
    }
  },
});
