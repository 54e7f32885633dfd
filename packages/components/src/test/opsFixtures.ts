/** The outbox and dead letters the <KitOps> stories and tests show, relative to the story clock. */
import { HOUR_MS, MINUTE_MS } from '@kit/core';
import type { KitDeadLetter, KitOutboxSend } from '../client';
import { CONVERSATIONS } from './fixtures';
import { STORY_NOW } from './StoryKit';

const [giulia, lukas] = CONVERSATIONS;

export function outboxSend(partial: Partial<KitOutboxSend> & { clientId: string }): KitOutboxSend {
  return { conversationId: giulia!.id, status: 'queued', attempts: 0, createdAt: STORY_NOW - 3 * MINUTE_MS, updatedAt: STORY_NOW - 3 * MINUTE_MS, kind: 'text', ...partial };
}

export const QUEUED: KitOutboxSend[] = [
  outboxSend({ clientId: 'c-queued-1', text: 'Yes, we ship to Milan: 2–3 working days.', createdAt: STORY_NOW - 3 * MINUTE_MS }),
  outboxSend({
    clientId: 'c-sending-1',
    conversationId: lukas!.id,
    status: 'sending',
    attempts: 2,
    kind: 'attachment',
    createdAt: STORY_NOW - 7 * MINUTE_MS,
    reason: { code: 'graph_2', message: 'Temporary Instagram error, retrying', category: 'transient', retryable: true },
  }),
];

export const UNCERTAIN: KitOutboxSend[] = [
  outboxSend({
    clientId: 'c-uncertain-1',
    status: 'uncertain',
    attempts: 1,
    text: 'Your refund of €42.00 is on its way.',
    createdAt: STORY_NOW - 2 * HOUR_MS - 5 * MINUTE_MS,
    reason: { code: 'timeout', message: 'Instagram did not answer within 30 s; the message may have been delivered', category: 'transient', retryable: false },
  }),
  ...QUEUED,
];

export const DEAD_LETTERS: KitDeadLetter[] = [
  { id: 'dl-1', webhookId: 'wh-81', receivedAt: STORY_NOW - 26 * HOUR_MS, deadAt: STORY_NOW - 25 * HOUR_MS, attempts: 8, reason: 'unknown_account', bytes: 1843 },
  { id: 'dl-2', webhookId: 'wh-93', receivedAt: STORY_NOW - 4 * HOUR_MS, deadAt: STORY_NOW - 3 * HOUR_MS, attempts: 8, reason: 'store_unavailable', bytes: 912 },
];
