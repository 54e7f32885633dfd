/**
 * The outbox worker: delivers what the messages route wrote to the store, durably and in order.
 *
 * - Claims queued rows per account with a lease (round-robin over accounts, at most
 *   `maxHeldPerAccount` held at once), so a burst on one account never starves another and a
 *   restarted proxy (or another instance) picks up whatever was not finished.
 * - One lane per conversation: a customer's messages leave in the order they were accepted; a
 *   retry backs off inside its lane and holds the messages behind it.
 * - Before each attempt: the disclosure notice it depends on must have been sent, the account
 *   must not need re-authentication, and the window/consent policy is checked again (a row may
 *   wait longer than its window). Then a rate-limit slot (limits.ts), then Graph.
 * - Outcomes (deliver.ts): sent; failed with the classified reason; retried with exponential
 *   backoff and full jitter (throttles pause the whole account); or uncertain — never resent,
 *   reconciled with the echo webhook (reconcile.ts).
 * - Leases are renewed while rows wait; rows found `sending` with an expired lease (a worker died
 *   mid-request) become `uncertain`, because the request may have reached Meta.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { routingAfterStandby, type KitEvent, type KitSendOutcome, type KitStatusReason } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { EventBus } from '../live/bus';
import type { GraphClient } from '../graph/client';
import type { OutboxSend, Store } from '../store/types';
import { fullJitter, sleep, type BackoffOptions } from '../limits/backoff';
import { messageBody, postMessages, type DeliveryOutcome } from './deliver';
import type { AccountLimits } from '../limits/account-limits';
import { evaluateSendPolicy } from './policy';
import { privateReplyBody } from '../graph/comment-calls';
import { privateReplyRateClass, privateReplyVerdict } from './private-reply-state';
import { recordStatus, requestOf } from './records';
import { parseUsageHeaders, usagePauseMs } from '../limits/usage-headers';
import { rateClassOf } from './validate';
import type { PauseSwitch } from './pause';
import { withSpan } from '../tracing';
import { changeRouting } from '../routing/state';

export interface OutboxOptions {
  /** How long POST /messages waits for the outcome before answering `queued`. Default 2 s. */
  waitMs?: number;
  /** Lease on claimed rows (renewed while held). Default 30 s. */
  leaseMs?: number;
  /** How often the worker looks for work it was not told about (other instances, restarts). Default 1 s. */
  pollMs?: number;
  /** Attempts for retryable failures (Graph's own per-code limit wins when smaller). Default 5. */
  maxAttempts?: number;
  /** Attempts when Meta throttles (4/17/32/613/80002…). Default 8. */
  maxThrottledAttempts?: number;
  /** Backoff between retries of one send. Default base 500 ms, cap 30 s. */
  retry?: BackoffOptions;
  /** Pause of an account after throttle errors. Default base 1 s, cap 60 s. */
  throttle?: BackoffOptions;
  /** Pause when a usage header is at 100 % without an estimate. Default 60 s. */
  usagePauseMs?: number;
  /** Pause after a policy block (368, 10/1893063, 100/2534029). Default 1 h. */
  coolDownMs?: number;
  /** Rows one account may hold in memory (waiting for slots). Default 200. */
  maxHeldPerAccount?: number;
  /** Whether the app has the Human Agent feature (App Review). Default true. */
  humanAgentEnabled?: boolean;
  /** How long an echo without a clientId waits before reconciliation judges it. Default 1.5 s. */
  echoGraceMs?: number;
}

export type ResolvedOutboxOptions = Required<OutboxOptions>;

export function resolveOutboxOptions(o: OutboxOptions = {}): ResolvedOutboxOptions {
  const r: ResolvedOutboxOptions = {
    waitMs: o.waitMs ?? 2000,
    leaseMs: o.leaseMs ?? 30_000,
    pollMs: o.pollMs ?? 1000,
    maxAttempts: o.maxAttempts ?? 5,
    maxThrottledAttempts: o.maxThrottledAttempts ?? 8,
    retry: o.retry ?? { baseMs: 500, capMs: 30_000 },
    throttle: o.throttle ?? { baseMs: 1000, capMs: 60_000 },
    usagePauseMs: o.usagePauseMs ?? 60_000,
    coolDownMs: o.coolDownMs ?? 3_600_000,
    maxHeldPerAccount: o.maxHeldPerAccount ?? 200,
    humanAgentEnabled: o.humanAgentEnabled ?? true,
    echoGraceMs: o.echoGraceMs ?? 1500,
  };
  for (const k of ['waitMs', 'leaseMs', 'pollMs', 'usagePauseMs', 'coolDownMs', 'echoGraceMs'] as const) {
    if (!(r[k] >= 0)) throw new TypeError(`createKitProxy: outbox.${k} must be a number of milliseconds ≥ 0.`);
  }
  if (!(r.leaseMs >= 1000)) throw new TypeError('createKitProxy: outbox.leaseMs must be at least 1000 ms.');
  if (!(r.maxAttempts >= 1) || !(r.maxThrottledAttempts >= 1) || !(r.maxHeldPerAccount >= 1)) {
    throw new TypeError('createKitProxy: outbox.maxAttempts, maxThrottledAttempts and maxHeldPerAccount must be ≥ 1.');
  }
  return r;
}

