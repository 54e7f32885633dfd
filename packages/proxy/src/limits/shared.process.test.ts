/**
 * The shared rate-limit stores across REAL processes: two `limits-child.ts` processes start at the
 * same moment on one SQLite file / Postgres schema / Redis server, 20 times over, and take call
 * slots for the same account. Both must deliver all their calls (no start-up "database is
 * locked", no slot that never frees up), and together they must never exceed the budget: the
 * points both processes consumed, merged, are counted per sliding window of the interval.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, testSchema } from '../test/postgres';

const testDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test');
const dir = mkdtempSync(join(tmpdir(), 'kit-rl-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Sub-second budgets, so the plans cut them into slices of tens of milliseconds (text) and
// one-point tokens (conversations): the durations the stores used to mishandle.
const LIMITS = { text: { limit: 10, intervalMs: 500 }, conversations: { limit: 2, intervalMs: 400 } } as const;
// Enough for each class to need more than one window of the two processes together.
const CALLS = 5;
const ROUNDS = 20;

interface Outcome {
  acquired: Record<string, number>;
  consumed: Record<string, number[]>;
}

interface Child {
  done: Promise<Outcome>;
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--experimental-transform-types', '--no-warnings', '--import', join(testDir, 'ts-hooks.ts'), join(testDir, 'limits-child.ts')],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<Outcome>((resolve, reject) => {
    child.on('exit', (code) => {
      const m = /done (\{.*\})/.exec(out);
      if (code === 0 && m) resolve(JSON.parse(m[1] as string) as Outcome);
      else reject(new Error(`limits child exited with ${code}: ${err.trim() || out.trim()}`));
    });
  });
  return { done };
}

/** The most grants that fall in any window of `interval` ms. */
function maxInWindow(times: number[], interval: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= interval) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

const kinds: [string, () => { target: string; cleanup: () => Promise<void> }][] = [
  ['sqlite', () => ({ target: join(dir, `${randomBytes(4).toString('hex')}.db`), cleanup: async () => undefined })],
  [
    'postgres',
    () => {
      const schema = testSchema();
      return { target: schema, cleanup: () => dropSchema(schema) };
    },
  ],
  ['redis', () => ({ target: '-', cleanup: async () => undefined })],
];

describe.each(kinds)('%s rate-limit store, two real processes', (kind, fresh) => {
  it(`both deliver and together never exceed the budget, ${ROUNDS} starts`, { timeout: 240_000 }, async () => {
    const worst: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const { target, cleanup } = fresh();
      try {
        const env = {
          KIT_RL_STORE: kind,
          KIT_RL_TARGET: target,
          KIT_RL_ACCOUNT: `acc-${randomBytes(6).toString('hex')}`,
          KIT_RL_CALLS: String(CALLS),
          KIT_RL_LIMITS: JSON.stringify(LIMITS),
        };
        const [a, b] = await Promise.all([startChild(env).done, startChild(env).done]);
        for (const [cls, { limit, intervalMs }] of Object.entries(LIMITS)) {
          expect([a.acquired[cls], b.acquired[cls]], `round ${round}: ${cls} calls of each process`).toEqual([CALLS, CALLS]);
          const points = [...(a.consumed[cls] ?? []), ...(b.consumed[cls] ?? [])];
          expect(points, `round ${round}: ${cls} points consumed by both`).toHaveLength(2 * CALLS);
          const most = maxInWindow(points, intervalMs);
          worst[cls] = Math.max(worst[cls] ?? 0, most);
          expect(most, `round ${round}: ${cls} grants in one ${intervalMs} ms window`).toBeLessThanOrEqual(limit);
        }
      } finally {
        await cleanup();
      }
    }
    // Shown in the run's output; the measured numbers go to the README.
    console.info(`${kind}: most grants of both processes in any window over ${ROUNDS} rounds`, worst);
  });
});
