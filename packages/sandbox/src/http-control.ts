/**
 * The sandbox's own HTTP API under `/__sandbox`, for a browser-side simulator panel and for
 * tests in other processes: inspect, script customers, move the clock, set faults. It never
 * returns access tokens (they must not reach a browser).
 */

import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { placeholderPng } from './placeholder';
import { publicAccount } from './accounts';
import { permalinkOf } from './comments';
import type { SandboxContext } from './context';
import type { CustomerMediaType } from './customer';
import type { GraphSandbox } from './api';
import { iceBreakersFor, menuFor } from './profile';

type Handler = (req: Request) => unknown;

export function createControlRouter(ctx: SandboxContext, sandbox: GraphSandbox): Router {
  const r = Router();
  r.use(express.json({ limit: '1mb' }));

  const route = (method: 'get' | 'post' | 'put' | 'delete', path: string, fn: Handler) => {
    r[method](path, async (req: Request, res: Response) => {
      try {
        const out = await fn(req);
        res.status(200).json(out ?? { ok: true });
      } catch (err) {
        res.status(400).json({ error: { message: (err as Error)?.message ?? String(err) } });
      }
    });
  };
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
  const str = (value: unknown, name: string): string => {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${name} (string) is required`);
    return value;
  };
  const id = (req: Request) => str(req.params.id, 'customer id');
  const int = (value: unknown, name: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new TypeError(`${name} (a non-negative integer) is required`);
    return value;
  };

  // --- state and inspection ---
  route('get', '/state', () => ({
    now: ctx.clock.now(),
    clockOffsetMs: ctx.clock.offset(),
    webhookUrl: ctx.webhooks.webhookUrl ?? null,
    accounts: ctx.accounts.list().map(publicAccount),
    customers: sandbox.customer.list(),
    faults: sandbox.faults.get(),
  }));
  route('get', '/requests', () => sandbox.inspect.requests());
  route('get', '/sent', (req) => sandbox.inspect.sent(req.query as { accountId?: string; recipientId?: string }));
  route('get', '/actions', (req) => sandbox.inspect.actions(req.query as { accountId?: string; recipientId?: string }));
  route('get', '/webhooks', () => sandbox.inspect.webhooks());
  // What a customer of the account sees before and around the conversation (simulator panel).
  route('get', '/accounts/:accountId/profile', (req) => {
    const account = sandbox.accounts.get(str(req.params.accountId, 'accountId'));
    if (!account) throw new TypeError(`unknown account ${String(req.params.accountId)}`);
    const locale = typeof req.query.locale === 'string' ? req.query.locale : undefined;
    return { iceBreakers: iceBreakersFor(ctx, account, locale), persistentMenu: menuFor(ctx, account, locale) };
  });
  route('get', '/customers', (req) => sandbox.customer.list(typeof req.query.accountId === 'string' ? req.query.accountId : undefined));
  route('get', '/conversations', (req) => {
    const accountId = typeof req.query.accountId === 'string' ? req.query.accountId : undefined;
    return [...ctx.store.conversations.values()]
      .filter((c) => !accountId || c.accountId === accountId)
      .map((c) => ({ ...c, messages: c.mids.map((m) => ctx.store.messages.get(m)) }));
  });

  // --- control ---
  route('post', '/reset', () => sandbox.reset());
  route('post', '/flush', () => sandbox.flush());
  route('get', '/clock', () => ({ now: ctx.clock.now(), offsetMs: ctx.clock.offset() }));
  route('post', '/clock/advance', (req) => {
    const ms = Number(body(req).ms);
    return { now: ctx.clock.advance(ms), offsetMs: ctx.clock.offset() };
  });
  route('get', '/faults', () => sandbox.faults.get());
  route('put', '/faults', (req) => {
    sandbox.faults.clear();
    return sandbox.faults.set(body(req));
  });
  route('post', '/faults', (req) => sandbox.faults.set(body(req)));
  route('delete', '/faults', () => sandbox.faults.clear());
  route('post', '/faults/once', (req) => sandbox.faults.once(body(req) as never));
  route('post', '/webhooks/verify', async () => ({ verified: await sandbox.webhooks.verify() }));
  route('post', '/accounts/:accountId/token', (req) => {
    const state = body(req).state;
    const accountId = str(req.params.accountId, 'accountId');
    if (state === 'expired') sandbox.accounts.expireToken(accountId);
    else if (state === 'revoked') sandbox.accounts.revokeToken(accountId);
    else if (state === 'valid') sandbox.accounts.restoreToken(accountId);
    else throw new TypeError('state must be expired | revoked | valid');
    return publicAccount(sandbox.accounts.get(accountId) as never);
  });

  // --- customers ---
  const c = sandbox.customer;
  route('post', '/customers', (req) => c.create(body(req) as never));
  route('post', '/customers/:id/messages', (req) => {
    const b = body(req);
    return c.text(id(req), str(b.text, 'text'), typeof b.replyTo === 'string' ? { replyTo: b.replyTo } : {});
  });
  route('post', '/customers/:id/media', (req) => {
    const b = body(req);
    return c.media(id(req), str(b.type, 'type') as CustomerMediaType, typeof b.url === 'string' ? { url: b.url } : {});
  });
  route('post', '/customers/:id/share', (req) => c.share(id(req), body(req) as never));
  route('post', '/customers/:id/story-mention', (req) => c.mentionInStory(id(req), body(req) as never));
  route('post', '/customers/:id/story-reply', (req) => {
    const b = body(req);
    return c.replyToStory(id(req), str(b.text, 'text'), b as never);
  });
  route('post', '/customers/:id/reactions', (req) => {
    const b = body(req);
    const mid = str(b.mid, 'mid');
    return b.action === 'unreact' ? c.unreact(id(req), mid) : c.react(id(req), mid, typeof b.reaction === 'string' ? b.reaction : 'love');
  });
  route('post', '/customers/:id/unsend', (req) => c.unsend(id(req), str(body(req).mid, 'mid')));
  route('post', '/customers/:id/edit', (req) => c.edit(id(req), str(body(req).mid, 'mid'), str(body(req).text, 'text')));
  route('post', '/customers/:id/read', (req) => c.read(id(req), typeof body(req).mid === 'string' ? (body(req).mid as string) : undefined));
  route('post', '/customers/:id/quick-reply', (req) => c.quickReply(id(req), { title: str(body(req).title, 'title'), payload: str(body(req).payload, 'payload') }));
  route('post', '/customers/:id/postback', (req) => c.postback(id(req), { title: str(body(req).title, 'title'), payload: str(body(req).payload, 'payload') }));
  route('post', '/customers/:id/referral', (req) => c.referral(id(req), { ref: str(body(req).ref, 'ref') }));
  route('post', '/customers/:id/ad', (req) => c.fromAd(id(req), str(body(req).text, 'text'), body(req) as never));
  route('post', '/customers/:id/tap-quick-reply', (req) => c.tapQuickReply(id(req), str(body(req).mid, 'mid'), int(body(req).index, 'index')));
  route('post', '/customers/:id/tap-button', (req) => {
    const b = body(req);
    return c.tapButton(id(req), str(b.mid, 'mid'), { button: int(b.button, 'button'), ...(b.element !== undefined ? { element: int(b.element, 'element') } : {}) });
  });
  route('post', '/customers/:id/tap-ice-breaker', (req) => c.tapIceBreaker(id(req), int(body(req).index, 'index')));
  route('post', '/customers/:id/tap-menu-item', (req) => c.tapMenuItem(id(req), int(body(req).index, 'index')));
  route('post', '/customers/:id/unsupported', (req) => c.unsupported(id(req)));
  route('post', '/customers/:id/optin', (req) => c.optIn(id(req), body(req) as never));
  route('post', '/customers/:id/optout', (req) => c.optOut(id(req), body(req) as never));
  route('post', '/customers/:id/block', (req) => c.block(id(req)));
  route('post', '/customers/:id/unblock', (req) => c.unblock(id(req)));

  // --- the business's media and its comments (reference §2.4, §5.6) ---
  route('get', '/media', (req) => {
    const accountId = typeof req.query.accountId === 'string' ? req.query.accountId : undefined;
    const owners = new Set(ctx.accounts.list().map((a) => a.id));
    return [...ctx.store.media.values()]
      .filter((m) => owners.has(m.ownerId) && (!accountId || m.ownerId === accountId))
      .map((m) => ({ ...m, permalink: permalinkOf(m), comments: [...ctx.store.comments.values()].filter((x) => x.mediaId === m.id) }));
  });
  route('post', '/accounts/:accountId/media', (req) => {
    const b = body(req);
    const kind = b.kind ?? 'post';
    if (kind !== 'post' && kind !== 'reel' && kind !== 'story' && kind !== 'live') throw new TypeError('kind must be post | reel | story | live');
    return sandbox.accounts.createMedia(str(req.params.accountId, 'accountId'), { kind, ...(typeof b.caption === 'string' ? { caption: b.caption } : {}) });
  });
  route('post', '/media/:mediaId/end-live', (req) => sandbox.accounts.endLive(str(req.params.mediaId, 'mediaId')));
  route('get', '/comments', (req) => {
    const q = req.query as Record<string, unknown>;
    return [...ctx.store.comments.values()].filter((x) => (typeof q.accountId !== 'string' || x.accountId === q.accountId) && (typeof q.mediaId !== 'string' || x.mediaId === q.mediaId));
  });
  route('post', '/customers/:id/comments', (req) => {
    const b = body(req);
    return c.comment(id(req), {
      text: str(b.text, 'text'),
      ...(typeof b.mediaId === 'string' ? { mediaId: b.mediaId } : {}),
      ...(typeof b.parentId === 'string' ? { parentId: b.parentId } : {}),
    });
  });
  route('post', '/customers/:id/mentions', (req) => c.mention(id(req), typeof body(req).text === 'string' ? { text: body(req).text as string } : {}));

  // --- Conversation Routing: other apps taking and writing in threads (reference §9.3) ---
  const appIdOf = (req: Request) => (typeof body(req).appId === 'string' ? (body(req).appId as string) : undefined);
  const metadataOf = (req: Request) => (typeof body(req).metadata === 'string' ? (body(req).metadata as string) : undefined);
  route('get', '/routing/:id', (req) => ({ owner: sandbox.routing.owner(id(req)) }));
  route('post', '/routing/:id/take', (req) => sandbox.routing.take(id(req), appIdOf(req), metadataOf(req)));
  route('post', '/routing/:id/pass', (req) => sandbox.routing.pass(id(req), appIdOf(req), metadataOf(req)));
  route('post', '/routing/:id/request', (req) => sandbox.routing.request(id(req), appIdOf(req), metadataOf(req)));
  route('post', '/routing/:id/send', (req) => sandbox.routing.send(id(req), str(body(req).text, 'text')));

  // --- live activity feed (SSE) for a simulator panel: what the business sent, sender actions,
  // customer events, webhook deliveries. The panel re-reads /conversations when it sees one.
  r.get('/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': sandbox activity\n\n');
    let id = 0;
    const off = ctx.inspector.subscribe((a) => {
      res.write(`id: ${++id}\nevent: ${a.kind}\ndata: ${JSON.stringify(a)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': hb\n\n'), 15_000);
    req.on('close', () => {
      off();
      clearInterval(heartbeat);
    });
  });

  // --- media hosted by the sandbox ---
  r.get('/cdn/:id', (req, res) => {
    const blob = req.params.id === 'like_heart' ? { mime: 'image/png', bytes: placeholderPng([237, 73, 86], 48) } : ctx.store.blobs.get(req.params.id);
    if (!blob) {
      res.status(404).json({ error: { message: 'No such media (it may have been reset)' } });
      return;
    }
    res.status(200).type(blob.mime).send(blob.bytes);
  });

  // Malformed JSON bodies and other parser errors: answer in the API's own error shape.
  r.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status && err.status < 500 ? err.status : 400).json({ error: { message: `Invalid request: ${err.message}` } });
  });

  return r;
}
