/**
 * The demo's clock. In sandbox mode the sandbox clock is the truth (the proxy and the sandbox both
 * read it), and "go silent for 25 h" moves it forward; the browser shows the same time by adding
 * the sandbox's offset to its own clock. With the real Graph API the offset is always 0.
 *
 * A small external store (not React state) so the kit store can read the time outside renders and
 * components subscribe with useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';

/** How often relative times and window countdowns are refreshed. */
const TICK_MS = 15_000;

export interface ClockSnapshot {
  /** Sandbox time (ms) as of the last tick or offset change. */
  now: number;
  offsetMs: number;
}

export interface DemoClock {
  /** Sandbox time right now. */
  read(): number;
  snapshot(): ClockSnapshot;
  setOffset(offsetMs: number): void;
  subscribe(listener: () => void): () => void;
}

export function createDemoClock(initialOffsetMs: number): DemoClock {
  let offsetMs = initialOffsetMs;
  let snap: ClockSnapshot = { now: Date.now() + offsetMs, offsetMs };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const update = () => {
    snap = { now: Date.now() + offsetMs, offsetMs };
    for (const fn of listeners) fn();
  };
  return {
    read: () => Date.now() + offsetMs,
    snapshot: () => snap,
    setOffset(next) {
      offsetMs = next;
      update();
    },
    subscribe(listener) {
      listeners.add(listener);
      timer ??= setInterval(update, TICK_MS);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}

export function useClock(clock: DemoClock): ClockSnapshot {
  return useSyncExternalStore(clock.subscribe, clock.snapshot);
}

/** "+1 d 1 h", for the clock badge. */
export function formatOffset(ms: number): string {
  if (ms <= 0) return 'real time';
  const h = Math.round(ms / 3_600_000);
  const d = Math.floor(h / 24);
  const rest = h % 24;
  return `+${d ? `${d} d` : ''}${d && rest ? ' ' : ''}${rest || !d ? `${rest} h` : ''}`;
}
