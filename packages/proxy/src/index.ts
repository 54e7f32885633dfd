/**
 * @kit/proxy — the Express middleware that keeps Instagram tokens on the server, receives Meta's
 * webhooks, streams live events to browsers and forwards allow-listed Graph reads.
 */
export { createKitProxy, type KitProxy, type KitProxyOptions, type DisclosureOptions } from './proxy';
export { allowAll, denyAll, type Authorize, type AuthorizeContext, type KitAction } from './http/authorize';
export { CSRF_HEADER } from './http/csrf';
export type { KitAccountOptions, TokenResolver, AccountInfo, AccountStatus } from './accounts';
export type { AppSecretOption } from './secrets';
export { KitHttpError } from './http/errors';
export { GraphApiError, GraphNetworkError, GraphClient, appsecretProof, DEFAULT_GRAPH_HOSTS, type GraphOptions, type GraphRequest } from './graph/client';
export { memoryBus, type EventBus } from './live/bus';
export { REDACT_PATHS } from './log';
export { normalizeWebhook, type InboundItem } from './inbound/normalize';
export { verifySignature } from './inbound/verify';
export type { BackfillOptions } from './history/backfill';
export type { ProfileOptions } from './history/profiles';
export type { RateLimitsOption } from './limits/account-limits';
export type { RoutingOptions } from './routing/identity';
export type { ForwardOptions } from './history/forward-route';
export { memoryStore, type MemoryStoreOptions } from './store/memory';
export { sqliteStore, migrateSqlite, SQLITE_MIGRATIONS, type SqliteStoreOptions } from './store/sqlite';
export { postgresStore, type PostgresStore, type PostgresStoreOptions } from './store/postgres';
export { migratePostgres, POSTGRES_MIGRATIONS } from './store/postgres-migrations';
export type * from './store/types';
export type { SendingOptions, UploadOptions } from './send';
export type { OutboxOptions } from './send/outbox';
export type { ConsentOptions } from './send/consent';
export { DEFAULT_OPT_OUT_KEYWORDS } from './send/consent';
export { DEFAULT_DISCLOSURE_TEXTS } from './send/disclosure';
export {
  memoryRateLimiter,
  sqliteRateLimiter,
  postgresRateLimiter,
  redisRateLimiter,
  type RateLimitStore,
  type LimiterSpec,
  type PostgresRateLimiterOptions,
  type RedisRateLimiterOptions,
} from './limits/stores';
export type { SenderActionOptions } from './send/conversation-state-route';
export type { UploadMode } from './send/attachments-route';
