/**
 * GET /graph/:accountId/<graph path>?<query> — read-only Graph calls forwarded with
 * http-proxy-middleware v4 through the allow-list in graph/allow-list.ts.
 *
 * Safety rules (proxy-anchors §1.2–§1.5, §6.4):
 * - the upstream is fixed per account flavor, chosen from our config, never from request data
 *   (one proxy instance per flavor, created once at startup — never per request);
 * - the path and query are validated on the raw URL and rebuilt by us; the browser's cookies,
 *   Authorization and other credentials are stripped; the token goes upstream only as
 *   `Authorization: Bearer`, and appsecret_proof is appended to the outgoing request line at the
 *   last moment (never to `req.url`, which something might log);
 * - HPM's logger stays the default no-op (it prints full target URLs), and our own `on.error`
 *   answers with the JSON envelope (HPM's default error page echoes the URL);
 * - Graph error responses are converted to the kit's error envelope; successful bodies stream
 *   through unchanged, minus upstream cookies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import express, { type Request, type Response, type Router } from 'express';
import { createProxyMiddleware, type RequestHandler as ProxyHandler } from 'http-proxy-middleware';
import { classifyGraphError, type KitAccountFlavor } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Authorizer } from '../auth';
import { KitHttpError, sendError } from '../errors';
import { GraphApiError, type GraphClient } from '../graph/client';
import { checkQuery, checkRawPath, ForwardRefusal, type ForwardTemplate } from '../graph/allow-list';
import type { AccountRateLimits } from '../rate-limits';
import type { Store } from '../store/types';
import { asyncHandler } from '../util/async-handler';

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
  limits: AccountRateLimits;
  options: ForwardOptions;
}

interface Pending {
  accountId: string;
  /** Kept only to check that no response carries it back; never logged. */
  token: string;
  authorization: string;
  proof?: string;
  upstreamPath: string;
}

/** Request headers that never go upstream. */
const STRIP_REQUEST_HEADERS = [
  'cookie',
  'authorization',
  'proxy-authorization',
  'x-kit-request',
  'origin',
  'referer',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'if-none-match',
  'if-modified-since',
];

/** Drops `paging.next` / `paging.previous` URLs anywhere in a Graph body; keeps the cursors. */
export function stripPagingUrls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripPagingUrls);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === 'paging' && typeof val === 'object' && val !== null) {
      const { next: _n, previous: _p, ...rest } = val as Record<string, unknown>;
      out[k] = stripPagingUrls(rest);
    } else out[k] = stripPagingUrls(val);
  }
  return out;
}

