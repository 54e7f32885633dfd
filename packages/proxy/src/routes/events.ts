/**
 * GET /events — live events.
 *
 * SSE (when the client accepts text/event-stream): every event frame carries `id:` = the event's
 * monotonic event-log id and `data:` = the KitEvent JSON (default event name, so
 * `EventSource.onmessage` gets them all). Resume: `Last-Event-ID` header (sent by EventSource on
 * reconnect) or `?lastEventId=` / `?after=`; everything after it is replayed from the store's
 * log, then live events follow with no gap and no duplicate (we subscribe before replaying and
 * drop live events whose id was already written). Without a resume point the stream starts at
 * "now". If the resume point is older than the retained log, an `event: reset` frame tells the
 * client to reload over REST. Heartbeat comments keep proxies from closing idle streams.
 *
 * Long-poll fallback (any other Accept): `GET /events?after=<id>` → JSON
 * `{ events, lastEventId }`, waiting up to `wait` seconds (default 25) for the first event.
 *
 * Only events of accounts the caller may `events.read` are sent (optionally narrowed with
 * `?accountId=a&accountId=b`).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Authorizer } from '../auth';
import { KitHttpError } from '../errors';
import type { EventBus } from '../events/bus';
import type { LoggedEvent, Store } from '../store/types';
import { asyncHandler } from '../util/async-handler';

export interface EventsRouteOptions {
  store: Store;
  bus: EventBus;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  log: Logger;
  heartbeatMs: number;
  retryMs: number;
  pollTimeoutMs: number;
  /** Events per store read while replaying. */
  replayPageSize: number;
}

export interface EventStreams {
  router: Router;
  /** End every open stream (kit.close()). */
  closeAll(): void;
}

const EVENT_ID_RE = /^\d{1,18}$/;

function resumePoint(req: Request): string | undefined {
  const q = req.query as Record<string, unknown>;
  const candidates = [req.get('last-event-id'), q.lastEventId, q.after];
  for (const c of candidates) {
    if (c === undefined || c === '') continue;
    if (typeof c !== 'string' || !EVENT_ID_RE.test(c)) {
      throw new KitHttpError(400, 'invalid_event_id', 'Last-Event-ID / after must be an event id previously received from /events.');
    }
    return c;
  }
  return undefined;
}

export function frame(event: LoggedEvent): string {
  // JSON.stringify never emits raw newlines, so one data: line per event is safe.
  return `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function eventRoutes(o: EventsRouteOptions): EventStreams {
  const router = express.Router();
  const open = new Set<Response>();

  async function allowedAccounts(req: Request): Promise<string[]> {
    const q = req.query as Record<string, unknown>;
    const requested = q.accountId === undefined ? undefined : ([] as unknown[]).concat(q.accountId).map(String);
    if (requested?.some((id) => !o.accounts.has(id))) {
      throw new KitHttpError(404, 'account_not_found', 'Unknown accountId in the query.');
    }
    const ids = await o.authorizer.filter(req, requested ?? o.accounts.ids(), 'events.read');
    if (ids.length === 0) {
      throw new KitHttpError(403, 'forbidden', 'Not allowed to read events for any account. The host application\'s authorize() hook decides this.');
    }
    return ids;
  }

  /** Whether `after` can be resumed from the retained log. */
  async function replayable(after: string): Promise<boolean> {
    const [first, last] = await Promise.all([o.store.firstEventId(), o.store.lastEventId()]);
    const n = Number(after);
    if (last === null) return n === 0;
    if (n > Number(last)) return false; // the log was reset (or the id is from elsewhere)
    return first === null || n >= Number(first) - 1;
  }

  router.get(
    '/events',
    asyncHandler(async (req, res) => {
      const accountIds = await allowedAccounts(req);
      const allowed = new Set(accountIds);
      const after = resumePoint(req);
      if ((req.get('accept') ?? '').includes('text/event-stream')) {
        await stream(res, allowed, accountIds, after);
      } else {
        await poll(req, res, allowed, accountIds, after);
      }
    }),
  );

  async function stream(res: Response, allowed: Set<string>, accountIds: string[], after: string | undefined) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    res.flushHeaders();
    res.write(`retry: ${o.retryMs}\n\n`);
    open.add(res);

    let lastWritten = 0;
    let replaying = true;
    const buffered: LoggedEvent[] = [];
    const write = (e: LoggedEvent) => {
      if (Number(e.id) <= lastWritten) return;
      lastWritten = Number(e.id);
      res.write(frame(e));
    };
    // Subscribe first so nothing published during the replay is missed.
    const unsubscribe = o.bus.subscribe((e) => {
      if (!allowed.has(e.accountId)) return;
      if (replaying) buffered.push(e);
      else write(e);
    });
    const heartbeat = setInterval(() => res.write(`: ping ${Date.now()}\n\n`), o.heartbeatMs);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    };
    // res 'close' fires when the client goes away (req 'close' may fire early for bodiless GETs).
    res.on('close', cleanup);

    try {
      if (after === undefined) {
        lastWritten = Number((await o.store.lastEventId()) ?? 0);
      } else if (!(await replayable(after))) {
        res.write(`event: reset\ndata: ${JSON.stringify({ reason: 'replay_unavailable' })}\n\n`);
        lastWritten = Number((await o.store.lastEventId()) ?? 0);
      } else {
        lastWritten = Number(after);
        for (;;) {
          const page = await o.store.readEvents({ after: String(lastWritten), accountIds, limit: o.replayPageSize });
          for (const e of page) write(e);
          if (page.length < o.replayPageSize) break;
          if (res.destroyed) return;
        }
      }
    } catch (err) {
      o.log.error({ err }, 'SSE replay failed');
      res.end();
      return;
    }
    replaying = false;
    for (const e of buffered.splice(0)) write(e);
  }

  async function poll(req: Request, res: Response, allowed: Set<string>, accountIds: string[], after: string | undefined) {
    const q = req.query as Record<string, unknown>;
    const waitS = q.wait === undefined ? o.pollTimeoutMs / 1000 : Number(q.wait);
    if (!Number.isFinite(waitS) || waitS < 0 || waitS > 60) throw new KitHttpError(400, 'invalid_wait', 'wait must be between 0 and 60 seconds.');
    if (after === undefined) {
      // No position yet: tell the client where "now" is.
      res.json({ events: [], lastEventId: (await o.store.lastEventId()) ?? '0' });
      return;
    }
    if (!(await replayable(after))) {
      res.json({ events: [], lastEventId: (await o.store.lastEventId()) ?? '0', reset: true });
      return;
    }
    const read = () => o.store.readEvents({ after, accountIds, limit: o.replayPageSize });
    let events = await read();
    if (events.length === 0 && waitS > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          unsubscribe();
          res.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, waitS * 1000);
        const unsubscribe = o.bus.subscribe((e) => {
          if (allowed.has(e.accountId)) done();
        });
        res.on('close', done);
      });
      events = await read();
    }
    res.json({ events, lastEventId: events.at(-1)?.id ?? after });
  }

  return {
    router,
    closeAll() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
