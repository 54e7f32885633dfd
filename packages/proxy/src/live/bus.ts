/**
 * The event bus: how events that reached the store's event log get to live SSE connections.
 * In one process a plain in-memory fan-out is enough. Several proxy instances sharing a Postgres
 * store need a bus that hears the other instances' appends: postgres-bus.ts (LISTEN/NOTIFY, the
 * default with `postgresStore`) implements this same interface. SSE correctness never depends
 * on it: every connection replays from the store's log, the bus only shortens the wait.
 *
 * Two audiences: `cluster` listeners (SSE) want every instance's events in log order; `local`
 * listeners (the kit's own consumers: echo reconciliation, consent keywords, metrics) want only
 * what this process published, so each event is acted on once in the cluster. In one process
 * both are the same.
 */
import type { LoggedEvent } from '../store/types';

export type EventListener = (event: LoggedEvent) => void;

/** `local`: events this process published (default); `cluster`: every instance's, in log order. */
export type BusScope = 'local' | 'cluster';

export interface EventBus {
  publish(event: LoggedEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener, scope?: BusScope): () => void;
  close(): void;
}

export function memoryBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    publish(event) {
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch {
          // A broken subscriber (e.g. a socket that just died) must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
    },
  };
}
