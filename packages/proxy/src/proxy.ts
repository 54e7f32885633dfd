/**
 * createKitProxy(options): the Express router a host mounts with `app.use('/kit', kit)`.
 * Assembled from route modules; no global body parser (each route parses what it needs), no
 * CORS headers (same-origin by default), JSON error envelope on every route.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { AccountRegistry, type KitAccountOptions } from './accounts';
import { Authorizer, csrfGuard, denyAll, type Authorize } from './auth';
import { Backfiller, type BackfillOptions } from './backfill';
import { errorHandler, notFound } from './errors';
import { memoryBus, type EventBus } from './events/bus';
import { GraphClient, resolveGraphOptions, type GraphOptions } from './graph/client';
import { InboundPipeline } from './inbound/pipeline';
import { kitLogger } from './log';
import { ProfileFetcher, type ProfileOptions } from './profiles';
import { AccountRateLimits, type RateLimitsOption } from './rate-limits';
import { eventRoutes } from './routes/events';
import { graphForwardRoutes, type ForwardOptions } from './routes/graph-forward';
import { historyRoutes } from './routes/history';
import { webhookRoutes } from './routes/webhook';
import { appSecrets, type AppSecretOption } from './secrets';
import { createSending, type Sending, type UploadOptions } from './send';
import type { ConsentOptions } from './send/consent';
import type { DisclosureOptions } from './send/disclosure';
import type { RateLimiterFactory } from './send/limits';
import type { OutboxOptions } from './send/outbox';
import type { SenderActionOptions } from './routes/conversation-state';
import { sqliteStore } from './store/sqlite';
import type { Store } from './store/types';

export type { DisclosureOptions } from './send/disclosure';

export interface KitProxyOptions {
  /** The Instagram accounts this proxy serves. */
  accounts: KitAccountOptions[];
  /** Verifies webhooks and signs appsecret_proof. Several during rotation; per flavor if needed. */
  appSecret: AppSecretOption;
  /** The Verify Token you entered in the App Dashboard (webhook handshake). */
  verifyToken: string;
  /** Graph hosts and version. Default Meta's hosts, v26.0. */
  graph?: GraphOptions;
  /**
   * Decides every request except the webhook. Default: deny everything (with a startup warning).
   * Use `allowAll` only for local development.
   */
  authorize?: Authorize;
  /** Default: sqliteStore({ file: '.kit/kit.db' }) in the working directory. */
  store?: Store;
  /** Public base URL of the mount (used by the sending side for signed media URLs). */
  publicUrl?: string;
  /** Automated-experience notice before automated sends (reference §9.1); `false` turns it off. Default on, en/it/de texts. */
  disclosure?: DisclosureOptions | false;
  /** Override Meta's per-account limits (reference §3.1). */
  rateLimits?: RateLimitsOption;
  /** Builds the send limiters (rate-limiter-flexible); default in memory. Pass a shared store's limiter for several instances. */
  rateLimiter?: RateLimiterFactory;
  /** Outbox timings and retry policy (see README "Sending"). */
  outbox?: OutboxOptions;
  /** Opt-out keywords (defaults for en/it/de). */
  consent?: ConsentOptions;
  /** mark_seen / typing when an agent opens a thread (POST .../seen). Default mark_seen on, typing off. */
  senderActions?: SenderActionOptions;
  /** Attachment uploads: temp directory, signed-URL lifetime, per-flavor mode. */
  uploads?: UploadOptions;
  /** A pino logger (a child with redaction is derived from it), or false for silence. */
  logger?: Logger | false;
  webhook?: {
    /** Largest accepted webhook body. Default 2 MB. */
    maxBytes?: number;
    /** Dedupe horizon; never less than 36 h (reference §5.3). */
    dedupeTtlMs?: number;
  };
  events?: {
    /** SSE heartbeat comment interval. Default 15 s. */
    heartbeatMs?: number;
    /** `retry:` hint for EventSource reconnects. Default 2 s. */
    retryMs?: number;
    /** Long-poll wait. Default 25 s. */
    pollTimeoutMs?: number;
    /** How long the event log keeps events for replay. Default 7 days. */
    retentionMs?: number;
  };
  /** First-connection import from the Conversations API; false to disable. */
  backfill?: BackfillOptions | false;
  /** Customer profile reads (name, username, picture; reference §6.4); false to disable. */
  profiles?: ProfileOptions | false;
  forward?: ForwardOptions;
  /** Cross-instance event bus; default in-process. */
  bus?: EventBus;
  /** Clock (tests). Default Date.now. */
  now?: () => number;
}

export type KitProxy = Router & {
  /** Stops background work, ends SSE streams, closes the store if the kit created it. */
  close(): Promise<void>;
  /** Resolves when every saved webhook is processed and running back-fills are done (tests, shutdown). */
  idle(): Promise<void>;
  readonly store: Store;
  readonly bus: EventBus;
  readonly graph: GraphClient;
  readonly accounts: AccountRegistry;
  readonly rateLimits: AccountRateLimits;
  readonly options: Readonly<KitProxyOptions>;
};

const HOUR = 3_600_000;

