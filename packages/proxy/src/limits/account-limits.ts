/**
 * Per-account call budgets for everything the kit sends to Graph (reference §3.1; numbers from
 * @kit/core's RATE_LIMITS, overridable with the `rateLimits` option): sends, reactions and
 * uploads (outbox, sender actions, attachments) and Conversations API reads (back-fill, profile
 * reads, forwarded reads). One layer on rate-limiter-flexible, so the counters can live in a
 * shared store (stores.ts) when several proxy instances call for the same account; plan.ts turns
 * each of Meta's sliding-window budgets into limiters that never exceed it.
 *
 * Callers wait for a slot instead of failing: Meta says continued calls while limited extend the
 * block (reference §3.3). Waiting is FIFO per account and class (a promise chain per key), and one
 * account's wait never delays another account.
 *
 * Pauses: Meta's usage headers or a throttle error (4/17/32/613/80002) stop one account for a
 * while. A pause covers a scope — `sends` (every sending class) or `reads` (the Conversations
 * API) — and lives in the same limiter store, so all instances honour it; so does the count of
 * consecutive throttles, so the backoff grows with every instance's throttles, not one's.
 */
import { RATE_LIMITS, type RateLimit, type RateLimitClass } from '@kit/core';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { fullJitter, sleep, type BackoffOptions } from './backoff';
import { exactMs, planBudget, slotKeys, slotOf, type BudgetPlan } from './plan';
import { memoryRateLimiter, type RateLimitStore } from './stores';

/** Throttles counted per run (backoff reaches its cap long before). */
const MAX_STRIKES = 1000;

export type RateLimitsOption = Partial<Record<RateLimitClass, RateLimit>>;

/** What a pause stops: every sending class, or Conversations API reads. */
export type PauseScope = 'sends' | 'reads';

export const scopeOf = (cls: RateLimitClass): PauseScope => (cls === 'conversations' ? 'reads' : 'sends');

export interface AccountLimitsOptions {
  /** Per-class overrides of core's RATE_LIMITS. */
  limits?: RateLimitsOption;
  /** Where counters and pauses live. Default in memory. */
  store?: RateLimitStore;
  /** Backoff after throttle errors; the n-th consecutive throttle pauses up to base · 2ⁿ. Default 1 s … 60 s. */
  throttle?: BackoffOptions;
  random?: () => number;
}

interface Budget {
  plan: BudgetPlan;
  limiter: RateLimiterAbstract;
  /** Slices: how many slot keys are reused in turn (plan.ts slotKeys). */
  keys: number;
}

export class AccountLimits {
  private readonly budgets = new Map<RateLimitClass, Budget>();
  private readonly pauses: RateLimiterAbstract;
  private readonly chains = new Map<string, Promise<void>>();
  /** Callers queued per account and class (the chain's length), for batched slot takes. */
  private readonly queued = new Map<string, number>();
  /**
   * Slices: points this instance took from the store for a slot and has not handed out yet. A
   * credit is used only while its slot lasts (later it is dropped, never carried over), so it
   * counts exactly like a point taken at that moment: the budget holds across instances.
   */
  private readonly credits = new Map<string, { slot: number; n: number }>();
  /** Consecutive throttles per account, counted in the limiter store so every instance backs off together. */
  private readonly strikes: RateLimiterAbstract;
  /** Accounts this instance saw throttled or paused: only those need their strikes cleared on success. */
  private readonly struck = new Set<string>();
  private readonly throttle: BackoffOptions;
  private readonly random: () => number;
  private readonly store: RateLimitStore;
  private readonly resolutionMs: number;
  private ready: Promise<void> | null = null;

  constructor(options: AccountLimitsOptions = {}) {
    const store = (this.store = options.store ?? memoryRateLimiter());
    this.resolutionMs = Math.max(1, Math.ceil(store.resolutionMs ?? 1));
    for (const [cls, fallback] of Object.entries(RATE_LIMITS) as [RateLimitClass, RateLimit][]) {
      const limit = options.limits?.[cls] ?? fallback;
      if (!(limit.limit >= 1) || !(limit.intervalMs > 0)) throw new TypeError(`createKitProxy: rateLimits.${cls} needs limit ≥ 1 and intervalMs > 0.`);
      const plan = planBudget(limit, this.resolutionMs);
      // Slices: the slot ends the window, the key's (whole-second) expiry only cleans up.
      // Tokens: the expiry is the window, already a multiple of the store's resolution.
      const { ttlSeconds, keys } = slotKeys(plan);
      const spec =
        plan.kind === 'slices'
          ? { keyPrefix: `kit_limit_${cls}`, points: plan.points, duration: ttlSeconds }
          : { keyPrefix: `kit_limit_${cls}`, points: 1, duration: plan.durationMs / 1000 };
      this.budgets.set(cls, { plan, limiter: store.limiter(spec), keys });
    }
    this.pauses = store.limiter({ keyPrefix: 'kit_limit_pause', points: 1, duration: 1 });
    // A run of throttles is remembered for 10 minutes after the last one (then the next starts over).
    this.strikes = store.limiter({ keyPrefix: 'kit_limit_strikes', points: MAX_STRIKES, duration: 600 });
    this.throttle = options.throttle ?? { baseMs: 1000, capMs: 60_000 };
    this.random = options.random ?? Math.random;
    // Prepared at once, so the first call does not wait for it; a failure (database down at
    // start-up) is reported by the first acquire and tried again by the next one.
    void this.prepare().catch(() => undefined);
  }

