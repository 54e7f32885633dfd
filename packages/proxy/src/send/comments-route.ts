/**
 * Comments on the account's media and the answers Meta allows (reference §2.4):
 *   GET  /accounts/:accountId/comments?needsReply=1&mediaId=&before=&limit=     (comments.read)
 *   POST /accounts/:accountId/comments/:commentId/private-reply { clientId, text } (comments.reply)
 *   POST /accounts/:accountId/comments/:commentId/replies       { clientId, text } (comments.reply)
 *   POST /accounts/:accountId/comments/:commentId/hide          { hidden }         (comments.moderate)
 *
 * Comments come from the signed `comments` / `live_comments` / `mentions` webhooks (inbound/
 * comments.ts); a route only acts on a comment the store knows for the account, so one tenant can
 * never answer or hide another's. The private reply goes through the outbox (private-replies.ts);
 * the public reply and hide are single Graph calls (graph/comment-calls.ts) whose result the
 * proxy writes to the store and publishes as `comment` events itself.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { PUBLIC_REPLY_MAX_CHARS, type KitComment, type KitEvent, type KitPublicReplyRequest } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { asyncHandler } from '../http/async-handler';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import { parseQuery, validateBody } from '../http/validate';
import { GraphApiError, GraphNetworkError, type GraphClient, type GraphRequest } from '../graph/client';
import { GRAPH_COMMENT_ID, hideRequest, publicReplyRequest } from '../graph/comment-calls';
import type { EventBus } from '../live/bus';
import { decodeCursor, encodeCursor } from '../store/paging';
import type { Store, StoreOps } from '../store/types';
import type { AcceptDeps } from './accept';
import type { OutboxWorker } from './outbox';
import { acceptPrivateReply, commentOr404 } from './private-replies';
import { messageForSend } from './records';
import { CLIENT_ID_RE, checkText } from './validate';

export interface CommentRouteOptions {
  store: Store;
  bus: EventBus;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  graph: GraphClient;
  worker: OutboxWorker;
  accept: AcceptDeps;
  waitMs: number;
  now: () => number;
}

export const DEFAULT_COMMENT_PAGE = 30;
export const MAX_COMMENT_PAGE = 100;

const ID = /^[A-Za-z0-9_.-]{1,128}$/;

const listQuery = parseQuery(
  z.strictObject({
    needsReply: z.enum(['1', '0', 'true', 'false'], { error: '`needsReply` must be 1 (only comments waiting for an answer) or 0.' }).optional(),
    mediaId: z.string({ error: '`mediaId` must be one post, reel or Live id.' }).regex(ID, { error: '`mediaId` must be a post, reel or Live id.' }).optional(),
    before: z.string({ error: '`before` must be a nextBefore value from a previous page.' }).optional(),
    limit: z
      .string({ error: `\`limit\` must be an integer from 1 to ${MAX_COMMENT_PAGE}.` })
      .regex(/^\d{1,3}$/, { error: `\`limit\` must be an integer from 1 to ${MAX_COMMENT_PAGE}.` })
      .refine((v) => Number(v) >= 1 && Number(v) <= MAX_COMMENT_PAGE, { error: `\`limit\` must be an integer from 1 to ${MAX_COMMENT_PAGE}.` })
      .optional(),
  }),
  { codes: { before: 'invalid_cursor' } },
);

/** `{ clientId, text }`: a reply, private or public, with the caller's idempotency key. */
const replyBody = validateBody(
  z.strictObject({
    clientId: z.string({ error: '`clientId` must be a string (your idempotency key for this reply).' }).regex(CLIENT_ID_RE, {
      error: '`clientId` must be 1–128 characters from A–Z, a–z, 0–9, _ . : -',
    }),
    text: z.unknown(),
  }),
  { codes: { clientId: 'invalid_client_id' } },
);


const hideBody = validateBody(z.strictObject({ hidden: z.boolean({ error: '`hidden` must be true (hide the comment) or false (show it again).' }) }));

/** The comment id in the path: the kit's comments are Graph ids (numeric). */
function pathCommentId(raw: unknown): string {
  const id = String(raw);
  if (!GRAPH_COMMENT_ID.test(id)) throw new KitHttpError(404, 'comment_not_found', `No comment ${id.slice(0, 64)} is known to the kit.`);
  return id;
}

