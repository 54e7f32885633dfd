/**
 * The sending half of @kit/proxy, assembled: outbox worker, rate limits, echo reconciliation,
 * consent keywords and the routes that send (messages, reactions, attachments, conversation
 * state). createKitProxy mounts `router` and calls `close()` / `idle()`.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Authorizer } from '../auth';
import { KitHttpError } from '../errors';
import type { EventBus } from '../events/bus';
import type { GraphClient } from '../graph/client';
import type { RateLimitsOption } from '../rate-limits';
import { conversationStateRoutes, type SenderActionOptions } from '../routes/conversation-state';
import { messageRoutes } from '../routes/messages';
import { reactionRoutes } from '../routes/reactions';
import type { Store } from '../store/types';
import { asyncHandler } from '../util/async-handler';
import type { AcceptDeps } from './accept';
import { ConsentKeywords, watchConsentKeywords, type ConsentOptions } from './consent';
import { resolveDisclosure, type DisclosureOptions } from './disclosure';
import { SendLimits, type RateLimiterFactory } from './limits';
import { OutboxWorker, resolveOutboxOptions, type OutboxOptions } from './outbox';
import { EchoReconciler } from './reconcile';
import { authorizedAccount } from './route-helpers';

export interface SendingOptions {
  outbox?: OutboxOptions;
  /** Per-class limits (core RATE_LIMITS by default). */
  rateLimits?: RateLimitsOption;
  /** Builds the rate-limiter-flexible limiters (default in memory); use a shared store for several instances. */
  rateLimiter?: RateLimiterFactory;
  disclosure?: DisclosureOptions | false;
  consent?: ConsentOptions;
  senderActions?: SenderActionOptions;
}

export interface SendingDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  log: Logger;
  now: () => number;
  options: SendingOptions;
}

export interface Sending {
  router: Router;
  worker: OutboxWorker;
  limits: SendLimits;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createSending(d: SendingDeps): Sending {
  const options = resolveOutboxOptions(d.options.outbox);
  const disclosure = resolveDisclosure(d.options.disclosure);
  const limits = new SendLimits({
    ...(d.options.rateLimits ? { overrides: d.options.rateLimits } : {}),
    ...(d.options.rateLimiter ? { factory: d.options.rateLimiter } : {}),
    throttle: options.throttle,
  });
  let reconciler: EchoReconciler | null = null;
  const worker = new OutboxWorker({
    store: d.store,
    bus: d.bus,
    graph: d.graph,
    accounts: d.accounts,
    limits,
    log: d.log,
    now: d.now,
    options,
    onUncertain: (s) => reconciler?.sendTurnedUncertain(s),
  });
  reconciler = new EchoReconciler({ store: d.store, bus: d.bus, log: d.log, now: d.now, worker, graceMs: options.echoGraceMs });
  const consent = watchConsentKeywords({ store: d.store, bus: d.bus, log: d.log, now: d.now, keywords: new ConsentKeywords(d.options.consent) });
  const accept: AcceptDeps = { store: d.store, bus: d.bus, accounts: d.accounts, worker, disclosure, now: d.now, options };

  const router = express.Router();
  router.use(messageRoutes({ store: d.store, accounts: d.accounts, authorizer: d.authorizer, graph: d.graph, worker, accept, waitMs: options.waitMs, now: d.now }));
  const actionDeps = { graph: d.graph, accounts: d.accounts, limits };
  router.use(reactionRoutes({ ...actionDeps, store: d.store, bus: d.bus, authorizer: d.authorizer, now: d.now }));
  router.use(conversationStateRoutes({ ...actionDeps, store: d.store, bus: d.bus, authorizer: d.authorizer, log: d.log, now: d.now, senderActions: d.options.senderActions ?? {} }));
  // Not yet available in this build: answer with the final status code after authorization.
  for (const [path, action] of [['attachments', 'attachments.upload']] as const) {
    router.post(
      `/accounts/:accountId/${path}`,
      asyncHandler(async (req) => {
        await authorizedAccount(req, d.accounts, d.authorizer, action);
        throw new KitHttpError(501, 'not_implemented', `POST /accounts/:accountId/${path} is not available in this version of @kit/proxy.`);
      }),
    );
  }

  reconciler.start();
  worker.start();

  return {
    router,
    worker,
    limits,
    async idle() {
      await worker.idle();
      await reconciler.idle();
      await consent.idle();
    },
    async close() {
      consent.stop();
      reconciler.close();
      await worker.close();
    },
  };
}
