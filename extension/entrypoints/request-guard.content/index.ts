/**
 * The request guard's isolated-world half, in every frame from document_start: it listens before
 * any page script runs and holds every request until this frame's rule is known (see
 * content/request-guard.ts). Frames without a URL of their own (about:blank, srcdoc) take their
 * parent's rule.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { RequestGuard } from '../../content/request-guard';
import { ask, backgroundBridge } from '../../lib/bridge';
import { MODE_EVENT } from '../../lib/request-events';

function frameUrl(): string {
  if (location.protocol !== 'about:') return location.href;
  try {
    return window.parent.location.href;
  } catch {
    return document.referrer || location.href;
  }
}

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main(ctx) {
    const config = ask({ type: 'page-config', url: frameUrl() }).then((c) => c ?? null, () => null);
    // Tell the page-world hook, so that an unguarded frame's requests need no round trip.
    void config.then((c) => document.dispatchEvent(new CustomEvent(MODE_EVENT, { detail: c?.rule?.mode ?? 'off' })));
    const guard = new RequestGuard(document, config, backgroundBridge);
    const stop = new AbortController();
    ctx.onInvalidated(() => stop.abort());
    guard.start(stop.signal);
  },
});
