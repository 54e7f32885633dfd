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
 *
 * Slow readers are bounded: a client that stops reading makes Node queue every frame in memory
 * (5 stalled clients grew the heap 25 → 56 MB in 15 s). Each connection may have at most
 * `maxBufferedBytes` queued (`res.writableLength`, plus live events held back during a replay);
 * past that it is closed at once — `destroy()`, because `end()` would keep the queue until the
 * client read it, and a goodbye frame queued behind bytes the client is not reading could never
 * arrive. EventSource reconnects by itself with `Last-Event-ID` (the id of the last frame it
 * received whole), and the replay from the log gives it everything after that, once. The replay
 * itself waits for `drain`, so a long backlog never piles up in memory either.
 * Each event is serialised once (frames are cached per event object, which the bus hands to
 * every connection), and every connection is written the same bytes.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import type { EventBus } from './bus';
import type { LoggedEvent, Store } from '../store/types';
import { asyncHandler } from '../http/async-handler';

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
  /** Bytes a connection may have queued before it is closed (slow reader). */
  maxBufferedBytes: number;
  /** A connection was closed for not reading (metrics). */
  onSlowReaderClosed?: () => void;
}

export interface EventStreams {
  router: Router;
  /** End every open stream (kit.close()). */
  closeAll(): void;
  /** SSE connections open right now (metrics). */
  openCount(): number;
}

/** Default bound on bytes queued per SSE connection. */
export const DEFAULT_SSE_MAX_BUFFERED_BYTES = 1024 * 1024;
/**
 * res.write() asks the writer to wait only past the stream's high-water mark (64 KiB since Node
 * 22): a bound below twice that would close clients that keep up, e.g. during a replay.
 */
export const MIN_SSE_BUFFERED_BYTES = 128 * 1024;

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

/**
 * The bus hands the same event object to every connection: its frame is built once and the same
 * bytes are written to all of them. Weak, so a frame lives exactly as long as its event.
 */
const frames = new WeakMap<LoggedEvent, Buffer>();
function frameBytes(event: LoggedEvent): Buffer {
  let bytes = frames.get(event);
  if (!bytes) {
    bytes = Buffer.from(frame(event), 'utf8');
    frames.set(event, bytes);
  }
  return bytes;
}

/** Resolves true when `res` drained, false when it closed first. */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

export function eventRoutes(o: EventsRouteOptions): EventStreams {
  const router = express.Router();
  const open = new Set<Response>();

  // One bus subscription for every connection, and the connections indexed by account: an event
  // visits only the connections of its account (a scan of every connection's filter cost O(all
  // connections) per event: 1,000 agents over 100 accounts = 990 wasted calls per event).
  const following = new Map<string, Set<(e: LoggedEvent) => void>>();
  let unsubscribeBus: (() => void) | null = null;
  function follow(accountIds: readonly string[], listener: (e: LoggedEvent) => void): () => void {
    unsubscribeBus ??= o.bus.subscribe((e) => {
      const listeners = following.get(e.accountId);
      if (!listeners) return;
      for (const l of listeners) {
        try {
          l(e);
        } catch (err) {
          // A broken connection must not stop the others.
          o.log.warn({ err }, 'SSE listener failed');
        }
      }
    }, 'cluster');
    for (const id of accountIds) {
      let set = following.get(id);
      if (!set) following.set(id, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const id of accountIds) {
        const set = following.get(id);
        set?.delete(listener);
        if (set?.size === 0) following.delete(id);
      }
      if (following.size === 0 && unsubscribeBus) {
        unsubscribeBus();
        unsubscribeBus = null;
      }
    };
  }

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
      const after = resumePoint(req);
      if ((req.get('accept') ?? '').includes('text/event-stream')) {
        await stream(res, accountIds, after);
      } else {
        await poll(req, res, accountIds, after);
      }
    }),
  );

  async function stream(res: Response, accountIds: string[], after: string | undefined) {
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
    let bufferedBytes = 0;
    /** Over the bound: close now, which also frees what was queued. */
    const overLimit = (): boolean => {
      const queued = res.writableLength + bufferedBytes;
      if (queued <= o.maxBufferedBytes) return false;
      o.log.info({ queuedBytes: queued, lastEventId: String(lastWritten) }, 'SSE client is not reading; closed (it resumes with Last-Event-ID)');
      o.onSlowReaderClosed?.();
      res.destroy();
      return true;
    };
    /** Writes and enforces the bound; false when the client should be waited for, or is gone. */
    const send = (bytes: Buffer | string): boolean => {
      if (res.destroyed) return false;
      const ok = res.write(bytes);
      return !overLimit() && ok;
    };
    /** Writes one event unless it was already written; returns what res.write said. */
    const write = (e: LoggedEvent): boolean => {
      if (Number(e.id) <= lastWritten) return true;
      lastWritten = Number(e.id);
      return send(frameBytes(e));
    };
    // Subscribe first so nothing published during the replay is missed.
    const unsubscribe = follow(accountIds, (e) => {
      if (!replaying) {
        write(e);
        return;
      }
      // Held back until the replay is written: counts against the same bound.
      buffered.push(e);
      bufferedBytes += frameBytes(e).length;
      overLimit();
    });
    const heartbeat = setInterval(() => send(`: ping ${Date.now()}\n\n`), o.heartbeatMs);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
      buffered.length = 0;
      bufferedBytes = 0;
    };
    // res 'close' fires when the client goes away (req 'close' may fire early for bodiless GETs).
    res.on('close', cleanup);

    try {
      if (after === undefined) {
        lastWritten = Number((await o.store.lastEventId()) ?? 0);
      } else if (!(await replayable(after))) {
        send(`event: reset\ndata: ${JSON.stringify({ reason: 'replay_unavailable' })}\n\n`);
        lastWritten = Number((await o.store.lastEventId()) ?? 0);
      } else {
        lastWritten = Number(after);
        for (;;) {
          const page = await o.store.readEvents({ after: String(lastWritten), accountIds, limit: o.replayPageSize });
          for (const e of page) {
            // Backpressure: a long backlog is written as fast as the client reads, no faster.
            if (!write(e) && !(await drained(res))) return;
          }
          if (page.length < o.replayPageSize) break;
          if (res.destroyed) return;
        }
      }
    } catch (err) {
      o.log.error({ err }, 'SSE replay failed');
      res.end();
      return;
    }
    if (res.destroyed) return;
    replaying = false;
    const held = buffered.splice(0);
    bufferedBytes = 0;
    for (const e of held) write(e);
  }

  async function poll(req: Request, res: Response, accountIds: string[], after: string | undefined) {
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
        const unsubscribe = follow(accountIds, done);
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
    openCount: () => open.size,
  };
}
