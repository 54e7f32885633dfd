/**
 * Back-fill under Graph throttling: a rate-limit error in the middle backs off and continues
 * where it stopped; a non-retryable error ends it with the reason on GET /accounts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type KitMessage } from '@kit/core';
import { memoryStore } from '../store/memory';
import { IG_ACCOUNT, PAGE_ACCOUNT, Recorder, startHarness, type Harness } from '../test/harness';

const recorder = new Recorder();
const open: Harness[] = [];
afterAll(async () => {
  for (const h of open) await h.close();
});

/** Only the IG account, so no other account's reads consume the scripted faults. */
const igOnly = { accounts: [{ id: IG_ACCOUNT.id, flavor: 'instagram' as const, token: IG_ACCOUNT.token }] };

type AccountsBody = { accounts: { id: string; backfill: { state: string; conversations?: number; messages?: number; error?: string } }[] };

/** Seeds `threads` IG conversations with 1..threads messages each; returns customer → message texts. */
function seedThreads(threads: number) {
  const texts = new Map<string, string[]>();
  return {
    texts,
    seed: (sandbox: Harness['sandbox']) => {
      const now = Date.now();
      for (let t = 0; t < threads; t++) {
        const c = sandbox.customer.create({ accountId: IG_ACCOUNT.id, username: `thread_${t}` });
        const list: string[] = [];
        for (let m = 0; m <= t; m++) {
          const text = `t${t} m${m}`;
          list.push(text);
          sandbox.customer.history(now - HOUR_MS * (threads - t) + m * 1000, () => sandbox.customer.text(c.id, text));
        }
        texts.set(c.id, list);
      }
    },
  };
}

/** Waits until the sandbox has answered `n` conversation reads of the account. */
async function afterReads(h: Harness, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (h.sandbox.inspect.requests().filter((r) => r.accountId === IG_ACCOUNT.id).length < n) {
    if (Date.now() > deadline) throw new Error('back-fill made no progress');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('back-fill and rate limits', () => {
  it('a 613 in the middle backs off with jitter and still imports every conversation and message exactly once', async () => {
    const { texts, seed } = seedThreads(4);
    const h = await startHarness({
      recorder,
      proxy: { store: memoryStore(), backfill: { retry: { baseMs: 200, capMs: 400 } }, profiles: false, ...igOnly },
      seed,
    });
    open.push(h);
    // List + first two threads read; then the next two reads are throttled (613/2534040).
    await afterReads(h, 3);
    h.sandbox.faults.once({ kind: 'rateLimit', route: 'read', count: 2 });
    await h.kit.idle();

    const reads = h.sandbox.inspect.requests().filter((r) => r.accountId === IG_ACCOUNT.id);
    const throttled = reads.filter((r) => r.fault === 'rateLimit');
    expect(throttled).toHaveLength(2);
    expect(throttled.every((r) => r.status === 400 && r.error?.code === 613 && r.error.subcode === 2534040)).toBe(true);
    // The same read was repeated after the back-off, not the whole back-fill.
    const first = reads.indexOf(throttled[0]!);
    expect(reads[first + 1]!.path).toBe(throttled[0]!.path);
    expect(reads[first + 2]!.path).toBe(throttled[0]!.path);
    expect(reads[first + 2]!.status).toBe(200);
    expect(reads.filter((r) => r.path.endsWith('/conversations'))).toHaveLength(1);

    const { accounts } = (await h.call('/accounts')).json as AccountsBody;
    const total = [...texts.values()].reduce((n, l) => n + l.length, 0);
    expect(accounts.find((a) => a.id === IG_ACCOUNT.id)?.backfill).toMatchObject({ state: 'done', conversations: 4, messages: total });
    for (const [customerId, list] of texts) {
      const stored: KitMessage[] = await h.kit.store.listMessages(`${IG_ACCOUNT.id}:${customerId}`, { limit: 100 });
      expect(stored.map((m) => m.text).sort()).toEqual([...list].sort());
      expect(new Set(stored.map((m) => m.id)).size).toBe(stored.length);
    }
    const updates = (await h.kit.store.readEvents({ limit: 1000 })).filter((e) => e.type === 'conversation_updated');
    expect(updates).toHaveLength(4);
    expect(recorder.logLines.some((l) => l.includes('backfill throttled by Graph; backing off'))).toBe(true);
  });

  it('gives up after the bounded number of attempts and reports the reason', async () => {
    const { seed } = seedThreads(2);
    const h = await startHarness({
      recorder,
      proxy: { store: memoryStore(), backfill: { retry: { baseMs: 10, capMs: 20, maxAttempts: 3 } }, profiles: false, ...igOnly },
      seed: (sandbox) => {
        seed(sandbox);
        sandbox.faults.once({ kind: 'rateLimit', route: 'read', count: 3 });
      },
    });
    open.push(h);
    await h.kit.idle();
    expect(h.sandbox.inspect.requests().map((r) => r.fault)).toEqual(['rateLimit', 'rateLimit', 'rateLimit']);
    const { accounts } = (await h.call('/accounts')).json as AccountsBody;
    expect(accounts.find((a) => a.id === IG_ACCOUNT.id)?.backfill).toMatchObject({ state: 'failed', error: 'graph_613_2534040' });
  });

  it('ends at once on a non-retryable error (missing permission), with the reason on GET /accounts', async () => {
    const { seed } = seedThreads(2);
    const h = await startHarness({
      recorder,
      proxy: { store: memoryStore(), backfill: { retry: { baseMs: 10, capMs: 20 } }, profiles: false },
      seed: (sandbox) => {
        seed(sandbox);
        sandbox.accounts.setPermissions(IG_ACCOUNT.id, []);
      },
    });
    open.push(h);
    await h.kit.idle();
    const igReads = h.sandbox.inspect.requests().filter((r) => r.accountId === IG_ACCOUNT.id);
    expect(igReads).toHaveLength(1);
    expect(igReads[0]!.error?.code).toBe(10);
    const { accounts } = (await h.call('/accounts')).json as AccountsBody;
    expect(accounts.find((a) => a.id === IG_ACCOUNT.id)?.backfill).toMatchObject({ state: 'failed', error: expect.stringMatching(/^graph_10/) });
    expect(accounts.find((a) => a.id === PAGE_ACCOUNT.id)?.backfill).toMatchObject({ state: 'done' });
  });

  it('no response or log line contains a token, proof or app secret', () => {
    expect(recorder.leaks()).toEqual([]);
  });
});
