import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { KeyValue } from './queue';
import { AskedReviews } from './reviews';

const kv: KeyValue = {
  get: async <T>(k: string) => (await fakeBrowser.storage.local.get(k))[k] as T | undefined,
  set: async (k, v) => fakeBrowser.storage.local.set({ [k]: v }),
};

let status: 'pending' | 'approved' | 'denied' = 'pending';
let released = false;
const redeemed: string[] = [];
const client = {
  reviewStatus: async () => ({ ok: true as const, status, reason: 'ok', releaseExpiresAt: new Date(Date.now() + 60_000).toISOString(), released }),
  redeemRelease: async (reviewId: string) => {
    redeemed.push(reviewId);
    released = true;
    return { ok: true as const, reviewId };
  },
};

beforeEach(() => {
  fakeBrowser.reset();
  status = 'pending';
  released = false;
  redeemed.length = 0;
});

describe('AskedReviews', () => {
  const hash = 'a'.repeat(64);
  it('keeps only the hash and recipients of a review, and releases the approved message once', async () => {
    const r = new AskedReviews(kv, client);
    await r.add({ reviewId: 'rv-1', contentHash: hash, recipients: ['Sue@lwdb.example.org'], site: 'mail.google.com' });
    expect(await r.release(hash, ['sue@lwdb.example.org'])).toEqual({ ok: false, message: 'your supervisor has not decided yet' });
    status = 'approved';
    expect(await r.release(hash, ['sue@lwdb.example.org'])).toEqual({ ok: true, reviewId: 'rv-1' });
    expect(await r.release(hash, ['sue@lwdb.example.org'])).toMatchObject({ ok: false, message: expect.stringMatching(/already used/) });
    expect(redeemed).toEqual(['rv-1']);
    expect((await r.list())[0]!.status).toBe('used');
  });

  it('survives a restart (storage.local), and tells a changed message from no review at all', async () => {
    await new AskedReviews(kv, client).add({ reviewId: 'rv-2', contentHash: hash, recipients: ['sue@lwdb.example.org'], site: 'x' });
    status = 'approved';
    const restarted = new AskedReviews(kv, client);
    expect(await restarted.release('b'.repeat(64), ['sue@lwdb.example.org'])).toEqual({ ok: false, message: 'the message changed since the review was requested' });
    expect(await restarted.release(hash, ['someone.else@example.org'])).toEqual({ ok: false });
  });
});
