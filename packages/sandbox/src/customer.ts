/**
 * Script a person on the other side (reference §5.6): each action records what the person did
 * and queues exactly the webhook Meta sends for it. Actions that Meta counts as the person
 * reaching out (reference §2.1: messages, story replies/mentions, reactions, postbacks, ig.me
 * referrals) open or extend the messaging window.
 */

import { customerComment, customerMention, type CommentActionResult, type CommentOptions } from './comments';
import type { SandboxContext } from './context';
import { heldElsewhere } from './routing';
import type { WebhookEvent } from './webhooks';
import { messagingBase, webhookMessage } from './events';
import { hostBlob } from './media';
import { placeholderFile, placeholderPng } from './placeholder';
import { iceBreakersFor, menuFor } from './profile';
import type { Customer, SandboxAccount, StoredAttachment, StoredMessage } from './types';

/** A customer by IGSID, or a description to create them on first use. */
export type CustomerRef =
  | string
  | { accountId: string; id?: string; name?: string | null; username?: string; profilePic?: string };

export interface CreateCustomerInput {
  accountId: string;
  /** IGSID; generated when absent. */
  id?: string;
  name?: string | null;
  username?: string;
  profilePic?: string | null;
  followerCount?: number;
  isUserFollowBusiness?: boolean;
  isBusinessFollowUser?: boolean;
  isVerifiedUser?: boolean;
  locale?: string;
  /** What Instagram pre-fills in `user_phone_number` / `user_email` quick replies; without it the chip is hidden. */
  phone?: string;
  email?: string;
}

/** What an action produced: the message id (if it created one) and the messaging event queued. */
export interface CustomerActionResult {
  customerId: string;
  mid?: string;
  /** The `entry[].messaging[]` item as queued (before JSON escaping). */
  event: Record<string, unknown>;
  /** Webhook field it travels under (reference §5.4). */
  field: string;
}

export type CustomerMediaType = 'image' | 'video' | 'audio' | 'file';

/** Emoji Meta reports next to each reaction name (reference §1.10). */
export const REACTION_EMOJI: Record<string, string> = {
  love: '\u2764\ufe0f',
  like: '\ud83d\udc4d',
  laugh: '\ud83d\ude06',
  wow: '\ud83d\ude2e',
  sad: '\ud83d\ude22',
  angry: '\ud83d\ude21',
};

/** Users may edit a message at most 5 times (reference §5.6, M-WH-EDIT). */
const MAX_EDITS = 5;

const PALETTE: [number, number, number][] = [
  [214, 41, 118],
  [250, 126, 30],
  [79, 91, 213],
  [41, 150, 120],
  [150, 47, 191],
  [60, 60, 60],
];

export class CustomerApi {
  /** Set while `history()` runs: backdated time, and whether webhooks are suppressed. */
  private override: { at: number; webhooks: boolean } | null = null;

  constructor(private readonly ctx: SandboxContext) {}

  /**
   * Run actions as if they happened at `at` (ms, may be in the past) — for seeding history that
   * existed before the sandbox started. By default no webhooks are sent for them (the history is
   * read through the Conversations API, as Meta's is); `{ webhooks: true }` delivers them with
   * their original timestamps.
   */
  history<T>(at: number, fn: () => T, options: { webhooks?: boolean } = {}): T {
    const prev = this.override;
    this.override = { at, webhooks: options.webhooks ?? false };
    try {
      return fn();
    } finally {
      this.override = prev;
    }
  }

  private now(): number {
    return this.override?.at ?? this.ctx.clock.now();
  }

