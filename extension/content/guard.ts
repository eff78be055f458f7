/**
 * The guard on one page: it listens on the window in the capture phase, before any page handler,
 * and hands what staff type to the typing notice (typing.ts) and every send gesture to the
 * interception (send-intercept.ts), which runs the enforcement flow (send-flow.ts); supervisor
 * reviews asked from the page are followed by review-watch.ts.
 */
import { newId as newClientId } from '../../shared/ids';
import type { PageConfig } from '../lib/messages';
import type { Compose, SiteAdapter } from '../sites/types';
import { CLICK_EVENTS } from '../sites/dom';
import { SCRIPT_SUBMIT } from '../sites/script-submit';
import { FILE_TYPES_EVENT } from '../lib/request-events';
import { Notice } from '../ui/notice';
import { ReviewWatcher, REVIEW_POLL_MS } from './review-watch';
import type { Scan } from './scan';
import { SendFlow } from './send-flow';
import { SendIntercept } from './send-intercept';
import type { Bridge, Outcome } from './send-types';
import { TypingWatch } from './typing';

export { REVIEW_POLL_MS } from './review-watch';
export { DEBOUNCE_MS } from './typing';
export type { Bridge, Outcome } from './send-types';

export class Guard {
  private readonly notice: Notice;
  private readonly flow: SendFlow;
  private readonly typing: TypingWatch;
  private readonly intercept: SendIntercept;
  private stopped = false;

  constructor(
    private readonly doc: Document,
    adapter: SiteAdapter,
    private readonly config: PageConfig,
    bridge: Bridge,
    newId: () => string = () => newClientId('evt'),
    pollMs = REVIEW_POLL_MS,
  ) {
    this.notice = new Notice(doc);
    const reviews = new ReviewWatcher(bridge, this.notice, pollMs, () => this.stopped);
    const flow = (this.flow = new SendFlow({ doc, adapter, config, bridge, newId, notice: this.notice, reviews }));
    this.typing = new TypingWatch(adapter, config, this.notice, () => flow.masking);
    this.intercept = new SendIntercept(adapter, flow, () => this.config.rule?.mode ?? 'off');
  }

  /** Resolves when the last send decision has been carried out (for tests and the popup). */
  get lastDecision(): Promise<Outcome> {
    return this.intercept.lastDecision;
  }

  /** Scans one compose now and shows or hides the notice. */
  showFindings(compose: Compose): Scan {
    return this.typing.showFindings(compose);
  }

  /** Listens on the window in the capture phase, so the guard sees every gesture before the page. */
  start(signal: AbortSignal): void {
    const win = this.doc.defaultView!;
    const opts = { capture: true, signal };
    for (const type of ['input', 'paste']) win.addEventListener(type, (e) => this.typing.onInput(e), opts);
    for (const type of [...CLICK_EVENTS, 'keydown', 'submit', SCRIPT_SUBMIT]) win.addEventListener(type, (e) => this.intercept.onGesture(e), opts);
    this.doc.addEventListener(FILE_TYPES_EVENT, (e) => this.flow.onFileTypes(e), opts);
    signal.addEventListener('abort', () => {
      this.stopped = true;
      this.typing.stop();
      this.notice.hide();
    });
  }
}
