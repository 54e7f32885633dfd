/**
 * Script a person on the other side (reference §5.6): each action records what the person did
 * and queues exactly the webhook Meta sends for it. Actions that Meta counts as the person
 * reaching out (reference §2.1: messages, story replies/mentions, reactions, postbacks, ig.me
 * referrals) open or extend the messaging window.
 */

import type { SandboxContext } from './context';
import type { WebhookEvent } from './webhooks';
import { messagingBase, webhookMessage } from './events';
import { hostBlob } from './media';
import { placeholderFile, placeholderPng } from './placeholder';
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
  history<T>(at: number, fn: () => T, opts: { webhooks?: boolean } = {}): T {
    const prev = this.override;
    this.override = { at, webhooks: opts.webhooks ?? false };
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
    const customerId = ((m.sender as { id?: string } | undefined)?.id === event.entryId ? (m.recipient as { id?: string }) : (m.sender as { id?: string }))?.id;
    this.ctx.inspector.notify({
      kind: 'customer',
      at: this.now(),
      ...(customerId ? { customerId } : {}),
      accountId: this.ctx.accounts.find(event.entryId)?.id ?? event.entryId,
      summary: { field: event.field, event: m },
    });
    if (this.override && !this.override.webhooks) return;
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
  text(ref: CustomerRef, text: string, opts: { replyTo?: string } = {}): CustomerActionResult {
    if (typeof text !== 'string' || text === '') throw new TypeError('customer.text: text must be a non-empty string');
    const c = this.resolve(ref);
    const replyTo = opts.replyTo ? this.replyTarget(c, opts.replyTo) : undefined;
    return this.message(c, { text, ...(replyTo ? { replyTo } : {}) });
  }

  /** Reply inline to a message of the conversation (reference §5.6 `reply_to.mid`). */
  replyTo(ref: CustomerRef, mid: string, text: string): CustomerActionResult {
    return this.text(ref, text, { replyTo: mid });
  }

  /** Send an image, video, audio clip or PDF. Without `url` the sandbox hosts a small valid file. */
  media(ref: CustomerRef, type: CustomerMediaType, opts: { url?: string } = {}): CustomerActionResult {
    if (!['image', 'video', 'audio', 'file'].includes(type)) {
      throw new TypeError(`customer.media: type must be image, video, audio or file, got ${JSON.stringify(type)}`);
    }
    const c = this.resolve(ref);
    if (opts.url) return this.message(c, { attachments: [{ type, payload: { url: opts.url } }] });
    const hosted = this.hostPlaceholderFile(type, c);
    return this.message(c, { attachments: [{ type, payload: { url: hosted.url }, mime: hosted.mime, size: hosted.size }] });
  }

  /** Share a post or reel into the thread (reference §5.6 `ig_post` / `ig_reel`). */
  share(
    ref: CustomerRef,
    opts: { kind?: 'post' | 'reel'; mediaId?: string; url?: string; title?: string; withLegacyShare?: boolean } = {},
  ): CustomerActionResult {
    const c = this.resolve(ref);
    const kind = opts.kind ?? 'post';
    const mediaId = opts.mediaId ?? this.ctx.store.newNumericId('17');
    const url = opts.url ?? this.hostPlaceholder('image', c);
    const title = opts.title ?? (kind === 'post' ? 'Look at this' : 'Reel');
    const attachments: StoredAttachment[] =
      kind === 'reel'
        ? [{ type: 'ig_reel', payload: { url, title, reel_video_id: mediaId } }]
        : [{ type: 'ig_post', payload: { url, title, ig_post_media_id: mediaId } }];
    // The legacy `share` type was sent alongside until its 2026 rollout removal (reference §5.6).
    if (kind === 'post' && opts.withLegacyShare) attachments.push({ type: 'share', payload: { url, title, ig_post_media_id: mediaId } });
    return this.message(c, { attachments });
  }

  /** Mention the business in a story (reference §5.6 `story_mention`). */
  mentionInStory(ref: CustomerRef, opts: { url?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    const url = opts.url ?? this.hostPlaceholder('image', c);
    return this.message(c, { attachments: [{ type: 'story_mention', payload: { url } }] });
  }

  /** Reply to one of the business's stories (reference §5.6 `reply_to.story`). */
  replyToStory(ref: CustomerRef, text: string, opts: { storyId?: string; url?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    let story = opts.storyId ? this.ctx.store.media.get(opts.storyId) : undefined;
    if (!story) {
      const id = opts.storyId ?? this.ctx.store.newNumericId('18');
      story = { id, ownerId: c.accountId, kind: 'story', url: opts.url ?? this.hostPlaceholder('image', c), createdAt: this.now() };
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
  referral(ref: CustomerRef, opts: { ref: string }): CustomerActionResult {
    const c = this.resolve(ref);
    const account = this.account(c);
    this.touch(c, true);
    return this.event(c, 'messaging_referral', {
      referral: { ref: opts.ref, source: `https://ig.me/m/${account.username}`, type: 'OPEN_THREAD' },
    });
  }

  /**
   * Opt in to marketing/notification messages (messaging_optins, IG flavor per reference §5.4).
   * Payload shape follows Messenger's notification-messages opt-in (UNCONFIRMED for Instagram).
   */
  optIn(ref: CustomerRef, opts: { payload?: string; title?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    c.optedIn = true;
    c.consented = true;
    return this.event(c, 'messaging_optins', {
      optin: {
        type: 'notification_messages',
        payload: opts.payload ?? 'sandbox-optin',
        notification_messages_token: this.notificationToken(c),
        notification_messages_timezone: 'UTC',
        token_expiry_timestamp: this.now() + 365 * 24 * 3600 * 1000,
        user_token_status: 'NOT_REFRESHED',
        title: opts.title ?? 'Updates',
      },
    });
  }

  optOut(ref: CustomerRef, opts: { payload?: string } = {}): CustomerActionResult {
    const c = this.resolve(ref);
    c.optedIn = false;
    return this.event(c, 'messaging_optins', {
      optin: {
        type: 'notification_messages',
        payload: opts.payload ?? 'sandbox-optin',
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

  private account(c: Customer): SandboxAccount {
    return this.ctx.accounts.require(c.accountId);
  }

  private notificationToken(c: Customer): string {
    return Buffer.from(`notif:${c.accountId}:${c.id}`).toString('base64url');
  }

  private hostPlaceholder(type: CustomerMediaType, c: Customer): string {
    return this.hostPlaceholderFile(type, c).url;
  }

  private hostPlaceholderFile(type: CustomerMediaType, c: Customer): { url: string; mime: string; size: number } {
    if (type === 'image') {
      const color = PALETTE[(this.ctx.store.next() + c.id.length) % PALETTE.length] as [number, number, number];
      const bytes = placeholderPng(color);
      return { url: hostBlob(this.ctx, 'image/png', bytes, 'photo.png'), mime: 'image/png', size: bytes.length };
    }
    const f = placeholderFile(type);
    const name = type === 'file' ? 'document.pdf' : type === 'audio' ? 'voice.wav' : 'clip.mp4';
    return { url: hostBlob(this.ctx, f.mime, f.bytes, name), mime: f.mime, size: f.bytes.length };
  }

  private target(c: Customer, mid: string): StoredMessage {
    const m = this.ctx.store.messages.get(mid);
    if (!m || m.accountId !== c.accountId || m.customerId !== c.id) {
      throw new Error(`Message ${mid} is not part of ${c.id}'s conversation with account ${c.accountId}`);
    }
    return m;
  }

  private replyTarget(c: Customer, mid: string): StoredMessage['replyTo'] {
    const m = this.target(c, mid);
    return { mid, isSelfReply: m.direction === 'inbound' };
  }

  /** Record activity; window-opening actions move `lastInboundAt` (reference §2.1). */
  private touch(c: Customer, opensWindow: boolean): void {
    const now = this.now();
    const conv = this.ctx.store.conversationFor(c.accountId, this.account(c).igUserId, c.id, now);
    conv.updatedAt = Math.max(conv.updatedAt, now);
    if (opensWindow) {
      conv.lastInboundAt = Math.max(conv.lastInboundAt ?? 0, now);
      c.consented = true;
    }
  }

  private message(
    c: Customer,
    m: Pick<StoredMessage, 'text' | 'replyTo' | 'quickReply'> & { attachments?: StoredAttachment[] },
  ): CustomerActionResult {
    const ctx = this.ctx;
    const account = this.account(c);
    const now = this.now();
    const conv = ctx.store.conversationFor(c.accountId, account.igUserId, c.id, now);
    const msg: StoredMessage = {
      mid: ctx.store.newMid(account.igUserId),
      accountId: c.accountId,
      customerId: c.id,
      direction: 'inbound',
      createdAt: now,
      ...(m.text !== undefined ? { text: m.text } : {}),
      attachments: m.attachments ?? [],
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      ...(m.quickReply ? { quickReply: m.quickReply } : {}),
      isDeleted: false,
      numEdit: 0,
      reactions: [],
    };
    ctx.store.addMessage(conv, msg);
    this.touch(c, true);
    const event = { ...messagingBase(account, c.id, 'customer', now), message: webhookMessage(msg, false) };
    this.emit({ entryId: account.igUserId, field: 'messages', messaging: event });
    return { customerId: c.id, mid: msg.mid, event, field: 'messages' };
  }

  private event(c: Customer, field: string, body: Record<string, unknown>, mid?: string): CustomerActionResult {
    const account = this.account(c);
    const event = { ...messagingBase(account, c.id, 'customer', this.now()), ...body };
    this.emit({ entryId: account.igUserId, field, messaging: event });
    return { customerId: c.id, ...(mid ? { mid } : {}), event, field };
  }
}
