/**
 * Comments on the business's media, and the answers Meta allows (reference §2.4, §5.4–§5.6):
 *
 * - customers comment on posts, reels and Live broadcasts, answer other comments (one level of
 *   nesting, like Instagram) and @mention the business in comments elsewhere; each produces the
 *   `comments`, `live_comments` or `mentions` webhook Meta sends — as `entry[].changes[]` or flat
 *   `field`/`value` in the entry (reference §5.5), `entry.time` in seconds;
 * - a private reply (`POST /{id}/messages` with `recipient.comment_id`) follows @kit/core's
 *   `privateReplyPolicy` — one per comment, 7 days, Live only during the broadcast, not for
 *   mentions — and answers anything else with 100/2534025, as Meta does; it opens the thread with
 *   the commenter (echo webhook) but not the messaging window (follow-ups wait for their answer);
 * - public replies (`POST /{comment-id}/replies`), hide/unhide (`POST /{comment-id}?hide=`),
 *   delete (`DELETE /{comment-id}`), and reads: the comment node, its replies, a media's
 *   comments, the media node, `/{ig-id}/media` and `/{ig-id}/live_media`.
 */

import { measureText, privateReplyPolicy, TEXT_MAX_BYTES, type KitComment, type RateLimitClass } from '@kit/core';
import { BASIC_PERMISSION, COMMENTS_PERMISSION } from './accounts';
import { pathNamesAccount, requirePermission } from './auth';
import type { SandboxContext } from './context';
import { errors } from './errors';
import { emitMessage } from './events';
import { checkFields, parseFields, type FieldSpec } from './fields';
import type { GraphAnswer, GraphCall } from './call';
import { graphTime } from './reads';
import { assertMayMessage } from './routing';
import type { MediaObject } from './store';
import type { Customer, SandboxAccount, StoredComment, StoredMessage } from './types';
import type { WebhookEvent } from './webhooks';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Meta's `media_product_type` for each kind of media. */
const PRODUCT_TYPE: Record<MediaObject['kind'], string> = { post: 'FEED', reel: 'REELS', story: 'STORY', live: 'LIVE' };

/** A stable, fake instagram.com link for a media object. */
export function permalinkOf(media: MediaObject): string {
  const code = Buffer.from(media.id).toString('base64url').slice(0, 11);
  return `https://www.instagram.com/${media.kind === 'reel' ? 'reel' : 'p'}/${code}/`;
}

// ---- customers commenting -----------------------------------------------------------------

export interface CommentOptions {
  /** The post, reel or Live broadcast (default: the account's newest post or reel). */
  mediaId?: string;
  text: string;
  /** Answer another comment (Instagram nests one level: replies to a reply join its parent). */
  parentId?: string;
}

export interface CommentActionResult {
  customerId: string;
  commentId: string;
  mediaId: string;
  /** Webhook field the comment travels under. */
  field: 'comments' | 'live_comments' | 'mentions';
  /** The webhook `value` as queued. */
  value: Record<string, unknown>;
}

function newestMedia(ctx: SandboxContext, accountId: string): MediaObject | undefined {
  return [...ctx.store.media.values()].filter((m) => m.ownerId === accountId && (m.kind === 'post' || m.kind === 'reel')).at(-1);
}

function changeEvent(account: SandboxAccount, field: CommentActionResult['field'], value: Record<string, unknown>): WebhookEvent {
  return { entryId: account.igUserId, field, change: { field, value }, ...(account.commentWebhooks === 'flat' ? { flat: true } : {}) };
}

function commentValue(c: StoredComment, media: MediaObject): Record<string, unknown> {
  return {
    from: { id: c.fromId, username: c.username },
    media: { id: media.id, media_product_type: PRODUCT_TYPE[media.kind] },
    id: c.id,
    ...(c.parentId ? { parent_id: c.parentId } : {}),
    text: c.text,
  };
}

