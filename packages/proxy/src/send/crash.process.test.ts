/**
 * A crash mid-delivery, with real processes on one SQLite file: 500 sends are accepted for ONE
 * customer, the kit process is killed with SIGKILL while most of them are still queued, and a new
 * process takes over the file. The dead worker's rows keep their lease for a while; the new
 * worker must not send any later row of that conversation before them. In the end the customer has
 * every message exactly once, in the order it was accepted — a send cut off mid-request is
 * confirmed by its echo when it did reach Instagram, and resent by a person when it did not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { IG_ACCOUNT } from '../test/harness';
import { finishSends, postKit, startChildSandbox, startKitChild, stopKitChild, waitUntil as until, type KitChild } from '../test/kit-process';

const dir = mkdtempSync(join(tmpdir(), 'kit-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SENDS = 500;
const LEASE_MS = 2000;

it(`kill -9 with ${SENDS} sends queued for one customer: every message reaches them once, in order`, { timeout: 180_000 }, async () => {
  const { sandbox, graph, close } = await startChildSandbox();
  const file = join(dir, 'kit.db');
  const env = { KIT_DB: file, KIT_GRAPH: graph.url, KIT_LEASE_MS: String(LEASE_MS), KIT_WAIT_MS: '0' };
  let second: KitChild | undefined;
  const first = await startKitChild(env);
  try {
    sandbox.webhooks.setUrl(`${first.url}/webhook`);
    const customer = sandbox.customer.create({ accountId: IG_ACCOUNT.id, name: 'Crash Customer' });
    sandbox.customer.text(customer.id, 'Hello?');
    await sandbox.flush();
    // Each send takes a while at "Graph", so most of them are still queued when the process dies.
    sandbox.faults.set({ routes: ['send'], latencyMs: 20 });
    const delivered = () => sandbox.inspect.sent({ recipientId: customer.id }).map((s) => s.text);

    const clientIds: string[] = [];
    for (let i = 0; i < SENDS; i++) {
      const clientId = `crash-${i}`;
      const res = await postKit(first, `/accounts/${IG_ACCOUNT.id}/messages`, { to: customer.id, clientId, text: `in order ${i}` });
      expect(res.status, await res.text()).toBe(201);
      clientIds.push(clientId);
    }
    await until('the first deliveries', () => delivered().length >= 20);
    expect(await stopKitChild(first.child, 'SIGKILL')).toBeNull();
    const atKill = delivered().length;
    expect(SENDS - atKill, 'sends still queued when the process died').toBeGreaterThan(200);

    second = await startKitChild(env);
    sandbox.webhooks.setUrl(`${second.url}/webhook`);
    const kit = second;
    const resent = await finishSends({
      kit: () => kit,
      accountId: IG_ACCOUNT.id,
      sends: clientIds.map((clientId, i) => ({ clientId, text: `in order ${i}` })),
      wentOut: (text) => delivered().includes(text),
      flush: () => sandbox.flush(),
    });

    const texts = delivered();
    expect(new Set(texts).size, 'a message reached the customer twice').toBe(texts.length);
    expect(texts).toEqual(Array.from({ length: SENDS }, (_, i) => `in order ${i}`));
    console.info(`crash: ${atKill} of ${SENDS} delivered when killed; ${resent.length} resent by a person after the restart`);
  } finally {
    if (second) await stopKitChild(second.child);
    await stopKitChild(first.child, 'SIGKILL');
    await close();
  }
});
