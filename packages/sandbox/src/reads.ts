/**
 * Reads (reference §6): Conversations API with cursor paging, conversation → messages (details
 * only for the 20 most recent, reference §6.3), message nodes, user profiles (§6.4), the account
 * node (`/me`), and subscribed_apps (§5.4).
 */

import { CONVERSATION_DETAIL_MESSAGES } from '@kit/core';
import { pathNamesAccount, requirePermission } from './auth';
import { MESSAGING_PERMISSION, WEBHOOK_FIELDS } from './accounts';
import type { SandboxContext } from './context';
import { errors } from './errors';
import { checkFields, parseFields, type FieldSpec } from './fields';
import { heldElsewhere } from './routing';
import type { GraphAnswer, GraphCall } from './call';
import type { Conversation, Customer, SandboxAccount, StoredMessage } from './types';

/** Graph's time format in reads: `2022-07-12T19:11:07+0000` (reference §6.1). */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const READ_PERMISSION: Record<SandboxAccount['flavor'], string[]> = {
  page: ['instagram_basic', 'instagram_manage_messages'],
  instagram: ['instagram_business_basic', 'instagram_business_manage_messages'],
  unified: ['instagram_basic', 'instagram_manage_messages'],
};

const MESSAGE_FIELDS = ['id', 'created_time', 'from', 'to', 'message', 'attachments', 'reactions', 'shares', 'sticker', 'story', 'tags', 'is_unsupported', 'reply_to'];
const CONVERSATION_FIELDS = ['id', 'updated_time', 'messages', 'participants', 'message_count', 'unread_count', 'can_reply', 'is_owner'];
const PROFILE_FIELDS = ['id', 'name', 'username', 'profile_pic', 'follower_count', 'is_user_follow_business', 'is_business_follow_user', 'is_verified_user'];

function rateLimitConversations(ctx: SandboxContext, account: SandboxAccount): void {
  if (!ctx.rateLimiter.take(account.id, 'conversations')) throw errors.rateLimited();
}

function limitParam(value: unknown, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw errors.invalidParam('param limit must be a non-negative integer');
  return Math.min(n, 100);
}

const cursor = (id: string) => Buffer.from(id).toString('base64url');
const uncursor = (cursor: unknown) => (typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString() : undefined);

/** Cursor paging over `items` (reference §6.3, G-PAGING). */
function page<T>(
  items: T[],
  idOf: (t: T) => string,
  options: { limit: number; after?: unknown; before?: unknown },
  url: (extra: Record<string, string>) => string,
): { slice: T[]; paging?: Record<string, unknown> } {
  let start = 0;
  let end: number;
  const after = uncursor(options.after);
  const before = uncursor(options.before);
  if (after !== undefined) {
    const i = items.findIndex((t) => idOf(t) === after);
    start = i < 0 ? items.length : i + 1;
    end = Math.min(items.length, start + options.limit);
  } else if (before !== undefined) {
    const i = items.findIndex((t) => idOf(t) === before);
    end = i < 0 ? 0 : i;
    start = Math.max(0, end - options.limit);
  } else {
    end = Math.min(items.length, options.limit);
  }
  const slice = items.slice(start, end);
  if (slice.length === 0) return { slice };
  const cursors = { before: cursor(idOf(slice[0] as T)), after: cursor(idOf(slice[slice.length - 1] as T)) };
  return {
    slice,
    paging: {
      cursors,
      ...(start > 0 ? { previous: url({ before: cursors.before }) } : {}),
      ...(end < items.length ? { next: url({ after: cursors.after }) } : {}),
    },
  };
}

/**
 * Paging links are absolute and — like Graph's — carry the access token in the query. A proxy that
 * forwards them to a browser unchanged leaks the token; that is a real Graph hazard worth testing.
 */
function pagingUrl(ctx: SandboxContext, call: GraphCall, path: string, keep: Record<string, unknown>, extra: Record<string, string>): string {
  const u = new URL(`${call.origin}${call.basePath}/${path}`);
  for (const [k, v] of Object.entries(keep)) if (v !== undefined && k !== 'after' && k !== 'before') u.searchParams.set(k, String(v));
  u.searchParams.set('access_token', call.token);
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return u.toString();
}

function participant(ctx: SandboxContext, account: SandboxAccount, id: string) {
  if (id === account.igUserId) return { username: account.username, id };
  const c = ctx.store.customers.get(id);
  return { username: c?.username ?? '', id };
}

function visibleMids(ctx: SandboxContext, conv: Conversation): StoredMessage[] {
  return conv.mids
    .map((m) => ctx.store.messages.get(m) as StoredMessage)
    .filter((m) => !m.isDeleted)
    .reverse(); // newest first (reference §6.1)
}

