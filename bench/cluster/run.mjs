// bench/cluster: webhook and send throughput with 1, 2 and 3 kit instances on one Postgres
// database (issue #15). Each run gets a fresh schema and fresh instances; the load generator
// (autocannon, 48 connections spread evenly over the instances' URLs, as a round-robin balancer
// would) runs in this process. Rounds interleave the instance counts (round r rotates the order),
// so a busy phase of the shared machine lands on every count alike.
//
//   node bench/cluster/run.mjs --quick          # 2 rounds × 5 s per count and path: ~3 min
//   node bench/cluster/run.mjs [--rounds N] [--duration S] [--instances 1,2,3]
//   KIT_BENCH_PG_URL=postgres://… (default postgres://postgres@127.0.0.1:5432/test)
//
// Per cluster, after one body in which 200 customers write (so their windows are open), webhooks
// first: each POST one signed Instagram message (distinct mid, 200 customers
// in rotation). Reported: acks/s (autocannon) and applied/s = acknowledged messages ÷ (run + the
// drain until the shared event log stops growing) — the work behind the acks. Then sends on the
// same cluster: POST /kit/accounts/:id/messages to those 200 customers (their windows are open), `rateLimits.text` raised to 1,000,000/s so
// Meta's 100/s per account does not hide the kit's own cost; a trivial upstream answers at once.
// Reported: accepted/s (2xx answers; the route waits up to 2 s for the outcome) and delivered/s =
// accepted ÷ (run + the drain until every accepted send is final).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { start, stop, freePort, sign, webhookBody, postWebhook, waitQuiet, cannon, median, load, repo, ACCOUNT } from '../proxy/lib.mjs';

const argv = process.argv.slice(2);
const flag = (k, d) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const quick = argv.includes('--quick');
const ROUNDS = Number(flag('--rounds', quick ? 2 : 3));
const DURATION = Number(flag('--duration', quick ? 5 : 10));
const COUNTS = flag('--instances', '1,2,3').split(',').map(Number);
const CONNECTIONS = 48; // divisible by 1, 2 and 3: every instance gets the same share
const PG_URL = process.env.KIT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CUSTOMERS = 200;
const customer = (n) => String(700000 + (n % CUSTOMERS));
const hooks = join(repo, 'packages/proxy/src/test/ts-hooks.ts');
const nodeArgs = ['--conditions=source', '--experimental-transform-types', '--no-warnings', '--import', hooks];
// KIT_BENCH_CPU_PROF=<dir>: every instance writes a V8 CPU profile there when it stops.
if (process.env.KIT_BENCH_CPU_PROF) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${process.env.KIT_BENCH_CPU_PROF}`);

const pg = createRequire(join(repo, 'packages/proxy/package.json'))('pg');
async function sql(text) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

const instances = new Set();
process.on('exit', () => {
  for (const c of instances) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Like lib.mjs's start, with room for compiling the sources on a busy machine. */
async function startInstance(args) {
  const child = spawn(process.execPath, [...nodeArgs, join(repo, 'bench/cluster/instance.mjs'), ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  instances.add(child);
  child.on('exit', () => instances.delete(child));
  child.stderrText = '';
  child.stderr.on('data', (d) => (child.stderrText += d));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`instance did not start: ${child.stderrText}`)), 180_000);
    child.stdout.on('data', (d) => String(d).includes('ready') && (clearTimeout(t), resolve()));
    child.on('exit', (c) => reject(new Error(`instance exited ${c}: ${child.stderrText}`)));
  });
  child.stdout.resume();
  return child;
}

async function cluster(n, up, extra = []) {
  const schema = `kit_bench_${randomBytes(5).toString('hex')}`;
  // The first instance migrates the schema; the others start once it exists (like a rolling start).
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
  const srvs = [];
  for (const port of ports) srvs.push(await startInstance([port, up, PG_URL, schema, ...extra]));
  const bases = ports.map((p) => `http://127.0.0.1:${p}/kit`);
  // A first request per instance: the pool connects and the migrations are done before timing.
  for (const b of bases) await (await fetch(`${b}/ready`)).arrayBuffer();
  return {
    bases,
    async close() {
      await Promise.all(srvs.map((s) => stop(s)));
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

let seq = 0;
/**
 * One cluster of n instances: first the webhooks (which also open the 200 customers' windows),
 * then the sends, each followed by the drain until the shared event log stops growing.
 */
async function clusterRun(n, up) {
  const c = await cluster(n, up, ['--text-limit', '1000000']);
  try {
    // The 200 customers write first (one body of 200 events): their windows are open for the sends.
    const seed = webhookBody({ count: CUSTOMERS, customer, mid: (i) => `seed-${seq}-${i}`, at: Date.now() - 60_000 });
    seq++;
    const seeded = await postWebhook(`${c.bases[0]}/webhook`, seed);
    if (seeded.status !== 200) throw new Error(`seed webhook answered ${seeded.status}`);
    await waitQuiet(c.bases[0], { limitMs: 300_000 });
    let t0 = performance.now();
    const w = await cannon({
      url: c.bases.map((b) => `${b}/webhook`),
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = ++seq;
            const body = webhookBody({ customer: customer(i), mid: `aWdfZAG1cluster${i}` });
            return { ...req, body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) } };
          },
        },
      ],
    });
    let loadMs = performance.now() - t0;
    // Every instance applies what it acknowledged; polled on one, the shared log shows them all.
    const wd = await waitQuiet(c.bases[0], { limitMs: 300_000 });
    const webhook = { acks: w.rps, p99: w.p99, applied: Math.round((w.total / (loadMs + wd.ms)) * 1000), drainMs: wd.ms, total: w.total, non2xx: w.non2xx, errors: w.errors };

    let sent = 0;
    t0 = performance.now();
    const s = await cannon({
      url: c.bases.map((b) => `${b}/accounts/${ACCOUNT}/messages`),
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = ++seq;
            return { ...req, headers: { 'content-type': 'application/json', 'x-kit-request': '1' }, body: JSON.stringify({ to: customer(i), clientId: `bench-${i}`, text: 'Thanks, your order has shipped!' }) };
          },
          onResponse: (status, resBody) => {
            if (resBody.includes('"status":"sent"')) sent++;
          },
        },
      ],
    });
    loadMs = performance.now() - t0;
    // Accepted sends not yet out when the load stopped go out now; each ends with a send_status
    // event, so the log going quiet means every accepted send is final.
    const sd = await waitQuiet(c.bases[0], { limitMs: 300_000 });
    const send = { accepted: s.rps, delivered: Math.round((s.total / (loadMs + sd.ms)) * 1000), sentInRequest: sent, total: s.total, p99: s.p99, drainMs: sd.ms, non2xx: s.non2xx, errors: s.errors };
    return { webhook, send };
  } finally {
    await c.close();
  }
}

