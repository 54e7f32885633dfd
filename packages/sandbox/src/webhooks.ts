/**
 * Webhook signing and delivery, the way Meta does it (reference §5):
 * - GET verification handshake (hub.mode / hub.verify_token / hub.challenge) before the first POST;
 * - POST bodies serialized like Meta's: JSON with every non-ASCII character escaped as lowercase
 *   `\uXXXX` (and `/` escaped as `\/`), signed with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
 *   of those exact bytes>` keyed with the app secret;
 * - `object: "instagram"`, one `entry` per business account, `entry[].messaging[]` (or
 *   `entry[].standby[]` for a thread another app holds), millisecond timestamps; comment fields as
 *   `entry[].changes[]` or flat `field`/`value` in the entry, with `entry.time` in seconds
 *   (reference §5.5);
 * - several queued events share one POST (batching);
 * - anything but `200` (or no answer within the deadline) is retried with exponential backoff,
 *   bounded by `maxAttempts`, after which the batch is dropped — like Meta, later batches do not
 *   wait for a failing one, so order is not guaranteed after failures (reference §5.3).
 */

import { createHmac, randomInt } from 'node:crypto';
import { WEBHOOK_RESPONSE_DEADLINE_MS } from '@kit/core';
import type { SandboxClock } from './clock';
import type { FaultController } from './faults';
import type { Inspector } from './inspect';
import type { WebhookTuning } from './types';

/** One messaging event (or one `changes` item) for one business account. */
export interface WebhookEvent {
  /** IG professional account id: the `entry.id`. */
  entryId: string;
  /** Subscription field that carries it (reference §5.4) — unsubscribed fields are not sent. */
  field: string;
  messaging?: Record<string, unknown>;
  change?: { field: string; value: unknown };
  /** Deliver the messaging item in `entry[].standby[]`: another app holds the thread (reference §5.6). */
  standby?: boolean;
  /** Deliver the change flat in its own entry (`entry.field` / `entry.value`). */
  flat?: boolean;
}

