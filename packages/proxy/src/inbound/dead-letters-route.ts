/**
 * GET /admin/dead-letters?limit=&before= — the webhook payloads the pipeline gave up on (see
 * pipeline.ts), newest first, for whoever operates the kit: when, how often it was tried and why
 * it failed. Never the payload itself (customer content), never anything secret.
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
import { parseQuery } from '../http/validate';
import type { Store } from '../store/types';

export interface DeadLetterRouteOptions {
  store: Store;
  accounts: AccountRegistry;
  authorizer: Authorizer;
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
  return router;
}