export function createKitProxy(options: KitProxyOptions): KitProxy {
  if (!options || typeof options !== 'object') throw new TypeError('createKitProxy: pass an options object ({ accounts, appSecret, verifyToken, authorize, ... }).');
  if (typeof options.verifyToken !== 'string' || options.verifyToken.length === 0) {
    throw new TypeError('createKitProxy: `verifyToken` is required — the Verify Token you entered in the App Dashboard webhook settings.');
  }
  if (options.publicUrl !== undefined) {
    try {
      new URL(options.publicUrl);
    } catch {
      throw new TypeError('createKitProxy: `publicUrl` must be an absolute URL such as https://example.com/kit.');
    }
  }
  const log = kitLogger(options.logger);
  const now = options.now ?? Date.now;
  const secrets = appSecrets(options.appSecret);
  const accounts = new AccountRegistry(options.accounts, { now });
  const graphOptions = resolveGraphOptions(options.graph);
  const ownsStore = !options.store;
  const store = options.store ?? defaultStore(log);
  const bus = options.bus ?? memoryBus();
  const authorizer = new Authorizer(options.authorize ?? denyAll, log);
  if (!options.authorize) {
    log.warn(
      'createKitProxy: no `authorize` option — every request except the webhook is denied (403). ' +
        'Pass authorize(req, { accountId, action }) that checks your session; use `allowAll` only for local development.',
    );
  }
  const graph = new GraphClient({ accounts, secrets, options: graphOptions, log });
  const rateLimits = new AccountRateLimits(options.rateLimits, now);
  const profiles = new ProfileFetcher({
    store,
    bus,
    graph,
    limits: rateLimits,
    log,
    now,
    options: {
      enabled: options.profiles !== false && options.profiles?.enabled !== false,
      ttlMs: (options.profiles || {}).ttlMs ?? 24 * HOUR,
      retryMs: (options.profiles || {}).retryMs ?? 10 * 60_000,
    },
  });
  const pipeline = new InboundPipeline({
    store,
    bus,
    log,
    now,
    resolveAccount: (id) => accounts.resolveWebhookId(id),
    // A customer who writes has consented to profile reads (§6.4): fetch it in the background.
    onApplied: (item) => {
      const e = item.event;
      if (e.type === 'message' && e.message.direction === 'inbound') profiles.request(item.accountId, e.conversationId, e.message.from.id);
    },
    ...(options.webhook?.dedupeTtlMs ? { dedupeTtlMs: options.webhook.dedupeTtlMs } : {}),
  });
  const backfill = new Backfiller({
    store,
    bus,
    graph,
    accounts,
    limits: rateLimits,
    profiles,
    log,
    now,
    options: {
      enabled: options.backfill !== false && options.backfill?.enabled !== false,
      maxConversations: (options.backfill || {}).maxConversations ?? 100,
      ...((options.backfill || {}).retry ? { retry: (options.backfill || {}).retry } : {}),
    },
  });
  const streams = eventRoutes({
    store,
    bus,
    accounts,
    authorizer,
    log,
    heartbeatMs: options.events?.heartbeatMs ?? 15_000,
    retryMs: options.events?.retryMs ?? 2_000,
    pollTimeoutMs: options.events?.pollTimeoutMs ?? 25_000,
    replayPageSize: 500,
  });
  const forward = graphForwardRoutes({ accounts, authorizer, graph, store, log, limits: rateLimits, options: options.forward ?? {} });

  const sending: Sending = createSending({
    store,
    bus,
    graph,
    accounts,
    authorizer,
    log,
    now,
    secrets,
    publicUrl: options.publicUrl,
    options: {
      ...(options.uploads ? { uploads: options.uploads } : {}),
      ...(options.outbox ? { outbox: options.outbox } : {}),
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      ...(options.disclosure !== undefined ? { disclosure: options.disclosure } : {}),
      ...(options.consent ? { consent: options.consent } : {}),
      ...(options.senderActions ? { senderActions: options.senderActions } : {}),
    },
  });

  const router = express.Router();
  router.use(webhookRoutes({ verifyToken: options.verifyToken, secrets, store, pipeline, log, now, maxBytes: options.webhook?.maxBytes ?? 2_000_000 }));
  router.use(csrfGuard());
  router.use(streams.router);
  router.use(historyRoutes({ store, bus, accounts, authorizer, now }));
  router.use(forward.router);
  router.use(sending.router);
  router.use((req, _res, next) => {
    // Mounted at a path (app.use('/kit', kit)): unknown kit paths get our JSON 404. Mounted at
    // the root, unknown paths belong to the host app.
    next(req.baseUrl ? notFound() : undefined);
  });
  router.use(errorHandler(log));

  // Background work: process webhooks saved before a restart, back-fill new accounts, prune.
  pipeline.kick();
  backfill.startAll();
  const retentionMs = options.events?.retentionMs ?? 7 * 24 * HOUR;
  const maintenance = setInterval(() => {
    const t = now();
    void Promise.all([store.pruneDedupe(t), store.pruneEvents(t - retentionMs), store.pruneWebhooks(t - retentionMs)]).catch((err) =>
      log.warn({ err }, 'store maintenance failed'),
    );
  }, HOUR);
  maintenance.unref();

  let closing: Promise<void> | null = null;
  const kit = Object.assign(router, {
    close(): Promise<void> {
      closing ??= (async () => {
        clearInterval(maintenance);
        streams.closeAll();
        await Promise.all([pipeline.close(), backfill.close(), sending.close()]);
        await profiles.close();
        forward.close();
        bus.close();
        if (ownsStore) await store.close();
      })();
      return closing;
    },
    async idle(): Promise<void> {
      await Promise.all([pipeline.idle(), backfill.idle()]);
      await pipeline.idle();
      await profiles.idle();
      await sending.idle();
    },
    store,
    bus,
    graph,
    accounts,
    rateLimits,
    options,
  });
  return kit as KitProxy;
}

function defaultStore(log: Logger): Store {
  const file = '.kit/kit.db';
  mkdirSync(dirname(file), { recursive: true });
  log.info({ file }, 'using the embedded SQLite store (pass `store` to choose another)');
  return sqliteStore({ file });
}