/** A customer comments; returns the stored comment and the webhook to queue. */
export function customerComment(
  ctx: SandboxContext,
  account: SandboxAccount,
  customer: Customer,
  opts: CommentOptions,
  at: number,
): { result: CommentActionResult; event: WebhookEvent } {
  if (typeof opts?.text !== 'string' || opts.text === '') throw new TypeError('customer.comment: text must be a non-empty string');
  const parent = opts.parentId ? ctx.store.comments.get(opts.parentId) : undefined;
  if (opts.parentId && (!parent || parent.accountId !== account.id || parent.source === 'mention')) {
    throw new Error(`customer.comment: ${opts.parentId} is not a comment on ${account.id}'s media`);
  }
  const mediaId = opts.mediaId ?? parent?.mediaId ?? newestMedia(ctx, account.id)?.id;
  const media = mediaId ? ctx.store.media.get(mediaId) : undefined;
  if (!media || media.ownerId !== account.id) {
    throw new Error(`customer.comment: no post, reel or Live ${mediaId ?? ''} of account ${account.id}; create one with accounts.createMedia()`);
  }
  if (media.kind === 'story') throw new Error('customer.comment: stories take replies in Direct (customer.replyToStory), not comments');
  if (media.kind === 'live' && media.liveEndedAt !== undefined) throw new Error('customer.comment: the Live broadcast has ended');
  const live = media.kind === 'live';
  const comment: StoredComment = {
    id: ctx.store.newNumericId('179'),
    accountId: account.id,
    mediaId: media.id,
    ...(parent ? { parentId: parent.parentId ?? parent.id } : {}),
    fromId: customer.id,
    username: customer.username,
    fromSelf: false,
    text: opts.text,
    createdAt: at,
    source: live ? 'live_comment' : 'comment',
    hidden: false,
    deleted: false,
  };
  ctx.store.comments.set(comment.id, comment);
  const field = live ? 'live_comments' : 'comments';
  const value = commentValue(comment, media);
  return { result: { customerId: customer.id, commentId: comment.id, mediaId: media.id, field, value }, event: changeEvent(account, field, value) };
}

/**
 * A customer @mentions the business in a comment on their own post (reference §5.4 `mentions`):
 * Meta sends only the ids, `{ media_id, comment_id }`.
 */
export function customerMention(
  ctx: SandboxContext,
  account: SandboxAccount,
  customer: Customer,
  opts: { text?: string },
  at: number,
): { result: CommentActionResult; event: WebhookEvent } {
  const mediaId = ctx.store.newNumericId('178');
  ctx.store.media.set(mediaId, { id: mediaId, ownerId: customer.id, kind: 'post', url: '', caption: `${customer.username}'s post`, createdAt: at });
  const comment: StoredComment = {
    id: ctx.store.newNumericId('179'),
    accountId: account.id,
    mediaId,
    fromId: customer.id,
    username: customer.username,
    fromSelf: false,
    text: opts.text ?? `@${account.username} have a look!`,
    createdAt: at,
    source: 'mention',
    hidden: false,
    deleted: false,
  };
  ctx.store.comments.set(comment.id, comment);
  const value = { media_id: mediaId, comment_id: comment.id };
  return { result: { customerId: customer.id, commentId: comment.id, mediaId, field: 'mentions', value }, event: changeEvent(account, 'mentions', value) };
}

// ---- private replies ----------------------------------------------------------------------

/** The comment as @kit/core's rules see it. */
function asKitComment(ctx: SandboxContext, c: StoredComment): Pick<KitComment, 'createdAt' | 'source' | 'media' | 'fromSelf' | 'deleted' | 'privateReply'> {
  const media = ctx.store.media.get(c.mediaId);
  return {
    createdAt: c.createdAt,
    source: c.source,
    fromSelf: c.fromSelf,
    deleted: c.deleted,
    ...(media?.kind === 'live' ? { media: { id: media.id, kind: 'live', ...(media.liveEndedAt !== undefined ? { liveEndedAt: media.liveEndedAt } : {}) } } : {}),
    ...(c.privateReplyMid ? { privateReply: { clientId: c.privateReplyMid, status: 'sent', at: c.privateReplyAt ?? c.createdAt } } : {}),
  };
}

/** Rate-limit bucket of a private reply (750/h, Live 100/s), or null when the send is not one. */
export function privateReplyRateClass(ctx: SandboxContext, account: SandboxAccount, p: Record<string, unknown>): RateLimitClass | null {
  const r = p.recipient;
  if (!isObj(r) || r.comment_id === undefined) return null;
  const c = ctx.store.comments.get(String(r.comment_id));
  return c?.accountId === account.id && c.source === 'live_comment' ? 'privateRepliesLive' : 'privateReplies';
}

