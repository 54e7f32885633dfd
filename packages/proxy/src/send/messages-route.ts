/**
 * Sending messages:
 *   POST /accounts/:accountId/messages          { to, clientId, text | attachment | attachments | sticker | share, replyTo?, tag?, automated? }
 *   GET  /accounts/:accountId/sends/:clientId   the same record, for clients that lost the answer
 *   POST /accounts/:accountId/sends/:clientId/resolve   { outcome }: a person settles an uncertain send
 *
 * The body is validated with @kit/core's rules and the window/consent policy is applied from the
 * store before anything is written; refusals are 400/409/422 and nothing reaches Graph. Accepted
 * sends are written to the outbox first, then the route waits briefly (outbox.waitMs) so the
 * common case answers `sent` with Graph's message id; otherwise `queued` and the outcome follows
 * as `send_status` events. A repeat with the same clientId returns the same record (200) and
 * never sends again.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { conversationId, KIT_SEND_OUTCOMES, routingSendPolicy, type KitConversation } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import type { GraphClient } from '../graph/client';
import type { Store } from '../store/types';
import { acceptSend, type AcceptDeps } from './accept';
import type { OutboxWorker } from './outbox';
import { messageForSend } from './records';
import { validateSendBody } from './validate';
import { asyncHandler } from '../http/async-handler';
import { validateBody } from '../http/validate';

export interface MessageRouteOptions {
  store: Store;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  graph: GraphClient;
  worker: OutboxWorker;
  accept: AcceptDeps;
  waitMs: number;
  now: () => number;
  /**
   * `routing.sendWhenNotOwner: 'take'`: take the thread from the app holding it before an agent's
   * send (routing/control.ts). Absent: such sends are refused (policy.ts).
   */
  takeThread?: ((accountId: string, conversation: KitConversation) => Promise<unknown>) | undefined;
}

/** A send's key in a path: a client's clientId, or the automated-experience notice queued ahead of it. */
const SEND_KEY_RE = /^[A-Za-z0-9_.:-]{1,128}(#disclosure)?$/;

/** Re-check a `needs_reauth` account at most this often before refusing its sends. */
const REAUTH_PROBE_MS = 30_000;

export function messageRoutes(o: MessageRouteOptions): Router {
  const router = express.Router();
  const lastProbe = new Map<string, number>();

  /**
   * Token errors stop an account's sends. The host may have rotated the token since (resolver),
   * so before refusing, one cheap read with a freshly resolved token (GraphClient retries GETs
   * with a new token) tells whether the account is healthy again.
   */
  async function ensureConnected(accountId: string): Promise<void> {
    if (o.accounts.info(accountId)?.status !== 'needs_reauth') return;
    const t = o.now();
    if (t - (lastProbe.get(accountId) ?? -Infinity) >= REAUTH_PROBE_MS) {
      lastProbe.set(accountId, t);
      try {
        // The account's own node: Unified Login's `/me` is the system user, not the account.
        await o.graph.request(accountId, { path: o.accounts.info(accountId)?.flavor === 'unified' ? [accountId] : 'me', query: { fields: 'id' } });
      } catch {
        // still rejected: fall through
      }
    }
    if (o.accounts.info(accountId)?.status === 'needs_reauth') {
      throw new KitHttpError(409, 'account_needs_reauth', `Instagram rejected the access token of account ${accountId}; reconnect the account. Nothing is sent until then.`, { category: 'auth' });
    }
  }

  router.post(
    '/accounts/:accountId/messages',
    express.json({ limit: '64kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'messages.send');
      const body = validateSendBody(req.body);
      await ensureConnected(accountId);
      if (o.takeThread && !body.automated && !(await o.store.getSendByClientId(accountId, body.clientId))) {
        const held = await o.store.getConversation(conversationId(accountId, body.to));
        if (held && !routingSendPolicy(held.routing).allowed) {
          // Taking a thread is a routing action of its own: the host decides it too.
          await authorizedAccount(req, o.accounts, o.authorizer, 'routing.write');
          await o.takeThread(accountId, held);
        }
      }
      // Watching before the write: the outcome cannot land unseen, so neither a read before the
      // wait nor (when this instance delivered it) one after it is needed.
      const watch = o.worker.watch(accountId, body.clientId);
      let accepted: Awaited<ReturnType<typeof acceptSend>>;
      try {
        accepted = await acceptSend(o.accept, accountId, body);
      } catch (err) {
        watch.close();
        throw err;
      }
      const { send, inserted } = accepted;
      const settled = (await watch.until(o.waitMs, send)) ?? send;
      const businessId = o.accounts.info(accountId)?.igUserId ?? accountId;
      res.status(inserted ? 201 : 200).json({ message: await messageForSend(o.store, settled, businessId) });
    }),
  );

  router.get(
    '/accounts/:accountId/sends/:clientId',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'messages.read');
      const clientId = String(req.params.clientId);
      const send = SEND_KEY_RE.test(clientId) ? await o.store.getSendByClientId(accountId, clientId) : null;
      if (!send) throw new KitHttpError(404, 'send_not_found', `No send with clientId ${clientId} for account ${accountId}.`);
      res.json({ message: await messageForSend(o.store, send, o.accounts.info(accountId)?.igUserId ?? accountId) });
    }),
  );

  router.post(
    '/accounts/:accountId/sends/:clientId/resolve',
    express.json({ limit: '8kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'messages.send');
      const clientId = String(req.params.clientId);
      const { outcome } = resolveBody(req);
      const send = SEND_KEY_RE.test(clientId) ? await o.store.getSendByClientId(accountId, clientId) : null;
      if (!send) throw new KitHttpError(404, 'send_not_found', `No send with clientId ${clientId} for account ${accountId}.`);
      if (send.status !== 'uncertain') {
        throw new KitHttpError(409, 'send_not_uncertain', `Send ${clientId} is ${send.status}; only an uncertain send can be resolved.`);
      }
      const next = await o.worker.resolveUncertain(send, outcome);
      if (!next) throw new KitHttpError(409, 'send_not_uncertain', `Send ${clientId} was settled meanwhile (its echo arrived, or someone resolved it).`);
      res.json({ message: await messageForSend(o.store, next, o.accounts.info(accountId)?.igUserId ?? accountId) });
    }),
  );

  return router;
}

const resolveBody = validateBody(
  z.strictObject({
    outcome: z.enum(KIT_SEND_OUTCOMES, {
      error: "`outcome` must be 'delivered' (it is in the customer's thread), 'resend' (it is not: send it again, before the messages behind it) or 'dropped' (it is not: give it up).",
    }),
  }),
);
