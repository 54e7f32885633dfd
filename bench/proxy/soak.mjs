// The soak of issue #14: C SSE clients on the kit (sqliteStore, a file on disk) while signed
// webhooks arrive at W/s (one message per POST) and the business sends S/s, for D seconds.
//   node bench/proxy/soak.mjs [--clients 1000] [--webhooks 500] [--sends 100] [--duration 60]
//                             [--accounts 1] [--build]
// --accounts A spreads everything over A accounts: each client follows one account
// (`/events?accountId=`, clients dealt round-robin), webhooks and sends rotate over the accounts.
// With A = 1 (the shape) every client receives every event: C × W frames/s.
//
// Reported: webhook POST → frame delay per (client, event) p50/p99/max, frames missing (every
// client must see every event of its account once), webhook and send answers (non-2xx), sends
// that ended `sent`, the kit's event loop utilization and RSS every 10 s (SIGUSR2 → kit.mjs), the
// load average. The load generator is this one process: its own event loop utilization is printed
// too, since a saturated generator would make the kit look slow.
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, stop, freePort, sign, sleep, load, quantile, waitQuiet, repo } from './lib.mjs';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const argv = process.argv.slice(2);
const opt = (k, d) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
const C = opt('--clients', 1000);
const W = opt('--webhooks', 500);
const S = opt('--sends', 100);
const D = opt('--duration', 60);
const A = opt('--accounts', 1);
const account = (i) => String(17841400000000001n + BigInt(i % A));
const log = (s) => console.log(s);

if (argv.includes('--build') || !existsSync(join(repo, 'packages/proxy/dist'))) {
  const b = spawnSync('pnpm', ['--filter', '@kit/proxy...', 'run', 'build'], { cwd: repo, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

// Open loop: a request never waits for a free socket here (that would lower the offered rate and
// hide the kit's latency); a slow kit sees more connections instead, as it would from Meta.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
function post(url, body, headers) {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, text: String(err) }));
    req.end(body);
  });
}
const webhook = (acc, customer, mid, at) =>
  JSON.stringify({
    object: 'instagram',
    entry: [
      {
        id: acc,
        time: at,
        messaging: [
          {
            sender: { id: customer },
            recipient: { id: acc },
            timestamp: at,
            message: { mid, text: 'Is this still in stock? 👋' },
          },
        ],
      },
    ],
  });

const up = await freePort();
const upstream = await start('upstream.mjs', [up]);
const dir = mkdtempSync(join(tmpdir(), 'kit-soak-'));
const port = await freePort();
// KIT_SOAK_CPU_PROF=<dir>: the kit writes a V8 CPU profile there when it ends.
const nodeArgs = process.env.KIT_SOAK_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.KIT_SOAK_CPU_PROF] : [];
const kit = await start('kit.mjs', [port, up, '--store', 'sqlite', '--db', join(dir, 'kit.db'), '--accounts', A], {
  nodeArgs,
});
const stats = [];
kit.stdout.on('data', (d) => {
  for (const line of String(d).split('\n')) if (line.startsWith('{"stats"')) stats.push(JSON.parse(line).stats);
});
const base = `http://127.0.0.1:${port}/kit`;
const customersPerAccount = 50;
const customer = (acc, n) => `${acc.slice(-4)}${String(700000 + (n % customersPerAccount))}`;

log(`# soak: ${C} SSE clients, ${W} webhooks/s, ${S} sends/s, ${D} s, ${A} account(s), sqliteStore; load ${load()}`);
// Open every customer's window first (sends need it), outside the measurement.
for (let a = 0; a < A; a++) {
  const acc = account(a);
  const at = Date.now() - 60_000;
  const messaging = Array.from({ length: customersPerAccount }, (_, n) => ({
    sender: { id: customer(acc, n) },
    recipient: { id: acc },
    timestamp: at + n,
    message: { mid: `seed-${acc}-${n}`, text: 'hi' },
  }));
  const body = JSON.stringify({ object: 'instagram', entry: [{ id: acc, time: at, messaging }] });
  const r = await post(`${base}/webhook`, body, { 'x-hub-signature-256': sign(body) });
  if (r.status !== 200) throw new Error(`seed answered ${r.status}`);
}
await waitQuiet(base);
log(`# ${A * customersPerAccount} customers have written; connecting ${C} clients · load ${load()}`);

