/**
 * The supervisor reviews asked from this browser, kept in storage.local (review id, message hash,
 * recipients: never the message), so that an approval can be used after a reload or from a reopened
 * draft, and so that the popup can list them.
 */
import type { AskedReview, RedeemResult } from './messages';
import type { ProxyClient } from './proxy-client';
import type { KeyValue } from './queue';

const KEY = 'dg.reviews';
const KEEP = 50;
const MAX_AGE_MS = 24 * 3600_000;

const norm = (xs: readonly string[]) => xs.map((x) => x.trim().toLowerCase()).sort().join('\n');

export class AskedReviews {
  constructor(
    private readonly kv: KeyValue,
    private readonly client: Pick<ProxyClient, 'reviewStatus' | 'redeemRelease'>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async list(): Promise<AskedReview[]> {
    const all = (await this.kv.get<AskedReview[]>(KEY)) ?? [];
    return all.filter((r) => this.now() - Date.parse(r.askedAt) < MAX_AGE_MS);
  }

  private async save(list: AskedReview[]): Promise<void> {
    await this.kv.set(KEY, list.slice(0, KEEP));
  }

  async add(r: Omit<AskedReview, 'status' | 'reason' | 'askedAt'>): Promise<void> {
    const list = await this.list();
    await this.save([{ ...r, askedAt: new Date(this.now()).toISOString(), status: 'pending', reason: null }, ...list.filter((x) => x.reviewId !== r.reviewId)]);
  }

  /** Asks the proxy about every review still pending (the popup, and before a release). */
  async refresh(): Promise<AskedReview[]> {
    const list = await this.list();
    for (const r of list) {
      if (r.status !== 'pending' && r.status !== 'approved') continue;
      const s = await this.client.reviewStatus(r.reviewId);
      if (!s.ok) continue;
      r.reason = s.reason;
      r.status = s.released ? 'used' : s.status === 'approved' && s.releaseExpiresAt && Date.parse(s.releaseExpiresAt) < this.now() ? 'expired' : s.status;
    }
    await this.save(list);
    return list;
  }

  /** The approved review of this message to these recipients, used once. */
  async release(contentHash: string, recipients: readonly string[]): Promise<RedeemResult> {
    const list = await this.refresh();
    const match = list.find((r) => r.contentHash === contentHash && norm(r.recipients) === norm(recipients));
    if (!match) {
      const sameRecipients = list.find((r) => r.status === 'approved' && norm(r.recipients) === norm(recipients));
      return sameRecipients ? { ok: false, message: 'the message changed since the review was requested' } : { ok: false };
    }
    if (match.status === 'pending') return { ok: false, message: 'your supervisor has not decided yet' };
    if (match.status === 'used') return { ok: false, message: 'the approval was already used: it lets the message go once' };
    if (match.status === 'expired') return { ok: false, message: 'the approval has expired (30 minutes)' };
    if (match.status !== 'approved') return { ok: false, message: `your supervisor ${match.status === 'denied' ? 'denied' : 'reported'} this send` };
    const r = await this.client.redeemRelease(match.reviewId, contentHash, match.recipients);
    match.status = r.ok ? 'used' : match.status;
    await this.save(list);
    return r.ok ? { ok: true, reviewId: match.reviewId } : { ok: false, message: r.message };
  }
}
