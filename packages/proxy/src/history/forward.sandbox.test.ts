/**
 * GET /graph/... forwarding through the allow-list, against the sandbox over real HTTP, plus a
 * header-capturing fake upstream for what the sandbox cannot show (stripped headers).
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { KitConversation } from '@kit/core';
import { kitLogger, REDACT_CENSOR } from '../log';
import { APP_SECRET, IG_ACCOUNT, PAGE_ACCOUNT, Recorder, SECRETS, startHarness, type Harness } from '../test/harness';
import { appsecretProof } from '../graph/client';

const recorder = new Recorder();
let h: Harness;
let igConv: KitConversation;
let pageConv: KitConversation;
let igMid: string;
let customerId: string;

beforeAll(async () => {
  h = await startHarness({
    recorder,
    proxy: { backfill: {} },
    seed: (sandbox) => {
      const c = sandbox.customer.create({ accountId: IG_ACCOUNT.id, username: 'ana', name: 'Ana' });
      customerId = c.id;
      for (let i = 0; i < 3; i++) sandbox.customer.history(Date.now() - 60_000 + i, () => sandbox.customer.text(c.id, `hello ${i}`));
      const p = sandbox.customer.create({ accountId: PAGE_ACCOUNT.id, username: 'bruno' });
      sandbox.customer.history(Date.now() - 60_000, () => sandbox.customer.text(p.id, 'page hello'));
    },
  });
  await h.kit.idle();
  igConv = (await h.kit.store.listConversations(IG_ACCOUNT.id, { limit: 1 }))[0]!;
  pageConv = (await h.kit.store.listConversations(PAGE_ACCOUNT.id, { limit: 1 }))[0]!;
  igMid = (await h.kit.store.listMessages(igConv.id, { limit: 1 }))[0]!.id;
});
afterAll(async () => {
  await h?.close();
});

/** A request with the exact path bytes (fetch would normalize dot segments away). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: unknown }> {
  const url = new URL(h.kitUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${path}`, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        recorder.responses.push(`${res.statusCode}\n${JSON.stringify(res.headers)}\n${text}`);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('allowed reads', () => {
  it('lists conversations on the flavor host with Bearer + appsecret_proof, and strips token-carrying paging URLs', async () => {
    const before = h.sandbox.inspect.requests().length;
    const r = await rawGet(`/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram&fields=id,updated_time,participants&limit=1`);
    expect(r.status).toBe(200);
    const body = r.json as { data: { id: string }[]; paging?: Record<string, unknown> };
    expect(body.data.map((c) => c.id)).toEqual([igConv.graphId]);
    expect(r.text).not.toMatch(/access_token|"next"|"previous"/);
    const upstream = h.sandbox.inspect.requests().slice(before);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]).toMatchObject({ path: `/instagram/v26.0/me/conversations`, tokenVia: 'bearer', status: 200 });

    const page = await rawGet(`/graph/${PAGE_ACCOUNT.id}/${PAGE_ACCOUNT.id}/conversations?platform=instagram`);
    expect(page.status).toBe(200);
    expect(h.sandbox.inspect.requests().at(-1)).toMatchObject({ path: `/facebook/v26.0/${PAGE_ACCOUNT.id}/conversations`, status: 200 });
  });

  it('reads a conversation, its messages, one message and the customer profile', async () => {
    const conv = await rawGet(`/graph/${IG_ACCOUNT.id}/${igConv.graphId}?fields=id,messages.limit(2){id,created_time,from{id,username},message}`);
    expect(conv.status).toBe(200);
    expect((conv.json as { messages: { data: { message: string }[] } }).messages.data.map((m) => m.message)).toEqual(['hello 2', 'hello 1']);
    const msgs = await rawGet(`/graph/${IG_ACCOUNT.id}/${igConv.graphId}/messages?fields=id,message&limit=1`);
    expect((msgs.json as { data: unknown[] }).data).toHaveLength(1);
    expect(msgs.text).not.toContain('access_token');
    const one = await rawGet(`/graph/${IG_ACCOUNT.id}/${igMid}?fields=id,created_time,message`);
    expect(one.json).toMatchObject({ id: igMid, message: 'hello 2' });
    const profile = await rawGet(`/graph/${IG_ACCOUNT.id}/${customerId}?fields=name,username,profile_pic`);
    expect(profile.json).toMatchObject({ username: 'ana', name: 'Ana' });
  });

  it('turns Graph errors and upstream failures into the JSON envelope without echoing the URL', async () => {
    h.sandbox.accounts.expireToken(IG_ACCOUNT.id);
    const expired = await rawGet(`/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram`);
    h.sandbox.accounts.restoreToken(IG_ACCOUNT.id);
    expect(expired.status).toBe(502);
    expect(expired.json).toEqual({
      error: { code: 'account_needs_reauth', message: expect.any(String), category: 'auth', retryable: false, graph: { code: 190, subcode: 463, fbtraceId: expect.any(String) } },
    });
    expect(h.kit.accounts.info(IG_ACCOUNT.id)?.status).toBe('needs_reauth');
    // A later successful call clears it.
    expect((await rawGet(`/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram`)).status).toBe(200);
    expect(h.kit.accounts.info(IG_ACCOUNT.id)?.status).toBe('connected');

    h.sandbox.faults.once({ kind: 'reset', route: 'read' });
    const reset = await rawGet(`/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram`);
    expect(reset.status).toBe(503);
    expect(reset.json).toMatchObject({ error: { code: 'graph_unreachable', retryable: true } });
    expect(reset.text).not.toMatch(/127\.0\.0\.1|conversations|instagram/);
  });
});

describe('escape attempts', () => {
  const ig = IG_ACCOUNT.id;
  // Every way we could think of to reach something the allow-list does not grant.
  const attempts: [string, string][] = [
    ['client access_token', `/graph/${ig}/me/conversations?platform=instagram&access_token=EAAB-other`],
    ['client appsecret_proof', `/graph/${ig}/me/conversations?platform=instagram&appsecret_proof=abc`],
    ['client appsecret_time', `/graph/${ig}/me/conversations?appsecret_time=1`],
    ['batch parameter', `/graph/${ig}/me/conversations?batch=%5B%7B%22method%22%3A%22GET%22%7D%5D`],
    ['method override', `/graph/${ig}/me/conversations?method=post`],
    ['JSONP callback', `/graph/${ig}/me/conversations?callback=steal`],
    ['unknown parameter', `/graph/${ig}/me/conversations?debug=all`],
    ['duplicate parameter (HPP)', `/graph/${ig}/me/conversations?fields=id&fields=access_token`],
    ['platform other than instagram', `/graph/${ig}/me/conversations?platform=messenger`],
    ['fields=access_token', `/graph/${ig}/me/conversations?fields=access_token`],
    ['access_token among fields', `/graph/${ig}/me/conversations?fields=id,access_token`],
    ['access_token in an expansion', `/graph/${ig}/me/conversations?fields=participants{access_token}`],
    ['access_token nested deeper', `/graph/${ig}/${'CONV'}?fields=messages{from{access_token}}`],
    ['uppercase ACCESS_TOKEN field', `/graph/${ig}/me/conversations?fields=ACCESS_TOKEN`],
    ['field alias modifier', `/graph/${ig}/me/conversations?fields=id.as(access_token)`],
    ['unlisted field', `/graph/${ig}/me/conversations?fields=instagram_business_account`],
    ['expanding a leaf', `/graph/${ig}/MID?fields=message{id}`],
    ['Page tokens via /me/accounts', `/graph/${ig}/me/accounts`],
    ['account node with fields=access_token', `/graph/${ig}/me?fields=access_token`],
    ['page node access_token', `/graph/${PAGE_ACCOUNT.id}/${PAGE_ACCOUNT.id}?fields=access_token`],
    ['debug_token', `/graph/${ig}/debug_token?input_token=x`],
    ['oauth endpoint', `/graph/${ig}/oauth/access_token?grant_type=fb_exchange_token`],
    ['subscribed_apps edge', `/graph/${ig}/me/subscribed_apps`],
    ['dot-dot segment', `/graph/${ig}/me/conversations/../accounts`],
    ['dot segment', `/graph/${ig}/./me/conversations`],
    ['encoded slash', `/graph/${ig}/me%2Faccounts`],
    ['encoded slash lowercase', `/graph/${ig}/me%2faccounts`],
    ['encoded dots', `/graph/${ig}/me/conversations/%2e%2e/accounts`],
    ['double-encoded slash', `/graph/${ig}/me%252Faccounts`],
    ['backslash', `/graph/${ig}/me\\accounts`],
    ['empty segment', `/graph/${ig}//me/conversations`],
    ['version injection', `/graph/${ig}/v19.0/me/conversations`],
    ['absolute URL as a segment', `/graph/${ig}/https:/evil.example/x`],
    ['root (batch) endpoint', `/graph/${ig}`],
    ['another account in the path', `/graph/${ig}/${PAGE_ACCOUNT.id}/conversations`],
    ["another account's conversation", `/graph/${ig}/PAGECONV`],
    ["another account's conversation messages", `/graph/${ig}/PAGECONV/messages`],
    ['an id nobody owns', `/graph/${ig}/1234567890`],
    ['unknown account', `/graph/999999/me/conversations`],
    ['too deep', `/graph/${ig}/CONV/messages/extra`],
  ];

  it('refuses each one before anything reaches Graph', async () => {
    const before = h.sandbox.inspect.requests().length;
    for (const [name, template] of attempts) {
      const path = template.replace('CONV', igConv.graphId as string).replace('MID', igMid).replace('PAGECONV', pageConv.graphId as string);
      const r = await rawGet(path);
      expect(r.status, name).toBeGreaterThanOrEqual(400);
      expect(r.status, name).toBeLessThan(500);
      expect(r.json, name).toEqual({
        error: {
          code: expect.any(String),
          message: expect.any(String),
          category: expect.stringMatching(/^(validation|permission|invalid_request)$/),
          retryable: false,
          ...((r.json as { error: { details?: unknown } }).error.details ? { details: expect.any(Object) } : {}),
        },
      });
    }
    expect(h.sandbox.inspect.requests().slice(before)).toEqual([]);
  });

  it('forwards GET only (405 for other methods, CSRF first)', async () => {
    const url = `/graph/${IG_ACCOUNT.id}/me/conversations`;
    expect((await h.call(url, { method: 'POST' })).status).toBe(403);
    const r = await h.call(url, { method: 'POST', headers: { 'X-Kit-Request': '1' } });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
    expect((await h.call(url, { method: 'DELETE', headers: { 'X-Kit-Request': '1' } })).status).toBe(405);
  });

  it('needs graph.read permission for the account', async () => {
    const scoped = await startHarness({ recorder, proxy: { authorize: (_req, { action }) => action !== 'graph.read' } });
    try {
      const r = await scoped.call(`/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram`);
      expect(r.status).toBe(403);
      expect(scoped.sandbox.inspect.requests()).toEqual([]);
    } finally {
      await scoped.close();
    }
  });
});

describe('what reaches the upstream (built from scratch)', () => {
  let upstream: Server;
  let upstreamHost: string;
  let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
  let kit: Harness;
  const ig = IG_ACCOUNT.id;
  const path = `/graph/${ig}/me/conversations?limit=5&platform=instagram`;
  const proof = () => appsecretProof(IG_ACCOUNT.token, APP_SECRET);

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.setHeader('set-cookie', 'fb=tracking; Path=/');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: [{ id: 'c1' }], paging: { cursors: { after: 'QUZ' }, next: `https://graph.example/next?access_token=${IG_ACCOUNT.token}` } }));
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    kit = await startHarness({ recorder, proxy: { graph: { baseUrl: { instagram: `http://${upstreamHost}`, page: 'http://127.0.0.1:9' } } } });
  });
  beforeEach(() => {
    seen = [];
  });
  afterAll(async () => {
    await kit.close();
    upstream.closeAllConnections();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  /** The one request Graph may see for `path`: these headers and nothing else, no body. */
  function expectOnlyTheCanonicalRequest(): void {
    expect(seen).toHaveLength(1);
    const got = seen[0]!;
    expect(got.method).toBe('GET');
    expect(got.url).toBe(`/v26.0/me/conversations?limit=5&platform=instagram&appsecret_proof=${proof()}`);
    expect(got.headers).toEqual({
      host: upstreamHost,
      connection: 'keep-alive',
      accept: 'application/json',
      'accept-encoding': 'identity',
      authorization: `Bearer ${IG_ACCOUNT.token}`,
    });
    expect(got.body).toBe('');
  }

  /** Any request to the kit, with exact headers and an optional body (fetch refuses GET bodies). */
  function send(p: string, headers: Record<string, string>, body?: { bytes: string; chunked: boolean }): Promise<{ status: number; json: { error?: { code: string; message: string; details?: { field?: string } } } }> {
    const url = new URL(kit.kitUrl);
    return new Promise((resolve, reject) => {
      // Node frames a GET body only when told how: a length, or chunked transfer coding.
      const framing = body ? (body.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body.bytes)) }) : {};
      const all = { ...headers, ...framing };
      const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${p}`, method: 'GET', headers: all }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          recorder.responses.push(`${res.statusCode}\n${text}`);
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { error?: { code: string; message: string } } });
          } catch {
            reject(new Error(`not JSON (HTTP ${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      });
      req.on('error', reject);
      if (body) req.write(body.bytes);
      req.end();
    });
  }

  it('gets our Bearer token and proof, the canonical path, and a fixed set of headers', async () => {
    const r = await send(path, {});
    expect(r.status).toBe(200);
    expectOnlyTheCanonicalRequest();
    // The browser gets neither the upstream's cookie nor the token-carrying next URL.
    const again = await kit.call(path);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.json).toEqual({ data: [{ id: 'c1' }], paging: { cursors: { after: 'QUZ' } } });
  });

  // Each header the browser (or an attacker, or the host app) may send: none of it goes upstream.
  const headerTricks: [string, Record<string, string>][] = [
    ['X-HTTP-Method-Override', { 'X-HTTP-Method-Override': 'DELETE' }],
    ['X-Method-Override', { 'X-Method-Override': 'DELETE' }],
    ['X-HTTP-Method', { 'X-HTTP-Method': 'POST' }],
    ['X-Original-URL', { 'X-Original-URL': `/v26.0/me/accounts?fields=access_token` }],
    ['X-Rewrite-URL', { 'X-Rewrite-URL': `/v26.0/me/accounts?fields=access_token` }],
    ["the host app's x-api-key", { 'x-api-key': 'host-api-key-1' }],
    ["the host app's x-csrf-token", { 'x-csrf-token': 'host-csrf-1' }],
    ["the host app's x-auth-token", { 'x-auth-token': 'host-auth-1' }],
    ['a custom identity header', { 'x-user-id': 'agent-7', 'x-tenant': 'acme' }],
    ['cookie', { cookie: 'session=browser-session' }],
    ['browser Authorization', { authorization: 'Bearer browser-token' }],
    ['Proxy-Authorization', { 'proxy-authorization': 'Basic Zm9vOmJhcg==' }],
    ['forwarding headers', { forwarded: 'for=6.6.6.6', 'x-forwarded-for': '6.6.6.6', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', 'x-real-ip': '6.6.6.6' }],
    ['origin and referer', { origin: 'https://app.example', referer: 'https://app.example/inbox' }],
    ['a foreign Host', { host: 'evil.example' }],
    ['conditional and range headers', { 'if-none-match': '"x"', 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT', range: 'bytes=0-1' }],
    ['browser accept headers', { accept: 'text/html', 'accept-encoding': 'gzip, br', 'accept-language': 'it' }],
    ['content headers without a body', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' }],
    ['X-Kit-Request', { 'x-kit-request': '1' }],
    ['hop-by-hop tricks', { connection: 'x-secret, close', 'x-secret': 'hop', te: 'trailers', upgrade: 'h2c' }],
  ];
  it.each(headerTricks)('%s: the upstream sees only the canonical request', async (_name, headers) => {
    const r = await send(path, headers);
    expect(r.status).toBe(200);
    expectOnlyTheCanonicalRequest();
  });

  // Names Object.prototype provides: each is an unknown parameter (400, named), nothing goes upstream.
  const prototypeNames = ['toString', 'valueOf', 'hasOwnProperty', 'propertyIsEnumerable', 'toLocaleString', 'isPrototypeOf', '__lookupGetter__', '__defineSetter__', '__proto__', 'constructor'];
  it.each(prototypeNames)('query parameter %s: 400 naming it, nothing reaches Graph', async (name) => {
    const r = await send(`${path}&${name}=1`, {});
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'unknown_parameter', details: { field: name } });
    expect(r.json.error?.message).toContain(`"${name}"`);
    expect(seen).toEqual([]);
    // Also as the only parameter, and on a path with fewer parameters.
    expect((await send(`/graph/${ig}/me/conversations?${name}=x`, {})).status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('a GET with a Content-Length body: 400 body_not_allowed, nothing reaches Graph', async () => {
    const r = await send(path, { 'content-type': 'application/json' }, { bytes: '{"method":"DELETE","access_token":"x"}', chunked: false });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'body_not_allowed' });
    expect(r.json.error?.message).toMatch(/body/);
    expect(seen).toEqual([]);
  });

  it('a GET with a chunked body: 400 body_not_allowed, nothing reaches Graph', async () => {
    const r = await send(path, {}, { bytes: 'batch=%5B%5D', chunked: true });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'body_not_allowed' });
    expect(seen).toEqual([]);
  });
});

