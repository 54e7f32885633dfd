/**
 * Which Meta app this kit is, for Conversation Routing (reference §9.3). Handover webhooks name
 * apps by id (`new_owner_app_id`), so telling "the kit holds the thread" from "another app does"
 * needs the kit's own app id: the host sets `routing.appId`, or the kit learns it from Graph's
 * `thread_owner` answer right after its own take succeeds (then it is this process's knowledge
 * only — set the option when several instances share a store).
 */
import { META_INBOX_APP_IDS, type RoutingApps } from '@kit/core';

export interface RoutingOptions {
  /** This kit's Meta app id (App Dashboard → App ID): the app the proxy's tokens belong to. */
  appId?: string;
  /** App ids that count as Meta's own inbox (Business Suite). Default: core's META_INBOX_APP_IDS. */
  inboxAppIds?: string[];
  /**
   * An agent sends in a thread another app holds (Meta's inbox, a bot):
   * - `'refuse'` (default): 409 `thread_owned_elsewhere`, nothing reaches Graph — the agent takes
   *   control first (the routing banner's Take control);
   * - `'take'`: the kit takes the thread (`take_thread_control`, reference §9.3 — the app needs the
   *   primary role) and then sends; the other app gets the `messaging_handover` webhook. Asks the
   *   host's `authorize()` for `routing.write` as well. Automated sends (`automated: true`) never
   *   take a thread: they are refused as with `'refuse'`.
   *
   * Not through the send's own `thread_control` parameter: Meta documents it only as
   * `{ control_type: "pass", app_id? }`, handing the thread AWAY after the message — it cannot make
   * the kit the owner, so the kit never sends it to take.
   */
  sendWhenNotOwner?: SendWhenNotOwner;
}

export const SEND_WHEN_NOT_OWNER = ['refuse', 'take'] as const;
export type SendWhenNotOwner = (typeof SEND_WHEN_NOT_OWNER)[number];

export class RoutingIdentity {
  private appId: string | undefined;
  private readonly inboxAppIds: readonly string[];

  constructor(o: RoutingOptions = {}) {
    this.appId = o.appId;
    this.inboxAppIds = o.inboxAppIds ?? META_INBOX_APP_IDS;
  }

  /** Known app id, if any. */
  get known(): string | undefined {
    return this.appId;
  }

  /** After a successful take, Graph's thread owner is this kit's app. */
  learn(appId: string): void {
    this.appId ??= appId;
  }

  /** What core's routing functions need; an unknown app id matches no app. */
  apps(): RoutingApps {
    return { appId: this.appId ?? '', inboxAppIds: this.inboxAppIds };
  }
}
