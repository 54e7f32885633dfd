/**
 * Per-account Graph call budgets (reference §3.1, numbers from @kit/core's RATE_LIMITS). Callers
 * wait for a slot instead of failing: Meta says continued calls while limited extend the block
 * (reference §3.3). `block()` lets a caller feed Meta's own throttle signal back (613/80002 or
 * the BUC header), so every call of that class for the account pauses.
 *
 * In-memory counters (rate-limiter-flexible's RateLimiterMemory) are right for one instance;
 * several instances swap in a shared rate-limiter-flexible store (Postgres/Redis) behind the same
 * methods.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RATE_LIMITS, type RateLimit, type RateLimitClass } from '@kit/core';

export type RateLimitsOption = Partial<Record<RateLimitClass, RateLimit>>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    }, { once: true });
  });

export class AccountRateLimits {
  private readonly limiters = new Map<RateLimitClass, RateLimiterAbstract>();

  constructor(overrides: RateLimitsOption = {}) {
    for (const [cls, def] of Object.entries(RATE_LIMITS) as [RateLimitClass, RateLimit][]) {
      const l = overrides[cls] ?? def;
      if (!(l.limit > 0) || !(l.intervalMs > 0)) throw new TypeError(`createKitProxy: rateLimits.${cls} needs limit > 0 and intervalMs > 0.`);
      this.limiters.set(cls, new RateLimiterMemory({ keyPrefix: `kit:${cls}`, points: l.limit, duration: l.intervalMs / 1000 }));
    }
  }

  /** Waits until the account may make one call of this class. */
  async acquire(accountId: string, cls: RateLimitClass, signal?: AbortSignal): Promise<void> {
    const limiter = this.limiters.get(cls)!;
    for (;;) {
      try {
        await limiter.consume(accountId);
        return;
      } catch (rej) {
        if (!(rej instanceof RateLimiterRes)) throw rej;
        await sleep(Math.max(rej.msBeforeNext, 5), signal);
      }
    }
  }

  /** Pause every call of this class for the account (Meta told us to back off). */
  async block(accountId: string, cls: RateLimitClass, ms: number): Promise<void> {
    await this.limiters.get(cls)!.block(accountId, Math.max(1, Math.ceil(ms / 1000)));
  }
}
