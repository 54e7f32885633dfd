/**
 * The event bus: how events that reached the store's event log get to live SSE connections.
 * In one process a plain in-memory fan-out is enough. Several proxy instances sharing a Postgres
 * store need a bus that hears the other instances' appends (LISTEN/NOTIFY or polling the log);
 * that bus implements this same interface, and SSE correctness never depends on it: every
 * connection replays from the store's log, the bus only shortens the wait.
 */
import type { LoggedEvent } from '../store/types';

export type EventListener = (event: LoggedEvent) => void;

export interface EventBus {
  publish(event: LoggedEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
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
