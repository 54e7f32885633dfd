// One V8 CPU profile of the kit's webhook ack path under load: the kit server runs with
// --cpu-prof while autocannon POSTs signed one-event webhooks (as in the webhook row), then drains
// and exits; the profile's self time is summed per function, source-mapped through
// packages/proxy/dist/index.js.map to the kit's sources, and the top functions are printed, with
// a breakdown by where the code lives (kit, a dependency, node internals, GC).
//
//   node bench/proxy/profile.mjs [--store memory|sqlite | --bare | --send | --forward] [--duration 10] [--top 10] [--keep]
//
// --bare profiles the bare HMAC route instead: the floor every webhook ack pays (express, HMAC, the
// response write), to read the kit's profile against. --send profiles the send row instead (kit on
// memoryStore, rateLimits.text raised, 1,000 customers seeded before the profiled window). --forward
// profiles the forwarded GET row (kit on memoryStore, rateLimits.conversations raised).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  repo,
  start,
  stop,
  freePort,
  sign,
  webhookBody,
  waitQuiet,
  cannon,
  load,
  APP_SECRET,
  ACCOUNT,
} from './lib.mjs';
import { seedCustomers, sendRequests } from './send.mjs';

const argv = process.argv.slice(2);
const opt = (k, d) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const bare = argv.includes('--bare');
const sendPath = argv.includes('--send');
const forwardPath = argv.includes('--forward');
const store = bare ? 'bare HMAC route' : opt('--store', 'memory');
const duration = Number(opt('--duration', 10));
const top = Number(opt('--top', 10));
const dir = mkdtempSync(join(tmpdir(), 'bench-proxy-prof-'));

const up = await freePort();
const upstream = await start('upstream.mjs', [up]);
const port = await freePort();
const storeArgs = store === 'sqlite' ? ['--store', 'sqlite', '--db', join(dir, 'kit.db')] : ['--store', 'memory'];
// 1 ms sampling (V8's default, said here so it is not changed by accident): ~10,000 samples in 10 s.
const nodeArgs = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '1000'];
const kit = bare
  ? await start('bare-webhook.mjs', [port, APP_SECRET], { nodeArgs })
  : await start(
      'kit.mjs',
      [
        port,
        up,
        ...storeArgs,
        ...(sendPath ? ['--text-limit', 1_000_000] : []),
        ...(forwardPath ? ['--conversations-limit', 1_000_000] : []),
      ],
      { nodeArgs },
    );
const base = `http://127.0.0.1:${port}${bare ? '' : '/kit'}`;
if (sendPath) await seedCustomers(base);
let seq = 0;
const webhookRequests = [
  {
    method: 'POST',
    setupRequest: (req) => {
      const n = ++seq;
      const body = webhookBody({ customer: String(900000 + (n % 1000)), mid: `aWdfZAG1prof${n}` });
      return { ...req, body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) } };
    },
  },
];
// The profile covers the whole process; only the samples between these two instants count, so
// start-up (module compilation) stays out. V8's profile clock and hrtime are both CLOCK_MONOTONIC.
const usNow = () => Number(process.hrtime.bigint() / 1000n);
const from = usNow();
const r = await cannon(
  sendPath
    ? { url: `${base}/accounts/${ACCOUNT}/messages`, duration, requests: sendRequests() }
    : forwardPath
      ? { url: `${base}/graph/${ACCOUNT}/${ACCOUNT}/conversations?platform=instagram`, duration }
      : { url: `${base}/webhook`, duration, requests: webhookRequests },
);
const drain = bare ? { ms: 0, lastEventId: '–' } : await waitQuiet(base);
const to = usNow();
await stop(kit); // SIGTERM → process.exit(0) → V8 writes the profile
await stop(upstream);
console.log(
  `# ${bare ? store : `kit (${store})`} under ${sendPath ? 'send' : forwardPath ? 'forward' : 'webhook'} load: ${r.rps} req/s, p99 ${r.p99} ms, non-2xx ${r.non2xx}; drain ${drain.ms} ms, ${drain.lastEventId} events; load average ${load()}`,
);

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));

// Self time per profile node: each sample inside the window is charged its following time delta.
const self = new Map();
let samples = 0;
for (let i = 0, t = prof.startTime; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i];
  if (t < from || t > to) continue;
  samples++;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i + 1] ?? 0) / 1000);
}

