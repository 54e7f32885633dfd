/**
 * GET /health and GET /ready over real HTTP: readiness follows the store (a real Postgres behind a
 * TCP relay the test cuts and restores) and draining; liveness stays up; neither asks authorize
 * nor says more than which check failed.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { createKitProxy, type KitProxy } from '../proxy';
import { postgresStore } from '../store/postgres';
import { memoryStore } from '../store/memory';
import { dropSchema, PG_URL, testSchema } from '../test/postgres';

const base = { accounts: [{ id: '1784', flavor: 'instagram' as const, token: 'IGAA-secret-token' }], appSecret: 'app-secret-123', verifyToken: 'v', logger: false as const, backfill: false as const, profiles: false as const };

/** A TCP relay to Postgres that the test can cut (every connection dropped, new ones refused) and restore. */
async function relay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    url: () => { const u = new URL(target); u.port = String(port); u.hostname = '127.0.0.1'; return u.toString(); },
    cut: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server!.close(() => resolve()); }),
    restore: open,
  };
}

async function serve(kit: KitProxy) {
  const app = express();
  app.use('/kit', kit);
  const server = await new Promise<HttpServer>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kit`;
  const get = async (path: string) => {
    const res = await fetch(url + path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, cache: res.headers.get('cache-control') };
  };
  return { get, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const until = async (check: () => Promise<boolean>) => {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
};

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('health and readiness', () => {
  it('answers /health and /ready without asking authorize, and flips /ready while draining', async () => {
    // No authorize: every other route is denied, the probes are not.
    const kit = createKitProxy({ ...base, store: memoryStore() });
    const http = await serve(kit);
    cleanups.push(http.close);
    expect(await http.get('/health')).toEqual({ status: 200, body: { status: 'ok' }, cache: 'no-store' });
    expect(await http.get('/ready')).toEqual({ status: 200, body: { status: 'ready' }, cache: 'no-store' });
    expect((await http.get('/accounts/1784/conversations')).status).toBe(403);

    kit.drain();
    expect(await http.get('/ready')).toMatchObject({ status: 503, body: { status: 'not_ready', failed: ['draining'] } });
    expect((await http.get('/health')).status).toBe(200);
    await kit.close();
    expect(await http.get('/ready')).toMatchObject({ status: 503, body: { failed: expect.arrayContaining(['draining']) } });
  });

  it('is not ready while its Postgres store is unreachable, and ready again when it comes back', async () => {
    const pg = await relay(new URL(PG_URL));
    const schema = testSchema();
    const store = postgresStore({ connectionString: pg.url(), schema, max: 2 });
    const kit = createKitProxy({ ...base, store });
    const http = await serve(kit);
    cleanups.push(async () => {
      await http.close();
      await kit.close();
      await store.close();
      await dropSchema(schema);
    });
    await until(async () => (await http.get('/ready')).status === 200); // migrations ran
    await pg.cut();
    await until(async () => (await http.get('/ready')).status === 503);
    const down = await http.get('/ready');
    expect(down.body).toEqual({ status: 'not_ready', failed: ['store'] });
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|postgres|ECONN/);
    expect((await http.get('/health')).status).toBe(200);
    await pg.restore();
    await until(async () => (await http.get('/ready')).status === 200);
  });
});
