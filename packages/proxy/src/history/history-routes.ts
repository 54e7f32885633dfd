/**
 * History from the store (the system of record, DESIGN §3.5):
 *   GET  /accounts
 *   GET  /accounts/:accountId/conversations?before=&limit=
 *   GET  /accounts/:accountId/conversations/:conversationId/messages?before=&limit=
 *   POST /accounts/:accountId/conversations/:conversationId/read   (agent has seen the thread)
 * Pages are newest-first; `nextBefore` is an opaque cursor for the next (older) page, null at the
 * end. Inside one messages page the order is oldest → newest, ready to render.
 */
import { withWindowState } from '@kit/core';
import express, { type Request, type Router } from 'express';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, pathConversation, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import type { EventBus } from '../live/bus';
import { decodeCursor, encodeCursor } from '../store/paging';
import type { PageCursor, Store } from '../store/types';
import { asyncHandler } from '../http/async-handler';

export interface HistoryRouteOptions {
  store: Store;
  bus: EventBus;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  now: () => number;
}

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

function pageParams(req: Request): { before?: PageCursor; limit: number } {
  const q = req.query as Record<string, unknown>;
  let limit = DEFAULT_PAGE_SIZE;
  if (q.limit !== undefined) {
    limit = Number(q.limit);
    if (typeof q.limit !== 'string' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new KitHttpError(400, 'invalid_limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
    }
  }
  if (q.before === undefined || q.before === '') return { limit };
  const before = typeof q.before === 'string' ? decodeCursor(q.before) : null;
  if (!before) throw new KitHttpError(400, 'invalid_cursor', 'before must be a nextBefore value from a previous page.');
  return { before, limit };
}

export function historyRoutes(o: HistoryRouteOptions): Router {
  const router = express.Router();

  router.get(
    '/accounts',
    asyncHandler(async (req, res) => {
      const ids = await o.authorizer.filter(req, o.accounts.ids(), 'accounts.read');
      const accounts = await Promise.all(
        ids.map(async (id) => {
          const info = o.accounts.info(id)!;
          const state = await o.store.getAccountState(id);
          return {
            id: info.id,
            flavor: info.flavor,
            igUserId: info.igUserId,
            ...(info.name ? { name: info.name } : {}),
            ...(info.username ? { username: info.username } : {}),
            status: info.status,
            backfill: state?.backfill ?? { state: 'pending' },
            paused: state?.paused ?? null,
          };
        }),
      );
      res.json({ accounts });
    }),
  );

  router.get(
    '/accounts/:accountId/conversations',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.read');
      const { before, limit } = pageParams(req);
      const rows = await o.store.listConversations(accountId, { limit: limit + 1, ...(before ? { before } : {}) });
      const page = rows.slice(0, limit);
      const now = o.now();
      const last = page.at(-1);
      res.json({
        conversations: page.map((c) => withWindowState(c, now)),
        nextBefore: rows.length > limit && last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null,
      });
    }),
  );

  router.get(
    '/accounts/:accountId/conversations/:conversationId/messages',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'messages.read');
      const c = await pathConversation(req, o.store, accountId);
      const { before, limit } = pageParams(req);
      const rows = await o.store.listMessages(c.id, { limit: limit + 1, ...(before ? { before } : {}) });
      const page = rows.slice(0, limit);
      const oldest = page.at(-1);
      res.json({
        messages: page.reverse().map(({ stub: _stub, ...m }) => m),
        nextBefore: rows.length > limit && oldest ? encodeCursor({ at: oldest.createdAt, id: oldest.id }) : null,
      });
    }),
  );

  router.post(
    '/accounts/:accountId/conversations/:conversationId/read',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.mark_read');
      const id = (await pathConversation(req, o.store, accountId)).id;
      const now = o.now();
      const events = await o.store.transaction(async (tx) => {
        const c = await tx.getConversation(id);
        if (!c || c.unreadCount === 0) return [];
        const next = withWindowState({ ...c, unreadCount: 0, updatedAt: now }, now);
        await tx.putConversation(next);
        return [await tx.appendEvent({ type: 'conversation_updated', accountId, conversationId: id, at: now, conversation: next })];
      });
      for (const e of events) o.bus.publish(e);
      res.json({ conversation: withWindowState((await o.store.getConversation(id))!, now) });
    }),
  );

  return router;
}
