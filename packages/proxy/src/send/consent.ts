/**
 * Consent. Opt-ins and opt-outs arrive from Meta as `messaging_optins` (applied by the inbound
 * pipeline onto `conversation.consent`); customers also simply write "STOP". Inbound messages whose
 * whole text is an opt-out keyword (case-, accent- and punctuation-insensitive; defaults for en,
 * it, de) record `opted_out` the same way; agents can record one on a customer's behalf
 * (POST .../consent). Automated sends to someone opted out are refused (policy.ts); people from
 * the team may still answer.
 */
import { withWindowState, type KitConsent, type KitConsentState, type KitEvent } from '@kit/core';
import type { Logger } from 'pino';
import type { EventBus } from '../live/bus';
import type { LoggedEvent, Store } from '../store/types';

export interface ConsentOptions {
  /** Whole-message keywords that mean "stop automated messages", per locale or one list. */
  optOutKeywords?: Record<string, string[]> | string[];
  /** Whole-message keywords that undo an opt-out. Default none (opt back in via messaging_optins). */
  optInKeywords?: Record<string, string[]> | string[];
}

export const DEFAULT_OPT_OUT_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['STOP', 'UNSUBSCRIBE', 'STOP ALL', 'END', 'QUIT', 'OPT OUT'],
  it: ['STOP', 'BASTA', 'DISISCRIVIMI', 'ANNULLA ISCRIZIONE'],
  de: ['STOPP', 'STOP', 'ABMELDEN', 'ABBESTELLEN'],
};

/** Upper case, no accents, no surrounding punctuation/emoji, single spaces. */
export function normalizeKeyword(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function keywordSet(o: Record<string, readonly string[]> | readonly string[] | undefined): Set<string> {
  const list = !o ? [] : Array.isArray(o) ? o : Object.values(o as Record<string, readonly string[]>).flat();
  return new Set(list.map(normalizeKeyword).filter(Boolean));
}

export class ConsentKeywords {
  private readonly out: Set<string>;
  private readonly in: Set<string>;
  constructor(o: ConsentOptions = {}) {
    this.out = keywordSet(o.optOutKeywords ?? DEFAULT_OPT_OUT_KEYWORDS);
    this.in = keywordSet(o.optInKeywords);
  }

  /** The consent a whole message expresses, if it is a keyword. */
  match(text: string | undefined): Exclude<KitConsentState, 'unknown'> | null {
    if (!text || text.length > 64) return null;
    const k = normalizeKeyword(text);
    if (this.out.has(k)) return 'opted_out';
    if (this.in.has(k)) return 'opted_in';
    return null;
  }
}

/** Record consent on a conversation and log conversation_updated; null when the conversation is unknown. */
export async function recordConsent(store: Store, conversationId: string, consent: KitConsent, now: number): Promise<{ events: LoggedEvent[]; found: boolean }> {
  return store.transaction(async (tx) => {
    const c = await tx.getConversation(conversationId);
    if (!c) return { events: [], found: false };
    const next = withWindowState({ ...c, consent, updatedAt: now }, now);
    await tx.putConversation(next);
    const e: KitEvent = { type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at: now, conversation: next };
    return { events: [await tx.appendEvent(e)], found: true };
  });
}

/** Watches inbound messages for keywords (after the pipeline stored them). Returns the unsubscribe. */
export function watchConsentKeywords(d: { store: Store; bus: EventBus; log: Logger; now: () => number; keywords: ConsentKeywords }): { stop(): void; idle(): Promise<void> } {
  let pending = Promise.resolve();
  const stop = d.bus.subscribe((e) => {
    if (e.type !== 'message' || e.message.direction !== 'inbound' || e.message.deleted) return;
    const state = d.keywords.match(e.message.text);
    if (!state) return;
    pending = pending
      .then(async () => {
        const { events } = await recordConsent(d.store, e.conversationId, { state, at: e.message.createdAt, topic: 'keyword' }, d.now());
        for (const ev of events) d.bus.publish(ev);
      })
      .catch((err: unknown) => d.log.error({ err, conversationId: e.conversationId }, 'could not record keyword consent'));
  });
  return { stop, idle: () => pending };
}
