/** Two SendLimits on one SQLite file behave as one budget (two proxy processes on one machine). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SendLimits } from './limits';
import { sqliteRateLimiter } from './limits-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'kit-rl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqliteRateLimiter', () => {
  it('shares counters and pauses between instances', async () => {
    const file = join(dir, 'limits.db');
    const a = sqliteRateLimiter({ file });
    const b = sqliteRateLimiter({ file });
    try {
      const overrides = { text: { limit: 4, intervalMs: 60_000 } };
      const la = new SendLimits({ overrides, factory: a.factory });
      const lb = new SendLimits({ overrides, factory: b.factory });
      // 4/min sliced: 1 point per 1/3 of (60 s + margin). Instance A takes the slot…
      await la.acquire('acc', 'text');
      // …so instance B must wait for the next slice.
      const ctl = new AbortController();
      const waiting = lb.acquire('acc', 'text', ctl.signal);
      const outcome = await Promise.race([waiting.then(() => 'got a slot'), new Promise((r) => setTimeout(() => r('waiting'), 200))]);
      expect(outcome).toBe('waiting');
      ctl.abort(new Error('stop'));
      await expect(waiting).rejects.toThrow('stop');
      // Another account is independent.
      await lb.acquire('other', 'text');
      // A pause set by one instance is seen by the other.
      await la.pause('acc2', 5_000);
      expect(await lb.pausedFor('acc2')).toBeGreaterThan(4_000);
    } finally {
      a.close();
      b.close();
    }
  });
});
