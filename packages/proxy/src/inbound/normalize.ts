/**
 * Meta webhook body → KitEvents (reference §5.5–§5.6). Pure: no I/O, no clock.
 *
 * Tolerances the reference asks for: `object` may be `instagram` or `page`; the body may be
 * wrapped in an array; `entry.id` may be the IG account or the Page (so the business side is found
 * by matching configured ids against recipient, then sender, then entry.id); timestamps may be
 * ms or s; `standby` items are messages too. Anything we do not understand becomes an
 * `unsupported` event carrying its kind — kept and surfaced, never dropped, never a crash.
 */
import { createHash } from 'node:crypto';
import type {
  KitAttachment,
  KitEvent,
  KitMessage,
  KitReferral,
  KitReplyTo,
  KitTemplateAttachment,
  KitTemplateButton,
  KitTemplateElement,
} from '@kit/core';
import { conversationId } from '@kit/core';
import { normalizeCommentChange } from './comments';

export interface InboundItem {
  accountId: string;
  /** Customer IGSID; absent for events without a thread (e.g. comments). */
  customerId?: string;
  /** Meta's time of the event, ms. */
  at: number;
  /** Same event delivered twice → same key (reference §5.3: dedupe by mid + kind). */
  dedupeKey: string;
  event: KitEvent;
}

export interface SkippedItem {
  reason: 'unknown_account' | 'not_an_object' | 'unknown_object';
  ids?: string[];
}

