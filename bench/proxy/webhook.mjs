// Rows 1 and 2 of issue #14.
// 1. Signed webhook ack: autocannon POSTs, each body one distinct Instagram message (50 connections),
//    into the kit on memoryStore and on sqliteStore vs the bare HMAC route. A fresh process (empty
//    store) per run. For the kit, the time its pipeline needs after the run to process what it
//    acknowledged is printed too (the ack is only half of the work).
// 2. One 1,000-event body: POST start → 200, and POST start → the 1,000th frame at one connected SSE
//    client, kit (memory, SQLite) vs the bare route that parses and broadcasts the 1,000 frames.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  start,
  stop,
  freePort,
  sign,
  webhookBody,
  postWebhook,
  waitQuiet,
  cannon,
  sse,
  frameMid,
  rounds,
  row,
  median,
  sleep,
  APP_SECRET,
} from './lib.mjs';

let seq = 0;
function contenders({ up, tmp }) {
  const kit = (store) => async () => {
    const port = await freePort();
    const args =
      store === 'sqlite' ? ['--store', 'sqlite', '--db', join(tmp, `kit-${port}-${++seq}.db`)] : ['--store', 'memory'];
    return { srv: await start('kit.mjs', [port, up, ...args]), base: `http://127.0.0.1:${port}/kit`, kit: true };
  };
  return {
    'kit-memory': kit('memory'),
    'kit-sqlite': kit('sqlite'),
    bare: async () => {
      const port = await freePort();
      return { srv: await start('bare-webhook.mjs', [port, APP_SECRET]), base: `http://127.0.0.1:${port}`, kit: false };
    },
  };
}

async function ackRun(c, duration) {
  const { srv, base, kit } = await c();
  try {
    const r = await cannon({
      url: `${base}/webhook`,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const n = ++seq;
            // 1,000 customers in rotation: conversations get both created and updated.
            const body = webhookBody({ customer: String(900000 + (n % 1000)), mid: `aWdfZAG1bench${n}` });
            return { ...req, body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) } };
          },
        },
      ],
    });
    if (kit) r.drainMs = (await waitQuiet(base)).ms;
    return r;
  } finally {
    await stop(srv);
  }
}

async function batchRun(c) {
  const { srv, base } = await c();
  try {
    // One small event first (first-use costs: JIT, first conversation), then one live client.
    await (await postWebhook(`${base}/webhook`, webhookBody({ customer: '899999', mid: `warm${++seq}` }))).text();
    await sleep(300);
    const b = ++seq;
    const seen = new Set();
    let done;
    const all = new Promise((r) => (done = r));
    const client = await sse(`${base}/events`, (data, at) => {
      const mid = frameMid(data);
      if (mid?.startsWith(`batch${b}-`) && !seen.has(mid)) {
        seen.add(mid);
        if (seen.size === 1000) done(at);
      }
    });
    await sleep(200);
    const body = webhookBody({
      count: 1000,
      customer: (i) => String(910000 + (i % 100)),
      mid: (i) => `batch${b}-${i}`,
    });
    const t0 = performance.now();
    const res = await postWebhook(`${base}/webhook`, body);
    const ackMs = performance.now() - t0;
    await res.text();
    const end = await Promise.race([all, sleep(60_000).then(() => null)]);
    client.close();
    return {
      status: res.status,
      ackMs: +ackMs.toFixed(1),
      e2eMs: end === null ? null : +(end - t0).toFixed(1),
      frames: seen.size,
    };
  } finally {
    await stop(srv);
  }
}

export async function webhook({ rounds: n, duration, up, tmp, log }) {
  const cs = contenders({ up, tmp });
  const names = Object.keys(cs);
  log(`# webhook ack: ${n} rounds × ${names.join(', ')}, 50 connections × ${duration} s`);
  const ack = await rounds(n, names, (k) => ackRun(cs[k], duration), log);
  for (const k of ['kit-memory', 'kit-sqlite'])
    log(
      `# ${k}: drain after the run median ${median(ack[k].map((r) => r.drainMs)).toFixed(0)} ms (processing of what was acked)`,
    );
  log(`# 1,000-event body: ${n} rounds × ${names.join(', ')}`);
  const batch = await rounds(n, names, (k) => batchRun(cs[k]), log);
  const rows = [];
  for (const k of ['kit-memory', 'kit-sqlite']) {
    rows.push(
      row(
        'webhook ack, 1 event/POST',
        'throughput',
        k,
        ack[k].map((r) => r.rps),
        'bare HMAC route',
        ack.bare.map((r) => r.rps),
        'req/s',
      ),
    );
    rows.push(
      row(
        'webhook ack, 1 event/POST',
        'p99',
        k,
        ack[k].map((r) => r.p99),
        'bare HMAC route',
        ack.bare.map((r) => r.p99),
        'ms',
      ),
    );
  }
  for (const k of ['kit-memory', 'kit-sqlite']) {
    rows.push(
      row(
        '1,000-event body',
        'POST → 200',
        k,
        batch[k].map((r) => r.ackMs),
        'bare parse+broadcast',
        batch.bare.map((r) => r.ackMs),
        'ms',
      ),
    );
    rows.push(
      row(
        '1,000-event body',
        'POST → 1,000th SSE frame',
        k,
        batch[k].map((r) => r.e2eMs ?? NaN),
        'bare parse+broadcast',
        batch.bare.map((r) => r.e2eMs ?? NaN),
        'ms',
      ),
    );
  }
  return rows;
}
