/**
 * GET /events under load, over real HTTP: a client that stops reading is closed once its queue
 * passes `events.maxBufferedBytes` and loses nothing when it resumes with Last-Event-ID; a long
 * replay to a client that reads is paced by backpressure instead of tripping the bound; each
 * event is serialised once for all connections.
 */
import type { ServerResponse } from 'node:http';
import { request } from 'node:http';
import { setImmediate } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitEvent } from '@kit/core';
import { IG_ACCOUNT, PAGE_ACCOUNT, Recorder, SseClient, startHarness, type Harness } from '../test/harness';
import type { LoggedEvent } from '../store/types';
import { frame } from './events-route';

const BOUND = 128 * 1024; // the smallest allowed, so the test needs the fewest events
const recorder = new Recorder();
let h: Harness;

/** Every /events response the server made, with the most it ever had queued right after a write. */
interface Watched {
  res: ServerResponse;
  maxQueued: number;
  closed: boolean;
}
const watched: Watched[] = [];

beforeAll(async () => {
  h = await startHarness({
    recorder,
    proxy: { events: { heartbeatMs: 60_000, retryMs: 100, pollTimeoutMs: 2_000, maxBufferedBytes: BOUND } },
    before: (app) =>
      app.use((req, res, next) => {
        if (req.path === '/kit/events') {
          const w: Watched = { res, maxQueued: 0, closed: false };
          const write = res.write.bind(res) as (...a: unknown[]) => boolean;
          res.write = ((...args: unknown[]) => {
            const ok = write(...args);
            w.maxQueued = Math.max(w.maxQueued, res.writableLength);
            return ok;
          }) as typeof res.write;
          res.on('close', () => {
            w.closed = true;
          });
          watched.push(w);
        }
        next();
      }),
  });
});
afterAll(async () => {
  await h?.close();
});

const PAD = 'x'.repeat(4000);
const event = (i: number): KitEvent => ({ type: 'unsupported', accountId: IG_ACCOUNT.id, at: 1_769_000_000_000 + i, kind: 'load_test', raw: { i, pad: PAD } });

/** Logs `n` events and publishes them as the pipeline does. */
async function publish(n: number, into: LoggedEvent[], onBus = true): Promise<void> {
  for (let i = 0; i < n; i++) {
    const e = await h.kit.store.appendEvent(event(into.length));
    into.push(e);
    if (onBus) h.kit.bus.publish(e);
  }
}

/** Ids of the complete frames in a raw SSE body; a cut-off last frame is dropped, as EventSource drops it. */
function completeFrameIds(body: string): string[] {
  const whole = body.slice(0, body.lastIndexOf('\n\n') + 2);
  return whole
    .split('\n\n')
    .filter((f) => f.includes('\ndata: '))
    .map((f) => /^id: (\d+)$/m.exec(f)![1]!);
}