/** A comment the account may not act on in public: Meta answers these with errors anyway. */
function requireActionable(c: KitComment, action: 'reply to' | 'hide'): void {
  if (c.deleted) throw new KitHttpError(422, 'comment_not_answerable', 'The comment was deleted.', { details: { commentId: c.id } });
  if (c.source === 'mention') {
    throw new KitHttpError(422, 'comment_not_answerable', `This is a mention of your account in a comment on someone else's post; the kit cannot ${action} it from here.`, {
      details: { commentId: c.id },
    });
  }
}

export function commentRoutes(o: CommentRouteOptions): Router {
  const router = express.Router();

  /** One Graph call for a route: Graph's refusal becomes the standard error envelope. */
  async function call<T>(accountId: string, req: GraphRequest): Promise<T> {
    if (o.accounts.info(accountId)?.status === 'needs_reauth') {
      throw new KitHttpError(409, 'account_needs_reauth', `Instagram rejected the access token of account ${accountId}; reconnect the account.`, { category: 'auth' });
    }
    try {
      return (await o.graph.request<T>(accountId, req)).data;
    } catch (err) {
      if (err instanceof GraphApiError || err instanceof GraphNetworkError) throw err.toKitHttpError();
      throw err;
    }
  }

  /**
   * Read-modify-write comments in one transaction (a webhook about the same comment may be applied
   * meanwhile) and publish a `comment` event for each one written.
   */
  async function update(at: number, fn: (tx: StoreOps) => Promise<KitComment[]>): Promise<KitComment[]> {
    const { written, logged } = await o.store.transaction(async (tx) => {
      const written = await fn(tx);
      const logged = [];
      for (const c of written) {
        await tx.putComment(c);
        logged.push(await tx.appendEvent({ type: 'comment', accountId: c.accountId, at, comment: c } satisfies KitEvent));
      }
      return { written, logged };
    });
    for (const e of logged) o.bus.publish(e);
    return written;
  }

  router.get(
    '/accounts/:accountId/comments',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'comments.read');
      const q = listQuery(req);
      const limit = q.limit === undefined ? DEFAULT_COMMENT_PAGE : Number(q.limit);
      let before;
      if (q.before !== undefined && q.before !== '') {
        before = decodeCursor(q.before);
        if (!before) throw new KitHttpError(400, 'invalid_cursor', '`before` must be a nextBefore value from a previous page.');
      }
      const rows = await o.store.listComments(accountId, {
        limit: limit + 1,
        needsReply: q.needsReply === '1' || q.needsReply === 'true',
        ...(q.mediaId ? { mediaId: q.mediaId } : {}),
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      res.json({ comments: page, nextBefore: rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null });
    }),
  );

  router.post(
    '/accounts/:accountId/comments/:commentId/private-reply',
    express.json({ limit: '16kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'comments.reply');
      const commentId = pathCommentId(req.params.commentId);
      const body = replyBody(req);
      const text = checkText(body.text);
      if (o.accounts.info(accountId)?.status === 'needs_reauth') {
        throw new KitHttpError(409, 'account_needs_reauth', `Instagram rejected the access token of account ${accountId}; reconnect the account. Nothing is sent until then.`, { category: 'auth' });
      }
      const { send, inserted } = await acceptPrivateReply(o.accept, accountId, commentId, { clientId: body.clientId, text });
      const settled = (await o.worker.waitForFinal(accountId, send.clientId, o.waitMs)) ?? send;
      const businessId = o.accounts.info(accountId)?.igUserId ?? accountId;
      res.status(inserted ? 201 : 200).json({ message: await messageForSend(o.store, settled, businessId), comment: await o.store.getComment(accountId, commentId) });
    }),
  );

  router.post(
    '/accounts/:accountId/comments/:commentId/replies',
    express.json({ limit: '16kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'comments.reply');
      const commentId = pathCommentId(req.params.commentId);
      const { clientId, text } = replyBody(req);
      if (typeof text !== 'string' || text.trim() === '') throw new KitHttpError(400, 'invalid_text', '`text` must be a non-empty string.');
      if ([...text].length > PUBLIC_REPLY_MAX_CHARS) {
        throw new KitHttpError(400, 'text_too_long', `A public reply may have at most ${PUBLIC_REPLY_MAX_CHARS} characters.`, { details: { maxChars: PUBLIC_REPLY_MAX_CHARS } });
      }
      const target = await commentOr404(o.store, accountId, commentId);
      requireActionable(target, 'reply to');

      // Idempotency (like private replies): the request is recorded on the comment before Graph is
      // called, in one transaction, so a repeat — also a parallel one — never posts twice.
      const claimed = await o.store.transaction(async (tx) => {
        const current = (await tx.getComment(accountId, commentId)) ?? target;
        const earlier = current.publicReplies?.find((p) => p.clientId === clientId);
        if (earlier && earlier.text !== text) {
          throw new KitHttpError(409, 'client_id_reused', `clientId ${clientId} was already used for a different reply. Use a new clientId for a new reply; repeat the exact same request to get the original.`);
        }
        if (earlier?.status === 'sent') return { repeat: earlier };
        if (earlier?.status === 'sending') {
          throw new KitHttpError(409, 'reply_in_progress', `The reply with clientId ${clientId} is being posted (or its answer was lost); it shows up once Instagram reports it.`, { details: { clientId } });
        }
        const request: KitPublicReplyRequest = { clientId, text, status: 'sending', at: o.now() };
        await tx.putComment({ ...current, publicReplies: [...(current.publicReplies ?? []).filter((p) => p.clientId !== clientId), request] });
        return { repeat: null };
      });
      if (claimed.repeat) {
        const reply = claimed.repeat.replyId ? await o.store.getComment(accountId, claimed.repeat.replyId) : null;
        res.status(200).json({ reply, comment: await o.store.getComment(accountId, commentId) });
        return;
      }
      const settle = (status: 'sent' | 'failed', replyId?: string) => (c: KitComment): KitPublicReplyRequest[] =>
        (c.publicReplies ?? []).map((p) => (p.clientId === clientId ? { ...p, status, ...(replyId ? { replyId } : {}) } : p));
      let data: { id?: unknown };
      try {
        data = await call<{ id?: unknown }>(accountId, publicReplyRequest(commentId, text));
      } catch (err) {
        // Graph said no: the same clientId may try again. A network failure may have posted it:
        // the request stays `sending` (a repeat answers reply_in_progress), never posted twice.
        if (!(err instanceof KitHttpError && err.category === 'network')) {
          await update(o.now(), async (tx) => {
            const c = await tx.getComment(accountId, commentId);
            return c ? [{ ...c, publicReplies: settle('failed')(c) }] : [];
          });
        }
        throw err;
      }
      const now = o.now();
      const info = o.accounts.info(accountId);
      const replyId = typeof data.id === 'string' || typeof data.id === 'number' ? String(data.id) : null;
      const [answered, reply = null] = await update(now, async (tx) => {
        const current = (await tx.getComment(accountId, commentId)) ?? target;
        const answered: KitComment = { ...current, publicReplyAt: now, publicReplies: settle('sent', replyId ?? undefined)(current) };
        if (!replyId) return [answered];
        // Its `comments` webhook may have come first: keep that row, add what only we know.
        const echoed = await tx.getComment(accountId, replyId);
        const reply: KitComment = echoed ? { ...echoed, clientId } : {
          id: replyId,
          accountId,
          source: target.source,
          mediaId: target.mediaId,
          ...(target.media ? { media: target.media } : {}),
          // Instagram nests one level: an answer to an answer joins the top-level comment.
          parentId: target.parentId ?? target.id,
          from: { id: info?.igUserId ?? accountId, ...(info?.username ? { username: info.username } : {}) },
          fromSelf: true,
          text,
          createdAt: now,
          clientId,
        };
        return [answered, reply];
      });
      res.status(201).json({ reply, comment: answered });
    }),
  );

  router.post(
    '/accounts/:accountId/comments/:commentId/hide',
    express.json({ limit: '4kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'comments.moderate');
      const commentId = pathCommentId(req.params.commentId);
      const { hidden } = hideBody(req);
      const target = await commentOr404(o.store, accountId, commentId);
      requireActionable(target, 'hide');
      if (target.fromSelf) throw new KitHttpError(422, 'comment_not_hideable', 'This comment was written by your own account; Instagram does not let an account hide its own comments.', { details: { commentId } });
      await call(accountId, hideRequest(commentId, hidden));
      const [next] = await update(o.now(), async (tx) => [{ ...((await tx.getComment(accountId, commentId)) ?? target), hidden }]);
      res.json({ comment: next });
    }),
  );

  return router;
}
