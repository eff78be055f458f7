/**
 * Runs on every page at document_start and stays dormant unless a site rule (IT policy, options,
 * or the proxy's policy) names this page. Then it picks the site's adapter and starts the guard.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { Guard } from '../../content/guard';
import { ask, backgroundBridge } from '../../lib/bridge';
import { adapterFor } from '../../sites/index';
import { GUARD_READY } from '../../sites/script-submit';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  async main(ctx) {
    // Tell the page-world submit hook the guard is in place (or has nothing to guard here), so the
    // forms it held since document_start go on through the guard.
    const ready = () => document.dispatchEvent(new CustomEvent(GUARD_READY));
    const config = await ask({ type: 'page-config', url: location.href }).catch(() => undefined);
    if (!config?.rule || config.rule.mode === 'off') return ready();
    // A webmail's sends are read from its requests: the request guard takes its forms too, and says
    // when it is ready.
    if (config.rule.adapter === 'webmail') return document.documentElement.setAttribute('data-disclosure-guard', 'webmail');
    const guard = new Guard(document, adapterFor(config.rule), config, backgroundBridge);
    const stop = new AbortController();
    ctx.onInvalidated(() => stop.abort());
    guard.start(stop.signal);
    document.documentElement.setAttribute('data-disclosure-guard', config.rule.adapter);
    ready();
  },
});
