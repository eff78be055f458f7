import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});

const review = (o: Record<string, unknown> = {}) => ({
  eventId: 'evt-blocked-0001',
  sender: 'casey.staff@jobs.example.gov',
  justification: 'Partner needs the wage record to finish the eligibility review today.',
  recipients: ['sue.suspended@lwdb.example.org'],
  ...o,
});

describe('POST /api/v1/reviews', () => {
  it('queues a pending review, in the chain, and reports its status', async () => {
    const seq = (await p.opened.store.logState()).seq;
    const res = await p.call('POST', '/api/v1/reviews', review());
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'pending', seq: seq + 1 });
    const got = await (await p.call('GET', `/api/v1/reviews/${body.reviewId}`)).json();
    expect(got).toMatchObject({ reviewId: body.reviewId, eventId: 'evt-blocked-0001', status: 'pending' });
    expect((await p.opened.store.getReview(body.reviewId))?.device).toBe('test-device');
  });

  it.each([
    ['no justification', review({ justification: '' }), 'invalid_body'],
    ['a one-word justification', review({ justification: 'urgent' }), 'invalid_body'],
    ['an SSN in the justification', review({ justification: 'Needed for claimant 123-45-6789 today' }), 'raw_value'],
    ['no recipients', review({ recipients: [] }), 'invalid_body'],
  ])('%s → 400 %s, nothing stored', async (_why, body, code) => {
    const seq = (await p.opened.store.logState()).seq;
    const res = await p.call('POST', '/api/v1/reviews', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(code);
    expect((await p.opened.store.logState()).seq).toBe(seq);
  });

  it('answers 404 for an unknown review and 401 without a token', async () => {
    expect((await p.call('GET', '/api/v1/reviews/rev_nosuchreview')).status).toBe(404);
    expect((await p.call('POST', '/api/v1/reviews', review(), { token: null })).status).toBe(401);
  });
});
