/**
 * How one of Meta's budgets ("at most `limit` calls in any `intervalMs`", a sliding window) is
 * kept with rate-limiter-flexible, whose limiters count in fixed windows. A fixed window of
 * `limit` points lets 2 × limit through around a window boundary, which Meta (and the sandbox)
 * refuse. Two exact ways, and the plan picks the faster one:
 *
 * - slices: time is cut into consecutive slots of (interval + margin) / n, numbered from the
 *   epoch (`slotOf`), and slot k counts on its own key with ⌊limit / (n + 1)⌋ points. Any sliding
 *   interval overlaps at most n + 1 slots, so it never sees more than `limit` calls; the steady
 *   rate stays close to the limit for large limits (100/s → 95/s, 10/s → 9/s) but halves small
 *   ones (2/s → 1 per 1.1 s). The slot, not the store's expiry, ends a window, so slots of a few
 *   milliseconds work on every store: the key's expiry only has to outlive its slot and is a
 *   whole number of seconds (`slotKeys`), which rate-limiter-flexible's stores all keep as given
 *   (Redis sets expiries with EX in whole seconds; Postgres keeps them in a BIGINT column).
 *   Instances on different machines number slots by their own clocks: skew must stay below half
 *   the margin (NTP keeps it at a few milliseconds).
 * - tokens: `limit` keys of one point each, every key reusable (interval + margin) after it was
 *   taken. Each token is used at most once in any interval, so at most `limit` calls pass, at the
 *   full rate (2/s → 2 per 1.1 s). Here the store's expiry IS the window, so its duration is
 *   rounded up to what the store keeps exactly (`resolutionMs`: 1 ms, Redis 1 s — on Redis 2/s
 *   runs at 2 per 2 s). Taking one may try every key, so tokens are only used for small limits
 *   (≤ MAX_TOKENS), where slices lose the most.
 *
 * The margin (10 %, at most 100 ms) absorbs network jitter between our clock and Meta's.
 */
import type { RateLimit } from '@kit/core';

/** Above this many tokens a plan uses slices (a token take costs up to this many store calls). */
export const MAX_TOKENS = 4;

/**
 * `durationMs`: a slot's length (slices) or a token's reuse time (tokens). `perInterval`: calls
 * the plan lets through per (interval + margin) at its steady rate.
 */
export type BudgetPlan =
  | { kind: 'slices'; points: number; durationMs: number; perInterval: number }
  | { kind: 'tokens'; tokens: number; durationMs: number; perInterval: number };

/**
 * The smallest whole number of milliseconds ≥ `ms` whose seconds value converts back exactly
 * (`(s / 1000) * 1000 === ms`). rate-limiter-flexible takes durations in seconds and stores
 * `Date.now() + seconds * 1000`; RateLimiterPostgres keeps that in a BIGINT column, which refuses
 * 1100.0000000000002 — so every duration we hand it must survive the round trip.
 */
export function exactMs(ms: number): number {
  let whole = Math.max(1, Math.ceil(ms));
  while ((whole / 1000) * 1000 !== whole) whole++;
  return whole;
}

/** The fixed-window slicing that keeps a sliding-window limit (see the module comment). */
export function sliceLimit(limit: RateLimit, maxSlices = 20): { points: number; sliceMs: number; perInterval: number } {
  const span = spanOf(limit);
  let best = { n: 1, points: Math.max(1, Math.floor(limit.limit / 2)) };
  for (let n = 1; n <= maxSlices; n++) {
    const points = Math.floor(limit.limit / (n + 1));
    if (points >= 1 && points * n > best.points * best.n) best = { n, points };
  }
  return { points: best.points, sliceMs: exactMs(span / best.n), perInterval: best.points * best.n };
}

/**
 * The plan for one budget: tokens for small limits when they are faster than slices, slices
 * otherwise. `resolutionMs` is the store's expiry granularity (RateLimitStore.resolutionMs).
 */
export function planBudget(limit: RateLimit, resolutionMs = 1): BudgetPlan {
  const slices = sliceLimit(limit);
  const span = spanOf(limit);
  const tokenMs = Math.ceil(exactMs(span) / resolutionMs) * resolutionMs;
  const tokensPerInterval = Math.floor((limit.limit * span) / tokenMs);
  if (limit.limit <= MAX_TOKENS && limit.limit / tokenMs > slices.points / slices.sliceMs) {
    return { kind: 'tokens', tokens: limit.limit, durationMs: tokenMs, perInterval: tokensPerInterval };
  }
  return { kind: 'slices', points: slices.points, durationMs: slices.sliceMs, perInterval: slices.perInterval };
}

/** The slot a slices plan counts `now` in (slots are numbered from the epoch). */
export function slotOf(plan: { durationMs: number }, now: number): number {
  return Math.floor(now / plan.durationMs);
}

/**
 * How a slices plan keys its slots: the key's expiry in whole seconds (outlives its slot plus
 * clock skew between instances) and how many keys are reused in turn (slot k counts on key
 * k mod `keys`), so a store holds a bounded number of rows per account instead of one per slot.
 * A key is taken up again only after its previous window has expired, even when it was first
 * used at the very end of its slot by an instance whose clock runs `SKEW_MS` behind.
 */
export function slotKeys(plan: { durationMs: number }): { ttlSeconds: number; keys: number } {
  const ttlSeconds = Math.ceil(plan.durationMs / 1000) + 1;
  return { ttlSeconds, keys: Math.ceil((ttlSeconds * 1000 + 2 * SKEW_MS) / plan.durationMs) + 2 };
}

/** Clock skew between instances that slots tolerate (half the largest margin). */
export const SKEW_MS = 50;

function spanOf(limit: RateLimit): number {
  return limit.intervalMs + Math.min(100, limit.intervalMs * 0.1);
}
