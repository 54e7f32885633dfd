/**
 * The Graph API surface: one catch-all handler that parses `/{ver}/{node}/{edge}` like Graph,
 * applies faults, authenticates, rate-limits, dispatches and writes Graph-shaped answers with the
 * `X-Business-Use-Case-Usage` header on every response (reference §3.2).
 *
 * Host/base path: `Host: graph.instagram.com` or a `/instagram` base path means the Instagram
 * host, `graph.facebook.com` or `/facebook` the Facebook host; anything else serves both flavors.
 */

import type { Request, Response } from 'express';
import { Router } from 'express';
import { MESSAGING_PERMISSION } from './accounts';
import { authenticate, pathNamesAccount, requirePermission, type GraphHost } from './auth';
import { handleCommentCall, privateReplyRateClass } from './comments';
import { handleRoutingCall } from './routing';
import type { SandboxContext } from './context';
import { errors, GraphError, newFbtraceId } from './errors';
import type { FaultRoute } from './faults';
import type { RequestRecord } from './inspect';
import type { GraphAnswer, GraphCall } from './call';
import { readParams, type GraphParams } from './params';
import { sendRateClass, handleSend } from './send';
import type { SandboxAccount } from './types';
import { handleRead, handleSubscribedApps } from './reads';
import { handleUpload } from './attachments';
import { handleMessengerProfile } from './profile';

const VERSION = /^v\d+\.\d+$/;

function graphHost(req: Request): GraphHost | null {
  const base = req.baseUrl.toLowerCase();
  if (base.endsWith('/instagram')) return 'instagram';
  if (base.endsWith('/facebook')) return 'facebook';
  const host = (req.headers.host ?? '').toLowerCase();
  if (host.startsWith('graph.instagram.com')) return 'instagram';
  if (host.startsWith('graph.facebook.com')) return 'facebook';
  return null;
}

