// @vitest-environment node
// (the client is framework-free; Node's own fetch/FormData/Blob are what a server-side caller
// uses, and jsdom's FormData is not one Node's fetch can serialize)
/**
 * The client against a real HTTP server on 127.0.0.1 that records what it received and answers
 * like the proxy does, so paths, query strings, headers and bodies are checked on the wire.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKitClient, KitClientError } from './client';
import { opsRoutes } from './ops/opsRoutes';
import { savedReplyRoutes } from './saved-replies/savedReplies';
import { createKitStore } from './store';
import { ACCOUNT, CID, CONVERSATIONS, thread } from './test/fixtures';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let reply: (req: Seen) => { status: number; body: unknown } = () => ({ status: 200, body: {} });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('latin1') };
      seen.push(s);
      const { status, body } = reply(s);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kit/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  reply = () => ({ status: 200, body: {} });
});

describe('createKitClient', () => {
  it('explains a missing baseUrl', () => {
    expect(() => createKitClient({} as never)).toThrow(/baseUrl is required/);
  });

  it('lists accounts and conversations with GET and no CSRF header', async () => {
    const client = createKitClient({ baseUrl });
    reply = (r) => (r.url === '/kit/accounts' ? { status: 200, body: { accounts: [{ id: ACCOUNT }] } } : { status: 200, body: { conversations: CONVERSATIONS } });
    expect(await client.listAccounts()).toEqual([{ id: ACCOUNT }]);
    const page = await client.listConversations(ACCOUNT, { limit: 20 });
    expect(page.conversations).toHaveLength(CONVERSATIONS.length);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /kit/accounts', `GET /kit/accounts/${ACCOUNT}/conversations?limit=20`]);
    expect(seen[0]!.headers['x-kit-request']).toBeUndefined();
  });

  it('pages messages with an encoded conversation id and before cursor', async () => {
    const client = createKitClient({ baseUrl });
    const messages = thread(3);
    reply = () => ({ status: 200, body: { messages, nextBefore: 'cur 2' } });
    const page = await client.listMessages(ACCOUNT, CID, { before: 'cur 1', limit: 50 });
    expect(page).toEqual({ messages, nextBefore: 'cur 2' });
    expect(seen[0]!.url).toBe(`/kit/accounts/${ACCOUNT}/conversations/${encodeURIComponent(CID)}/messages?before=cur+1&limit=50`);
  });

  it('sends JSON with the X-Kit-Request header on state-changing requests', async () => {
    const client = createKitClient({ baseUrl });
    reply = () => ({ status: 202, body: { clientId: 'c1', status: 'queued' } });
    const rec = await client.sendMessage(ACCOUNT, { to: '600', clientId: 'c1', text: 'ciao' });
    expect(rec).toEqual({ clientId: 'c1', status: 'queued' });
    await client.react(ACCOUNT, { to: '600', messageId: 'mid.1', reaction: 'love', action: 'react' });
    await client.markRead!(ACCOUNT, CID);
    await client.setTyping!(ACCOUNT, CID, true);
    expect(seen.map((s) => [s.method, s.url, s.headers['x-kit-request'], s.headers['content-type']])).toEqual([
      ['POST', `/kit/accounts/${ACCOUNT}/messages`, '1', 'application/json'],
      ['POST', `/kit/accounts/${ACCOUNT}/reactions`, '1', 'application/json'],
      ['POST', `/kit/accounts/${ACCOUNT}/conversations/${encodeURIComponent(CID)}/seen`, '1', 'application/json'],
      ['POST', `/kit/accounts/${ACCOUNT}/conversations/${encodeURIComponent(CID)}/typing`, '1', 'application/json'],
    ]);
    expect(JSON.parse(seen[3]!.body)).toEqual({ on: true });
    expect(JSON.parse(seen[0]!.body)).toEqual({ to: '600', clientId: 'c1', text: 'ciao' });
  });

  it('calls the operator routes <KitOps> uses with their paths, bodies and the CSRF header on POSTs', async () => {
    const ops = opsRoutes(createKitClient({ baseUrl }));
    reply = (r) =>
      r.url.includes('/outbox')
        ? { status: 200, body: { sends: [], oldestQueuedAt: null } }
        : r.url.startsWith('/kit/admin')
          ? { status: 200, body: { deadLetters: [], nextBefore: null } }
          : r.url.endsWith('/pause')
            ? { status: 200, body: { accountId: ACCOUNT, paused: { message: 'Meta is down', since: 5 } } }
            : { status: 200, body: { accountId: ACCOUNT, paused: null } };
    expect(await ops.listOutbox(ACCOUNT, { limit: 50 })).toEqual({ sends: [], oldestQueuedAt: null });
    await ops.resolveSend(ACCOUNT, 'c/1', 'resend');
    expect(await ops.pauseAccount(ACCOUNT, 'Meta is down')).toEqual({ accountId: ACCOUNT, paused: { message: 'Meta is down', since: 5 } });
    expect(await ops.resumeAccount(ACCOUNT)).toEqual({ accountId: ACCOUNT, paused: null });
    expect(await ops.listDeadLetters({ limit: 20 })).toEqual({ deadLetters: [], nextBefore: null });
    expect(seen.map((s) => [s.method, s.url, s.headers['x-kit-request'] ?? null, s.body ? JSON.parse(s.body) : null])).toEqual([
      ['GET', `/kit/accounts/${ACCOUNT}/outbox?limit=50`, null, null],
      ['POST', `/kit/accounts/${ACCOUNT}/sends/c%2F1/resolve`, '1', { outcome: 'resend' }],
      ['POST', `/kit/accounts/${ACCOUNT}/pause`, '1', { message: 'Meta is down' }],
      ['POST', `/kit/accounts/${ACCOUNT}/resume`, '1', {}],
      ['GET', '/kit/admin/dead-letters?limit=20', null, null],
    ]);
  });

  it("turns the operator routes' error envelopes into KitClientError, and prefers a client's own methods", async () => {
    reply = () => ({ status: 403, body: { error: { code: 'forbidden', message: 'Not for every account', category: 'permission', retryable: false } } });
    const err = await opsRoutes(createKitClient({ baseUrl })).listDeadLetters().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitClientError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
    const own = { ...createKitClient({ baseUrl }), listOutbox: () => Promise.resolve({ sends: [], oldestQueuedAt: 1 }) };
    expect(await opsRoutes(own).listOutbox(ACCOUNT)).toEqual({ sends: [], oldestQueuedAt: 1 });
    await expect(opsRoutes(own).resumeAccount(ACCOUNT)).rejects.toMatchObject({ code: 'not_implemented' });
  });

  it('calls the saved-reply routes with their paths, bodies and the CSRF header, and answers their envelopes', async () => {
    const saved = { id: 'r/1', accountId: ACCOUNT, shortcut: 'thanks', text: 'Thanks {first_name}', createdAt: 1, updatedAt: 2 };
    const routes = savedReplyRoutes(createKitClient({ baseUrl }));
    reply = (r) =>
      r.method === 'GET'
        ? { status: 200, body: { savedReplies: [saved] } }
        : r.method === 'DELETE'
          ? { status: 204, body: '' }
          : r.method === 'POST' && r.body.includes('taken')
            ? { status: 409, body: { error: { code: 'duplicate_shortcut', message: 'The shortcut "taken" is taken', category: 'invalid_request', retryable: false } } }
            : { status: r.method === 'POST' ? 201 : 200, body: { savedReply: saved } };
    expect(await routes.listSavedReplies(ACCOUNT)).toEqual([saved]);
    expect(await routes.createSavedReply(ACCOUNT, { shortcut: 'thanks', text: 'Thanks {first_name}' })).toEqual(saved);
    expect(await routes.updateSavedReply(ACCOUNT, 'r/1', { text: 'Thanks {first_name}' })).toEqual(saved);
    await routes.deleteSavedReply(ACCOUNT, 'r/1');
    const refused = await routes.createSavedReply(ACCOUNT, { shortcut: 'taken', text: 'x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KitClientError);
    expect(refused).toMatchObject({ status: 409, code: 'duplicate_shortcut' });
    expect(seen.map((s) => [s.method, s.url, s.headers['x-kit-request'] ?? null, s.body ? JSON.parse(s.body) : null])).toEqual([
      ['GET', `/kit/accounts/${ACCOUNT}/saved-replies`, null, null],
      ['POST', `/kit/accounts/${ACCOUNT}/saved-replies`, '1', { shortcut: 'thanks', text: 'Thanks {first_name}' }],
      ['PATCH', `/kit/accounts/${ACCOUNT}/saved-replies/r%2F1`, '1', { text: 'Thanks {first_name}' }],
      ['DELETE', `/kit/accounts/${ACCOUNT}/saved-replies/r%2F1`, '1', null],
      ['POST', `/kit/accounts/${ACCOUNT}/saved-replies`, '1', { shortcut: 'taken', text: 'x' }],
    ]);
  });

  it('uploads a multipart "file" field', async () => {
    const client = createKitClient({ baseUrl });
    reply = () => ({ status: 200, body: { attachmentId: 'att1' } });
    const res = await client.uploadAttachment(ACCOUNT, new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46])], { type: 'application/pdf' }), { name: 'a.pdf' });
    expect(res.attachmentId).toBe('att1');
    expect(seen[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.headers['x-kit-request']).toBe('1');
    expect(seen[0]!.body).toContain('name="file"; filename="a.pdf"');
    expect(seen[0]!.body).toContain('%PDF');
  });

  it('turns the proxy error body into a KitClientError with code, retryable and graph', async () => {
    const client = createKitClient({ baseUrl });
    reply = () => ({ status: 403, body: { error: { code: 'window_closed', message: 'Outside the 24 h window', retryable: false, graph: { code: 10, subcode: 2534022 } } } });
    const err = await client.sendMessage(ACCOUNT, { to: '600', clientId: 'c9', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitClientError);
    expect(err).toMatchObject({ code: 'window_closed', status: 403, retryable: false, graph: { code: 10, subcode: 2534022 }, message: 'Outside the 24 h window' });
  });

  // The proxy's error envelope carries the category (core's classifyGraphError or the local
  // refusal); the browser takes it as it is and never infers one from the code.
  it('takes the category from the error envelope, never from the code', async () => {
    const client = createKitClient({ baseUrl });
    const failure = () => client.sendMessage(ACCOUNT, { to: '600', clientId: 'c9', text: 'x' }).catch((e: unknown) => e as KitClientError);
    reply = () => ({ status: 403, body: { error: { code: 'window_closed', message: 'Refused', retryable: false, category: 'policy' } } });
    expect(await failure()).toMatchObject({ code: 'window_closed', category: 'policy' });
    reply = () => ({ status: 400, body: { error: { code: 'graph_10_2534022', message: 'Outside the window', retryable: false, category: 'window' } } });
    expect(await failure()).toMatchObject({ code: 'graph_10_2534022', category: 'window' });
    // Something that is not the proxy (no category): unknown, however telling the code looks.
    reply = () => ({ status: 403, body: { error: { code: 'window_closed', message: 'Refused', retryable: false } } });
    expect(await failure()).toMatchObject({ code: 'window_closed', category: 'unknown' });
  });

  it("puts the envelope's category on a failed send in the store", async () => {
    const store = createKitStore({ client: createKitClient({ baseUrl }), accountId: ACCOUNT, newClientId: () => 'c10' });
    reply = () => ({ status: 403, body: { error: { code: 'window_closed', message: 'Refused', retryable: false, category: 'policy' } } });
    await store.getState().send(CID, { text: 'hello' });
    expect(store.getState().threads[CID]!.byId.get('local:c10')!).toMatchObject({ status: 'failed', statusReason: { code: 'window_closed', category: 'policy' } });
  });

  it('reports an unreachable proxy as a retryable network error that names the URL', async () => {
    const client = createKitClient({ baseUrl: 'http://127.0.0.1:1/kit' });
    const err = await client.listAccounts().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'network', status: 0, retryable: true });
    expect((err as Error).message).toContain('http://127.0.0.1:1/kit');
  });

  it('long-polls events after an id', async () => {
    const client = createKitClient({ baseUrl });
    reply = () => ({ status: 200, body: { events: [{ id: '8', type: 'unsupported', accountId: ACCOUNT, at: 1, kind: 'x' }], lastEventId: '8' } });
    const res = await client.pollEvents('7');
    expect(seen[0]!.url).toBe('/kit/events?after=7');
    expect(res.lastEventId).toBe('8');
    expect(client.eventsUrl({ lastEventId: '8' })).toBe(`${baseUrl}events?lastEventId=8`);
  });
});
