// One kit instance for bench/cluster: createKitProxy from @kit/proxy's sources (run with the
// ts-hooks flags run.mjs passes, so no build is needed), postgresStore on the schema every
// instance of the run shares, mounted at /kit in the Express the proxy package resolves.
// backfill and profiles are off (their background reads would hit the trivial upstream).
//   node <ts flags> instance.mjs <port> <upstreamPort> <pgUrl> <schema> [--text-limit N]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const [, , port, upstreamPort, pgUrl, schema, ...rest] = process.argv;
const opt = (k, d) => (rest.includes(k) ? rest[rest.indexOf(k) + 1] : d);
const req = createRequire(join(repo, 'packages/proxy/package.json'));
const express = (await import(req.resolve('express'))).default;
const pino = (await import(req.resolve('pino'))).default;
const { createKitProxy, postgresStore } = await import(pathToFileURL(join(repo, 'packages/proxy/src/index.ts')).href);

// Tagged, so pg_stat_activity tells the bench's sessions from other users of the database.
const url = new URL(pgUrl);
url.searchParams.set('application_name', 'kit-bench');
// KIT_BENCH_COUNT_QUERIES=1: count the statements sent to Postgres, printed on stderr at exit.
if (process.env.KIT_BENCH_COUNT_QUERIES) {
  const Client = req('pg').Client;
  const counts = new Map();
  const orig = Client.prototype.query;
  Client.prototype.query = function (text, ...rest) {
    const t = typeof text === 'string' ? text : text?.text ?? '?';
    const k = t.replace(/\s+/g, ' ').replace(/"kit_bench_\w+"\./g, '').slice(0, 70);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    return orig.call(this, text, ...rest);
  };
  process.on('exit', () => console.error([...counts].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v}\t${k}`).join('\n')));
}
const store = postgresStore({ connectionString: url.href, schema });
const kit = createKitProxy({
  accounts: [{ id: '17841400000000001', flavor: 'instagram', token: 'IGAAT-bench-token' }],
  appSecret: 'bench-app-secret',
  verifyToken: 'bench-verify',
  authorize: () => true,
  store,
  graph: { baseUrl: `http://127.0.0.1:${upstreamPort}` },
  logger: pino({ level: 'warn' }, pino.destination(2)),
  backfill: false,
  profiles: false,
  ...(opt('--text-limit') ? { rateLimits: { text: { limit: Number(opt('--text-limit')), intervalMs: 1000 } } } : {}),
});
const app = express();
app.use('/kit', kit);
const server = app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  kit.drain();
  server.closeAllConnections();
  server.close();
  kit
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
