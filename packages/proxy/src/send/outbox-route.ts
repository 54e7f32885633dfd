/**
 * GET /accounts/:accountId/outbox?limit= — the account's sends that are not final yet (queued,
 * sending, uncertain), oldest first, for the operator's view (`<KitOps>`): how long each has
 * waited, how often it was tried, why it is stuck. An `uncertain` one is settled with
 * POST /accounts/:id/sends/:clientId/resolve. Action `admin.read` on that account. A text send's
 * first 140 characters come along so a person can recognise it in the thread; no token, no
 * request body beyond that.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { KitOutboxSend } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { asyncHandler } from '../http/async-handler';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { parseQuery } from '../http/validate';
import type { OutboxSend, Store } from '../store/types';
import { requestOf } from './records';

const PREVIEW_CHARS = 140;

function viewOf(s: OutboxSend): KitOutboxSend {
  const r = requestOf(s);
  const c = r.content;
  const kind: KitOutboxSend['kind'] = r.privateReply ? 'private_reply' : c.text !== undefined ? 'text' : c.sticker ? 'sticker' : c.share ? 'share' : c.template ? 'template' : 'attachment';
  return {
    clientId: s.clientId,
    conversationId: s.conversationId,
    status: s.status as KitOutboxSend['status'],
    attempts: s.attempts,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...(s.reason ? { reason: s.reason } : {}),
    ...(c.text !== undefined ? { text: [...c.text].slice(0, PREVIEW_CHARS).join('') } : {}),
    kind,
  };
}

const readPage = parseQuery(z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }));

export function outboxRoutes(o: { store: Store; accounts: AccountRegistry; authorizer: Authorizer }): Router {
  const router = express.Router();
  router.get(
    '/accounts/:accountId/outbox',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'admin.read');
      const { limit = 100 } = readPage(req);
      const rows = await o.store.listSends({ accountId, statuses: ['queued', 'sending', 'uncertain'], limit });
      const queued = rows.filter((s) => s.status === 'queued');
      res.json({ sends: rows.map(viewOf), oldestQueuedAt: queued.length > 0 ? Math.min(...queued.map((s) => s.createdAt)) : null });
    }),
  );
  return router;
}
