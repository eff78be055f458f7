/**
 * The request guard's isolated-world half, in every frame from document_start: it listens before
 * any page script runs and holds every request until this frame's rule is known (see
 * content/request-guard.ts). Frames without an address of their own (about:blank, srcdoc, Blob and
 * data: URLs) take the rule of the page that made them (lib/frame-url.ts). When the page changes its
 * address without loading (a single-page app's route), the new address's rule is read.
 */
import { browser } from 'wxt/browser';
import type { Browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { FileGuard } from '../../content/file-guard';
import { RequestGuard } from '../../content/request-guard';
import type { HeldSends } from '../../content/request-guard';
import { ask, backgroundBridge } from '../../lib/bridge';
import { frameUrl } from '../../lib/frame-url';
import { SENDS_PORT } from '../../lib/messages';
import type { SendEvent, SendsMessage } from '../../lib/messages';
import { MODE_EVENT, REQUEST_EVENT, ROUTE_EVENT } from '../../lib/request-events';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  // Blob, data: and sandboxed frames too, by the origin of the page that made them.
  matchOriginAsFallback: true,
  main(ctx) {
    const stop = new AbortController();
    ctx.onInvalidated(() => stop.abort());
    // The rule of the address the frame shows. A single-page app that changes its address without
    // loading (history.pushState, a hash) is judged by the new address's rule from then on.
    // Decided sends wait at the background until the hook says they went: one the page closes on
    // first is logged `not_sent`, never as gone. The port opens once the frame is known to be guarded.
    let port: Browser.runtime.Port | undefined;
    const connect = (): Browser.runtime.Port | undefined => {
      if (port) return port;
      try {
        const p = browser.runtime.connect({ name: SENDS_PORT });
        p.onDisconnect.addListener(() => port === p && (port = undefined));
        port = p;
      } catch {
        port = undefined; // the extension was reloaded: events go by message
      }
      return port;
    };
    const post = (m: SendsMessage): boolean => {
      try {
        const p = connect();
        p?.postMessage(m);
        return !!p;
      } catch {
        port = undefined;
        return false;
      }
    };
    const held: HeldSends = {
      hold: (event: SendEvent) => void post({ type: 'hold', event }),
      settle: (event: SendEvent) => void (post({ type: 'settle', event }) || backgroundBridge.logEvent(event)),
    };
    let address = frameUrl(window).url;
    let generation = 0;
    let mode: string | undefined;
    const readRule = () => {
      const mine = ++generation;
      mode = undefined;
      const c = ask({ type: 'page-config', ...frameUrl(window) }).then((c) => c ?? null, () => null);
      // Tell the page-world hook, so that an unguarded frame's requests need no round trip.
      void c.then((c) => {
        if (mine !== generation) return;
        mode = c?.rule?.mode ?? 'off';
        if (mode !== 'off') connect();
        document.dispatchEvent(new CustomEvent(MODE_EVENT, { detail: mode }));
      });
      return c;
    };
    const config = readRule();
    const remote = (name: string | undefined, data: string) => ask({ type: 'inspect-file', ...(name === undefined ? {} : { name }), data });
    const guard = new RequestGuard(document, config, backgroundBridge, remote, held);
    const route = () => {
      const now = frameUrl(window).url;
      if (now !== address) {
        address = now;
        guard.reconfigure(readRule());
      } else if (mode !== undefined) {
        document.dispatchEvent(new CustomEvent(MODE_EVENT, { detail: mode }));
      }
    };
    // Ahead of the guard's own listener: a request made right after an address change is judged by the new rule.
    document.addEventListener(REQUEST_EVENT, () => frameUrl(window).url !== address && route(), { capture: true, signal: stop.signal });
    document.addEventListener(ROUTE_EVENT, route, { capture: true, signal: stop.signal });
    window.addEventListener('popstate', route, { capture: true, signal: stop.signal });
    window.addEventListener('hashchange', route, { capture: true, signal: stop.signal });
    guard.start(stop.signal);
    // Files chosen, dropped or pasted: checked before the page sees them (listening from now on,
    // ahead of the send guard and of every page script).
    new FileGuard(document, config, backgroundBridge.logEvent, remote).start(stop.signal);
  },
});
