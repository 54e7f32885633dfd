/**
 * Send API: POST /{ver}/{PAGE_ID|IG_ID|me}/messages (reference §1). Validates like Graph, records
 * the message, answers `{ recipient_id, message_id }` (or `{ recipient_id }` for sender actions,
 * reference §1.3) and queues the echo webhook (reference §5.4).
 */

import {
  HUMAN_AGENT_TAG,
  IMAGES_PER_MESSAGE_MAX,
  TEXT_MAX_BYTES,
  followUpState,
  measureText,
  windowState,
  type MediaKind,
  type RateLimitClass,
} from '@kit/core';
import { sendPrivateReply } from './comments';
import type { SandboxContext } from './context';
import { errors } from './errors';
import { emitMessage } from './events';
import { checkBytes, hostBlob, resolveMediaUrl } from './media';
import { checkQuickReplies, checkTemplatePayload } from './structured';
import type { UploadedFile } from './params';
import { applyThreadControl, assertMayMessage, parseThreadControl } from './routing';
import type { Conversation, Customer, SandboxAccount, StoredAttachment, StoredMessage } from './types';

export interface SendResult {
  status: number;
  body: Record<string, unknown>;
  /** Set when a message was recorded (for the responseLost fault bookkeeping). */
  mid?: string;
}

const MEDIA_TYPES = new Set<MediaKind>(['image', 'video', 'audio', 'file']);
const MESSAGING_TYPES = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
/** Tags that stopped working on 2026-04-27 (reference §2.2). */
const DEAD_TAGS = new Set(['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE']);
const SENDER_ACTIONS = new Set(['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact']);