  private prepare(): Promise<void> {
    this.ready ??= (this.store.ready?.() ?? Promise.resolve()).catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  /** Waits (FIFO per account and class) until one call may go out, then counts it. */
  acquire(accountId: string, cls: RateLimitClass, signal?: AbortSignal): Promise<void> {
    const key = `${cls}\u0000${accountId}`;
    const previous = this.chains.get(key) ?? Promise.resolve();
    this.queued.set(key, (this.queued.get(key) ?? 0) + 1);
    const mine = previous.then(() => {
      const left = (this.queued.get(key) ?? 1) - 1;
      if (left > 0) this.queued.set(key, left);
      else this.queued.delete(key);
      return this.take(accountId, cls, signal, key);
    });
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

  private async take(accountId: string, cls: RateLimitClass, signal: AbortSignal | undefined, key: string): Promise<void> {
    await this.prepare();
    const { plan, limiter, keys } = this.budgets.get(cls)!;
    const scope = scopeOf(cls);
    for (;;) {
      signal?.throwIfAborted();
      if (plan.kind === 'slices') {
        // A point left from this slot's batch: no store call (the pause was checked for the batch).
        const credit = this.credits.get(key);
        if (credit && credit.n > 0 && credit.slot === slotOf(plan, Date.now())) {
          credit.n--;
          return;
        }
        this.credits.delete(key);
      }
      const paused = await this.pausedFor(accountId, scope);
      if (paused > 0) {
        this.struck.add(accountId);
        await sleep(paused, signal);
        continue;
      }
      if (plan.kind === 'slices') {
        // This caller and the ones queued behind it take their points in one store call: with a
        // shared store one round trip (and one row lock) per batch instead of per send, which
        // was the ceiling of sends per second per instance.
        const want = Math.min(1 + (this.queued.get(key) ?? 0), plan.points);
        const got = await takeSlots(limiter, accountId, plan.durationMs, keys, want);
        if (got.n > 0) {
          if (got.n > 1) this.credits.set(key, { slot: got.slot, n: got.n - 1 });
          return;
        }
        await sleep(Math.max(1, got.waitMs), signal);
        continue;
      }
      const waitMs = await this.takeToken(limiter, accountId, plan.tokens);
      if (waitMs === 0) return;
      await sleep(Math.max(1, waitMs), signal);
    }
  }

  /** Takes the first free token; 0 when taken, else how long until the soonest one frees up. */
  private async takeToken(limiter: RateLimiterAbstract, accountId: string, tokens: number): Promise<number> {
    let soonest = Infinity;
    for (let i = 0; i < tokens; i++) {
      const waitMs = await consumeOrWait(limiter, `${accountId}#${i}`);
      if (waitMs === 0) return 0;
      soonest = Math.min(soonest, waitMs);
    }
    return soonest;
  }

  /** ms until the account may call in this scope again (0 = not paused). */
  async pausedFor(accountId: string, scope: PauseScope = 'sends'): Promise<number> {
    const r = await this.pauses.get(`${scope}:${accountId}`);
    return r && r.consumedPoints > 1 ? r.msBeforeNext : 0;
  }

  /** Stop every call of the account in this scope for `ms` (never shortens a longer pause). */
  async pause(accountId: string, ms: number, scope: PauseScope = 'sends'): Promise<void> {
    if (!(ms > 0)) return;
    if ((await this.pausedFor(accountId, scope)) >= ms) return;
    // Rounded up to what the store keeps exactly (Redis: whole seconds; shorter would never expire).
    const stored = Math.ceil(exactMs(ms) / this.resolutionMs) * this.resolutionMs;
    await this.pauses.block(`${scope}:${accountId}`, stored / 1000);
  }

  /** Meta throttled the account's sends (4/17/32/613/80002…): pause with exponential backoff and full jitter. */
  async throttled(accountId: string): Promise<number> {
    this.struck.add(accountId);
    let n: number;
    try {
      n = (await this.strikes.consume(accountId)).consumedPoints - 1;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      n = MAX_STRIKES; // far past the cap anyway
    }
    const ms = Math.max(1, fullJitter(n, this.throttle, this.random));
    await this.pause(accountId, ms);
    return ms;
  }

  /** A send went through: the next throttle starts the backoff from the beginning. */
  recovered(accountId: string): void {
    // Only after a throttle or pause this instance saw: a store call per successful send would cost more than it saves.
    if (!this.struck.delete(accountId)) return;
    void this.strikes.delete(accountId).catch(() => undefined);
  }
}

/**
 * Takes up to `want` points of the current slot in one call: `n` taken (when the slot had fewer
 * left, the ones that fitted — the store counts a refused consume's points too, so the rest of
 * the slot is spent, never exceeded), else the ms until the next slot starts.
 */
async function takeSlots(limiter: RateLimiterAbstract, accountId: string, slotMs: number, keys: number, want: number): Promise<{ n: number; slot: number; waitMs: number }> {
  const slot = slotOf({ durationMs: slotMs }, Date.now());
  try {
    await limiter.consume(`${accountId}@${slot % keys}`, want);
    return { n: want, slot, waitMs: 0 };
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const fit = Math.max(0, Math.min(want, want - (err.consumedPoints - limiter.points)));
    return { n: fit, slot, waitMs: fit > 0 ? 0 : Math.max(1, (slot + 1) * slotMs - Date.now()) };
  }
}

/** 0 when the point was consumed, else the ms until the limiter has room again. */
async function consumeOrWait(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    return Math.max(1, err.msBeforeNext);
  }
}
