/**
 * The supervisor reviews asked from this page, one per compose: asked about until decided, and the
 * decision shown in place (an approval lets this very message go once).
 */
import type { ReviewStatus } from '../lib/messages';
import type { Compose } from '../sites/types';
import type { Notice } from '../ui/notice';

/** How often an open compose asks whether its supervisor review was decided. */
export const REVIEW_POLL_MS = 5000;
/** How long it keeps asking (an approval is good for 30 minutes anyway). */
const REVIEW_POLL_LIMIT_MS = 60 * 60_000;

export interface AskedHere {
  reviewId: string;
  recipients: string[];
  status: string;
}

export class ReviewWatcher {
  private readonly asked = new WeakMap<Element, AskedHere>();

  constructor(
    private readonly bridge: { reviewStatus(reviewId: string): Promise<ReviewStatus> },
    private readonly notice: Notice,
    private readonly pollMs: number,
    private readonly stopped: () => boolean,
  ) {}

  delete(root: Element): void {
    this.asked.delete(root);
  }

  /** Remembers the review of this compose and asks about it until it is decided. */
  watch(compose: Compose, reviewId: string, recipients: string[]): void {
    this.asked.set(compose.root, { reviewId, recipients, status: 'pending' });
    const started = Date.now();
    const tick = async () => {
      if (this.stopped() || Date.now() - started > REVIEW_POLL_LIMIT_MS) return;
      const current = this.asked.get(compose.root);
      if (!current || current.reviewId !== reviewId) return;
      const s = await this.bridge.reviewStatus(reviewId);
      if (s.ok && s.status !== 'pending') {
        current.status = s.status;
        const until = s.releaseExpiresAt ? new Date(s.releaseExpiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
        this.notice.show(
          compose.root,
          s.status === 'approved' ? 'your supervisor approved this send.' : `your supervisor ${s.status === 'denied' ? 'denied' : 'reported'} this send.`,
          s.status === 'approved'
            ? `Send it once, unchanged, before ${until}.`
            : `Reason: ${s.reason ?? 'none given'}. Remove the recipients or edit the message.`,
          s.status,
        );
        if (s.status !== 'approved') this.asked.delete(compose.root);
        return;
      }
      setTimeout(() => void tick(), this.pollMs);
    };
    setTimeout(() => void tick(), this.pollMs);
  }
}
