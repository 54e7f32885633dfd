/**
 * History from the store (the system of record, DESIGN §3.5):
 *   GET  /accounts
 *   GET  /accounts/:accountId/conversations?before=&limit=&q=&filter=   (search and filters: below)
 *   GET  /accounts/:accountId/conversations/:conversationId/messages?before=&limit=
 *   POST /accounts/:accountId/conversations/:conversationId/read   (agent has seen the thread)
 * Pages are newest-first; `nextBefore` is an opaque cursor for the next (older) page, null at the
 * end. Inside one messages page the order is oldest → newest, ready to render.
 */
import {
  KIT_CONVERSATION_FILTERS,
  SEARCH_QUERY_MAX_CHARS,
  searchSnippet,
  searchTerms,
  WINDOW_FILTERS,
  withWindowState,
  type KitConversationFilter,
  type KitSearchMatch,
} from '@kit/core';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, pathConversation, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import type { EventBus } from '../live/bus';
import { decodeCursor, encodeCursor } from '../store/paging';
import type { PageCursor, Store } from '../store/types';
import { asyncHandler } from '../http/async-handler';
import { parseQuery } from '../http/validate';

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

/**
 * The conversation list's query: paging, plus `q` (search text: @kit/core searchTerms over the
 * person's name and @username and every stored message) and `filter` (comma-separated
 * KIT_CONVERSATION_FILTERS, all must hold, at most one window state). Anything else is refused.
 */
const conversationsQuery = parseQuery(
  z.strictObject({
    before: z.string({ error: '`before` must be a nextBefore value from a previous page.' }).optional(),
    limit: z.string({ error: `\`limit\` must be an integer from 1 to ${MAX_PAGE_SIZE}.` }).optional(),
    q: z
      .string({ error: '`q` must be one search text.' })
      .max(SEARCH_QUERY_MAX_CHARS, { error: `\`q\` is longer than ${SEARCH_QUERY_MAX_CHARS} characters.` })
      .optional(),
    filter: z.string({ error: `\`filter\` must be one comma-separated list of ${KIT_CONVERSATION_FILTERS.join(', ')}.` }).optional(),
  }),
);

function parseFilters(value: string | undefined): KitConversationFilter[] {
  if (value === undefined || value.trim() === '') return [];
  const given = [...new Set(value.split(',').map((f) => f.trim()))];
  const unknown = given.filter((f) => !(KIT_CONVERSATION_FILTERS as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new KitHttpError(
      400,
      'invalid_filter',
      `Unknown filter ${unknown.map((f) => `\`${f}\``).join(', ')}. Filters: ${KIT_CONVERSATION_FILTERS.map((f) => `\`${f}\``).join(', ')}.`,
      { details: { field: 'filter', unknown, accepted: KIT_CONVERSATION_FILTERS } },
    );
  }
  const windows = given.filter((f) => (WINDOW_FILTERS as readonly string[]).includes(f));
  if (windows.length > 1) {
    throw new KitHttpError(400, 'invalid_filter', `A conversation is in one window state at a time: choose one of ${windows.map((f) => `\`${f}\``).join(', ')}.`, {
      details: { field: 'filter', conflicting: windows },
    });
  }
  return given as KitConversationFilter[];
}

function parseTerms(q: string | undefined): string[] {
  if (q === undefined || q.trim() === '') return [];
  const terms = searchTerms(q);
  if (terms.length === 0) throw new KitHttpError(400, 'invalid_q', '`q` has no letters or digits to search for.', { details: { field: 'q' } });
  return terms;
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
      const query = conversationsQuery(req);
      const { before, limit } = pageParams(req);
      const terms = parseTerms(query.q);
      const filters = parseFilters(query.filter);
      const now = o.now();
      const paging = { limit: limit + 1, ...(before ? { before } : {}) };
      if (terms.length === 0 && filters.length === 0) {
        const rows = await o.store.listConversations(accountId, paging);
        const last = rows.slice(0, limit).at(-1);
        res.json({
          conversations: rows.slice(0, limit).map((c) => withWindowState(c, now)),
          nextBefore: rows.length > limit && last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null,
        });
        return;
      }
      const hits = await o.store.findConversations(accountId, { ...paging, terms, filters, now });
      const page = hits.slice(0, limit);
      const last = page.at(-1)?.conversation;
      // Where each conversation matched: its newest matching message, around the match.
      const matches: Record<string, KitSearchMatch> = {};
      for (const { conversation, message } of page) {
        const cut = message?.text ? searchSnippet(message.text, terms) : null;
        if (message && cut) matches[conversation.id] = { messageId: message.id, createdAt: message.createdAt, direction: message.direction, ...cut };
      }
      res.json({
        conversations: page.map((h) => withWindowState(h.conversation, now)),
        ...(terms.length > 0 ? { matches } : {}),
        nextBefore: hits.length > limit && last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null,
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
