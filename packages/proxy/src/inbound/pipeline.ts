/**
 * Webhook processing after the 200: read saved raw payloads from the store, normalize, order by
 * Meta's timestamps, dedupe, apply, publish. One worker per process; payloads saved but never
 * processed (crash after answering Meta) are picked up on start. Every event is applied in its
 * own transaction together with its dedupe claim, so a failure leaves the key unclaimed and the
 * event is applied on the next attempt — never twice, never half.
 */
import { WEBHOOK_DEDUPE_TTL_MS } from '@kit/core';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus';
import type { LoggedEvent, Store } from '../store/types';
import { applyInbound } from './apply';
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
}

export class InboundPipeline {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly ttl: number;

  constructor(private readonly o: InboundPipelineOptions) {
    this.ttl = Math.max(o.dedupeTtlMs ?? WEBHOOK_DEDUPE_TTL_MS, WEBHOOK_DEDUPE_TTL_MS);
  }

  /** Process whatever is pending (call after saving a payload, and once on start). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves once everything saved so far has been processed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      let batch;
      try {
        batch = await this.o.store.listUnprocessedWebhooks(20);
      } catch (err) {
        this.o.log.error({ err }, 'could not read saved webhooks');
        return;
      }
      if (batch.length === 0) return;
      for (const w of batch) {
        if (this.closed) return;
        await this.processOne(w.id, w.body);
      }
    }
  }

  private async processOne(id: string, body: string): Promise<void> {
    const { store, log } = this.o;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      log.warn({ webhookId: id }, 'signed webhook body is not JSON; kept raw, not processed');
      await store.markWebhookProcessed(id, { at: this.o.now(), error: 'invalid_json' });
      return;
    }
    const { items, skipped } = normalizeWebhook(parsed, this.o.resolveAccount);
    for (const s of skipped) log.warn({ webhookId: id, reason: s.reason, ids: s.ids }, 'webhook entry skipped');
    // Out-of-order delivery: apply in Meta's event time (stable for equal times).
    const ordered = items.map((item, i) => ({ item, i })).sort((a, b) => a.item.at - b.item.at || a.i - b.i);
    let failed = 0;
    for (const { item } of ordered) {
      try {
        const events = await this.applyOnce(item);
        for (const e of events) this.o.bus.publish(e);
        if (events.length > 0) this.o.onApplied?.(item);
      } catch (err) {
        failed++;
        log.error({ err, webhookId: id, kind: item.event.type, accountId: item.accountId }, 'could not apply webhook event');
      }
    }
    await store.markWebhookProcessed(id, { at: this.o.now(), ...(failed ? { error: `${failed} events failed` } : {}) });
    // An unsend in the same payload as its message: the payload itself is processed only now.
    for (const { item } of ordered) {
      if (item.event.type === 'message_deleted') await store.eraseMessageTraces(item.accountId, item.event.messageId);
    }
  }

  private async applyOnce(item: InboundItem): Promise<LoggedEvent[]> {
    const now = this.o.now();
    const events = await this.o.store.transaction(async (tx) => {
      if (!(await tx.claimDedupeKey(item.dedupeKey, { now, ttlMs: this.ttl }))) return null;
      return applyInbound(item, { tx, now });
    });
    if (events === null) {
      this.o.log.debug({ kind: item.event.type, accountId: item.accountId }, 'duplicate webhook event ignored');
      return [];
    }
    if (item.event.type === 'unsupported') {
      this.o.log.warn({ kind: item.event.kind, accountId: item.accountId }, 'unsupported webhook event kept');
    }
    return events;
  }
}
