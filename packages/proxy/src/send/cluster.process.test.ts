/**
 * Sends through three instances on one Postgres schema, as real processes against the sandbox:
 * each conversation's messages are accepted by all three instances in turn, and one instance is
 * killed with SIGKILL while most are still queued. Every customer gets every message once, in the
 * order it was accepted; the three instances together never exceed the account's limit (the
 * Postgres rate limiter is the default with postgresStore), so Meta never throttles.
 */
import { RATE_LIMITS } from '@kit/core';
import { afterAll, expect, it } from 'vitest';
import { IG_ACCOUNT } from '../test/harness';
import { finishSends, postKit, startChildSandbox, startKitChild, stopKitChild, waitUntil, type KitChild } from '../test/kit-process';
import { dropSchema, testSchema } from '../test/postgres';

const schema = testSchema();
afterAll(() => dropSchema(schema));

const INSTANCES = 3;
const CONVERSATIONS = 20;
const PER_CONVERSATION = 150;

function maxInWindow(times: number[], interval: number): number {
  const t = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while ((t[i] as number) - (t[j] as number) >= interval) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

it(`${INSTANCES} instances, ${CONVERSATIONS * PER_CONVERSATION} sends over ${CONVERSATIONS} conversations, one instance killed: in order, once, under the limit`, { timeout: 240_000 }, async () => {
  const { sandbox, graph, close } = await startChildSandbox();
  const env = { KIT_PG_SCHEMA: schema, KIT_GRAPH: graph.url, KIT_LEASE_MS: '2000', KIT_WAIT_MS: '0' };
  const kits = await Promise.all(Array.from({ length: INSTANCES }, () => startKitChild(env)));
  try {
    // Meta delivers webhooks to one address (the balancer); here the last instance, which survives.
    const survivor = kits[INSTANCES - 1] as KitChild;
    sandbox.webhooks.setUrl(`${survivor.url}/webhook`);
    const customers = Array.from({ length: CONVERSATIONS }, (_, i) => sandbox.customer.create({ accountId: IG_ACCOUNT.id, name: `Cluster ${i}` }));
    for (const c of customers) sandbox.customer.text(c.id, 'Hi');
    await sandbox.flush();
    await waitUntil('the conversations to be stored', async () => {
      const res = await fetch(`${survivor.url}/accounts/${IG_ACCOUNT.id}/conversations?limit=50`);
      return ((await res.json()) as { conversations: unknown[] }).conversations.length === CONVERSATIONS;
    });
    sandbox.faults.set({ routes: ['send'], latencyMs: 5 });
    const textOf = (ci: number, i: number) => `c${ci} #${i}`;

    const total = CONVERSATIONS * PER_CONVERSATION;
    const sent = () => sandbox.inspect.requests().filter((r) => r.method === 'POST' && /\/messages$/.test(r.path));
    // Like a load balancer: requests go round-robin to the instances still alive; a request cut
    // off by the crash is repeated on another with the same clientId (idempotent).
    const alive = [...kits];
    let atKill = -1;
    const killer = (async () => {
      await waitUntil('the first deliveries', () => sent().length >= total / 8, 120_000, 20);
      alive.splice(alive.indexOf(kits[0] as KitChild), 1);
      expect(await stopKitChild((kits[0] as KitChild).child, 'SIGKILL')).toBeNull();
      atKill = sent().length;
    })();
    let n = 0;
    const accept = async (body: { to: string; clientId: string; text: string }): Promise<void> => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const kit = alive[n++ % alive.length] as KitChild;
        const res = await postKit(kit, `/accounts/${IG_ACCOUNT.id}/messages`, body).catch(() => null);
        if (!res) continue; // the instance died under this request
        expect([200, 201], await res.text()).toContain(res.status);
        return;
      }
      throw new Error(`could not hand ${body.clientId} to any instance`);
    };
    // Each conversation's messages one after another (that is the order to keep); the
    // conversations in parallel.
    await Promise.all(
      customers.map(async (c, ci) => {
        for (let i = 0; i < PER_CONVERSATION; i++) await accept({ to: c.id, clientId: `k${ci}-${i}`, text: textOf(ci, i) });
      }),
    );
    await killer;
    expect(total - atKill, 'sends not yet out when the instance died').toBeGreaterThan(total / 2);

    const resent = await finishSends({
      kit: () => survivor,
      accountId: IG_ACCOUNT.id,
      sends: customers.flatMap((_, ci) => Array.from({ length: PER_CONVERSATION }, (_, i) => ({ clientId: `k${ci}-${i}`, text: textOf(ci, i) }))),
      wentOut: (text) => sandbox.inspect.sent().some((s) => s.text === text),
      flush: () => sandbox.flush(),
      timeoutMs: 180_000,
    });

    for (const [ci, c] of customers.entries()) {
      const texts = sandbox.inspect.sent({ recipientId: c.id }).map((s) => s.text);
      expect(texts, `conversation ${ci}`).toEqual(Array.from({ length: PER_CONVERSATION }, (_, i) => textOf(ci, i)));
    }
    const requests = sent();
    expect(requests.filter((r) => r.error?.code === 613), 'Meta throttled the account').toEqual([]);
    const most = maxInWindow(
      requests.map((r) => r.at),
      RATE_LIMITS.text.intervalMs,
    );
    expect(most).toBeLessThanOrEqual(RATE_LIMITS.text.limit);
    console.info(`cluster sends: ${atKill} of ${total} sent when one of ${INSTANCES} instances was killed; ${resent.length} resent by a person; most in any second: ${most}`);
  } finally {
    await Promise.all(kits.map((k) => stopKitChild(k.child)));
    await close();
  }
});
