/**
 * An outbox row as the rest of the kit sees it: a KitMessage (status, clientId) in the message
 * store, the conversation's preview, and `send_status` events. Every status change goes through
 * `recordStatus` inside the same transaction as the row update, so the store, the event log and
 * SSE never disagree about a send.
 *
 * Until Graph returns a `mid` the message is stored as `local:<clientId>`; on `sent` it moves to
 * its mid — merging into the echo if the echo webhook overtook our own response (both carry the
 * same mid; reference §1.3), so the thread never shows the message twice.
 */
import { localMessageId, templateAttachment, type KitAttachment, type KitConversation, type KitMessagingType, type KitEvent, type KitMessage, type KitStatusReason, messagePreview, withWindowState } from '@kit/core';
import type { OutboxSend, StoreOps, StoredMessage } from '../store/types';
import { syncPrivateReply, type PrivateReplyTarget } from './private-reply-state';
import type { SendContent } from './validate';

/** What the outbox stores in `OutboxSend.request`. */
export interface StoredSendRequest {
  content: SendContent;
  replyTo?: string;
  /** The tag the client asked for (policy decides the one actually sent). */
  requestedTag?: string;
  /** The tag the policy chose when the send was accepted (HUMAN_AGENT between 24 h and 7 d). */
  tag?: 'HUMAN_AGENT';
  /** `messaging_type` the sender chose for an untagged send. */
  messagingType?: KitMessagingType;
  automated: boolean;
  fingerprint: string;
  /** This row is the automated-experience notice that precedes send `for`. */
  disclosure?: { for: string; reason: string; locale: string };
  /** clientId of the notice that must be `sent` before this row may go. */
  needsDisclosure?: string;
  /** A private reply: sent to `recipient.comment_id`, its state mirrored on the comment (private-replies.ts). */
  privateReply?: PrivateReplyTarget;
}

export const requestOf = (s: OutboxSend): StoredSendRequest => s.request as StoredSendRequest;

export function attachmentsOf(c: SendContent): KitAttachment[] {
  if (c.sticker) return [{ type: 'like_heart' }];
  if (c.share) return [{ type: 'share', mediaId: c.share.mediaId }];
  if (c.template) return [templateAttachment(c.template)];
  return (c.attachments ?? []).map((a) => {
    const out: Record<string, unknown> = { type: a.type };
    for (const k of ['url', 'attachmentId', 'mime', 'size', 'name', 'format'] as const) if (a[k] !== undefined) out[k] = a[k];
    return out as unknown as KitAttachment;
  });
}

/** The KitMessage for a row, as first stored (`local:` id, status queued). */
export function messageOf(s: OutboxSend, businessId: string): StoredMessage {
  const r = requestOf(s);
  const m: StoredMessage = {
    id: s.messageId ?? localMessageId(s.clientId),
    conversationId: s.conversationId,
    accountId: s.accountId,
    direction: 'outbound',
    from: { id: businessId },
    to: { id: s.to },
    attachments: attachmentsOf(r.content),
    createdAt: s.createdAt,
    editCount: 0,
    deleted: false,
    reactions: [],
    status: s.status,
    clientId: s.clientId,
    automated: r.automated,
  };
  if (r.content.text !== undefined) m.text = r.content.text;
  if (r.content.quickReplies) m.quickReplies = r.content.quickReplies;
  if (r.messagingType) m.messagingType = r.messagingType;
  if (r.replyTo) m.replyTo = { messageId: r.replyTo };
  if (r.privateReply) {
    const p = r.privateReply;
    m.replyTo = { comment: { id: p.commentId, ...(p.text !== undefined ? { text: p.text } : {}), ...(p.mediaId ? { mediaId: p.mediaId } : {}), ...(p.permalink ? { permalink: p.permalink } : {}), ...(p.thumbnailUrl ? { thumbnailUrl: p.thumbnailUrl } : {}) } };
  }
  if (r.tag) m.tag = r.tag;
  if (s.reason) m.statusReason = s.reason;
  return m;
}

/**
 * The conversation as the caller's transaction already holds it (read — and so locked — in it),
 * kept current by the writes here: saves reading it again after each.
 */
