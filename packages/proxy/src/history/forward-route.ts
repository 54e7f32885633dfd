/**
 * GET /graph/:accountId/<graph path>?<query> — read-only Graph calls forwarded through the
 * allow-list in forward-allow-list.ts.
 *
 * The upstream request is built from scratch, never copied from the browser's (proxy-anchors
 * §1.2–§1.5, §6.4):
 * - the upstream host is fixed per account flavor, chosen from our config, never from request
 *   data (one keep-alive agent per flavor, created once at startup);
 * - the path and query are validated on the raw URL and rebuilt by us; parameter names are own
 *   keys of a null-prototype allow-list, so `toString`, `__proto__` & co. are unknown names;
 * - headers are a fixed set (`accept`, `accept-encoding: identity` so error bodies can be read,
 *   and the kit's `Authorization: Bearer`) — nothing the browser sent goes upstream: no cookies,
 *   credentials of the host app (`x-api-key`, `x-csrf-token`, identity headers), method
 *   overrides (`X-HTTP-Method-Override` …) or URL rewrites (`X-Original-URL` …);
 * - no body ever goes upstream: a GET that announces one is refused with 400;
 * - appsecret_proof is appended to the request line we build (never to `req.url`, which
 *   something might log), and no URL is ever logged or put into an error;
 * - Graph error responses become the kit's error envelope; successful JSON bodies are returned
 *   minus the token-carrying paging URLs, with none of the upstream's headers (cookies).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import express, { type Request, type Response, type Router } from 'express';
import { classifyGraphError, type KitAccountFlavor } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import { requireAccount, type Authorizer } from '../http/authorize';
import { KitHttpError, sendError } from '../http/errors';
import { GraphApiError, type GraphClient } from '../graph/client';
import { checkQuery, checkRawPath, ForwardRefusal, type ForwardTemplate } from './forward-allow-list';
import type { AccountLimits } from '../limits/account-limits';
import type { Store } from '../store/types';
import { asyncHandler } from '../http/async-handler';

export interface ForwardOptions {
  /** Upstream timeout. Default 15 s. */
  timeoutMs?: number;
}

export interface GraphForwardDeps {
  accounts: AccountRegistry;
  authorizer: Authorizer;
  graph: GraphClient;
  store: Store;
  log: Logger;
  /** Shared with back-fill: every forwarded read is a Conversations API call (2/s per account). */
  limits: AccountLimits;
  options: ForwardOptions;
}

/** Every header the upstream request carries besides `authorization` (and host/connection, set by node). */
export const FORWARD_HEADERS: Readonly<Record<string, string>> = Object.freeze({ accept: 'application/json', 'accept-encoding': 'identity' });

interface Upstream {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  /** Base path of the configured URL (usually empty) + `/<version>/`. */
  prefix: string;
  agent: HttpAgent;
}

/** A GET that announces a body: we would never forward it, and a silent drop would hide a client bug. */
function announcesBody(req: Request): boolean {
  const te = req.headers['transfer-encoding'];
  if (te !== undefined) return true;
  const cl = req.headers['content-length'];
  return cl !== undefined && cl !== '0';
}

class UpstreamFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Drops `paging.next` / `paging.previous` URLs anywhere in a Graph body; keeps the cursors. */
export function stripPagingUrls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripPagingUrls);
  if (typeof v !== 'object' || v === null) return v;
  // No prototype: a `__proto__` key in Graph's JSON stays a plain key.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, val] of Object.entries(v)) {
    if (k === 'paging' && typeof val === 'object' && val !== null) {
      const { next: _n, previous: _p, ...rest } = val as Record<string, unknown>;
      out[k] = stripPagingUrls(rest);
    } else out[k] = stripPagingUrls(val);
  }
  return out;
}

/** Graph JSON for the paths we allow is small; anything larger is not what we asked for. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

function upstreamFor(baseUrl: string, version: string): Upstream {
  const u = new URL(baseUrl);
  const protocol = u.protocol === 'https:' ? 'https:' : 'http:';
  return {
    protocol,
    hostname: u.hostname,
    port: u.port,
    prefix: `${u.pathname.replace(/\/+$/, '')}/${version}/`,
    agent: protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true }),
  };
}

/** One GET upstream with exactly our headers and no body; resolves with the status and the bytes. */
function getUpstream(up: Upstream, path: string, authorization: string, timeoutMs: number, signal: AbortSignal): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { ...FORWARD_HEADERS, authorization };
    const send = up.protocol === 'https:' ? httpsRequest : httpRequest;
    const out = send({ hostname: up.hostname, port: up.port, path, method: 'GET', headers, agent: up.agent, signal, timeout: timeoutMs }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) out.destroy(new UpstreamFailure('response_too_large'));
        else chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('timeout', () => out.destroy(new UpstreamFailure('timeout')));
    out.on('error', reject);
    out.end();
  });
}

