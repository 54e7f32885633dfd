/**
 * Private replies: answering a comment in Direct (reference §2.4). The rules, in one place for the
 * browser (the comments view greys out what cannot be sent, and says why) and the server (the
 * proxy refuses before anything reaches Meta; the sandbox answers Meta's errors):
 *
 * - one message per comment;
 * - within 7 days of the comment;
 * - for a Live broadcast's comments, only while the broadcast runs;
 * - only on the account's own media: an @mention in someone else's comment is not answerable;
 * - follow-ups only after the person answers, and within 24 h of that answer (a comment is not a
 *   message, so it does not open the messaging window — discrepancy D12, "private reply only");
 * - 750 private replies per hour for post and reel comments, 100 per second for Live comments
 *   (reference §3.1; `RATE_LIMITS.privateReplies` / `privateRepliesLive`).
 *
 * Edges (epoch ms): the 7 days are `elapsed < 7 d`, so exactly 7 days after the comment is too
 * late; a comment timestamp in the future (clock skew) counts as "just now".
 */

import { PRIVATE_REPLY_WINDOW_MS, type RateLimitClass } from './limits';
import { windowState } from './window';
import type { KitComment, KitErrorCategory, KitPrivateReplyState, Millis, SendStatus } from './types';

export type PrivateReplyRefusalCode =
  | 'private_reply_already_sent' // one message per comment
  | 'comment_too_old' // more than 7 days ago
  | 'live_ended' // a Live comment after the broadcast ended
  | 'comment_not_answerable'; // a mention on someone else's media, the business's own comment, a deleted comment

export type PrivateReplyPolicy =
  | {
      allowed: true;
      /** The rate-limit bucket the send counts against (750/h, or 100/s for Live). */
      rateClass: Extract<RateLimitClass, 'privateReplies' | 'privateRepliesLive'>;
      /** Last moment a private reply may be sent (7 days after the comment, or the broadcast's end). */
      deadline: Millis;
    }
  | { allowed: false; code: PrivateReplyRefusalCode; reason: string; category: KitErrorCategory };

/** Private-reply states that count as "the one message was (or may have been) sent". */
const SPENDS_THE_REPLY: ReadonlySet<SendStatus> = new Set<SendStatus>(['queued', 'sending', 'sent', 'uncertain']);

/**
 * Whether the comment's one private reply is used up. A reply that `failed` never reached the
 * person (Meta refused it, or the kit did), so the comment may be answered again; an `uncertain`
 * one may have arrived, so it counts.
 */
export function privateReplySpent(state: KitPrivateReplyState | undefined): boolean {
  return state !== undefined && SPENDS_THE_REPLY.has(state.status);
}

/**
 * Longest public reply to a comment the kit passes on (here, beside the private-reply rules, so
 * only code about comments carries it). Instagram's app stops comments at 2,200 characters; the
 * reference documents no API limit, so this is the kit's bound, not Meta's rule: the proxy refuses
 * longer ones, the comments view counts toward it.
 */
export const PUBLIC_REPLY_MAX_CHARS = 2200;

/** When the chance to answer the comment in private ends (ms). */
export function privateReplyDeadline(comment: Pick<KitComment, 'createdAt' | 'source' | 'media'>): Millis {
  const sevenDays = comment.createdAt + PRIVATE_REPLY_WINDOW_MS;
  const liveEnd = comment.source === 'live_comment' ? comment.media?.liveEndedAt : undefined;
  return liveEnd === undefined ? sevenDays : Math.min(sevenDays, liveEnd);
}

/** May the business answer this comment in private now? */
export function privateReplyPolicy(
  comment: Pick<KitComment, 'createdAt' | 'source' | 'media' | 'fromSelf' | 'deleted' | 'privateReply'>,
  now: Millis,
): PrivateReplyPolicy {
  if (comment.source === 'mention') {
    return refuse('comment_not_answerable', 'This is a mention on someone else\'s post; Instagram only allows private replies to comments on your own posts, reels and Live broadcasts.', 'validation');
  }
  if (comment.fromSelf) return refuse('comment_not_answerable', 'This comment was written by your own account.', 'validation');
  if (comment.deleted) return refuse('comment_not_answerable', 'The comment was deleted.', 'validation');
  if (privateReplySpent(comment.privateReply)) {
    return refuse('private_reply_already_sent', 'This comment was already answered in private. Instagram allows one private reply per comment; the person can write back to continue in Direct.', 'duplicate');
  }
  const deadline = privateReplyDeadline(comment);
  const created = Math.min(comment.createdAt, now);
  const live = comment.source === 'live_comment';
  if (live && comment.media?.liveEndedAt !== undefined && now >= comment.media.liveEndedAt) {
    return refuse('live_ended', 'The Live broadcast has ended; Instagram only allows private replies to Live comments while the broadcast runs.', 'window');
  }
  if (now - created >= PRIVATE_REPLY_WINDOW_MS) {
    return refuse('comment_too_old', 'The comment is more than 7 days old; Instagram only allows private replies within 7 days of the comment.', 'window');
  }
  return { allowed: true, rateClass: live ? 'privateRepliesLive' : 'privateReplies', deadline };
}

function refuse(code: PrivateReplyRefusalCode, reason: string, category: KitErrorCategory): PrivateReplyPolicy {
  return { allowed: false, code, reason, category };
}

/**
 * After a private reply, may the business write to the person again (reference §2.4: "follow-ups
 * only if the recipient responds, and within 24 h of that response")? `awaiting_answer` until the
 * person writes after the private reply — unless an earlier message of theirs still holds the
 * standard 24 h window open; once they answered, the ordinary window rules (`sendPolicy`) apply
 * to their answer like to any message. The kit's default for discrepancy D12: a comment is not a
 * message and opens no window.
 */
export function followUpState({ privateReplyAt, lastInboundAt, now }: { privateReplyAt?: Millis | null; lastInboundAt?: Millis | null; now: Millis }): 'awaiting_answer' | 'window_rules' {
  if (privateReplyAt === undefined || privateReplyAt === null) return 'window_rules';
  const answered = lastInboundAt !== undefined && lastInboundAt !== null && lastInboundAt >= privateReplyAt;
  if (answered || windowState({ lastInboundAt: lastInboundAt ?? null, now }).state === 'open') return 'window_rules';
  return 'awaiting_answer';
}

/** Why a follow-up is refused while the person has not answered the private reply. */
export const AWAITING_ANSWER_REASON =
  'You answered this person\'s comment in private; Instagram allows more messages only after they reply (then within 24 hours of their reply).';

/**
 * Whether a comment still waits for the business: a customer's comment that is not deleted or
 * hidden, and that the business has answered neither in private nor in public.
 */
export function commentNeedsReply(comment: Pick<KitComment, 'fromSelf' | 'deleted' | 'hidden' | 'privateReply' | 'publicReplyAt'>): boolean {
  return !comment.fromSelf && !comment.deleted && !comment.hidden && !privateReplySpent(comment.privateReply) && comment.publicReplyAt === undefined;
}
