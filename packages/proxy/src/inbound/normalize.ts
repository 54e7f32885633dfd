/**
 * Meta webhook body → KitEvents (reference §5.5–§5.6). Pure: no I/O, no clock.
 *
 * Tolerances the reference asks for: `object` may be `instagram` or `page`; the body may be
 * wrapped in an array; `entry.id` may be the IG account or the Page; timestamps may be ms or s;
 * `standby` items are messages too; the App Dashboard's "Test" button wraps a messaging item in
 * `changes: [{ field: 'messages', value }]`.
 *
 * Which account and which direction: the entry's account (`entry.id`) first, then `is_echo`
 * (the business wrote it, whatever way round the envelope is), and only then the sender/recipient
 * match. So an echo is never taken for a customer message, also not when its envelope is not
 * swapped or when two accounts of this kit write to each other.
 *
 * Anything with an event key we do not understand becomes an `unsupported` event carrying its kind
 * — kept and surfaced, never a crash. An item with no event key at all carries nothing: it is
 * reported in `skipped` (`no_event_key`, logged at debug) and not stored or streamed.
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
  /**
   * Delivered on `standby`: another app holds the thread (reference §9.3), so the kit may not
   * send in it; the event itself is applied like any other.
   */
  standby?: true;
  /**
   * A `message_edited` whose `num_edit` was missing or not a number: the event's `editCount` is a
   * placeholder and the store applies the edit as one more than the count it knows.
   */
  editCountUnknown?: true;
}

export interface SkippedItem {
  reason: 'unknown_account' | 'not_an_object' | 'unknown_object' | 'no_event_key';
  ids?: string[];
  /** How loud the pipeline should log it: `no_event_key` is noise (debug), the rest warn. */
  level?: 'debug' | 'warn';
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
        for (const m of list) if (isObj(m)) normalizeMessaging(m, entryId, entryTime, resolveAccount, result, key === 'standby');
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

/**
 * Webhook fields whose `changes[].value` is a messaging item (`sender`, `recipient`, `timestamp`,
 * one event key): the App Dashboard's "Test" button sends messaging samples that way.
 */
const MESSAGING_FIELDS = new Set([
  'messages',
  'message_edit',
  'message_reactions',
  'messaging_seen',
  'messaging_postbacks',
  'messaging_referral',
  'messaging_optins',
  'messaging_handover',
  'standby',
]);

function normalizeChange(change: Obj, entryId: string | undefined, entryTime: number, resolveAccount: (id: string) => string | undefined, out: NormalizeResult) {
  if (typeof change.field === 'string' && MESSAGING_FIELDS.has(change.field) && isObj(change.value) && (isObj(change.value.sender) || isObj(change.value.recipient))) {
    return normalizeMessaging(change.value, entryId, entryTime, resolveAccount, out, change.field === 'standby');
  }
  if (str(change.field) === undefined && (change.value === undefined || change.value === null)) {
    out.skipped.push({ reason: 'no_event_key', level: 'debug', ...(entryId ? { ids: [entryId] } : {}) });
    return;
  }
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
  standby = false,
) {
  const before = out.items.length;
  normalizeMessagingItem(m, entryId, entryTime, resolveAccount, out);
  if (standby) for (const item of out.items.slice(before)) if (item.customerId) item.standby = true;
}

/** Conversation Routing's handover keys (reference §5.6 `messaging_handover`) → the kit's action. */
const HANDOVER_KEYS = {
  pass_thread_control: 'pass',
  take_thread_control: 'take',
  request_thread_control: 'request',
  release_thread_control: 'release',
} as const;

function normalizeMessagingItem(
  m: Obj,
  entryId: string | undefined,
  entryTime: number,
  resolveAccount: (id: string) => string | undefined,
  out: NormalizeResult,
) {
  const senderId = isObj(m.sender) ? str(m.sender.id) : undefined;
  const recipientId = isObj(m.recipient) ? str(m.recipient.id) : undefined;
  // A key whose value is null/absent carries nothing either.
  const kind = Object.keys(m).find((k) => !ENVELOPE_KEYS.has(k) && m[k] !== undefined && m[k] !== null);
  if (!kind) {
    out.skipped.push({ reason: 'no_event_key', level: 'debug', ids: [entryId, recipientId, senderId].filter((x): x is string => !!x) });
    return;
  }
  const side = businessSide(entryId, senderId, recipientId, isObj(m.message) && m.message.is_echo === true, resolveAccount);
  if (!side) {
    out.skipped.push({ reason: 'unknown_account', ids: [recipientId, senderId, entryId].filter((x): x is string => !!x) });
    return;
  }
  const { accountId, byBusiness, businessWireId, customerId } = side;
  const at = toMs(m.timestamp, entryTime);
  const unsupported = (why = kind): InboundItem => ({
    accountId,
    ...(customerId ? { customerId } : {}),
    at,
    dedupeKey: `u:${accountId}:${hash(m)}`,
    event: {
      type: 'unsupported',
      accountId,
      at,
      kind: why,
      ...(customerId ? { conversationId: conversationId(accountId, customerId) } : {}),
      raw: m,
    },
  });
  if (!customerId || customerId === businessWireId) {
    out.items.push(unsupported());
    return;
  }
  const cid = conversationId(accountId, customerId);
  const base = { accountId, conversationId: cid, at };
  const by = byBusiness ? ('business' as const) : ('customer' as const);
  const push = (dedupeKey: string, event: KitEvent, extra: Partial<InboundItem> = {}) => out.items.push({ accountId, customerId, at, dedupeKey, event, ...extra });

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
      direction: byBusiness ? 'outbound' : 'inbound',
      from: byBusiness ? business : customer,
      to: byBusiness ? customer : business,
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
    if (replyTo && 'story' in replyTo) {
      // The replied-to story may also come as an `ig_story` attachment: one reference, not two.
      const same = message.attachments.findIndex((a) => a.type === 'share' && a.storyId === replyTo.story.id);
      const dup = message.attachments[same];
      if (dup) {
        if (!replyTo.story.url && dup.url) replyTo.story.url = dup.url;
        message.attachments.splice(same, 1);
      }
    }
    if (isObj(msg.quick_reply) && str(msg.quick_reply.payload)) message.quickReplyPayload = str(msg.quick_reply.payload) as string;
    if (isObj(msg.referral)) message.referral = normalizeReferral(msg.referral);
    if (msg.is_unsupported === true) message.unsupported = true;
    if (msg.is_echo === true) {
      message.isEcho = true;
      message.status = 'sent';
      // Standby echoes name the app that wrote (reference §9.3); apply.ts drops the kit's own id.
      if (str(msg.app_id)) message.appId = str(msg.app_id) as string;
    }
    return push(`m:${accountId}:${mid}`, { ...base, type: 'message', message });
  }

