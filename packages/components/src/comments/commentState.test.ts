import { DAY_MS } from '@kit/core';
import { describe, expect, it } from 'vitest';
import { comment, EVERY_STATE, LIVE, WAITING } from '../test/commentsFixtures';
import { STORY_NOW } from '../test/StoryKit';
import { commentView } from './commentState';

const byUser = (u: string) => EVERY_STATE.find((c) => c.from.username === u)!;

describe('commentView: what a comment shows, from core\'s private-reply rules', () => {
  it('a fresh comment waits and may be answered in private until 7 days after it', () => {
    expect(commentView(WAITING, STORY_NOW)).toEqual({ badges: ['waiting'], privateReply: { allowed: true, deadline: WAITING.createdAt + 7 * DAY_MS }, canActPublicly: true, canHide: true });
  });

  it('names the rule that refuses a private reply', () => {
    expect(commentView(byUser('lukas.b'), STORY_NOW)).toMatchObject({ badges: ['repliedPrivately'], privateReply: { allowed: false, why: 'comments.why.private_reply_already_sent' }, conversationId: byUser('lukas.b').conversationId });
    expect(commentView(byUser('anna_k'), STORY_NOW)).toMatchObject({ badges: ['privateSending'], privateReply: { allowed: false, code: 'private_reply_already_sent' } });
    expect(commentView(byUser('sara.m'), STORY_NOW).privateReply).toMatchObject({ allowed: false, why: 'comments.why.comment_too_old' });
    expect(commentView(byUser('elena'), STORY_NOW).privateReply).toMatchObject({ allowed: false, why: 'comments.why.live_ended' });
    expect(commentView(byUser('fashion.blog'), STORY_NOW)).toMatchObject({ privateReply: { allowed: false, why: 'comments.why.mention' }, canActPublicly: false, canHide: false });
    expect(commentView(byUser('bottega.rossi'), STORY_NOW)).toMatchObject({ badges: ['yours'], privateReply: { allowed: false, why: 'comments.why.own' }, canHide: false });
    expect(commentView(comment({ id: '1', deleted: true }), STORY_NOW)).toMatchObject({ badges: [], privateReply: { why: 'comments.why.deleted' }, canActPublicly: false });
  });

  it('a failed private reply gives the one reply back; a Live comment is answerable while the broadcast runs', () => {
    expect(commentView(byUser('marco.v'), STORY_NOW)).toMatchObject({ badges: ['privateFailed'], privateReply: { allowed: true } });
    expect(commentView(byUser('marco.v'), STORY_NOW).conversationId).toBeUndefined();
    const running = comment({ id: '2', source: 'live_comment', media: { ...LIVE, liveEndedAt: STORY_NOW + 60_000 }, mediaId: LIVE.id, createdAt: STORY_NOW - 60_000 });
    expect(commentView(running, STORY_NOW).privateReply).toEqual({ allowed: true, deadline: STORY_NOW + 60_000 });
    expect(commentView(running, STORY_NOW + 60_000).privateReply).toMatchObject({ allowed: false, why: 'comments.why.live_ended' });
  });

  it('several badges at once: answered in public and hidden', () => {
    expect(commentView(comment({ id: '3', publicReplyAt: STORY_NOW, hidden: true }), STORY_NOW).badges).toEqual(['repliedPublicly', 'hidden']);
  });
});