  private emit(event: WebhookEvent): void {
    const m = event.messaging ?? {};
    const value = (event.change?.value ?? {}) as { from?: { id?: string } };
    const customerId = event.change
      ? value.from?.id
      : ((m.sender as { id?: string } | undefined)?.id === event.entryId ? (m.recipient as { id?: string }) : (m.sender as { id?: string }))?.id;
    const account = this.ctx.accounts.find(event.entryId);
    this.ctx.inspector.notify({
      kind: 'customer',
      at: this.now(),
      ...(customerId ? { customerId } : {}),
      accountId: account?.id ?? event.entryId,
      summary: { field: event.field, event: m, ...(event.change ? { change: event.change.value } : {}) },
    });
    if (this.override && !this.override.webhooks) return;
    // While another app holds the thread, its events reach this app on standby (reference §9.3).
    if (event.messaging && customerId && account && heldElsewhere(this.ctx, account, this.ctx.store.findConversation(account.id, customerId))) {
      this.ctx.webhooks.enqueue({ ...event, field: 'standby', standby: true });
      return;
    }
    this.ctx.webhooks.enqueue(event);
  }

  /**
   * The business answers from the Instagram app, not through the API: Meta still sends the echo
   * (`is_echo`), and the reply shows up in the thread (reference §5.4).
   */
  appReply(ref: CustomerRef, text: string): CustomerActionResult {
    const c = this.resolve(ref);
    const account = this.account(c);
    const now = this.now();
    const conv = this.ctx.store.conversationFor(c.accountId, account.igUserId, c.id, now);
    const msg: StoredMessage = {
      mid: this.ctx.store.newMid(account.igUserId),
      accountId: c.accountId,
      customerId: c.id,
      direction: 'outbound',
      createdAt: now,
      text,
      attachments: [],
      isDeleted: false,
      numEdit: 0,
      reactions: [],
    };
    this.ctx.store.addMessage(conv, msg);
    const event = { ...messagingBase(account, c.id, 'business', now), message: webhookMessage(msg, true) };
    this.emit({ entryId: account.igUserId, field: 'messages', messaging: event });
    return { customerId: c.id, mid: msg.mid, event, field: 'messages' };
  }

