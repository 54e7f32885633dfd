/**
 * @kit/proxy — the Express middleware that keeps Instagram tokens on the server, receives Meta's
 * webhooks, streams live events to browsers and forwards allow-listed Graph reads.
 */
export { memoryStore, type MemoryStoreOptions } from './store/memory';
export { sqliteStore, migrateSqlite, SQLITE_MIGRATIONS, type SqliteStoreOptions } from './store/sqlite';
export type * from './store/types';
