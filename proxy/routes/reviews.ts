/**
 * POST /api/v1/reviews: a blocked send, with the staff member's justification, goes to the
 * supervisor's queue. GET /api/v1/reviews/:id: its status, for the extension to show the outcome.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { detect } from '../../shared/detect/index';
import { RedeemRequestSchema, ReviewRequestSchema } from '../../shared/schemas';
import type { DeviceEnv } from '../auth';
import { ApiError, readJson } from '../errors';
import { normalizeEmail } from '../registry/address';
import type { Store } from '../store/types';
import { limit } from './limits';

const RELEASE_REFUSED = {
  not_approved: 'the review has not been approved',
  used: 'this release was already used: an approval lets the message go once',
  expired: 'the release has expired (30 minutes after approval)',
  mismatch: 'the message or its recipients changed since the review was requested',
} as const;

export function reviewRoutes({ store, clock }: { store: Store; clock: { now(): Date } }) {
  return new Hono<DeviceEnv>()
    .post('/reviews', limit(16 * 1024), async (c) => {
      const req = await readJson(c, ReviewRequestSchema);
      const sender = normalizeEmail(req.sender);
      if (!sender) throw new ApiError(400, 'invalid_body', 'sender is not an email address', [{ path: 'sender', message: 'not an email address' }]);
      if (detect(req.justification).some((f) => f.confidence !== 'low' && f.type !== 'wage' && f.type !== 'ui_benefit' && f.type !== 'dob')) {
        throw new ApiError(400, 'raw_value', 'the justification holds an identifier; describe the need without it', [
          { path: 'justification', message: 'must not hold an identifier' },
        ]);
      }
      const review = await store.addReview({
        id: randomUUID(),
        eventId: req.eventId,
        requestedBy: sender,
        device: c.get('device').name,
        justification: req.justification,
        recipients: req.recipients,
        contentHash: req.contentHash ?? null,
        createdAt: clock.now().toISOString(),
      });
      return c.json({ reviewId: review.id, status: review.status, seq: review.seq }, 201);
    })
    .get('/reviews/:id', async (c) => {
      const review = await store.getReview(c.req.param('id'));
      if (!review) throw new ApiError(404, 'not_found', 'no such review');
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
      const outcome = await store.redeemRelease(req.reviewId, req.contentHash, req.recipients, clock.now().toISOString());
      if (outcome === 'not_found') throw new ApiError(404, 'not_found', 'no such review');
      if (outcome !== 'released') throw new ApiError(409, outcome, RELEASE_REFUSED[outcome]);
      return c.json({ released: true });
    });
}
