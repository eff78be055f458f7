/**
 * Send interception: every send gesture the site's adapter recognises (a press on Send, Enter or
 * Space on it, Ctrl/⌘+Enter, a send from a menu, a submit, form.submit()) is stopped in the capture
 * phase, before the page sees it, when the compose holds anything confidential; the flow decides
 * once per press and sends again itself.
 */
import type { SiteAdapter } from '../sites/types';
import type { Outcome } from './send-types';
import { scanCompose } from './scan';
import type { SendFlow } from './send-flow';

export class SendIntercept {
  /** Composes whose send is being decided: further gestures on them are swallowed meanwhile. */
  private busy = new WeakSet<Element>();
  /** Composes whose send press began (pointerdown/mousedown) and whose click is still to come. */
  private pressed = new WeakSet<Element>();
  /** Resolves when the last send decision has been carried out. */
  lastDecision: Promise<Outcome> = Promise.resolve('passed');

  constructor(
    private readonly adapter: SiteAdapter,
    private readonly flow: SendFlow,
    private readonly mode: () => string,
  ) {}

  onGesture(e: Event): void {
    if (this.flow.releasing || this.mode() === 'off') return;
    const compose = this.adapter.sendIntent(e);
    if (!compose) return;
    if (this.busy.has(compose.root)) {
      stop(e);
      if (e.type === 'click') this.pressed.delete(compose.root);
      return;
    }
    const scan = this.flow.withFiles(scanCompose(compose));
    // Nothing confidential, found, already masked or in an attached file: the page sends as usual,
    // unless it may hold an identifier (a suspicion): then staff are asked first.
    const found = scan.enforced.length > 0 || scan.masked.length > 0 || scan.files;
    const suspected = !found && Object.keys(scan.suspected).length > 0;
    if (!found && !suspected) return;
    if (this.mode() === 'audit') {
      if (found) this.flow.audit(compose, scan);
      return;
    }
    stop(e);
    // A mouse click arrives as pointerdown, mousedown, pointerup, mouseup, click: decide once, on the
    // first; the click that ends the same press is swallowed. A keyboard "click" comes alone.
    if (e.type === 'pointerup' || e.type === 'mouseup') return;
    if (e.type === 'click' && this.pressed.delete(compose.root)) return;
    if (e.type === 'pointerdown' || e.type === 'mousedown') this.pressed.add(compose.root);
    this.busy.add(compose.root);
    this.lastDecision = (suspected ? this.flow.confirmSuspected(compose, scan) : this.flow.decide(compose, scan)).finally(() => this.busy.delete(compose.root));
  }
}

function stop(e: Event): void {
  e.preventDefault();
  e.stopImmediatePropagation();
}
