// The kit as a host runs it: createKitProxy from @kit/proxy's built entry (packages/proxy/dist),
// mounted in express (the one the proxy package resolves), authorize allowing all, logger at warn.
// backfill and profiles are off: their background Graph reads would hit the trivial upstream in
// the middle of a measurement.
//   node kit.mjs <port> <upstreamPort> [--store memory|sqlite] [--db FILE]
//                [--conversations-limit N] [--text-limit N]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const kit = createKitProxy({
  accounts: [{ id: '17841400000000001', flavor: 'instagram', token: 'IGAAT-bench-token' }],
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
// SIGTERM ends the process normally, so --cpu-prof can write its profile on the way out.
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  kit.close().finally(() => process.exit(0));
});
