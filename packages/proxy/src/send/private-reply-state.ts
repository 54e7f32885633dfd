/**
 * The state side of private replies (see private-replies.ts for the whole story): what an outbox
 * row remembers of the comment it answers, the deadline check before delivery, the rate-limit
 * bucket, and mirroring the row's status onto the comment. Kept apart from the accepting side so
 * records.ts and outbox.ts can use it without an import cycle.
 */
import {
  privateReplyDeadline,
  privateReplyPolicy,
  withWindowState,
  type KitComment,
  type KitEvent,
  type KitPrivateReplyState,
  type RateLimitClass,
} from '@kit/core';
import type { OutboxSend, StoreOps } from '../store/types';
import type { PolicyVerdict } from './policy';

/** What the outbox row remembers of the comment it answers. */
export interface PrivateReplyTarget {
  commentId: string;
  live: boolean;
  text?: string;
  mediaId?: string;
  permalink?: string;
  /** The post's thumbnail, for the "replied to your comment" card in the thread. */
  thumbnailUrl?: string;
}

/** The private reply a row is, if it is one (`StoredSendRequest.privateReply`). */
export const privateReplyOf = (s: OutboxSend): PrivateReplyTarget | undefined => (s.request as { privateReply?: PrivateReplyTarget } | null)?.privateReply;

/** The rate-limit bucket of a private-reply row. */
export const privateReplyRateClass = (t: PrivateReplyTarget): RateLimitClass => (t.live ? 'privateRepliesLive' : 'privateReplies');

/**
 * Just before delivery: a queued reply may outlive its comment's 7 days (or the broadcast). The
 * one-per-comment rule was settled when the row was accepted (this row is that one reply).
 */
export async function privateReplyVerdict(store: Pick<StoreOps, 'getComment'>, s: OutboxSend, now: number): Promise<PolicyVerdict> {
  const target = privateReplyOf(s) as PrivateReplyTarget;
  const comment = await store.getComment(s.accountId, target.commentId);
  if (!comment) return { ok: true }; // the row carries what it needs; Graph has the last word
  if (now < privateReplyDeadline(comment)) return { ok: true };
  // The same rules with the reply not yet counted, so the reason names the deadline that passed.
  const { privateReply: _spent, ...unanswered } = comment;
  const p = privateReplyPolicy(unanswered, now);
  const code = p.allowed ? 'comment_too_old' : p.code;
  const message = p.allowed ? 'The time to answer this comment in private ended while the reply waited.' : p.reason;
  return { ok: false, reason: { code, message, category: 'window', retryable: false } };
}

/**
 * Mirror a private-reply row's status onto its comment (and, once sent, the conversation's
 * `privateReplyAt`), inside the caller's transaction. Returns the events to log; none for other rows.
 */
export async function syncPrivateReply(tx: StoreOps, s: OutboxSend, now: number): Promise<KitEvent[]> {
  const target = privateReplyOf(s);
  if (!target) return [];
  const events: KitEvent[] = [];
  const comment = await tx.getComment(s.accountId, target.commentId);
  // Another send may have taken the comment's one reply since (this row failed and was retried
  // by a person): only the row that holds it writes it.
  if (comment && (!comment.privateReply || comment.privateReply.clientId === s.clientId || comment.privateReply.status === 'failed')) {
    const state: KitPrivateReplyState = { clientId: s.clientId, status: s.status, at: now, ...(s.messageId ? { messageId: s.messageId } : {}), ...(s.reason ? { reason: s.reason } : {}) };
    const next: KitComment = { ...comment, privateReply: state };
    await tx.putComment(next);
    events.push({ type: 'comment', accountId: s.accountId, at: now, comment: next });
  }
  if (s.status === 'sent') {
    const c = await tx.getConversation(s.conversationId);
    if (c && (c.privateReplyAt === undefined || c.privateReplyAt < now)) {
      const next = withWindowState({ ...c, privateReplyAt: now, updatedAt: now }, now);
      await tx.putConversation(next);
      events.push({ type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at: now, conversation: next });
    }
  }
  return events;
}

