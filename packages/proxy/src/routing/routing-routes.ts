/**
 * Conversation Routing from the inbox (reference §9.3): who holds a thread, and moving it.
 *   GET  /accounts/:accountId/conversations/:conversationId/routing           asks Graph's thread_owner, stores it
 *   POST /accounts/:accountId/conversations/:conversationId/routing/take      { metadata? }
 *   POST /accounts/:accountId/conversations/:conversationId/routing/pass      { targetAppId?, metadata? }
 *   POST /accounts/:accountId/conversations/:conversationId/routing/release   { metadata? }
 * Each answers `{ conversation }` with its `routing` state and publishes `handover` (for a move) and
 * `conversation_updated`. Graph is called on a fixed list of edges only (CONTROL_EDGES), on the
 * account's own node; the recipient is the conversation's customer, never request data. Pass
 * without `targetAppId` hands the thread back to the app that had it before the kit (else Meta's
 * inbox, core's `handBackTarget`). Graph's "another app holds it" (2018300, 100/2534037) answers
 * 409 `thread_owned_elsewhere` and is recorded on the conversation.
 */
import { handBackTarget, holderOf, routingAfterHandover, type KitRoutingState } from '@kit/core';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AccountRegistry } from '../accounts';
import type { GraphClient } from '../graph/client';
import { asyncHandler } from '../http/async-handler';
import { authorizedAccount, pathConversation, type Authorizer } from '../http/authorize';
import { validateBody } from '../http/validate';
import type { EventBus } from '../live/bus';
import type { Store } from '../store/types';
import type { RoutingIdentity } from './identity';
import { CONTROL_EDGES, type RoutingControl } from './control';
import { changeRouting } from './state';

export interface RoutingRouteOptions {
  store: Store;
  bus: EventBus;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  graph: GraphClient;
  identity: RoutingIdentity;
  /** The control calls (shared with the sending side). */
  control: RoutingControl;
  log: Logger;
  now: () => number;
}

const metadata = z.string({ error: '`metadata` must be a string (shown to the other app).' }).max(1000, { error: '`metadata` is at most 1000 characters.' }).optional();
const takeBody = validateBody(z.strictObject({ metadata }));
const passBody = validateBody(
  z.strictObject({
    targetAppId: z.string({ error: '`targetAppId` must be a Meta app id (digits).' }).regex(/^\d{1,32}$/, { error: '`targetAppId` must be a Meta app id (digits).' }).optional(),
    metadata,
  }),
);

export function routingRoutes(o: RoutingRouteOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '8kb' });
  const base = '/accounts/:accountId/conversations/:conversationId/routing';

  const routing = o.control;
  const control = routing.call.bind(routing);
  const ownerOf = routing.ownerOf.bind(routing);
  const moved = routing.moved.bind(routing);

  router.get(
    base,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.read');
      const c = await pathConversation(req, o.store, accountId);
      const owner = await ownerOf(accountId, c);
      const apps = o.identity.apps();
      const now = o.now();
      const conversation = await changeRouting(
        o.store,
        o.bus,
        c.id,
        {
          next: (cur): KitRoutingState | null => {
            if (cur && cur.holderAppId === owner && cur.holder === holderOf(owner, apps)) return null;
            return routingAfterHandover(cur, { action: 'pass', ...(owner ? { newAppId: owner } : {}), ...(cur?.holderAppId ? { previousAppId: cur.holderAppId } : {}), at: now }, apps);
          },
        },
        now,
      );
      res.json({ conversation });
    }),
  );

  router.post(
    `${base}/take`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'routing.write');
      const c = await pathConversation(req, o.store, accountId);
      const body = takeBody(req);
      const conversation = await routing.take(accountId, c, body.metadata);
      res.json({ conversation });
    }),
  );

  router.post(
    `${base}/pass`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'routing.write');
      const c = await pathConversation(req, o.store, accountId);
      const body = passBody(req);
      const target = body.targetAppId ?? handBackTarget(c.routing, o.identity.apps());
      await control(accountId, c, CONTROL_EDGES.pass, { target_app_id: target, ...(body.metadata ? { metadata: body.metadata } : {}) });
      const conversation = await moved(c, {
        action: 'pass',
        newAppId: target,
        ...(o.identity.known ? { previousAppId: o.identity.known } : {}),
        ...(body.metadata ? { metadata: body.metadata } : {}),
      });
      res.json({ conversation });
    }),
  );

  router.post(
    `${base}/release`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'routing.write');
      const c = await pathConversation(req, o.store, accountId);
      const body = takeBody(req);
      await control(accountId, c, CONTROL_EDGES.release, body.metadata ? { metadata: body.metadata } : {});
      const conversation = await moved(c, {
        action: 'release',
        ...(o.identity.known ? { previousAppId: o.identity.known } : {}),
        ...(body.metadata ? { metadata: body.metadata } : {}),
      });
      res.json({ conversation });
    }),
  );

  return router;
}
