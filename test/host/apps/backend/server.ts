// A host's backend, as the README's "Use it in your app" describes it: the host's own Express (4 or
// 5, whichever this app installed), the kit's proxy mounted at /kit, and the Graph sandbox beside it
// (standalone, on its own port) instead of Meta. Plus two test-only routes: what the business sent,
// and "the customer writes". Run with Node's TypeScript support: `node server.ts`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { allowAll, createKitProxy, memoryStore } from '@kit/proxy';
import type { KitProxyOptions } from '@kit/proxy';
import { createGraphSandbox } from '@kit/sandbox';

// A Page-linked Instagram account: the Page id the proxy serves, and the Instagram user id that
// Meta's webhooks name as the business.
const ACCOUNT = { id: '1100000000000001', flavor: 'page', igUserId: '17841400000000001', token: 'EAA-host-test-page-token' } as const;
const appSecret = 'host-test-app-secret';
const verifyToken = 'host-test-verify-token';

const sandbox = createGraphSandbox({
  accounts: [{ ...ACCOUNT, pageId: ACCOUNT.id, name: 'Host Shop', username: 'host.shop' }],
  appSecret,
  verifyToken,
});
const graph = await sandbox.listen(0);

const app = express();
const server = createServer(app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const options: KitProxyOptions = {
  accounts: [ACCOUNT],
  appSecret,
  verifyToken,
  graph: { baseUrl: { page: `${graph.url}/facebook`, instagram: `${graph.url}/instagram` } },
  authorize: allowAll,
  store: memoryStore(),
  publicUrl: `${url}/kit`,
  logger: false,
};
app.use('/kit', createKitProxy(options));

const customer = sandbox.customer.create({ accountId: ACCOUNT.id, name: 'Host Tester', username: 'host.tester' });
app.get('/test/account', (_req, res) => {
  res.json({ accountId: ACCOUNT.id });
});
app.get('/test/sent', (_req, res) => {
  res.json(sandbox.inspect.sent());
});
app.post('/test/customer', express.json(), (req, res) => {
  sandbox.customer.text(customer.id, String((req.body as { text: string }).text));
  res.json({ ok: true });
});
if (process.env.ELEMENT_DIR) app.use('/element', express.static(process.env.ELEMENT_DIR));
if (process.env.WEB_DIR) app.use(express.static(process.env.WEB_DIR));

sandbox.webhooks.setUrl(`${url}/kit/webhook`);
sandbox.customer.text(customer.id, 'Hello from the host test');
console.log(`listening ${url}`);
