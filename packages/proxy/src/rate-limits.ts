/**
 * Per-account Graph call budgets (reference §3.1, numbers from @kit/core's RATE_LIMITS). Callers
 * wait for a slot instead of failing: Meta says continued calls while limited extend the block
 * (reference §3.3). `block()` lets a caller feed Meta's own throttle signal back (613/80002 or
 * the BUC header), so every call of that class for the account pauses.
 *
 * The budget is a sliding window (at most `limit` calls in any `intervalMs`), not fixed windows:
 * fixed windows allow twice the limit across a window boundary, which Meta (and the sandbox)
 * refuse. A small safety margin absorbs network jitter between our clock and Meta's. This
 * in-memory log is right for one instance; several instances need a shared store behind the same
 * two methods (e.g. rate-limiter-flexible on Postgres/Redis with halved fixed windows).
 */
import { RATE_LIMITS, type RateLimit, type RateLimitClass } from '@kit/core';

export type RateLimitsOption = Partial<Record<RateLimitClass, RateLimit>>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

export class AccountRateLimits {
  private readonly limits = new Map<RateLimitClass, RateLimit>();
  /** Start times of recent calls (oldest first) and block deadlines, per class|account. */
  private readonly calls = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    overrides: RateLimitsOption = {},
    private readonly now: () => number = Date.now,
  ) {
    for (const [cls, def] of Object.entries(RATE_LIMITS) as [RateLimitClass, RateLimit][]) {
      const l = overrides[cls] ?? def;
      if (!(l.limit > 0) || !(l.intervalMs > 0)) throw new TypeError(`createKitProxy: rateLimits.${cls} needs limit > 0 and intervalMs > 0.`);
      this.limits.set(cls, l);
    }
  }

  /** Waits until the account may make one call of this class, then counts it. */
  async acquire(accountId: string, cls: RateLimitClass, signal?: AbortSignal): Promise<void> {
    const { limit, intervalMs } = this.limits.get(cls)!;
    const window = intervalMs + Math.min(100, intervalMs * 0.1);
    const key = `${cls}|${accountId}`;
    for (;;) {
      const t = this.now();
      const blocked = this.blockedUntil.get(key) ?? 0;
      if (blocked > t) {
        await sleep(blocked - t, signal);
        continue;
      }
      const list = this.calls.get(key) ?? [];
      while (list.length > 0 && (list[0] as number) <= t - window) list.shift();
      if (list.length < limit) {
        list.push(t);
        this.calls.set(key, list);
        return;
      }
      await sleep(Math.max(1, (list[0] as number) + window - t), signal);
    }
  }

  /** Pause every call of this class for the account (Meta told us to back off). */
  block(accountId: string, cls: RateLimitClass, ms: number): void {
    const key = `${cls}|${accountId}`;
    this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, this.now() + ms));
  }
}
