import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KitEvent } from '@kit/core';
import { createKitClient } from './client';
import { connectEvents } from './events';
import type { KitConnectionState } from './events';
import { ACCOUNT, CID } from './test/fixtures';

/** A scriptable EventSource: records the URLs it was opened with and lets the test emit. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: MessageEvent) => void>();
  closed = false;
  constructor(public url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  emit(data: unknown, id?: string, type = 'message') {
    const e = new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id ?? '' });
    if (type === 'message') this.onmessage?.(e);
    else this.listeners.get(type)?.(e);
  }
  fail(fatal: boolean) {
    this.readyState = fatal ? 2 : 0;
    this.onerror?.();
  }
}

const client = createKitClient({ baseUrl: '/kit' });
const msgEvent = (id: string): KitEvent => ({ type: 'message_deleted', accountId: ACCOUNT, conversationId: CID, at: 1, messageId: id });

afterEach(() => {
  FakeEventSource.instances = [];
  vi.useRealTimers();
});

describe('connectEvents', () => {
  it('delivers unnamed and named events and remembers the last id', () => {
    const got: KitEvent[] = [];
    const states: KitConnectionState[] = [];
    const stream = connectEvents({ client, EventSource: FakeEventSource as never, onEvent: (event) => got.push(event), onState: (state) => states.push(state) });
    const es = FakeEventSource.instances[0]!;
    expect(es.url).toBe('/kit/events');
    es.open();
    es.emit(msgEvent('a'), '10');
    es.emit(msgEvent('b'), '11', 'message_deleted');
    es.emit('not an event', '12'); // ignored: not a KitEvent
    expect(got.map((e) => e.id)).toEqual(['10', '11']);
    expect(stream.lastEventId).toBe('11');
    expect(states).toEqual(['connecting', 'open']);
    stream.close();
    expect(es.closed).toBe(true);
  });

  it('leaves transient drops to the browser, and reopens a CLOSED stream with backoff resuming from the last id', () => {
    vi.useFakeTimers();
    const states: KitConnectionState[] = [];
    const stream = connectEvents({ client, EventSource: FakeEventSource as never, onEvent: () => {}, onState: (state) => states.push(state), retryBaseMs: 1000, random: () => 0 });
    const es = FakeEventSource.instances[0]!;
    es.open();
    es.emit(msgEvent('a'), '41');
    es.fail(false); // browser is reconnecting on its own
    expect(FakeEventSource.instances).toHaveLength(1);
    es.fail(true); // server refused: the browser gave up
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const again = FakeEventSource.instances[1]!;
    expect(again.url).toBe('/kit/events?lastEventId=41');
    again.fail(true);
    vi.advanceTimersByTime(999); // second failure: base*2, half of it with zero jitter
    expect(FakeEventSource.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(3);
    expect(states).toContain('reconnecting');
    stream.close();
  });

  it('falls back to long-polling ?after= when there is no EventSource', async () => {
    const calls: (string | null)[] = [];
    let release!: () => void;
    const fake = {
      ...client,
      pollEvents: (after: string | null) => {
        calls.push(after);
        if (calls.length === 1) return Promise.resolve({ events: [{ ...msgEvent('p'), id: '5' }], lastEventId: '5' });
        return new Promise<never>((_, reject) => (release = () => reject(new Error('aborted'))));
      },
    };
    const got: KitEvent[] = [];
    const stream = connectEvents({ client: fake, EventSource: null, lastEventId: '4', onEvent: (event) => got.push(event) });
    await vi.waitFor(() => expect(calls).toEqual(['4', '5']));
    expect(got.map((e) => e.id)).toEqual(['5']);
    stream.close();
    release();
  });
});

describe('connectEvents reset', () => {
  it('asks for a REST reload when the proxy cannot replay (SSE reset frame)', () => {
    let resets = 0;
    const stream = connectEvents({ client, EventSource: FakeEventSource as never, onEvent: () => {}, onReset: () => resets++ });
    FakeEventSource.instances[0]!.listeners.get('reset')!(new MessageEvent('reset', { data: '' }));
    expect(resets).toBe(1);
    stream.close();
  });
});