/** An SSE request whose response the test reads only when it wants to (no reading = a stalled client). */
function stalledClient(lastEventId: string): Promise<{ readAll(): Promise<string> }> {
  const url = new URL(`${h.kitUrl}/events`);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { accept: 'text/event-stream', 'last-event-id': lastEventId } }, (res) => {
      res.pause(); // stop reading: the socket's window fills, then the server's buffers
      resolve({
        readAll: () =>
          new Promise((done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', () => {}); // the server cut the stream: expected
            res.on('close', () => done(Buffer.concat(chunks).toString('utf8')));
            res.resume();
          }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a client that stops reading', () => {
  it('is closed once its queue passes the bound, never holding more than the bound plus one frame, and resumes with every event exactly once', async () => {
    const start = (await h.kit.store.lastEventId()) ?? '0';
    const before = watched.length;
    const client = await stalledClient(start);
    const server = watched[before]!;
    const published: LoggedEvent[] = [];
    // Publish until the server gives up on it (kernel buffers on both ends fill first).
    while (!server.closed) {
      if (published.length > 10_000) throw new Error(`still open after ${published.length} events; queued ${server.res.writableLength} bytes`);
      await publish(1, published);
      // Let the event loop run: sockets write (and close) only outside this burst.
      await setImmediate();
    }
    const largestFrame = Math.max(...published.map((e) => Buffer.byteLength(frame(e))));
    expect(server.maxQueued).toBeGreaterThan(BOUND); // the bound was what closed it
    expect(server.maxQueued).toBeLessThanOrEqual(BOUND + largestFrame + 16); // + chunked-encoding framing
    expect(watched.slice(before).filter((w) => !w.closed)).toEqual([]); // no connection left open server-side

    // Events keep coming while the client is away.
    await publish(5, published);

    const got = completeFrameIds(await client.readAll());
    expect(got.length).toBeGreaterThan(0);
    const resumed = await SseClient.open(`${h.kitUrl}/events`, recorder, { 'last-event-id': got.at(-1)! });
    const lastId = published.at(-1)!.id;
    await resumed.waitFor((c) => c.events().some((e) => e.id === lastId), 60_000);
    await publish(1, published); // and live ones after the replay
    await resumed.waitFor((c) => c.events().some((e) => e.id === published.at(-1)!.id), 60_000);
    await resumed.close();
    const again = resumed.events().map((e) => e.id);
    expect([...got, ...again]).toEqual(published.map((e) => e.id));
  });
});

describe('a long replay to a client that reads', () => {
  it('is paced by backpressure: far more than the bound arrives, the connection stays open', async () => {
    const start = (await h.kit.store.lastEventId()) ?? '0';
    const backlog: LoggedEvent[] = [];
    await publish(Math.ceil((4 * BOUND) / PAD.length) * 4, backlog, false); // ~16× the bound, only in the log
    const before = watched.length;
    const sse = await SseClient.open(`${h.kitUrl}/events`, recorder, { 'last-event-id': start });
    await sse.waitFor((c) => c.events().length >= backlog.length, 60_000);
    expect(sse.events().map((e) => e.id)).toEqual(backlog.map((e) => e.id));
    expect(sse.frames.some((f) => f.event === 'reset')).toBe(false);
    expect(watched[before]!.closed).toBe(false);
    expect(watched[before]!.maxQueued).toBeLessThanOrEqual(BOUND);
    await sse.close();
  });
});

describe('serialisation', () => {
  it('serialises a live event once and writes the same bytes to every connection', async () => {
    const start = (await h.kit.store.lastEventId()) ?? '0';
    const clients = await Promise.all([1, 2, 3].map(() => SseClient.open(`${h.kitUrl}/events`, recorder, { 'last-event-id': start })));
    let serialised = 0;
    const e = {
      type: 'unsupported',
      id: String(Number(start) + 1),
      accountId: IG_ACCOUNT.id,
      at: 1_769_000_000_000,
      kind: 'counted',
      raw: {
        toJSON() {
          serialised += 1;
          return { n: 1 };
        },
      },
    } as unknown as LoggedEvent;
    h.kit.bus.publish(e);
    for (const c of clients) await c.waitFor((s) => s.events().some((x) => x.id === e.id));
    expect(serialised).toBe(1);
    const datas = clients.map((c) => c.frames.find((f) => f.id === e.id)?.data);
    expect(new Set(datas).size).toBe(1);
    await Promise.all(clients.map((c) => c.close()));
  });
});

describe('fan-out by account', () => {
  it('subscribes to the bus once for all connections and hands each event only to its account’s connections', async () => {
    const bus = h.kit.bus;
    const subscribe = bus.subscribe.bind(bus);
    let subscriptions = 0;
    bus.subscribe = (listener, scope) => (scope === 'cluster' && subscriptions++, subscribe(listener, scope));
    try {
      const start = (await h.kit.store.lastEventId()) ?? '0';
      const open = (accountId: string) => SseClient.open(`${h.kitUrl}/events?accountId=${accountId}`, recorder, { 'last-event-id': start });
      const ig = await Promise.all([1, 2, 3, 4, 5].map(() => open(IG_ACCOUNT.id)));
      const page = await open(PAGE_ACCOUNT.id);
      expect(subscriptions).toBeLessThanOrEqual(1);
      const forPage = { type: 'unsupported', id: String(Number(start) + 1), accountId: PAGE_ACCOUNT.id, at: 1_769_000_000_000, kind: 'page_only', raw: {} } as LoggedEvent;
      const forIg = { ...forPage, id: String(Number(start) + 2), accountId: IG_ACCOUNT.id, kind: 'ig_only' } as LoggedEvent;
      bus.publish(forPage);
      bus.publish(forIg);
      for (const c of [...ig, page]) await c.waitFor((s) => s.events().some((x) => x.id === forIg.id || x.id === forPage.id));
      await page.waitFor((s) => s.events().some((x) => x.id === forPage.id));
      for (const c of ig) await c.waitFor((s) => s.events().some((x) => x.id === forIg.id));
      expect(page.events().map((x) => x.id)).toEqual([forPage.id]);
      for (const c of ig) expect(c.events().map((x) => x.id)).toEqual([forIg.id]);
      await Promise.all([...ig, page].map((c) => c.close()));
    } finally {
      bus.subscribe = subscribe;
    }
  });
});

describe('secrets', () => {
  it('no response, SSE frame or log line of this suite contains a token, proof or app secret', () => {
    expect(recorder.leaks()).toEqual([]);
  });
});
