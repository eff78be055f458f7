/**
 * POST /api/v1/reviews: a blocked send, with the staff member's justification, goes to the
 * supervisor's queue. GET /api/v1/reviews/:id: its status, for the extension to show the outcome.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { isSafeId, newId } from '../../shared/ids';
import { RedeemRequestSchema, ReviewRequestSchema } from '../../shared/schemas';
import { senderOf } from '../http/auth';
import type { DeviceEnv } from '../http/auth';
import { ApiError, readJson } from '../http/errors';
import { gateStored } from '../http/stored-fields';
import type { Store } from '../store/types';
import { limit } from './limits';

const RELEASE_REFUSED = {
  not_approved: 'the review has not been approved',
  used: 'this release was already used: an approval lets the message go once',
  expired: 'the release has expired (30 minutes after approval)',
  mismatch: 'the message or its recipients changed since the review was requested',
} as const;

/** Only a hash of the message hash is stored: the stored value is not the client's string. */
export function storedContentHash(contentHash: string): string {
  return createHash('sha256').update(`content:${contentHash}`).digest('hex');
}

export function reviewRoutes({ store, clock }: { store: Store; clock: { now(): Date } }) {
  /** A review is visible to and redeemable by the person who asked for it only. */
  const ownReview = async (c: Context<DeviceEnv>, id: string) => {
    const review = await store.getReview(id);
    if (!review || review.requestedBy !== c.get('device').userEmail) throw new ApiError(404, 'not_found', 'no such review of yours');
    return review;
  };
  return new Hono<DeviceEnv>()
    .post('/reviews', limit(16 * 1024), async (c) => {
      const req = await readJson(c, ReviewRequestSchema);
      gateStored('review', req);
      const sender = senderOf(c, req.sender);
      const review = await store.addReview({
        id: newId('rev'),
        eventId: req.eventId,
        requestedBy: sender,
        device: c.get('device').name,
        justification: req.justification,
        recipients: req.recipients,
        contentHash: req.contentHash ? storedContentHash(req.contentHash) : null,
        createdAt: clock.now().toISOString(),
      });
      return c.json({ reviewId: review.id, status: review.status, seq: review.seq }, 201);
    })
    .get('/reviews/:id', async (c) => {
      const id = c.req.param('id');
      if (!isSafeId(id)) throw new ApiError(400, 'invalid_id', 'not a review id');
      const review = await ownReview(c, id);
      return c.json({
        reviewId: review.id,
        eventId: review.eventId,
        status: review.status,
        createdAt: review.createdAt,
        decidedAt: review.decidedAt,
        reason: review.decisionReason,
        releaseExpiresAt: review.releaseExpiresAt,
        released: review.releaseRedeemedAt !== null,
      });
    })
    .post('/releases/redeem', limit(16 * 1024), async (c) => {
      const req = await readJson(c, RedeemRequestSchema);
      await ownReview(c, req.reviewId);
      const outcome = await store.redeemRelease(req.reviewId, storedContentHash(req.contentHash), req.recipients, clock.now().toISOString());
      if (outcome === 'not_found') throw new ApiError(404, 'not_found', 'no such review');
      if (outcome !== 'released') throw new ApiError(409, outcome, RELEASE_REFUSED[outcome]);
      return c.json({ released: true });
    });
}