export function graphForwardRoutes(d: GraphForwardDeps): { router: Router; close(): void } {
  const router = express.Router();
  const pending = new WeakMap<IncomingMessage, Pending>();

  const onError = (err: Error, req: IncomingMessage, res: ServerResponse | Socket) => {
    const info = pending.get(req);
    d.log.warn({ accountId: info?.accountId, code: (err as { code?: string }).code ?? err.name }, 'graph forward failed');
    if (!('setHeader' in res) || res.headersSent) return;
    const e = new KitHttpError(503, 'graph_unreachable', 'Could not reach the Graph API.', { retryable: true });
    res.statusCode = e.status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(e.toBody()));
  };

  const makeProxy = (flavor: KitAccountFlavor): ProxyHandler<IncomingMessage, ServerResponse> =>
    createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: d.graph.baseForFlavor(flavor),
      changeOrigin: true,
      selfHandleResponse: true,
      proxyTimeout: d.options.timeoutMs ?? 15_000,
      followRedirects: false,
      xfwd: false,
      pathRewrite: (_path, req) => pending.get(req)?.upstreamPath,
      on: {
        proxyReq(proxyReq, req) {
          const info = pending.get(req);
          if (!info) {
            proxyReq.destroy(new Error('forward without validated request'));
            return;
          }
          for (const h of STRIP_REQUEST_HEADERS) proxyReq.removeHeader(h);
          proxyReq.setHeader('authorization', info.authorization);
          proxyReq.setHeader('accept-encoding', 'identity'); // so error bodies can be read
          if (info.proof) proxyReq.path += `${proxyReq.path.includes('?') ? '&' : '?'}appsecret_proof=${info.proof}`;
        },
        proxyRes(proxyRes, req, res) {
          // Bodies are small JSON: buffer them so they can be checked before the browser sees them.
          const info = pending.get(req);
          const status = proxyRes.statusCode ?? 502;
          const chunks: Buffer[] = [];
          proxyRes.on('data', (c: Buffer) => chunks.push(c));
          proxyRes.on('end', () => {
            let body: unknown = null;
            try {
              body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              // not Graph JSON
            }
            const answer = (code: number, json: unknown) => {
              res.statusCode = code;
              res.setHeader('content-type', 'application/json; charset=utf-8');
              res.setHeader('cache-control', 'private, no-store');
              res.end(JSON.stringify(json));
            };
            if (status >= 200 && status < 300 && body !== null) {
              // Graph's paging.next/previous are absolute URLs that carry the access token
              // (reference §6.3); clients page with the cursors instead.
              const clean = stripPagingUrls(body);
              const text = JSON.stringify(clean);
              if (info && (text.includes(info.token) || /access_token/i.test(text))) {
                d.log.error({ accountId: info.accountId }, 'forwarded graph response contained a credential; refused');
                answer(502, new KitHttpError(502, 'graph_response_refused', 'The Graph response was refused by the proxy.').toBody());
                return;
              }
              if (info) d.accounts.markHealthy(info.accountId);
              answer(status, clean);
              return;
            }
            const c = classifyGraphError(body ?? {});
            if (info && c.category === 'auth') d.accounts.markNeedsReauth(info.accountId, `graph_${c.code}`);
            const err = new GraphApiError(status, c).toKitHttpError();
            d.log.warn({ accountId: info?.accountId, status, graph: err.graph }, 'forwarded graph call failed');
            answer(err.status, err.toBody());
          });
        },
        error: onError,
      },
    });

  const proxies: Record<KitAccountFlavor, ProxyHandler<IncomingMessage, ServerResponse>> = {
    page: makeProxy('page'),
    instagram: makeProxy('instagram'),
  };

  /** Works out which template a path is and whether the account owns the ids in it. */
  async function classify(accountId: string, rest: string[]): Promise<ForwardTemplate> {
    const info = d.accounts.info(accountId)!;
    const self = new Set(['me', info.id, info.igUserId]);
    const [first, second, ...more] = rest;
    if (!first || more.length > 0) throw new ForwardRefusal(403, 'path_not_allowed', 'This Graph path is not on the allow-list.');
    if (second !== undefined) {
      if (second === 'conversations' && self.has(first)) return 'conversations';
      if (second === 'messages' && (await d.store.findConversationByGraphId(accountId, first))) return 'conversation_messages';
      throw new ForwardRefusal(403, 'path_not_allowed', 'This Graph path is not on the allow-list.');
    }
    if (await d.store.findConversationByGraphId(accountId, first)) return 'conversation';
    const m = await d.store.getMessage(accountId, first);
    if (m && !m.stub) return 'message';
    if (!self.has(first) && (await d.store.getConversation(`${accountId}:${first}`))) return 'profile';
    throw new ForwardRefusal(404, 'not_found', 'No conversation, message or customer with this id belongs to the account.');
  }

  router.use(
    '/graph',
    asyncHandler(async (req: Request, res: Response) => {
      if (req.method !== 'GET') {
        res.setHeader('allow', 'GET');
        throw new KitHttpError(405, 'method_not_allowed', 'Only GET is forwarded to the Graph API.');
      }
      // req.url here is the raw (still percent-encoded) remainder after /graph.
      const raw = req.url;
      const q = raw.indexOf('?');
      const rawPath = q === -1 ? raw : raw.slice(0, q);
      const rawQuery = q === -1 ? '' : raw.slice(q + 1);
      try {
        const [accountId, ...rest] = checkRawPath(rawPath);
        if (!accountId || !d.accounts.has(accountId)) throw new KitHttpError(404, 'account_not_found', 'No such account is configured in @kit/proxy.');
        await d.authorizer.require(req, { accountId, action: 'graph.read' });
        const template = await classify(accountId, rest);
        const query = checkQuery(template, rawQuery);
        // Wait for the account's Conversations API slot (reference §6.3); give up if the client leaves.
        const gone = new AbortController();
        res.once('close', () => gone.abort(new Error('client closed')));
        await d.limits.acquire(accountId, 'conversations', gone.signal);
        const { authorization, proof } = await d.graph.credentials(accountId);
        const qs = query.toString();
        pending.set(req, {
          accountId,
          token: authorization.slice('Bearer '.length),
          authorization,
          ...(proof ? { proof } : {}),
          upstreamPath: `/${d.graph.version}/${rest.join('/')}${qs ? `?${qs}` : ''}`,
        });
        const flavor = d.accounts.info(accountId)!.flavor;
        await proxies[flavor](req, res, (err?: unknown) => {
          // HPM calls next(err) after on.error already answered; nothing else to do.
          if (err && !res.headersSent) sendError(res, new KitHttpError(503, 'graph_unreachable', 'Could not reach the Graph API.', { retryable: true }));
        });
      } catch (err) {
        if (err instanceof ForwardRefusal) {
          d.log.info({ code: err.code }, 'graph forward refused');
          throw new KitHttpError(err.status, err.code, err.message);
        }
        throw err;
      }
    }),
  );

  return { router, close() {} };
}