function attachmentNode(attachment: StoredMessage['attachments'][number], index: number, mid: string) {
  const url = (attachment.payload.url as string | undefined) ?? '';
  const base = { id: `${mid}_${index}`, ...(attachment.mime ? { mime_type: attachment.mime } : {}), ...(attachment.size !== undefined ? { size: attachment.size } : {}) };
  switch (attachment.type) {
    case 'image':
      return { ...base, image_data: { url, preview_url: url, width: 96, height: 96, max_width: 96, max_height: 96 } };
    case 'video':
      return { ...base, video_data: { url, preview_url: url, width: 96, height: 96 } };
    case 'audio':
    case 'file':
      return { ...base, file_url: url, name: url.split('/').pop() ?? attachment.type };
    default:
      return null;
  }
}

function messageNode(ctx: SandboxContext, account: SandboxAccount, message: StoredMessage, fields: FieldSpec[] | null, details: boolean) {
  const want = (fields ?? [{ name: 'id' }, { name: 'created_time' }]).map((f) => f.name);
  checkFields(fields ?? [], MESSAGE_FIELDS, 'Message');
  const out: Record<string, unknown> = { id: message.mid };
  const inbound = message.direction === 'inbound';
  const fromId = inbound ? message.customerId : account.igUserId;
  const toId = inbound ? account.igUserId : message.customerId;
  for (const f of want) {
    if (f === 'id') continue;
    if (f === 'created_time') out.created_time = graphTime(message.createdAt);
    else if (!details) continue;
    else if (f === 'from') out.from = participant(ctx, account, fromId);
    else if (f === 'to') out.to = { data: [participant(ctx, account, toId)] };
    else if (f === 'message') out.message = message.text ?? '';
    else if (f === 'attachments') {
      const data = message.attachments.map((a, i) => attachmentNode(a, i, message.mid)).filter(Boolean);
      if (data.length > 0) out.attachments = { data };
    } else if (f === 'shares') {
      const data = message.attachments
        .filter((a) => ['ig_post', 'ig_reel', 'reel', 'share'].includes(a.type))
        .map((a) => ({ link: a.payload.url, name: a.payload.title, type: a.type, id: a.payload.ig_post_media_id ?? a.payload.reel_video_id }));
      if (data.length > 0) out.shares = { data };
    } else if (f === 'story') {
      const mention = message.attachments.find((a) => a.type === 'story_mention');
      if (mention) out.story = { mention: { link: mention.payload.url, id: `${message.mid}_story` } };
      if (message.replyTo && 'story' in message.replyTo) out.story = { reply_to: { link: message.replyTo.story.url, id: message.replyTo.story.id } };
    } else if (f === 'reactions') {
      if (message.reactions.length > 0) {
        out.reactions = {
          data: message.reactions.map((r) => ({
            reaction: r.emoji ?? r.reaction,
            users: [participant(ctx, account, r.by === 'customer' ? message.customerId : account.igUserId)],
          })),
        };
      }
    } else if (f === 'reply_to') {
      if (message.replyTo && 'mid' in message.replyTo) out.reply_to = { mid: message.replyTo.mid, is_self_reply: message.replyTo.isSelfReply };
    } else if (f === 'is_unsupported') out.is_unsupported = message.attachments[0]?.type === 'unsupported';
    else if (f === 'sticker') {
      const heart = message.attachments.find((a) => a.type === 'like_heart');
      if (heart) out.sticker = `${ctx.publicUrl()}/__sandbox/cdn/like_heart`;
    } else if (f === 'tags') out.tags = { data: [] };
  }
  return out;
}

function conversationNode(ctx: SandboxContext, call: GraphCall, conv: Conversation, fields: FieldSpec[] | null) {
  const { account } = call;
  const want = fields ?? [{ name: 'id' }, { name: 'updated_time' }];
  checkFields(want, CONVERSATION_FIELDS, 'Conversation');
  const out: Record<string, unknown> = { id: conv.id };
  for (const f of want) {
    if (f.name === 'updated_time') out.updated_time = graphTime(conv.updatedAt);
    else if (f.name === 'participants') {
      out.participants = { data: [participant(ctx, account, account.igUserId), participant(ctx, account, conv.customerId)] };
    } else if (f.name === 'message_count') out.message_count = visibleMids(ctx, conv).length;
    else if (f.name === 'unread_count') out.unread_count = 0;
    else if (f.name === 'can_reply') out.can_reply = true;
    // Only when Conversation Routing is configured (reference §6.2).
    else if (f.name === 'is_owner' && account.conversationRouting) out.is_owner = !heldElsewhere(ctx, account, conv);
    else if (f.name === 'messages') {
      const all = visibleMids(ctx, conv);
      const recent = new Set(all.slice(0, CONVERSATION_DETAIL_MESSAGES).map((m) => m.mid));
      const { slice, paging } = page(all, (m) => m.mid, { limit: f.limit ?? 25 }, (extra) =>
        pagingUrl(ctx, call, `${conv.id}/messages`, { fields: f.sub ? serializeFields(f.sub) : 'id,created_time', limit: f.limit ?? 25 }, extra),
      );
      out.messages = { data: slice.map((m) => messageNode(ctx, account, m, f.sub ?? null, recent.has(m.mid))), ...(paging ? { paging } : {}) };
    }
  }
  return out;
}

