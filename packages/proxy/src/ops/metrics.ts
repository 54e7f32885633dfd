/**
 * Prometheus metrics through prom-client (the Node standard). The kit registers its metrics on the
 * host's registry, or on its own and serves it at `GET /metrics` (authorize action
 * `metrics.read` on every account, like the other operator routes).
 *
 * Observed from the outside of each flow, so no flow knows about metrics: the webhook route's
 * answers (status and error code, from the error envelope), the pipeline's onApplied hook, the
 * event bus (send statuses), the fetch the Graph client calls through, and, on scrape, the outbox
 * in the store. Labels are bounded: reasons and categories come from fixed code lists, Graph
 * calls are named by class (never a path with ids), and account ids only when the host allows.
 * Never a customer id, a message text or a token.
 */
import type { KitErrorCategory } from '@kit/core';
import type { Request as ExpressRequest, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { graphCallClass } from '../graph/call-class';
import type { LoggedEvent, Store } from '../store/types';

export interface MetricsOptions {
  /** Register on this registry (yours, served by your own /metrics). Default: the kit's own, served at GET /metrics. */
  registry?: Registry;
  /** Label per-account series with the account id. Default false (one series for all accounts). */
  accountLabels?: boolean;
}

const FINAL = new Set(['sent', 'failed', 'uncertain']);

export class KitMetrics {
  readonly registry: Registry;
  readonly ownRegistry: boolean;
  private readonly accountLabels: boolean;
  private readonly webhooks: Counter<'outcome' | 'reason'>;
  private readonly applied: Counter<'type'>;
  private readonly lag: Histogram;
  private readonly sends: Counter<'status' | 'category' | 'account'>;
  private readonly retries: Counter<'account'>;
  private readonly graph: Histogram<'class' | 'status'>;
  private readonly duplicates: Counter<'type'>;
  private readonly slowReaders: Counter;
  private sseOpen: () => number = () => 0;

  constructor(options: MetricsOptions, store: Store, accountIds: () => string[]) {
    this.ownRegistry = !options.registry;
    this.registry = options.registry ?? new Registry();
    this.accountLabels = options.accountLabels === true;
    const registers = [this.registry];
    this.webhooks = new Counter({
      name: 'kit_webhooks_total',
      help: 'Webhook POSTs by outcome (accepted, rejected) and reason (an error code of the webhook route; "ok" when accepted).',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.applied = new Counter({ name: 'kit_webhook_events_applied_total', help: 'Webhook events applied for the first time (duplicates excluded), by event type.', labelNames: ['type'], registers });
    this.lag = new Histogram({
      name: 'kit_webhook_processing_lag_seconds',
      help: 'From Meta’s event time to the event being applied and published.',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    const accountLabel = this.accountLabels ? (['account'] as const) : ([] as const);
    this.sends = new Counter({
      name: 'kit_sends_total',
      help: 'Sends reaching a final status (sent, failed, uncertain), by error category when not sent.',
      labelNames: ['status', 'category', ...accountLabel],
      registers,
    });
    this.retries = new Counter({ name: 'kit_send_retries_total', help: 'Send attempts after the first (a retryable failure is tried again).', labelNames: [...accountLabel], registers });
    this.graph = new Histogram({
      name: 'kit_graph_request_duration_seconds',
      help: 'Graph API calls by class and HTTP status ("network" when no answer came).',
      labelNames: ['class', 'status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers,
    });
    this.duplicates = new Counter({
      name: 'kit_webhook_duplicates_total',
      help: 'Webhook events already applied that arrived again (Meta redelivers; two instances may both get one), by event type.',
      labelNames: ['type'],
      registers,
    });
    this.slowReaders = new Counter({ name: 'kit_sse_slow_readers_closed_total', help: 'SSE connections closed because the client stopped reading (it resumes with Last-Event-ID).', registers });
    const sseOpen = () => this.sseOpen();
    new Gauge({
      name: 'kit_sse_connections',
      help: 'SSE connections open on this instance.',
      registers,
      collect() {
        this.set(sseOpen());
      },
    });
    const perAccount = this.accountLabels;
    const labelled = <T extends Record<string, string>>(labels: T, accountId: string) => this.labels(labels, accountId);
    new Gauge({
      name: 'kit_outbox_sends',
      help: 'Sends in the outbox by status (queued, sending, uncertain), read from the store on scrape.',
      labelNames: ['status', ...accountLabel],
      registers,
      async collect() {
        this.reset();
        for (const accountId of accountIds()) {
          const rows = await store.listSends({ accountId, statuses: ['queued', 'sending', 'uncertain'], limit: 10_000 });
          for (const status of ['queued', 'sending', 'uncertain'] as const) {
            this.inc(labelled({ status }, accountId), rows.filter((r) => r.status === status).length);
          }
        }
      },
    });
    new Gauge({
      name: 'kit_outbox_oldest_queued_seconds',
      help: 'Age of the oldest send still queued (0 when none), read from the store on scrape.',
      labelNames: [...accountLabel],
      registers,
      async collect() {
        this.reset();
        let oldest = Infinity;
        for (const accountId of accountIds()) {
          const rows = await store.listSends({ accountId, statuses: ['queued'], limit: 10_000 });
          const first = Math.min(...rows.map((r) => r.createdAt));
          if (perAccount) this.set({ account: accountId }, Number.isFinite(first) ? (Date.now() - first) / 1000 : 0);
          oldest = Math.min(oldest, first);
        }
        if (!perAccount) this.set(Number.isFinite(oldest) ? (Date.now() - oldest) / 1000 : 0);
      },
    });
  }

  private labels<T extends Record<string, string>>(labels: T, accountId: string): T & { account?: string } {
    return this.accountLabels ? { ...labels, account: accountId } : labels;
  }

  /** Counts each webhook POST once it is answered; the reason is the error envelope's code. */
  webhookObserver(): RequestHandler {
    return (req: ExpressRequest, res, next) => {
      if (req.method === 'POST') {
        res.on('finish', () => {
          const ok = res.statusCode < 300;
          const code = (res.locals as { kitErrorCode?: string }).kitErrorCode;
          this.webhooks.inc({ outcome: ok ? 'accepted' : 'rejected', reason: ok ? 'ok' : (code ?? `http_${res.statusCode}`) });
        });
      }
      next();
    };
  }

  eventApplied(event: { type: string; at: number }, now: number): void {
    this.applied.inc({ type: event.type });
    this.lag.observe(Math.max(0, now - event.at) / 1000);
  }

  duplicate(event: { type: string }): void {
    this.duplicates.inc({ type: event.type });
  }

  slowReaderClosed(): void {
    this.slowReaders.inc();
  }

  /** Where the open SSE connections are counted (the events route, created after the metrics). */
  countSseConnections(read: () => number): void {
    this.sseOpen = read;
  }

  /** Send outcomes, from the `send_status` events every status change publishes. */
  event(e: LoggedEvent): void {
    if (e.type !== 'send_status') return;
    if (FINAL.has(e.status)) {
      const category: KitErrorCategory | 'none' = e.status === 'sent' ? 'none' : (e.reason?.category ?? 'unknown');
      this.sends.inc(this.labels({ status: e.status, category }, e.accountId));
    } else if (e.status === 'sending' && (e.attempt ?? 1) > 1) {
      this.retries.inc(this.labels({}, e.accountId));
    }
  }

  /** The fetch the Graph client calls through, timed per call class. */
  instrumentFetch(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const end = this.graph.startTimer({ class: graphCallClass(init?.method ?? 'GET', url) });
      try {
        const res = await inner(input, init);
        end({ status: String(res.status) });
        return res;
      } catch (err) {
        end({ status: 'network' });
        throw err;
      }
    };
  }
}