const upPort = await freePort();
const up = await start('upstream.mjs', [upPort]);
const started = new Date();
console.log(`# bench/cluster ${quick ? '--quick ' : ''}rounds=${ROUNDS} duration=${DURATION}s instances=${COUNTS.join(',')} load=${load()} ${started.toISOString()}`);
const results = { webhook: Object.fromEntries(COUNTS.map((n) => [n, []])), send: Object.fromEntries(COUNTS.map((n) => [n, []])) };
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of COUNTS.map((_, i) => COUNTS[(i + round) % COUNTS.length])) {
      const { webhook: w, send: s } = await clusterRun(n, upPort);
      results.webhook[n].push(w);
      results.send[n].push(s);
      console.log(JSON.stringify({ round, instances: n, webhook: w, send: s, load: load() }));
    }
  }
} finally {
  await stop(up);
}
const med = (xs, k) => median(xs.map((x) => x[k]));
const base = { webhook: med(results.webhook[COUNTS[0]], 'applied'), send: med(results.send[COUNTS[0]], 'delivered') };
console.log(`\n# ${((Date.now() - started.getTime()) / 60000).toFixed(1)} min, load at the end ${load()}; medians over ${ROUNDS} rounds\n`);
console.log('| Instances | Webhook acks/s | Webhook applied/s | Webhook ack p99 | Sends accepted/s | Sends delivered/s | Send POST p99 | Applied / delivered vs 1 instance |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const n of COUNTS) {
  const w = results.webhook[n];
  const s = results.send[n];
  console.log(
    `| ${n} | ${med(w, 'acks')} | ${med(w, 'applied')} | ${med(w, 'p99')} ms | ${med(s, 'accepted')} | ${med(s, 'delivered')} | ${med(s, 'p99')} ms | ${(med(w, 'applied') / base.webhook).toFixed(2)}× / ${(med(s, 'delivered') / base.send).toFixed(2)}× |`,
  );
}
