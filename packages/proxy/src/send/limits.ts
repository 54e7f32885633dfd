/**
 * Per-account send budgets (reference §3.1; numbers from @kit/core's RATE_LIMITS, overridable
 * with the proxy's `rateLimits` option) on rate-limiter-flexible, so the counters can live in a
 * shared store (Postgres, Redis) when several proxy instances send for the same account: pass a
 * `rateLimiter` factory that builds e.g. `RateLimiterPostgres` instead of the default memory one.
 *
 * rate-limiter-flexible counts in fixed windows, but Meta (and the sandbox) count in a sliding
 * window: with fixed windows "100 per second" lets 200 through around a window boundary. So each
 * budget is cut into n slices of length (interval + margin) / n with ⌊limit / (n + 1)⌋ points
 * each: any sliding interval overlaps at most n + 1 slices, so it never sees more than `limit`
 * calls, while the steady rate stays close to the limit (100/s → 95/s, 10/s → 9/s). The margin
 * absorbs network jitter between our clock and Meta's.
 *
 * Waiting is FIFO per account and class (a promise chain per key), and one account's wait never
 * delays another account. `pause()` stops every class of one account — Meta's usage headers or a
 * throttle error (4/17/32/613/80002) said so — with the pause kept in the same limiter store, so
 * all instances honour it.
 */
import { RATE_LIMITS, type RateLimit, type RateLimitClass } from '@kit/core';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { fullJitter, sleep, type BackoffOptions } from './backoff';

export interface LimiterSpec {
  /** Distinct per class; use it as the table / key prefix of a shared store. */
  keyPrefix: string;
  points: number;
  /** Seconds (may be fractional). */
  duration: number;
}

/** Builds one rate-limiter-flexible limiter; the default is `new RateLimiterMemory(spec)`. */
export type RateLimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

export const memoryRateLimiter: RateLimiterFactory = (spec) => new RateLimiterMemory(spec);

/** The fixed-window slicing that keeps a sliding-window limit (see the module comment). */
export function sliceLimit(limit: RateLimit, maxSlices = 20): { points: number; sliceMs: number; perInterval: number } {
  const margin = Math.min(100, limit.intervalMs * 0.1);
  const span = limit.intervalMs + margin;
  let best = { n: 1, points: Math.max(1, Math.floor(limit.limit / 2)) };
  for (let n = 1; n <= maxSlices; n++) {
    const points = Math.floor(limit.limit / (n + 1));
    if (points >= 1 && points * n > best.points * best.n) best = { n, points };
  }
  return { points: best.points, sliceMs: span / best.n, perInterval: best.points * best.n };
}

export interface SendLimitsOptions {
  overrides?: Partial<Record<RateLimitClass, RateLimit>>;
  factory?: RateLimiterFactory;
  /** Backoff after throttle errors; the n-th consecutive throttle pauses up to base · 2ⁿ. */
  throttle?: BackoffOptions;
  random?: () => number;
}

export class SendLimits {
  private readonly limiters = new Map<RateLimitClass, RateLimiterAbstract>();
  private readonly pauses: RateLimiterAbstract;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly strikes = new Map<string, number>();
  private readonly throttle: BackoffOptions;
  private readonly random: () => number;

  constructor(o: SendLimitsOptions = {}) {
    const factory = o.factory ?? memoryRateLimiter;
    for (const [cls, def] of Object.entries(RATE_LIMITS) as [RateLimitClass, RateLimit][]) {
      const l = o.overrides?.[cls] ?? def;
      if (!(l.limit >= 1) || !(l.intervalMs > 0)) throw new TypeError(`createKitProxy: rateLimits.${cls} needs limit ≥ 1 and intervalMs > 0.`);
      const s = sliceLimit(l);
      this.limiters.set(cls, factory({ keyPrefix: `kit_send_${cls}`, points: s.points, duration: s.sliceMs / 1000 }));
    }
    this.pauses = factory({ keyPrefix: 'kit_send_pause', points: 1, duration: 1 });
    this.throttle = o.throttle ?? { baseMs: 1000, capMs: 60_000 };
    this.random = o.random ?? Math.random;
  }

  /** Waits (FIFO per account and class) until one call may go out, then counts it. */
  acquire(accountId: string, cls: RateLimitClass, signal?: AbortSignal): Promise<void> {
    const key = `${cls}\u0000${accountId}`;
    const prev = this.chains.get(key) ?? Promise.resolve();
    const mine = prev.then(() => this.take(accountId, cls, signal));
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return mine;
  }

  private async take(accountId: string, cls: RateLimitClass, signal?: AbortSignal): Promise<void> {
    const limiter = this.limiters.get(cls)!;
    for (;;) {
      signal?.throwIfAborted();
      const paused = await this.pausedFor(accountId);
      if (paused > 0) {
        await sleep(paused, signal);
        continue;
      }
      try {
        await limiter.consume(accountId);
        return;
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        await sleep(Math.max(1, err.msBeforeNext), signal);
      }
    }
  }

  /** ms until the account may call again (0 = not paused). */
  async pausedFor(accountId: string): Promise<number> {
    const r = await this.pauses.get(accountId);
    return r && r.consumedPoints > 1 ? r.msBeforeNext : 0;
  }

  /** Stop every call of the account for `ms` (never shortens a longer pause). */
  async pause(accountId: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    if ((await this.pausedFor(accountId)) >= ms) return;
    await this.pauses.block(accountId, ms / 1000);
  }

  /** Meta throttled the account (4/17/32/613/80002…): pause with exponential backoff and full jitter. */
  async throttled(accountId: string): Promise<number> {
    const n = this.strikes.get(accountId) ?? 0;
    this.strikes.set(accountId, n + 1);
    const ms = Math.max(1, fullJitter(n, this.throttle, this.random));
    await this.pause(accountId, ms);
    return ms;
  }

  /** A call went through: the next throttle starts the backoff from the beginning. */
  recovered(accountId: string): void {
    this.strikes.delete(accountId);
  }
}
