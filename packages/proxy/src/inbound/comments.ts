/**
 * Comment webhooks (reference §5.4–§5.6): `comments` (the account's posts, reels and ads),
 * `live_comments` (its Live broadcasts) and `mentions` (an @mention of the account in a comment
 * elsewhere) → `comment` KitEvents, and applying them to the store.
 *
 * Shapes tolerated: the change arrives as `entry[].changes[]` or flat `field`/`value` in the entry
 * (normalize.ts hands both here); the value is
 *   comments / live_comments: `{ id, text, from: { id, username }, media: { id, media_product_type }, parent_id? }`
 *   mentions:                 `{ comment_id, media_id }` (ids only: no text, no author)
 * and carries no time of its own, so the comment's time is `value.timestamp` when present
 * (seconds, ms or ISO 8601) and `entry.time` (seconds) otherwise.
 *
 * A comment written by the business itself (its public replies come back as `comments` webhooks,
 * whether sent through the kit or the Instagram app) is `fromSelf`, and marks the comment it
 * answers as replied, so the "needs a reply" list (@kit/core's `commentNeedsReply`) stays true to
 * what the customer sees.
 */
import { conversationId, type KitComment, type KitCommentEvent, type KitCommentSource, type KitEvent, type KitMedia, type KitMediaKind } from '@kit/core';
import type { StoreOps } from '../store/types';
import { withMediaDetails } from './media';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);

/** Webhook field → where the comment came from. */
export const COMMENT_FIELDS: Readonly<Record<string, KitCommentSource>> = Object.freeze({
  comments: 'comment',
  live_comments: 'live_comment',
  mentions: 'mention',
});

/** Meta's `media_product_type` → the kit's media kind. */
const MEDIA_KINDS: Readonly<Record<string, KitMediaKind>> = Object.freeze({ FEED: 'post', REELS: 'reel', STORY: 'story', LIVE: 'live', AD: 'ad' });

/** Seconds, ms or an ISO 8601 string (Graph's comment `timestamp`), else undefined. */
function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e12 ? v * 1000 : v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return timeOf(Number(v));
  if (typeof v === 'string') {
    const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')); // Graph writes +0000
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

function mediaOf(v: Obj): KitMedia | undefined {
  const m = isObj(v.media) ? v.media : undefined;
  const id = str(m?.id) ?? str(v.media_id);
  if (!id) return undefined;
  const type = str(m?.media_product_type);
  const media: KitMedia = { id, kind: type ? (MEDIA_KINDS[type.toUpperCase()] ?? 'other') : 'other' };
  if (m && str(m.permalink)) media.permalink = str(m.permalink) as string;
  return media;
}

/** An inbound item (normalize.ts `InboundItem`) for a comment: no customer thread of its own. */
export interface CommentItem {
  accountId: string;
  at: number;
  dedupeKey: string;
  event: KitCommentEvent;
}

/**
 * A comment change as an inbound item, or null when it is not a comment or lacks the ids a comment
 * needs (normalize.ts then keeps it as `unsupported`, never dropped).
 */
export function normalizeCommentChange(
  field: string,
  value: unknown,
  context: { accountId: string; entryTime: number; resolveAccount: (id: string) => string | undefined },
): CommentItem | null {
  const source = Object.hasOwn(COMMENT_FIELDS, field) ? COMMENT_FIELDS[field] : undefined;
  if (!source || !isObj(value)) return null;
  const { accountId } = context;
  const id = source === 'mention' ? (str(value.comment_id) ?? str(value.id)) : str(value.id);
  const media = mediaOf(value);
  if (!id || !media) return null;
  const at = timeOf(value.timestamp) ?? timeOf(value.created_time) ?? context.entryTime;
  const fromObj = isObj(value.from) ? value.from : undefined;
  const fromId = str(fromObj?.id);
  // Mentions name no author; the business's own comments carry its IG id as `from.id`.
  const fromSelf = fromId !== undefined && context.resolveAccount(fromId) === accountId;
  const comment: KitComment = {
    id,
    accountId,
    source,
    mediaId: media.id,
    media,
    from: { id: fromId ?? '', ...(str(fromObj?.username) ? { username: str(fromObj?.username) as string } : {}) },
    fromSelf,
    createdAt: at,
  };
  if (typeof value.text === 'string') comment.text = value.text;
  const parentId = str(value.parent_id);
  if (parentId && parentId !== id) comment.parentId = parentId;
  if (fromId && !fromSelf) comment.conversationId = conversationId(accountId, fromId);
  return { accountId, at, dedupeKey: `c:${accountId}:${source}:${id}`, event: { type: 'comment', accountId, at, comment } };
}

/** What the kit learned about a comment itself; a redelivered or later webhook never erases it. */
const KIT_STATE = ['privateReply', 'publicReplyAt', 'publicReplies', 'hidden', 'deleted', 'clientId'] as const;

function merged(existing: KitComment, incoming: KitComment): KitComment {
  const next: KitComment = { ...existing, ...incoming, createdAt: Math.min(existing.createdAt, incoming.createdAt) };
  for (const k of KIT_STATE) if (existing[k] !== undefined) (next as unknown as Obj)[k] = existing[k];
  if (existing.media || incoming.media) next.media = { ...existing.media, ...incoming.media } as KitMedia;
  // A mention names neither author nor text: keep what an earlier read found.
  if (!incoming.from.id && existing.from.id) next.from = existing.from;
  if (incoming.text === undefined && existing.text !== undefined) next.text = existing.text;
  return next;
}

/** Stores the comment (merged with what the kit knows) and returns the events to log. */
export async function applyComment(tx: StoreOps, e: KitCommentEvent): Promise<KitEvent[]> {
  const incoming = e.comment;
  const existing = await tx.getComment(incoming.accountId, incoming.id);
  let comment = existing ? merged(existing, incoming) : incoming;
  // The post was read before (inbound/media.ts): its link and picture come with the first write.
  if (!comment.media?.thumbnailUrl && comment.source !== 'mention') {
    const known = await tx.getMedia(comment.accountId, comment.mediaId);
    if (known) comment = withMediaDetails(comment, known) ?? comment;
  }
  await tx.putComment(comment);
  const events: KitEvent[] = [{ ...e, comment }];
  // The business answered in public (through the kit or the Instagram app): the parent is answered.
  if (comment.fromSelf && comment.parentId) {
    const parent = await tx.getComment(comment.accountId, comment.parentId);
    if (parent && !parent.fromSelf && (parent.publicReplyAt === undefined || parent.publicReplyAt < comment.createdAt)) {
      const answered = { ...parent, publicReplyAt: comment.createdAt };
      await tx.putComment(answered);
      events.push({ type: 'comment', accountId: parent.accountId, at: e.at, comment: answered });
    }
  }
  return events;
}