  /** Create a customer (an IGSID for one person × business account). */
  create(input: CreateCustomerInput): Customer {
    const ctx = this.ctx;
    const account = ctx.accounts.find(input.accountId);
    if (!account) {
      throw new Error(`customer.create: unknown accountId ${JSON.stringify(input.accountId)}; use one of ${ctx.accounts.list().map((a) => a.id).join(', ')}`);
    }
    const id = input.id ?? ctx.store.newCustomerId();
    if (ctx.store.customers.has(id)) throw new Error(`customer.create: IGSID ${id} already exists`);
    const n = ctx.store.customers.size;
    const username = input.username ?? `customer_${id.slice(-6)}`;
    const profilePic =
      input.profilePic === undefined
        ? hostBlob(ctx, 'image/png', placeholderPng(PALETTE[n % PALETTE.length] as [number, number, number], 64), `avatar_${id}.png`)
        : input.profilePic;
    const c: Customer = {
      id,
      accountId: account.id,
      name: input.name === undefined ? username : input.name,
      username,
      profilePic,
      followerCount: input.followerCount ?? 120 + n * 37,
      isUserFollowBusiness: input.isUserFollowBusiness ?? true,
      isBusinessFollowUser: input.isBusinessFollowUser ?? false,
      isVerifiedUser: input.isVerifiedUser ?? false,
      consented: false,
      blocked: false,
      optedIn: null,
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.email ? { email: input.email } : {}),
      createdAt: this.now(),
    };
    ctx.store.customers.set(id, c);
    return c;
  }

  get(id: string): Customer | undefined {
    return this.ctx.store.customers.get(id);
  }

  list(accountId?: string): Customer[] {
    return [...this.ctx.store.customers.values()].filter((c) => !accountId || c.accountId === accountId);
  }

  /** Resolve a ref, creating the customer on first write. */
  resolve(ref: CustomerRef): Customer {
    if (typeof ref === 'string') {
      const c = this.ctx.store.customers.get(ref);
      if (c) return c;
      const accounts = this.ctx.accounts.list();
      if (accounts.length === 1) return this.create({ accountId: (accounts[0] as SandboxAccount).id, id: ref });
      throw new Error(`Unknown customer ${ref}: pass { accountId, id } to create them, or call customer.create() first`);
    }
    const existing = ref.id ? this.ctx.store.customers.get(ref.id) : undefined;
    if (existing) return existing;
    return this.create({
      accountId: ref.accountId,
      ...(ref.id ? { id: ref.id } : {}),
      ...(ref.name !== undefined ? { name: ref.name } : {}),
      ...(ref.username ? { username: ref.username } : {}),
      ...(ref.profilePic ? { profilePic: ref.profilePic } : {}),
    });
  }

  // ---- messages ---------------------------------------------------------------------------

  /** Write a text message (optionally as an inline reply to `replyTo`). */
  text(ref: CustomerRef, text: string, options: { replyTo?: string } = {}): CustomerActionResult {
    if (typeof text !== 'string' || text === '') throw new TypeError('customer.text: text must be a non-empty string');
    const c = this.resolve(ref);
    const replyTo = options.replyTo ? this.replyTarget(c, options.replyTo) : undefined;
    return this.message(c, { text, ...(replyTo ? { replyTo } : {}) });
  }

  /** Reply inline to a message of the conversation (reference §5.6 `reply_to.mid`). */
  replyTo(ref: CustomerRef, mid: string, text: string): CustomerActionResult {
    return this.text(ref, text, { replyTo: mid });
  }

  /** Send an image, video, audio clip or PDF. Without `url` the sandbox hosts a small valid file. */
  media(ref: CustomerRef, type: CustomerMediaType, options: { url?: string } = {}): CustomerActionResult {
    if (!['image', 'video', 'audio', 'file'].includes(type)) {
      throw new TypeError(`customer.media: type must be image, video, audio or file, got ${JSON.stringify(type)}`);
    }
    const c = this.resolve(ref);
    if (options.url) return this.message(c, { attachments: [{ type, payload: { url: options.url } }] });
    const hosted = this.hostPlaceholderFile(type, c);
    return this.message(c, { attachments: [{ type, payload: { url: hosted.url }, mime: hosted.mime, size: hosted.size }] });
  }

  /** Share a post or reel into the thread (reference §5.6 `ig_post` / `ig_reel`). */
  share(
    ref: CustomerRef,
    options: { kind?: 'post' | 'reel'; mediaId?: string; url?: string; title?: string; withLegacyShare?: boolean } = {},
  ): CustomerActionResult {
    const c = this.resolve(ref);
    const kind = options.kind ?? 'post';
    const mediaId = options.mediaId ?? this.ctx.store.newNumericId('17');
    const url = options.url ?? this.hostPlaceholder('image', c);
    const title = options.title ?? (kind === 'post' ? 'Look at this' : 'Reel');
    const attachments: StoredAttachment[] =
      kind === 'reel'
        ? [{ type: 'ig_reel', payload: { url, title, reel_video_id: mediaId } }]
        : [{ type: 'ig_post', payload: { url, title, ig_post_media_id: mediaId } }];
    // The legacy `share` type was sent alongside until its 2026 rollout removal (reference §5.6).
    if (kind === 'post' && options.withLegacyShare) attachments.push({ type: 'share', payload: { url, title, ig_post_media_id: mediaId } });
    return this.message(c, { attachments });
  }

  /** Mention the business in a story (reference §5.6 `story_mention`). */
  mentionInStory(ref: CustomerRef, options: { url?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    const url = options.url ?? this.hostPlaceholder('image', c);
    return this.message(c, { attachments: [{ type: 'story_mention', payload: { url } }] });
  }

  /** Reply to one of the business's stories (reference §5.6 `reply_to.story`). */
  replyToStory(ref: CustomerRef, text: string, options: { storyId?: string; url?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    let story = options.storyId ? this.ctx.store.media.get(options.storyId) : undefined;
    if (!story) {
      const id = options.storyId ?? this.ctx.store.newNumericId('18');
      story = { id, ownerId: c.accountId, kind: 'story', url: options.url ?? this.hostPlaceholder('image', c), createdAt: this.now() };
      this.ctx.store.media.set(id, story);
    }
    return this.message(c, { text, replyTo: { story: { url: story.url, id: story.id } } });
  }

  /** Tap a quick reply: the title arrives as text plus `quick_reply.payload` (reference §1.7). */
  quickReply(ref: CustomerRef, reply: { title: string; payload: string }): CustomerActionResult {
    const c = this.resolve(ref);
    return this.message(c, { text: reply.title, quickReply: { payload: reply.payload } });
  }

  /** Send something Instagram cannot pass on through the API (`is_unsupported`). */
  unsupported(ref: CustomerRef): CustomerActionResult {
    return this.message(this.resolve(ref), { attachments: [{ type: 'unsupported', payload: {} }] });
  }

  // ---- comments ------------------------------------------------------------------------------

  /**
   * Comment on one of the business's posts, reels or Live broadcasts, or answer a comment
   * (`parentId`). Queues the `comments` / `live_comments` webhook (reference §5.6). A comment does
   * not open the messaging window (the kit's reading of D12).
   */
  comment(ref: CustomerRef, opts: CommentOptions): CommentActionResult {
    const c = this.resolve(ref);
    const { result, event } = customerComment(this.ctx, this.account(c), c, opts, this.now());
    this.emit(event);
    return result;
  }

  /** @mention the business in a comment on the customer's own post (`mentions` webhook: ids only). */
  mention(ref: CustomerRef, opts: { text?: string } = {}): CommentActionResult {
    const c = this.resolve(ref);
    const { result, event } = customerMention(this.ctx, this.account(c), c, opts, this.now());
    this.emit(event);
    return result;
  }

  /**
   * Come from a click-to-Instagram ad: the first message carries `referral` with `ads_context_data`
   * (reference §5.6; Messenger's messaging_referrals page for post/product/flow ids).
   */
  fromAd(
    ref: CustomerRef,
    text: string,
    ad: { adId?: string; title?: string; photoUrl?: string; videoUrl?: string; postId?: string; productId?: string; flowId?: string; ref?: string } = {},
  ): CustomerActionResult {
    const c = this.resolve(ref);
    const context: Record<string, unknown> = { ad_title: ad.title ?? 'Summer sale' };
    if (ad.photoUrl) context.photo_url = ad.photoUrl;
    if (ad.videoUrl) context.video_url = ad.videoUrl;
    if (ad.postId) context.post_id = ad.postId;
    if (ad.productId) context.product_id = ad.productId;
    if (ad.flowId) context.flow_id = ad.flowId;
    const referral = { ...(ad.ref ? { ref: ad.ref } : {}), ad_id: ad.adId ?? this.ctx.store.newNumericId('23'), source: 'ADS', type: 'OPEN_THREAD', ads_context_data: context };
    return this.message(c, { text, referral });
  }

  // ---- taps on what the business sent (quick replies, buttons, ice breakers, menu) ----------

  /**
   * Tap quick reply `index` under the business's message `mid`. Instagram shows the chips only
   * under the newest message and dismisses them on the next message (reference §1.7): a tap on
   * older chips is refused. Text chips post their title with `quick_reply.payload`; phone and email
   * chips post the customer's number or address as both text and payload, and are hidden (refused
   * here) when the profile has none.
   */
  tapQuickReply(ref: CustomerRef, mid: string, index: number): CustomerActionResult {
    const c = this.resolve(ref);
    const target = this.target(c, mid);
    const conv = this.ctx.store.findConversation(c.accountId, c.id);
    if (target.direction !== 'outbound' || !target.quickReplies?.length) throw new Error(`customer.tapQuickReply: ${mid} has no quick replies`);
    if (conv?.mids.at(-1) !== mid) throw new Error(`customer.tapQuickReply: the quick replies under ${mid} were dismissed by a newer message`);
    const chip = target.quickReplies[index];
    if (!chip) throw new Error(`customer.tapQuickReply: ${mid} has ${target.quickReplies.length} quick replies, no index ${index}`);
    if (chip.content_type === 'text') return this.message(c, { text: String(chip.title), quickReply: { payload: String(chip.payload) } });
    const value = chip.content_type === 'user_email' ? c.email : c.phone;
    if (!value) throw new Error(`customer.tapQuickReply: ${c.id} has no ${chip.content_type === 'user_email' ? 'email' : 'phone number'} in their profile, so Instagram hides that chip`);
    return this.message(c, { text: value, quickReply: { payload: value } });
  }

  /**
   * Tap a postback button of a template the business sent: button `button` of the button template,
   * or of card `element` of a generic template. A `web_url` button opens its link and Meta sends no
   * webhook, so it is refused here (the simulator opens the link itself).
   */
  tapButton(ref: CustomerRef, mid: string, at: { element?: number; button: number }): CustomerActionResult {
    const c = this.resolve(ref);
    const target = this.target(c, mid);
    const template = target.direction === 'outbound' ? target.attachments.find((a) => a.type === 'template') : undefined;
    if (!template) throw new Error(`customer.tapButton: ${mid} is not a template the business sent`);
    const p = template.payload;
    const buttons = (at.element !== undefined ? (p.elements as { buttons?: unknown[] }[] | undefined)?.[at.element]?.buttons : (p.buttons as unknown[] | undefined)) ?? [];
    const b = buttons[at.button] as { type?: string; title?: string; payload?: string; url?: string } | undefined;
    if (!b) throw new Error(`customer.tapButton: ${mid} has no button ${at.element !== undefined ? `${at.element}.` : ''}${at.button}`);
    if (b.type !== 'postback') throw new Error(`customer.tapButton: "${b.title ?? ''}" opens ${b.url ?? 'a link'}; web_url buttons send no webhook`);
    return this.postback(c.id, { title: b.title ?? '', payload: b.payload ?? '' });
  }

  /** Tap ice breaker `index` of the account's profile (shown before the first message): a postback. */
  tapIceBreaker(ref: CustomerRef, index: number): CustomerActionResult {
    const c = this.resolve(ref);
    const list = iceBreakersFor(this.ctx, this.account(c), c.locale);
    const q = list[index];
    if (!q) throw new Error(`customer.tapIceBreaker: the account has ${list.length} ice breakers, no index ${index}`);
    return this.postback(c.id, { title: q.question, payload: q.payload });
  }

  /** Tap persistent-menu item `index`: a postback (`web_url` items open their link, no webhook). */
  tapMenuItem(ref: CustomerRef, index: number): CustomerActionResult {
    const c = this.resolve(ref);
    const items = menuFor(this.ctx, this.account(c), c.locale);
    const item = items[index] as { type?: string; title?: string; payload?: string; url?: string } | undefined;
    if (!item) throw new Error(`customer.tapMenuItem: the menu has ${items.length} items, no index ${index}`);
    if (item.type !== 'postback') throw new Error(`customer.tapMenuItem: "${item.title ?? ''}" opens ${item.url ?? 'a link'}; web_url items send no webhook`);
    return this.postback(c.id, { title: item.title ?? '', payload: item.payload ?? '' });
  }

  // ---- actions on existing messages ---------------------------------------------------------

  /** React to a message (reference §5.6 message_reactions). `reaction` may be a name or any emoji. */
  react(ref: CustomerRef, mid: string, reaction = 'love'): CustomerActionResult {
    const c = this.resolve(ref);
    const target = this.target(c, mid);
    const named = REACTION_EMOJI[reaction] !== undefined;
    const name = named ? reaction : 'other';
    const emoji = named ? (REACTION_EMOJI[reaction] as string) : reaction;
    const now = this.now();
    target.reactions = target.reactions.filter((r) => r.by !== 'customer');
    target.reactions.push({ by: 'customer', reaction: name, emoji, at: now });
    this.touch(c, true);
    return this.event(c, 'message_reactions', { reaction: { mid, action: 'react', reaction: name, emoji } });
  }

  unreact(ref: CustomerRef, mid: string): CustomerActionResult {
    const c = this.resolve(ref);
    const target = this.target(c, mid);
    target.reactions = target.reactions.filter((r) => r.by !== 'customer');
    return this.event(c, 'message_reactions', { reaction: { mid, action: 'unreact' } });
  }

  /** Unsend one of their own messages: `message.is_deleted` (reference §5.6). */
  unsend(ref: CustomerRef, mid: string): CustomerActionResult {
    const c = this.resolve(ref);
    const target = this.target(c, mid);
    if (target.direction !== 'inbound') throw new Error(`customer.unsend: ${mid} was sent by the business, not by ${c.id}`);
    target.isDeleted = true;
    delete target.text;
    target.attachments = [];
    return this.event(c, 'messages', { message: { mid, is_deleted: true } });
  }

  /** Edit one of their own messages: `message_edit` (reference §5.6). */
  edit(ref: CustomerRef, mid: string, text: string): CustomerActionResult {
    const c = this.resolve(ref);
    const target = this.target(c, mid);
    if (target.direction !== 'inbound') throw new Error(`customer.edit: ${mid} was sent by the business, not by ${c.id}`);
    if (target.isDeleted) throw new Error(`customer.edit: ${mid} was unsent`);
    if (target.numEdit >= MAX_EDITS) throw new Error(`customer.edit: a message can be edited at most ${MAX_EDITS} times`);
    target.numEdit += 1;
    target.text = text;
    return this.event(c, 'message_edit', { message_edit: { mid, text, num_edit: target.numEdit } });
  }

  /** Read the conversation up to `mid` (default: the business's latest message): `read.mid`. */
  read(ref: CustomerRef, mid?: string): CustomerActionResult {
    const c = this.resolve(ref);
    const conv = this.ctx.store.findConversation(c.accountId, c.id);
    const seen =
      mid ??
      [...(conv?.mids ?? [])].reverse().find((m) => this.ctx.store.messages.get(m)?.direction === 'outbound');
    if (!seen) throw new Error(`customer.read: ${c.id} has no message from the business to read`);
    this.target(c, seen);
    return this.event(c, 'messaging_seen', { read: { mid: seen } });
  }

  /** Tap a postback button / icebreaker (reference §5.6 messaging_postbacks). */
  postback(ref: CustomerRef, button: { title: string; payload: string }): CustomerActionResult {
    const c = this.resolve(ref);
    const mid = this.ctx.store.newMid(this.account(c).igUserId);
    this.touch(c, true);
    return this.event(c, 'messaging_postbacks', { postback: { mid, title: button.title, payload: button.payload } }, mid);
  }

  /** Open the thread through an ig.me link with a ref (reference §5.6 messaging_referral). */
  referral(ref: CustomerRef, options: { ref: string }): CustomerActionResult {
    const c = this.resolve(ref);
    const account = this.account(c);
    this.touch(c, true);
    return this.event(c, 'messaging_referral', {
      referral: { ref: options.ref, source: `https://ig.me/m/${account.username}`, type: 'OPEN_THREAD' },
    });
  }

  /**
   * Opt in to marketing/notification messages (messaging_optins, IG flavor per reference §5.4).
   * Payload shape follows Messenger's notification-messages opt-in (UNCONFIRMED for Instagram).
   */
  optIn(ref: CustomerRef, options: { payload?: string; title?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    c.optedIn = true;
    c.consented = true;
    return this.event(c, 'messaging_optins', {
      optin: {
        type: 'notification_messages',
        payload: options.payload ?? 'sandbox-optin',
        notification_messages_token: this.notificationToken(c),
        notification_messages_timezone: 'UTC',
        token_expiry_timestamp: this.now() + 365 * 24 * 3600 * 1000,
        user_token_status: 'NOT_REFRESHED',
        title: options.title ?? 'Updates',
      },
    });
  }

  optOut(ref: CustomerRef, options: { payload?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    c.optedIn = false;
    return this.event(c, 'messaging_optins', {
      optin: {
        type: 'notification_messages',
        payload: options.payload ?? 'sandbox-optin',
        notification_messages_token: this.notificationToken(c),
        notification_messages_status: 'STOP_NOTIFICATIONS',
      },
    });
  }

  /** Block the business: sends now fail with 551 (reference §4.3). No webhook, as on Instagram. */
  block(ref: CustomerRef): Customer {
    const c = this.resolve(ref);
    c.blocked = true;
    return c;
  }

  unblock(ref: CustomerRef): Customer {
    const c = this.resolve(ref);
    c.blocked = false;
    return c;
  }

  // ---- internals --------------------------------------------------------------------------

  private account(customer: Customer): SandboxAccount {
    return this.ctx.accounts.require(customer.accountId);
  }

  private notificationToken(customer: Customer): string {
    return Buffer.from(`notif:${customer.accountId}:${customer.id}`).toString('base64url');
  }

  private hostPlaceholder(type: CustomerMediaType, customer: Customer): string {
    return this.hostPlaceholderFile(type, customer).url;
  }

  private hostPlaceholderFile(type: CustomerMediaType, customer: Customer): { url: string; mime: string; size: number } {
    if (type === 'image') {
      const color = PALETTE[(this.ctx.store.next() + customer.id.length) % PALETTE.length] as [number, number, number];
      const bytes = placeholderPng(color);
      return { url: hostBlob(this.ctx, 'image/png', bytes, 'photo.png'), mime: 'image/png', size: bytes.length };
    }
    const f = placeholderFile(type);
    const name = type === 'file' ? 'document.pdf' : type === 'audio' ? 'voice.wav' : 'clip.mp4';
    return { url: hostBlob(this.ctx, f.mime, f.bytes, name), mime: f.mime, size: f.bytes.length };
  }

  private target(customer: Customer, mid: string): StoredMessage {
    const m = this.ctx.store.messages.get(mid);
    if (!m || m.accountId !== customer.accountId || m.customerId !== customer.id) {
      throw new Error(`Message ${mid} is not part of ${customer.id}'s conversation with account ${customer.accountId}`);
    }
    return m;
  }

  private replyTarget(customer: Customer, mid: string): StoredMessage['replyTo'] {
    const m = this.target(customer, mid);
    return { mid, isSelfReply: m.direction === 'inbound' };
  }

  /** Record activity; window-opening actions move `lastInboundAt` (reference §2.1). */
  private touch(customer: Customer, opensWindow: boolean): void {
    const now = this.now();
    const conv = this.ctx.store.conversationFor(customer.accountId, this.account(customer).igUserId, customer.id, now);
    conv.updatedAt = Math.max(conv.updatedAt, now);
    if (opensWindow) {
      conv.lastInboundAt = Math.max(conv.lastInboundAt ?? 0, now);
      customer.consented = true;
    }
  }

  private message(
    customer: Customer,
    message: Pick<StoredMessage, 'text' | 'replyTo' | 'quickReply' | 'referral'> & { attachments?: StoredAttachment[] },
  ): CustomerActionResult {
    const ctx = this.ctx;
    const account = this.account(customer);
    const now = this.now();
    const conv = ctx.store.conversationFor(customer.accountId, account.igUserId, customer.id, now);
    const msg: StoredMessage = {
      mid: ctx.store.newMid(account.igUserId),
      accountId: customer.accountId,
      customerId: customer.id,
      direction: 'inbound',
      createdAt: now,
      ...(message.text !== undefined ? { text: message.text } : {}),
      attachments: message.attachments ?? [],
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      ...(message.quickReply ? { quickReply: message.quickReply } : {}),
      ...(message.referral ? { referral: message.referral } : {}),
      isDeleted: false,
      numEdit: 0,
      reactions: [],
    };
    ctx.store.addMessage(conv, msg);
    this.touch(customer, true);
    const event = { ...messagingBase(account, customer.id, 'customer', now), message: webhookMessage(msg, false) };
    this.emit({ entryId: account.igUserId, field: 'messages', messaging: event });
    return { customerId: customer.id, mid: msg.mid, event, field: 'messages' };
  }

  private event(customer: Customer, field: string, body: Record<string, unknown>, mid?: string): CustomerActionResult {
    const account = this.account(customer);
    const event = { ...messagingBase(account, customer.id, 'customer', this.now()), ...body };
    this.emit({ entryId: account.igUserId, field, messaging: event });
    return { customerId: customer.id, ...(mid ? { mid } : {}), event, field };
  }
}
