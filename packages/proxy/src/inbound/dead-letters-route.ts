/**
 * GET /admin/dead-letters?limit=&before= — the webhook payloads the pipeline gave up on (see
 * pipeline.ts), newest first, for whoever operates the kit: when, how often it was tried and why
 * it failed. Never the payload itself (customer content), never anything secret.
 * POST /admin/dead-letters/:id/replay — queue it again (after a fix was deployed); answers
 * `{ webhookId }`, the pipeline takes it at once. DELETE /admin/dead-letters/:id — give it up.
 * Both are `admin.write`.
 *
 * A dead letter may belong to any account (or to none, when it could not be parsed), so the caller
 * must be allowed `admin.read` on every configured account: one tenant's operator never reads
 * another tenant's failures.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AccountRegistry } from '../accounts';
import { asyncHandler } from '../http/async-handler';
import { authorizedForEveryAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import { parseQuery, validateBody } from '../http/validate';
import type { Store } from '../store/types';

export interface DeadLetterRouteOptions {
  store: Store;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  /** A payload was queued again: process it now. */
  requeued: () => void;
}

const MAX_PAGE = 100;

const readPage = parseQuery(
  z.strictObject({
    limit: z
      .string({ error: `\`limit\` must be an integer from 1 to ${MAX_PAGE}.` })
      .regex(/^\d{1,3}$/, { error: `\`limit\` must be an integer from 1 to ${MAX_PAGE}.` })
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PAGE, { error: `\`limit\` must be an integer from 1 to ${MAX_PAGE}.` })
      .optional(),
    before: z.string({ error: '`before` must be the `nextBefore` of a previous page.' }).regex(/^\d{1,19}$/, { error: '`before` must be the `nextBefore` of a previous page.' }).optional(),
  }),
);

export function deadLetterRoutes(o: DeadLetterRouteOptions): Router {
  const router = express.Router();
  router.get(
    '/admin/dead-letters',
    asyncHandler(async (req, res) => {
      await authorizedForEveryAccount(req, o.accounts, o.authorizer, 'admin.read', 'dead letters');
      const { limit = 30, before } = readPage(req);
      const deadLetters = await o.store.listDeadLetters({ limit, ...(before ? { before } : {}) });
      res.json({ deadLetters, nextBefore: deadLetters.length === limit ? (deadLetters.at(-1)?.id ?? null) : null });
    }),
  );
  const notFound = (id: string) => new KitHttpError(404, 'dead_letter_not_found', `No dead letter ${id}: it was replayed or discarded already, or never existed.`);
  router.post(
    '/admin/dead-letters/:id/replay',
    express.json({ limit: '1kb' }),
    asyncHandler(async (req, res) => {
      await authorizedForEveryAccount(req, o.accounts, o.authorizer, 'admin.write', 'dead letters');
      noBody(req);
      const id = String(req.params.id);
      const webhookId = /^\d{1,19}$/.test(id) ? await o.store.requeueDeadLetter(id) : null;
      if (!webhookId) throw notFound(id);
      o.requeued();
      res.json({ webhookId });
    }),
  );
  router.delete(
    '/admin/dead-letters/:id',
    asyncHandler(async (req, res) => {
      await authorizedForEveryAccount(req, o.accounts, o.authorizer, 'admin.write', 'dead letters');
      const id = String(req.params.id);
      if (!(/^\d{1,19}$/.test(id) && (await o.store.discardDeadLetter(id)))) throw notFound(id);
      res.status(204).end();
    }),
  );
  return router;
}

const noBody = validateBody(z.strictObject({}));
