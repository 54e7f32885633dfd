/**
 * `pnpm demo:cluster`: the demo as a real deployment — three kit processes on one Postgres
 * schema behind a round-robin front, so a user can watch the inbox keep working while they kill
 * an instance.
 *
 *   front (this process, one port)
 *     /kit/*        round-robin over the instances (round-robin.ts), SSE included
 *     /sandbox/*    the Graph sandbox (it plays Meta: outside the cluster, one of it)
 *     /demo/*       the demo's config, and /demo/cluster: which instances are up
 *     /             the web app
 *   instance 1…3   cluster-instance.ts, each its own process and port, `postgresStore` on one schema
 *
 * The sandbox's webhooks go to the front's /kit/webhook (Meta calls the balancer), so they land on
 * any instance; the Postgres bus carries each event to the SSE clients of the others.
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresStore } from '@kit/proxy';
import type { GraphSandbox } from '@kit/sandbox';
import type { DemoClientConfig } from './app';
import { roundRobin, type RoundRobin, type Upstream } from './round-robin';
import { answerAutomatically, SANDBOX_ACCOUNT, seedConversations, startSandbox } from './sandbox';

export interface ClusterDemoOptions {
  /** Default PORT, else 5173; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Default 3. */
  instances?: number;
  /** Default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres. */
  databaseUrl?: string;
  /** Emptied on every start (the sandbox starts empty too). Default `kit_demo_cluster`. */
  schema?: string;
  /** How to start one instance: node arguments. Default the built `instance.js` beside this file. */
  instanceArgs?: string[];
  webDir?: string;
  /** Where an instance's stderr goes. Default this process's stderr. */
  onInstanceLog?: (name: string, text: string) => void;
}

export interface ClusterInstance {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
}

export interface ClusterDemo {
  url: string;
  instances: ClusterInstance[];
  balancer: RoundRobin;
  /** The Graph sandbox (plays Meta and the customers). */
  sandbox: GraphSandbox;
  close(): Promise<void>;
}

export async function startClusterDemo(options: ClusterDemoOptions = {}): Promise<ClusterDemo> {
  const port = options.port ?? Number(process.env.PORT ?? 5173);
  const host = options.host ?? '127.0.0.1';
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = options.schema ?? 'kit_demo_cluster';
  const count = options.instances ?? 3;
  const instanceArgs = options.instanceArgs ?? [fileURLToPath(new URL('./instance.js', import.meta.url))];

  // The sandbox lives in memory and is seeded afresh, so the shared schema starts empty too.
  const admin = postgresStore({ connectionString: databaseUrl, schema, max: 1 });
  try {
    await admin.pool.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await admin.close();
  }

  const upstreams: Upstream[] = [];
  const balancer = roundRobin(upstreams, { healthPath: '/kit/ready' });
  // The sandbox needs the front's URL, so it is mounted once the front listens.
  const mounted: { sandbox?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  let clientConfig: DemoClientConfig | undefined;
  const instances: ClusterInstance[] = [];
  const web = webApp(options.webDir);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.startsWith('/kit/')) return balancer.handle(req, res);
    if (path.startsWith('/sandbox/') && mounted.sandbox) {
      req.url = (req.url as string).slice('/sandbox'.length);
      return mounted.sandbox(req, res);
    }
    if (path === '/demo/config' && clientConfig) return json(res, 200, clientConfig);
    if (path === '/demo/cluster') return json(res, 200, { instances: instances.map((i) => ({ name: i.name, pid: i.pid, healthy: upstreams.find((u) => u.name === i.name)?.healthy ?? false })) });
    if (path.startsWith('/demo/')) return json(res, 404, { error: { code: 'not_found', message: 'No such demo route.' } });
    web(path, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;

  const appSecret = randomBytes(24).toString('hex');
  const verifyToken = randomBytes(12).toString('hex');
  const sandbox = startSandbox({ appSecret, verifyToken, publicUrl: `${url}/sandbox` });
  mounted.sandbox = sandbox.app as unknown as (req: IncomingMessage, res: ServerResponse) => void;
  sandbox.webhooks.setUrl(`${url}/kit/webhook`);
  const seeded = seedConversations(sandbox);

  const close = async () => {
    balancer.close();
    await Promise.all(instances.map((i) => stop(i.child)));
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    sandbox.close();
  };

  try {
    const env = { KIT_PG_URL: databaseUrl, KIT_PG_SCHEMA: schema, KIT_APP_SECRET: appSecret, KIT_VERIFY_TOKEN: verifyToken, KIT_SANDBOX_URL: `${url}/sandbox`, KIT_PUBLIC_URL: `${url}/kit` };
    const started = await Promise.all(
      Array.from({ length: count }, (_, i) => startInstance(`kit-${i + 1}`, instanceArgs, env, options.onInstanceLog)),
    );
    instances.push(...started);
    upstreams.push(...started.map((i) => ({ name: i.name, url: i.url, healthy: true })));
    clientConfig = {
      mode: 'sandbox',
      accountId: SANDBOX_ACCOUNT.id,
      flavor: SANDBOX_ACCOUNT.flavor,
      accountName: SANDBOX_ACCOUNT.name,
      kitBaseUrl: '/kit',
      sandbox: { controlUrl: '/sandbox/__sandbox' },
    };
    // The seeded history: webhooks spread over the instances, one of them runs the back-fill.
    await sandbox.flush();
    await waitFor(async () => {
      const res = await fetch(`${url}/kit/accounts`);
      const body = (await res.json()) as { accounts: { backfill: { state: string } }[] };
      return body.accounts[0]?.backfill.state === 'done';
    }, 60_000);
    await answerAutomatically(`${url}/kit`, sandbox, seeded.waitingForBot);
    await sandbox.flush();
    return { url, instances, balancer, sandbox, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

async function startInstance(name: string, args: string[], env: Record<string, string>, onLog?: (name: string, text: string) => void): Promise<ClusterInstance> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, KIT_INSTANCE: name }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => (onLog ? onLog(name, d.toString()) : process.stderr.write(`[${name}] ${d.toString()}`)));
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`${name} exited with ${code} before it was ready`)));
  });
  return { name, pid: child.pid as number, url: `http://127.0.0.1:${port}`, child };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

async function waitFor(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error('demo:cluster: the seeded history did not arrive in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2' };

/** The built web app; index.html for client-side routes. */
function webApp(webDir: string | undefined): (path: string, res: ServerResponse) => void {
  const candidates = webDir ? [resolve(webDir)] : [fileURLToPath(new URL('../web/', import.meta.url)), fileURLToPath(new URL('../dist/web/', import.meta.url))];
  const dir = candidates.find((d) => existsSync(join(d, 'index.html')));
  return (path, res) => {
    if (!dir) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('The web app is not built. Run `pnpm demo:cluster` from the repository root.');
    const file = normalize(join(dir, decodeURIComponent(path)));
    const inside = file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
    const target = inside && existsSync(file) && extname(file) ? file : join(dir, 'index.html');
    if (path.startsWith('/assets/') && target.endsWith('index.html')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' }).end(readFileSync(target));
  };
}
