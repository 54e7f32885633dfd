/**
 * Send API: POST /{ver}/{PAGE_ID|IG_ID|me}/messages (reference §1). Validates like Graph, records
 * the message, answers `{ recipient_id, message_id }` (or `{ recipient_id }` for sender actions,
 * reference §1.3) and queues the echo webhook (reference §5.4).
 */

import {
  HUMAN_AGENT_TAG,
  IMAGES_PER_MESSAGE_MAX,
  QUICK_REPLIES_MAX,
  QUICK_REPLY_TITLE_MAX_CHARS,
  TEMPLATE_LIMITS,
  TEXT_MAX_BYTES,
  measureText,
  windowState,
  type MediaKind,
  type RateLimitClass,
} from '@kit/core';
import type { SandboxContext } from './context';
import { errors } from './errors';
import { emitMessage } from './events';
import { checkBytes, hostBlob, resolveMediaUrl } from './media';
import type { UploadedFile } from './params';
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

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Which rate-limit bucket a call falls in (reference §3.1; core's RATE_LIMITS classes). */
export function sendRateClass(p: Record<string, unknown>): RateLimitClass {
  if (p.sender_action === 'react' || p.sender_action === 'unreact') return 'reactions';
  const m = p.message;
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
  const w = windowState({ lastInboundAt: conv?.lastInboundAt ?? null, now: ctx.clock.now() });
  if (w.state === 'closed') throw errors.outsideWindow();
  if (w.state === 'human_agent' && tag !== HUMAN_AGENT_TAG) throw errors.outsideWindow();
}

function validateTag(account: SandboxAccount, p: Record<string, unknown>): string | undefined {
  const type = p.messaging_type;
  if (type !== undefined && (typeof type !== 'string' || !MESSAGING_TYPES.has(type))) {
    throw errors.invalidParam(`param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${String(type)}"`);
  }
  const tag = p.tag;
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

function validateTemplate(payload: Record<string, unknown>): void {
  const t = payload.template_type;
  const checkButtons = (buttons: unknown, where: string) => {
    if (buttons === undefined) return;
    if (!Array.isArray(buttons) || buttons.length > TEMPLATE_LIMITS.buttonsMax) {
      throw errors.invalidMessageData(`${where} buttons must be an array of at most ${TEMPLATE_LIMITS.buttonsMax}`);
    }
    for (const b of buttons) {
      if (!isObj(b) || (b.type !== 'web_url' && b.type !== 'postback') || typeof b.title !== 'string') {
        throw errors.invalidMessageData(`${where} buttons need type web_url|postback and a title`);
      }
    }
  };
  if (t === 'generic') {
    const els = payload.elements;
    if (!Array.isArray(els) || els.length === 0 || els.length > TEMPLATE_LIMITS.genericElementsMax) {
      throw errors.invalidMessageData(`generic template needs 1–${TEMPLATE_LIMITS.genericElementsMax} elements`);
    }
    for (const e of els) {
      if (!isObj(e) || typeof e.title !== 'string' || e.title === '') throw errors.invalidMessageData('every element needs a title');
      if (e.title.length > TEMPLATE_LIMITS.titleMaxChars) throw errors.invalidMessageData(`element title longer than ${TEMPLATE_LIMITS.titleMaxChars} characters`);
      if (typeof e.subtitle === 'string' && e.subtitle.length > TEMPLATE_LIMITS.subtitleMaxChars) {
        throw errors.invalidMessageData(`element subtitle longer than ${TEMPLATE_LIMITS.subtitleMaxChars} characters`);
      }
      checkButtons(e.buttons, 'element');
    }
  } else if (t === 'button') {
    if (typeof payload.text !== 'string' || payload.text === '') throw errors.invalidMessageData('button template needs text');
    if (!Array.isArray(payload.buttons) || payload.buttons.length === 0) throw errors.invalidMessageData('button template needs buttons');
    checkButtons(payload.buttons, 'button template');
  } else if (t !== 'product') {
    throw errors.invalidParam('param message[attachment][payload][template_type] must be one of {generic, button, product}');
  }
}

function prepareAttachment(ctx: SandboxContext, account: SandboxAccount, a: unknown): PreparedAttachment {
  if (!isObj(a) || typeof a.type !== 'string') throw errors.missingParam('message[attachment][type]');
  const payload = isObj(a.payload) ? a.payload : {};
  if (MEDIA_TYPES.has(a.type as MediaKind)) {
    if (payload.url === undefined && payload.attachment_id === undefined) {
      throw errors.missingParam('message[attachment][payload][url] or [attachment_id]');
    }
    return { type: a.type, payload, mediaKind: a.type as MediaKind };
  }
  if (a.type === 'MEDIA_SHARE') {
    const post = typeof payload.id === 'string' ? ctx.store.media.get(payload.id) : undefined;
    if (!post || post.ownerId !== account.id || post.kind === 'story') {
      throw errors.invalidMessageData('MEDIA_SHARE payload.id must be a post owned by this account');
    }
    return { type: a.type, payload: { id: payload.id } };
  }
  if (a.type === 'like_heart') return { type: a.type, payload: {} };
  if (a.type === 'template') {
    validateTemplate(payload);
    return { type: a.type, payload };
  }
  throw errors.invalidParam(
    `param message[attachment][type] must be one of {image, video, audio, file, MEDIA_SHARE, like_heart, template} - got "${a.type}"`,
  );
}

/** Turn a prepared media attachment into what the echo and message node report. */
async function materialize(
  ctx: SandboxContext,
  account: SandboxAccount,
  a: PreparedAttachment,
  file: UploadedFile | undefined,
): Promise<{ stored: StoredAttachment; uploadedId?: string }> {
  if (!a.mediaKind) {
    if (a.type === 'MEDIA_SHARE') {
      const post = ctx.store.media.get(a.payload.id as string);
      return { stored: { type: 'share', payload: { url: post?.url ?? '', ig_post_media_id: a.payload.id } } };
    }
    return { stored: { type: a.type, payload: a.payload } };
  }
  const kind = a.mediaKind;
  if (file) {
    if (file.truncated) throw errors.attachmentTooLarge();
    const { mime, size } = checkBytes(kind, file.bytes, file.size, file.filename, file.mimeType);
    const url = hostBlob(ctx, mime, file.bytes, file.filename || kind);
    const id = ctx.store.newNumericId('7');
    ctx.store.attachments.set(id, { id, accountId: account.id, kind, mime, size, url, reusable: a.payload.is_reusable === true || a.payload.is_reusable === 'true', createdAt: ctx.clock.now() });
    return { stored: { type: kind, payload: { url }, mime, size }, uploadedId: id };
  }
  if (a.payload.attachment_id !== undefined) {
    const up = ctx.store.attachments.get(String(a.payload.attachment_id));
    if (!up || up.accountId !== account.id) throw errors.invalidAttachmentId();
    if (up.kind !== kind) throw errors.mediaTypeMismatch();
    return { stored: { type: kind, payload: { url: up.url }, mime: up.mime, size: up.size } };
  }
  const info = await resolveMediaUrl(ctx, kind, a.payload.url);
  return {
    stored: {
      type: kind,
      payload: { url: a.payload.url },
      ...(info.mime ? { mime: info.mime } : {}),
      ...(info.size !== undefined ? { size: info.size } : {}),
    },
  };
}

export async function handleSend(
  ctx: SandboxContext,
  account: SandboxAccount,
  p: Record<string, unknown>,
  files: UploadedFile[],
): Promise<SendResult> {
  const recipient = p.recipient;
  if (recipient === undefined) throw errors.missingParam('recipient');
  if (!isObj(recipient)) throw errors.invalidParam('param recipient must be a JSON object');
  if (recipient.comment_id !== undefined) {
    // Private replies need a comment the sandbox does not model.
    throw errors.invalidParam('This comment is not valid for a private reply.', 2534025);
  }
  if (typeof recipient.id !== 'string' && typeof recipient.id !== 'number') throw errors.missingParam('recipient[id]');
  const recipientId = String(recipient.id);
  const hasMessage = p.message !== undefined;
  const hasAction = p.sender_action !== undefined;
  if (hasMessage && hasAction) throw errors.invalidParam('Only one of message or sender_action can be sent per request');
  if (!hasMessage && !hasAction) throw errors.missingParam('message');
  if (hasAction) return senderAction(ctx, account, recipientId, p);

  const tag = validateTag(account, p);
  const message = p.message;
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

  let quickReplies: unknown[] | undefined;
  if (message.quick_replies !== undefined) {
    if (text === undefined) throw errors.invalidMessageData('quick_replies need message[text]');
    if (!Array.isArray(message.quick_replies) || message.quick_replies.length > QUICK_REPLIES_MAX) {
      throw errors.invalidParam(`param message[quick_replies] must be an array of at most ${QUICK_REPLIES_MAX} items`);
    }
    quickReplies = message.quick_replies.map((q) => {
      if (!isObj(q)) throw errors.invalidParam('each quick reply must be an object');
      const ct = q.content_type ?? 'text';
      if (ct === 'text') {
        if (typeof q.title !== 'string' || q.title === '' || typeof q.payload !== 'string') {
          throw errors.invalidParam('text quick replies need a title and a payload');
        }
        // Longer titles are truncated, not refused (reference §1.7).
        return { ...q, content_type: 'text', title: [...q.title].slice(0, QUICK_REPLY_TITLE_MAX_CHARS).join('') };
      }
      if (ct !== 'user_phone_number' && ct !== 'user_email') throw errors.invalidParam(`unknown quick reply content_type "${String(ct)}"`);
      return q;
    });
  }

  const customer = findCustomer(ctx, account, recipientId);
  if (customer.blocked) throw errors.userUnavailable();
  const conv = ctx.store.findConversation(account.id, customer.id);

  let replyTo: StoredMessage['replyTo'];
  if (p.reply_to !== undefined) {
    const r = p.reply_to;
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

  const file = files.find((f) => f.field === 'filedata');
  const materialized = [];
  for (const a of prepared) materialized.push(await materialize(ctx, account, a, a.mediaKind ? file : undefined));

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
    ...(typeof p.messaging_type === 'string' ? { messagingType: p.messaging_type } : {}),
    ...(tag ? { tag } : {}),
    attachments: msg.attachments.map((a) => ({ type: a.type, payload: a.payload })),
    ...(replyTo && 'mid' in replyTo ? { replyTo: replyTo.mid } : {}),
    ...(quickReplies ? { quickReplies } : {}),
  });
  ctx.inspector.notify({ kind: 'sent', at: now, accountId: account.id, customerId: customer.id, summary: { mid: msg.mid, text, attachments: msg.attachments.length } });
  emitMessage(ctx, account, msg);
  const uploadedId = materialized.find((m) => m.uploadedId)?.uploadedId;
  return {
    status: 200,
    body: { recipient_id: customer.id, message_id: msg.mid, ...(uploadedId ? { attachment_id: uploadedId } : {}) },
    mid: msg.mid,
  };
}

function senderAction(ctx: SandboxContext, account: SandboxAccount, recipientId: string, p: Record<string, unknown>): SendResult {
  const action = p.sender_action;
  if (typeof action !== 'string' || !SENDER_ACTIONS.has(action)) {
    throw errors.invalidParam(`param sender_action must be one of {typing_on, typing_off, mark_seen, react, unreact} - got "${String(action)}"`);
  }
  if (p.tag !== undefined) throw errors.invalidParam('sender_action cannot carry a message tag');
  const customer = findCustomer(ctx, account, recipientId);
  if (customer.blocked) throw errors.userUnavailable();
  const conv = ctx.store.findConversation(account.id, customer.id);
  let messageId: string | undefined;
  let reaction: string | undefined;
  if (action === 'react' || action === 'unreact') {
    const payload = isObj(p.payload) ? p.payload : undefined;
    if (!payload || typeof payload.message_id !== 'string') throw errors.missingParam('payload[message_id]');
    messageId = payload.message_id;
    const target = ctx.store.messages.get(messageId);
    if (!target || target.accountId !== account.id || target.customerId !== customer.id) {
      throw errors.invalidParam('param payload[message_id] must be a message of this conversation');
    }
    if (target.isDeleted) throw errors.messageDeleted();
    if (action === 'react') {
      if (typeof payload.reaction !== 'string' || payload.reaction === '') throw errors.missingParam('payload[reaction]');
      // FB flavor documents only `love`; IG flavor accepts any emoji (reference §1.10, D5).
      if (account.flavor === 'page' && payload.reaction !== 'love') {
        throw errors.invalidParam(`param payload[reaction] must be "love" - got "${payload.reaction}"`);
      }
      reaction = payload.reaction;
    }
  }
  checkWindow(ctx, conv, undefined);
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
