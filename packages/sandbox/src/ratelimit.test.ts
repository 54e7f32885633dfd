import { describe, expect, it } from 'vitest';
import { RateLimiter } from './ratelimit';
import type { SandboxAccount } from './types';

const account = { id: 'page-1', flavor: 'page' } as SandboxAccount;
const usage = (limiter: RateLimiter, throttled = false) =>
  (JSON.parse(limiter.bucHeader(account, throttled)) as Record<string, { call_count: number; estimated_time_to_regain_access: number }[]>)[account.id]?.[0];

describe('X-Business-Use-Case-Usage', () => {
  it('reports Send API usage; history reads at their own 2/s limit do not make sends look throttled', () => {
    const limiter = new RateLimiter(() => 1_000);
    expect(limiter.take(account.id, 'conversations')).toBe(true);
    expect(limiter.take(account.id, 'conversations')).toBe(true);
    expect(limiter.take(account.id, 'conversations')).toBe(false); // the read itself is refused (613)
    expect(usage(limiter)).toMatchObject({ call_count: 0, estimated_time_to_regain_access: 0 });

    for (let i = 0; i < 5; i++) limiter.take(account.id, 'media');
    expect(usage(limiter)?.call_count).toBe(50); // 5 of 10/s
  });

  it('reports 100 % with a time to regain access on a response that was refused for the rate limit', () => {
    const limiter = new RateLimiter(() => 1_000);
    expect(usage(limiter, true)).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 1 });
  });
});

describe('private replies', () => {
  it('holds 750 private replies per hour per account (post and reel comments), counted apart from text', () => {
    let now = 1_000;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 750; i++) expect(limiter.take(account.id, 'privateReplies')).toBe(true);
    expect(limiter.take(account.id, 'privateReplies')).toBe(false);
    expect(limiter.take(account.id, 'text')).toBe(true);
    now += 3_600_000 - 1;
    expect(limiter.take(account.id, 'privateReplies')).toBe(false);
    now += 1;
    expect(limiter.take(account.id, 'privateReplies')).toBe(true);
  });
});
