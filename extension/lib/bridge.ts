/** The content script's side of the typed messages: every call goes through the background. */
import { browser } from 'wxt/browser';
import type { Bridge } from '../content/send-types';
import type { BackgroundReplies, Channel, ContentToBackground } from './messages';

export function ask<M extends ContentToBackground>(message: M): Promise<BackgroundReplies[M['type']]> {
  return browser.runtime.sendMessage(message) as Promise<BackgroundReplies[M['type']]>;
}

export const backgroundBridge: Bridge = {
  checkRecipients: (channel, categories, recipients, identifiers = []) =>
    ask({ type: 'check-recipients', channel: channel as Channel, categories, recipients, identifiers }),
  logEvent: async (event) => {
    await ask({ type: 'log-event', event });
  },
  requestReview: (eventId, justification, recipients, contentHash, site) => ask({ type: 'request-review', eventId, justification, recipients, contentHash, site }),
  reviewStatus: (reviewId) => ask({ type: 'review-status', reviewId }),
  findRelease: (contentHash, recipients) => ask({ type: 'find-release', contentHash, recipients }),
};
