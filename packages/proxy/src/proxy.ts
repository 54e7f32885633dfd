/**
 * createKitProxy(options): the Express router a host mounts with `app.use('/kit', kit)`.
 * Assembled from route modules; no global body parser (each route parses what it needs), no
 * CORS headers (same-origin by default), JSON error envelope on every route.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import express, { type Router } from 'express';
import type { KitConversation } from '@kit/core';
import type { Logger } from 'pino';
import { AccountRegistry, type KitAccountOptions } from './accounts';
import { AccountStateSync } from './accounts-sync';
import { Authorizer, denyAll, type Authorize } from './http/authorize';
import { csrfGuard } from './http/csrf';
import { Backfiller, type BackfillOptions } from './history/backfill';
import { errorHandler, notFound } from './http/errors';
import { memoryBus, type EventBus } from './live/bus';
import { postgresBus } from './live/postgres-bus';
import { tracedFetch } from './tracing';
import { GraphClient, resolveGraphOptions, type GraphOptions } from './graph/client';
import { InboundPipeline } from './inbound/pipeline';
import { MediaReader } from './inbound/media';
import { kitLogger } from './log';
import { ProfileFetcher, type ProfileOptions } from './history/profiles';
import { AccountLimits, type RateLimitsOption } from './limits/account-limits';
import { DEFAULT_SSE_MAX_BUFFERED_BYTES, eventRoutes, MIN_SSE_BUFFERED_BYTES } from './live/events-route';
import { graphForwardRoutes, type ForwardOptions } from './history/forward-route';
import { historyRoutes } from './history/history-routes';
import { webhookRoutes } from './inbound/webhook-route';
import { deadLetterRoutes } from './inbound/dead-letters-route';
import { savedReplyRoutes } from './send/saved-replies-route';
import { healthRoutes } from './ops/health-routes';
import { KitMetrics, type MetricsOptions } from './ops/metrics';
import { metricsRoutes } from './ops/metrics-route';
import { appSecrets, type AppSecretOption } from './secrets';
import { createSending, type Sending, type UploadOptions } from './send';
import type { ConsentOptions } from './send/consent';
import type { DisclosureOptions } from './send/disclosure';
import { postgresRateLimiter, type RateLimitStore } from './limits/stores';
import { resolveOutboxOptions, type OutboxOptions } from './send/outbox';
import type { SenderActionOptions } from './send/conversation-state-route';
import { checkKitProxyOptions } from './options';
import { RoutingIdentity, type RoutingOptions } from './routing/identity';
import { routingRoutes } from './routing/routing-routes';
import { RoutingControl } from './routing/control';
import { sqliteStore } from './store/sqlite';
import type { Store } from './store/types';
import type { PostgresStore } from './store/postgres';

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
  /** Where the call budgets are counted (rate-limiter-flexible); default in memory, or in the store's database with postgresStore. */
  rateLimiter?: RateLimitStore;
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
    /** Failed processing attempts before a saved payload goes to the dead letters. Default 3. */
    maxAttempts?: number;
    /** First retry delay of a failed payload, doubling after each failure. Default 2 s. */
    retryDelayMs?: number;
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
    /**
     * Bytes an SSE connection may have queued (a client that stopped reading) before it is
     * closed; it resumes with Last-Event-ID. Default 1 MiB; at least 128 KiB.
     */
    maxBufferedBytes?: number;
  };
  /** First-connection import from the Conversations API; false to disable. */
  backfill?: BackfillOptions | false;
  /** Customer profile reads (name, username, picture; reference §6.4); false to disable. */
  profiles?: ProfileOptions | false;
  forward?: ForwardOptions;
  /** Cross-instance event bus; default in-process. */
  bus?: EventBus;
  /** Prometheus metrics (prom-client): your registry, or the kit's own at GET /metrics; false to turn off. See README "Running it in production". */
  metrics?: MetricsOptions | false;
  /**
   * Conversation Routing (reference §9.3): this kit's Meta app id, so handover webhooks tell the
   * kit's threads from those another app holds; and which app ids are Meta's inbox.
   */
  routing?: RoutingOptions;
  /** Clock (tests). Default Date.now. */
  now?: () => number;
}