const isObj = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Which rate-limit bucket a call falls in (reference §3.1; core's RATE_LIMITS classes). */
export function sendRateClass(params: Record<string, unknown>): RateLimitClass {
  if (params.sender_action === 'react' || params.sender_action === 'unreact') return 'reactions';
  const m = params.message;
  if (isObj(m)) {
    const atts = Array.isArray(m.attachments) ? m.attachments : isObj(m.attachment) ? [m.attachment] : [];
    if (atts.some((a) => isObj(a) && MEDIA_TYPES.has(a.type as MediaKind))) return 'media';
    if (atts.some((a) => isObj(a) && a.type === 'like_heart')) return 'stickers';
  }
  return 'text';
}

function findCustomer(ctx: SandboxContext, account: SandboxAccount, id: string): Customer {
  const c = ctx.store.customers.get(id);
  if (!c || c.accountId !== account.id) throw errors.noMatchingUser();
  return c;
}

function checkWindow(ctx: SandboxContext, conv: Conversation | undefined, tag: string | undefined): void {
  const now = ctx.clock.now();
  const w = windowState({ lastInboundAt: conv?.lastInboundAt ?? null, now });
  if (w.state === 'closed') throw errors.outsideWindow();
  if (w.state === 'human_agent' && tag !== HUMAN_AGENT_TAG) throw errors.outsideWindow();
  // After a private reply, more messages wait for the person's answer (reference §2.4).
  if (followUpState({ privateReplyAt: conv?.privateReplyAt ?? null, lastInboundAt: conv?.lastInboundAt ?? null, now }) === 'awaiting_answer') throw errors.outsideWindow();
}

function validateTag(account: SandboxAccount, params: Record<string, unknown>): string | undefined {
  const type = params.messaging_type;
  if (type !== undefined && (typeof type !== 'string' || !MESSAGING_TYPES.has(type))) {
    throw errors.invalidParam(`param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${String(type)}"`);
  }
  const tag = params.tag;
  if (tag === undefined || tag === '') {
    if (type === 'MESSAGE_TAG') throw errors.missingParam('tag');
    return undefined;
  }
  if (typeof tag !== 'string') throw errors.invalidTag(String(tag));
  if (DEAD_TAGS.has(tag)) throw errors.deadTag(tag);
  if (tag !== HUMAN_AGENT_TAG) throw errors.invalidTag(tag);
  if (type !== undefined && type !== 'MESSAGE_TAG') {
    throw errors.invalidParam('param messaging_type must be MESSAGE_TAG when a tag is set');
  }
  if (!account.humanAgent) throw errors.humanAgentNotApproved();
  return tag;
}

interface PreparedAttachment {
  type: string;
  payload: Record<string, unknown>;
  mediaKind?: MediaKind;
}

function prepareAttachment(ctx: SandboxContext, account: SandboxAccount, attachment: unknown): PreparedAttachment {
  if (!isObj(attachment) || typeof attachment.type !== 'string') throw errors.missingParam('message[attachment][type]');
  const payload = isObj(attachment.payload) ? attachment.payload : {};
  if (MEDIA_TYPES.has(attachment.type as MediaKind)) {
    if (payload.url === undefined && payload.attachment_id === undefined) {
      throw errors.missingParam('message[attachment][payload][url] or [attachment_id]');
    }
    return { type: attachment.type, payload, mediaKind: attachment.type as MediaKind };
  }
  if (attachment.type === 'MEDIA_SHARE') {
    const post = typeof payload.id === 'string' ? ctx.store.media.get(payload.id) : undefined;
    if (!post || post.ownerId !== account.id || post.kind === 'story') {
      throw errors.invalidMessageData('MEDIA_SHARE payload.id must be a post owned by this account');
    }
    return { type: attachment.type, payload: { id: payload.id } };
  }
  if (attachment.type === 'like_heart') return { type: attachment.type, payload: {} };
  if (attachment.type === 'template') {
    checkTemplatePayload(payload);
    return { type: attachment.type, payload };
  }
  throw errors.invalidParam(
    `param message[attachment][type] must be one of {image, video, audio, file, MEDIA_SHARE, like_heart, template} - got "${attachment.type}"`,
  );
}

/** Turn a prepared media attachment into what the echo and message node report. */
async function materialize(
  ctx: SandboxContext,
  account: SandboxAccount,
  prepared: PreparedAttachment,
  file: UploadedFile | undefined,
  recipientId: string,
): Promise<{ stored: StoredAttachment; uploadedId?: string }> {
  if (!prepared.mediaKind) {
    if (prepared.type === 'MEDIA_SHARE') {
      const post = ctx.store.media.get(prepared.payload.id as string);
      return { stored: { type: 'share', payload: { url: post?.url ?? '', ig_post_media_id: prepared.payload.id } } };
    }
    return { stored: { type: prepared.type, payload: prepared.payload } };
  }
  const kind = prepared.mediaKind;
  if (file) {
    if (file.truncated) throw errors.attachmentTooLarge();
    const { mime, size } = checkBytes(kind, file.bytes, file.size, file.filename, file.mimeType);
    const url = hostBlob(ctx, mime, file.bytes, file.filename || kind);
    const id = ctx.store.newNumericId('7');
    ctx.store.attachments.set(id, { id, accountId: account.id, kind, mime, size, url, reusable: isReusable(prepared.payload.is_reusable), createdAt: ctx.clock.now() });
    return { stored: { type: kind, payload: { url }, mime, size }, uploadedId: id };
  }
  if (prepared.payload.attachment_id !== undefined) {
    const up = ctx.store.attachments.get(String(prepared.payload.attachment_id));
    if (!up || up.accountId !== account.id) throw errors.invalidAttachmentId();
    if (up.kind !== kind) throw errors.mediaTypeMismatch();
    // Without `is_reusable` an uploaded asset is sendable to one recipient only (reference §1.6,
    // Messenger's Attachment Upload API): the first send binds it.
    if (!up.reusable) {
      if (up.boundTo !== undefined && up.boundTo !== recipientId) throw errors.invalidAttachmentId();
      up.boundTo = recipientId;
    }
    return { stored: { type: kind, payload: { url: up.url }, mime: up.mime, size: up.size } };
  }
  const info = await resolveMediaUrl(ctx, kind, prepared.payload.url);
  const stored: StoredAttachment = {
    type: kind,
    payload: { url: prepared.payload.url },
    ...(info.mime ? { mime: info.mime } : {}),
    ...(info.size !== undefined ? { size: info.size } : {}),
  };
  // A URL sent with `is_reusable: true` is saved, and the answer carries its `attachment_id`.
  if (isReusable(prepared.payload.is_reusable)) {
    const id = ctx.store.newNumericId('7');
    ctx.store.attachments.set(id, { id, accountId: account.id, kind, mime: info.mime ?? 'application/octet-stream', size: info.size ?? 0, url: String(prepared.payload.url), reusable: true, createdAt: ctx.clock.now() });
    return { stored, uploadedId: id };
  }
  return { stored };
}

/** `is_reusable` arrives as a boolean in JSON and as a string in form bodies (reference §1.6). */
export function isReusable(value: unknown): boolean {
  return value === true || value === 'true';
}

export async function handleSend(
  ctx: SandboxContext,
  account: SandboxAccount,
  params: Record<string, unknown>,
  files: UploadedFile[],
): Promise<SendResult> {
  const recipient = params.recipient;
  if (recipient === undefined) throw errors.missingParam('recipient');
  if (!isObj(recipient)) throw errors.invalidParam('param recipient must be a JSON object');
  if (recipient.comment_id !== undefined) return sendPrivateReply(ctx, account, params);
  if (typeof recipient.id !== 'string' && typeof recipient.id !== 'number') throw errors.missingParam('recipient[id]');
  const recipientId = String(recipient.id);
  const hasMessage = params.message !== undefined;
  const hasAction = params.sender_action !== undefined;
  if (hasMessage && hasAction) throw errors.invalidParam('Only one of message or sender_action can be sent per request');
  if (!hasMessage && !hasAction) throw errors.missingParam('message');
  if (hasAction) return senderAction(ctx, account, recipientId, params);

  const tag = validateTag(account, params);
  const threadControl = parseThreadControl(account, params.thread_control);
  const message = params.message;
  if (!isObj(message)) throw errors.invalidParam('param message must be a JSON object');
  const text = message.text;
  const hasAttachment = message.attachment !== undefined;
  const hasAttachments = message.attachments !== undefined;
  if (hasAttachment && hasAttachments) throw errors.invalidMessageData('use either attachment or attachments, not both');
  if (text !== undefined && (hasAttachment || hasAttachments)) throw errors.invalidParam('Only one of message[text] or message[attachment] may be set');
  if (text === undefined && !hasAttachment && !hasAttachments && files.length === 0) {
    throw errors.missingParam('message[text] or message[attachment]');
  }
  if (text !== undefined) {
    if (typeof text !== 'string' || text.length === 0) throw errors.invalidParam('param message[text] must be a non-empty UTF-8 encoded string');
    if (measureText(text).bytes > TEXT_MAX_BYTES) throw errors.textTooLong(TEXT_MAX_BYTES);
  }

  let prepared: PreparedAttachment[] = [];
  if (hasAttachments) {
    const list = message.attachments;
    if (!Array.isArray(list) || list.length === 0) throw errors.invalidMessageData('attachments must be a non-empty array');
    prepared = list.map((a) => prepareAttachment(ctx, account, a));
    if (prepared.some((a) => a.type !== 'image')) throw errors.invalidMessageData('several attachments in one message must all be images');
    if (prepared.length > IMAGES_PER_MESSAGE_MAX) throw errors.invalidMessageData(`at most ${IMAGES_PER_MESSAGE_MAX} images per message`);
    if (prepared.length > 1 && !account.multiImage) throw errors.multiImageUnavailable();
  } else if (hasAttachment) {
    const a = message.attachment;
    // Upload-and-send (reference §1.6): payload has no url/attachment_id, the bytes come as filedata.
    const file = files.find((f) => f.field === 'filedata');
    if (file && isObj(a) && MEDIA_TYPES.has(a.type as MediaKind)) {
      prepared = [{ type: a.type as string, payload: isObj(a.payload) ? a.payload : {}, mediaKind: a.type as MediaKind }];
    } else {
      prepared = [prepareAttachment(ctx, account, a)];
    }
  }

  const quickReplies = message.quick_replies === undefined ? undefined : checkQuickReplies(message.quick_replies, text !== undefined);

  const customer = findCustomer(ctx, account, recipientId);
  if (customer.blocked) throw errors.userUnavailable();
  const conv = ctx.store.findConversation(account.id, customer.id);

  let replyTo: StoredMessage['replyTo'];
  if (params.reply_to !== undefined) {
    const r = params.reply_to;
    const mid = isObj(r) ? r.mid : undefined;
    if (typeof mid !== 'string') throw errors.missingParam('reply_to[mid]');
    const target = ctx.store.messages.get(mid);
    if (!target || target.accountId !== account.id || target.customerId !== customer.id) {
      throw errors.invalidParam('param reply_to[mid] must be a message of this conversation');
    }
    if (target.isDeleted) throw errors.messageDeleted();
    replyTo = { mid, isSelfReply: target.direction === 'outbound' };
  }

  checkWindow(ctx, conv, tag);
  assertMayMessage(ctx, account, conv);

  const file = files.find((f) => f.field === 'filedata');
  const materialized = [];
  for (const a of prepared) materialized.push(await materialize(ctx, account, a, a.mediaKind ? file : undefined, customer.id));

  const now = ctx.clock.now();
  const c = ctx.store.conversationFor(account.id, account.igUserId, customer.id, now);
  const msg: StoredMessage = {
    mid: ctx.store.newMid(account.igUserId),
    accountId: account.id,
    customerId: customer.id,
    direction: 'outbound',
    createdAt: now,
    ...(typeof text === 'string' ? { text } : {}),
    attachments: materialized.map((m) => m.stored),
    ...(replyTo ? { replyTo } : {}),
    isDeleted: false,
    numEdit: 0,
    reactions: [],
    ...(tag ? { tag } : {}),
    ...(quickReplies ? { quickReplies } : {}),
    raw: message,
  };
  ctx.store.addMessage(c, msg);
  ctx.inspector.add(ctx.inspector.sentLog, {
    seq: ctx.inspector.nextSeq(),
    at: now,
    accountId: account.id,
    mid: msg.mid,
    recipientId: customer.id,
    ...(typeof text === 'string' ? { text, textBytes: measureText(text).bytes } : {}),
    ...(typeof params.messaging_type === 'string' ? { messagingType: params.messaging_type } : {}),
    ...(tag ? { tag } : {}),
    attachments: msg.attachments.map((a) => ({ type: a.type, payload: a.payload })),
    ...(replyTo && 'mid' in replyTo ? { replyTo: replyTo.mid } : {}),
    ...(quickReplies ? { quickReplies } : {}),
  });
  ctx.inspector.notify({ kind: 'sent', at: now, accountId: account.id, customerId: customer.id, summary: { mid: msg.mid, text, attachments: msg.attachments.length } });
  emitMessage(ctx, account, msg);
  applyThreadControl(ctx, account, customer, threadControl);
  const uploadedId = materialized.find((m) => m.uploadedId)?.uploadedId;
  return {
    status: 200,
    body: { recipient_id: customer.id, message_id: msg.mid, ...(uploadedId ? { attachment_id: uploadedId } : {}) },
    mid: msg.mid,
  };
}

function senderAction(ctx: SandboxContext, account: SandboxAccount, recipientId: string, params: Record<string, unknown>): SendResult {
  const action = params.sender_action;
  if (typeof action !== 'string' || !SENDER_ACTIONS.has(action)) {
    throw errors.invalidParam(`param sender_action must be one of {typing_on, typing_off, mark_seen, react, unreact} - got "${String(action)}"`);
  }
  if (params.tag !== undefined) throw errors.invalidParam('sender_action cannot carry a message tag');
  const customer = findCustomer(ctx, account, recipientId);
  if (customer.blocked) throw errors.userUnavailable();
  const conv = ctx.store.findConversation(account.id, customer.id);
  let messageId: string | undefined;
  let reaction: string | undefined;
  if (action === 'react' || action === 'unreact') {
    const payload = isObj(params.payload) ? params.payload : undefined;
    if (!payload || typeof payload.message_id !== 'string') throw errors.missingParam('payload[message_id]');
    messageId = payload.message_id;
    const target = ctx.store.messages.get(messageId);
    if (!target || target.accountId !== account.id || target.customerId !== customer.id) {
      throw errors.invalidParam('param payload[message_id] must be a message of this conversation');
    }
    if (target.isDeleted) throw errors.messageDeleted();
    if (action === 'react') {
      if (typeof payload.reaction !== 'string' || payload.reaction === '') throw errors.missingParam('payload[reaction]');
      // FB flavor documents only `love`; IG flavor accepts any emoji (reference §1.10, D5). Unified
      // Login is graph.facebook.com with Facebook-Login permissions: the FB flavor's rule.
      if (account.flavor !== 'instagram' && payload.reaction !== 'love') {
        throw errors.invalidParam(`param payload[reaction] must be "love" - got "${payload.reaction}"`);
      }
      reaction = payload.reaction;
    }
  }
  checkWindow(ctx, conv, undefined);
  assertMayMessage(ctx, account, conv);
  const now = ctx.clock.now();
  if (messageId) {
    const target = ctx.store.messages.get(messageId) as StoredMessage;
    target.reactions = target.reactions.filter((r) => r.by !== 'business');
    if (action === 'react' && reaction) target.reactions.push({ by: 'business', reaction, at: now });
  }
  ctx.inspector.add(ctx.inspector.actionLog, {
    seq: ctx.inspector.nextSeq(),
    at: now,
    accountId: account.id,
    recipientId: customer.id,
    action: action as 'typing_on',
    ...(messageId ? { messageId } : {}),
    ...(reaction ? { reaction } : {}),
  });
  ctx.inspector.notify({ kind: 'action', at: now, accountId: account.id, customerId: customer.id, summary: { action, messageId, reaction } });
  // No echo for the business's own reactions or typing (reference §5.4).
  return { status: 200, body: { recipient_id: customer.id } };
}
