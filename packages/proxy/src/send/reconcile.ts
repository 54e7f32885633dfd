/**
 * Echo reconciliation (reference §4.1/§4.4: there is no idempotency key in the Send API, so an
 * ambiguous send is never repeated; Meta's echo webhook tells us what really went out).
 *
 * Every outbound echo that does not carry one of our clientIds is looked at after a short grace
 * period (our own `sent` path merges echoes that merely overtook the Graph response):
 * - if an `uncertain` send of the same conversation has the same content and was created before
 *   the echo, the echo IS that send: the row becomes `sent` with the echo's mid and the local
 *   message merges into the echo (oldest matching send first, one echo per send);
 * - if one of our sends with that content is still queued/sending, it is ours — leave it;
 * - otherwise a person answered from the Instagram app or another tool: the conversation's
 *   disclosure state records that a human wrote last (reference §9.1 trigger 3).
 * When a send turns uncertain the echo may already be stored, so that direction is checked too —
 * over every message of the conversation since the send was created (a busy thread can hold
 * hundreds of newer messages), and again for every `uncertain` row when the proxy starts (the
 * echo may have arrived while no process was running, or while this one was down).
 */
import { withWindowState, type KitMessage } from '@kit/core';
import type { Logger } from 'pino';
import type { EventBus } from '../live/bus';
import type { OutboxSend, PageCursor, Store } from '../store/types';
import { nextDisclosureState } from './disclosure';
import type { OutboxWorker } from './outbox';
import { attachmentsOf, requestOf } from './records';

/** Our clock and Meta's may differ a little; an echo may carry a time slightly before our row. */
const SKEW_MS = 5_000;

const kindOf = (t: string) => (t === 'ig_post' ? 'share' : t);

export function sameContent(s: OutboxSend, m: KitMessage): boolean {
  const c = requestOf(s).content;
  if (c.text !== undefined) return m.text === c.text;
  if (m.text) return false;
  const want = attachmentsOf(c).map((a) => kindOf(a.type));
  const got = m.attachments.map((a) => kindOf(a.type));
  return want.length === got.length && want.every((t, i) => t === got[i]);
}

export interface ReconcilerDeps {
  store: Store;
  bus: EventBus;
  log: Logger;
  now: () => number;
  worker: OutboxWorker;
  /** Wait before judging an echo without clientId. Default 1.5 s. */
  graceMs: number;
  /** The configured accounts (their uncertain sends are looked at on start). */
  accountIds: () => readonly string[];
}

/** Messages read per page while walking back to a send's creation time. */
const PAGE = 200;

export class EchoReconciler {
  private unsubscribe: (() => void) | null = null;
  private pending = new Set<Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly d: ReconcilerDeps) {}

  start(): void {
    this.unsubscribe = this.d.bus.subscribe((e) => {
      if (e.type !== 'message') return;
      const m = e.message;
      // Another app's message (a standby echo naming its app) is never one of the kit's sends.
      if (m.direction !== 'outbound' || !m.isEcho || m.clientId || m.deleted || m.appId) return;
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.track(this.judgeEcho(m));
      }, this.d.graceMs);
      this.timers.add(t);
    });
    this.track(this.reconcileAll());
  }

  /** Every `uncertain` send of every account against the echoes already stored (start-up). */
  private async reconcileAll(): Promise<void> {
    for (const accountId of this.d.accountIds()) {
      const uncertain = await this.d.store.listSends({ accountId, statuses: ['uncertain'], limit: 10_000 });
      for (const s of uncertain) await this.matchStoredEcho(s);
    }
  }

  /** A send just became uncertain: its echo may be in the store already. */
  sendTurnedUncertain(s: OutboxSend): void {
    this.track(this.matchStoredEcho(s));
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.timers.size > 0) {
      await Promise.allSettled([...this.pending]);
      if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private track(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.d.log.error({ err }, 'echo reconciliation failed')).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private async judgeEcho(echo: KitMessage): Promise<void> {
    const { store } = this.d;
    const current = await store.getMessage(echo.accountId, echo.id);
    if (!current || current.clientId || current.deleted) return; // ours (merged on `sent`) or gone
    const sends = await store.listSends({ accountId: echo.accountId, conversationId: echo.conversationId, statuses: ['uncertain', 'queued', 'sending'], limit: 500 });
    const candidates = sends.filter((s) => sameContent(s, current) && current.createdAt >= s.createdAt - SKEW_MS);
    const uncertain = candidates.find((s) => s.status === 'uncertain');
    if (uncertain) {
      if (await this.d.worker.reconciled(uncertain, current.id)) {
        this.d.log.info({ accountId: uncertain.accountId, clientId: uncertain.clientId }, 'uncertain send confirmed by its echo');
      }
      return;
    }
    if (candidates.length > 0) return; // one of ours still in flight; its own response will merge it
    await this.humanWroteLast(echo.conversationId, current.createdAt);
  }

  /**
   * The oldest unclaimed echo with the send's content among ALL messages of the conversation
   * since the send was created (paged newest → oldest until older than that), so an echo buried
   * under any number of newer messages is still found.
   */
  private async matchStoredEcho(s: OutboxSend): Promise<void> {
    const since = s.createdAt - SKEW_MS;
    let echo: KitMessage | undefined;
    let before: PageCursor | undefined;
    for (;;) {
      const page = await this.d.store.listMessages(s.conversationId, { limit: PAGE, ...(before ? { before } : {}) });
      for (const m of page) {
        if (m.createdAt < since) break;
        if (m.direction === 'outbound' && m.isEcho && !m.clientId && !m.deleted && !m.appId && sameContent(s, m)) echo = m; // newest → oldest: the last hit is the oldest
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE || last.createdAt < since) break;
      before = { at: last.createdAt, id: last.id };
    }
    if (echo && (await this.d.worker.reconciled(s, echo.id))) {
      this.d.log.info({ accountId: s.accountId, clientId: s.clientId }, 'uncertain send confirmed by an echo already stored');
    }
  }

  private async humanWroteLast(conversationId: string, at: number): Promise<void> {
    const { store, bus, now } = this.d;
    const logged = await store.transaction(async (tx) => {
      const c = await tx.getConversation(conversationId);
      if (!c || c.disclosure?.lastSenderWasHuman === true) return [];
      const next = withWindowState({ ...c, disclosure: nextDisclosureState(c.disclosure, false, null), updatedAt: now() }, now());
      await tx.putConversation(next);
      return [await tx.appendEvent({ type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at, conversation: next })];
    });
    for (const e of logged) bus.publish(e);
  }
}