describe('logging', () => {
  it('redacts credential-bearing keys and never receives URLs with queries', () => {
    const lines: string[] = [];
    const log = kitLogger(
      pino(
        new Writable({
          write(c: Buffer, _e, cb) {
            lines.push(c.toString());
            cb();
          },
        }),
      ),
    );
    log.info(
      {
        access_token: IG_ACCOUNT.token,
        appsecret_proof: 'proof-value',
        headers: { authorization: `Bearer ${IG_ACCOUNT.token}`, cookie: 'session=1' },
        req: { headers: { 'x-hub-signature-256': 'sha256=abc' }, query: { access_token: IG_ACCOUNT.token } },
        graph: { token: PAGE_ACCOUNT.token, url: `https://graph.facebook.com/x?access_token=${PAGE_ACCOUNT.token}` },
      },
      'sensitive',
    );
    const out = lines.join('');
    expect(out).toContain('sensitive');
    expect(out).toContain(REDACT_CENSOR);
    for (const s of [...SECRETS, 'proof-value', 'session=1', 'sha256=abc']) expect(out).not.toContain(s);
  });
});

describe('secrets', () => {
  it('no response, SSE frame or log line of this suite contains a token, proof or app secret', () => {
    expect(recorder.size).toBeGreaterThan(40);
    expect(recorder.leaks()).toEqual([]);
  });
});

