/**
 * SLOT for the sending side (issue 6) — not implemented in this issue:
 *   POST /accounts/:accountId/messages     { to, clientId, text? | attachment? | attachments? | sticker?, replyTo?, tag?, automated? }
 *   POST /accounts/:accountId/reactions    { to, messageId, reaction?, action: 'react' | 'unreact' }
 *   POST /accounts/:accountId/attachments  (multipart `file`)
 *
 * What is already in place for it: the CSRF guard runs before this router (proxy.ts), the
 * authorize actions `messages.send` / `reactions.send` / `attachments.upload` exist (auth.ts),
 * the store's outbox (insertSend / getSendByClientId / claimNextSends / updateSendStatus), the
 * Graph client with typed errors (graph/client.ts), per-account rate limits (rate-limits.ts), the
 * event log + bus for `send_status` events, and echo reconciliation by mid (inbound/apply.ts).
 *
 * Until then these routes answer 501 with the standard error envelope, after authorization, so
 * clients can be written against the final status codes.
 */
import express, { type Router } from 'express';
import type { AccountRegistry } from '../accounts';
import type { Authorizer, KitAction } from '../auth';
import { KitHttpError } from '../errors';
import { asyncHandler } from '../util/async-handler';

export interface MessageRouteOptions {
  accounts: AccountRegistry;
  authorizer: Authorizer;
}

export function messageRoutes(o: MessageRouteOptions): Router {
  const router = express.Router();
  const slot = (path: string, action: KitAction) =>
    router.post(
      `/accounts/:accountId/${path}`,
      asyncHandler(async (req) => {
        const accountId = String(req.params.accountId);
        if (!o.accounts.has(accountId)) throw new KitHttpError(404, 'account_not_found', `No account ${accountId} is configured in @kit/proxy.`);
        await o.authorizer.require(req, { accountId, action });
        throw new KitHttpError(501, 'not_implemented', `POST /accounts/:accountId/${path} is not available in this version of @kit/proxy.`);
      }),
    );
  slot('messages', 'messages.send');
  slot('reactions', 'reactions.send');
  slot('attachments', 'attachments.upload');
  return router;
}