export function graphForwardRoutes(d: GraphForwardDeps): { router: Router; close(): void } {
  const router = express.Router();
  const timeoutMs = d.options.timeoutMs ?? 15_000;
  const upstreams: Record<KitAccountFlavor, Upstream> = {
    page: upstreamFor(d.graph.baseForFlavor('page'), d.graph.version),
    instagram: upstreamFor(d.graph.baseForFlavor('instagram'), d.graph.version),
    unified: upstreamFor(d.graph.baseForFlavor('unified'), d.graph.version),
  };
  const refused = () => new KitHttpError(502, 'graph_response_refused', 'The Graph response was refused by the proxy.');
  const unreachable = () => new KitHttpError(503, 'graph_unreachable', 'Could not reach the Graph API.', { category: 'network', retryable: true });

  /** Works out which template a path is and whether the account owns the ids in it. */
  async function classify(accountId: string, rest: string[]): Promise<ForwardTemplate> {
    const info = d.accounts.info(accountId)!;
    const [first, second, ...more] = rest;
    if (!first || more.length > 0) throw new ForwardRefusal(403, 'path_not_allowed', 'This Graph path is not on the allow-list.');
    // Unified Login's `/me` is the system user, not the account: only its id names the account.
    const self = (first === 'me' && info.flavor !== 'unified') || first === info.id || first === info.igUserId;
    if (second !== undefined) {
      if (second === 'conversations' && self) return 'conversations';
      if (second === 'messages' && (await d.store.findConversationByGraphId(accountId, first))) return 'conversation_messages';
      throw new ForwardRefusal(403, 'path_not_allowed', 'This Graph path is not on the allow-list.');
    }
    if (await d.store.findConversationByGraphId(accountId, first)) return 'conversation';
    const m = await d.store.getMessage(accountId, first);
    if (m && !m.stub) return 'message';
    if (!self && (await d.store.getConversation(`${accountId}:${first}`))) return 'profile';
    throw new ForwardRefusal(404, 'not_found', 'No conversation, message or customer with this id belongs to the account.');
  }

  function answer(res: Response, status: number, text: string): void {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'private, no-store');
    res.end(text);
  }

  router.use(
    '/graph',
    asyncHandler(async (req: Request, res: Response) => {
      if (req.method !== 'GET') {
        res.setHeader('allow', 'GET');
        throw new KitHttpError(405, 'method_not_allowed', 'Only GET is forwarded to the Graph API.');
      }
      if (announcesBody(req)) {
        throw new KitHttpError(400, 'body_not_allowed', 'A GET forwarded to the Graph API cannot carry a request body (Content-Length or Transfer-Encoding was sent); send the read as a query string.');
      }
      // req.url here is the raw (still percent-encoded) remainder after /graph.
      const raw = req.url;
      const q = raw.indexOf('?');
      const rawPath = q === -1 ? raw : raw.slice(0, q);
      const rawQuery = q === -1 ? '' : raw.slice(q + 1);
      let accountId: string;
      let rest: string[];
      let query: string;
      try {
        [accountId = '', ...rest] = checkRawPath(rawPath);
        if (!accountId) throw new KitHttpError(404, 'account_not_found', 'No such account is configured in @kit/proxy.');
        await requireAccount(req, accountId, d.accounts, d.authorizer, 'graph.read');
        query = checkQuery(await classify(accountId, rest), rawQuery);
      } catch (err) {
        if (err instanceof ForwardRefusal) {
          d.log.info({ code: err.code }, 'graph forward refused');
          throw new KitHttpError(err.status, err.code, err.message, err.details ? { details: err.details } : {});
        }
        throw err;
      }
      // Wait for the account's Conversations API slot (reference §6.3); give up if the client leaves.
      const gone = new AbortController();
      // Only a client that leaves before its answer aborts: aborting after every answer cost a
      // DOMException and an event dispatch per request (measured, bench/proxy/profile.mjs --forward).
      res.once('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      await d.limits.acquire(accountId, 'conversations', gone.signal);
      const { authorization, proof } = await d.graph.credentials(accountId);
      const token = authorization.slice('Bearer '.length);
      const up = upstreams[d.accounts.info(accountId)!.flavor];
      const search = proof ? (query ? `${query}&appsecret_proof=${proof}` : `appsecret_proof=${proof}`) : query;
      const path = `${up.prefix}${rest.join('/')}${search ? `?${search}` : ''}`;

      let status: number;
      let bytes: Buffer;
      try {
        ({ status, body: bytes } = await getUpstream(up, path, authorization, timeoutMs, gone.signal));
      } catch (err) {
        if (gone.signal.aborted) return; // the browser left; nobody to answer
        const reason = err instanceof UpstreamFailure ? err.reason : ((err as { code?: string }).code ?? (err as Error).name);
        d.log.warn({ accountId, code: reason }, 'graph forward failed');
        sendError(res, reason === 'response_too_large' ? refused() : unreachable());
        return;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        // not Graph JSON
      }
      if (status >= 200 && status < 300 && body !== null) {
        // Graph's paging.next/previous are absolute URLs that carry the access token
        // (reference §6.3); clients page with the cursors instead.
        const clean = stripPagingUrls(body);
        const text = JSON.stringify(clean);
        if (text.includes(token) || /access_token/i.test(text)) {
          d.log.error({ accountId }, 'forwarded graph response contained a credential; refused');
          sendError(res, refused());
          return;
        }
        d.accounts.markHealthy(accountId);
        answer(res, status, text);
        return;
      }
      const c = classifyGraphError(body ?? {});
      if (c.category === 'auth') d.accounts.markNeedsReauth(accountId, `graph_${c.code}`);
      const err = new GraphApiError(status, c).toKitHttpError();
      d.log.warn({ accountId, status, graph: err.graph }, 'forwarded graph call failed');
      answer(res, err.status, JSON.stringify(err.toBody()));
    }),
  );

  return {
    router,
    close() {
      upstreams.page.agent.destroy();
      upstreams.instagram.agent.destroy();
    },
  };
}