// The kit's packages run from their builds; each dist file's .map leads back to the sources.
const maps = new Map();
function mapFor(path) {
  if (!maps.has(path)) {
    try {
      maps.set(path, new SourceMap(JSON.parse(readFileSync(path + '.map', 'utf8'))));
    } catch {
      maps.set(path, null);
    }
  }
  return maps.get(path);
}
/** Where a frame's code lives, and a readable place: kit sources via the map, else package or node:. */
function place({ url, lineNumber, columnNumber }) {
  if (!url) return { where: 'V8 / native', at: '' };
  if (url.startsWith('node:')) return { where: 'node internals', at: `${url}:${lineNumber + 1}` };
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const kitPkg = /^packages\/([^/]+)\/dist\//.exec(relative(repo, path))?.[1];
  if (kitPkg) {
    const e = mapFor(path)?.findEntry(lineNumber, columnNumber);
    if (!e?.originalSource) return { where: `kit: @kit/${kitPkg}`, at: `${relative(repo, path)}:${lineNumber + 1}` };
    const src = relative(
      repo,
      e.originalSource.startsWith('file:') ? fileURLToPath(e.originalSource) : join(dirname(path), e.originalSource),
    );
    return { where: `kit: @kit/${kitPkg}`, at: `${src}:${e.originalLine + 1}`, name: e.name };
  }
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  return { where: pkg ? `dependency: ${pkg}` : 'other', at: `${pkg ?? relative(repo, path)}:${lineNumber + 1}` };
}

// The nearest caller in the kit or a dependency that is another function says which code asked for
// the time: whose response writev wrote, which store method ran the SQLite statement.
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n);
function caller(node) {
  const own = node.callFrame.functionName;
  for (let n = parent.get(node.id); n; n = parent.get(n.id)) {
    const p = place(n.callFrame);
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn !== own && (p.where.startsWith('kit') || p.where.startsWith('dependency'))) return `${fn} ${p.at}`;
  }
  return '';
}

const byFn = new Map();
const byWhere = new Map();
let total = 0;
let idle = 0;
for (const node of prof.nodes) {
  const ms = self.get(node.id) ?? 0;
  if (!ms) continue;
  const fn = node.callFrame.functionName || '(anonymous)';
  if (fn === '(idle)') {
    idle += ms;
    continue;
  }
  total += ms;
  const p = place(node.callFrame);
  const where = ['(garbage collector)', '(program)'].includes(fn) ? fn : p.where;
  const key = `${fn}|${p.at}`;
  const cur = byFn.get(key) ?? {
    fn: p.name && p.name !== fn ? `${fn} (${p.name})` : fn,
    at: p.at,
    where,
    ms: 0,
    callers: new Map(),
  };
  cur.ms += ms;
  const c = caller(node);
  if (c) cur.callers.set(c, (cur.callers.get(c) ?? 0) + ms);
  byFn.set(key, cur);
  byWhere.set(where, (byWhere.get(where) ?? 0) + ms);
}
const pct = (ms) => `${((ms / total) * 100).toFixed(1)} %`;
console.log(
  `# profile: ${(total / 1000).toFixed(1)} s busy, ${(idle / 1000).toFixed(1)} s idle, ${samples} samples from the load's start to the end of the drain\n`,
);
console.log(`| # | Self time | Function | Where | Mostly called from |\n| ---: | ---: | --- | --- | --- |`);
const mainCaller = (f) => {
  const [c, ms] = [...f.callers.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return c ? `${c} (${((ms / f.ms) * 100).toFixed(0)} %)` : '';
};
[...byFn.values()]
  .sort((a, b) => b.ms - a.ms)
  .slice(0, top)
  .forEach((f, i) =>
    console.log(
      `| ${i + 1} | ${f.ms.toFixed(0)} ms (${pct(f.ms)}) | \`${f.fn}\` | ${f.at || f.where} | ${mainCaller(f)} |`,
    ),
  );
console.log(`\n| Code | Self time |\n| --- | ---: |`);
[...byWhere.entries()]
  .sort((a, b) => b[1] - a[1])
  .forEach(([w, ms]) => console.log(`| ${w} | ${ms.toFixed(0)} ms (${pct(ms)}) |`));
if (argv.includes('--keep'))
  console.log(`\n# profile kept: ${join(dir, file)} (open in Chrome DevTools → Performance)`);
else rmSync(dir, { recursive: true, force: true });
