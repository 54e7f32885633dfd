// The kit as a host runs it: createKitProxy from @kit/proxy's built entry (packages/proxy/dist),
// mounted in express (the one the proxy package resolves), authorize allowing all, logger at warn.
// backfill and profiles are off: their background Graph reads would hit the trivial upstream in
// the middle of a measurement.
//   node kit.mjs <port> <upstreamPort> [--store memory|sqlite] [--db FILE]
//                [--conversations-limit N] [--text-limit N] [--accounts N]
// --accounts N configures N accounts (ids 17841400000000001, …0002, …) instead of one.
// SIGUSR2 prints one JSON line of stats since the previous SIGUSR2 (event loop utilization,
// RSS and heap), so the soak can tell whether the kit's loop keeps up and its memory stays flat.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const [, , port, upstreamPort, ...rest] = process.argv;
const opt = (k, d) => (rest.includes(k) ? rest[rest.indexOf(k) + 1] : d);
// Resolve from the proxy package itself: '@kit/proxy' by self-reference gives dist/index.js.
const req = createRequire(join(repo, 'packages/proxy/package.json'));
const express = (await import(req.resolve('express'))).default;
const pino = (await import(req.resolve('pino'))).default;
const { createKitProxy, memoryStore, sqliteStore } = await import(req.resolve('@kit/proxy'));

const rateLimits = {};
if (opt('--conversations-limit'))
  rateLimits.conversations = { limit: Number(opt('--conversations-limit')), intervalMs: 1000 };
if (opt('--text-limit')) rateLimits.text = { limit: Number(opt('--text-limit')), intervalMs: 1000 };
const accountCount = Number(opt('--accounts', 1));
const accounts = Array.from({ length: accountCount }, (_, i) => ({
  id: String(17841400000000001n + BigInt(i)),
  flavor: 'instagram',
  token: `IGAAT-bench-token-${i}`,
}));
const kit = createKitProxy({
  accounts,
  appSecret: 'bench-app-secret',
  verifyToken: 'bench-verify',
  authorize: () => true,
  store: opt('--store', 'memory') === 'sqlite' ? sqliteStore({ file: opt('--db') }) : memoryStore(),
  graph: { baseUrl: `http://127.0.0.1:${upstreamPort}` },
  logger: pino({ level: 'warn' }, pino.destination(2)),
  backfill: false,
  profiles: false,
  ...(Object.keys(rateLimits).length ? { rateLimits } : {}),
});
const app = express();
app.use('/kit', kit);
const server = app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
let elu = performance.eventLoopUtilization();
process.on('SIGUSR2', () => {
  const now = performance.eventLoopUtilization();
  const { rss, heapUsed } = process.memoryUsage();
  console.log(
    JSON.stringify({ stats: { elu: performance.eventLoopUtilization(now, elu).utilization, rss, heapUsed } }),
  );
  elu = now;
});
// SIGTERM ends the process normally, so --cpu-prof can write its profile on the way out.
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  kit.close().finally(() => process.exit(0));
});
