'use client';
/**
 * Where a conversation stands in Instagram's messaging window, kept current: the state is
 * recomputed from `lastInboundAt` with core's `windowState` once a minute (aligned to the
 * countdown, so "5 h 12 min" turns into "5 h 11 min" on time) and exactly when the window moves
 * on (open → human_agent → closed).
 */
import { useEffect, useState } from 'react';
import { MINUTE_MS, windowState } from '@kit/core';
import type { WindowState } from '@kit/core';
import { useKitStore } from '../provider';

/**
 * The current time, re-read once a minute. `fixed` freezes it (stories, tests, SSR snapshots).
 * `phase` is an instant the ticks line up with: the window ends 24 h and 7 d after the customer's
 * message, whole minutes, so ticking in phase with that message makes the countdown and the
 * state changes land on time.
 */
export function useMinuteClock(fixed?: number, phase = 0): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (fixed !== undefined) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const into = (((Date.now() - phase) % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, MINUTE_MS - into + 5);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [fixed, phase]);
  return fixed ?? now;
}

/** `windowState` for a last-inbound time, kept current. */
export function useWindowState(lastInboundAt: number | null | undefined, options: { now?: number } = {}): WindowState {
  const now = useMinuteClock(options.now, lastInboundAt ?? 0);
  return windowState({ lastInboundAt, now });
}

export interface UseMessagingWindowOptions {
  /** Freeze the clock (stories, tests). */
  now?: number;
  /** Use this instead of the conversation's `lastInboundAt` (e.g. a host app's own data). */
  lastInboundAt?: number | null;
}

/** The messaging window of a conversation in the kit store. */
export function useMessagingWindow(conversationId: string, options: UseMessagingWindowOptions = {}): WindowState {
  const stored = useKitStore((s) => s.conversations[conversationId]?.lastInboundAt);
  const lastInboundAt = options.lastInboundAt !== undefined ? options.lastInboundAt : stored;
  return useWindowState(lastInboundAt, options.now === undefined ? {} : { now: options.now });
}
