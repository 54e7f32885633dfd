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
  /** A private reply: the comment it answered (`recipient.comment_id`, reference §2.4). */
  commentId?: string;
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

/** What the business did to comments: public replies, hide/unhide, delete (reference §2.4). */
export interface CommentActionRecord {
  seq: number;
  at: number;
  accountId: string;
  commentId: string;
  action: 'reply' | 'hide' | 'unhide' | 'delete';
  /** The reply's own id and text (`reply`). */
  replyId?: string;
  text?: string;
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
  kind: 'sent' | 'action' | 'webhook' | 'customer' | 'profile' | 'comment' | 'routing';
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

  notify(activity: SandboxActivity): void {
    for (const fn of this.listeners) fn(activity);
  }

  readonly requestLog: RequestRecord[] = [];
  readonly sentLog: SentRecord[] = [];
  readonly actionLog: ActionRecord[] = [];
  readonly commentLog: CommentActionRecord[] = [];
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
    this.commentLog.length = 0;
    this.webhookLog.length = 0;
  }
}

/** Public, read-only view. Returns copies so callers cannot mutate the logs. */
export interface SandboxInspect {
  requests(): RequestRecord[];
  sent(filter?: { accountId?: string; recipientId?: string }): SentRecord[];
  actions(filter?: { accountId?: string; recipientId?: string }): ActionRecord[];
  /** Public replies, hide/unhide and deletes the business made, in order. */
  commentActions(filter?: { accountId?: string; commentId?: string }): CommentActionRecord[];
  webhooks(filter?: { kind?: 'verification' | 'event'; ok?: boolean }): WebhookDeliveryRecord[];
}

export function createInspect(inspector: Inspector): SandboxInspect {
  const match = <T extends { accountId?: string; recipientId?: string }>(
    filter: { accountId?: string; recipientId?: string } | undefined,
  ) => (r: T) => (!filter?.accountId || r.accountId === filter.accountId) && (!filter?.recipientId || r.recipientId === filter.recipientId);
  return {
    requests: () => inspector.requestLog.map((r) => ({ ...r })),
    sent: (filter) => inspector.sentLog.filter(match(filter)).map((r) => ({ ...r })),
    actions: (filter) => inspector.actionLog.filter(match(filter)).map((r) => ({ ...r })),
    commentActions: (filter) =>
      inspector.commentLog.filter((r) => (!filter?.accountId || r.accountId === filter.accountId) && (!filter?.commentId || r.commentId === filter.commentId)).map((r) => ({ ...r })),
    webhooks: (filter) =>
      inspector.webhookLog
        .filter((r) => (filter?.kind === undefined || r.kind === filter.kind) && (filter?.ok === undefined || r.ok === filter.ok))
        .map((r) => ({ ...r })),
  };
}
