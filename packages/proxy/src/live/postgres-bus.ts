/**
 * The event bus of several instances on one Postgres store (the default with `postgresStore`):
 * an event applied by instance 2 reaches SSE clients connected to instance 1 live, not only on
 * their next reconnect.
 *
 * - Cluster listeners (SSE) get every instance's events IN LOG ORDER. The log's ids are handed out
 *   in commit order (store/types.ts), so reading "after the last id delivered" never skips one;
 *   the events themselves come from the log, NOTIFY only says "there is more" (its payload is an
 *   instance tag and an id, far below NOTIFY's 8,000-byte limit, whatever the event's size).
 * - Local listeners (the kit's own consumers: echo reconciliation, consent keywords, metrics) get
 *   only the events this process published, at once: the instance that applied an event is the
 *   one that acts on it, so the cluster does it once.
 * - One pooled connection stays in LISTEN; when it breaks it is replaced (backoff up to 30 s) and
 *   the log is read from the last id seen, so a missed notification delays, never loses, an event.
 *   A slow poll covers anything else (a NOTIFY lost with its connection).
 * - NOTIFYs are coalesced per tick: a burst of publishes costs one NOTIFY and one read per
 *   other instance. An event whose id follows the last one delivered goes out without a read.
 */
import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { LoggedEvent } from '../store/types';
import type { PostgresStore } from '../store/postgres';
import type { BusScope, EventBus, EventListener } from './bus';

export interface PostgresBusOptions {
  /** Read the log this often even without a notification. Default 5 s. */
  pollMs?: number;
  /** Events read per query while catching up. Default 500. */
  pageSize?: number;
}

/** Postgres channel names are identifiers: at most 63 bytes. */
const channelOf = (schema: string) => `kit_events_${schema}`.slice(0, 63);

export function postgresBus(store: PostgresStore, log: Logger, o: PostgresBusOptions = {}): EventBus {
  const pollMs = o.pollMs ?? 5000;
  const pageSize = o.pageSize ?? 500;
  const channel = channelOf(store.schema);
  const instance = randomBytes(6).toString('hex');
  const local = new Set<EventListener>();
  const cluster = new Set<EventListener>();
  let closed = false;

  // --- cluster delivery, in log order -------------------------------------------------------------
  /** Highest id handed to cluster listeners; null until the log's end is known. */
  let delivered: number | null = null;
  let reading = false;
  let readAgain = false;

  const deliver = (set: Set<EventListener>, e: LoggedEvent) => {
    for (const l of [...set]) {
      try {
        l(e);
      } catch {
        // A broken subscriber (e.g. a socket that just died) must not stop the others.
      }
    }
  };

  async function readLog(): Promise<void> {
    if (closed || delivered === null) return;
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      do {
        readAgain = false;
        for (;;) {
          const page = await store.readEvents({ after: String(delivered), limit: pageSize });
          for (const e of page) {
            const id = Number(e.id);
            if (id <= (delivered as number)) continue; // delivered meanwhile by publish()
            delivered = id;
            deliver(cluster, e);
          }
          if (page.length < pageSize || closed) break;
        }
      } while (readAgain && !closed);
    } catch (err) {
      if (!closed) log.warn({ err }, 'event bus: reading the event log failed; retrying on the next notification or poll');
    } finally {
      reading = false;
    }
  }

  const started = store
    .lastEventId()
    .then((id) => {
      delivered = Math.max(delivered ?? 0, Number(id ?? 0));
    })
    .catch((err: unknown) => {
      log.warn({ err }, 'event bus: could not read the end of the event log; starting from its beginning');
      delivered = 0;
    });

  // --- NOTIFY, coalesced: at most one in flight ----------------------------------------------------
  // Publishes while a NOTIFY is on its way (or queued for the tick) merge into the next one: under
  // load one NOTIFY per round trip, not one per event (each is a statement and a pool connection,
  // and NOTIFYs serialise on the server's notification queue).
  let notifyId: number | null = null;
  let notifying = false;
  const sendNotify = () => {
    if (notifying || notifyId === null || closed) return;
    const payload = `${instance}:${notifyId}`;
    notifyId = null;
    notifying = true;
    store.pool
      .query('SELECT pg_notify($1, $2)', [channel, payload])
      .catch((err: unknown) => {
        log.warn({ err }, 'event bus: NOTIFY failed; other instances see the event on their next poll');
      })
      .finally(() => {
        notifying = false;
        sendNotify();
      });
  };
  const notify = (id: number) => {
    const first = notifyId === null;
    notifyId = Math.max(notifyId ?? 0, id);
    if (first && !notifying) setImmediate(sendNotify);
  };

  // --- LISTEN on one pooled connection, replaced when it breaks ----------------------------------
  let listener: PoolClient | null = null;
  let retryMs = 500;
  let reconnectTimer: NodeJS.Timeout | null = null;

  const onNotification = (n: { channel: string; payload?: string }) => {
    if (n.channel !== channel || n.payload?.startsWith(`${instance}:`)) return;
    void readLog();
  };

  function drop(client: PoolClient, err?: unknown): void {
    if (listener !== client) return;
    listener = null;
    client.removeListener('notification', onNotification);
    client.release(err instanceof Error ? err : true); // destroy: never hand a LISTENing connection back
    if (!closed) {
      log.warn({ err }, 'event bus: lost the LISTEN connection; reconnecting');
      scheduleListen();
    }
  }

  function scheduleListen(): void {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void listen();
    }, retryMs);
    reconnectTimer.unref();
    retryMs = Math.min(retryMs * 2, 30_000);
  }

  async function listen(): Promise<void> {
    let client: PoolClient;
    try {
      await store.ready();
      client = await store.pool.connect();
    } catch (err) {
      if (!closed) log.warn({ err }, 'event bus: cannot connect to LISTEN; retrying');
      scheduleListen();
      return;
    }
    if (closed) {
      client.release();
      return;
    }
    listener = client;
    client.on('notification', onNotification);
    client.on('error', (err) => drop(client, err));
    client.on('end', () => drop(client));
    try {
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      retryMs = 500;
    } catch (err) {
      drop(client, err);
      return;
    }
    // Whatever was appended while we were not listening.
    await started;
    void readLog();
  }

  void listen();
  const poll = setInterval(() => void readLog(), pollMs);
  poll.unref();

  return {
    publish(event) {
      deliver(local, event);
      const id = Number(event.id);
      if (delivered !== null && id === delivered + 1) {
        delivered = id; // nothing can sit between: deliver without a read
        deliver(cluster, event);
      } else if (delivered === null || id > delivered) {
        void started.then(readLog);
      }
      notify(id);
    },
    subscribe(fn: EventListener, scope: BusScope = 'local') {
      const set = scope === 'cluster' ? cluster : local;
      set.add(fn);
      return () => set.delete(fn);
    },
    close() {
      closed = true;
      clearInterval(poll);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const client = listener;
      listener = null;
      if (client) {
        client.removeListener('notification', onNotification);
        client.release(true); // closing the connection ends its LISTEN
      }
      local.clear();
      cluster.clear();
    },
  };
}
