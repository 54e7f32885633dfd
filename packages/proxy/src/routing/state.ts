/**
 * The routing state of one conversation (KitConversation.routing), changed outside the webhook
 * pipeline: by the kit's own take/pass/release calls and when Graph refuses a send because another
 * app holds the thread. One transaction writes the conversation and logs the events (a `handover`
 * when the kit moved the thread, then `conversation_updated`), so every open inbox follows live.
 */
import { withWindowState, type KitConversation, type KitEvent, type KitRoutingState } from '@kit/core';
import type { EventBus } from '../live/bus';
import type { LoggedEvent, Store } from '../store/types';

export interface RoutingChange {
  /** The state after the change, from the current one; `null`: nothing changes. */
  next: (current: KitRoutingState | undefined) => KitRoutingState | null;
  /** Logged before `conversation_updated` when the state changed (the kit's own handover). */
  event?: (conversation: KitConversation) => KitEvent;
}

/** Applies the change; returns the conversation as it is now, null when there is no such conversation. */
export async function changeRouting(store: Store, bus: EventBus, conversationId: string, change: RoutingChange, now: number): Promise<KitConversation | null> {
  const result = await store.transaction(async (tx) => {
    const c = await tx.getConversation(conversationId);
    if (!c) return null;
    const routing = change.next(c.routing);
    if (!routing || JSON.stringify(routing) === JSON.stringify(c.routing ?? null)) return { c: withWindowState(c, now), logged: [] as LoggedEvent[] };
    const next = withWindowState({ ...c, routing, updatedAt: now }, now);
    await tx.putConversation(next);
    const events: KitEvent[] = [
      ...(change.event ? [change.event(next)] : []),
      { type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at: now, conversation: next },
    ];
    const logged: LoggedEvent[] = [];
    for (const e of events) logged.push(await tx.appendEvent(e));
    return { c: next, logged };
  });
  if (!result) return null;
  for (const e of result.logged) bus.publish(e);
  return result.c;
}
