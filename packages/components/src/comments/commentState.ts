/**
 * What the comments view shows about one comment, from @kit/core's rules: the badges (answered
 * in private or in public, hidden, sending, failed) and whether "Reply privately" is possible now
 * — with the reason when it is not (one per comment, 7 days, Live only while it runs, mentions,
 * the business's own and deleted comments). Pure, so the rules' edges are tested without React.
 */
import { privateReplyPolicy, privateReplySpent, type KitComment, type Millis } from '@kit/core';
import type { KitCommentsKey } from '../i18n/comments';

export type CommentBadge = 'waiting' | 'hidden' | 'repliedPrivately' | 'privateSending' | 'privateFailed' | 'repliedPublicly' | 'yours';

export type PrivateReplyAvailability = { allowed: true; deadline: Millis } | { allowed: false; code: string; why: KitCommentsKey };

export interface CommentView {
  badges: CommentBadge[];
  privateReply: PrivateReplyAvailability;
  /** Replying and hiding in public: not for mentions on others' posts or deleted comments. */
  canActPublicly: boolean;
  /** Hide / show again: not for the business's own comments either. */
  canHide: boolean;
  /** The conversation the private reply opened, once there is one. */
  conversationId?: string;
}

export function commentView(c: KitComment, now: Millis): CommentView {
  const badges: CommentBadge[] = [];
  const p = c.privateReply;
  if (c.fromSelf) badges.push('yours');
  if (p?.status === 'sent') badges.push('repliedPrivately');
  else if (p?.status === 'failed') badges.push('privateFailed');
  else if (p) badges.push('privateSending');
  if (c.publicReplyAt !== undefined) badges.push('repliedPublicly');
  if (c.hidden) badges.push('hidden');
  if (badges.length === 0 && !c.deleted) badges.push('waiting');

  const policy = privateReplyPolicy(c, now);
  let privateReply: PrivateReplyAvailability;
  if (policy.allowed) privateReply = { allowed: true, deadline: policy.deadline };
  else {
    const why: KitCommentsKey =
      policy.code !== 'comment_not_answerable'
        ? (`comments.why.${policy.code}` as KitCommentsKey)
        : c.source === 'mention'
          ? 'comments.why.mention'
          : c.fromSelf
            ? 'comments.why.own'
            : 'comments.why.deleted';
    privateReply = { allowed: false, code: policy.code, why };
  }
  const canActPublicly = c.source !== 'mention' && !c.deleted;
  return {
    badges,
    privateReply,
    canActPublicly,
    canHide: canActPublicly && !c.fromSelf,
    ...(privateReplySpent(p) && c.conversationId ? { conversationId: c.conversationId } : {}),
  };
}
