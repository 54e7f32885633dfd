/**
 * Where the counters of the call budgets live: rate-limiter-flexible's stores behind one small
 * interface, so one proxy keeps them in memory and several instances share them (same Meta
 * budget, same pauses). The kit builds one limiter per budget with `limiter(spec)`.
 *
 * - `memoryRateLimiter()`: the default; one process.
 * - `sqliteRateLimiter({ file })`: several processes on one machine (or one that restarts), on
 *   Node's built-in `node:sqlite` with its own connection, so the limiter's short write
 *   transactions never interleave with the kit store's.
 * - `postgresRateLimiter({ pool, schema })`: several machines; pass `postgresStore().pool`.
 * - `redisRateLimiter({ client })`: several machines on Redis (ioredis, or node-redis with
 *   `useRedisPackage: true`).
 * - your own: `{ kind: 'mongo', limiter: (spec) => new RateLimiterMongo({ ...spec, storeClient }) }`.
 */
import type { Pool } from 'pg';
import { openSqliteFile } from '../store/sqlite-file';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterSpec {
  /** Distinct per budget: the key prefix inside the store's one table / keyspace. */
  keyPrefix: string;
  points: number;
  /**
   * Seconds; a whole number of milliseconds that survives `× 1000` exactly (plan.ts exactMs) and
   * a multiple of the store's `resolutionMs` (slot keys: whole seconds).
   */
  duration: number;
}

export interface RateLimitStore {
  /** For logs: 'memory', 'sqlite', 'postgres', 'redis', … */
  readonly kind: string;
  /**
   * The shortest expiry the store keeps exactly, in ms; every duration the kit hands it is a
   * multiple. Default 1. rate-limiter-flexible's Redis store sets expiries with EX in whole
   * seconds (a shorter one is dropped and the key never expires), so Redis says 1000.
   */
  readonly resolutionMs?: number;
  /** Builds the rate-limiter-flexible limiter of one budget. */
  limiter(spec: LimiterSpec): RateLimiterAbstract;
  /** Resolves when the store can count (e.g. its table exists); the kit waits for it before the first call. */
  ready?(): Promise<void>;
  /** Frees what the store opened itself (never a pool or client you passed). */
  close?(): Promise<void> | void;
}

export function memoryRateLimiter(): RateLimitStore {
  return { kind: 'memory', limiter: (spec) => new RateLimiterMemory(spec) };
}

const SQLITE_TABLE = 'kit_rate_limits';

export function sqliteRateLimiter(options: { file: string }): RateLimitStore {
  if (!options || typeof options.file !== 'string' || options.file === '') {
    throw new TypeError("sqliteRateLimiter: pass { file: 'path/to/limits.db' } (it may be the kit store's file).");
  }
  const db = openSqliteFile(options.file);
  db.exec(`CREATE TABLE IF NOT EXISTS ${SQLITE_TABLE} (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire INTEGER)`);
  // rate-limiter-flexible speaks better-sqlite3; node:sqlite differs only in transactions.
  const client = {
    prepare: (sql: string) => db.prepare(sql),
    transaction:
      <T>(fn: () => T) =>
      (): T => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = fn();
          db.exec('COMMIT');
          return result;
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      },
  };
  return {
    kind: 'sqlite',
    limiter: (spec) => new RateLimiterSQLite({ ...spec, storeClient: client, storeType: 'better-sqlite3', tableName: SQLITE_TABLE, tableCreated: true }),
    close: () => db.close(),
  };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface PostgresRateLimiterOptions {
  /** A pg Pool, e.g. `postgresStore(…).pool`. Never ended by the kit. */
  pool: Pool;
  /** Schema of the counters table (created when missing). Default `kit`, beside the store's tables. */
  schema?: string;
  /** Default `rate_limits`. */
  tableName?: string;
}

export function postgresRateLimiter(options: PostgresRateLimiterOptions): RateLimitStore {
  if (!options?.pool) throw new TypeError('postgresRateLimiter: pass { pool } (a pg Pool, e.g. postgresStore(…).pool).');
  const schema = options.schema ?? 'kit';
  const table = options.tableName ?? 'rate_limits';
  for (const [name, value] of [
    ['schema', schema],
    ['tableName', table],
  ] as const) {
    if (!IDENTIFIER.test(value)) throw new TypeError(`postgresRateLimiter: ${name} must be a plain identifier, got ${JSON.stringify(value)}.`);
  }
  let created: Promise<void> | null = null;
  return {
    kind: 'postgres',
    limiter: (spec) =>
      new RateLimiterPostgres({ ...spec, storeClient: options.pool, storeType: 'pool', schemaName: schema, tableName: table, tableCreated: true }),
    ready() {
      created ??= createTable(options.pool, schema, table).catch((err: unknown) => {
        // Tried again by the next call (database down at start-up).
        created = null;
        throw err;
      });
      return created;
    },
  };
}

/**
 * The DDL rate-limiter-flexible would run, once for every budget. `IF NOT EXISTS` is not safe
 * when two instances run it at the same moment (Postgres then reports the duplicate schema, table
 * or row type), so it runs in one transaction under the same advisory lock as the store's
 * migrations of that schema: instances, and the store's own migration, take turns.
 */
async function createTable(pool: Pool, schema: string, table: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`kit:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS "${schema}"."${table}" (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export interface RedisRateLimiterOptions {
  /** An ioredis client, or a node-redis (v4+) client with `useRedisPackage: true`. Never closed by the kit. */
  client: unknown;
  useRedisPackage?: boolean;
}

export function redisRateLimiter(options: RedisRateLimiterOptions): RateLimitStore {
  if (!options?.client) throw new TypeError('redisRateLimiter: pass { client } (an ioredis or node-redis client).');
  return {
    kind: 'redis',
    resolutionMs: 1000,
    limiter: (spec) => new RateLimiterRedis({ ...spec, storeClient: options.client, ...(options.useRedisPackage ? { useRedisPackage: true } : {}) }),
  };
}