export interface NormalizeResult {
  items: InboundItem[];
  skipped: SkippedItem[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/** Messaging timestamps are ms; generic Graph webhooks use seconds (reference §5.5). */
function toMs(v: unknown, fallback: number): number {
  const n = num(v);
  if (n === undefined) return fallback;
  return n < 1e12 ? n * 1000 : n;
}

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('base64url').slice(0, 32);

/** Keys of a messaging item that carry the event (everything but the envelope). */
const ENVELOPE_KEYS = new Set(['sender', 'recipient', 'timestamp']);

export function normalizeWebhook(body: unknown, resolveAccount: (id: string) => string | undefined): NormalizeResult {
  const result: NormalizeResult = { items: [], skipped: [] };
  const bodies = Array.isArray(body) ? body : [body];
  for (const b of bodies) {
    if (!isObj(b) || !Array.isArray(b.entry)) {
      result.skipped.push({ reason: 'not_an_object' });
      continue;
    }
    if (b.object !== 'instagram' && b.object !== 'page') {
      result.skipped.push({ reason: 'unknown_object' });
      continue;
    }
    for (const entry of b.entry) {
      if (!isObj(entry)) continue;
      const entryId = str(entry.id);
      const entryTime = toMs(entry.time, 0);
      for (const key of ['messaging', 'standby'] as const) {
        const list = entry[key];
        if (!Array.isArray(list)) continue;
        for (const m of list) if (isObj(m)) normalizeMessaging(m, entryId, entryTime, resolveAccount, result);
      }
      if (Array.isArray(entry.changes)) {
        for (const c of entry.changes) if (isObj(c)) normalizeChange(c, entryId, entryTime, resolveAccount, result);
      }
      // One IG-flavor sample puts `field`/`value` straight into the entry (reference §5.5).
      if (typeof entry.field === 'string' && 'value' in entry) normalizeChange(entry, entryId, entryTime, resolveAccount, result);
    }
  }
  return result;
}

function normalizeChange(change: Obj, entryId: string | undefined, entryTime: number, resolveAccount: (id: string) => string | undefined, out: NormalizeResult) {
  const accountId = entryId ? resolveAccount(entryId) : undefined;
  if (!accountId) {
    out.skipped.push({ reason: 'unknown_account', ...(entryId ? { ids: [entryId] } : {}) });
    return;
  }
  const kind = str(change.field) ?? 'changes';
  const value = change.value;
  const comment = normalizeCommentChange(kind, value, { accountId, entryTime, resolveAccount });
  if (comment) return void out.items.push(comment);
  const at = isObj(value) ? toMs(value.timestamp ?? value.time ?? entryTime, entryTime) : entryTime;
  out.items.push({
    accountId,
    at,
    dedupeKey: `u:${accountId}:${hash(change)}`,
    event: { type: 'unsupported', accountId, at, kind, raw: change },
  });
}

function normalizeMessaging(
  m: Obj,
  entryId: string | undefined,
  entryTime: number,
  resolveAccount: (id: string) => string | undefined,
  out: NormalizeResult,
) {
  const senderId = isObj(m.sender) ? str(m.sender.id) : undefined;
  const recipientId = isObj(m.recipient) ? str(m.recipient.id) : undefined;
  // Business side: the recipient of customer events, the sender of echoes (reference §5.5).
  let accountId: string | undefined;
  let businessIsSender = false;
  let businessWireId: string | undefined;
  if (recipientId && resolveAccount(recipientId)) {
    accountId = resolveAccount(recipientId);
    businessWireId = recipientId;
  } else if (senderId && resolveAccount(senderId)) {
    accountId = resolveAccount(senderId);
    businessIsSender = true;
    businessWireId = senderId;
  } else if (entryId && resolveAccount(entryId)) {
    // entry.id matched but neither side did (e.g. a Page id in entry.id): the echo flag decides.
    accountId = resolveAccount(entryId);
    businessIsSender = isObj(m.message) && m.message.is_echo === true;
    businessWireId = businessIsSender ? senderId : recipientId;
  }
  if (!accountId) {
    out.skipped.push({ reason: 'unknown_account', ids: [recipientId, senderId, entryId].filter((x): x is string => !!x) });
    return;
  }
  const customerId = businessIsSender ? recipientId : senderId;
  const at = toMs(m.timestamp, entryTime);
  const kind = Object.keys(m).find((k) => !ENVELOPE_KEYS.has(k)) ?? 'empty';
  const unsupported = (why = kind): InboundItem => ({
    accountId: accountId as string,
    ...(customerId ? { customerId } : {}),
    at,
    dedupeKey: `u:${accountId}:${hash(m)}`,
    event: {
      type: 'unsupported',
      accountId: accountId as string,
      at,
      kind: why,
      ...(customerId ? { conversationId: conversationId(accountId as string, customerId) } : {}),
      raw: m,
    },
  });
  if (!customerId || customerId === businessWireId) {
    out.items.push(unsupported());
    return;
  }
  const cid = conversationId(accountId, customerId);
  const base = { accountId, conversationId: cid, at };
  const by = businessIsSender ? ('business' as const) : ('customer' as const);
  const push = (dedupeKey: string, event: KitEvent) => out.items.push({ accountId: accountId as string, customerId, at, dedupeKey, event });

  if (isObj(m.message)) {
    const msg = m.message;
    const mid = str(msg.mid);
    if (!mid) return void out.items.push(unsupported('message_without_mid'));
    if (msg.is_deleted === true) {
      return push(`d:${accountId}:${mid}`, { ...base, type: 'message_deleted', messageId: mid });
    }
    const business = { id: businessWireId ?? accountId };
    const customer = { id: customerId };
    const message: KitMessage = {
      id: mid,
      conversationId: cid,
      accountId,
      direction: businessIsSender ? 'outbound' : 'inbound',
      from: businessIsSender ? business : customer,
      to: businessIsSender ? customer : business,
      attachments: normalizeAttachments(msg.attachments),
      createdAt: at,
      editCount: 0,
      deleted: false,
      reactions: [],
    };
    const text = typeof msg.text === 'string' ? msg.text : undefined;
    if (text !== undefined) message.text = text;
    const replyTo = normalizeReplyTo(msg.reply_to);
    if (replyTo) message.replyTo = replyTo;
    if (isObj(msg.quick_reply) && str(msg.quick_reply.payload)) message.quickReplyPayload = str(msg.quick_reply.payload) as string;
    if (isObj(msg.referral)) message.referral = normalizeReferral(msg.referral);
    if (msg.is_unsupported === true) message.unsupported = true;
    if (msg.is_echo === true) {
      message.isEcho = true;
      message.status = 'sent';
    }
    return push(`m:${accountId}:${mid}`, { ...base, type: 'message', message });
  }

  if (isObj(m.message_edit)) {
    const e = m.message_edit;
    const mid = str(e.mid);
    if (!mid) return void out.items.push(unsupported('message_edit_without_mid'));
    const editCount = num(e.num_edit) ?? 0;
    return push(`e:${accountId}:${mid}:${editCount}`, {
      ...base,
      type: 'message_edited',
      messageId: mid,
      editCount,
      ...(typeof e.text === 'string' ? { text: e.text } : {}),
    });
  }

  if (isObj(m.reaction)) {
    const r = m.reaction;
    const mid = str(r.mid);
    if (!mid) return void out.items.push(unsupported('reaction_without_mid'));
    const action = r.action === 'unreact' ? 'unreact' : 'react';
    return push(`r:${accountId}:${mid}:${by}:${action}:${str(r.reaction) ?? ''}:${at}`, {
      ...base,
      type: 'reaction',
      messageId: mid,
      action,
      by,
      ...(action === 'react' && str(r.reaction) ? { reaction: str(r.reaction) as string } : {}),
      ...(action === 'react' && str(r.emoji) ? { emoji: str(r.emoji) as string } : {}),
    });
  }

  if (isObj(m.read)) {
    const mid = str(m.read.mid);
    // Messenger-style watermark reads carry no mid; Instagram's messaging_seen does.
    if (!mid) return void out.items.push(unsupported('read_without_mid'));
    return push(`s:${accountId}:${mid}:${by}:${at}`, { ...base, type: 'read', messageId: mid, by });
  }

  if (isObj(m.postback)) {
    const p = m.postback;
    const mid = str(p.mid);
    const payload = typeof p.payload === 'string' ? p.payload : '';
    return push(mid ? `p:${accountId}:${mid}` : `p:${accountId}:${hash(m)}`, {
      ...base,
      type: 'postback',
      payload,
      ...(mid ? { messageId: mid } : {}),
      ...(str(p.title) ? { title: str(p.title) as string } : {}),
      ...(isObj(p.referral) ? { referral: normalizeReferral(p.referral) } : {}),
    });
  }

  if (isObj(m.referral)) {
    return push(`f:${accountId}:${hash(m)}`, { ...base, type: 'referral', referral: normalizeReferral(m.referral) });
  }

  if (isObj(m.optin)) {
    const o = m.optin;
    const stopped = o.notification_messages_status === 'STOP_NOTIFICATIONS' || o.status === 'STOP_NOTIFICATIONS';
    const topic = str(o.title) ?? str(o.topic) ?? str(o.type);
    // The notification-messages token is a credential for marketing sends: it is never put on an
    // event (events reach browsers). Keeping it server-side is the sending side's job.
    return push(`o:${accountId}:${hash(m)}`, {
      ...base,
      type: 'optin',
      state: stopped ? 'opted_out' : 'opted_in',
      ...(topic ? { topic } : {}),
      ...(typeof o.payload === 'string' ? { payload: o.payload } : {}),
    });
  }

  // Handover / routing (pass/take/request_thread_control, app_roles), policy enforcement, and
  // anything new Meta adds: kept as `unsupported` with the webhook key as kind.
  out.items.push(unsupported());
}

function normalizeReplyTo(v: unknown): KitReplyTo | undefined {
  if (!isObj(v)) return undefined;
  if (isObj(v.story)) {
    const id = str(v.story.id);
    if (!id) return undefined;
    return { story: { id, ...(str(v.story.url) ? { url: str(v.story.url) as string } : {}) } };
  }
  const mid = str(v.mid);
  if (!mid) return undefined;
  return { messageId: mid, ...(typeof v.is_self_reply === 'boolean' ? { isSelfReply: v.is_self_reply } : {}) };
}

export function normalizeReferral(r: Obj): KitReferral {
  const out: KitReferral = {};
  if (str(r.ref)) out.ref = str(r.ref) as string;
  if (str(r.source)) out.source = str(r.source) as string;
  if (str(r.type)) out.type = str(r.type) as string;
  if (str(r.ad_id)) out.adId = str(r.ad_id) as string;
  if (isObj(r.ads_context_data)) {
    const a = r.ads_context_data;
    if (str(a.ad_title)) out.adTitle = str(a.ad_title) as string;
    if (str(a.photo_url)) out.photoUrl = str(a.photo_url) as string;
    if (str(a.video_url)) out.videoUrl = str(a.video_url) as string;
  }
  if (isObj(r.product) && str(r.product.id)) out.productId = str(r.product.id) as string;
  return out;
}

function buttons(v: unknown): KitTemplateButton[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObj).map((b) => ({
    type: b.type === 'postback' ? 'postback' : 'web_url',
    title: str(b.title) ?? '',
    ...(str(b.url) ? { url: str(b.url) as string } : {}),
    ...(str(b.payload) ? { payload: str(b.payload) as string } : {}),
  }));
}

function template(type: string, payload: Obj): KitTemplateAttachment {
  const generic = isObj(payload.generic) ? payload.generic : payload;
  const elements: KitTemplateElement[] | undefined = Array.isArray(generic.elements)
    ? generic.elements.filter(isObj).map((e) => {
        const el: KitTemplateElement = { title: str(e.title) ?? '' };
        if (str(e.subtitle)) el.subtitle = str(e.subtitle) as string;
        if (str(e.image_url)) el.imageUrl = str(e.image_url) as string;
        if (isObj(e.default_action) && str(e.default_action.url)) el.defaultActionUrl = str(e.default_action.url) as string;
        const b = buttons(e.buttons);
        if (b) el.buttons = b;
        return el;
      })
    : undefined;
  const t: KitTemplateAttachment = { type: 'template', templateType: str(generic.template_type) ?? (type === 'template' ? 'generic' : type), raw: payload };
  if (elements) t.elements = elements;
  if (str(generic.text)) t.text = str(generic.text) as string;
  const b = buttons(generic.buttons);
  if (b) t.buttons = b;
  return t;
}

/** Inbound attachment types (reference §5.6 table). */
export function normalizeAttachments(v: unknown): KitAttachment[] {
  if (!Array.isArray(v)) return [];
  const items = v.filter(isObj);
  // From 2025-11 a post share arrives as both the legacy `share` and the new `ig_post`
  // (reference §5.6): keep one.
  const igPostIds = new Set(items.filter((a) => a.type === 'ig_post' && isObj(a.payload)).map((a) => str((a.payload as Obj).ig_post_media_id) ?? str((a.payload as Obj).url)));
  const out: KitAttachment[] = [];
  for (const a of items) {
    const type = str(a.type) ?? 'unknown';
    const p: Obj = isObj(a.payload) ? a.payload : {};
    const url = str(p.url);
    const withUrl = url ? { url } : {};
    const title = str(p.title);
    switch (type) {
      case 'image':
      case 'video':
      case 'audio':
      case 'file':
        out.push({ type, ...withUrl, ...(str(p.attachment_id) ? { attachmentId: str(p.attachment_id) as string } : {}) });
        break;
      case 'sticker':
        out.push({ type: 'image', sticker: true, ...withUrl });
        break;
      case 'like_heart':
        out.push({ type: 'like_heart' });
        break;
      case 'share':
        if (igPostIds.has(str(p.ig_post_media_id) ?? url)) break;
        out.push({ type: 'share', ...withUrl, ...(title ? { title } : {}), ...(str(p.ig_post_media_id) ? { mediaId: str(p.ig_post_media_id) as string } : {}) });
        break;
      case 'ig_post':
        out.push({ type: 'ig_post', ...withUrl, ...(title ? { title } : {}), ...(str(p.ig_post_media_id) ? { mediaId: str(p.ig_post_media_id) as string } : {}) });
        break;
      case 'ig_reel':
      case 'reel': {
        const videoId = str(p.reel_video_id) ?? str(p.video_id);
        out.push({ type, ...withUrl, ...(title ? { title } : {}), ...(videoId ? { videoId } : {}) });
        break;
      }
      case 'story_mention':
        out.push({ type: 'story_mention', ...withUrl, ...(str(p.id) ? { storyId: str(p.id) as string } : {}) });
        break;
      case 'ephemeral':
        out.push({ type: 'ephemeral' });
        break;
      case 'template':
      case 'generic':
        out.push(template(type, p));
        break;
      default:
        out.push({ type: 'unsupported', originalType: type, ...withUrl, raw: a });
    }
  }
  return out;
}
