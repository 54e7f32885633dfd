/**
 * The post a comment is on: comment webhooks name the media (id, `media_product_type`) but not its
 * link or picture, so the kit reads `GET /{media-id}?fields=permalink,thumbnail_url,media_url,
 * media_type,caption` (graph/comment-calls.ts `media`) and keeps the answer in the store's media
 * table. Comments — and the private replies accepted after that — then carry `permalink` and
 * `thumbnailUrl` (the "replied to your comment" card and the comments view show them).
 *
 * Rules that shape this module:
 * - each media is read ONCE per account: the store's row answers every later comment (applyComment
 *   copies it in the same write); reads for the same media that overlap in this process share one
 *   call (`inFlight`), and across instances the `media:<account>:<id>` schedule is claimed first,
 *   so two instances never read the same media either;
 * - never on the webhook's critical path: the comment is stored first, the read runs after the
 *   event was applied (`idle()` waits for it — tests, shutdown), then the comment is updated and a
 *   `comment` event published so the views fill in live;
 * - a failed read (network, throttle, Graph error) never blocks or loses the comment: it stays
 *   without thumbnail, and the read is tried again by the next comment on that post once `retryMs`
 *   (10 min) has passed — comments that arrived meanwhile keep no thumbnail;
 * - mentions are skipped: their media is someone else's post, which `GET /{media-id}` does not
 *   serve to the business's token;
 * - within the account's read budget (the Conversations API class, like profile reads).
 */
import type { KitComment, KitMedia } from '@kit/core';
import type { Logger } from 'pino';
import { GRAPH_MEDIA_ID, mediaReadRequest } from '../graph/comment-calls';
import { GraphApiError, GraphNetworkError, type GraphClient } from '../graph/client';
import type { AccountLimits } from '../limits/account-limits';
import type { EventBus } from '../live/bus';
import type { LoggedEvent, Store } from '../store/types';

/** How long after a failed read the next comment on that post may try again. */
export const MEDIA_READ_RETRY_MS = 10 * 60_000;

/** Graph's IG Media node, as far as the read asks for it. */
interface GraphMedia {
  id?: string;
  permalink?: string;
  thumbnail_url?: string;
  media_url?: string;
  media_type?: string;
  caption?: string;
}

export interface MediaReaderDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  limits: AccountLimits;
  log: Logger;
  now: () => number;
  retryMs?: number;
}

/** What the kit keeps of a media read: the picture is the video's still, or the image itself. */
export function mediaFromGraph(id: string, kind: KitMedia['kind'], g: GraphMedia): KitMedia {
  const thumbnailUrl = g.thumbnail_url ?? (g.media_type !== 'VIDEO' ? g.media_url : undefined);
  return {
    id,
    kind,
    ...(typeof g.permalink === 'string' && g.permalink ? { permalink: g.permalink } : {}),
    ...(typeof thumbnailUrl === 'string' && thumbnailUrl ? { thumbnailUrl } : {}),
    ...(typeof g.caption === 'string' && g.caption ? { caption: g.caption } : {}),
  };
}

/** The comment's media with what a read found (the webhook's kind and Live state stay). */
export function withMediaDetails(comment: KitComment, media: KitMedia): KitComment | null {
  const current = comment.media ?? { id: comment.mediaId, kind: media.kind };
  const next: KitMedia = { ...current };
  if (media.permalink) next.permalink = media.permalink;
  if (media.thumbnailUrl) next.thumbnailUrl = media.thumbnailUrl;
  if (media.caption && !current.caption) next.caption = media.caption;
  if (next.permalink === current.permalink && next.thumbnailUrl === current.thumbnailUrl && next.caption === current.caption && comment.media) return null;
  return { ...comment, media: next };
}

export class MediaReader {
  /** `${accountId}\0${mediaId}` → the read under way (or the store lookup before it). */
  private readonly inFlight = new Map<string, Promise<KitMedia | null>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly retryMs: number;

  constructor(private readonly d: MediaReaderDeps) {
    this.retryMs = d.retryMs ?? MEDIA_READ_RETRY_MS;
  }

  /** A comment was stored: learn its media (at most one read) and attach it. Returns at once. */
  commentStored(comment: KitComment): void {
    if (this.abort.signal.aborted || comment.source === 'mention' || !GRAPH_MEDIA_ID.test(comment.mediaId)) return;
    if (comment.media?.thumbnailUrl && comment.media.permalink) return;
    const { accountId, id, mediaId } = comment;
    const p: Promise<void> = this.known(accountId, mediaId, comment.media?.kind ?? 'other')
      .then((media) => (media ? this.attach(accountId, id, media) : undefined))
      .catch((err: unknown) => this.d.log.error({ err, accountId }, 'attaching a comment\'s media crashed'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    this.abort.abort(new Error('kit proxy closed'));
    await this.idle();
  }

  /** The stored media, or the one read of it (shared by every comment asking meanwhile). */
  private known(accountId: string, mediaId: string, kind: KitMedia['kind']): Promise<KitMedia | null> {
    const key = `${accountId}\u0000${mediaId}`;
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.readOnce(accountId, mediaId, kind).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private async readOnce(accountId: string, mediaId: string, kind: KitMedia['kind']): Promise<KitMedia | null> {
    const { store, graph, limits, log } = this.d;
    const stored = await store.getMedia(accountId, mediaId);
    if (stored) return stored;
    const key = `media:${accountId}:${mediaId}`;
    const claimedAt = this.d.now();
    // Another instance is reading it, or a failed read is cooling down: nothing to do now.
    if (!(await store.claimDue(key, { now: claimedAt, until: claimedAt + this.retryMs }))) return null;
    let data: GraphMedia;
    try {
      await limits.acquire(accountId, 'conversations', this.abort.signal);
      data = (await graph.request<GraphMedia>(accountId, mediaReadRequest(mediaId, this.abort.signal))).data;
    } catch (err) {
      // Closing: not tried, so whoever asks next may read it at once.
      await store.reschedule(key, this.abort.signal.aborted ? claimedAt : this.d.now() + this.retryMs).catch(() => undefined);
      if (!this.abort.signal.aborted) {
        const graphRef = err instanceof GraphApiError ? err.graph : undefined;
        const reason = err instanceof GraphNetworkError ? err.reason : undefined;
        log.info({ accountId, graph: graphRef, reason }, 'could not read the post of a comment; its comments show no thumbnail until a later comment reads it');
      }
      return null;
    }
    const media = mediaFromGraph(mediaId, kind, data);
    await store.putMedia(accountId, media);
    return media;
  }

  /** Puts the media's link and picture on the comment (if it lacks them) and tells the views. */
  private async attach(accountId: string, commentId: string, media: KitMedia): Promise<void> {
    const { store, bus } = this.d;
    const logged = await store.transaction(async (tx): Promise<LoggedEvent | null> => {
      const c = await tx.getComment(accountId, commentId);
      const next = c ? withMediaDetails(c, media) : null;
      if (!next) return null;
      await tx.putComment(next);
      return tx.appendEvent({ type: 'comment', accountId, at: this.d.now(), comment: next });
    });
    if (logged) bus.publish(logged);
  }
}
