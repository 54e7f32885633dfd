/**
 * Webhook processing after the 200: read saved raw payloads from the store, normalize, order by
 * Meta's timestamps, dedupe, apply, publish. One worker per process; payloads saved but never
 * processed (crash after answering Meta) are picked up on start.
 *
 * Several instances on one store: each processes the payloads its own route saved (handed over
 * with `kick({ id, body })`, no read back), and takes another instance's payload from the shared
 * queue only once it has waited `foreignGraceMs` (that instance died or is far behind). Before,
 * every instance walked the whole queue and applied every payload, the dedupe keys turning N-1 of
 * N into no-ops after a row-lock wait: N instances did N times the work. Dedupe still makes a
 * payload that two instances reach apply once. Every event is applied in the same transaction as
 * its dedupe claim (up to APPLY_BATCH events share one), so a failure leaves the key unclaimed and
 * the event is applied on the next attempt — never twice, never half.
 *
 * A payload that cannot be processed must not take the process or the queue down with it: each
 * payload is processed inside its own try/catch, a failure is counted in the store and retried
 * later (with a growing delay, stepping over it meanwhile), and after `maxAttempts` failures — or
 * at once when it can never succeed (nested too deep, not JSON; saved by an older version that did
 * not check) — it is moved to the dead letters with the reason and logged once.
 */
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { WEBHOOK_DEDUPE_TTL_MS, type KitEvent, type RoutingApps } from '@kit/core';
import type { Logger } from 'pino';
import type { EventBus } from '../live/bus';
import { eraseFromEvent } from '../store/erase';
import type { LoggedEvent, Store, StoredWebhook, StoreOps } from '../store/types';
import { withSpan, withSpanSync } from '../tracing';
import { applyInbound } from './apply';
import { parseWebhookPayload } from './json-depth';
import { normalizeWebhook, type InboundItem } from './normalize';

export interface InboundPipelineOptions {
  store: Store;
  bus: EventBus;
  log: Logger;
  resolveAccount: (id: string) => string | undefined;
  now: () => number;
  /** How long dedupe keys live; at least Meta's 36 h retry horizon (reference §5.3). */
  dedupeTtlMs?: number;
  /** Called after an event was applied for the first time (not for duplicates); must not throw or block. */
  onApplied?: (item: InboundItem) => void;
  /** An event already applied arrived again (Meta's redelivery, or two instances got it). */
  onDuplicate?: (item: InboundItem) => void;
  /** Which app is the kit's, for Conversation Routing handovers (routing/identity.ts). */
  routingApps?: () => RoutingApps;
  /** Failed processing attempts after which a payload goes to the dead letters. Default 3. */
  maxAttempts?: number;
  /** Delay before the first retry of a failed payload; doubles with each further failure. Default 2 s. */
  retryDelayMs?: number;
  /**
   * How long a payload saved by another process waits in the shared queue before this one
   * processes it (several instances on one store). 0 (default): at once, for a store only this
   * process writes to. The queue is also scanned this often for such payloads.
   */
  foreignGraceMs?: number;
}

export const DEFAULT_WEBHOOK_MAX_ATTEMPTS = 3;
export const DEFAULT_WEBHOOK_RETRY_DELAY_MS = 2_000;

/** Events applied per transaction: big enough to amortise the COMMIT, small enough to hold the writer briefly. */
const APPLY_BATCH = 100;
/** Saved payloads applied in one transaction when they queue up together (attemptGroup). */
const GROUP_PAYLOADS = 20;

