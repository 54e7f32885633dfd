/**
 * Validation of POST /accounts/:id/messages bodies with @kit/core's rules (bytes, links, media
 * kinds and counts), before anything is stored or sent. Every problem is a 400 KitHttpError that
 * says what is wrong and what to do; nothing invalid ever reaches Graph.
 */
import {
  HUMAN_AGENT_TAG,
  MEDIA_KINDS,
  MESSAGING_TYPES,
  MEDIA_LIMITS,
  TEXT_MAX_BYTES,
  invalidLinks,
  isLocalMessageId,
  measureText,
  checkQuickReplies,
  checkTemplate,
  validateLink,
  type KitMessagingType,
  type KitQuickReply,
  type KitTemplate,
  type MediaKind,
  type RateLimitClass,
  type StructuredCheck,
} from '@kit/core';
import { KitHttpError } from '../http/errors';
import { isObj } from '../http/body';
import { unknownFieldError } from '../http/validate';

/** One outbound media attachment: a public URL Meta fetches, or an Attachment Upload API id. */
export interface OutboundMedia {
  type: MediaKind;
  url?: string;
  attachmentId?: string;
  /** Informational, echoed on the stored message (from the upload route's answer). */
  mime?: string;
  size?: number;
  name?: string;
  format?: string;
}

/** The validated content of a send — what the outbox stores and the worker turns into Graph calls. */
export interface SendContent {
  text?: string;
  attachments?: OutboundMedia[];
  sticker?: 'like_heart';
  /** MEDIA_SHARE of a post owned by the business (reference §1.5). */
  share?: { mediaId: string };
  /** Button or generic template (reference §1.8), sent as a `template` attachment. */
  template?: KitTemplate;
  /** Chips under a text message (reference §1.7). */
  quickReplies?: KitQuickReply[];
}

export interface SendBody extends SendContent {
  to: string;
  clientId: string;
  replyTo?: string;
  tag?: string;
  /** `messaging_type` for an untagged send; a tag always goes as MESSAGE_TAG. */
  messagingType?: KitMessagingType;
  automated: boolean;
}

/** Every field the send body takes; anything else is refused, never dropped (a dropped field is a message the agent did not send). */
const SEND_FIELDS = ['to', 'clientId', 'text', 'quickReplies', 'attachment', 'attachments', 'sticker', 'share', 'template', 'replyTo', 'tag', 'messagingType', 'automated'] as const;
const CONTENT_FIELDS = ['text', 'attachment', 'attachments', 'sticker', 'share', 'template'] as const;
const MEDIA_FIELDS = ['type', 'url', 'attachmentId', 'mime', 'size', 'name', 'format'] as const;
const SHARE_FIELDS = ['mediaId'] as const;

/** Client ids are opaque to us but travel in URLs, logs and SQL keys: keep them plain. */
export const CLIENT_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const RECIPIENT_RE = /^[A-Za-z0-9_.-]{1,128}$/;

const bad = (code: string, message: string, details?: Record<string, unknown>) =>
  new KitHttpError(400, code, message, details ? { details } : {});


/** Refuse the first own key of `value` that is not in `accepted` (`where` prefixes its path). */
function onlyFields(value: Record<string, unknown>, accepted: readonly string[], where?: string): void {
  for (const key of Object.keys(value)) {
    if (!accepted.includes(key)) throw unknownFieldError(where ? `${where}.${key}` : key, accepted);
  }
}

/** A structured check from @kit/core as a 400: the first problem's sentence, every problem in details. */
function structured<T>(result: StructuredCheck<T>, code: string): T {
  if (result.ok) return result.value;
  const first = result.issues[0]!;
  throw bad(code, first.message, { field: first.path, issues: result.issues });
}

/** Validate a text body (also used for the disclosure notice at startup). */
export function checkText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) throw bad('invalid_text', '`text` must be a non-empty string.');
  if (text.trim() === '') throw bad('invalid_text', '`text` contains only whitespace; Instagram does not deliver empty messages.');
  const m = measureText(text);
  if (m.overLimit) {
    throw bad(
      'text_too_long',
      `The text is ${m.bytes} bytes in UTF-8; Instagram accepts at most ${TEXT_MAX_BYTES} bytes. Shorten it by ${-m.remaining} bytes or split it into several messages (splitText from @kit/core).`,
      { bytes: m.bytes, maxBytes: TEXT_MAX_BYTES },
    );
  }
  const links = invalidLinks(text);
  const first = links[0];
  if (first && !first.validation.ok) {
    throw bad('invalid_link', `The link "${first.text}" cannot be sent: ${first.validation.message}`, {
      link: first.text,
      reason: first.validation.reason,
      start: first.start,
      end: first.end,
    });
  }
  return text;
}