export interface OutboxDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  accounts: AccountRegistry;
  limits: AccountLimits;
  log: Logger;
  now: () => number;
  options: ResolvedOutboxOptions;
  /** Called after a row became `uncertain` (echo reconciliation). */
  onUncertain?: (send: OutboxSend) => void;
  /** The operator's switch: a paused account's rows stay queued. */
  pauses: PauseSwitch;
}

const FINAL = new Set(['sent', 'failed', 'uncertain']);
const keyOf = (s: { accountId: string; clientId: string }) => `${s.accountId}\u0000${s.clientId}`;

interface Lane {
  queue: OutboxSend[];
  running: boolean;
}

/** Interest in one send's outcome, registered before the send is written (OutboxWorker.watch). */
export interface SendWatch {
  /**
   * The row once final, or its state after `ms`. `current` is the row as the caller last read
   * it (accept's transaction): when it is final already, or a final outcome reached this worker
   * (with the row) since watch(), nothing is read again.
   */
  until(ms: number, current: OutboxSend): Promise<OutboxSend | null>;
  /** Stop watching (the send was refused). */
  close(): void;
}

export class OutboxWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly held = new Map<string, OutboxSend>();
  private readonly heldPerAccount = new Map<string, number>();
  private readonly lanes = new Map<string, Lane>();
  /** Called with the row when this worker finalized it, without one when another instance did. */
  private readonly waiters = new Map<string, Set<(row?: OutboxSend) => void>>();
  private unsubscribe: (() => void) | null = null;
  private readonly ctl = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private timers: NodeJS.Timeout[] = [];
  private pumping: Promise<void> | null = null;
  private again = false;
  /** Accounts to claim in on the next pump; 'all' after the poll or a kick without an account. */
  private due: Set<string> | 'all' = 'all';
  private closed = false;
  private started = false;

  constructor(private readonly d: OutboxDeps) {}

  start(): void {
    const { pollMs, leaseMs } = this.d.options;
    this.timers.push(setInterval(() => this.kick(), Math.max(10, pollMs)));
    this.timers.push(setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(leaseMs / 3))));
    for (const t of this.timers) t.unref();
    this.started = true;
    // A send accepted here may be delivered by another instance (whichever claims its lane): its
    // final send_status reaches us over the cluster bus and ends the POST's wait. Without this,
    // with N instances most POSTs waited the full waitMs.
    this.unsubscribe = this.d.bus.subscribe((e) => {
      // Without the row: a send_status of our own transition arrives here too, after the
      // transition has handed its row to the watch (a watch keeps the row it was given).
      if (e.type === 'send_status' && FINAL.has(e.status)) for (const w of [...(this.waiters.get(keyOf(e)) ?? [])]) w();
    }, 'cluster');
    this.kick();
  }

  /**
   * Look for work now: in `accountId` only (a row of it was just inserted, or one of its lanes has
   * room again), or in every account (the poll, a resume, start-up). Claiming in every account on
   * every insert cost one claim query per configured account per send: with 100 accounts the
   * soak's 100 sends/s asked the store 20,000 times a second (bench/proxy/soak.mjs).
   */
  kick(accountId?: string): void {
    if (this.closed) return;
    if (accountId === undefined) this.due = 'all';
    else if (this.due !== 'all') this.due.add(accountId);
    if (this.pumping) this.again = true; // `due` keeps what to look at
    else this.startPump();
  }

  private startPump(): void {
    this.pumping = this.pump()
      .catch((err: unknown) => this.d.log.error({ err }, 'outbox: claiming sends failed'))
      .finally(() => {
        this.pumping = null;
        if (this.again && !this.closed) {
          this.again = false;
          this.startPump();
        }
      });
  }

  /** Resolves with the row once it is final, or with its current state after `ms`. */
  async waitForFinal(accountId: string, clientId: string, ms: number): Promise<OutboxSend | null> {
    // Registered before the read: an outcome that lands during it is not missed.
    const watch = this.watch(accountId, clientId);
    const current = await this.d.store.getSendByClientId(accountId, clientId).catch((err: unknown) => {
      watch.close();
      throw err;
    });
    if (!current) {
      watch.close();
      return null;
    }
    return watch.until(ms, current);
  }

  /**
   * Watch a send's outcome from now on. The messages route calls this before accepting the send,
   * so the row accept's transaction returns is its current state and an outcome that lands at any
   * time after is caught: no read before the wait, and none after it when this worker delivered
   * the row (it hands the final row to the watch). The wait itself is a timer and a promise.
   */
  watch(accountId: string, clientId: string): SendWatch {
    const key = keyOf({ accountId, clientId });
    /** undefined: no outcome yet; null: final elsewhere (row not known here); else the final row. */
    let final: OutboxSend | null | undefined;
    let wake: (() => void) | null = null;
    const fn = (row?: OutboxSend) => {
      if (row || final === undefined) final = row ?? null;
      wake?.();
    };
    const set = this.waiters.get(key) ?? new Set();
    set.add(fn);
    this.waiters.set(key, set);
    const close = () => {
      set.delete(fn);
      if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
    };
    return {
      close,
      until: async (ms, current) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          if (final === undefined && !FINAL.has(current.status) && ms > 0) {
            await new Promise<void>((r) => {
              wake = r;
              timer = setTimeout(r, ms);
            });
          }
        } finally {
          clearTimeout(timer);
          close();
        }
        if (final) return final;
        if (final === undefined && (FINAL.has(current.status) || ms <= 0)) return current;
        return this.d.store.getSendByClientId(accountId, clientId);
      },
    };
  }

  /**
   * The claim a send being accepted may take in its own insert (store insertSend `claim`), so
   * this worker runs it at once with no claim round trip; undefined when this worker cannot take
   * it now (not started, closing, the account paused by an operator, or its lanes full: then the
   * row is claimed the usual way, here or on another instance).
   */
  async claimOnInsert(accountId: string): Promise<{ owner: string; until: number } | undefined> {
    if (!this.started || this.closed) return undefined;
    if ((this.heldPerAccount.get(accountId) ?? 0) >= this.d.options.maxHeldPerAccount) return undefined;
    if (await this.d.pauses.pausedOf(accountId)) return undefined;
    return { owner: this.owner, until: this.d.now() + this.d.options.leaseMs };
  }

  /** A row just committed by accept: run it here when its insert leased it to us, else look for work. */
  accepted(s: OutboxSend): void {
    if (s.leaseOwner === this.owner && s.status === 'queued') {
      if (!this.closed) {
        this.hold(s);
        return;
      }
      void this.handBack(s);
      return;
    }
    this.kick(s.accountId);
  }

  /**
   * Nothing held and nothing left to deliver right now (tests, graceful shutdown). A
   * conversation whose oldest unfinished send is `uncertain` waits for its echo or for a person
   * (`resolve`): its queued sends do not count as work.
   */
  async idle(): Promise<void> {
    for (;;) {
      while (this.pumping) await this.pumping;
      if (this.held.size === 0 && this.running.size === 0) {
        const lanes = await Promise.all(
          this.d.accounts.ids().map(async (accountId) =>
            // A paused account's queued rows wait for an operator, not for this worker.
            (await this.d.pauses.pausedOf(accountId)) ? [] : this.d.store.listSends({ accountId, statuses: ['queued', 'sending', 'uncertain'], limit: 100_000 }),
          ),
        );
        const heads = new Map<string, OutboxSend>();
        for (const s of lanes.flat()) if (!heads.has(s.conversationId)) heads.set(s.conversationId, s);
        if ([...heads.values()].every((s) => s.status === 'uncertain')) return;
      }
      await sleep(10);
      this.kick();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe?.();
    this.ctl.abort(new Error('outbox closed'));
    while (this.pumping) await this.pumping;
    await Promise.allSettled([...this.running]);
  }

  // --- claiming ----------------------------------------------------------------------------

  private async pump(): Promise<void> {
    const { store, accounts, limits, now, options } = this.d;
    const due = this.due;
    this.due = new Set();
    // Leases run out with time, not with inserts: the full sweep (each poll, a lease runs 30 s) is
    // enough, not every kick (one per accepted send).
    if (due === 'all') await this.recoverInterrupted();
    const known = accounts.ids();
    for (const accountId of due === 'all' ? known : known.filter((id) => due.has(id))) {
      if (this.closed) return;
      const room = options.maxHeldPerAccount - (this.heldPerAccount.get(accountId) ?? 0);
      if (room <= 0) continue;
      if (await this.d.pauses.pausedOf(accountId)) continue; // an operator holds its sends
      // A paused account keeps its rows in the store, where any instance can find them later.
      if ((this.heldPerAccount.get(accountId) ?? 0) > 0 && (await limits.pausedFor(accountId)) > 0) continue;
      const claimed = await store.claimNextSends({ owner: this.owner, leaseMs: options.leaseMs, limit: room, now: now(), accountId });
      for (const s of claimed) this.hold(s);
    }
  }

  private hold(s: OutboxSend): void {
    const key = keyOf(s);
    if (this.held.has(key)) return; // our own lease, re-claimed after it ran out: already in a lane
    this.held.set(key, s);
    this.heldPerAccount.set(s.accountId, (this.heldPerAccount.get(s.accountId) ?? 0) + 1);
    const lane = this.lanes.get(s.conversationId) ?? { queue: [], running: false };
    this.lanes.set(s.conversationId, lane);
    lane.queue.push(s);
    if (!lane.running) {
      lane.running = true;
      const p = this.runLane(s.conversationId, lane).finally(() => this.running.delete(p));
      this.running.add(p);
    }
  }

  private release(s: OutboxSend): void {
    if (!this.held.delete(keyOf(s))) return;
    const n = (this.heldPerAccount.get(s.accountId) ?? 1) - 1;
    if (n > 0) this.heldPerAccount.set(s.accountId, n);
    else this.heldPerAccount.delete(s.accountId);
  }

  private async runLane(conversationId: string, lane: Lane): Promise<void> {
    let accountId: string | undefined; // a conversation is one account's
    try {
      for (let s = lane.queue.shift(); s; s = lane.queue.shift()) {
        accountId = s.accountId;
        let ended: OutboxSend['status'] | null = null;
        try {
          const row = s;
          ended = await withSpan('kit.send.deliver', { 'kit.account.id': row.accountId, 'kit.client_id': row.clientId, 'kit.send.attempts': row.attempts }, async (span) => {
            const status = await this.process(row);
            span.setAttribute('kit.send.status', status ?? 'handed_back');
            return status;
          });
        } catch (err) {
          if (!this.closed) this.d.log.error({ err, accountId: s.accountId, clientId: s.clientId }, 'outbox: send processing failed; it will be retried');
          await this.handBack(s);
        } finally {
          this.release(s);
        }
        // Only a sent or failed row lets the next one of its conversation go. After anything else
        // (uncertain, lease lost, an internal error, shutdown) the rest of the lane goes back to
        // the store, which hands out a conversation's head first (store claimNextSends).
        if (this.closed || (ended !== 'sent' && ended !== 'failed')) {
          for (const rest of lane.queue.splice(0)) {
            await this.handBack(rest);
            this.release(rest);
          }
        }
      }
    } finally {
      lane.running = false;
      if (this.lanes.get(conversationId) === lane && lane.queue.length === 0) this.lanes.delete(conversationId);
      if (!this.closed) this.kick(accountId); // room for more in its account
    }
  }

  /** Give a row we hold but did not finish back to the store (shutdown or an internal error). */
  private async handBack(s: OutboxSend): Promise<void> {
    try {
      const cur = await this.d.store.getSendByClientId(s.accountId, s.clientId);
      if (cur && cur.status === 'queued' && cur.leaseOwner === this.owner) {
        await this.d.store.updateSendStatus(s.accountId, s.clientId, { status: 'queued', releaseLease: true, ifLeaseOwner: this.owner, now: this.d.now() });
      }
    } catch (err) {
      this.d.log.warn({ err, clientId: s.clientId }, 'outbox: could not release a lease; it expires on its own');
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.held.size === 0 || this.closed) return;
    try {
      const keys = [...this.held.values()].map((s) => ({ accountId: s.accountId, clientId: s.clientId }));
      await this.d.store.renewSendLeases(this.owner, keys, this.d.now() + this.d.options.leaseMs);
    } catch (err) {
      this.d.log.warn({ err }, 'outbox: lease renewal failed');
    }
  }

  /** Rows left `sending` by a worker that died mid-request: the request may have reached Meta. */
  private async recoverInterrupted(): Promise<void> {
    const stuck = await this.d.store.listExpiredSending(this.d.now(), 100);
    for (const s of stuck) {
      if (this.held.has(keyOf(s))) continue;
      await this.finish(s, {
        status: 'uncertain',
        reason: {
          code: 'interrupted',
          message: 'The proxy stopped while this message was being sent, so it may or may not have been delivered. It is confirmed when Instagram reports it.',
          category: 'network',
          retryable: false,
        },
      }, (cur) => cur.status === 'sending' && cur.leaseOwner === s.leaseOwner && (cur.leaseUntil ?? 0) < this.d.now());
    }
  }

  // --- one send ----------------------------------------------------------------------------

  /** Delivers one row; resolves with the status it ended in, null when another worker took it over. */
  private async process(s: OutboxSend): Promise<OutboxSend['status'] | null> {
    const { store, accounts, limits, graph, now, options, log } = this.d;
    const signal = this.ctl.signal;
    const r = requestOf(s);

    if (r.needsDisclosure) {
      const notice = await store.getSendByClientId(s.accountId, r.needsDisclosure);
      if (notice?.status !== 'sent') {
        return this.finish(s, {
          status: 'failed',
          reason: {
            code: 'disclosure_not_sent',
            message: 'The automated-experience notice that must precede this automated message could not be sent, so the message was not sent either.',
            category: 'policy',
            retryable: false,
          },
        });
      }
    }

    let attempts = s.attempts;
    for (;;) {
      if (accounts.info(s.accountId)?.status === 'needs_reauth') {
        return this.finish(s, {
          status: 'failed',
          reason: { code: 'account_needs_reauth', message: 'This Instagram account must be reconnected (its access token was rejected); nothing is sent until then.', category: 'auth', retryable: false },
        });
      }
      const conversation = await store.getConversation(s.conversationId);
      // A private reply answers a comment: its deadline, not the messaging window (private-replies.ts).
      const verdict = r.privateReply
        ? await privateReplyVerdict(store, s, now())
        : r.disclosure
        ? evaluateSendPolicy({ conversation, automated: true, now: now(), humanAgentEnabled: options.humanAgentEnabled })
        : evaluateSendPolicy({ conversation, automated: r.automated, tag: r.requestedTag, now: now(), humanAgentEnabled: options.humanAgentEnabled });
      if (!verdict.ok) return this.finish(s, { status: 'failed', reason: verdict.reason });

      await limits.acquire(s.accountId, r.privateReply ? privateReplyRateClass(r.privateReply) : rateClassOf(r.content), signal);
      if (await this.d.pauses.pausedOf(s.accountId)) {
        // Paused while this row waited: it goes back to the store unattempted, with the rest of
        // its lane behind it (resume kicks the worker; the store hands out the head first).
        await this.handBack(s);
        return null;
      }
      attempts += 1;
      // The lease is extended by the same write (it must outlast the Graph call): one statement
      // and one WAL flush per send fewer than a separate renewal.
      const sending = await this.transition(s, { status: 'sending', attempts, reason: null, ifLeaseOwner: this.owner, leaseUntil: now() + options.leaseMs });
      if (!sending) return null; // lease lost to another worker: it owns the row now
      s = sending;

      const body = r.privateReply
        ? privateReplyBody(r.privateReply.commentId, r.content.text ?? '')
        : messageBody(s.to, r.content, { tag: verdict.tag, replyTo: r.replyTo, messagingType: r.messagingType });
      const outcome: DeliveryOutcome = await postMessages(graph, s.accountId, body);

      switch (outcome.kind) {
        case 'sent': {
          limits.recovered(s.accountId);
          const pause = usagePauseMs(parseUsageHeaders(outcome.headers), options.usagePauseMs);
          if (pause > 0) {
            log.warn({ accountId: s.accountId, pauseMs: pause }, 'outbox: Meta usage headers say the account is at its limit; pausing its sends');
            await limits.pause(s.accountId, pause);
          }
          return this.finish(s, { status: 'sent', messageId: outcome.messageId });
        }
        case 'uncertain':
          return this.finish(s, { status: 'uncertain', reason: outcome.reason });
        case 'failed':
          if (outcome.coolDown) await limits.pause(s.accountId, options.coolDownMs);
          // Graph says another app holds the thread (2018300, 100/2534037): the conversation shows
          // it, so the composer locks and the sends behind this one are refused locally.
          if (outcome.reason.category === 'routing') {
            await changeRouting(store, this.d.bus, s.conversationId, { next: (cur) => routingAfterStandby(cur, now()) }, now());
          }
          return this.finish(s, { status: 'failed', reason: outcome.reason });
        case 'retry': {
          const max = outcome.throttled ? options.maxThrottledAttempts : Math.min(options.maxAttempts, outcome.maxAttempts ?? Infinity);
          if (attempts >= max) return this.finish(s, { status: 'failed', reason: { ...outcome.reason, retryable: false } });
          // Back to queued (not `sending`): if we die during the backoff, nothing is in flight.
          const back = await this.transition(s, { status: 'queued', reason: outcome.reason, ifLeaseOwner: this.owner });
          if (!back) return null;
          s = back;
          if (outcome.throttled) {
            const ms = await limits.throttled(s.accountId);
            log.warn({ accountId: s.accountId, pauseMs: ms }, 'outbox: Meta throttled the account; pausing its sends');
          } else {
            await sleep(fullJitter(attempts - 1, options.retry), signal);
          }
          continue;
        }
      }
    }
  }

  private async transition(
    s: OutboxSend,
    patch: { status: OutboxSend['status']; attempts?: number; messageId?: string; reason?: KitStatusReason | null; ifLeaseOwner?: string; releaseLease?: boolean; leaseUntil?: number },
    /** Only apply when the current row passes (checked inside the transaction). */
    guard?: (current: OutboxSend) => boolean,
  ): Promise<OutboxSend | null> {
    const { store, bus, now } = this.d;
    const businessId = this.d.accounts.info(s.accountId)?.igUserId ?? s.accountId;
    const result = await store.transaction(async (tx) => {
      if (guard) {
        const cur = await tx.getSendByClientId(s.accountId, s.clientId);
        if (!cur || !guard(cur)) return null;
      }
      const next = await tx.updateSendStatus(s.accountId, s.clientId, { ...patch, now: now() });
      if (!next) return null;
      const events: KitEvent[] = await recordStatus(tx, next, businessId, now());
      const logged = [];
      for (const e of events) logged.push(await tx.appendEvent(e));
      return { next, logged };
    });
    if (!result) return null;
    for (const e of result.logged) bus.publish(e);
    const key = keyOf(s);
    if (FINAL.has(result.next.status)) for (const w of [...(this.waiters.get(key) ?? [])]) w(result.next);
    return result.next;
  }

  private async finish(
    s: OutboxSend,
    patch: { status: 'sent' | 'failed' | 'uncertain'; messageId?: string; reason?: KitStatusReason },
    guard?: (current: OutboxSend) => boolean,
  ): Promise<OutboxSend['status'] | null> {
    const next = await this.transition(s, { ...patch, reason: patch.reason ?? null, releaseLease: true }, guard);
    if (next) {
      this.d.log.debug({ accountId: s.accountId, clientId: s.clientId, status: next.status, code: next.reason?.code }, 'outbox: send finished');
      if (next.status === 'uncertain') this.d.onUncertain?.(next);
    }
    return next?.status ?? null;
  }

  /**
   * A person settled an `uncertain` row the echo never confirmed (they looked at the Instagram
   * thread): `delivered` → sent; `resend` → queued again at the head of its conversation (it keeps
   * its place: the messages behind it still follow it); `dropped` → failed. Null when the row is
   * no longer uncertain (an echo or another person settled it first).
   */
  async resolveUncertain(s: OutboxSend, outcome: KitSendOutcome): Promise<OutboxSend | null> {
    const patch =
      outcome === 'delivered'
        ? { status: 'sent' as const, reason: null }
        : outcome === 'resend'
          ? { status: 'queued' as const, reason: null }
          : {
              status: 'failed' as const,
              reason: { code: 'not_delivered', message: 'A person confirmed this message did not reach the customer; it was not resent.', category: 'unknown' as const, retryable: false },
            };
    const next = await this.transition(s, { ...patch, releaseLease: true }, (cur) => cur.status === 'uncertain');
    if (next) {
      this.d.log.info({ accountId: s.accountId, clientId: s.clientId, outcome }, 'outbox: uncertain send resolved by a person');
      this.kick();
    }
    return next;
  }

  /** Mark an uncertain row sent (echo reconciliation). */
  async reconciled(s: OutboxSend, messageId: string): Promise<boolean> {
    const next = await this.transition(s, { status: 'sent', messageId, reason: null }, (cur) => cur.status === 'uncertain');
    return next !== null;
  }
}
