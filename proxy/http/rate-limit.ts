/**
 * A token bucket per key (a person, across all their device tokens, so more tokens give no more checks): `burst` requests at once, refilled at `perSecond`. Over the
 * limit the caller answers 429 with Retry-After, so registry look-ups cannot be harvested.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_CHECK_LIMIT: RateLimit = { perSecond: 5, burst: 60 };

export class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when allowed (and counted), else the seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }
}