function checkMedia(raw: unknown, where: string): OutboundMedia {
  if (!isObj(raw)) throw bad('invalid_attachment', `${where} must be an object { type, url } or { type, attachmentId }.`);
  onlyFields(raw, MEDIA_FIELDS, where);
  const type = raw.type;
  if (typeof type !== 'string' || !(MEDIA_KINDS as readonly string[]).includes(type)) {
    throw bad('invalid_attachment', `${where}.type must be one of ${MEDIA_KINDS.join(', ')}; use \`sticker: 'like_heart'\` for the heart and \`share\` for posts.`);
  }
  const kind = type as MediaKind;
  const hasUrl = raw.url !== undefined;
  const hasId = raw.attachmentId !== undefined;
  if (hasUrl === hasId) {
    throw bad('invalid_attachment', `${where} needs exactly one of \`url\` (a public https URL) or \`attachmentId\` (from POST /accounts/:id/attachments).`);
  }
  const out: OutboundMedia = { type: kind };
  if (hasUrl) {
    const v = typeof raw.url === 'string' ? validateLink(raw.url) : null;
    if (!v?.ok) throw bad('invalid_attachment_url', `${where}.url is not a sendable link${v && !v.ok ? `: ${v.message}` : '.'}`);
    out.url = v.url;
  } else {
    if (typeof raw.attachmentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(raw.attachmentId)) {
      throw bad('invalid_attachment', `${where}.attachmentId must be the id returned by POST /accounts/:id/attachments.`);
    }
    out.attachmentId = raw.attachmentId;
  }
  if (raw.size !== undefined) {
    if (typeof raw.size !== 'number' || !Number.isInteger(raw.size) || raw.size < 0) throw bad('invalid_attachment', `${where}.size must be a byte count.`);
    if (raw.size > MEDIA_LIMITS[kind].maxBytes) {
      throw bad('attachment_too_large', `${where} is ${raw.size} bytes; ${kind} attachments can be at most ${MEDIA_LIMITS[kind].maxBytes} bytes.`, {
        size: raw.size,
        maxBytes: MEDIA_LIMITS[kind].maxBytes,
      });
    }
    out.size = raw.size;
  }
  for (const k of ['mime', 'name', 'format'] as const) {
    const v = raw[k];
    if (typeof v === 'string' && v.length <= 255) out[k] = v;
  }
  return out;
}

/** Kinds and counts per message (reference §1.5, MEDIA_LIMITS): up to 10 images, one of anything else, never mixed. */
function checkMediaSet(list: OutboundMedia[]): void {
  const kinds = new Set(list.map((a) => a.type));
  if (kinds.size > 1) {
    throw bad('mixed_attachments', `One message can carry several images, or one video, audio or PDF — not a mix (${[...kinds].join(' + ')}). Send them as separate messages.`);
  }
  const kind = list[0]!.type;
  const max = MEDIA_LIMITS[kind].perMessage;
  if (list.length > max) {
    throw bad('too_many_attachments', `One message can carry at most ${max} ${kind} attachment${max === 1 ? '' : 's'}; got ${list.length}. Send the rest in another message.`, {
      count: list.length,
      max,
    });
  }
}

