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
}

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
