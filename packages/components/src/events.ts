/**
 * The live event stream: one EventSource per provider on `/events`, resumed from the last seen
 * event id. The browser's EventSource already reconnects by itself after a dropped connection and
 * sends `Last-Event-ID`; what it does NOT do is come back after the server answered with an error
 * (readyState CLOSED), so we reopen it ourselves with backoff and pass the id as `?lastEventId=`
 * (a new EventSource cannot set headers). Where EventSource does not exist we long-poll
 * `?after=`.
 */
import { KIT_EVENT_TYPES } from '@kit/core';
import type { KitEvent } from '@kit/core';
import type { KitClient } from './client';

export type KitConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'polling' | 'closed';

export interface EventStreamOptions {
  client: KitClient;
  onEvent: (event: KitEvent) => void;
  onState?: (state: KitConnectionState) => void;
  /**
   * The proxy could not replay from our last id (it is older than its retained log): state may
   * have missed events, so reload over REST. Sent as an `event: reset` frame, or `reset: true`
   * on a long-poll answer.
   */
  onReset?: () => void;
  /** Resume after this event id (e.g. restored from storage). */
  lastEventId?: string | null;
  /** Inject an EventSource implementation (tests). Defaults to the global one when it exists. */
  EventSource?: typeof EventSource | null;
  /** Backoff for reopening a CLOSED stream: base delay in ms (doubles, capped at 30 s, with jitter). */
  retryBaseMs?: number;
  /** After this many consecutive failed opens, fall back to long-polling. */
  maxFailuresBeforePolling?: number;
  /** Random source for jitter (tests make it deterministic). */
  random?: () => number;
}

export interface EventStream {
  readonly lastEventId: string | null;
  close(): void;
}

const MAX_BACKOFF_MS = 30_000;

export function connectEvents(options: EventStreamOptions): EventStream {
  const ES = options.EventSource === undefined ? (typeof EventSource === 'undefined' ? null : EventSource) : options.EventSource;
  const base = options.retryBaseMs ?? 1000;
  const maxFailures = options.maxFailuresBeforePolling ?? 5;
  const random = options.random ?? Math.random;
  let lastEventId: string | null = options.lastEventId ?? null;
  let closed = false;
  let failures = 0;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let poller: AbortController | null = null;

  const setState = (state: KitConnectionState) => options.onState?.(state);

  const deliver = (raw: string, id: string | undefined) => {
    let event: KitEvent;
    try {
      event = JSON.parse(raw) as KitEvent;
    } catch {
      return; // not JSON (a comment-like heartbeat payload): nothing to apply
    }
    if (!event || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') return;
    if (id) {
      lastEventId = id;
      if (!event.id) event.id = id;
    } else if (event.id) lastEventId = event.id;
    options.onEvent(event);
  };

  const backoff = () => {
    const exp = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.max(0, failures - 1));
    return Math.round(exp / 2 + (random() * exp) / 2); // "equal jitter": never 0, never synchronized
  };

  const schedule = (fn: () => void, ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!closed) fn();
    }, ms);
  };

  const open = () => {
    if (closed) return;
    if (!ES || failures >= maxFailures) {
      poll();
      return;
    }
    setState(failures === 0 ? 'connecting' : 'reconnecting');
    const es = new ES(options.client.eventsUrl(lastEventId ? { lastEventId } : undefined));
    source = es;
    const onMessage = (event: MessageEvent) => deliver(String(event.data), event.lastEventId || undefined);
    es.onopen = () => {
      failures = 0;
      setState('open');
    };
    // The proxy may name events by type (`event: message`) or send them unnamed: listen to both.
    es.onmessage = onMessage;
    for (const type of NAMED_TYPES) es.addEventListener(type, onMessage as EventListener);
    es.addEventListener('reset', () => options.onReset?.());
    es.onerror = () => {
      if (closed || source !== es) return;
      if (es.readyState === 2 /* CLOSED: the browser gave up */) {
        es.close();
        source = null;
        failures++;
        setState('reconnecting');
        schedule(open, backoff());
      } else {
        setState('reconnecting'); // CONNECTING: the browser retries by itself with Last-Event-ID
      }
    };
  };

  const poll = () => {
    if (closed) return;
    setState('polling');
    poller = new AbortController();
    const ctrl = poller;
    options.client.pollEvents(lastEventId, ctrl.signal).then(
      (res) => {
        if (closed || ctrl.signal.aborted) return;
        failures = Math.min(failures, maxFailures);
        if (res.reset) options.onReset?.();
        for (const e of res.events) deliver(JSON.stringify(e), e.id);
        if (res.lastEventId) lastEventId = res.lastEventId;
        schedule(poll, 0);
      },
      () => {
        if (closed || ctrl.signal.aborted) return;
        failures++;
        schedule(poll, backoff());
      },
    );
  };

  open();

  return {
    get lastEventId() {
      return lastEventId;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      source?.close();
      source = null;
      poller?.abort();
      setState('closed');
    },
  };
}

// Named SSE event types we accept besides unnamed `message` events: every KitEvent type from
// core, plus the proxy's own `kit` frames.
const NAMED_TYPES = [...KIT_EVENT_TYPES.filter((type) => type !== 'message'), 'kit'];
