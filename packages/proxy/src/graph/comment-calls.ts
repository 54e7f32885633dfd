/**
 * The Graph calls the comments routes make on the proxy's own behalf — these and no others, each
 * built from scratch from ids the store vouches for (a comment the account's signed webhooks
 * delivered), never from what the browser sent (DESIGN §6):
 *
 *   POST /{account}/messages   { recipient: { comment_id }, message: { text } }   private reply (reference §2.4)
 *   POST /{comment-id}/replies { message }                                       public reply
 *   POST /{comment-id}?hide=true|false                                           hide / unhide
 *
 * The host is the account's flavor's (GraphClient), the token travels only in the header.
 */
import type { GraphRequest } from './client';

/** Graph comment ids are numeric; anything else never leaves the proxy. */
export const GRAPH_COMMENT_ID = /^\d{1,32}$/;

export type CommentCall = 'private_reply' | 'public_reply' | 'hide';

/** Every call the comments routes may make: method and path template (for docs and tests). */
export const COMMENT_CALLS: Readonly<Record<CommentCall, { method: 'POST'; path: string }>> = Object.freeze({
  private_reply: { method: 'POST', path: '{account}/messages' },
  public_reply: { method: 'POST', path: '{comment-id}/replies' },
  hide: { method: 'POST', path: '{comment-id}' },
});

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
