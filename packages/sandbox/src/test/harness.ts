/**
 * Test helpers (used by *.test.ts only; not shipped): a tiny real webhook receiver and a sandbox started on
 * 127.0.0.1 with fast webhook retries.
 */

import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphSandbox, ListeningSandbox } from '../api';
import { createGraphSandbox } from '../sandbox';
import type { GraphSandboxOptions } from '../types';

/** Graph JSON as tests read it (shape asserted by each test). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ReceivedWebhook {
  raw: Buffer;
  body: { object: string; entry: { id: string; time: number; messaging?: Record<string, unknown>[]; changes?: unknown[] }[] };
  signature: string | undefined;
  headers: IncomingMessage['headers'];
}

export interface Receiver {
  url: string;
  posts: ReceivedWebhook[];
  verifications: URLSearchParams[];
  /** Status to answer POSTs with (default 200); a function can vary it per call. */
  respond: number | ((count: number) => number);
  /** Every messaging item received, in arrival order. */
  messaging(): Record<string, unknown>[];
  /** Wait until at least `count` messaging items arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const VERIFY_TOKEN = 'verify-me';
export const APP_SECRET = 'sandbox-app-secret';

export async function startReceiver(): Promise<Receiver> {
  const posts: ReceivedWebhook[] = [];
  const verifications: URLSearchParams[] = [];
  let postCount = 0;
  const receiver: Receiver = {
    url: '',
    posts,
    verifications,
    respond: 200,
    messaging: () => posts.flatMap((p) => p.body.entry.flatMap((e) => e.messaging ?? [])),
    async waitFor(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (receiver.messaging().length < count) {
        if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for ${count} webhook events, got ${receiver.messaging().length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return receiver.messaging();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      verifications.push(url.searchParams);
      if (url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === VERIFY_TOKEN) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(url.searchParams.get('hub.challenge'));
      } else res.writeHead(403).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const status = typeof receiver.respond === 'function' ? receiver.respond(++postCount) : receiver.respond;
      if (status === 200) {
        posts.push({ raw, body: JSON.parse(raw.toString('utf8')), signature: req.headers['x-hub-signature-256'] as string | undefined, headers: req.headers });
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return receiver;
}

export const PAGE = { id: '1100000000000001', flavor: 'page' as const, token: 'EAAsandbox-page-token-1', igUserId: '17841400000000001', username: 'acme_shop', name: 'ACME Shop' };
export const IG = { id: '17841400000000002', flavor: 'instagram' as const, token: 'IGAAsandbox-ig-token-2', username: 'acme_studio', name: 'ACME Studio' };

export interface Harness {
  sandbox: GraphSandbox;
  server: ListeningSandbox;
  receiver: Receiver;
  /** Graph call with a token in the Authorization header (JSON body). */
  graph(method: string, path: string, options?: { token?: string | null; body?: unknown; query?: Record<string, string>; headers?: Record<string, string> }): Promise<{ status: number; body: Json; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHarness(extra: Partial<GraphSandboxOptions> = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const sandbox = createGraphSandbox({
    accounts: [PAGE, IG],
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    webhookUrl: receiver.url,
    webhooks: { retryBaseMs: 10, retryMaxMs: 50, maxAttempts: 4, timeoutMs: 1000 },
    ...extra,
  });
  const server = await sandbox.listen(0);
  return {
    sandbox,
    server,
    receiver,
    async graph(method, path, options = {}) {
      const u = new URL(server.url + path);
      for (const [k, v] of Object.entries(options.query ?? {})) u.searchParams.set(k, v);
      const token = options.token === undefined ? PAGE.token : options.token;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (token) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      const res = await fetch(u, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async close() {
      sandbox.close();
      await server.close();
      await receiver.close();
    },
  };
}

/** A raw HTTP request (fetch cannot set Host); resolves with status and parsed JSON. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; body: Json; headers: IncomingMessage['headers'] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
