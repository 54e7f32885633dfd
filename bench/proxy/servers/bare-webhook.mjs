// Bare peer for the webhook and SSE rows: an express route that checks HMAC-SHA256 over the raw
// body (constant time) and answers 200. With clients on GET /events it also parses the body and
// writes one frame per messaging item to each of them (serialised once): the least a broadcaster
// must do, the yardstick for the kit's pipeline and fan-out.
//   node bare-webhook.mjs <port> <appSecret>
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
// The same express the kit runs on, so the framework is not part of the difference.
const express = (await import(createRequire(join(repo, 'packages/proxy/package.json')).resolve('express'))).default;
const [, , port, secret] = process.argv;
const app = express();
const clients = new Set();
let id = 0;
app.get('/events', (req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write('retry: 2000\n\n');
  clients.add(res);
  res.on('close', () => clients.delete(res));
});
app.post('/webhook', express.raw({ type: () => true, limit: 2_000_000 }), (req, res) => {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(req.get('x-hub-signature-256') ?? '');
  const expected = createHmac('sha256', secret).update(req.body).digest();
  if (!m || !timingSafeEqual(expected, Buffer.from(m[1], 'hex'))) return res.status(403).end();
  res.status(200).type('text/plain').send('EVENT_RECEIVED');
  if (clients.size === 0) return;
  const body = JSON.parse(req.body.toString('utf8'));
  for (const entry of body.entry ?? []) {
    for (const item of entry.messaging ?? []) {
      const frame = `id: ${++id}\ndata: ${JSON.stringify({ type: 'message', id: String(id), item })}\n\n`;
      for (const c of clients) c.write(frame);
    }
  }
});
const server = app.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
