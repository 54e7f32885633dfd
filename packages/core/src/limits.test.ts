import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  HUMAN_AGENT_WINDOW_MS,
  IMAGES_PER_MESSAGE_MAX,
  RATE_LIMITS,
  SECOND_MS,
  SNIFF_HEAD_BYTES,
  STANDARD_WINDOW_MS,
  TEXT_MAX_BYTES,
  WEBHOOK_DEDUPE_TTL_MS,
} from './limits';

describe('limits', () => {
  it('holds the reference numbers', () => {
    expect(TEXT_MAX_BYTES).toBe(1000); // §1.4
    expect(IMAGES_PER_MESSAGE_MAX).toBe(10); // §1.5
    expect(STANDARD_WINDOW_MS).toBe(24 * HOUR_MS); // §2.1
    expect(HUMAN_AGENT_WINDOW_MS).toBe(7 * DAY_MS); // §2.2
    expect(WEBHOOK_DEDUPE_TTL_MS).toBeGreaterThanOrEqual(36 * HOUR_MS); // §5.3
    expect(SNIFF_HEAD_BYTES).toBe(4096);
  });

  it('defaults rate limits to the safe side of §3.1', () => {
    const perSecond = (rateClass: keyof typeof RATE_LIMITS) => (RATE_LIMITS[rateClass].limit * SECOND_MS) / RATE_LIMITS[rateClass].intervalMs;
    expect(perSecond('text')).toBe(100);
    expect(perSecond('reactions')).toBe(100);
    expect(perSecond('stickers')).toBe(100);
    expect(perSecond('media')).toBe(10);
    expect(perSecond('conversations')).toBe(2);
    expect(perSecond('privateRepliesLive')).toBe(100);
    expect(RATE_LIMITS.privateReplies).toEqual({ limit: 750, intervalMs: HOUR_MS });
  });
});
