/**
 * The call budgets: the plans (slices, tokens) never exceed a sliding-window limit, waiting is per
 * account, and pauses/throttles stop one account's scope without touching another. Plus the
 * small pure helpers (full jitter, usage headers).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '@kit/core';
import { fullJitter } from './backoff';
import { AccountLimits } from './account-limits';
import { exactMs, planBudget, sliceLimit } from './plan';
import { sqliteRateLimiter } from './stores';
import { parseUsageHeaders, usagePauseMs } from './usage-headers';

/** Max calls in any window of `interval` ms over sorted times. */
function maxInWindow(times: number[], interval: number): number {
  let max = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= interval) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

describe('sliceLimit', () => {
  it.each(Object.entries(RATE_LIMITS))('%s: any sliding interval holds at most the limit, at ≥ 80 %% of it', (_cls, limit) => {
    const s = sliceLimit(limit);
    expect(s.points).toBeGreaterThanOrEqual(1);
    // Worst case: every slice filled at its very start and very end.
    const times: number[] = [];
    for (let k = 0; k < 60; k++) {
      const start = k * s.sliceMs;
      for (let p = 0; p < s.points; p++) times.push(p % 2 ? start + s.sliceMs - 0.001 : start);
    }
    times.sort((a, b) => a - b);
    expect(maxInWindow(times, limit.intervalMs)).toBeLessThanOrEqual(limit.limit);
    if (limit.limit >= 5) expect(s.perInterval).toBeGreaterThanOrEqual(0.8 * limit.limit);
  });
});

describe('AccountLimits', () => {
  it('paces one account to its limit while another account is not delayed', async () => {
    const limits = new AccountLimits({ limits: { text: { limit: 10, intervalMs: 200 } } });
    const times: number[] = [];
    const t0 = Date.now();
    const busy = Promise.all(Array.from({ length: 30 }, () => limits.acquire('a', 'text').then(() => times.push(Date.now() - t0))));
    const other = Date.now();
    await limits.acquire('b', 'text');
    expect(Date.now() - other).toBeLessThan(150);
    await busy;
    times.sort((x, y) => x - y);
    expect(maxInWindow(times, 200)).toBeLessThanOrEqual(10);
    expect(times.at(-1)).toBeGreaterThanOrEqual(400); // 30 calls at ≤ 10 per 200 ms need ≥ 2 more windows
  });

  it('pauses one account (never shortening a longer pause) and backs off throttles with growing ceilings', async () => {
    const limits = new AccountLimits({ throttle: { baseMs: 100, capMs: 1000 }, random: () => 0.999 });
    await limits.pause('a', 300);
    await limits.pause('a', 50);
    expect(await limits.pausedFor('a')).toBeGreaterThan(200);
    expect(await limits.pausedFor('b')).toBe(0);
    const t0 = Date.now();
    await limits.acquire('b', 'media');
    expect(Date.now() - t0).toBeLessThan(150);
    const waited = Date.now();
    await limits.acquire('a', 'media');
    expect(Date.now() - waited).toBeGreaterThanOrEqual(200);

    const first = await limits.throttled('c');
    const second = await limits.throttled('c');
    const third = await limits.throttled('c');
    expect([first, second, third]).toEqual([99, 199, 399]);
    limits.recovered('c');
    expect(await limits.throttled('c')).toBe(99);
  });

  it('counts throttles in the shared limiter store, so instances back off together', async () => {
    // Two processes' stores on one file (the way postgresRateLimiter shares one database).
    const file = join(mkdtempSync(join(tmpdir(), 'kit-strikes-')), 'limits.db');
    const options = { throttle: { baseMs: 100, capMs: 1000 }, random: () => 0.999 };
    const one = new AccountLimits({ ...options, store: sqliteRateLimiter({ file }) });
    const two = new AccountLimits({ ...options, store: sqliteRateLimiter({ file }) });
    expect([await one.throttled('c'), await two.throttled('c'), await one.throttled('c')]).toEqual([99, 199, 399]);
    expect(await two.pausedFor('c'), 'the pause is shared too').toBeGreaterThan(0);
    // A send on the other instance went through: the run of throttles is over for both.
    two.recovered('c');
    expect(await one.throttled('c')).toBe(99);
  });

  it('aborts a wait when the worker shuts down', async () => {
    const limits = new AccountLimits();
    await limits.pause('a', 10_000);
    const ctl = new AbortController();
    const p = limits.acquire('a', 'text', ctl.signal);
    ctl.abort(new Error('closing'));
    await expect(p).rejects.toThrow('closing');
  });
});

