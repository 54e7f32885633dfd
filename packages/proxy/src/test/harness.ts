/**
 * Test harness: a real @kit/sandbox on a 127.0.0.1 port, a host Express app with the kit mounted
 * at /kit on another port, the sandbox delivering signed webhooks to the kit over HTTP. Every kit
 * response, SSE frame and log line passes through a Recorder so a test can prove that no token,
 * proof or app secret ever left the server.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import pino from 'pino';
import { createGraphSandbox, type GraphSandbox, type GraphSandboxOptions, type ListeningSandbox } from '@kit/sandbox';
import { allowAll } from '../http/authorize';
import { appsecretProof } from '../graph/client';
import { createKitProxy, type KitProxy, type KitProxyOptions } from '../proxy';
import { memoryStore } from '../store/memory';

export { createGraphSandbox, metaJson, signBody } from '@kit/sandbox';

export const APP_SECRET = 'sandbox-app-secret-3f9c2e1d';
export const VERIFY_TOKEN = 'kit-verify-token-7781';
export const IG_ACCOUNT = { id: '17841400000000001', token: 'IGAAT-ig-user-token-5f1e0c9a7b3d' };
export const PAGE_ACCOUNT = { id: '100000000000042', igUserId: '17841400000000042', token: 'EAAB-page-token-9a8b7c6d5e4f' };

/** Every string that must never appear in anything a client or log sees. */
export const SECRETS = [
  IG_ACCOUNT.token,
  PAGE_ACCOUNT.token,
  APP_SECRET,
  appsecretProof(IG_ACCOUNT.token, APP_SECRET),
  appsecretProof(PAGE_ACCOUNT.token, APP_SECRET),
];

export class Recorder {
  readonly responses: string[] = [];
  readonly frames: string[] = [];
  readonly logLines: string[] = [];

  /** Every recorded item that contains a secret (should be empty). */
  leaks(secrets: readonly string[] = SECRETS): string[] {
    return [...this.responses, ...this.frames, ...this.logLines].filter((s) => secrets.some((t) => s.includes(t)));
  }

  get size(): number {
    return this.responses.length + this.frames.length + this.logLines.length;
  }
}

