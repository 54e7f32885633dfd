/**
 * The messaging window (reference §2): a business may reply within 24 h of the customer's latest
 * message; from 24 h up to 7 days only a human agent may reply, with the HUMAN_AGENT tag; after
 * that (or if the customer never wrote) nothing can be sent until the customer writes again.
 *
 * Edges (all times epoch ms): the standard window is `elapsed < 24 h`, so exactly 24 h after the
 * message is already `human_agent`; `human_agent` is `elapsed < 7 d`, so exactly 7 days is
 * `closed`. A `lastInboundAt` in the future (clock skew between Meta and us) counts as "just now".
 */

import { HUMAN_AGENT_TAG, HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from './limits';
import type { KitWindowStateName } from './types';

export type WindowState =
  | {
      state: 'open';
      /** End of the standard 24 h window. */
      closesAt: number;
      /** End of the HUMAN_AGENT window that follows (7 d after the message). */
      humanAgentClosesAt: number;
      /** ms until `closesAt`. */
      remainingMs: number;
    }
  | {
      state: 'human_agent';
      /** End of the HUMAN_AGENT window (7 d after the customer's message). */
      closesAt: number;
      remainingMs: number;
    }
  | {
      state: 'closed';
      /** When the window closed; absent if the customer never wrote. */
      closedAt?: number;
    };

export interface WindowInput {
  /** Time of the customer's latest message (or other window-opening action), ms; none = never. */
  lastInboundAt?: number | null;
  now: number;
}

/** Where a conversation stands in the messaging window at `now` (see the module comment). */
export function windowState({ lastInboundAt, now }: WindowInput): WindowState {
  if (lastInboundAt === undefined || lastInboundAt === null || !Number.isFinite(lastInboundAt)) {
    return { state: 'closed' };
  }
  const from = Math.min(lastInboundAt, now); // future timestamps: treat as now
  const elapsed = now - from;
  const standardEnd = lastInboundAt + STANDARD_WINDOW_MS; // reference §2.1
  const humanAgentEnd = lastInboundAt + HUMAN_AGENT_WINDOW_MS; // reference §2.2
  if (elapsed < STANDARD_WINDOW_MS) {
    return { state: 'open', closesAt: standardEnd, humanAgentClosesAt: humanAgentEnd, remainingMs: standardEnd - now };
  }
  if (elapsed < HUMAN_AGENT_WINDOW_MS) {
    return { state: 'human_agent', closesAt: humanAgentEnd, remainingMs: humanAgentEnd - now };
  }
  return { state: 'closed', closedAt: humanAgentEnd };
}

/**
 * Which `lastInboundAt` values put a conversation in window state `state` at `now` — the same rule
 * as `windowState`, turned around so a database can filter on a column: `after` is exclusive,
 * `atOrBefore` inclusive, `never` whether a customer who never wrote belongs here.
 */
export interface LastInboundBounds {
  after?: number;
  atOrBefore?: number;
  never: boolean;
}

export function lastInboundBounds(state: KitWindowStateName, now: number): LastInboundBounds {
  // windowState: open while now - at < 24 h, i.e. at > now - 24 h (a future time counts as now,
  // which is also > now - 24 h); human_agent while 24 h <= now - at < 7 d; closed from 7 d on.
  if (state === 'open') return { after: now - STANDARD_WINDOW_MS, never: false };
  if (state === 'human_agent') return { after: now - HUMAN_AGENT_WINDOW_MS, atOrBefore: now - STANDARD_WINDOW_MS, never: false };
  return { atOrBefore: now - HUMAN_AGENT_WINDOW_MS, never: true };
}

/**
 * When `windowState` will next change for this conversation (to schedule a re-render or a
 * banner update), or `null` if it will not change without a new inbound message.
 */
export function nextWindowChangeAt(state: WindowState): number | null {
  return state.state === 'closed' ? null : state.closesAt;
}

export type SendPolicyCode =
  | 'window_closed' // closed: nothing can be sent
  | 'automated_outside_window' // 24 h – 7 d: automation may not use HUMAN_AGENT
  | 'automated_human_agent' // HUMAN_AGENT requested for an automated send
  | 'human_agent_unavailable' // 24 h – 7 d, but the app lacks the Human Agent feature
  | 'human_agent_tag_required' // 24 h – 7 d: a person must send with HUMAN_AGENT, knowingly
  | 'invalid_tag'; // a tag other than HUMAN_AGENT

export type SendPolicy =
  | {
      allowed: true;
      /** Tag to send with (`messaging_type: "MESSAGE_TAG"`), only when the window requires it. */
      tag?: typeof HUMAN_AGENT_TAG;
    }
  | { allowed: false; code: SendPolicyCode; reason: string; category: SendPolicyCategory };

/** What kind of refusal each policy code is: a malformed request, or the window (or app) not allowing it now. */
export type SendPolicyCategory = 'validation' | 'window' | 'config';

const POLICY_CATEGORY: Record<SendPolicyCode, SendPolicyCategory> = {
  window_closed: 'window',
  automated_outside_window: 'window',
  automated_human_agent: 'validation',
  human_agent_unavailable: 'config',
  human_agent_tag_required: 'window',
  invalid_tag: 'validation',
};

const refuse = (code: SendPolicyCode, reason: string): SendPolicy => ({ allowed: false, code, reason, category: POLICY_CATEGORY[code] });

export interface SendPolicyInput {
  /** A `windowState` result or just its name. */
  window: WindowState | KitWindowStateName;
  /** Tag the caller asked for; only `HUMAN_AGENT` exists on Instagram (reference §2.2). */
  tag?: string | null;
  /** Sent by automation (a bot), not typed by a human agent. */
  automated?: boolean;
  /**
   * Whether the app has the Human Agent feature (App Review, reference §2.2). Default true; when
   * false the 24 h – 7 d range is treated as closed.
   */
  humanAgentEnabled?: boolean;
}

/**
 * May this message be sent now, and with which tag?
 * - open: any sender, no tag needed (an explicit HUMAN_AGENT from a human is dropped: tagging
 *   without need only risks the tagged-message throttle, reference §2.2 `613/2018338`);
 * - human_agent: human senders only, and only when they ask for `tag: 'HUMAN_AGENT'` (reference
 *   §2.2). The tag is never added silently: it declares that a person is answering the customer's
 *   request, so the sender (the composer's confirmation, or an API caller) must say so;
 * - closed: nothing (reference §2.1).
 * Automated sends never get HUMAN_AGENT (reference §2.2 "Disallowed: automated messages").
 */
export function sendPolicy({ window, tag, automated = false, humanAgentEnabled = true }: SendPolicyInput): SendPolicy {
  const state = typeof window === 'string' ? window : window.state;
  if (tag !== undefined && tag !== null && tag !== HUMAN_AGENT_TAG) {
    return refuse('invalid_tag', `Instagram only accepts the HUMAN_AGENT message tag, not ${JSON.stringify(tag)}.`);
  }
  if (automated && tag === HUMAN_AGENT_TAG) {
    return refuse('automated_human_agent', 'Automated messages may not use the HUMAN_AGENT tag; it is reserved for replies written by people.');
  }
  switch (state) {
    case 'open':
      return { allowed: true };
    case 'human_agent':
      if (automated) {
        return refuse('automated_outside_window', 'More than 24 hours have passed since the customer last wrote; only a human agent can reply now (up to 7 days).');
      }
      if (!humanAgentEnabled) {
        return refuse('human_agent_unavailable', 'More than 24 hours have passed since the customer last wrote, and this app is not approved for the Human Agent feature.');
      }
      if (tag !== HUMAN_AGENT_TAG) {
        return refuse('human_agent_tag_required', 'More than 24 hours have passed since the customer last wrote. A person may still reply for up to 7 days: confirm that you are answering their request and send with tag "HUMAN_AGENT".');
      }
      return { allowed: true, tag: HUMAN_AGENT_TAG };
    case 'closed':
      return refuse('window_closed', typeof window !== 'string' && window.state === 'closed' && window.closedAt === undefined
            ? 'The customer has not written to this account; Instagram only allows replies after they message you.'
            : 'The customer last wrote more than 7 days ago; you can reply once they message again.');
  }
}