/** `POST /{id}/messages` with `recipient: { comment_id }` (reference §2.4). */
export function sendPrivateReply(ctx: SandboxContext, account: SandboxAccount, p: Record<string, unknown>): { status: number; body: Record<string, unknown>; mid: string } {
  requirePermission(account, COMMENTS_PERMISSION[account.flavor]);
  const commentId = String((p.recipient as Record<string, unknown>).comment_id);
  if (p.sender_action !== undefined) throw errors.invalidParam('sender_action cannot be sent to a comment');
  if (p.tag !== undefined) throw errors.invalidParam('A private reply cannot carry a message tag');
  if (p.thread_control !== undefined) throw errors.invalidParam('thread_control cannot be sent with a private reply');
  const message = p.message;
  if (message === undefined) throw errors.missingParam('message');
  if (!isObj(message)) throw errors.invalidParam('param message must be a JSON object');
  const extra = Object.keys(message).filter((k) => k !== 'text');
  // Only text is documented for private replies (reference §2.4).
  if (extra.length > 0) throw errors.invalidMessageData(`a private reply can only carry message[text], not ${extra.join(', ')}`);
  const text = message.text;
  if (typeof text !== 'string' || text.length === 0) throw errors.invalidParam('param message[text] must be a non-empty UTF-8 encoded string');
  if (measureText(text).bytes > TEXT_MAX_BYTES) throw errors.textTooLong(TEXT_MAX_BYTES);

  const comment = ctx.store.comments.get(commentId);
  if (!comment || comment.accountId !== account.id) throw errors.privateReplyInvalid('no such comment on this account\'s media');
  const now = ctx.clock.now();
  const policy = privateReplyPolicy(asKitComment(ctx, comment), now);
  if (!policy.allowed) throw errors.privateReplyInvalid(policy.reason);
  const customer = ctx.store.customers.get(comment.fromId);
  if (!customer) throw errors.privateReplyInvalid('the commenter is unknown');
  if (customer.blocked) throw errors.userUnavailable();
  const conv = ctx.store.conversationFor(account.id, account.igUserId, customer.id, now);
  assertMayMessage(ctx, account, conv);

  const msg: StoredMessage = {
    mid: ctx.store.newMid(account.igUserId),
    accountId: account.id,
    customerId: customer.id,
    direction: 'outbound',
    createdAt: now,
    text,
    attachments: [],
    isDeleted: false,
    numEdit: 0,
    reactions: [],
    raw: message,
  };
  ctx.store.addMessage(conv, msg);
  conv.privateReplyAt = now;
  comment.privateReplyMid = msg.mid;
  comment.privateReplyAt = now;
  ctx.inspector.add(ctx.inspector.sentLog, {
    seq: ctx.inspector.nextSeq(),
    at: now,
    accountId: account.id,
    mid: msg.mid,
    recipientId: customer.id,
    text,
    textBytes: measureText(text).bytes,
    attachments: [],
    commentId,
  });
  ctx.inspector.notify({ kind: 'sent', at: now, accountId: account.id, customerId: customer.id, summary: { mid: msg.mid, text, attachments: 0, commentId } });
  emitMessage(ctx, account, msg);
  return { status: 200, body: { recipient_id: customer.id, message_id: msg.mid }, mid: msg.mid };
}

// ---- Graph: comment and media nodes -------------------------------------------------------

const COMMENT_FIELDS = ['id', 'text', 'timestamp', 'username', 'from', 'hidden', 'like_count', 'media', 'parent_id', 'replies', 'user'];
const MEDIA_FIELDS = ['id', 'caption', 'media_type', 'media_product_type', 'media_url', 'permalink', 'thumbnail_url', 'timestamp', 'comments_count', 'username', 'owner', 'is_comment_enabled'];

