import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FaultController } from './faults';
import { PAGE, startHarness, type Harness } from './test/harness';

let h: Harness;
let to: string;
beforeEach(async () => {
  h = await startHarness();
  to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'f' }).id;
  h.sandbox.customer.text(to, 'hi');
  await h.sandbox.flush();
});
afterEach(async () => {
  await h.close();
});

const send = (text = 'x') => h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, message: { text } } });
const networkError = async (request: Promise<unknown>) => request.then(() => 'answered', (e: Error) => (e.name === 'TypeError' ? 'network_error' : e.name));

describe('request faults', () => {
  it('5xx: 500 code 1 or 503 code 2, transient, nothing sent', async () => {
    h.sandbox.faults.once({ kind: '5xx' });
    const res = await send();
    expect([500, 503]).toContain(res.status);
    expect(res.body.error).toMatchObject({ code: res.status === 500 ? 1 : 2, is_transient: true });
    expect(h.sandbox.inspect.sent()).toHaveLength(0);
  });

  it('rateLimit: 613/2534040', async () => {
    h.sandbox.faults.once({ kind: 'rateLimit' });
    expect((await send()).body.error).toMatchObject({ code: 613, error_subcode: 2534040 });
  });

  it('reset: connection destroyed, nothing processed', async () => {
    h.sandbox.faults.once({ kind: 'reset' });
    expect(await networkError(send())).toBe('network_error');
    expect(h.sandbox.inspect.sent()).toHaveLength(0);
    expect(h.sandbox.inspect.requests().at(-1)?.fault).toBe('reset');
  });

  it('timeout: held for timeoutMs, then destroyed; nothing processed', async () => {
    h.sandbox.faults.set({ timeoutMs: 150 });
    h.sandbox.faults.once({ kind: 'timeout' });
    const started = Date.now();
    expect(await networkError(send())).toBe('network_error');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(h.sandbox.inspect.sent()).toHaveLength(0);
  });

  it('responseLost: the message is sent and echoed, but the answer never arrives', async () => {
    h.sandbox.faults.once({ kind: 'responseLost', route: 'send' });
    expect(await networkError(send('did it go?'))).toBe('network_error');
    const sent = h.sandbox.inspect.sent();
    expect(sent).toMatchObject([{ text: 'did it go?', responseLost: true }]);
    await h.sandbox.flush();
    expect(h.receiver.messaging().at(-1)).toMatchObject({ message: { mid: sent[0]?.mid, is_echo: true, text: 'did it go?' } });
  });

  it('latency delays answers; routes limit which calls are hit', async () => {
    h.sandbox.faults.set({ latencyMs: 120, routes: ['read'] });
    await send();
    expect(h.sandbox.inspect.requests().at(-1)?.latencyMs).toBeUndefined();
    const t = Date.now();
    await h.graph('GET', '/v26.0/me', {});
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
    expect(h.sandbox.inspect.requests().at(-1)?.latencyMs).toBe(120);
  });

  it('rates are deterministic for a seed', () => {
    const roll = (seed: number | string) => {
      const f = new FaultController({ errorRate: 0.3, resetRate: 0.1, responseLostRate: 0.2 }, seed);
      return Array.from({ length: 50 }, () => f.decide('send').kind);
    };
    expect(roll('demo')).toEqual(roll('demo'));
    expect(roll('demo')).not.toEqual(roll('other'));
    const kinds = roll(7);
    expect(kinds.filter((k) => k === '5xx').length).toBeGreaterThan(5);
    expect(kinds.filter((k) => k === null).length).toBeGreaterThan(15);
  });

  it('rejects rates outside 0..1 with a clear message', () => {
    expect(() => h.sandbox.faults.set({ errorRate: 2 })).toThrow(/errorRate must be a fraction between 0 and 1/);
  });
});

describe('webhook faults', () => {
  it('duplicates: the same bytes arrive twice', async () => {
    h.sandbox.faults.set({ webhookDuplicateRate: 1 });
    h.sandbox.customer.text(to, 'twice');
    await h.sandbox.flush();
    const posts = h.receiver.posts.slice(-2);
    expect(posts).toHaveLength(2);
    expect(posts[0]?.raw.equals(posts[1]?.raw as Buffer)).toBe(true);
    expect(h.sandbox.inspect.webhooks({ kind: 'event' }).at(-1)?.duplicate).toBe(true);
  });

  it('reorders: a held-back batch arrives after later events', async () => {
    h.sandbox.faults.set({ webhookReorderRate: 1 });
    h.sandbox.customer.text(to, 'first');
    await new Promise((r) => setTimeout(r, 5)); // let 'first' form its own batch
    h.sandbox.faults.set({ webhookReorderRate: 0 });
    h.sandbox.customer.text(to, 'second');
    await h.sandbox.idle();
    const texts = h.receiver.messaging().map((m) => (m.message as { text: string }).text);
    expect(texts.slice(-2)).toEqual(['second', 'first']);
  });

  it('outage: nothing delivered while on; the backlog arrives once it ends', async () => {
    h.sandbox.faults.set({ webhookOutage: true });
    h.sandbox.customer.text(to, 'during outage');
    await new Promise((r) => setTimeout(r, 30));
    expect(h.receiver.messaging()).toHaveLength(1);
    expect(h.sandbox.inspect.webhooks({ kind: 'event' }).at(-1)?.status).toBe('outage');
    h.sandbox.faults.set({ webhookOutage: false });
    await h.sandbox.flush();
    expect(h.receiver.messaging().at(-1)).toMatchObject({ message: { text: 'during outage' } });
  });

  it('gives up after maxAttempts', async () => {
    h.receiver.respond = 500;
    h.sandbox.customer.text(to, 'lost');
    await h.sandbox.idle();
    const attempts = h.sandbox.inspect.webhooks({ kind: 'event' }).filter((w) => w.body?.includes('lost'));
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(attempts.every((a) => a.status === 500)).toBe(true);
  });
});

describe('per-account send rate limit', () => {
  // The limit is a sliding 1 s window on the sandbox clock: freeze it, so a slow machine cannot
  // let the window slide between the 1st and the 101st request.
  beforeEach(async () => {
    await h.close();
    const frozen = Date.now();
    h = await startHarness({ now: () => frozen });
    to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'f' }).id;
    h.sandbox.customer.text(to, 'hi');
    await h.sandbox.flush();
  });

  it('text: 100 per second, then 613/2534040 with the usage header at 100%', async () => {
    const results = [];
    for (let i = 0; i < 101; i++) results.push(await send(`n${i}`));
    expect(results.slice(0, 100).every((r) => r.status === 200)).toBe(true);
    const last = results[100];
    expect(last?.body.error).toMatchObject({ code: 613, error_subcode: 2534040 });
    expect(JSON.parse(last?.headers.get('x-business-use-case-usage') ?? '{}')[PAGE.id][0].call_count).toBe(100);
    h.sandbox.clock.advance(1000);
    expect((await send()).status).toBe(200);
  });

  it('audio/video: 10 per second', async () => {
    const media = () => h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, message: { attachment: { type: 'video', payload: { url: 'https://cdn.example.com/v.mp4' } } } } });
    for (let i = 0; i < 10; i++) expect((await media()).status).toBe(200);
    expect((await media()).body.error).toMatchObject({ code: 613 });
    expect((await send()).status).toBe(200); // text has its own bucket
  });
});
