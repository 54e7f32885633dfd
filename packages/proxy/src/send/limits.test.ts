/**
 * The send budgets: fixed-window slicing must never exceed a sliding-window limit, waiting is
 * per account, and pauses/throttles stop an account without touching another. Plus the small
 * pure helpers (full jitter, usage headers).
 */
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '@kit/core';
import { fullJitter } from './backoff';
import { SendLimits, sliceLimit } from './limits';
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

describe('SendLimits', () => {
  it('paces one account to its limit while another account is not delayed', async () => {
    const limits = new SendLimits({ overrides: { text: { limit: 10, intervalMs: 200 } } });
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
    const limits = new SendLimits({ throttle: { baseMs: 100, capMs: 1000 }, random: () => 0.999 });
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

  it('aborts a wait when the worker shuts down', async () => {
    const limits = new SendLimits();
    await limits.pause('a', 10_000);
    const ctl = new AbortController();
    const p = limits.acquire('a', 'text', ctl.signal);
    ctl.abort(new Error('closing'));
    await expect(p).rejects.toThrow('closing');
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