export interface HeldConversation {
  conversation: KitConversation;
}

/** Put a message and refresh the conversation's preview if it is (still) the newest. */
async function putWithPreview(tx: StoreOps, m: StoredMessage, replacedId: string | null, now: number, events: KitEvent[], held?: HeldConversation): Promise<void> {
  await tx.putMessage(m);
  const c = held && held.conversation.id === m.conversationId ? held.conversation : await tx.getConversation(m.conversationId);
  if (!c) return;
  const last = c.lastMessage;
  const isNewest = !last || last.id === m.id || (replacedId !== null && last.id === replacedId) || m.createdAt >= last.createdAt;
  if (!isNewest) return;
  const next = withWindowState({ ...c, lastMessage: messagePreview(m), lastMessageAt: Math.max(c.lastMessageAt, m.createdAt), updatedAt: now }, now);
  await tx.putConversation(next);
  if (held && held.conversation.id === next.id) held.conversation = next;
  events.push({ type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at: now, conversation: next });
}

/** A new row: store its message, announce it. */
export async function recordQueued(tx: StoreOps, s: OutboxSend, businessId: string, now: number, held?: HeldConversation): Promise<KitEvent[]> {
  const events: KitEvent[] = [];
  const m = messageOf(s, businessId);
  events.push({ type: 'message', accountId: s.accountId, conversationId: s.conversationId, at: s.createdAt, message: m });
  await putWithPreview(tx, m, null, now, events, held);
  events.push(statusEvent(s, now));
  return events;
}

export function statusEvent(s: OutboxSend, now: number): KitEvent {
  return {
    type: 'send_status',
    accountId: s.accountId,
    conversationId: s.conversationId,
    at: now,
    clientId: s.clientId,
    status: s.status,
    ...(s.messageId ? { messageId: s.messageId } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.attempts ? { attempt: s.attempts } : {}),
  };
}

/** Reflect the row's (new) status on its message and log the events. */
export async function recordStatus(tx: StoreOps, s: OutboxSend, businessId: string, now: number): Promise<KitEvent[]> {
  const events: KitEvent[] = [];
  const localId = localMessageId(s.clientId);
  const local = (await tx.getMessage(s.accountId, localId)) ?? messageOf({ ...s, messageId: undefined } as OutboxSend, businessId);
  if (s.status === 'sent' && s.messageId) {
    const echo = await tx.getMessage(s.accountId, s.messageId);
    const merged: StoredMessage = echo && !echo.stub
      ? { ...echo, clientId: s.clientId, automated: local.automated ?? false, status: 'sent' }
      : { ...local, ...(echo?.stub ? { reactions: echo.reactions, ...(echo.readAt ? { readAt: echo.readAt } : {}) } : {}), id: s.messageId, status: 'sent' };
    if (local.tag) merged.tag = local.tag;
    // An echo may not say what it answered (a private reply's comment): keep what the send knew.
    if (local.replyTo && merged.replyTo === undefined) merged.replyTo = local.replyTo;
    delete merged.statusReason;
    delete merged.stub;
    await tx.deleteMessage(s.accountId, localId);
    events.push({ type: 'message', accountId: s.accountId, conversationId: s.conversationId, at: merged.createdAt, message: merged });
    await putWithPreview(tx, merged, localId, now, events);
  } else {
    const m: StoredMessage = { ...local, status: s.status };
    if (s.reason) m.statusReason = s.reason as KitStatusReason;
    else delete m.statusReason;
    await putWithPreview(tx, m, null, now, events);
  }
  events.push(...(await syncPrivateReply(tx, s, now)));
  events.unshift(statusEvent(s, now));
  return events;
}

/** The message to answer a POST with: the stored one, or rebuilt from the row. */
export async function messageForSend(tx: StoreOps, s: OutboxSend, businessId: string): Promise<KitMessage> {
  const stored = await tx.getMessage(s.accountId, s.messageId ?? localMessageId(s.clientId));
  const { stub: _stub, ...m } = stored ?? messageOf(s, businessId);
  return { ...m, status: s.status, clientId: s.clientId, ...(s.reason ? { statusReason: s.reason } : {}) };
}
