/**
 * Conversation Routing's control calls on the account's own node (reference §9.3), shared by the
 * routing routes (the agent's Take control / Hand back) and the sending side (`routing.
 * sendWhenNotOwner: 'take'`): Graph is called on a fixed list of edges only, the recipient is the
 * conversation's customer (never request data), and the kit's own moves are recorded on the
 * conversation with a `handover` event, then `conversation_updated`. Graph's "another app holds
 * it" (2018300, 100/2534037) is remembered on the conversation and answered 409
 * `thread_owned_elsewhere`.
 */
import { routingAfterHandover, routingAfterStandby, type HandoverChange, type KitConversation } from '@kit/core';
import { GraphApiError, GraphNetworkError, type GraphClient } from '../graph/client';
import { KitHttpError } from '../http/errors';
import type { EventBus } from '../live/bus';
import type { Store } from '../store/types';
import type { RoutingIdentity } from './identity';
import { changeRouting } from './state';

/** The only Graph edges the kit calls for routing (the Handover endpoints Conversation Routing keeps). */
export const CONTROL_EDGES = {
  take: 'take_thread_control',
  pass: 'pass_thread_control',
  release: 'release_thread_control',
  owner: 'thread_owner',
} as const;

export type ControlEdge = (typeof CONTROL_EDGES)[keyof typeof CONTROL_EDGES];

export interface RoutingControlDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  identity: RoutingIdentity;
  now: () => number;
}

export class RoutingControl {
  constructor(private readonly o: RoutingControlDeps) {}

  /** One control call; Graph's refusals become the kit's errors (and "held elsewhere" is remembered). */
  async call<T>(accountId: string, c: KitConversation, edge: ControlEdge, body?: Record<string, unknown>): Promise<T> {
    const { graph, store, bus, now } = this.o;
    try {
      const res = body
        ? await graph.request<T>(accountId, { method: 'POST', path: [accountId, edge], json: { recipient: { id: c.customerId }, ...body } })
        : await graph.request<T>(accountId, { path: [accountId, edge], query: { recipient: c.customerId } });
      return res.data;
    } catch (err) {
      if (err instanceof GraphApiError) {
        if (err.classification.category === 'routing') {
          await changeRouting(store, bus, c.id, { next: (cur) => routingAfterStandby(cur, now()) }, now());
        }
        throw err.toKitHttpError();
      }
      if (err instanceof GraphNetworkError) throw err.toKitHttpError();
      throw err;
    }
  }

  /** The app holding the thread now, as Graph says (`{ data: [{ thread_owner: { app_id } }] }`). */
  async ownerOf(accountId: string, c: KitConversation): Promise<string | undefined> {
    const data = await this.call<{ data?: { thread_owner?: { app_id?: unknown } }[] }>(accountId, c, CONTROL_EDGES.owner);
    const id = data.data?.[0]?.thread_owner?.app_id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }

  /** Record the kit's own move: the `handover` event, then the state core derives from it. */
  async moved(c: KitConversation, change: Omit<HandoverChange, 'at'>): Promise<KitConversation> {
    const { store, bus, identity } = this.o;
    const now = this.o.now();
    const full: HandoverChange = { ...change, at: now };
    const next = await changeRouting(
      store,
      bus,
      c.id,
      {
        next: (cur) => routingAfterHandover(cur, full, identity.apps()),
        event: (conv) => ({
          type: 'handover',
          accountId: conv.accountId,
          conversationId: conv.id,
          at: now,
          action: change.action,
          ...(change.previousAppId ? { previousAppId: change.previousAppId } : {}),
          ...(change.newAppId ? { newAppId: change.newAppId } : {}),
          ...(change.metadata ? { metadata: change.metadata } : {}),
        }),
      },
      now,
    );
    if (!next) throw new KitHttpError(404, 'conversation_not_found', `No conversation ${c.id}.`);
    return next;
  }

  /** `take_thread_control` (primary behaviour only, reference §9.3): the kit's app holds the thread after it. */
  async take(accountId: string, c: KitConversation, metadata?: string): Promise<KitConversation> {
    const { identity } = this.o;
    await this.call(accountId, c, CONTROL_EDGES.take, metadata ? { metadata } : {});
    // The holder now is this kit's app: learn its id from Graph when the host did not set it.
    if (!identity.known) {
      const owner = await this.ownerOf(accountId, c).catch(() => undefined);
      if (owner) identity.learn(owner);
    }
    return this.moved(c, {
      action: 'take',
      ...(identity.known ? { newAppId: identity.known } : {}),
      ...(c.routing?.holderAppId ? { previousAppId: c.routing.holderAppId } : {}),
      ...(metadata ? { metadata } : {}),
    });
  }
}
