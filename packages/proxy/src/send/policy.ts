/**
 * What may be sent right now, decided from the store before anything is queued (and again just
 * before delivery, since a queued send can outlive its window): the messaging window from the
 * conversation's latest customer message and @kit/core's `sendPolicy` (24 h for everyone;
 * HUMAN_AGENT up to 7 days for people only; automation never gets the tag), and consent
 * (automation never writes to someone who opted out; people still may). First of all Conversation
 * Routing: while another app holds the thread (reference §9.3) nothing is sent — Meta would answer
 * 2018300 — and the refusal is the same one Graph's answer becomes (`thread_owned_elsewhere`).
 */
import { routingSendPolicy, sendPolicy, windowState, type KitConversation, type KitStatusReason } from '@kit/core';
import { KitHttpError } from '../http/errors';

export interface PolicyInput {
  conversation: KitConversation | null;
  automated: boolean;
  tag?: string | undefined;
  now: number;
  /** The app has the Human Agent feature (App Review). Default true. */
  humanAgentEnabled?: boolean;
}

export type PolicyVerdict = { ok: true; tag?: 'HUMAN_AGENT' } | { ok: false; reason: KitStatusReason };

export function evaluateSendPolicy(i: PolicyInput): PolicyVerdict {
  const routing = routingSendPolicy(i.conversation?.routing);
  if (!routing.allowed) return { ok: false, reason: { code: routing.code, message: routing.reason, category: 'routing', retryable: false } };
  const w = windowState({ lastInboundAt: i.conversation?.lastInboundAt ?? null, now: i.now });
  const p = sendPolicy({ window: w, tag: i.tag ?? null, automated: i.automated, humanAgentEnabled: i.humanAgentEnabled ?? true });
  if (!p.allowed) {
    return {
      ok: false,
      reason: { code: p.code, message: p.reason, category: p.category, retryable: false },
    };
  }
  if (i.automated && i.conversation?.consent?.state === 'opted_out') {
    return {
      ok: false,
      reason: {
        code: 'consent_opted_out',
        message: 'This person opted out of automated messages; only a person from your team can write to them.',
        category: 'policy',
        retryable: false,
      },
    };
  }
  return p.tag ? { ok: true, tag: p.tag } : { ok: true };
}

/**
 * Throwing form for routes: 422 with the policy's code (nothing is stored or sent); 409 when
 * another app holds the thread (a state the agent can change: take control).
 */
export function requireSendPolicy(i: PolicyInput): { tag?: 'HUMAN_AGENT' } {
  const v = evaluateSendPolicy(i);
  if (!v.ok && v.reason.category === 'routing') {
    throw new KitHttpError(409, v.reason.code, v.reason.message, { category: 'routing', details: { holder: i.conversation?.routing?.holder ?? 'app' } });
  }
  if (!v.ok) throw new KitHttpError(422, v.reason.code, v.reason.message, { category: v.reason.category, details: { window: windowState({ lastInboundAt: i.conversation?.lastInboundAt ?? null, now: i.now }).state } });
  return v.tag ? { tag: v.tag } : {};
}

/**
 * Sender actions (typing, mark_seen, react/unreact) carry no tag, so they need the standard 24 h
 * window (the sandbox and Meta refuse them afterwards with 10/2534022).
 */
export function senderActionAllowed(conversation: KitConversation | null, now: number): boolean {
  return windowState({ lastInboundAt: conversation?.lastInboundAt ?? null, now }).state === 'open';
}