export function validateSendBody(body: unknown): SendBody {
  if (!isObj(body)) throw bad('invalid_body', 'Send a JSON object { to, clientId, text | attachment | attachments | sticker | share | template }.');
  onlyFields(body, SEND_FIELDS);
  const { to, clientId } = body;
  if (typeof to !== 'string' || !RECIPIENT_RE.test(to)) {
    throw bad('invalid_recipient', '`to` must be the customer\'s Instagram-scoped id (IGSID) from a webhook or the conversation.');
  }
  if (typeof clientId !== 'string' || !CLIENT_ID_RE.test(clientId)) {
    throw bad('invalid_client_id', '`clientId` is required: a client-generated id (letters, digits, _ . : -; at most 128) that makes retries safe.');
  }
  const present = CONTENT_FIELDS.filter((k) => body[k] !== undefined);
  if (present.length !== 1) {
    throw bad(
      'invalid_content',
      present.length === 0
        ? 'Nothing to send: give exactly one of `text`, `attachment`, `attachments`, `sticker`, `share` or `template`.'
        : `Instagram sends ${present.join(' and ')} as separate messages; give exactly one of them per request.`,
    );
  }
  const out: SendBody = { to, clientId, automated: false };
  switch (present[0]) {
    case 'text':
      out.text = checkText(body.text);
      break;
    case 'attachment':
      out.attachments = [checkMedia(body.attachment, 'attachment')];
      break;
    case 'attachments': {
      if (!Array.isArray(body.attachments) || body.attachments.length === 0) throw bad('invalid_attachment', '`attachments` must be a non-empty array.');
      out.attachments = body.attachments.map((a, i) => checkMedia(a, `attachments[${i}]`));
      checkMediaSet(out.attachments);
      break;
    }
    case 'sticker':
      if (body.sticker !== 'like_heart') throw bad('invalid_sticker', "The only sticker Instagram accepts is 'like_heart'.");
      out.sticker = 'like_heart';
      break;
    case 'share': {
      const s = body.share;
      if (isObj(s)) onlyFields(s, SHARE_FIELDS, 'share');
      const id = isObj(s) ? s.mediaId : undefined;
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw bad('invalid_share', '`share` must be { mediaId } of a post owned by this account.');
      out.share = { mediaId: id };
      break;
    }
    case 'template':
      out.template = structured(checkTemplate(body.template, { path: 'template' }), 'invalid_template');
      break;
  }
  if (body.quickReplies !== undefined) {
    if (out.text === undefined) throw bad('invalid_quick_replies', '`quickReplies` go under a text message: send them with `text`.', { field: 'quickReplies' });
    out.quickReplies = structured(checkQuickReplies(body.quickReplies, { path: 'quickReplies' }), 'invalid_quick_replies');
  }
  if (body.replyTo !== undefined) {
    if (typeof body.replyTo !== 'string' || body.replyTo === '' || body.replyTo.length > 256) throw bad('invalid_reply_to', '`replyTo` must be the id of a message in this conversation.');
    if (isLocalMessageId(body.replyTo)) throw bad('invalid_reply_to', '`replyTo` points at a message that has not been sent yet; wait for its send_status "sent".');
    out.replyTo = body.replyTo;
  }
  if (body.tag !== undefined && body.tag !== null) {
    if (body.tag !== HUMAN_AGENT_TAG) throw bad('invalid_tag', `Instagram only accepts the ${HUMAN_AGENT_TAG} message tag.`);
    out.tag = body.tag;
  }
  if (body.messagingType !== undefined) {
    if (typeof body.messagingType !== 'string' || !(MESSAGING_TYPES as readonly string[]).includes(body.messagingType)) {
      throw bad('invalid_messaging_type', `\`messagingType\` must be one of ${MESSAGING_TYPES.join(', ')}; a tagged send goes as MESSAGE_TAG by itself.`);
    }
    if (out.tag) throw bad('invalid_messaging_type', 'A send with a `tag` goes as MESSAGE_TAG; leave out `messagingType`.');
    out.messagingType = body.messagingType as KitMessagingType;
  }
  if (body.automated !== undefined) {
    if (typeof body.automated !== 'boolean') throw bad('invalid_automated', '`automated` must be true (sent by automation) or false (written by a person).');
    out.automated = body.automated;
  }
  return out;
}

/** The content part of a body, as the outbox stores it. */
export function contentOf(b: SendBody): SendContent {
  const out: SendContent = {};
  if (b.text !== undefined) out.text = b.text;
  if (b.quickReplies) out.quickReplies = b.quickReplies;
  if (b.attachments) out.attachments = b.attachments;
  if (b.sticker) out.sticker = b.sticker;
  if (b.share) out.share = b.share;
  if (b.template) out.template = b.template;
  return out;
}

/** Meta's rate-limit bucket for this content (reference §3.1; images share the media bucket, see core). */
export function rateClassOf(c: SendContent): RateLimitClass {
  if (c.attachments?.length) return 'media';
  if (c.sticker) return 'stickers';
  return 'text';
}

/** Stable fingerprint of what was asked, to tell an idempotent retry from a reused clientId. */
export function fingerprint(b: SendBody): string {
  return JSON.stringify([
    b.to,
    b.text ?? null,
    b.attachments ?? null,
    b.sticker ?? null,
    b.share ?? null,
    b.replyTo ?? null,
    b.tag ?? null,
    b.automated,
    ...(b.template || b.quickReplies || b.messagingType ? [b.template ?? null, b.quickReplies ?? null, b.messagingType ?? null] : []),
  ]);
}
