/**
 * `pnpm demo:cluster`'s pieces for real: three kit processes (from source) on one Postgres schema
 * behind the round-robin front. A message sent through one instance and a customer's message
 * applied by another reach an inbox streaming from a third, live; with one instance killed
 * (SIGKILL) the front routes around it and the loop goes on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresStore } from '@kit/proxy';
import { afterAll, expect, it } from 'vitest';
import { startClusterDemo, type ClusterDemo } from './cluster';
import { SANDBOX_ACCOUNT } from './sandbox';

const PG_URL = process.env.KIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `kit_test_demo_${randomBytes(5).toString('hex')}`;
const webDir = mkdtempSync(join(tmpdir(), 'kit-demo-cluster-'));
const hooks = fileURLToPath(new URL('../../../packages/proxy/src/test/ts-hooks.ts', import.meta.url));
const instance = fileURLToPath(new URL('./cluster-instance.ts', import.meta.url));

let demo: ClusterDemo | undefined;
afterAll(async () => {
  await demo?.close();
  rmSync(webDir, { recursive: true, force: true });
  const admin = postgresStore({ connectionString: PG_URL, schema, max: 1 });
  await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.close();
});

/** An inbox's live stream through the front: which instance serves it, and the events so far. */
async function openStream(url: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/kit/events?accountId=${SANDBOX_ACCOUNT.id}`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  expect(res.status).toBe(200);
  const events: { type: string; message?: { text?: string; clientId?: string } }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (data) events.push(JSON.parse(data));
      }
    }
  })().catch(() => undefined);
  return { instance: res.headers.get('x-kit-instance'), events, close: () => controller.abort() };
}

async function until(what: string, ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('three instances behind the front: messages cross instances live, and survive one being killed', { timeout: 180_000 }, async () => {
  demo = await startClusterDemo({
    port: 0,
    databaseUrl: PG_URL,
    schema,
    webDir,
    instanceArgs: ['--conditions=source', '--experimental-transform-types', '--no-warnings', '--import', hooks, instance],
    onInstanceLog: () => undefined,
  });
  const { url, sandbox } = demo;
  expect(demo.instances).toHaveLength(3);
  const cluster = (await (await fetch(`${url}/demo/cluster`)).json()) as { instances: { name: string; healthy: boolean }[] };
  expect(cluster.instances.map((i) => i.healthy)).toEqual([true, true, true]);

  const stream = await openStream(url);
  const customer = sandbox.customer.create({ accountId: SANDBOX_ACCOUNT.id, name: 'Cluster Visitor' });

  // The customer writes: the webhook goes to the front, which hands it to some instance.
  sandbox.customer.text(customer.id, 'Hello from the customer');
  await sandbox.flush();
  await until('the customer message on the stream', () => stream.events.some((e) => e.type === 'message' && e.message?.text === 'Hello from the customer'));

  // The agent answers: the send is accepted by an instance other than the one streaming.
  let sentBy: string | null = null;
  for (let i = 0; i < 3 && (sentBy === null || sentBy === stream.instance); i++) {
    const res = await fetch(`${url}/kit/accounts/${SANDBOX_ACCOUNT.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kit-request': '1' },
      body: JSON.stringify({ to: customer.id, clientId: `agent-${i}`, text: `Hi, agent here (${i})` }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    sentBy = res.headers.get('x-kit-instance');
    const text = `Hi, agent here (${i})`;
    await until('the agent message on the stream', () => stream.events.some((e) => e.type === 'message' && e.message?.text === text));
  }
  expect(sentBy).not.toBeNull();
  expect(sentBy, 'sent through one instance, streamed by another').not.toBe(stream.instance);

  // Kill an instance that is not serving the stream: the front routes around it.
  const victim = demo.instances.find((i) => i.name !== stream.instance)!;
  victim.child.kill('SIGKILL');
  await until('the front to see it down', () => demo!.balancer.upstreams.find((u) => u.name === victim.name)?.healthy === false);
  const served = new Set<string>();
  for (let i = 0; i < 4; i++) sandbox.customer.text(customer.id, `still there? ${i}`);
  await sandbox.flush();
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${url}/kit/accounts`);
    expect(res.status).toBe(200);
    served.add(res.headers.get('x-kit-instance') as string);
  }
  expect([...served].sort()).toEqual(demo.instances.filter((i) => i !== victim).map((i) => i.name).sort());
  await until('every message after the kill on the stream', () => [0, 1, 2, 3].every((i) => stream.events.some((e) => e.message?.text === `still there? ${i}`)));
  stream.close();
});