  if (isObj(m.message_edit)) {
    const e = m.message_edit;
    const mid = str(e.mid);
    if (!mid) return void out.items.push(unsupported('message_edit_without_mid'));
    const text = typeof e.text === 'string' ? { text: e.text } : {};
    const count = num(e.num_edit);
    if (count === undefined) {
      // `num_edit` missing or not a number (reference §5.6 gives `{ mid, text, num_edit }`): the
      // edit is still applied — as one more than the count the store knows (apply.ts) — so its
      // text is never lost. Redeliveries of the same edit share a key by text and Meta's time.
      return push(
        `e:${accountId}:${mid}:?:${hash([e.text ?? null, m.timestamp ?? null])}`,
        { ...base, type: 'message_edited', messageId: mid, editCount: 0, ...text },
        { editCountUnknown: true },
      );
    }
    return push(`e:${accountId}:${mid}:${count}`, { ...base, type: 'message_edited', messageId: mid, editCount: count, ...text });
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

  const handoverKey = (Object.keys(HANDOVER_KEYS) as (keyof typeof HANDOVER_KEYS)[]).find((k) => isObj(m[k]));
  if (handoverKey) {
    const h = m[handoverKey] as Obj;
    const previousAppId = str(h.previous_owner_app_id);
    const newAppId = str(h.new_owner_app_id);
    const requestedByAppId = str(h.requested_owner_app_id);
    const metadata = typeof h.metadata === 'string' && h.metadata ? h.metadata : undefined;
    return push(`h:${accountId}:${customerId}:${handoverKey}:${at}:${hash(h)}`, {
      ...base,
      type: 'handover',
      action: HANDOVER_KEYS[handoverKey],
      ...(previousAppId ? { previousAppId } : {}),
      ...(newAppId ? { newAppId } : {}),
      ...(requestedByAppId ? { requestedByAppId } : {}),
      ...(metadata ? { metadata } : {}),
    });
  }

  // `app_roles`, policy enforcement, and anything new Meta adds: kept as `unsupported` with the
  // webhook key as kind.
  out.items.push(unsupported());
}

interface BusinessSide {
  accountId: string;
  /** The business wrote it (echo, or a reaction/read by the business). */
  byBusiness: boolean;
  /** The id the business has on the wire (IG account id; the Page id in some samples). */
  businessWireId: string | undefined;
  /** The other side of the envelope: the customer's IGSID. */
  customerId: string | undefined;
}

/**
 * Finds the account, which envelope side is the business, and who wrote it (reference §5.5).
 * `entry.id` names the account whose webhook this is: when it is ours it decides the account, so
 * an echo in A's entry is A's, also when its recipient is another account of this kit. `is_echo`
 * decides the author: the business, on whichever side its id is (Meta swaps the envelope for
 * echoes; an echo that arrives unswapped still is the business's message, to the other side).
 * Without a known `entry.id` the envelope decides: echoes by their sender first, everything else
 * by its recipient first.
 */
function businessSide(
  entryId: string | undefined,
  senderId: string | undefined,
  recipientId: string | undefined,
  echo: boolean,
  resolveAccount: (id: string) => string | undefined,
): BusinessSide | undefined {
  const owner = (id: string | undefined) => (id ? resolveAccount(id) : undefined);
  /** The business is the sender on the wire. */
  const sending = (accountId: string): BusinessSide => ({ accountId, byBusiness: true, businessWireId: senderId, customerId: recipientId });
  /** The business is the recipient on the wire; `byBusiness` only for an unswapped echo. */
  const receiving = (accountId: string, byBusiness = false): BusinessSide => ({ accountId, byBusiness, businessWireId: recipientId, customerId: senderId });
  const entryAccount = owner(entryId);
  if (entryAccount) {
    const senderIsUs = owner(senderId) === entryAccount;
    const recipientIsUs = owner(recipientId) === entryAccount;
    if (echo) return recipientIsUs && !senderIsUs ? receiving(entryAccount, true) : sending(entryAccount);
    if (recipientIsUs) return receiving(entryAccount);
    if (senderIsUs) return sending(entryAccount);
    // entry.id matched but neither side did (e.g. a Page id in entry.id): a customer event.
    return receiving(entryAccount);
  }
  const senderAccount = owner(senderId);
  const recipientAccount = owner(recipientId);
  if (echo) {
    if (senderAccount) return sending(senderAccount);
    if (recipientAccount) return receiving(recipientAccount, true);
    return undefined;
  }
  if (recipientAccount) return receiving(recipientAccount);
  if (senderAccount) return sending(senderAccount);
  return undefined;
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
    if (str(a.post_id)) out.postId = str(a.post_id) as string;
    if (str(a.product_id)) out.productId = str(a.product_id) as string;
    if (str(a.flow_id)) out.flowId = str(a.flow_id) as string;
  }
  // Welcome-message flows: `flow_id` may also sit on the referral itself (reference §5.6).
  if (!out.flowId && str(r.flow_id)) out.flowId = str(r.flow_id) as string;
  if (isObj(r.product) && str(r.product.id)) out.productId = str(r.product.id) as string;
  if (typeof r.is_self === 'boolean') out.isSelf = r.is_self;
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
      case 'story_mention': {
        // Flat `{ url, id? }` (reference §5.6) or nested `{ story: { url, id } }`.
        const story: Obj = isObj(p.story) ? p.story : {};
        const storyUrl = url ?? str(story.url) ?? str(story.link);
        const storyId = str(p.id) ?? str(story.id);
        out.push({ type: 'story_mention', ...(storyUrl ? { url: storyUrl } : {}), ...(storyId ? { storyId } : {}) });
        break;
      }
      case 'ig_story': {
        // A story shared into the thread: the media is in `story_media_url`. Kept as a share of
        // that story (`storyId` says it is a story: its URL dies with the story after 24 h).
        const storyUrl = str(p.story_media_url) ?? url;
        const storyId = str(p.id) ?? str(p.story_id) ?? str(p.ig_story_id);
        out.push({ type: 'share', ...(storyUrl ? { url: storyUrl } : {}), ...(title ? { title } : {}), ...(storyId ? { storyId } : {}) });
        break;
      }
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
