/**
 * The request guard's isolated-world half, in every frame from document_start: it listens before
 * any page script runs and holds every request until this frame's rule is known (see
 * content/request-guard.ts). Frames without an address of their own (about:blank, srcdoc, Blob and
 * data: URLs) take the rule of the page that made them (lib/frame-url.ts).
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { FileGuard } from '../../content/file-guard';
import { RequestGuard } from '../../content/request-guard';
import { ask, backgroundBridge } from '../../lib/bridge';
import { frameUrl } from '../../lib/frame-url';
import { MODE_EVENT } from '../../lib/request-events';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  // Blob, data: and sandboxed frames too, by the origin of the page that made them.
  matchOriginAsFallback: true,
  main(ctx) {
    const config = ask({ type: 'page-config', ...frameUrl(window) }).then((c) => c ?? null, () => null);
    // Tell the page-world hook, so that an unguarded frame's requests need no round trip.
    void config.then((c) => document.dispatchEvent(new CustomEvent(MODE_EVENT, { detail: c?.rule?.mode ?? 'off' })));
    const remote = (name: string | undefined, data: string) => ask({ type: 'inspect-file', ...(name === undefined ? {} : { name }), data });
    const guard = new RequestGuard(document, config, backgroundBridge, remote);
    const stop = new AbortController();
    ctx.onInvalidated(() => stop.abort());
    guard.start(stop.signal);
    // Files chosen, dropped or pasted: checked before the page sees them (listening from now on,
    // ahead of the send guard and of every page script).
    new FileGuard(document, config, backgroundBridge.logEvent, remote).start(stop.signal);
  },
});