export type KitProxy = Router & {
  /** `GET /ready` answers 503 from now on, so a load balancer stops routing here; everything else keeps serving until `close()`. */
  drain(): void;
  /** Stops background work, ends SSE streams, closes the store if the kit created it. */
  close(): Promise<void>;
  /** Resolves when every saved webhook is processed and running back-fills are done (tests, shutdown). */
  idle(): Promise<void>;
  readonly store: Store;
  readonly bus: EventBus;
  readonly graph: GraphClient;
  readonly accounts: AccountRegistry;
  readonly rateLimits: AccountLimits;
  readonly options: Readonly<KitProxyOptions>;
};

const HOUR = 3_600_000;

const isPostgresStore = (s: Store): s is PostgresStore => s.kind === 'postgres' && 'pool' in s;

export function createKitProxy(options: KitProxyOptions): KitProxy {
  checkKitProxyOptions(options);
  if (options.verifyToken.length === 0) {
    throw new TypeError('createKitProxy: `verifyToken` is required — the Verify Token you entered in the App Dashboard webhook settings.');
  }
  if (options.publicUrl !== undefined) {
    try {
      new URL(options.publicUrl);
    } catch {
      throw new TypeError('createKitProxy: `publicUrl` must be an absolute URL such as https://example.com/kit.');
    }
  }
  const maxBufferedBytes = options.events?.maxBufferedBytes ?? DEFAULT_SSE_MAX_BUFFERED_BYTES;
  if (maxBufferedBytes < MIN_SSE_BUFFERED_BYTES) {
    throw new TypeError(`createKitProxy: \`events.maxBufferedBytes\` must be at least ${MIN_SSE_BUFFERED_BYTES} (twice Node's stream high-water mark, so a client that keeps up is never closed), got ${maxBufferedBytes}.`);
  }
  const log = kitLogger(options.logger);
  const now = options.now ?? Date.now;
  const secrets = appSecrets(options.appSecret);
  const accounts = new AccountRegistry(options.accounts, { now });
  const graphOptions = resolveGraphOptions(options.graph);
  const ownsStore = !options.store;
  const store = options.store ?? defaultStore(log);
  // Several instances on one Postgres store hear each other's events (LISTEN/NOTIFY); otherwise in-process.
  const bus = options.bus ?? (isPostgresStore(store) ? postgresBus(store, log) : memoryBus());
  // needs_reauth learned by one instance stops the account's sends on all of them.
  const accountStates = new AccountStateSync({ store, bus, accounts, log, now });
  const authorizer = new Authorizer(options.authorize ?? denyAll, log);
  if (!options.authorize) {
    log.warn(
      'createKitProxy: no `authorize` option — every request except the webhook is denied (403). ' +
        'Pass authorize(req, { accountId, action }) that checks your session; use `allowAll` only for local development.',
    );
  }
  const metrics = options.metrics === false ? null : new KitMetrics(options.metrics ?? {}, store, () => accounts.ids());
  // Graph calls are observed from the outside: a span each (a no-op without the host's tracer) and, with metrics, a timing.
  const baseFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
  const graph = new GraphClient({ accounts, secrets, options: graphOptions, log, fetch: tracedFetch(metrics ? metrics.instrumentFetch(baseFetch) : baseFetch) });
  const unsubscribeMetrics = metrics ? bus.subscribe((event) => metrics.event(event)) : () => {};
  const rateLimits = new AccountLimits({
    ...(options.rateLimits ? { limits: options.rateLimits } : {}),
    // With postgresStore the instances share the budgets in the same database by default, so N of
    // them together stay under each account's Meta limit.
    ...(options.rateLimiter ? { store: options.rateLimiter } : isPostgresStore(store) ? { store: postgresRateLimiter({ pool: store.pool, schema: store.schema }) } : {}),
    throttle: resolveOutboxOptions(options.outbox).throttle,
  });
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
  // The post a comment is on: read once per media, after the comment is stored (inbound/media.ts).
  const mediaReader = new MediaReader({ store, bus, graph, limits: rateLimits, log, now });
  const routingIdentity = new RoutingIdentity(options.routing);
  const pipeline = new InboundPipeline({
    store,
    bus,
    log,
    now,
    routingApps: () => routingIdentity.apps(),
    resolveAccount: (id) => accounts.resolveWebhookId(id),
    // Several instances share a Postgres queue: each applies what it saved, and another's
    // payload only after 10 s (that instance died, or lags far behind).
    foreignGraceMs: store.kind === 'postgres' ? 10_000 : 0,
    // A customer who writes has consented to profile reads (§6.4): fetch it in the background.
    onDuplicate: (item) => metrics?.duplicate(item.event),
    onApplied: (item) => {
      const e = item.event;
      metrics?.eventApplied(e, now());
      if (e.type === 'message' && e.message.direction === 'inbound') profiles.request(item.accountId, e.conversationId, e.message.from.id);
      if (e.type === 'comment') mediaReader.commentStored(e.comment);
    },
    ...(options.webhook?.dedupeTtlMs ? { dedupeTtlMs: options.webhook.dedupeTtlMs } : {}),
    ...(options.webhook?.maxAttempts !== undefined ? { maxAttempts: options.webhook.maxAttempts } : {}),
    ...(options.webhook?.retryDelayMs !== undefined ? { retryDelayMs: options.webhook.retryDelayMs } : {}),
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
    maxBufferedBytes,
    ...(metrics ? { onSlowReaderClosed: () => metrics.slowReaderClosed() } : {}),
  });
  metrics?.countSseConnections(() => streams.openCount());
  const forward = graphForwardRoutes({ accounts, authorizer, graph, store, log, limits: rateLimits, options: options.forward ?? {} });

  const routingControl = new RoutingControl({ store, bus, graph, identity: routingIdentity, now });
  const sending: Sending = createSending({
    store,
    bus,
    graph,
    accounts,
    authorizer,
    log,
    now,
    secrets,
    limits: rateLimits,
    publicUrl: options.publicUrl,
    ...(options.routing?.sendWhenNotOwner === 'take' ? { takeThread: (accountId: string, c: KitConversation) => routingControl.take(accountId, c) } : {}),
    options: {
      ...(options.uploads ? { uploads: options.uploads } : {}),
      ...(options.outbox ? { outbox: options.outbox } : {}),
      ...(options.disclosure !== undefined ? { disclosure: options.disclosure } : {}),
      ...(options.consent ? { consent: options.consent } : {}),
      ...(options.senderActions ? { senderActions: options.senderActions } : {}),
    },
  });

  const router = express.Router();
  if (metrics) router.use('/webhook', metrics.webhookObserver());
  router.use(webhookRoutes({ verifyToken: options.verifyToken, secrets, store, pipeline, log, now, maxBytes: options.webhook?.maxBytes ?? 2_000_000 }));
  let closing: Promise<void> | null = null;
  let draining = false;
  router.use(healthRoutes({ store, draining: () => draining || closing !== null, timeoutMs: 2_000 }));
  router.use(csrfGuard());
  // Forwarded reads are the busiest path a browser drives, and `/graph` is theirs alone: placed
  // before the other routers, a read no longer walks every route of every router ahead of it
  // (express's per-layer matching was the kit's largest item in bench/proxy/profile.mjs --forward).
  router.use(forward.router);
  router.use(streams.router);
  router.use(historyRoutes({ store, bus, accounts, authorizer, now }));
  router.use(savedReplyRoutes({ store, accounts, authorizer, now }));
  router.use(deadLetterRoutes({ store, accounts, authorizer, requeued: () => pipeline.kick() }));
  if (metrics?.ownRegistry) router.use(metricsRoutes({ metrics, accounts, authorizer }));
  router.use(sending.router);
  router.use(routingRoutes({ store, bus, accounts, authorizer, graph, identity: routingIdentity, control: routingControl, log, now }));
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

  const kit = Object.assign(router, {
    drain(): void {
      draining = true;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        clearInterval(maintenance);
        streams.closeAll();
        await Promise.all([pipeline.close(), backfill.close(), sending.close()]);
        await profiles.close();
        await mediaReader.close();
        forward.close();
        accountStates.close();
        await accountStates.idle();
        unsubscribeMetrics();
        bus.close();
        if (ownsStore) await store.close();
      })();
      return closing;
    },
    async idle(): Promise<void> {
      await Promise.all([pipeline.idle(), backfill.idle()]);
      await pipeline.idle();
      await profiles.idle();
      await mediaReader.idle();
      await sending.idle();
      await accountStates.idle();
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
  // Not silent: a host that forgot `store` learns where its data went (and that it is per machine).
  const file = resolve('.kit/kit.db');
  mkdirSync(dirname(file), { recursive: true });
  log.warn({ file }, `createKitProxy: no \`store\` option — keeping messages in SQLite at ${file} (this machine only). Pass \`store\` to choose: sqliteStore({ file }), postgresStore({ connectionString }) for several instances.`);
  return sqliteStore({ file });
}
