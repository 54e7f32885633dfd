/**
 * startDemo: one Node process on one port that serves
 *   /kit       the @kit/proxy (webhooks, REST, SSE), exactly as a host app mounts it;
 *   /sandbox   the @kit/sandbox Graph emulator and its control API (sandbox mode only);
 *   /demo      the demo's own small API (what the web app needs to know about this server);
 *   /          the built web app.
 * In sandbox mode the proxy's Graph calls and the sandbox's webhooks go over real HTTP through
 * this same port, so the loop the demo shows is the loop production runs.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { allowAll, createKitProxy, sqliteStore, type KitProxy, type KitProxyOptions } from '@kit/proxy';
import { DEFAULT_SANDBOX_APP_ID, type GraphSandbox } from '@kit/sandbox';
import { readDemoConfig, type DemoAccount, type DemoConfig } from './config';
import { answerAutomatically, SANDBOX_ACCOUNT, seedConversations, seedSavedReplies, startSandbox } from './sandbox';

export interface StartDemoOptions {
  /** Port to listen on; 0 picks a free one. Default: PORT from `env`, else 5173. */
  port?: number;
  /** Interface to bind. Default: HOST from `env`, else 127.0.0.1. */
  host?: string;
  /** Where the SQLite store lives. Default `.kit/` in the working directory. */
  dataDir?: string;
  /** Environment to read the configuration from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Built web app (index.html + assets). Default: `dist/web` beside the server. */
  webDir?: string;
  /** Passed to createKitProxy (false silences the kit's log). */
  logger?: KitProxyOptions['logger'];
}

export interface Demo {
  /** Base URL of the running demo, e.g. http://127.0.0.1:5173 */
  url: string;
  mode: DemoConfig['mode'];
  /** The account the inbox shows. */
  accountId: string;
  kit: KitProxy;
  /** The in-process sandbox (sandbox mode only). */
  sandbox?: GraphSandbox;
  close(): Promise<void>;
}

/** What the web app reads from GET /demo/config. Nothing secret. */
export interface DemoClientConfig {
  mode: DemoConfig['mode'];
  accountId: string;
  flavor: DemoAccount['flavor'];
  accountName?: string;
  /** Where the proxy is mounted. */
  kitBaseUrl: string;
  /** Sandbox control API (sandbox mode), for the customer simulator. */
  sandbox: { controlUrl: string } | null;
}

