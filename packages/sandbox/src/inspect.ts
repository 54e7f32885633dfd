/** What the sandbox saw and did, in order — the inspection API tests assert on. */

export interface RequestRecord {
  seq: number;
  at: number;
  method: string;
  /** Path as called (without query), e.g. `/v26.0/me/messages`. */
  path: string;
  /** Query parameters without `access_token` / `appsecret_proof`. */
  query: Record<string, unknown>;
  /** Parsed body without tokens; files are summarized as `{ filename, mimeType, size }`. */
  body: unknown;
  /** How the token arrived, never the token itself. */
  tokenVia?: 'bearer' | 'query' | 'body';
  accountId?: string;
  /** HTTP status answered, or the fault that replaced the answer. */
  status?: number;
  fault?: string;
  /** Latency the latency fault added, ms. */
  latencyMs?: number;
  /** Graph error code/subcode when the answer was an error. */
  error?: { code: number; subcode?: number };
}

export interface SentRecord {
  seq: number;
  at: number;
  accountId: string;
  mid: string;
  recipientId: string;
  text?: string;
  /** UTF-8 byte length of `text` (as Graph counts it). */
  textBytes?: number;
  messagingType?: string;
  tag?: string;
  attachments: { type: string; payload: Record<string, unknown> }[];
  replyTo?: string;
  quickReplies?: unknown[];
  /** The HTTP response was destroyed by the responseLost fault (the message still went out). */
  responseLost?: boolean;
}

export interface ActionRecord {
  seq: number;
  at: number;
  accountId: string;
  recipientId: string;
  action: 'typing_on' | 'typing_off' | 'mark_seen' | 'react' | 'unreact';
  messageId?: string;
  reaction?: string;
}

export interface WebhookDeliveryRecord {
  seq: number;
  at: number;
  kind: 'verification' | 'event';
  batchId?: number;
  attempt?: number;
  url: string;
  /** HTTP status, or why there was none. */
  status: number | 'timeout' | 'network_error' | 'outage';
  ok: boolean;
  /** Exact bytes POSTed (for events). */
  body?: string;
  signature?: string;
  events?: number;
  duplicate?: boolean;
  error?: string;
  durationMs?: number;
}

/** What `/__sandbox/events` streams: one line per thing that happened. */
export interface SandboxActivity {
  kind: 'sent' | 'action' | 'webhook' | 'customer';
  at: number;
  accountId?: string;
  customerId?: string;
  summary: Record<string, unknown>;
}

export class Inspector {
  private seq = 0;
  private readonly listeners = new Set<(a: SandboxActivity) => void>();

  /** Subscribe to activity (the simulator panel's live feed); returns the unsubscribe function. */
  subscribe(fn: (a: SandboxActivity) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify(a: SandboxActivity): void {
    for (const fn of this.listeners) fn(a);
  }

  readonly requestLog: RequestRecord[] = [];
  readonly sentLog: SentRecord[] = [];
  readonly actionLog: ActionRecord[] = [];
  readonly webhookLog: WebhookDeliveryRecord[] = [];

  /** Most records kept per log; older ones are dropped so long demo/bench runs stay bounded. */
  limit = 10_000;

  /** Append to a log, dropping the oldest records beyond `limit`. */
  add<T>(log: T[], record: T): T {
    log.push(record);
    if (log.length > this.limit) log.splice(0, log.length - this.limit);
    return record;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  reset(): void {
    this.seq = 0;
    this.requestLog.length = 0;
    this.sentLog.length = 0;
    this.actionLog.length = 0;
    this.webhookLog.length = 0;
  }
}

/** Public, read-only view. Returns copies so callers cannot mutate the logs. */
export interface SandboxInspect {
  requests(): RequestRecord[];
  sent(filter?: { accountId?: string; recipientId?: string }): SentRecord[];
  actions(filter?: { accountId?: string; recipientId?: string }): ActionRecord[];
  webhooks(filter?: { kind?: 'verification' | 'event'; ok?: boolean }): WebhookDeliveryRecord[];
}

export function createInspect(i: Inspector): SandboxInspect {
  const match = <T extends { accountId?: string; recipientId?: string }>(
    f: { accountId?: string; recipientId?: string } | undefined,
  ) => (r: T) => (!f?.accountId || r.accountId === f.accountId) && (!f?.recipientId || r.recipientId === f.recipientId);
  return {
    requests: () => i.requestLog.map((r) => ({ ...r })),
    sent: (f) => i.sentLog.filter(match(f)).map((r) => ({ ...r })),
    actions: (f) => i.actionLog.filter(match(f)).map((r) => ({ ...r })),
    webhooks: (f) =>
      i.webhookLog
        .filter((r) => (f?.kind === undefined || r.kind === f.kind) && (f?.ok === undefined || r.ok === f.ok))
        .map((r) => ({ ...r })),
  };
}
