/**
 * Automated-experience disclosure (reference §9.1) on the sending side. Before an automated send
 * that @kit/core's `disclosureDue` says needs it — the start of the conversation, after a lapse,
 * or when a person wrote last — the proxy queues the notice as its own outbox row right ahead of
 * the message (same conversation lane, so it goes first), and records the conversation's
 * `disclosure` state (shown by the DisclosureBanner). The decision and both rows are written in
 * one transaction, so two automated sends arriving together disclose once.
 *
 * "Lapse" is measured from the business's last message (or the last notice), not from the
 * customer's message that the bot is answering: a customer who comes back after days should be
 * told again that they are talking to automation.
 */
import { DEFAULT_DISCLOSURE_LAPSE_MS, disclosureDue, type DisclosureDecision, type KitConversation, type KitDisclosureState } from '@kit/core';
import type { StoreOps } from '../store/types';
import { checkText } from './validate';

export interface DisclosureOptions {
  /** Notice text: one string, or per locale (`{ en, it, de, ... }`; `en` is the fallback). */
  text?: string | Record<string, string>;
  /** "Significant lapse of time" before disclosing again, ms. Default 24 h (core). */
  lapseMs?: number;
  /** The conversation's locale (e.g. from your CRM). Default: the conversation's `disclosure.locale`, else `en`. */
  locale?: (conversation: KitConversation) => string | undefined;
}

export const DEFAULT_DISCLOSURE_TEXTS: Readonly<Record<string, string>> = {
  en: 'You are chatting with an automated assistant. Write "agent" at any time to reach a person.',
  it: 'Stai parlando con un assistente automatico. Scrivi "operatore" in qualsiasi momento per parlare con una persona.',
  de: 'Sie chatten mit einem automatisierten Assistenten. Schreiben Sie jederzeit „Mitarbeiter“, um eine Person zu erreichen.',
};

export interface DisclosureConfig {
  texts: Record<string, string>;
  lapseMs: number;
  locale?: (conversation: KitConversation) => string | undefined;
}

/** Checks the option at startup (every text must be sendable); `false` turns disclosure off. */
export function resolveDisclosure(o: DisclosureOptions | false | undefined): DisclosureConfig | null {
  if (o === false) return null;
  const texts = typeof o?.text === 'string' ? { en: o.text } : { ...(o?.text ?? DEFAULT_DISCLOSURE_TEXTS) };
  if (Object.keys(texts).length === 0) throw new TypeError('createKitProxy: disclosure.text needs at least one text (e.g. { en: "..." }).');
  for (const [locale, text] of Object.entries(texts)) {
    try {
      checkText(text);
    } catch (err) {
      throw new TypeError(`createKitProxy: disclosure.text.${locale} cannot be sent: ${(err as Error).message}`, { cause: err });
    }
  }
  const lapseMs = o?.lapseMs ?? DEFAULT_DISCLOSURE_LAPSE_MS;
  if (!(lapseMs > 0)) throw new TypeError('createKitProxy: disclosure.lapseMs must be a positive number of milliseconds.');
  return { texts, lapseMs, ...(o?.locale ? { locale: o.locale } : {}) };
}

/** The notice in the conversation's language: exact locale, then its language, then en, then any. */
export function disclosureText(cfg: DisclosureConfig, conversation: KitConversation): { text: string; locale: string } {
  const wanted = (cfg.locale?.(conversation) ?? conversation.disclosure?.locale ?? 'en').toLowerCase();
  const lang = wanted.split(/[-_]/)[0] ?? wanted;
  for (const key of [wanted, lang, 'en']) {
    const hit = Object.keys(cfg.texts).find((k) => k.toLowerCase() === key);
    if (hit) return { text: cfg.texts[hit] as string, locale: hit };
  }
  const [locale, text] = Object.entries(cfg.texts)[0] as [string, string];
  return { text, locale };
}

/** Time of the business's newest message in the conversation (for the lapse), if recent enough to be listed. */
async function lastBusinessActivity(tx: StoreOps, conversationId: string): Promise<number | null> {
  const recent = await tx.listMessages(conversationId, { limit: 50 });
  return recent.find((m) => m.direction === 'outbound')?.createdAt ?? null;
}

export async function decideDisclosure(tx: StoreOps, cfg: DisclosureConfig, conversation: KitConversation, automated: boolean, now: number): Promise<DisclosureDecision> {
  if (!automated) return { due: false };
  const d = conversation.disclosure;
  return disclosureDue({
    automated,
    now,
    lapseMs: cfg.lapseMs,
    lastDisclosureAt: d?.lastDisclosedAt ?? null,
    lastSenderWasHuman: d?.lastSenderWasHuman ?? false,
    lastActivityAt: await lastBusinessActivity(tx, conversation.id),
  });
}

/** The state after an outbound send by a person (`automated: false`) or by automation. */
export function nextDisclosureState(prev: KitDisclosureState | undefined, automated: boolean, disclosedAt: number | null, locale?: string): KitDisclosureState {
  const next: KitDisclosureState = { automated: automated || (prev?.automated ?? false), lastSenderWasHuman: !automated };
  const last = disclosedAt ?? prev?.lastDisclosedAt;
  if (last !== undefined) next.lastDisclosedAt = last;
  const loc = locale ?? prev?.locale;
  if (loc) next.locale = loc;
  return next;
}
