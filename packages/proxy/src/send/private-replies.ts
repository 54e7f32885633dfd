/**
 * Private replies through the outbox (reference §2.4): answering a comment in Direct is a send
 * like any other — idempotent by clientId, written ahead to the outbox, delivered by the worker in
 * the commenter's conversation lane under the `privateReplies` (750/h) or `privateRepliesLive`
 * (100/s) budget, its status on SSE — with three differences:
 *
 * - the rules are @kit/core's `privateReplyPolicy` (one per comment, 7 days, Live only during the
 *   broadcast, not for mentions or the business's own comments), checked from the store when the
 *   reply is accepted (a refusal is a 422 and nothing reaches Graph) and the deadline checked
 *   again before delivery; the 24 h messaging window does not apply (a comment opens none, D12);
 * - Graph gets `recipient: { comment_id }` (graph/comment-calls.ts), not the person's IGSID;
 * - the comment carries the reply's state (`KitComment.privateReply`, kept in step with the row
 *   in the same transaction), so the one reply is spent from `queued` on and given back only when
 *   the send `failed`.
 *
 * The reply opens the thread with the commenter (or joins it): it is stored as an outbound message
 * of `${accountId}:${commenterIgsid}` whose `replyTo` names the comment, and once sent the
 * conversation's `privateReplyAt` records it (follow-ups wait for the person's answer).
 */
import { createHash } from 'node:crypto';
import { privateReplyPolicy, withWindowState, type KitComment, type KitConversation, type KitEvent } from '@kit/core';
import { KitHttpError } from '../http/errors';
import type { LoggedEvent, OutboxSend, StoreOps } from '../store/types';
import type { AcceptDeps } from './accept';
import { syncPrivateReply, type PrivateReplyTarget } from './private-reply-state';
import { recordQueued, requestOf, type StoredSendRequest } from './records';

export interface PrivateReplyBody {
  clientId: string;
  text: string;
}

const fingerprintOf = (commentId: string, text: string) => createHash('sha256').update(JSON.stringify(['private_reply', commentId, text])).digest('base64url');

function sameRequest(s: OutboxSend, fp: string): void {
  if (requestOf(s).fingerprint !== fp) {
    throw new KitHttpError(
      409,
      'client_id_reused',
      `clientId ${s.clientId} was already used for a different message. Use a new clientId for a new private reply; repeat the exact same request to get the original's status.`,
    );
  }
}

/** The comment named in the path, or 404. */
export async function commentOr404(tx: Pick<StoreOps, 'getComment'>, accountId: string, commentId: string): Promise<KitComment> {
  const c = await tx.getComment(accountId, commentId);
  if (!c) throw new KitHttpError(404, 'comment_not_found', `No comment ${commentId} on account ${accountId}'s media is known to the kit (comments arrive through the comments, live_comments and mentions webhooks).`);
  return c;
}

/** Accepts a private reply into the outbox, or refuses it (4xx) with nothing stored or sent. */
export async function acceptPrivateReply(d: AcceptDeps, accountId: string, commentId: string, body: PrivateReplyBody): Promise<{ send: OutboxSend; inserted: boolean }> {
  const fp = fingerprintOf(commentId, body.text);
  const businessId = d.accounts.info(accountId)?.igUserId ?? accountId;
  const result = await d.store.transaction(async (tx) => {
    const existing = await tx.getSendByClientId(accountId, body.clientId);
    if (existing) {
      sameRequest(existing, fp);
      return { send: existing, inserted: false, logged: [] as LoggedEvent[] };
    }
    const now = d.now();
    const comment = await commentOr404(tx, accountId, commentId);
    const policy = privateReplyPolicy(comment, now);
    if (!policy.allowed) {
      throw new KitHttpError(422, policy.code, policy.reason, {
        category: policy.category,
        details: { commentId, ...(comment.privateReply ? { privateReply: comment.privateReply } : {}) },
      });
    }
    const customerId = comment.from.id;
    const cid = comment.conversationId ?? `${accountId}:${customerId}`;
    const events: KitEvent[] = [];

    // Open the thread with the commenter, or join the one there is.
    if (!(await tx.getConversation(cid))) {
      const opened: KitConversation = withWindowState(
        { id: cid, accountId, customerId, ...(comment.from.username ? { customer: { username: comment.from.username } } : {}), lastMessageAt: now, unreadCount: 0, updatedAt: now },
        now,
      );
      await tx.putConversation(opened);
    }

    // The comment may predate the read of its post (inbound/media.ts): the store has it then.
    const media = comment.media?.thumbnailUrl ? comment.media : ((await tx.getMedia(accountId, comment.mediaId)) ?? comment.media);
    const target: PrivateReplyTarget = {
      commentId,
      live: policy.rateClass === 'privateRepliesLive',
      ...(comment.text !== undefined ? { text: comment.text } : {}),
      mediaId: comment.mediaId,
      ...(media?.permalink ? { permalink: media.permalink } : {}),
      ...(media?.thumbnailUrl ? { thumbnailUrl: media.thumbnailUrl } : {}),
    };
    const request: StoredSendRequest = { content: { text: body.text }, automated: false, fingerprint: fp, privateReply: target };
    const { send, inserted } = await tx.insertSend({ accountId, clientId: body.clientId, conversationId: cid, to: customerId, request, createdAt: now });
    events.push(...(await recordQueued(tx, send, businessId, now)));
    events.push(...(await syncPrivateReply(tx, send, now)));
    const logged: LoggedEvent[] = [];
    for (const e of events) logged.push(await tx.appendEvent(e));
    return { send, inserted, logged };
  });
  for (const e of result.logged) d.bus.publish(e);
  if (result.inserted) d.worker.kick(result.send.accountId);
  return { send: result.send, inserted: result.inserted };
}
