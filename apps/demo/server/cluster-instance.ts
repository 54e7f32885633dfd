/**
 * One kit instance of `pnpm demo:cluster` (cluster.ts starts three): the proxy mounted at /kit on
 * its own port, on the shared Postgres schema, calling the front's sandbox. Everything comes from
 * the environment cluster.ts sets. Prints `ready <port>`; SIGTERM drains (GET /kit/ready → 503, so
 * the front stops routing here), then closes: in-flight sends finish, SSE clients get their retry
 * hint and reconnect to another instance.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { allowAll, createKitProxy, postgresStore } from '@kit/proxy';
import { SANDBOX_ACCOUNT } from './sandbox';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`cluster-instance: ${name} is not set (cluster.ts sets it).`);
  return v;
};

const sandboxUrl = env('KIT_SANDBOX_URL');
const store = postgresStore({ connectionString: env('KIT_PG_URL'), schema: env('KIT_PG_SCHEMA'), max: 5 });
const kit = createKitProxy({
  accounts: [SANDBOX_ACCOUNT],
  appSecret: env('KIT_APP_SECRET'),
  verifyToken: env('KIT_VERIFY_TOKEN'),
  graph: { baseUrl: { page: `${sandboxUrl}/facebook`, instagram: `${sandboxUrl}/instagram` } },
  authorize: allowAll, // a local sandbox with fake tokens: nothing to protect
  store,
  publicUrl: env('KIT_PUBLIC_URL'),
  backfill: { enabled: true },
  // As in the one-process demo: a little under the sandbox's exact 2 calls/s for the Conversations API.
  rateLimits: { conversations: { limit: 1, intervalMs: 600 } },
  // Uploaded media is served by the instance that stored it; the demo's media goes to the page
  // flavor's Attachment Upload API instead, so no shared `uploads.dir` is needed here.
});

const app = express();
app.disable('x-powered-by');
app.use('/kit', kit);
const server = app.listen(Number(process.env.KIT_INSTANCE_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  kit.drain();
  // Give the front's health check (every second) time to see the 503 before streams close.
  setTimeout(() => {
    server.close();
    void kit
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
    server.closeAllConnections();
  }, 1500).unref();
});
