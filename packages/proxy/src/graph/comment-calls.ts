/**
 * The Graph calls the comments routes make on the proxy's own behalf — these and no others, each
 * built from scratch from ids the store vouches for (a comment the account's signed webhooks
 * delivered), never from what the browser sent (DESIGN §6):
 *
 *   POST /{account}/messages   { recipient: { comment_id }, message: { text } }   private reply (reference §2.4)
 *   POST /{comment-id}/replies { message }                                       public reply
 *   POST /{comment-id}?hide=true|false                                           hide / unhide
 *   GET  /{media-id}?fields=permalink,thumbnail_url,media_url,media_type,caption  the post a comment is on (once; inbound/media.ts)
 *
 * The host is the account's flavor's (GraphClient), the token travels only in the header.
 */
import type { GraphRequest } from './client';

/** Graph comment ids are numeric; anything else never leaves the proxy. */
export const GRAPH_COMMENT_ID = /^\d{1,32}$/;

export type CommentCall = 'private_reply' | 'public_reply' | 'hide' | 'media';

/** Every call the comments side may make: method, path template and, for reads, the fixed fields (for docs and tests). */
export const COMMENT_CALLS: Readonly<Record<CommentCall, { method: 'POST' | 'GET'; path: string; fields?: string }>> = Object.freeze({
  private_reply: { method: 'POST', path: '{account}/messages' },
  public_reply: { method: 'POST', path: '{comment-id}/replies' },
  hide: { method: 'POST', path: '{comment-id}' },
  // IG Media fields: thumbnail_url exists only for VIDEO, media_url is the picture of an IMAGE.
  media: { method: 'GET', path: '{media-id}', fields: 'permalink,thumbnail_url,media_url,media_type,caption' },
});

/** Graph media ids are numeric like comment ids. */
export const GRAPH_MEDIA_ID = GRAPH_COMMENT_ID;

function commentId(id: string): string {
  if (!GRAPH_COMMENT_ID.test(id)) throw new TypeError('Not a Graph comment id.');
  return id;
}

/** The body of a private reply: only text is documented (reference §2.4), no tag, no messaging_type. */
export function privateReplyBody(id: string, text: string): Record<string, unknown> {
  return { recipient: { comment_id: commentId(id) }, message: { text } };
}

export function publicReplyRequest(id: string, text: string): GraphRequest {
  return { method: COMMENT_CALLS.public_reply.method, path: [commentId(id), 'replies'], json: { message: text } };
}

export function hideRequest(id: string, hidden: boolean): GraphRequest {
  return { method: COMMENT_CALLS.hide.method, path: [commentId(id)], query: { hide: hidden } };
}

/** Reads one of the account's media (the post a comment is on); the fields are fixed here, never asked for by a caller. */
export function mediaReadRequest(id: string, signal?: AbortSignal): GraphRequest {
  if (!GRAPH_MEDIA_ID.test(id)) throw new TypeError('Not a Graph media id.');
  return { method: COMMENT_CALLS.media.method, path: [id], query: { fields: COMMENT_CALLS.media.fields }, ...(signal ? { signal } : {}) };
}
