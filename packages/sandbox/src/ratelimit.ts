/**
 * Per-account Graph rate limits (reference §3.1) with the limits from @kit/core's RATE_LIMITS, so
 * the proxy's throttle and the sandbox's enforcement agree. Sliding window over the sandbox clock.
 * Also builds the `X-Business-Use-Case-Usage` header (reference §3.2) sent on every response.
 */

import { RATE_LIMITS, type RateLimitClass } from '@kit/core';
import type { SandboxAccount } from './types';

const SEND_CLASSES: readonly RateLimitClass[] = ['text', 'reactions', 'stickers', 'media'];

export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.calls.clear();
  }

  private window(accountId: string, cls: RateLimitClass): number[] {
    const key = `${accountId}|${cls}`;
    let list = this.calls.get(key);
    if (!list) {
      list = [];
      this.calls.set(key, list);
    }
    const cutoff = this.now() - RATE_LIMITS[cls].intervalMs;
    while (list.length > 0 && (list[0] as number) <= cutoff) list.shift();
    return list;
  }

  /** Count one call; false when the account is over its limit for the class (the call is refused and not counted). */
  take(accountId: string, cls: RateLimitClass): boolean {
    const list = this.window(accountId, cls);
    if (list.length >= RATE_LIMITS[cls].limit) return false;
    list.push(this.now());
    return true;
  }

  /**
   * Highest usage of the Send API classes, in percent of the limit. The Conversations API's 2/s is
   * left out on purpose: it is enforced on its own (613 on the read), and folding it in would make
   * every send look throttled after two history reads — a proxy that honours the header would then
   * pause all sends of the account.
   */
  usagePercent(accountId: string): number {
    let max = 0;
    for (const cls of SEND_CLASSES) {
      max = Math.max(max, (this.window(accountId, cls).length / RATE_LIMITS[cls].limit) * 100);
    }
    return Math.min(100, Math.round(max));
  }

  /** `X-Business-Use-Case-Usage` value for the account (reference §3.2). */
  bucHeader(account: SandboxAccount, throttled = false): string {
    // A response that was itself refused for the rate limit reports the account at 100 %.
    const pct = throttled ? 100 : this.usagePercent(account.id);
    return JSON.stringify({
      [account.id]: [
        {
          type: account.flavor === 'page' ? 'messenger' : 'instagram',
          call_count: pct,
          total_cputime: Math.round(pct / 4),
          total_time: Math.round(pct / 4),
          estimated_time_to_regain_access: pct >= 100 ? 1 : 0,
        },
      ],
    });
  }
}
