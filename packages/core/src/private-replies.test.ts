import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, PRIVATE_REPLY_WINDOW_MS, RATE_LIMITS } from './limits';
import { commentNeedsReply, followUpState, privateReplyDeadline, privateReplyPolicy, privateReplySpent } from './private-replies';
import type { KitComment } from './types';

const T0 = 1_790_000_000_000;
const comment = (over: Partial<KitComment> = {}): KitComment => ({
  id: '17900000000000001',
  accountId: '17841400000000001',
  source: 'comment',
  mediaId: '17800000000000001',
  from: { id: '6543210987654321', username: 'giulia' },
  fromSelf: false,
  text: 'price?',
  createdAt: T0,
  ...over,
});

describe('privateReplyPolicy', () => {
  it('allows a fresh comment and counts it against 750 per hour', () => {
    const p = privateReplyPolicy(comment(), T0 + HOUR_MS);
    expect(p).toEqual({ allowed: true, rateClass: 'privateReplies', deadline: T0 + 7 * DAY_MS });
    expect(RATE_LIMITS.privateReplies).toEqual({ limit: 750, intervalMs: HOUR_MS });
  });

  it('allows one message per comment: queued, sending, sent and uncertain spend it; failed does not', () => {
    for (const status of ['queued', 'sending', 'sent', 'uncertain'] as const) {
      const p = privateReplyPolicy(comment({ privateReply: { clientId: 'c1', status, at: T0 } }), T0 + 1);
      expect(p).toMatchObject({ allowed: false, code: 'private_reply_already_sent', category: 'duplicate' });
    }
    expect(privateReplyPolicy(comment({ privateReply: { clientId: 'c1', status: 'failed', at: T0 } }), T0 + 1).allowed).toBe(true);
    expect(privateReplySpent(undefined)).toBe(false);
  });

  it('ends exactly 7 days after the comment', () => {
    expect(privateReplyPolicy(comment(), T0 + PRIVATE_REPLY_WINDOW_MS - 1).allowed).toBe(true);
    expect(privateReplyPolicy(comment(), T0 + PRIVATE_REPLY_WINDOW_MS)).toMatchObject({ allowed: false, code: 'comment_too_old', category: 'window' });
  });

  it('treats a comment from the future (clock skew) as just written', () => {
    expect(privateReplyPolicy(comment({ createdAt: T0 + HOUR_MS }), T0).allowed).toBe(true);
  });

  it('answers Live comments only during the broadcast, at 100 per second', () => {
    const live = comment({ source: 'live_comment', media: { id: 'L1', kind: 'live' } });
    expect(privateReplyPolicy(live, T0 + 1)).toMatchObject({ allowed: true, rateClass: 'privateRepliesLive' });
    expect(RATE_LIMITS.privateRepliesLive).toEqual({ limit: 100, intervalMs: 1000 });
    const ended = comment({ source: 'live_comment', media: { id: 'L1', kind: 'live', liveEndedAt: T0 + 10 } });
    expect(privateReplyPolicy(ended, T0 + 9).allowed).toBe(true);
    expect(privateReplyDeadline(ended)).toBe(T0 + 10);
    expect(privateReplyPolicy(ended, T0 + 10)).toMatchObject({ allowed: false, code: 'live_ended' });
  });

  it('refuses mentions on other people\'s media, the business\'s own comments and deleted comments', () => {
    expect(privateReplyPolicy(comment({ source: 'mention' }), T0)).toMatchObject({ allowed: false, code: 'comment_not_answerable' });
    expect(privateReplyPolicy(comment({ fromSelf: true }), T0)).toMatchObject({ allowed: false, code: 'comment_not_answerable' });
    expect(privateReplyPolicy(comment({ deleted: true }), T0)).toMatchObject({ allowed: false, code: 'comment_not_answerable' });
  });
});

describe('followUpState', () => {
  it('waits for the person to answer a private reply, then follows the window rules', () => {
    const privateReplyAt = T0;
    expect(followUpState({ privateReplyAt, now: T0 + 1 })).toBe('awaiting_answer');
    expect(followUpState({ privateReplyAt, lastInboundAt: T0 + HOUR_MS, now: T0 + 2 * HOUR_MS })).toBe('window_rules');
    expect(followUpState({ now: T0 })).toBe('window_rules');
  });

  it('an earlier message that still holds the 24 h window open lets the business write; an older one does not', () => {
    expect(followUpState({ privateReplyAt: T0, lastInboundAt: T0 - HOUR_MS, now: T0 + HOUR_MS })).toBe('window_rules');
    expect(followUpState({ privateReplyAt: T0, lastInboundAt: T0 - 2 * DAY_MS, now: T0 + HOUR_MS })).toBe('awaiting_answer');
  });
});

describe('commentNeedsReply', () => {
  it('is true for a customer comment nobody answered, false once answered, hidden, deleted, or written by the business', () => {
    expect(commentNeedsReply(comment())).toBe(true);
    expect(commentNeedsReply(comment({ privateReply: { clientId: 'c', status: 'queued', at: T0 } }))).toBe(false);
    expect(commentNeedsReply(comment({ privateReply: { clientId: 'c', status: 'failed', at: T0 } }))).toBe(true);
    expect(commentNeedsReply(comment({ publicReplyAt: T0 }))).toBe(false);
    expect(commentNeedsReply(comment({ hidden: true }))).toBe(false);
    expect(commentNeedsReply(comment({ deleted: true }))).toBe(false);
    expect(commentNeedsReply(comment({ fromSelf: true }))).toBe(false);
  });
});
