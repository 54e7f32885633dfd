/**
 * Metrics over real HTTP against the sandbox: a scripted sequence (a customer's webhook, a badly
 * signed webhook, a send, a send that fails after a retry) moves each counter by exactly what
 * happened; the text parses as Prometheus' format; no token, customer id or text in it; GET
 * /metrics is an operator route.
 */
import express from 'express';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitMessage } from '@kit/core';
import { createKitProxy } from '../proxy';
import { graphCallClass } from '../graph/call-class';
import { memoryStore } from '../store/memory';
import { APP_SECRET, metaJson, Recorder, signBody, SseClient, type Harness } from '../test/harness';
import { FAST_OUTBOX, IG_ACCOUNT, newClientId, openConversation, send, startSendHarness } from '../test/send-kit';

interface Family { name: string; type: string; metrics: unknown[] }

let h: Harness;
beforeAll(async () => {
  h = await startSendHarness({ recorder: new Recorder(), proxy: { outbox: { ...FAST_OUTBOX, maxAttempts: 2, retry: { baseMs: 1, capMs: 5 } } } });
});
afterAll(async () => {
  await h?.close();
});

async function scrape(): Promise<{ text: string; families: Family[]; value: (name: string, labels?: Record<string, string>) => number }> {
  const res = await h.call('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = res.text;
  const families = parsePrometheusTextFormat(text) as Family[];
  // Values from the exposition lines themselves (the parser above proves the format; it drops
  // histogram labels, so it cannot be asked for one series' count).
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
  /** Sum of the series of `name` (a counter or gauge, or a histogram's `_count`) matching `labels`. */
  const value = (name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    if (!family) throw new Error(`no metric ${name}`);
    const series = family.type === 'HISTOGRAM' ? `${name}_count` : name;
    return samples.filter((m) => m.name === series && Object.entries(labels).every(([k, v]) => m.labels[k] === v)).reduce((sum, m) => sum + m.value, 0);
  };
  return { text, families, value };
}

describe('metrics', () => {
  it('move by exactly what happened, in the Prometheus text format, without tokens, customer ids or text', async () => {
    const before = await scrape();
    const deliveredBefore = h.sandbox.inspect.webhooks({ kind: 'event' }).length;

    // 1. A customer writes: one signed webhook, one message.
    const { customerId, conversationId } = await openConversation(h, IG_ACCOUNT.id, 'Secret order text 4417');
    // 2. A webhook with a bad signature.
    const forged = await h.call('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body: '{"object":"instagram","entry":[]}' });
    expect(forged.status).toBe(403);
    // 3. A send that goes out.
    const ok = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Reply text 9932' });
    expect(ok.json.message?.status).toBe('sent');
    // 4. A send Graph fails twice with a 5xx: one retry, then failed.
    h.sandbox.faults.once({ kind: '5xx', route: 'send', count: 2 });
    const clientId = newClientId();
    await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: 'Doomed text 5521' });
    let failed: KitMessage | undefined;
    while (failed?.status !== 'failed') {
      failed = ((await h.call(`/accounts/${IG_ACCOUNT.id}/sends/${clientId}`)).json as { message: KitMessage }).message;
      await new Promise((r) => setTimeout(r, 20));
    }
    const category = failed.statusReason!.category;

    await h.settle(); // echoes of the business's own sends are webhooks too
    // 5. Meta delivers a message twice: applied once, the second counted as a duplicate.
    const twice = metaJson({
      object: 'instagram',
      entry: [{ id: IG_ACCOUNT.id, time: 1, messaging: [{ sender: { id: '990888' }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), message: { mid: 'mid-twice-1', text: 'Twice text 7710' } }] }],
    });
    for (let i = 0; i < 2; i++) {
      const res = await h.call('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(twice, APP_SECRET) }, body: twice });
      expect(res.status).toBe(200);
    }
    // 6. An agent's inbox is connected.
    const sse = await SseClient.open(`${h.kitUrl}/events`, new Recorder());
    await h.settle();
    const after = await scrape();
    await sse.close();
    const delta = (name: string, labels?: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    // Meta's deliveries: the customer's message and the echo of the one send that went out.
    const delivered = h.sandbox.inspect.webhooks({ kind: 'event' }).slice(deliveredBefore);
    expect(delivered.map((w) => w.status)).toEqual([200, 200]);
    expect(delta('kit_webhooks_total', { outcome: 'accepted', reason: 'ok' })).toBe(4);
    expect(delta('kit_webhooks_total', { outcome: 'rejected', reason: 'webhook_signature_invalid' })).toBe(1);
    expect(delta('kit_webhook_events_applied_total', { type: 'message' })).toBe(3);
    expect(delta('kit_webhook_events_applied_total')).toBe(3);
    expect(delta('kit_webhook_processing_lag_seconds')).toBe(3); // the histogram's count
    expect(delta('kit_webhook_duplicates_total', { type: 'message' })).toBe(1);
    expect(after.value('kit_sse_connections')).toBe(1);
    expect(delta('kit_sse_slow_readers_closed_total')).toBe(0);
    expect(delta('kit_sends_total', { status: 'sent', category: 'none' })).toBe(1);
    expect(delta('kit_sends_total', { status: 'failed', category })).toBe(1);
    expect(delta('kit_sends_total')).toBe(2);
    expect(delta('kit_send_retries_total')).toBe(1);
    expect(delta('kit_graph_request_duration_seconds', { class: 'send', status: '200' })).toBe(1);
    expect(delta('kit_graph_request_duration_seconds', { class: 'send' })).toBe(3); // the two failures answered 500/503
    expect(after.value('kit_outbox_sends', { status: 'queued' })).toBe(0);

    // Bounded labels: nothing that names a customer, a conversation, a message or a secret.
    for (const secret of [customerId, conversationId, 'Secret order text', 'Reply text', 'Doomed text', '990888', 'Twice text', IG_ACCOUNT.id, String(IG_ACCOUNT.token)]) {
      expect(after.text).not.toContain(secret);
    }
  });

  it('serves GET /metrics to operators only, and registers on the host’s registry instead when given one', async () => {
    const registry = new Registry();
    const kit = createKitProxy({
      accounts: [{ id: '1784', flavor: 'instagram', token: 'IGAA-secret' }],
      appSecret: 'app-secret-123',
      verifyToken: 'v',
      logger: false,
      backfill: false,
      profiles: false,
      store: memoryStore(),
      metrics: { registry },
    });
    expect((await registry.getMetricsAsJSON()).map((m) => m.name)).toContain('kit_sends_total');
    const app = express().use('/kit', kit);
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    // The host serves its registry itself; the kit mounts no /metrics then.
    expect((await fetch(`http://127.0.0.1:${port}/kit/metrics`)).status).toBe(404);
    server.close();
    await kit.close();

    const denied = createKitProxy({ accounts: [{ id: '1784', flavor: 'instagram', token: 'IGAA-secret' }], appSecret: 'app-secret-123', verifyToken: 'v', logger: false, backfill: false, profiles: false, store: memoryStore() });
    const app2 = express().use('/kit', denied);
    const server2 = app2.listen(0);
    const res = await fetch(`http://127.0.0.1:${(server2.address() as { port: number }).port}/kit/metrics`);
    expect(res.status).toBe(403);
    server2.close();
    await denied.close();
  });
});

describe('graphCallClass', () => {
  it('names what a Graph call does with a bounded set of values, never its ids', () => {
    const u = (path: string) => new URL(`https://graph.instagram.com/v26.0/${path}`);
    expect(graphCallClass('POST', u('1784/messages'))).toBe('send');
    expect(graphCallClass('POST', u('17900000000000001/replies'))).toBe('comments');
    expect(graphCallClass('POST', u('17900000000000001?hide=true'))).toBe('comments');
    expect(graphCallClass('GET', u('17900000000000001/replies'))).toBe('read');
    expect(graphCallClass('GET', u('17900000000000002?fields=permalink,thumbnail_url,media_url,media_type,caption'))).toBe('media');
  });
});
