/**
 * Two AccountLimits on one shared limiter store behave as one budget (two proxy instances): on a
 * SQLite file, on a Postgres schema of the real server and on the local Redis.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, PG_URL, testSchema } from '../test/postgres';
import { AccountLimits } from './account-limits';
import { postgresRateLimiter, redisRateLimiter, sqliteRateLimiter, type RateLimitStore } from './stores';

const dir = mkdtempSync(join(tmpdir(), 'kit-rl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Shared {
  stores: [RateLimitStore, RateLimitStore];
  cleanup(): Promise<void>;
}

const shared: [string, () => Shared][] = [
  [
    'sqlite',
    () => {
      const file = join(dir, `${randomBytes(4).toString('hex')}.db`);
      const stores: [RateLimitStore, RateLimitStore] = [sqliteRateLimiter({ file }), sqliteRateLimiter({ file })];
      return { stores, cleanup: async () => void stores.forEach((s) => s.close?.()) };
    },
  ],
  [
    'postgres',
    () => {
      const schema = testSchema();
      const pools = [new Pool({ connectionString: PG_URL, max: 2 }), new Pool({ connectionString: PG_URL, max: 2 })];
      return {
        stores: [postgresRateLimiter({ pool: pools[0] as Pool, schema }), postgresRateLimiter({ pool: pools[1] as Pool, schema })],
        cleanup: async () => {
          await Promise.all(pools.map((p) => p.end()));
          await dropSchema(schema);
        },
      };
    },
  ],
  [
    'redis',
    () => {
      const clients = [new Redis({ lazyConnect: false }), new Redis({ lazyConnect: false })];
      return {
        stores: [redisRateLimiter({ client: clients[0] }), redisRateLimiter({ client: clients[1] })],
        cleanup: async () => void (await Promise.all(clients.map((c) => c.quit()))),
      };
    },
  ],
];

describe.each(shared)('%s rate-limit store', (_name, make) => {
  it('shares counters and pauses between instances, with whole-millisecond durations', async () => {
    const { stores, cleanup } = make();
    // Unique account ids: a shared server (Redis) may hold keys of parallel test runs.
    const account = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
    const [acc, other, paused] = [account('acc'), account('other'), account('paused')];
    try {
      // 5 per 6,100.001 s is cut into 4 slices of 1 point, 1,525.00025 s each before rounding up
      // to whole milliseconds (the Postgres store used to refuse such a fractional duration). Long
      // slices (25 min: a boundary between A's take and B's falls in one run of thousands even on
      // a stalling machine; 152 s slices met one in a CI run) and a slow read budget, so the 300 ms
      // "still waiting" checks below meet neither a slice boundary nor a refill.
      const limits = { text: { limit: 5, intervalMs: 6_100_001 }, conversations: { limit: 2, intervalMs: 60_000 } };
      const la = new AccountLimits({ limits, store: stores[0] });
      const lb = new AccountLimits({ limits, store: stores[1] });
      // Instance A takes the slot…
      await la.acquire(acc, 'text');
      // …so instance B must wait for the next slice.
      const ctl = new AbortController();
      const waiting = lb.acquire(acc, 'text', ctl.signal);
      const outcome = await Promise.race([waiting.then(() => 'got a slot'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(outcome).toBe('waiting');
      ctl.abort(new Error('stop'));
      await expect(waiting).rejects.toThrow('stop');
      // Another account is independent.
      await lb.acquire(other, 'text');
      // Both tokens of a small budget are shared too: A takes two reads, B must wait.
      await la.acquire(acc, 'conversations');
      await la.acquire(acc, 'conversations');
      const read = new AbortController();
      const third = lb.acquire(acc, 'conversations', read.signal);
      expect(await Promise.race([third.then(() => 'read'), new Promise((r) => setTimeout(() => r('waiting'), 300))])).toBe('waiting');
      read.abort(new Error('stop'));
      await expect(third).rejects.toThrow('stop');
      // A pause set by one instance is seen by the other (10,001 ms: not exact in seconds). Long
      // pauses and loose bounds: a loaded machine may take seconds between the two calls.
      await la.pause(paused, 10_001);
      expect(await lb.pausedFor(paused)).toBeGreaterThan(5_000);
      await la.pause(paused, 30_000);
      expect(await lb.pausedFor(paused)).toBeGreaterThan(20_000);
    } finally {
      await cleanup();
    }
  });
});