function serializeFields(fields: FieldSpec[]): string {
  return fields.map((f) => `${f.name}${f.limit !== undefined ? `.limit(${f.limit})` : ''}${f.sub ? `{${serializeFields(f.sub)}}` : ''}`).join(',');
}

function conversationsOf(ctx: SandboxContext, account: SandboxAccount): Conversation[] {
  return [...ctx.store.conversations.values()]
    .filter((c) => c.accountId === account.id && c.mids.length > 0)
    .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
}

export async function handleRead(ctx: SandboxContext, call: GraphCall): Promise<GraphAnswer> {
  const { account, node, edge, p } = call;
  const fields = parseFields(p.fields);

  // /{account}/conversations (reference §6.1)
  if (edge === 'conversations') {
    if (!pathNamesAccount(account, node)) throw errors.unsupportedRequest('GET', node);
    for (const perm of READ_PERMISSION[account.flavor]) requirePermission(account, perm);
    rateLimitConversations(ctx, account);
    // FB flavor without platform=instagram lists Messenger threads: none here (reference §6.1).
    if (account.flavor === 'page' && p.platform !== 'instagram') return { status: 200, body: { data: [] } };
    let list = conversationsOf(ctx, account);
    if (p.user_id !== undefined) list = list.filter((c) => c.customerId === String(p.user_id));
    const limit = limitParam(p.limit, 25);
    const { slice, paging } = page(list, (c) => c.id, { limit, after: p.after, before: p.before }, (extra) =>
      pagingUrl(ctx, call, `${node}/conversations`, { platform: p.platform, user_id: p.user_id, fields: p.fields, limit }, extra),
    );
    return { status: 200, body: { data: slice.map((c) => conversationNode(ctx, call, c, fields)), ...(paging ? { paging } : {}) } };
  }

  // /{conversation}/messages (what Graph's paging.next for a nested messages edge points to)
  const conv = ctx.store.conversationById(node);
  if (conv && conv.accountId === account.id) {
    for (const perm of READ_PERMISSION[account.flavor]) requirePermission(account, perm);
    rateLimitConversations(ctx, account);
    if (edge === 'messages') {
      const all = visibleMids(ctx, conv);
      const recent = new Set(all.slice(0, CONVERSATION_DETAIL_MESSAGES).map((m) => m.mid));
      const limit = limitParam(p.limit, 25);
      const { slice, paging } = page(all, (m) => m.mid, { limit, after: p.after, before: p.before }, (extra) =>
        pagingUrl(ctx, call, `${node}/messages`, { fields: p.fields, limit }, extra),
      );
      return { status: 200, body: { data: slice.map((m) => messageNode(ctx, account, m, fields, recent.has(m.mid))), ...(paging ? { paging } : {}) } };
    }
    if (edge) throw errors.unsupportedRequest('GET', `${node}/${edge}`);
    return { status: 200, body: conversationNode(ctx, call, conv, fields) };
  }
  if (edge) throw errors.unsupportedRequest('GET', `${node}/${edge}`);

  // /{message-id}
  const msg = ctx.store.messages.get(node);
  if (msg && msg.accountId === account.id) {
    for (const perm of READ_PERMISSION[account.flavor]) requirePermission(account, perm);
    rateLimitConversations(ctx, account);
    const c = ctx.store.findConversation(msg.accountId, msg.customerId) as Conversation;
    const recent = visibleMids(ctx, c).slice(0, CONVERSATION_DETAIL_MESSAGES);
    if (msg.isDeleted || !recent.some((m) => m.mid === msg.mid)) throw errors.messageDeleted();
    return { status: 200, body: messageNode(ctx, account, msg, fields, true) };
  }

  // /{igsid} profile (reference §6.4)
  const customer = ctx.store.customers.get(node);
  if (customer && customer.accountId === account.id) return { status: 200, body: profile(customer, fields) };

  // /me or /{account-id}
  if (pathNamesAccount(account, node)) return { status: 200, body: accountNode(account, fields) };

  throw errors.unsupportedRequest('GET', node);
}

