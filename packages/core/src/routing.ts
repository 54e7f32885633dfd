/**
 * Conversation Routing (reference §9.3; Instagram's successor of the Handover Protocol since
 * 2025-10-23). Several apps may serve one Instagram account — the kit, Meta's own inbox (Business
 * Suite, the Instagram app), a bot vendor's app — and one of them holds each thread at a time. Only
 * the holder may send (Meta answers others with 2018300 / 100-2534037); the others get the
 * thread's events on `standby`. These functions turn `messaging_handover` webhooks, standby
 * deliveries and the kit's own take/pass/release calls into one state per conversation, and say
 * whether the kit may send — so the proxy refuses locally and the banner shows the same answer.
 */

import type { KitRoutingState, KitThreadHolder, Millis } from './types';

/**
 * App ids of Meta's own inbox, as third parties quote them (reference §9.3: the Page Inbox app
 * `263902037430900`; UNCONFIRMED). A host can add the ids it sees in its own handover webhooks.
 */
export const META_INBOX_APP_IDS: readonly string[] = ['263902037430900'];

export interface RoutingApps {
  /** This kit's Meta app id (the one the proxy's tokens belong to). */
  appId: string;
  /** App ids that count as Meta's inbox (default META_INBOX_APP_IDS). */
  inboxAppIds?: readonly string[];
}

/** Who an app id is from the kit's point of view. */
export function holderOf(appId: string | undefined, apps: RoutingApps): KitThreadHolder {
  if (appId === undefined || appId === '') return 'idle';
  if (appId === apps.appId) return 'kit';
  return (apps.inboxAppIds ?? META_INBOX_APP_IDS).includes(appId) ? 'inbox' : 'app';
}

/** One change of control, from a `messaging_handover` webhook or the kit's own control call. */
export interface HandoverChange {
  action: 'pass' | 'take' | 'request' | 'release';
  previousAppId?: string;
  /** The app that holds the thread now (pass / take). */
  newAppId?: string;
  /** The app asking for the thread (request). */
  requestedByAppId?: string;
  metadata?: string;
  at: Millis;
}

/** The routing state after a handover. A `request` changes nothing but who is asking. */
export function routingAfterHandover(current: KitRoutingState | undefined, change: HandoverChange, apps: RoutingApps): KitRoutingState {
  const meta = change.metadata === undefined ? {} : { metadata: change.metadata };
  if (change.action === 'request') {
    const base: KitRoutingState = current ?? { holder: 'kit', since: change.at };
    return { ...base, ...(change.requestedByAppId ? { requestedByAppId: change.requestedByAppId } : {}), ...meta };
  }
  if (change.action === 'release') {
    const previousAppId = change.previousAppId ?? current?.holderAppId;
    return { holder: 'idle', ...(previousAppId ? { previousAppId } : {}), since: change.at, ...meta };
  }
  const previousAppId = change.previousAppId ?? current?.holderAppId;
  const holder = holderOf(change.newAppId, apps);
  return {
    holder,
    ...(change.newAppId ? { holderAppId: change.newAppId } : {}),
    ...(previousAppId && previousAppId !== change.newAppId ? { previousAppId } : {}),
    since: change.at,
    ...meta,
  };
}

/**
 * An event of the thread arrived on `standby`: some other app holds it. Keeps what is known about
 * that app; without it the holder is "another app" (the standby delivery does not name it).
 */
export function routingAfterStandby(current: KitRoutingState | undefined, at: Millis): KitRoutingState {
  if (current && current.holder !== 'kit' && current.holder !== 'idle') return current;
  return { holder: 'app', ...(current?.holderAppId && current.holder !== 'kit' ? { holderAppId: current.holderAppId } : {}), since: at };
}

export type RoutingSendPolicy =
  | { allowed: true }
  | { allowed: false; code: 'thread_owned_elsewhere'; holder: 'inbox' | 'app'; reason: string };

/** May the kit send in this thread now? Everything but "another app holds it" is yes. */
export function routingSendPolicy(routing: KitRoutingState | undefined): RoutingSendPolicy {
  if (!routing || routing.holder === 'kit' || routing.holder === 'idle') return { allowed: true };
  return {
    allowed: false,
    code: 'thread_owned_elsewhere',
    holder: routing.holder,
    reason:
      routing.holder === 'inbox'
        ? 'Meta Business Suite is handling this conversation. Take control of it to reply from here.'
        : 'Another app (for example a bot) is handling this conversation. Take control of it to reply from here.',
  };
}

/** Where "hand back" passes the thread: the app that had it before the kit, else Meta's inbox. */
export function handBackTarget(routing: KitRoutingState | undefined, apps: RoutingApps): string {
  const previous = routing?.previousAppId;
  if (previous && previous !== apps.appId) return previous;
  return (apps.inboxAppIds ?? META_INBOX_APP_IDS)[0] ?? META_INBOX_APP_IDS[0]!;
}
