/**
 * Several instances on one Postgres schema, as real processes: webhooks are spread over three
 * kit processes and SSE clients over the same three. Every client must see every message live
 * (not only after a reconnect), exactly once and in log order, whichever instance applied it —
 * the Postgres event bus (LISTEN/NOTIFY) carries it across. Then one instance is killed with
 * SIGKILL and the two left go on.
 */
import { afterAll, expect, it } from 'vitest';
import { APP_SECRET, IG_ACCOUNT, metaJson, Recorder, signBody, SseClient } from '../test/harness';
import { startKitChild, stopKitChild, type KitChild } from '../test/kit-process';
import { dropSchema, testSchema } from '../test/postgres';

const schema = testSchema();
afterAll(() => dropSchema(schema));

const INSTANCES = 3;
const CLIENTS_PER_INSTANCE = 5;
const MESSAGES = 300;

const webhook = (i: number) =>
  metaJson({
    object: 'instagram',
    entry: [
      {
        id: IG_ACCOUNT.id,
        time: Date.now(),
        messaging: [{ sender: { id: `77000${i % 7}` }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), message: { mid: `mid-cluster-${i}`, text: `cluster ${i}` } }],
      },
    ],
  });

async function post(kit: KitChild, body: string): Promise<number> {
  const res = await fetch(`${kit.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) }, body });
  await res.arrayBuffer();
  return res.status;
}

const messageIds = (c: SseClient) => c.events().filter((e) => e.type === 'message').map((e) => (e.message as { id: string }).id);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

it(`${INSTANCES} instances on one Postgres: every SSE client sees every message live, once, in order; an instance killed mid-run`, { timeout: 180_000 }, async () => {
  const kits = await Promise.all(Array.from({ length: INSTANCES }, () => startKitChild({ KIT_PG_SCHEMA: schema })));
  const recorder = new Recorder();
  const clients: SseClient[] = [];
  try {
    for (const kit of kits) {
      for (let i = 0; i < CLIENTS_PER_INSTANCE; i++) {
        const c = await SseClient.open(`${kit.url}/events`, recorder);
        expect(c.status).toBe(200);
        clients.push(c);
      }
    }
    // Webhooks round-robin over the instances, about 100/s.
    const sentAt = new Map<string, number>();
    for (let i = 0; i < MESSAGES; i++) {
      sentAt.set(`mid-cluster-${i}`, Date.now());
      expect(await post(kits[i % INSTANCES] as KitChild, webhook(i))).toBe(200);
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 100));
    }
    const want = [...sentAt.keys()];
    for (const c of clients) await c.waitFor((x) => new Set(messageIds(x)).size >= MESSAGES, 60_000);

    const delays: number[] = [];
    for (const [n, c] of clients.entries()) {
      const ids = messageIds(c);
      expect(ids.length, `client ${n}: a message twice`).toBe(new Set(ids).size);
      expect([...ids].sort(), `client ${n}`).toEqual([...want].sort());
      // Log order: event ids only grow on every connection.
      const eventIds = c.events().map((e) => Number(e.id));
      expect(eventIds, `client ${n}: events out of log order`).toEqual([...eventIds].sort((a, b) => a - b));
      for (const f of c.frames) {
        if (f.data === undefined || f.event !== undefined) continue;
        const e = JSON.parse(f.data) as { type: string; message?: { id: string } };
        if (e.type === 'message' && e.message) delays.push(f.at - (sentAt.get(e.message.id) as number));
      }
    }
    delays.sort((a, b) => a - b);
    console.info(`cluster: webhook POST → SSE frame on all ${clients.length} clients of ${INSTANCES} instances: p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays.at(-1)} ms`);

    // One instance dies; the others keep serving each other's events live.
    expect(await stopKitChild((kits[0] as KitChild).child, 'SIGKILL')).toBeNull();
    const alive = clients.slice(CLIENTS_PER_INSTANCE);
    for (let i = MESSAGES; i < MESSAGES + 20; i++) expect(await post(kits[1 + (i % 2)] as KitChild, webhook(i))).toBe(200);
    for (const c of alive) await c.waitFor((x) => new Set(messageIds(x)).size >= MESSAGES + 20, 30_000);
    for (const c of alive) expect(messageIds(c).length).toBe(MESSAGES + 20);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(kits.map((k) => stopKitChild(k.child)));
  }
});