// Clients: each follows one account; per client, the set of mids seen (missing = expected − seen).
const postAt = new Map(); // mid → [performance.now() at POST start, account]
const delays = [];
const clients = [];
let duplicates = 0;
let closedByKit = 0;
for (let c = 0; c < C; c++) {
  const acc = account(c);
  const seen = new Set();
  const client = { acc, seen };
  await new Promise((resolve, reject) => {
    const req = http.get(
      `${base}/events?accountId=${acc}`,
      { agent: new http.Agent({ keepAlive: false }), headers: { accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE ${res.statusCode}`));
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk) => {
          const at = performance.now();
          buf += chunk;
          // Complete frames only; the soak's own messages are found without parsing the frame.
          const cut = buf.lastIndexOf('\n\n');
          if (cut < 0) return;
          const done = buf.slice(0, cut + 2);
          buf = buf.slice(cut + 2);
          let i = 0;
          for (;;) {
            const k = done.indexOf('"id":"soakw-', i);
            if (k < 0) break;
            const end = done.indexOf('"', k + 6);
            const frameStart = done.lastIndexOf('data: ', k);
            const typeAt = done.indexOf('"type":"message"', frameStart);
            i = end;
            if (typeAt < 0 || typeAt > done.indexOf('\n\n', frameStart)) continue;
            const mid = done.slice(k + 6, end);
            if (seen.has(mid)) {
              duplicates++;
              continue;
            }
            seen.add(mid);
            const p = postAt.get(mid);
            if (p) delays.push(at - p[0]);
          }
        });
        res.on('close', () => client.open && (closedByKit++, (client.open = false)));
        client.open = true;
        client.close = () => ((client.open = false), req.destroy());
        resolve();
      },
    );
    req.on('error', reject);
  });
  clients.push(client);
}
log(`# clients connected; offering the load · load ${load()}`);
await sleep(1000);

const genElu0 = performance.eventLoopUtilization();
process.kill(kit.pid, 'SIGUSR2');
const answers = { webhook: { ok: 0, bad: 0 }, send: { sent: 0, other: 0, bad: 0 } };
const inflight = new Set();
let peakInFlight = 0;
let seq = 0;
let sendSeq = 0;
const ackMs = [];
const sendMs = [];
const t0 = performance.now();
let statTimer = setInterval(() => process.kill(kit.pid, 'SIGUSR2'), 10_000);
// Paced in 10 ms ticks, catching up if a tick was late, so the offered rate is the rate asked.
let webhooksDue = 0;
let sendsDue = 0;
while (performance.now() - t0 < D * 1000) {
  const elapsed = (performance.now() - t0) / 1000;
  while (webhooksDue < elapsed * W) {
    const n = ++seq;
    const acc = account(n);
    const mid = `soakw-${n}`;
    const body = webhook(acc, customer(acc, n), mid, Date.now());
    postAt.set(mid, [performance.now(), acc]);
    const ackAt = performance.now();
    const p = post(`${base}/webhook`, body, { 'x-hub-signature-256': sign(body) }).then(
      (r) => (ackMs.push(performance.now() - ackAt), r.status === 200 ? answers.webhook.ok++ : answers.webhook.bad++),
    );
    inflight.add(p);
    p.finally(() => inflight.delete(p));
    webhooksDue++;
  }
  while (sendsDue < elapsed * S) {
    const n = ++sendSeq;
    const acc = account(n);
    const body = JSON.stringify({ to: customer(acc, n), clientId: `soak-send-${n}`, text: 'Yes, it ships today.' });
    const sentAt = performance.now();
    const p = post(`${base}/accounts/${acc}/messages`, body, { 'x-kit-request': '1' }).then(
      (r) => (
        sendMs.push(performance.now() - sentAt),
        r.status >= 300
          ? answers.send.bad++
          : r.text.includes('"status":"sent"')
            ? answers.send.sent++
            : answers.send.other++
      ),
    );
    inflight.add(p);
    p.finally(() => inflight.delete(p));
    sendsDue++;
  }
  peakInFlight = Math.max(peakInFlight, inflight.size);
  await sleep(10);
}
const offeredFor = (performance.now() - t0) / 1000;
const genElu = performance.eventLoopUtilization(genElu0).utilization;
clearInterval(statTimer);
process.kill(kit.pid, 'SIGUSR2');
await Promise.all([...inflight]);
// Drain: wait until every client has every event of its account, or 30 s.
const expectedPerAccount = new Map();
for (const [, [, acc]] of postAt) expectedPerAccount.set(acc, (expectedPerAccount.get(acc) ?? 0) + 1);
const deadline = performance.now() + 30_000;
const missingNow = () => clients.reduce((m, c) => m + (expectedPerAccount.get(c.acc) ?? 0) - c.seen.size, 0);
while (missingNow() > 0 && performance.now() < deadline) await sleep(200);
await sleep(200);
for (const c of clients) c.close();
const s = delays.sort((a, b) => a - b);
const spread = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? { p50: +quantile(v, 0.5).toFixed(1), p99: +quantile(v, 0.99).toFixed(1) } : null;
};
const mb = (x) => Math.round(x / 1048576);
const result = {
  clients: C,
  accounts: A,
  offered: {
    webhooksPerS: Math.round(seq / offeredFor),
    sendsPerS: Math.round(sendSeq / offeredFor),
    seconds: Math.round(offeredFor),
  },
  webhooks: answers.webhook,
  sends: answers.send,
  frames: {
    expected: clients.reduce((m, c) => m + (expectedPerAccount.get(c.acc) ?? 0), 0),
    received: s.length,
    missing: missingNow(),
    duplicates,
    clientsClosedByKit: closedByKit,
  },
  delayMs: { p50: +quantile(s, 0.5)?.toFixed(1), p99: +quantile(s, 0.99)?.toFixed(1), max: +s.at(-1)?.toFixed(1) },
  webhookAckMs: spread(ackMs),
  sendAnswerMs: spread(sendMs),
  kit: stats.map((x) => ({ elu: +x.elu.toFixed(2), rssMB: mb(x.rss), heapMB: mb(x.heapUsed) })),
  peakInFlight,
  generatorElu: +genElu.toFixed(2),
  load: load(),
};
log(JSON.stringify(result));
await stop(kit);
await stop(upstream);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
