/**
 * The comment routes <CommentsView> calls: the client's own method when it has one (a hand-written
 * client, a test double), else the route through a createKitClient client's request function.
 * Here rather than inside createKitClient for the reason opsRoutes.ts gives: an <Inbox> page
 * downloads them only when the agent opens the comments.
 */
import { KitClientError } from '../client';
import { kitRequestOf } from '../client-request';
import type { KitClient, KitCommentPage, KitPrivateReplyResult } from '../client';
import type { KitComment } from '@kit/core';

export type KitCommentRoutes = Required<Pick<KitClient, 'listComments' | 'sendPrivateReply' | 'replyToComment' | 'hideComment'>>;

const seg = encodeURIComponent;

export function commentRoutes(client: KitClient): KitCommentRoutes {
  const request =
    kitRequestOf(client) ??
    (() =>
      Promise.reject(
        new KitClientError({ code: 'not_implemented', message: 'This KitClient implements no comment routes (listComments, sendPrivateReply, …).', status: 0, retryable: false, category: 'unknown' }),
      ));
  const base = (accountId: string) => `/accounts/${seg(accountId)}/comments`;
  return {
    listComments:
      client.listComments?.bind(client) ??
      ((accountId, options = {}) => {
        const q = new URLSearchParams();
        if (options.needsReply) q.set('needsReply', '1');
        if (options.mediaId) q.set('mediaId', options.mediaId);
        if (options.before) q.set('before', options.before);
        if (options.limit !== undefined) q.set('limit', String(options.limit));
        const qs = q.toString();
        return request<KitCommentPage>('GET', `${base(accountId)}${qs ? `?${qs}` : ''}`, { signal: options.signal });
      }),
    sendPrivateReply:
      client.sendPrivateReply?.bind(client) ??
      ((accountId, commentId, body, signal) => request<KitPrivateReplyResult>('POST', `${base(accountId)}/${seg(commentId)}/private-reply`, { json: body, signal })),
    replyToComment:
      client.replyToComment?.bind(client) ??
      ((accountId, commentId, body, signal) => request<{ reply: KitComment | null; comment: KitComment }>('POST', `${base(accountId)}/${seg(commentId)}/replies`, { json: body, signal })),
    hideComment:
      client.hideComment?.bind(client) ??
      ((accountId, commentId, hidden, signal) => request<{ comment: KitComment }>('POST', `${base(accountId)}/${seg(commentId)}/hide`, { json: { hidden }, signal })),
  };
}
