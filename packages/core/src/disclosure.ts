/**
 * Automated-experience disclosure (reference §9.1). Where the law requires it (Meta singles out
 * California and Germany) an automated chat must say it is automated:
 *   1. at the beginning of a conversation,
 *   2. after a significant lapse of time,
 *   3. when the chat moves from a human to an automated experience.
 * Meta does not quantify the lapse, so it is a parameter (default DEFAULT_DISCLOSURE_LAPSE_MS).
 */

import { DEFAULT_DISCLOSURE_LAPSE_MS } from './limits';

export type DisclosureReason = 'start' | 'lapse' | 'human_to_automated';

export interface DisclosureInput {
  /** When the automated-experience notice was last sent in this conversation; none = never. */
  lastDisclosureAt?: number | null;
  /** Last message in either direction before the one about to be sent; none = no messages. */
  lastActivityAt?: number | null;
  /** Whether the latest outbound message was written by a human agent. */
  lastSenderWasHuman?: boolean;
  /** Whether the message about to be sent is automated. Human messages never need a notice. */
  automated: boolean;
  now: number;
  /** Silence after which the notice is repeated; default 24 h. */
  lapseMs?: number;
}

export type DisclosureDecision = { due: false } | { due: true; reason: DisclosureReason };

/**
 * Whether an automated message must be preceded by (or carry) the disclosure notice, and why.
 * When several triggers apply the first of start → human_to_automated → lapse is reported.
 * The lapse is measured from the latest of the last activity and the last disclosure, and a
 * silence of exactly `lapseMs` counts as a lapse.
 */
export function disclosureDue(input: DisclosureInput): DisclosureDecision {
  const { automated, now, lastSenderWasHuman = false, lapseMs = DEFAULT_DISCLOSURE_LAPSE_MS } = input;
  if (!automated) return { due: false };
  const lastDisclosureAt = input.lastDisclosureAt ?? undefined;
  if (lastDisclosureAt === undefined) return { due: true, reason: 'start' };
  if (lastSenderWasHuman) return { due: true, reason: 'human_to_automated' };
  const lastActivity = Math.max(lastDisclosureAt, input.lastActivityAt ?? lastDisclosureAt);
  if (now - lastActivity >= lapseMs) return { due: true, reason: 'lapse' };
  return { due: false };
}

/** Meta's example wordings for the notice (reference §9.1). */
export const DISCLOSURE_EXAMPLES = [
  'You are interacting with an automated experience.',
  'You are talking to a bot.',
  'I am an automated chatbot.',
] as const;