describe('a browser that leaves', () => {
  it('aborts the upstream read it was waiting for; a read that was answered keeps the upstream connection', async () => {
    let hold = true;
    const closed: string[] = [];
    const sockets = new Set<unknown>();
    const upstream = createServer((req, res) => {
      sockets.add(req.socket);
      res.on('close', () => {
        if (!res.writableFinished) closed.push(req.url ?? '');
      });
      if (hold) return; // never answers: the browser gives up first
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: [] }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const host = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const kit = await startHarness({ recorder, proxy: { graph: { baseUrl: { instagram: host, page: 'http://127.0.0.1:9' } } } });
    try {
      const path = `${kit.kitUrl}/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram`;
      const gone = new AbortController();
      const pending = fetch(path, { signal: gone.signal }).catch((e: unknown) => e);
      await expect.poll(() => sockets.size).toBe(1);
      gone.abort();
      expect(await pending).toBeInstanceOf(Error);
      await expect.poll(() => closed).toHaveLength(1);

      hold = false;
      for (let i = 0; i < 3; i++) expect((await kit.call(`/graph/${IG_ACCOUNT.id}/me/conversations?platform=instagram`)).status).toBe(200);
      // Answered reads leave their keep-alive connection open and reuse it: one new socket for
      // the three (the aborted read's socket was destroyed with it).
      expect(sockets.size).toBe(2);
      expect(closed).toHaveLength(1);
    } finally {
      await kit.close();
      upstream.closeAllConnections();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});