describe('planBudget', () => {
  it('keeps small limits at their full rate with tokens, and large ones with slices', () => {
    expect(planBudget(RATE_LIMITS.conversations)).toEqual({ kind: 'tokens', tokens: 2, durationMs: 1100, perInterval: 2 });
    expect(planBudget(RATE_LIMITS.text)).toMatchObject({ kind: 'slices', perInterval: 95 });
    expect(planBudget(RATE_LIMITS.media)).toMatchObject({ kind: 'slices', perInterval: 9 });
    expect(planBudget({ limit: 1, intervalMs: 1000 })).toMatchObject({ kind: 'slices', points: 1 });
  });

  it('hands rate-limiter-flexible only durations whose seconds convert back to whole milliseconds', () => {
    // RateLimiterPostgres stores Date.now() + seconds * 1000 in a BIGINT column.
    expect((1001 / 1000) * 1000).not.toBe(1001);
    expect(exactMs(1001)).toBe(1002);
    expect(exactMs(1100 / 3)).toBe(367);
    for (const limit of [...Object.values(RATE_LIMITS), { limit: 7, intervalMs: 1001 }, { limit: 3, intervalMs: 2_345 }]) {
      const ms = planBudget(limit).durationMs;
      expect(Number.isInteger(ms) && (ms / 1000) * 1000 === ms).toBe(true);
    }
  });
});

describe('AccountLimits reads', () => {
  it('lets Conversations API reads through at 2 per 1.1 s and never 3 in any second', async () => {
    const limits = new AccountLimits();
    const t0 = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limits.acquire('a', 'conversations').then(() => times.push(Date.now() - t0))));
    times.sort((x, y) => x - y);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(2);
    expect(times.slice(0, 2).every((t) => t < 150)).toBe(true); // both tokens at once, not 1 per slice
    expect(times.at(-1)).toBeGreaterThanOrEqual(2000);
  });

  it('pauses reads and sends separately', async () => {
    const limits = new AccountLimits();
    await limits.pause('a', 5_000, 'reads');
    expect(await limits.pausedFor('a', 'reads')).toBeGreaterThan(4_000);
    expect(await limits.pausedFor('a')).toBe(0);
    const t0 = Date.now();
    await limits.acquire('a', 'text');
    expect(Date.now() - t0).toBeLessThan(150);
    const ctl = new AbortController();
    const read = limits.acquire('a', 'conversations', ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(read).rejects.toThrow('stop');
  });
});

describe('fullJitter', () => {
  it('stays within [0, min(cap, base·2ⁿ)) and uses the whole range', () => {
    const o = { baseMs: 100, capMs: 1000 };
    expect(fullJitter(0, o, () => 0)).toBe(0);
    expect(fullJitter(0, o, () => 0.999)).toBe(99);
    expect(fullJitter(3, o, () => 0.5)).toBe(400);
    expect(fullJitter(10, o, () => 0.999)).toBe(999);
  });
});

describe('usage headers (reference §3.2)', () => {
  it('reads BUC and app usage, Meta’s regain estimate in minutes, and ignores junk', () => {
    const h = new Headers({
      'x-business-use-case-usage': JSON.stringify({ '1784': [{ type: 'instagram', call_count: 42, total_cputime: 7, total_time: 96, estimated_time_to_regain_access: 0 }] }),
      'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":5}',
    });
    expect(parseUsageHeaders(h)).toEqual({ maxPercent: 96, regainMs: 0 });
    expect(usagePauseMs(parseUsageHeaders(h), 60_000)).toBe(0);
    const blocked = { 'X-Business-Use-Case-Usage': JSON.stringify({ a: [{ call_count: 100, estimated_time_to_regain_access: 3 }], b: 'junk' }) };
    expect(parseUsageHeaders(blocked)).toEqual({ maxPercent: 100, regainMs: 180_000 });
    expect(usagePauseMs(parseUsageHeaders(blocked), 60_000)).toBe(180_000);
    expect(usagePauseMs(parseUsageHeaders({ 'x-app-usage': '{"call_count":100}' }), 60_000)).toBe(60_000);
    expect(parseUsageHeaders({ 'x-app-usage': 'not json', 'x-page-usage': '[1,2]' })).toEqual({ maxPercent: 0, regainMs: 0 });
  });
});