function commentNode(ctx: SandboxContext, c: StoredComment, fields: FieldSpec[] | null): Record<string, unknown> {
  const want = fields ?? [{ name: 'id' }, { name: 'text' }, { name: 'timestamp' }];
  checkFields(want, COMMENT_FIELDS, 'IGComment');
  const media = ctx.store.media.get(c.mediaId);
  const out: Record<string, unknown> = { id: c.id };
  for (const f of want) {
    if (f.name === 'text') out.text = c.text;
    else if (f.name === 'timestamp') out.timestamp = graphTime(c.createdAt);
    else if (f.name === 'username') out.username = c.username;
    else if (f.name === 'from') out.from = { id: c.fromId, username: c.username };
    else if (f.name === 'hidden') out.hidden = c.hidden;
    else if (f.name === 'like_count') out.like_count = 0;
    else if (f.name === 'media' && media) out.media = { id: media.id, media_product_type: PRODUCT_TYPE[media.kind] };
    else if (f.name === 'parent_id' && c.parentId) out.parent_id = c.parentId;
    else if (f.name === 'user' && c.fromSelf) out.user = { id: c.fromId };
    else if (f.name === 'replies') out.replies = { data: repliesOf(ctx, c).map((r) => commentNode(ctx, r, f.sub ?? null)) };
  }
  return out;
}

function repliesOf(ctx: SandboxContext, c: StoredComment): StoredComment[] {
  return [...ctx.store.comments.values()].filter((r) => r.parentId === c.id && !r.deleted);
}

function mediaNode(ctx: SandboxContext, account: SandboxAccount, m: MediaObject, fields: FieldSpec[] | null): Record<string, unknown> {
  const want = fields ?? [{ name: 'id' }];
  checkFields(want, MEDIA_FIELDS, 'IGMedia');
  const out: Record<string, unknown> = { id: m.id };
  for (const f of want) {
    if (f.name === 'caption' && m.caption) out.caption = m.caption;
    else if (f.name === 'media_type') out.media_type = m.kind === 'reel' || m.kind === 'live' ? 'VIDEO' : 'IMAGE';
    else if (f.name === 'media_product_type') out.media_product_type = PRODUCT_TYPE[m.kind];
    else if (f.name === 'media_url') out.media_url = m.url;
    // Meta: "Only available on VIDEO media" — an image has no thumbnail_url (its media_url is the picture).
    else if (f.name === 'thumbnail_url' && m.thumbnailUrl) out.thumbnail_url = m.thumbnailUrl;
    else if (f.name === 'permalink') out.permalink = permalinkOf(m);
    else if (f.name === 'timestamp') out.timestamp = graphTime(m.createdAt);
    else if (f.name === 'comments_count') out.comments_count = [...ctx.store.comments.values()].filter((c) => c.mediaId === m.id && !c.deleted).length;
    else if (f.name === 'username') out.username = account.username;
    else if (f.name === 'owner') out.owner = { id: account.igUserId };
    else if (f.name === 'is_comment_enabled') out.is_comment_enabled = true;
  }
  return out;
}

function limitOf(v: unknown): number {
  if (v === undefined) return 50;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw errors.invalidParam('param limit must be a non-negative integer');
  return Math.min(n, 100);
}

function hideParam(v: unknown): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  if (v === undefined) throw errors.missingParam('hide');
  throw errors.invalidParam(`param hide must be a boolean - got "${String(v)}"`);
}

/** Public reply: `POST /{comment-id}/replies { message }`. */
function publicReply(ctx: SandboxContext, account: SandboxAccount, target: StoredComment, p: Record<string, unknown>): GraphAnswer {
  // Mentions on other people's media are answered through the mentioned_comment API, not modelled.
  if (target.source === 'mention') throw errors.unsupportedRequest('POST', `${target.id}/replies`);
  const text = p.message;
  if (text === undefined || text === '') throw errors.missingParam('message');
  if (typeof text !== 'string') throw errors.invalidParam('param message must be a string');
  const media = ctx.store.media.get(target.mediaId) as MediaObject;
  const now = ctx.clock.now();
  const reply: StoredComment = {
    id: ctx.store.newNumericId('179'),
    accountId: account.id,
    mediaId: target.mediaId,
    parentId: target.parentId ?? target.id,
    fromId: account.igUserId,
    username: account.username,
    fromSelf: true,
    text,
    createdAt: now,
    source: target.source,
    hidden: false,
    deleted: false,
  };
  ctx.store.comments.set(reply.id, reply);
  ctx.inspector.add(ctx.inspector.commentLog, { seq: ctx.inspector.nextSeq(), at: now, accountId: account.id, commentId: target.id, action: 'reply', replyId: reply.id, text });
  ctx.inspector.notify({ kind: 'comment', at: now, accountId: account.id, customerId: target.fromId, summary: { action: 'reply', commentId: target.id, text } });
  // The business's own comments come back as `comments` webhooks too (from = the account).
  const field = reply.source === 'live_comment' ? 'live_comments' : 'comments';
  ctx.webhooks.enqueue(changeEvent(account, field, commentValue(reply, media)));
  return { status: 200, body: { id: reply.id } };
}