function profile(customer: Customer, fields: FieldSpec[] | null) {
  if (customer.blocked) throw errors.unsupportedRequest('GET', customer.id);
  if (!customer.consented) throw errors.profileConsentRequired();
  const want = fields ?? [{ name: 'name' }, { name: 'id' }];
  checkFields(want, PROFILE_FIELDS, 'InstagramUser');
  const values: Record<string, unknown> = {
    id: customer.id,
    name: customer.name,
    username: customer.username,
    profile_pic: customer.profilePic,
    follower_count: customer.followerCount,
    is_user_follow_business: customer.isUserFollowBusiness,
    is_business_follow_user: customer.isBusinessFollowUser,
    is_verified_user: customer.isVerifiedUser,
  };
  const out: Record<string, unknown> = {};
  for (const f of want) out[f.name] = values[f.name];
  if (!('id' in out)) out.id = customer.id;
  return out;
}

/**
 * The account node. IG flavor trap (reference §5.5, IGL-START): `/me?fields=id` is an app-scoped
 * id that matches nothing in webhooks; `user_id` is the professional account id (`entry.id`).
 */
function accountNode(account: SandboxAccount, fields: FieldSpec[] | null) {
  if (account.flavor === 'page') {
    const want = fields ?? [{ name: 'name' }, { name: 'id' }];
    checkFields(want, ['id', 'name', 'instagram_business_account', 'username'], 'Page');
    const out: Record<string, unknown> = {};
    for (const f of want) {
      if (f.name === 'id') out.id = account.id;
      else if (f.name === 'name') out.name = account.name;
      else if (f.name === 'username') out.username = account.username;
      else if (f.name === 'instagram_business_account') out.instagram_business_account = { id: account.igUserId };
    }
    return out;
  }
  const want = fields ?? [{ name: 'id' }, { name: 'username' }];
  checkFields(want, ['id', 'user_id', 'username', 'name', 'account_type', 'profile_picture_url'], 'User');
  const out: Record<string, unknown> = {};
  for (const f of want) {
    // Unified Login reads the IG user node by its real id (`/me` is the system user there).
    if (f.name === 'id') out.id = account.flavor === 'unified' ? account.igUserId : `2${account.igUserId.split('').reverse().join('')}`;
    else if (f.name === 'user_id') out.user_id = account.igUserId;
    else if (f.name === 'username') out.username = account.username;
    else if (f.name === 'name') out.name = account.name;
    else if (f.name === 'account_type') out.account_type = 'BUSINESS';
    else if (f.name === 'profile_picture_url') out.profile_picture_url = null;
  }
  return out;
}

/** POST/GET/DELETE /{id}/subscribed_apps (reference §5.4). */
export async function handleSubscribedApps(ctx: SandboxContext, call: GraphCall): Promise<GraphAnswer> {
  const { account, node, method, p } = call;
  if (!pathNamesAccount(account, node)) throw errors.unsupportedRequest(method, node);
  requirePermission(account, account.flavor === 'page' ? 'pages_manage_metadata' : MESSAGING_PERMISSION[account.flavor]);
  const appId = ctx.options.appId ?? '1234567890123456';
  if (method === 'GET') {
    return {
      status: 200,
      body: {
        data:
          account.subscribedFields.size > 0
            ? [{ id: appId, name: ctx.options.appName ?? 'Kit Sandbox App', subscribed_fields: [...account.subscribedFields] }]
            : [],
      },
    };
  }
  if (method === 'DELETE') {
    account.subscribedFields.clear();
    return { status: 200, body: { success: true } };
  }
  if (method !== 'POST') throw errors.unsupportedRequest(method, `${node}/subscribed_apps`);
  const raw = p.subscribed_fields;
  if (raw === undefined || raw === '') throw errors.missingParam('subscribed_fields');
  const list = (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
  for (const f of list) {
    if (!(WEBHOOK_FIELDS as readonly string[]).includes(f)) {
      throw errors.invalidParam(`Param subscribed_fields must be one of {${WEBHOOK_FIELDS.join(', ')}} - got "${f}"`);
    }
  }
  account.subscribedFields = new Set(list);
  // FB flavor's documented sample answers the string "true", IG flavor a boolean (reference §5.4).
  return { status: 200, body: { success: account.flavor === 'page' ? 'true' : true } };
}