/**
 * Meta's serialization: JSON.stringify, then escape `/` and every UTF-16 code unit above 0x7F as
 * `\uXXXX` with lowercase hex (astral characters become surrogate pairs, e.g. 😀 → `\ud83d\ude00`).
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sha256=<hex>` over the exact bytes. */
export function signBody(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

interface Batch {
  id: number;
  events: WebhookEvent[];
  body: string;
  attempts: number;
  /** Real time (Date.now) before which the batch must not be attempted. */
  notBefore: number;
  /** Reorder fault: held until a later batch has been delivered (or `notBefore` passes). */
  held?: boolean;
}

export interface WebhookDispatcherOptions {
  appSecret: string;
  verifyToken: string;
  url?: string;
  tuning?: WebhookTuning;
  clock: SandboxClock;
  faults: FaultController;
  inspector: Inspector;
  /** Whether the account (by entry id) is subscribed to a field. */
  isSubscribed: (entryId: string, field: string) => boolean;
}

export class WebhookDispatcher {
  private url: string | undefined;
  private verified = false;
  private incoming: WebhookEvent[] = [];
  private pending: Batch[] = [];
  private inFlight = false;
  private formTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private batchSeq = 0;
  private waiters: (() => void)[] = [];
  private stopped = false;
  private readonly t: Required<WebhookTuning>;

  constructor(private readonly o: WebhookDispatcherOptions) {
    this.url = o.url;
    this.t = {
      retryBaseMs: o.tuning?.retryBaseMs ?? 1000,
      retryMaxMs: o.tuning?.retryMaxMs ?? 60_000,
      maxAttempts: o.tuning?.maxAttempts ?? 8,
      timeoutMs: o.tuning?.timeoutMs ?? WEBHOOK_RESPONSE_DEADLINE_MS,
      batchWindowMs: o.tuning?.batchWindowMs ?? 0,
      maxBatch: o.tuning?.maxBatch ?? 1000,
    };
  }

  get webhookUrl(): string | undefined {
    return this.url;
  }

  /** Point deliveries elsewhere (e.g. once the receiver knows its port); re-verifies. */
  setUrl(url: string | undefined): void {
    this.url = url;
    this.verified = false;
    this.kick();
  }

  /** Queue one event. Dropped silently if the account is not subscribed to its field, like Meta. */
  enqueue(event: WebhookEvent): void {
    if (this.stopped || !this.o.isSubscribed(event.entryId, event.field)) return;
    this.incoming.push(event);
    if (!this.formTimer) {
      this.formTimer = setTimeout(() => {
        this.formTimer = null;
        this.formBatches();
      }, this.t.batchWindowMs);
    }
  }

  /** Resolves when nothing is queued, pending or in flight (retries included). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Form batches now, attempt every pending batch immediately (ignoring backoff), then wait for idle. */
  async flush(): Promise<void> {
    if (this.formTimer) {
      clearTimeout(this.formTimer);
      this.formTimer = null;
      this.formBatches();
    }
    for (const b of this.pending) b.notBefore = 0;
    this.kick();
    await this.idle();
  }

  /** Run the GET verification handshake now. */
  async verify(): Promise<boolean> {
    const url = this.url;
    if (!url) return false;
    const challenge = String(randomInt(1, 2 ** 31 - 1));
    const u = new URL(url);
    u.searchParams.set('hub.mode', 'subscribe');
    u.searchParams.set('hub.challenge', challenge);
    u.searchParams.set('hub.verify_token', this.o.verifyToken);
    const started = Date.now();
    const rec = { seq: this.o.inspector.nextSeq(), at: this.o.clock.now(), kind: 'verification' as const, url };
    try {
      const res = await fetch(u, { signal: AbortSignal.timeout(this.t.timeoutMs) });
      const text = await res.text();
      const ok = res.status === 200 && text.trim() === challenge;
      this.o.inspector.add(this.o.inspector.webhookLog, {
        ...rec,
        status: res.status,
        ok,
        durationMs: Date.now() - started,
        ...(ok ? {} : { error: res.status === 200 ? `answered ${JSON.stringify(text.slice(0, 80))} instead of the challenge` : `HTTP ${res.status}` }),
      });
      this.verified = ok;
      return ok;
    } catch (err) {
      this.o.inspector.add(this.o.inspector.webhookLog, { ...rec, ...failure(err), ok: false, durationMs: Date.now() - started });
      return false;
    }
  }

  /** Stop timers and forget everything queued (reset / close). */
  stop(): void {
    this.stopped = true;
    this.clearQueues();
  }

  reset(url: string | undefined): void {
    this.clearQueues();
    this.stopped = false;
    this.url = url;
    this.verified = false;
  }

  private clearQueues(): void {
    if (this.formTimer) clearTimeout(this.formTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.formTimer = this.retryTimer = null;
    this.incoming = [];
    this.pending = [];
    this.notifyIdle(true);
  }

  private isIdle(): boolean {
    return this.incoming.length === 0 && this.pending.length === 0 && !this.inFlight;
  }

  private notifyIdle(force = false): void {
    if (!force && !this.isIdle()) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  private formBatches(): void {
    while (this.incoming.length > 0) {
      const events = this.incoming.splice(0, this.t.maxBatch);
      const batch: Batch = { id: ++this.batchSeq, events, body: this.buildBody(events), attempts: 0, notBefore: 0 };
      // Reorder fault: hold this batch back until a later one has been delivered, so the later
      // events overtake it (with a fallback so a lone held batch still goes out).
      if (this.o.faults.webhookReorder()) {
        batch.held = true;
        batch.notBefore = Date.now() + Math.max(1000, this.t.batchWindowMs * 2);
      }
      this.pending.push(batch);
    }
    this.kick();
  }

  private buildBody(events: WebhookEvent[]): string {
    const time = this.o.clock.now();
    // Comment (Graph-object) webhooks carry `entry.time` in seconds, messaging ones in ms.
    const seconds = Math.floor(time / 1000);
    const entries: Record<string, unknown>[] = [];
    for (const e of events) {
      if (e.change && e.flat) {
        entries.push({ id: e.entryId, time: seconds, field: e.change.field, value: e.change.value });
        continue;
      }
      const key = e.messaging ? (e.standby ? 'standby' : 'messaging') : 'changes';
      let entry = entries.findLast((x) => x.id === e.entryId && Array.isArray(x[key]));
      if (!entry) {
        entry = { time: key === 'changes' ? seconds : time, id: e.entryId, [key]: [] };
        entries.push(entry);
      }
      (entry[key] as unknown[]).push(e.messaging ?? e.change);
    }
    return metaJson({ object: 'instagram', entry: entries });
  }

  private kick(): void {
    if (this.inFlight || this.stopped) return;
    if (!this.url) {
      // Nowhere to deliver: events stay recorded in the message store only.
      this.pending = [];
      this.notifyIdle();
      return;
    }
    const now = Date.now();
    const ready = this.pending.find((b) => b.notBefore <= now);
    if (!ready) {
      this.scheduleRetry();
      this.notifyIdle();
      return;
    }
    this.inFlight = true;
    void this.attempt(ready).finally(() => {
      this.inFlight = false;
      this.kick();
      this.notifyIdle();
    });
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.pending.length === 0) return;
    const next = Math.min(...this.pending.map((b) => b.notBefore));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, Math.max(0, next - Date.now()));
  }

  private async attempt(batch: Batch): Promise<void> {
    const url = this.url as string;
    batch.attempts += 1;
    let ok = false;
    if (this.o.faults.webhookOutage()) {
      this.record(batch, url, { status: 'outage', ok: false, error: 'webhook outage fault: not delivered' });
    } else if (!this.verified && !(await this.verify())) {
      // Meta only delivers to a verified callback; the failed handshake is already in the log.
    } else {
      ok = await this.post(batch, url, false);
      if (ok && this.o.faults.webhookDuplicate()) await this.post(batch, url, true);
    }
    // The batch may be gone already if reset() ran while it was in flight.
    const index = this.pending.indexOf(batch);
    if (ok) {
      if (index >= 0) this.pending.splice(index, 1);
      if (!batch.held) {
        for (const b of this.pending) {
          if (b.held) {
            b.held = false;
            b.notBefore = 0;
          }
        }
      }
      return;
    }
    if (batch.attempts >= this.t.maxAttempts) {
      if (index >= 0) this.pending.splice(index, 1); // dropped, as Meta eventually does
      return;
    }
    const delay = Math.min(this.t.retryMaxMs, this.t.retryBaseMs * 2 ** (batch.attempts - 1));
    batch.notBefore = Date.now() + delay;
  }

  private async post(batch: Batch, url: string, duplicate: boolean): Promise<boolean> {
    const signature = signBody(batch.body, this.o.appSecret);
    const started = Date.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signature,
          'user-agent': 'facebookexternalua',
        },
        body: batch.body,
        signal: AbortSignal.timeout(this.t.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      const ok = res.status === 200;
      this.record(batch, url, { status: res.status, ok, signature, duplicate, durationMs: Date.now() - started });
      return ok;
    } catch (err) {
      this.record(batch, url, { ...failure(err), ok: false, signature, duplicate, durationMs: Date.now() - started });
      return false;
    }
  }

  private record(
    batch: Batch,
    url: string,
    result: { status: number | 'timeout' | 'network_error' | 'outage'; ok: boolean; signature?: string; duplicate?: boolean; error?: string; durationMs?: number },
  ): void {
    this.o.inspector.notify({ kind: 'webhook', at: this.o.clock.now(), summary: { batchId: batch.id, attempt: batch.attempts, status: result.status, ok: result.ok, events: batch.events.length } });
    this.o.inspector.add(this.o.inspector.webhookLog, {
      seq: this.o.inspector.nextSeq(),
      at: this.o.clock.now(),
      kind: 'event',
      batchId: batch.id,
      attempt: batch.attempts,
      url,
      body: batch.body,
      events: batch.events.length,
      ...result,
      duplicate: result.duplicate ?? false,
    });
  }
}

function failure(err: unknown): { status: 'timeout' | 'network_error'; error: string } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { status: 'timeout', error: 'no answer within the deadline' };
  return { status: 'network_error', error: e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err) };
}