function routeClass(method: string, edge: string | undefined): FaultRoute {
  if (edge === 'messages' && method === 'POST') return 'send';
  if (edge === 'message_attachments') return 'upload';
  if (edge === 'subscribed_apps') return 'subscribe';
  // Comment replies, hide/unhide, delete and thread control change state like a send does.
  if (method === 'POST' || method === 'DELETE') return 'send';
  return 'read';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function redact(record: Record<string, unknown>): Record<string, unknown> {
  const { access_token: _a, appsecret_proof: _p, ...rest } = record;
  return rest;
}

export function createGraphRouter(ctx: SandboxContext): Router {
  const router = Router();

  router.use(async (req: Request, res: Response) => {
    const url = new URL(req.originalUrl, 'http://sandbox.local');
    const query = Object.fromEntries(url.searchParams);
    const segments = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] && VERSION.test(segments[0])) segments.shift();
    const [node, edge, ...extra] = segments;
    const record: RequestRecord = {
      seq: ctx.inspector.nextSeq(),
      at: ctx.clock.now(),
      method: req.method,
      path: url.pathname,
      query: redact(query),
      body: undefined,
    };
    ctx.inspector.add(ctx.inspector.requestLog, record);

    let account: SandboxAccount | undefined;
    const fbtrace = newFbtraceId();
    const write = (status: number, body: unknown, extraHeaders: Record<string, string> = {}) => {
      record.status = status;
      if (account) res.setHeader('X-Business-Use-Case-Usage', ctx.rateLimiter.bucHeader(account, record.error?.code === 613));
      res.setHeader('x-fb-trace-id', fbtrace);
      for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
      res.status(status).type('application/json; charset=UTF-8').send(JSON.stringify(body));
    };
    const fail = (error: GraphError) => {
      record.error = { code: error.code, ...(error.subcode === undefined ? {} : { subcode: error.subcode }) };
      const headers: Record<string, string> =
        error.code === 190 || error.code === 104 ? { 'WWW-Authenticate': `OAuth "Facebook Platform" "invalid_token" "${error.message.replace(/"/g, "'")}"` } : {};
      write(error.status, error.toBody(fbtrace), headers);
    };

    // Faults first: they model the network and Meta's front door, before any processing.
    const decision = ctx.faults.decide(routeClass(req.method, edge));
    if (decision.latencyMs > 0) {
      record.latencyMs = decision.latencyMs;
      await sleep(decision.latencyMs);
    }
    if (decision.kind === 'reset') {
      record.fault = 'reset';
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'timeout') {
      record.fault = 'timeout';
      req.resume();
      await sleep(ctx.faults.timeoutMs());
      req.socket.destroy();
      return;
    }

    try {
      const params: GraphParams = await readParams(req, query);
      record.body = {
        ...redact(params.body),
        ...(params.files.length > 0
          ? { files: params.files.map((f) => ({ field: f.field, filename: f.filename, mimeType: f.mimeType, size: f.size })) }
          : {}),
      };
      const p = { ...params.query, ...params.body };
      const auth = authenticate(ctx, req.headers.authorization, graphHost(req), params.query, params.body);
      account = auth.account;
      record.accountId = account.id;
      record.tokenVia = auth.tokenVia;

      if (decision.kind === '5xx') {
        record.fault = '5xx';
        fail(ctx.faults.serverErrorStatus() === 500 ? errors.unknownError() : errors.serviceUnavailable());
        return;
      }
      if (decision.kind === 'rateLimit') {
        record.fault = 'rateLimit';
        fail(errors.rateLimited());
        return;
      }
      if (!node || extra.length > 0) throw errors.unknownPath(url.pathname);

      const call: GraphCall = {
        method: req.method,
        node,
        ...(edge ? { edge } : {}),
        params,
        p,
        account,
        token: auth.token,
        origin: `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`,
        basePath: `${req.baseUrl}/${ctx.graphVersion}`,
      };
      const answer = await dispatch(ctx, call);
      if (decision.kind === 'responseLost') {
        record.fault = 'responseLost';
        record.status = answer.status;
        const mid = (answer.body as { message_id?: string }).message_id;
        const sent = mid ? ctx.inspector.sentLog.find((s) => s.mid === mid) : undefined;
        if (sent) sent.responseLost = true;
        req.socket.destroy();
        return;
      }
      write(answer.status, answer.body);
    } catch (err) {
      if (err instanceof GraphError) {
        fail(err);
        return;
      }
      const e = errors.unknownError();
      record.fault = `internal: ${(err as Error)?.message ?? String(err)}`;
      fail(e);
    }
  });

  return router;
}

async function dispatch(ctx: SandboxContext, call: GraphCall): Promise<GraphAnswer> {
  const { method, node, edge, account } = call;
  if (edge === 'messages' && method === 'POST') {
    if (!pathNamesAccount(account, node)) throw errors.unsupportedRequest(method, node);
    requirePermission(account, MESSAGING_PERMISSION[account.flavor]);
    if (!ctx.rateLimiter.take(account.id, privateReplyRateClass(ctx, account, call.p) ?? sendRateClass(call.p))) throw errors.rateLimited();
    return handleSend(ctx, account, call.p, call.params.files);
  }
  if (edge === 'message_attachments' && method === 'POST') {
    if (!pathNamesAccount(account, node)) throw errors.unsupportedRequest(method, node);
    return handleUpload(ctx, call);
  }
  if (edge === 'subscribed_apps') return handleSubscribedApps(ctx, call);
  if (edge === 'messenger_profile') return handleMessengerProfile(ctx, call);
  const routing = handleRoutingCall(ctx, call);
  if (routing) return routing;
  const comments = handleCommentCall(ctx, call);
  if (comments) return comments;
  if (method === 'GET') return handleRead(ctx, call);
  throw errors.unsupportedRequest(method, edge ? `${node}/${edge}` : node);
}
