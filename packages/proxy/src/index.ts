/**
 * @kit/proxy — the Express middleware that keeps Instagram tokens on the server, receives Meta's
 * webhooks, streams live events to browsers and forwards allow-listed Graph reads.
 */
export { createKitProxy, type KitProxy, type KitProxyOptions, type DisclosureOptions } from './proxy';
export { allowAll, denyAll, CSRF_HEADER, type Authorize, type AuthorizeContext, type KitAction } from './auth';
export type { KitAccountOptions, TokenResolver, AccountInfo, AccountStatus } from './accounts';
export type { AppSecretOption } from './secrets';
export { KitHttpError } from './errors';
export { GraphApiError, GraphNetworkError, GraphClient, appsecretProof, DEFAULT_GRAPH_HOSTS, type GraphOptions, type GraphRequest } from './graph/client';
export { memoryBus, type EventBus } from './events/bus';
export { REDACT_PATHS } from './log';
export { normalizeWebhook, type InboundItem } from './inbound/normalize';
export { verifySignature } from './routes/webhook';
export type { BackfillOptions } from './backfill';
export type { ProfileOptions } from './profiles';
export type { RateLimitsOption } from './rate-limits';
export type { ForwardOptions } from './routes/graph-forward';
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
export { memoryRateLimiter, type RateLimiterFactory, type LimiterSpec } from './send/limits';
export { sqliteRateLimiter, type SqliteRateLimiter } from './send/limits-sqlite';
export type { SenderActionOptions } from './routes/conversation-state';
export type { UploadMode } from './routes/attachments';
