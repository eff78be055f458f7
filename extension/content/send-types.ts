/** What the send guard's parts share: the background they talk to and how a send ended. */
import type { Category } from '../../shared/policy';
import type { CheckResult, RedeemResult, ReviewResult, ReviewStatus, SendEvent } from '../lib/messages';

export interface Bridge {
  checkRecipients(channel: string, categories: Category[], recipients: string[], identifiers?: SendEvent['identifiers']): Promise<CheckResult>;
  logEvent(event: SendEvent): Promise<void>;
  requestReview(eventId: string, justification: string, recipients: string[], contentHash: string, site: string): Promise<ReviewResult>;
  reviewStatus(reviewId: string): Promise<ReviewStatus>;
  /** Uses an approved review of this very message to these refused recipients, if there is one. */
  findRelease(contentHash: string, recipients: string[]): Promise<RedeemResult>;
}

export type Outcome = 'sent' | 'blocked' | 'edit' | 'review_requested' | 'passed';
