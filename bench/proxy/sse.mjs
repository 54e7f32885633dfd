// Row 3 of issue #14. SSE fan-out: C clients on GET <mount>/events of the kit (memoryStore), then
// E signed webhook events (one message each, POSTed one after another, 20 ms apart). Per client
// and event: the delay from the POST's start to that client receiving the frame; p50 and p99 over
// all C × E. Peer: the bare route that verifies, answers 200, parses and writes one frame to every
// client. Fresh server per run.
import { performance } from 'node:perf_hooks';
import {
  start,
  stop,
  freePort,
  webhookBody,
  postWebhook,
  sse,
  frameMid,
  rounds,
  row,
  quantile,
  sleep,
  APP_SECRET,
} from './lib.mjs';

let seq = 0;
async function run(kind, { up, clients: C, events: E }) {
  const port = await freePort();
  const srv =
    kind === 'kit'
      ? await start('kit.mjs', [port, up, '--store', 'memory'])
      : await start('bare-webhook.mjs', [port, APP_SECRET]);
  const base = `http://127.0.0.1:${port}${kind === 'kit' ? '/kit' : ''}`;
  const postAt = new Map();
  const delays = [];
  const streams = [];
  try {
    // A warm-up event before the clients connect (first-use costs: new conversation, JIT).
    await (await postWebhook(`${base}/webhook`, webhookBody({ customer: '799999', mid: `warm-${++seq}` }))).text();
    await sleep(300);
    for (let c = 0; c < C; c++) {
      const seen = new Set();
      streams.push(
        await sse(`${base}/events`, (data, at) => {
          const mid = frameMid(data);
          const t = postAt.get(mid);
          if (t === undefined || seen.has(mid)) return;
          seen.add(mid);
          delays.push(at - t);
        }),
      );
    }
    await sleep(500);
    for (let e = 0; e < E; e++) {
      const mid = `sse-${++seq}`;
      const body = webhookBody({ customer: String(800000 + (e % 20)), mid });
      postAt.set(mid, performance.now());
      await (await postWebhook(`${base}/webhook`, body)).text();
      await sleep(20);
    }
    const deadline = performance.now() + 60_000;
    while (delays.length < C * E && performance.now() < deadline) await sleep(50);
    const s = delays.sort((a, b) => a - b);
    return {
      frames: s.length,
      expected: C * E,
      p50: +quantile(s, 0.5).toFixed(1),
      p99: +quantile(s, 0.99).toFixed(1),
      max: +s.at(-1).toFixed(1),
    };
  } finally {
    for (const c of streams) c.close();
    await stop(srv);
  }
}

export async function fanout({ rounds: n, up, clients, events, log }) {
  log(`# SSE fan-out: ${clients} clients, ${events} events, ${n} rounds × kit, bare`);
  const res = await rounds(n, ['kit', 'bare'], (k) => run(k, { up, clients, events }), log);
  const label = `SSE fan-out, 1 event → ${clients} clients`;
  return ['p50', 'p99'].map((m) =>
    row(
      label,
      `POST start → frame, ${m}`,
      'kit /events',
      res.kit.map((r) => r[m]),
      'bare SSE broadcaster',
      res.bare.map((r) => r[m]),
      'ms',
    ),
  );
}
