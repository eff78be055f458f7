/**
 * While staff type: each compose is scanned when typing pauses (debounced, never a page-wide
 * observer) and the notice says what it holds and what will happen on send.
 */
import type { PageConfig } from '../lib/messages';
import type { Compose, SiteAdapter } from '../sites/types';
import { targetElement } from '../sites/dom';
import type { Notice } from '../ui/notice';
import { summarizeTypes } from '../ui/words';
import { scanCompose } from './scan';
import type { Scan } from './scan';

/** Typing pauses this long before a scan (a 20 KB body scans in well under a millisecond). */
export const DEBOUNCE_MS = 250;

export class TypingWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly adapter: SiteAdapter,
    private readonly config: PageConfig,
    private readonly notice: Notice,
    /** True while the guard itself masks a field: its input events must not bring the notice back. */
    private readonly masking: () => boolean,
  ) {}

  onInput(e: Event): void {
    const target = targetElement(e);
    if (this.mode === 'off' || !target || this.masking()) return;
    const compose = this.adapter.composeFor(target);
    if (!compose) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.showFindings(compose), DEBOUNCE_MS);
  }

  /** Scans one compose now and shows or hides the notice. */
  showFindings(compose: Compose): Scan {
    const t0 = performance.now();
    const scan = scanCompose(compose, false);
    // A User Timing entry per scan: visible in DevTools and to the benchmark, never the text.
    performance.measure?.('disclosure-guard scan', { start: t0, end: performance.now() });
    if (scan.enforced.length === 0) {
      this.notice.hide();
      return scan;
    }
    this.notice.show(compose.root, summarizeTypes(scan.counts), this.onSend());
    return scan;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private get mode() {
    return this.config.rule?.mode ?? 'off';
  }

  /** What the notice says will happen on send, in this site's mode. */
  private onSend(): string {
    if (this.mode === 'enforce') {
      return this.adapter.channel === 'form'
        ? 'On submit: identifiers are masked, and other confidential data goes only to an authorized organization.'
        : 'On send: identifiers are masked to their last digits, the confidentiality statement is added, and every recipient is checked.';
    }
    return this.mode === 'warn' ? 'You will be asked to confirm before sending.' : 'Sending is logged.';
  }
}
