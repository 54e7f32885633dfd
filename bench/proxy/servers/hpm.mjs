// Bare peer for the send and forward rows: express + http-proxy-middleware 4.2.1 forwarding
// /graph/* (GET and POST) to the upstream with a bearer token, nothing else.
//   node hpm.mjs <port> <upstreamPort>
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProxyMiddleware } from 'http-proxy-middleware';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const express = (await import(createRequire(join(repo, 'packages/proxy/package.json')).resolve('express'))).default;
const app = express();
const target = 'http://127.0.0.1:' + process.argv[3];
app.use(
  '/graph',
  createProxyMiddleware({
    target,
    changeOrigin: true,
    on: { proxyReq: (p) => p.setHeader('authorization', 'Bearer SECRET') },
  }),
);
const server = app.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
