/**
 * A process that takes call slots from a shared rate-limit store, for real-process tests:
 *   KIT_RL_STORE=sqlite|postgres|redis KIT_RL_TARGET=<SQLite file | Postgres schema | unused> KIT_RL_ACCOUNT=<id>
 *   KIT_RL_CALLS=<n> KIT_RL_LIMITS=<rateLimits JSON> node <flags, see ts-hooks.ts> limits-child.ts
 * Takes KIT_RL_CALLS slots of every class in KIT_RL_LIMITS for one account, then prints
 * `done {"acquired": {"<class>": n}, "consumed": {"<class>": [ms]}}` and exits 0: `consumed` holds,
 * for every point the store granted, the time its `consume` call started (the moment the store's
 * window arithmetic uses), so the parent counts consumed points, not event-loop delays. Any failure (e.g. SQLite's
 * "database is locked" at start-up) is printed to stderr and exits 1.
 */
import type { RateLimitClass } from '@kit/core';
import { Redis } from 'ioredis';
import { postgresStore } from '../store/postgres';
import { AccountLimits, type RateLimitsOption } from '../limits/account-limits';
import { postgresRateLimiter, redisRateLimiter, sqliteRateLimiter, type RateLimitStore } from '../limits/stores';
import { PG_URL } from './postgres';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`limits-child: set ${name}.`);
  return value;
};

const kind = env('KIT_RL_STORE');
const target = env('KIT_RL_TARGET');
const account = env('KIT_RL_ACCOUNT');
const calls = Number(env('KIT_RL_CALLS'));
const limits = JSON.parse(env('KIT_RL_LIMITS')) as RateLimitsOption;

async function main(): Promise<void> {
  let store: RateLimitStore;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    store = sqliteRateLimiter({ file: target });
    cleanup = async () => void store.close?.();
  } else if (kind === 'postgres') {
    // The documented set-up: the limiter on the kit store's own pool.
    const kitStore = postgresStore({ connectionString: PG_URL, schema: target, max: 2 });
    store = postgresRateLimiter({ pool: kitStore.pool, schema: target });
    cleanup = () => kitStore.close();
  } else if (kind === 'redis') {
    // Redis is shared by every test run: the caller keeps runs apart with a fresh account id.
    const client = new Redis();
    store = redisRateLimiter({ client });
    cleanup = async () => void (await client.quit());
  } else {
    throw new Error(`limits-child: unknown KIT_RL_STORE ${kind}.`);
  }
  const consumed: Record<string, number[]> = {};
  const counting: RateLimitStore = {
    ...store,
    limiter(spec) {
      const limiter = store.limiter(spec);
      const times = (consumed[spec.keyPrefix.replace(/^kit_limit_/, '')] ??= []);
      const consume = limiter.consume.bind(limiter);
      limiter.consume = async (...args) => {
        const at = Date.now();
        const res = await consume(...args);
        times.push(at);
        return res;
      };
      return limiter;
    },
  };
  const limiter = new AccountLimits({ limits, store: counting });
  const acquired: Record<string, number> = {};
  await Promise.all(
    (Object.keys(limits) as RateLimitClass[]).map(async (cls) => {
      for (acquired[cls] = 0; acquired[cls] < calls; acquired[cls]++) await limiter.acquire(account, cls);
    }),
  );
  await cleanup();
  process.stdout.write(`done ${JSON.stringify({ acquired, consumed })}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`limits-child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