export interface Harness {
  sandbox: GraphSandbox;
  customer: GraphSandbox['customer'];
  sandboxServer: ListeningSandbox;
  kit: KitProxy;
  app: Express;
  /** http://127.0.0.1:port/kit */
  kitUrl: string;
  recorder: Recorder;
  /** fetch against the kit; records the body text; `json` parsed when possible. */
  call(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; json: unknown }>;
  /** Wait until the sandbox delivered everything and the kit processed it. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  proxy?: Partial<KitProxyOptions>;
  sandbox?: Partial<GraphSandboxOptions>;
  /** Middleware the host app installs before mounting the kit (e.g. express.json()). */
  before?: (app: Express) => void;
  /** Do not point the sandbox's webhooks at the kit yet. */
  noWebhook?: boolean;
  /** Recorder shared across harnesses of one test file. */
  recorder?: Recorder;
  /** Called before the kit is created (seed the sandbox, e.g. for back-fill). */
  seed?: (sandbox: GraphSandbox) => void | Promise<void>;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const recorder = o.recorder ?? new Recorder();
  const sandbox = createGraphSandbox({
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    accounts: [
      { id: IG_ACCOUNT.id, flavor: 'instagram', token: IG_ACCOUNT.token, username: 'shop_ig', requireAppsecretProof: true },
      { id: PAGE_ACCOUNT.id, flavor: 'page', token: PAGE_ACCOUNT.token, igUserId: PAGE_ACCOUNT.igUserId, username: 'shop_page', requireAppsecretProof: true },
    ],
    webhooks: { retryBaseMs: 20, retryMaxMs: 200, maxAttempts: 20 },
    ...o.sandbox,
  });
  const sandboxServer = await sandbox.listen(0);
  if (o.seed) await o.seed(sandbox);

  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) recorder.logLines.push(line);
      cb();
    },
  });
  const kit = createKitProxy({
    accounts: [
      { id: IG_ACCOUNT.id, flavor: 'instagram', token: IG_ACCOUNT.token },
      { id: PAGE_ACCOUNT.id, flavor: 'page', token: PAGE_ACCOUNT.token, igUserId: PAGE_ACCOUNT.igUserId },
    ],
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    // The flavor picks the host: the sandbox serves Instagram-Login under /instagram, FB under /facebook.
    graph: { baseUrl: { instagram: `${sandboxServer.url}/instagram`, page: `${sandboxServer.url}/facebook` } },
    authorize: allowAll,
    store: memoryStore(),
    logger: pino({ level: 'debug' }, logStream),
    backfill: false,
    events: { heartbeatMs: 200, retryMs: 100, pollTimeoutMs: 2000 },
    ...o.proxy,
  });

  const app = express();
  o.before?.(app);
  app.use('/kit', kit);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const kitUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kit`;
  if (!o.noWebhook) sandbox.webhooks.setUrl(`${kitUrl}/webhook`);

  return {
    sandbox,
    customer: sandbox.customer,
    sandboxServer,
    kit,
    app,
    kitUrl,
    recorder,
    async call(path, init) {
      const res = await fetch(`${kitUrl}${path}`, init);
      const text = await res.text();
      recorder.responses.push(`${res.status} ${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    async settle() {
      // One flush + idle is not enough: the kit's idle work can send again (a queued send behind
      // an uncertain one that an echo just confirmed), and that send's echo is queued in the
      // sandbox after the flush. Repeat until a round brings no new request or delivery.
      const activity = () => sandbox.inspect.requests().length + sandbox.inspect.webhooks().length;
      for (let round = 0; round < 50; round++) {
        const before = activity();
        await sandbox.flush();
        await kit.idle();
        if (activity() === before) return;
      }
      throw new Error('harness.settle: the sandbox and the kit kept busy for 50 rounds');
    },
    async close() {
      sandbox.close();
      await kit.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await sandboxServer.close();
    },
  };
}

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  /** Date.now() when the frame was read. */
  at: number;
}

/** A minimal SSE client on fetch (so tests can send Last-Event-ID like EventSource does). */
export class SseClient {
  readonly frames: SseFrame[] = [];
  private readonly ctrl = new AbortController();
  private waiters: (() => void)[] = [];
  status = 0;
  done: Promise<void> = Promise.resolve();

  static async open(url: string, recorder: Recorder, headers: Record<string, string> = {}): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: c.ctrl.signal });
    c.status = res.status;
    if (!res.body) return c;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    c.done = (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) !== -1) {
            const raw = buf.slice(0, i);
            buf = buf.slice(i + 2);
            recorder.frames.push(raw);
            const f: SseFrame = { at: Date.now() };
            for (const line of raw.split('\n')) {
              if (line.startsWith(':')) f.comment = line.slice(1).trim();
              else {
                const k = line.slice(0, line.indexOf(':'));
                const v = line.slice(line.indexOf(':') + 1).replace(/^ /, '');
                if (k === 'id' || k === 'event' || k === 'data') f[k] = v;
              }
            }
            c.frames.push(f);
            for (const w of c.waiters.splice(0)) w();
          }
        }
      } catch {
        // aborted
      }
    })();
    return c;
  }

  /** KitEvents received (frames with data and no special event name). */
  events(): ({ id: string } & Record<string, unknown>)[] {
    return this.frames.filter((f) => f.data !== undefined && f.event === undefined).map((f) => JSON.parse(f.data as string));
  }

  async waitFor(pred: (c: SseClient) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SSE: condition not met within ${timeoutMs} ms (${this.frames.length} frames)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.ctrl.abort();
    await this.done;
  }
}