/** A failure reason for the dead letters: the error's class and message, bounded. */
function describeFailure(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `thrown: ${typeof err}`;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export class InboundPipeline {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly ttl: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  /**
   * When each failed payload may be tried again. Wall-clock time (Date.now), not the `now`
   * option: that clock dates events and may be frozen in tests, while a retry must really wait.
   */
  private readonly retryAt = new Map<string, number>();
  private retry: { timer: ReturnType<typeof setTimeout>; done: Promise<void>; fire: () => void } | null = null;
  /** Payloads this process saved and has not processed yet, in the order saved: id → body (and the route's parse of it). */
  private readonly own = new Map<string, { body: string; parsed?: unknown }>();
  /** Whether the shared queue must be read (start, retries, requeues, the periodic scan). */
  private scanWanted = false;
  private readonly foreignGraceMs: number;
  /** When (Date.now) a scan first met each foreign payload still waiting for its grace. */
  private readonly foreignSeen = new Map<string, number>();
  private foreignTimer: ReturnType<typeof setTimeout> | null = null;
  private scanTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: InboundPipelineOptions) {
    this.ttl = Math.max(o.dedupeTtlMs ?? WEBHOOK_DEDUPE_TTL_MS, WEBHOOK_DEDUPE_TTL_MS);
    this.maxAttempts = o.maxAttempts ?? DEFAULT_WEBHOOK_MAX_ATTEMPTS;
    this.retryDelayMs = o.retryDelayMs ?? DEFAULT_WEBHOOK_RETRY_DELAY_MS;
    this.foreignGraceMs = o.foreignGraceMs ?? 0;
  }

  /**
   * Process whatever is pending: with `saved` (the payload this process's route just saved), that
   * one; without (start, requeued dead letters), everything in the store's queue. `saved.parsed`
   * is the route's `parseWebhookPayload(body)` value, so the body is not parsed a second time; it
   * must not be mutated (a payload that fails is parsed again from its bytes).
   */
  kick(saved?: { id: string; body: string; parsed?: unknown }): void {
    if (this.closed) return;
    if (saved) this.own.set(saved.id, saved.parsed === undefined ? { body: saved.body } : { body: saved.body, parsed: saved.parsed });
    // Alone on the store, every kick also reads the queue (as before: cheap when it is empty).
    if (!saved || this.foreignGraceMs === 0) this.scanWanted = true;
    if (this.foreignGraceMs > 0 && !this.scanTimer) {
      this.scanTimer = setInterval(() => this.kick(), this.foreignGraceMs);
      this.scanTimer.unref();
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      // loop() catches per payload; this is the last line so a pass can never reject unhandled.
      .catch((err: unknown) => this.o.log.error({ err }, 'webhook processing pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once everything saved so far has been processed or dead-lettered. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.retry) await this.retry.done;
      else return;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.scanTimer) clearInterval(this.scanTimer);
    if (this.foreignTimer) clearTimeout(this.foreignTimer);
    this.retry?.fire();
    await this.idle();
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      // This process's own payloads first, in the order saved (the route keeps the body: no read),
      // those that arrived together applied together (attemptGroup).
      while (this.own.size > 0) {
        // Let the I/O phase run first: webhook POSTs waiting to be read and acknowledged go before
        // this group (the store calls below are all microtasks, so a backlog processed without a
        // pause would hold every ack until it is done), and those read meanwhile join the group.
        await yieldToIo();
        if (this.closed) return;
        const group: { id: string; body: string; parsed?: unknown }[] = [];
        for (const [id, p] of this.own) {
          if (group.length === GROUP_PAYLOADS) break;
          group.push({ id, ...p });
        }
        for (const { id } of group) this.own.delete(id);
        await this.attemptGroup(group);
      }
      if (this.scanWanted) {
        this.scanWanted = false;
        await this.scan();
      }
      if (this.closed || (this.own.size === 0 && !this.scanWanted)) return;
    }
  }

  /** Whether the scan may process a payload now (see foreignGraceMs). */
  private due(w: StoredWebhook): boolean {
    if (this.own.has(w.id)) return false; // the own-payload pass takes it
    if (this.foreignGraceMs === 0 || this.retryAt.has(w.id)) return true; // failed here: its retry is this process's
    if (this.o.now() - w.receivedAt >= this.foreignGraceMs) return true; // e.g. saved before a restart, requeued
    const seen = this.foreignSeen.get(w.id) ?? Date.now();
    this.foreignSeen.set(w.id, seen);
    if (Date.now() - seen >= this.foreignGraceMs) return true;
    return false;
  }

  private async scan(): Promise<void> {
    // A cursor through the queue: payloads waiting for their retry are stepped over, so they
    // never hold back the ones saved after them.
    let after: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      this.again = false;
      let batch;
      try {
        batch = await this.o.store.listUnprocessedWebhooks(20, after);
      } catch (err) {
        this.o.log.error({ err }, 'could not read saved webhooks');
        this.scheduleRetry(Date.now() + this.retryDelayMs);
        return;
      }
      if (batch.length === 0) break;
      for (const w of batch) {
        if (this.closed) return;
        after = w.id;
        seen.add(w.id);
        if ((this.retryAt.get(w.id) ?? 0) > Date.now()) continue;
        if (!this.due(w)) continue;
        this.foreignSeen.delete(w.id);
        await this.attempt(w.id, w.body);
      }
    }
    // Whatever left the queue meanwhile (processed, dead-lettered elsewhere) waits for nothing.
    for (const id of this.retryAt.keys()) if (!seen.has(id)) this.retryAt.delete(id);
    for (const id of this.foreignSeen.keys()) if (!seen.has(id)) this.foreignSeen.delete(id);
    // Another instance's payloads still in their grace: look again when the first is due.
    if (this.foreignSeen.size > 0 && !this.foreignTimer && !this.closed) {
      const at = Math.min(...this.foreignSeen.values()) + this.foreignGraceMs;
      this.foreignTimer = setTimeout(() => ((this.foreignTimer = null), this.kick()), Math.max(0, at - Date.now()));
      this.foreignTimer.unref();
    }
    const next = Math.min(...this.retryAt.values());
    if (Number.isFinite(next)) this.scheduleRetry(next);
  }

  private scheduleRetry(at: number): void {
    if (this.closed || this.retry) return;
    let fire!: () => void;
    const done = new Promise<void>((resolve) => {
      fire = () => {
        clearTimeout(timer);
        this.retry = null;
        this.kick();
        resolve();
      };
    });
    const timer = setTimeout(() => fire(), Math.max(0, at - Date.now()));
    timer.unref();
    this.retry = { timer, done, fire };
  }

  /**
   * Payloads that arrived together (Meta's one event per POST, in bursts) applied in ONE
   * transaction with their dedupe claims and their processed marks: one COMMIT per payload was the
   * SQLite soak's largest cost (bench/proxy/soak.mjs profile: COMMIT 28 % of the kit's CPU). Still
   * exactly once and crash-safe: claims, changes and marks commit together or not at all. A group
   * that fails, or that is too big, is processed payload by payload as before, so a bad payload
   * only costs the others a second try, never their place. A group of one payload takes this path
   * too: its events and its processed mark share one COMMIT (processPayload spends two).
   */
  private async attemptGroup(group: { id: string; body: string; parsed?: unknown }[]): Promise<void> {
    const prepared: { id: string; body: string; items: InboundItem[] }[] = [];
    let events = 0;
    for (const { id, body, parsed } of group) {
      const items = this.itemsOf(id, parsed === undefined ? parseWebhookPayload(body) : { ok: true, value: parsed });
      if (!items) {
        await this.attempt(id, body); // it cannot be parsed: the usual path dead-letters it
        continue;
      }
      prepared.push({ id, body, items });
      events += items.length;
    }
    if (prepared.length === 0) return;
    if (events > APPLY_BATCH) {
      for (const p of prepared) await this.attempt(p.id, p.body);
      return;
    }
    const now = this.o.now();
    const found: [InboundItem, string][] = [];
    let outcomes: (LoggedEvent[] | null)[][];
    try {
      outcomes = await this.o.store.transaction(async (tx) => {
        found.length = 0;
        const out: (LoggedEvent[] | null)[][] = [];
        for (const p of prepared) {
          const applied: (LoggedEvent[] | null)[] = [];
          for (const item of p.items) applied.push(await this.claimAndApply(tx, item, now, found));
          await tx.markWebhookProcessed(p.id, { at: now });
          out.push(applied);
        }
        return out;
      });
    } catch (err) {
      this.o.log.debug({ err, payloads: prepared.length }, 'payloads applied together failed; applying them one by one');
      for (const p of prepared) await this.attempt(p.id, p.body);
      return;
    }
    // Committed. What goes live is what the log holds (see processPayload).
    const unsentInGroup = new Map<string, string>();
    const toErase = new Map<string, { accountId: string; messageId: string }>();
    for (const [item, messageId] of found) {
      unsentInGroup.set(`${item.accountId}\u0000${messageId}`, messageId);
      toErase.set(`${item.accountId}\u0000${messageId}`, { accountId: item.accountId, messageId });
    }
    for (const [k, p] of prepared.entries()) {
      this.retryAt.delete(p.id);
      withSpanSync('kit.webhook.process', { 'kit.webhook.id': p.id, 'kit.webhook.events': p.items.length }, () => {
        for (const [j, item] of p.items.entries()) {
          let outcome = outcomes[k]![j]!;
          if (unsentInGroup.size > 0 && outcome) outcome = outcome.map((e) => withoutUnsent(e, unsentInGroup));
          this.settle(item, outcome, p.id);
        }
      });
    }
    // The payloads are processed now: erase their own bytes of messages unsent (see processPayload).
    for (const { accountId, messageId } of toErase.values()) {
      try {
        await this.o.store.eraseMessageTraces(accountId, messageId);
      } catch (err) {
        this.o.log.error({ err, accountId }, 'a processed webhook payload failed in its last step (erasing an unsent message)');
      }
    }
  }

  private async attempt(id: string, body: string): Promise<void> {
    try {
      await this.processOne(id, body);
      this.retryAt.delete(id);
    } catch (err) {
      await this.failed(id, err);
    }
  }

  private async failed(id: string, err: unknown): Promise<void> {
    const { store, log } = this.o;
    const reason = describeFailure(err);
    try {
      const attempts = await store.recordWebhookFailure(id);
      if (attempts === 0) {
        // No longer queued: it failed after being marked processed (the erasure step).
        log.error({ err, webhookId: id }, 'a processed webhook payload failed in its last step');
        return;
      }
      if (attempts >= this.maxAttempts) {
        await this.deadLetter(id, reason, attempts);
        return;
      }
      this.retryAt.set(id, Date.now() + this.retryDelayMs * 2 ** Math.max(0, attempts - 1));
      log.warn({ err, webhookId: id, attempts, maxAttempts: this.maxAttempts }, 'webhook payload failed; it will be retried');
    } catch (storeErr) {
      // The store itself is failing: keep the payload queued and try again later.
      this.retryAt.set(id, Date.now() + this.retryDelayMs);
      log.error({ err: storeErr, webhookId: id, reason }, 'webhook payload failed and the failure could not be recorded');
    }
  }

  private async deadLetter(id: string, reason: string, attempts: number): Promise<void> {
    await this.o.store.deadLetterWebhook(id, { at: this.o.now(), reason });
    this.retryAt.delete(id);
    this.o.log.error({ webhookId: id, attempts, reason }, 'webhook payload moved to the dead letters (GET /admin/dead-letters)');
  }

  private processOne(id: string, body: string): Promise<void> {
    return withSpan('kit.webhook.process', { 'kit.webhook.id': id }, (span) => this.processPayload(id, body, span));
  }

  /**
   * A parsed payload's events in the order they are applied, its skipped entries logged; null when
   * it did not parse. Out-of-order delivery: Meta's event time decides (stable for equal times).
   */
  private itemsOf(id: string, parsed: ReturnType<typeof parseWebhookPayload>): InboundItem[] | null {
    if (!parsed.ok) return null;
    const { items, skipped } = normalizeWebhook(parsed.value, this.o.resolveAccount);
    for (const s of skipped) this.o.log[s.level ?? 'warn']({ webhookId: id, reason: s.reason, ids: s.ids }, 'webhook entry skipped');
    return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.at - b.item.at || a.i - b.i).map((o) => o.item);
  }

  private async processPayload(id: string, body: string, span: Span): Promise<void> {
    const { store } = this.o;
    const parsed = parseWebhookPayload(body);
    if (!parsed.ok) {
      // Retrying cannot help: the same bytes fail the same way.
      await this.deadLetter(id, `${parsed.problem.code}: ${parsed.problem.message}`, 0);
      return;
    }
    const ordered = this.itemsOf(id, parsed)!;
    span.setAttribute('kit.webhook.events', ordered.length);
    let failed = 0;
    let firstError: unknown;
    const unsent = new Map<string, { accountId: string; messageId: string }>();
    for (let k = 0; k < ordered.length; k += APPLY_BATCH) {
      const batch = ordered.slice(k, k + APPLY_BATCH);
      const unsentInBatch = new Map<string, string>();
      const outcomes = await this.applyBatch(batch, id, (item, messageId) => {
        unsent.set(`${item.accountId}\u0000${messageId}`, { accountId: item.accountId, messageId });
        unsentInBatch.set(`${item.accountId}\u0000${messageId}`, messageId);
      });
      for (const [j, item] of batch.entries()) {
        let outcome = outcomes[j]!;
        // An unsend later in the same transaction already erased this event's row in the log: what
        // goes live must be what was committed, never the content.
        if (unsentInBatch.size > 0 && Array.isArray(outcome)) outcome = outcome.map((e) => withoutUnsent(e, unsentInBatch));
        const error = this.settle(item, outcome, id);
        if (error) {
          failed++;
          firstError ??= error;
        }
      }
    }
    // The whole payload is tried again: events applied this time are claimed, so they are skipped.
    if (failed > 0) throw new Error(`${failed} of ${ordered.length} events could not be applied (first: ${describeFailure(firstError)})`);
    await store.markWebhookProcessed(id, { at: this.o.now() });
    // The payload is processed only now, so only now can its own bytes be erased: an unsend in the
    // same payload as its message, or a payload about a message unsent earlier (Meta's retry of the
    // original, a late edit or reaction). Done after the commit so SQLite also checkpoints the WAL.
    for (const { accountId, messageId } of unsent.values()) await store.eraseMessageTraces(accountId, messageId);
  }

  /**
   * Applies events with their dedupe claims, APPLY_BATCH to a transaction (one COMMIT per event was
   * the SQLite pipeline's largest cost). If the batch fails, it was rolled back whole and each event
   * is applied again in its own transaction, so one bad event never holds back the others and each
   * still lands exactly once: `null` for a duplicate, the logged events, or the error.
   */
  private async applyBatch(items: InboundItem[], webhookId: string, unsent: (item: InboundItem, messageId: string) => void): Promise<(LoggedEvent[] | null | Error)[]> {
    const now = this.o.now();
    // Reported only once committed: a rolled-back unsend erased nothing.
    const committed = (found: [InboundItem, string][]) => {
      for (const [item, messageId] of found) unsent(item, messageId);
    };
    if (items.length > 1) {
      const found: [InboundItem, string][] = [];
      try {
        const out = await this.o.store.transaction(async (tx) => {
          found.length = 0;
          const outcomes: (LoggedEvent[] | null)[] = [];
          for (const item of items) outcomes.push(await this.claimAndApply(tx, item, now, found));
          return outcomes;
        });
        committed(found);
        return out;
      } catch (err) {
        this.o.log.debug({ err, webhookId, events: items.length }, 'a batch of webhook events failed together; applying them one by one');
      }
    }
    const out: (LoggedEvent[] | null | Error)[] = [];
    for (const item of items) {
      const found: [InboundItem, string][] = [];
      try {
        out.push(
          await this.o.store.transaction((tx) => {
            found.length = 0;
            return this.claimAndApply(tx, item, now, found);
          }),
        );
        committed(found);
      } catch (err) {
        out.push(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return out;
  }

  private async claimAndApply(tx: StoreOps, item: InboundItem, now: number, found: [InboundItem, string][]): Promise<LoggedEvent[] | null> {
    const onUnsent = (messageId: string) => void found.push([item, messageId]);
    if (!(await tx.claimDedupeKey(item.dedupeKey, { now, ttlMs: this.ttl }))) {
      // A redelivery is not applied, but its bytes may repeat a message unsent since.
      const mid = messageIdOf(item.event);
      if (mid && (await tx.getMessage(item.accountId, mid))?.deleted) onUnsent(mid);
      return null;
    }
    return applyInbound(item, { tx, now, unsent: onUnsent, ...(this.o.routingApps ? { apps: this.o.routingApps() } : {}) });
  }

  /** After the commit: trace, log, publish and count one event's outcome; returns its error, if any. */
  private settle(item: InboundItem, outcome: LoggedEvent[] | null | Error, webhookId: string): Error | null {
    const { log } = this.o;
    const mid = messageIdOf(item.event);
    const attributes = { 'kit.event.type': item.event.type, 'kit.account.id': item.accountId, ...(mid ? { 'kit.message.id': mid } : {}) };
    return withSpanSync('kit.webhook.apply', attributes, (span) => {
      if (outcome instanceof Error) {
        log.error({ err: outcome, webhookId, kind: item.event.type, accountId: item.accountId }, 'could not apply webhook event');
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'apply_failed' });
        return outcome;
      }
      span.setAttribute('kit.duplicate', outcome === null);
      if (outcome === null) {
        log.debug({ kind: item.event.type, accountId: item.accountId }, 'duplicate webhook event ignored');
        this.o.onDuplicate?.(item);
        return null;
      }
      if (item.event.type === 'unsupported') log.warn({ kind: item.event.kind, accountId: item.accountId }, 'unsupported webhook event kept');
      // Already committed: a failing subscriber must not make the payload count as failed.
      try {
        for (const e of outcome) this.o.bus.publish(e);
        if (outcome.length > 0) this.o.onApplied?.(item);
      } catch (err) {
        log.error({ err, webhookId, kind: item.event.type }, 'publishing an applied webhook event failed');
      }
      return null;
    });
  }
}

/** Resolves in the event loop's check phase, after the pending I/O callbacks have run. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The event as the log holds it after the unsends of its batch (same id). */
function withoutUnsent(event: LoggedEvent, unsent: Map<string, string>): LoggedEvent {
  let out = event;
  for (const [key, messageId] of unsent) {
    if (!key.startsWith(`${event.accountId}\u0000`)) continue;
    const erased = eraseFromEvent(out, messageId);
    if (erased) out = { ...erased, id: event.id } as LoggedEvent;
  }
  return out;
}

function messageIdOf(e: KitEvent): string | undefined {
  if (e.type === 'message') return e.message.id;
  if ('messageId' in e && typeof e.messageId === 'string') return e.messageId;
  return undefined;
}
