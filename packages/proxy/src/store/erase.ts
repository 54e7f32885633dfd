/**
 * Unsend erasure beyond the message row (DESIGN §3.5, Meta's terms): the event log would replay
 * the content to reconnecting browsers, and the raw webhook log holds it verbatim. These helpers
 * rewrite logged events so the message survives only as a tombstone; every store applies them to
 * each row that mentions the message id.
 */
import { tombstoneOf, type KitEvent } from '@kit/core';

export const ERASED_WEBHOOK_BODY = '{"erased":"a message in this payload was unsent"}';

/** The event with every trace of message `mid`'s content removed; null if nothing changed. */
export function eraseFromEvent(event: KitEvent, mid: string): KitEvent | null {
  switch (event.type) {
    case 'message':
      return event.message.id === mid && !event.message.deleted ? { ...event, message: tombstoneOf(event.message) } : null;
    case 'message_edited':
      if (event.messageId !== mid || event.text === undefined) return null;
      {
        const { text: _text, ...rest } = event;
        return rest;
      }
    case 'conversation_updated': {
      const last = event.conversation.lastMessage;
      if (!last || last.id !== mid || last.deleted) return null;
      return {
        ...event,
        conversation: { ...event.conversation, lastMessage: { id: last.id, direction: last.direction, createdAt: last.createdAt, deleted: true } },
      };
    }
    default:
      return null;
  }
}