export async function startDemo(options: StartDemoOptions = {}): Promise<Demo> {
  const config = readDemoConfig(options.env ?? process.env);
  const port = options.port ?? config.port;
  const host = options.host ?? config.host;
  const dataDir = resolve(options.dataDir ?? '.kit');
  mkdirSync(dataDir, { recursive: true });

  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  // Closed in this order: stop taking requests (and end live streams), then the kit's background
  // work, then its store, then the sandbox's webhook timers.
  const parts: { kit?: KitProxy; store?: { close(): Promise<void> }; sandbox?: GraphSandbox } = {};
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await closeServer(server);
      await parts.kit?.close();
      await parts.store?.close();
      parts.sandbox?.close();
    })());

  try {
    let kit: KitProxy;
    let sandbox: GraphSandbox | undefined;
    let account: DemoAccount;
    let waitingForBot: string | undefined;

    if (config.mode === 'sandbox') {
      // The sandbox lives in memory and is seeded afresh on every start, so the store must start
      // empty too: yesterday's conversations would point at customers the new sandbox never met.
      const file = join(dataDir, 'demo-sandbox.db');
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      const appSecret = randomBytes(24).toString('hex'); // shared by two in-process parties only
      const verifyToken = randomBytes(12).toString('hex');
      sandbox = parts.sandbox = startSandbox({ appSecret, verifyToken, publicUrl: `${url}/sandbox` });
      const sb = sandbox;
      app.use('/sandbox', sandbox.app);
      // Seed before the kit exists so its first-connection back-fill finds the history. Nothing
      // below awaits until the kit is mounted, so the queued webhooks cannot arrive before it.
      sandbox.webhooks.setUrl(`${url}/kit/webhook`);
      const seeded = seedConversations(sandbox);
      waitingForBot = seeded.waitingForBot;
      account = SANDBOX_ACCOUNT;
      const store = (parts.store = sqliteStore({ file }));
      kit = createKitProxy({
        accounts: [SANDBOX_ACCOUNT],
        appSecret,
        verifyToken,
        graph: { baseUrl: { page: `${url}/sandbox/facebook`, instagram: `${url}/sandbox/instagram` } },
        authorize: allowAll, // a local sandbox with fake tokens: nothing to protect
        store,
        publicUrl: `${url}/kit`,
        // The sandbox clock is the demo's clock: "go silent for 25 h" moves it, and the proxy's
        // window checks must agree with the sandbox's.
        now: () => sb.clock.now(),
        // Seeded history reaches the kit twice, as a real first connection would: the back-fill
        // imports the threads (with the customers' names) from the Conversations API, and the
        // webhooks carry what that API cannot (reactions, opt-outs, unsends, read receipts).
        backfill: { enabled: true },
        // The sandbox enforces Meta's 2 calls/s for the Conversations API exactly; keep the
        // back-fill a little under it so jitter on a busy machine never trips error 613.
        rateLimits: { conversations: { limit: 1, intervalMs: 600 } },
        // Conversation Routing: the sandbox's app is the kit's; the simulator's "other apps"
        // (Meta Business Suite, a bot) take threads from it and hand them back.
        routing: { appId: DEFAULT_SANDBOX_APP_ID },
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
    } else {
      account = config.accounts[0]!;
      const store = (parts.store = sqliteStore({ file: join(dataDir, 'kit.db') }));
      app.use(basicAuth(config.password));
      kit = createKitProxy({
        accounts: config.accounts,
        appSecret: config.appSecret,
        verifyToken: config.verifyToken,
        authorize: allowAll, // every route but the webhook is behind basicAuth above
        store,
        publicUrl: `${config.publicUrl}/kit`,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
    }
    parts.kit = kit;

    // The kit parses its own bodies (webhooks need the raw bytes), so it goes before any parser.
    app.use('/kit', kit);

    const clientConfig: DemoClientConfig = {
      mode: config.mode,
      accountId: account.id,
      flavor: account.flavor,
      ...(account.name ? { accountName: account.name } : {}),
      kitBaseUrl: '/kit',
      sandbox: sandbox ? { controlUrl: '/sandbox/__sandbox' } : null,
    };
    app.get('/demo/config', (_req, res) => {
      res.set('cache-control', 'no-store').json(clientConfig);
    });
    app.use('/demo', (_req, res) => {
      res.status(404).json({ error: { code: 'not_found', message: 'No such demo route.' } });
    });

    serveWebApp(app, options.webDir);

    if (sandbox) {
      await seedSavedReplies(`${url}/kit`);
      await sandbox.flush();
      await kit.idle();
      if (waitingForBot) await answerAutomatically(`${url}/kit`, sandbox, waitingForBot);
      await sandbox.flush();
      await kit.idle();
    }

    return { url, mode: config.mode, accountId: account.id, kit, ...(sandbox ? { sandbox } : {}), close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

/** The built web app, with index.html for any other GET (client-side routes). */
function serveWebApp(app: express.Express, webDir: string | undefined) {
  const candidates = webDir
    ? [resolve(webDir)]
    : [fileURLToPath(new URL('../web/', import.meta.url)), fileURLToPath(new URL('../dist/web/', import.meta.url))];
  const dir = candidates.find((d) => existsSync(join(d, 'index.html')));
  if (!dir) {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `pnpm demo` from the repository root (it builds the app and the server, then starts).');
    });
    return;
  }
  app.use(express.static(dir, { index: 'index.html', maxAge: 0 }));
  app.use('/assets', (_req, res) => {
    res.status(404).end();
  });
  app.get(/^\/(?!kit\/|sandbox\/).*/, (_req, res) => {
    res.sendFile(join(dir, 'index.html'));
  });
}

/**
 * HTTP Basic auth for meta mode (any user name, DEMO_PASSWORD). Meta's webhook calls cannot log
 * in; they are authenticated by their signature, inside the kit.
 */
function basicAuth(password: string) {
  const expected = Buffer.from(password);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/kit/webhook') return next();
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    const pass = Buffer.from(given.slice(given.indexOf(':') + 1));
    if (given.includes(':') && pass.length === expected.length && timingSafeEqual(pass, expected)) return next();
    res.set('www-authenticate', 'Basic realm="kit demo", charset="UTF-8"').status(401).type('text/plain').send('Password required (DEMO_PASSWORD).');
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    // Live SSE streams would keep close() waiting forever.
    server.closeAllConnections();
  });
}
