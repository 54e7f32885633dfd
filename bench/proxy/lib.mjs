// Shared by every section of bench/proxy: child servers (started and ended by pid), the signed
// webhook body, one autocannon run, an SSE client, and the statistics (medians, per-round ratios).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import http from 'node:http';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..');
export const APP_SECRET = 'bench-app-secret';
export const ACCOUNT = '17841400000000001';

export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

// Every server is its own process, so a contender never shares an event loop with the load
// generator or with another contender.
const children = new Set();
export async function start(script, args, { nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, join(here, 'servers', script), ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.stderrText = '';
  child.stderr.on('data', (d) => (child.stderrText += d));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${script} did not start: ${child.stderrText}`)), 20000);
    child.stdout.on('data', (d) => String(d).includes('ready') && (clearTimeout(t), resolve()));
    child.on('exit', (c) => reject(new Error(`${script} exited ${c}: ${child.stderrText}`)));
  });
  child.stdout.resume();
  return child;
}
export async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  const t = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
  await gone;
  clearTimeout(t);
  children.delete(child);
  // The kit logs at warn: anything it said during the run is worth seeing next to the figures.
  if (child.stderrText.trim())
    console.log(`# stderr of ${child.spawnargs.slice(-6).join(' ')}:\n${child.stderrText.trim().slice(0, 2000)}`);
}
process.on('exit', () => {
  for (const c of children)
    if (c.exitCode === null)
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
});

export const sign = (body) => 'sha256=' + createHmac('sha256', APP_SECRET).update(body).digest('hex');

/** A Meta-style Instagram webhook body with `count` inbound text messages. */
export function webhookBody({ customer, mid, count = 1, at = Date.now(), text = 'Hello from a customer 👋' }) {
  const messaging = [];
  for (let i = 0; i < count; i++) {
    const c = typeof customer === 'function' ? customer(i) : customer;
    messaging.push({
      sender: { id: c },
      recipient: { id: ACCOUNT },
      timestamp: at + i,
      message: { mid: typeof mid === 'function' ? mid(i) : mid, text },
    });
  }
  return JSON.stringify({ object: 'instagram', entry: [{ id: ACCOUNT, time: at, messaging }] });
}
export const postWebhook = (url, body) =>
  fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
  });

/** Polls the kit's event log until it stops growing: the work the kit does after its 200s. */
export async function waitQuiet(kitBase, { limitMs = 120_000 } = {}) {
  const t = performance.now();
  let last = -1;
  let stable = 0;
  while (stable < 3 && performance.now() - t < limitMs) {
    const j = await (await fetch(`${kitBase}/events`, { headers: { accept: 'application/json' } })).json();
    stable = Number(j.lastEventId) === last ? stable + 1 : 0;
    last = Number(j.lastEventId);
    await sleep(200);
  }
  return { ms: Math.round(performance.now() - t - 600), lastEventId: last }; // minus the 3 confirming polls
}

/** One autocannon run (50 connections unless told); rps is the mean of its per-second samples. */
export function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 50, duration: 10, timeout: 10, ...opts }, (err, r) => {
      if (err) return reject(err);
      resolve({
        rps: Math.round(r.requests.average),
        total: r.requests.total,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      });
    });
  });
}

/** Minimal SSE client over node:http: onFrame(data, receivedAtMs) for each `data:` line. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
export function sse(url, onFrame) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE ${res.statusCode}`));
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (chunk) => {
        const at = performance.now();
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ')) onFrame(line.slice(6), at);
        }
      });
      resolve({ close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}
/** The message id a frame is about, in the kit's KitEvent or the bare broadcaster's shape. */
export const frameMid = (data) => {
  const e = JSON.parse(data);
  return e.message?.id ?? e.item?.message?.mid;
};

/**
 * Interleaving: round r runs every contender once, in the order rotated by r, so a slow phase of
 * the shared machine lands on every contender alike and ratios are taken within a round.
 */
export async function rounds(n, names, runOne, log) {
  const res = Object.fromEntries(names.map((k) => [k, []]));
  for (let round = 0; round < n; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const r = await runOne(name);
      r.load = load();
      res[name].push(r);
      log(JSON.stringify({ round, name, ...r }));
    }
  }
  return res;
}

export const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** One summary row: medians of each side and the per-round ratio kit/peer (median, min–max). */
export function row(path, metric, kitName, kitVals, peerName, peerVals, unit) {
  const ratios = kitVals.map((x, i) => x / peerVals[i]).filter(Number.isFinite);
  return {
    path,
    metric,
    kitName,
    kit: median(kitVals),
    peerName,
    peer: median(peerVals),
    unit,
    ratio: median(ratios),
    lo: Math.min(...ratios),
    hi: Math.max(...ratios),
    n: ratios.length,
  };
}
const fmt = (x) => (!Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
export function table(rows) {
  const lines = [
    '| Path | Metric | Kit | Kit median | Peer | Peer median | Kit/peer median (min–max), n |',
    '| --- | --- | --- | ---: | --- | ---: | --- |',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.path} | ${r.metric} | ${r.kitName} | ${fmt(r.kit)} ${r.unit} | ${r.peerName || '–'} | ${Number.isFinite(r.peer) ? `${fmt(r.peer)} ${r.unit}` : '–'} | ${Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}× (${r.lo.toFixed(2)}–${r.hi.toFixed(2)}), ${r.n}` : '–'} |`,
    );
  return lines.join('\n');
}
