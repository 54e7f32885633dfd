/**
 * Send limits shared through a SQLite file: several proxy processes on one machine (or one
 * process that restarts) see the same counters and pauses. rate-limiter-flexible's SQLite store
 * speaks the better-sqlite3 API; Node's built-in `node:sqlite` differs only in transactions, so a
 * five-line adapter is enough (no native addon). The limiter gets its own connection, so its
 * short write transactions never interleave with the kit store's.
 */
import { DatabaseSync } from 'node:sqlite';
import { RateLimiterSQLite } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from './limits';

const TABLE = 'kit_rate_limits';

export interface SqliteRateLimiter {
  factory: RateLimiterFactory;
  close(): void;
}

export function sqliteRateLimiter(options: { file: string }): SqliteRateLimiter {
  const db = new DatabaseSync(options.file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`);
  const client = {
    prepare: (sql: string) => db.prepare(sql),
    transaction:
      <T>(fn: () => T) =>
      (): T => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const r = fn();
          db.exec('COMMIT');
          return r;
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      },
  };
  return {
    factory: (spec) => new RateLimiterSQLite({ ...spec, storeClient: client, storeType: 'better-sqlite3', tableName: TABLE, tableCreated: true }),
    close: () => db.close(),
  };
}