/** Comment, media and media-list calls; `null` when the call is not about comments or media. */
export function handleCommentCall(ctx: SandboxContext, call: GraphCall): GraphAnswer | null {
  const { account, node, edge, method, p } = call;
  const fields = () => parseFields(p.fields);
  const comment = ctx.store.comments.get(node);
  if (comment && comment.accountId === account.id) {
    requirePermission(account, COMMENTS_PERMISSION[account.flavor]);
    if (comment.deleted) throw errors.unsupportedRequest(method, node);
    if (edge === 'replies') {
      if (method === 'POST') return publicReply(ctx, account, comment, p);
      if (method === 'GET') return { status: 200, body: { data: repliesOf(ctx, comment).slice(0, limitOf(p.limit)).map((r) => commentNode(ctx, r, fields())) } };
    }
    if (edge) throw errors.unsupportedRequest(method, `${node}/${edge}`);
    if (method === 'GET') return { status: 200, body: commentNode(ctx, comment, fields()) };
    const now = ctx.clock.now();
    if (method === 'POST') {
      const hide = hideParam(p.hide);
      if (comment.fromSelf) throw errors.invalidParam('You cannot hide your own comment');
      comment.hidden = hide;
      ctx.inspector.add(ctx.inspector.commentLog, { seq: ctx.inspector.nextSeq(), at: now, accountId: account.id, commentId: comment.id, action: hide ? 'hide' : 'unhide' });
      ctx.inspector.notify({ kind: 'comment', at: now, accountId: account.id, customerId: comment.fromId, summary: { action: hide ? 'hide' : 'unhide', commentId: comment.id } });
      return { status: 200, body: { success: true } };
    }
    if (method === 'DELETE') {
      if (comment.source === 'mention') throw errors.unsupportedRequest(method, node);
      comment.deleted = true;
      ctx.inspector.add(ctx.inspector.commentLog, { seq: ctx.inspector.nextSeq(), at: now, accountId: account.id, commentId: comment.id, action: 'delete' });
      ctx.inspector.notify({ kind: 'comment', at: now, accountId: account.id, customerId: comment.fromId, summary: { action: 'delete', commentId: comment.id } });
      return { status: 200, body: { success: true } };
    }
    throw errors.unsupportedRequest(method, node);
  }
  const media = ctx.store.media.get(node);
  if (media && media.ownerId === account.id) {
    requirePermission(account, BASIC_PERMISSION[account.flavor]);
    if (method !== 'GET') throw errors.unsupportedRequest(method, edge ? `${node}/${edge}` : node);
    if (edge === 'comments') {
      requirePermission(account, COMMENTS_PERMISSION[account.flavor]);
      const list = [...ctx.store.comments.values()].filter((c) => c.mediaId === media.id && !c.parentId && !c.deleted).reverse();
      return { status: 200, body: { data: list.slice(0, limitOf(p.limit)).map((c) => commentNode(ctx, c, fields())) } };
    }
    if (edge) throw errors.unsupportedRequest(method, `${node}/${edge}`);
    return { status: 200, body: mediaNode(ctx, account, media, fields()) };
  }
  if ((edge === 'media' || edge === 'live_media') && pathNamesAccount(account, node)) {
    requirePermission(account, BASIC_PERMISSION[account.flavor]);
    if (method !== 'GET') throw errors.unsupportedRequest(method, `${node}/${edge}`);
    const list = [...ctx.store.media.values()]
      .filter((m) => m.ownerId === account.id && (edge === 'live_media' ? m.kind === 'live' && m.liveEndedAt === undefined : m.kind === 'post' || m.kind === 'reel'))
      .reverse();
    return { status: 200, body: { data: list.slice(0, limitOf(p.limit)).map((m) => mediaNode(ctx, account, m, fields())) } };
  }
  return null;
}
