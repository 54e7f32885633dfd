/**
 * Customer profiles (reference §6.4 "User profile"): webhooks carry only the customer's IGSID and
 * the Conversations API at best a username, so the proxy reads `GET /{igsid}?fields=name,
 * username,profile_pic` itself and stores the answer on the conversation's `customer`, publishing
 * `conversation_updated` so inbox rows fill in live.
 *
 * Rules that shape this module:
 * - never on the webhook's critical path: work is queued after the event is applied and runs in
 *   the background (`idle()` waits for it — tests, shutdown);
 * - within the account's call budget: profile reads share the Conversations API class (2 calls/s,
 *   reference §3.1) — Meta publishes no messaging-specific number for profile reads, and sharing
 *   the strictest read budget keeps a burst of new customers from starving or tripping the
 *   back-fill;
 * - at most one read per customer per `ttlMs` (24 h): `profile_pic` URLs expire after a few days
 *   (§6.4), so a later message after the TTL refreshes it. A failure (consent not given yet →
 *   Graph error, blocked user, throttle) is logged without detail beyond Graph's code and retried
 *   on the next trigger after `retryMs`. The schedule lives in the store (`profile:<conversation>`
 *   jobs): instances sharing a store read each customer once between them, and a restart does
 *   not read everyone again. Claiming the job leases it for `retryMs`, so a read whose instance
 *   died is retried by the next message after that.
 */
import { withWindowState, type KitConversation, type KitCustomer } from '@kit/core';
import type { Logger } from 'pino';
import type { EventBus } from '../live/bus';
import { GraphApiError, GraphNetworkError, type GraphClient } from '../graph/client';
import type { AccountLimits } from '../limits/account-limits';
import type { Store } from '../store/types';

export interface ProfileOptions {
  /** Default true. */
  enabled?: boolean;
  /** How long a fetched profile is considered fresh. Default 24 h. */
  ttlMs?: number;
  /** How long to wait before trying again after a failed read. Default 10 min. */
  retryMs?: number;
}

/** The §6.4 fields the inbox shows (same node and names for both flavors). */
export const PROFILE_FIELDS = 'name,username,profile_pic';

interface GraphProfile {
  id?: string;
  name?: string | null;
  username?: string | null;
  profile_pic?: string | null;
}

export interface ProfileFetcherDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  limits: AccountLimits;
  log: Logger;
  now: () => number;
  options: Required<ProfileOptions>;
}

export class ProfileFetcher {
  /** conversationId → when its next read is due, as far as this instance knows (saves a store call per message). */
  private readonly dueAt = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly d: ProfileFetcherDeps) {}

  /**
   * Asks for the profile of this conversation's customer unless one was read within the TTL, a
   * failure is still cooling down, or a read is already running. Returns at once.
   */
  request(accountId: string, conversationId: string, customerId: string): void {
    if (!this.d.options.enabled || this.abort.signal.aborted) return;
    if (this.inFlight.has(conversationId)) return;
    const due = this.dueAt.get(conversationId);
    if (due !== undefined && this.d.now() < due) return;
    const p = this.fetch(accountId, conversationId, customerId)
      .catch((err: unknown) => this.d.log.error({ err, accountId }, 'profile update crashed'))
      .finally(() => this.inFlight.delete(conversationId));
    this.inFlight.set(conversationId, p);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  async close(): Promise<void> {
    this.abort.abort(new Error('kit proxy closed'));
    await this.idle();
  }

  private async fetch(accountId: string, conversationId: string, customerId: string): Promise<void> {
    const { graph, limits, log, store, options } = this.d;
    const key = `profile:${conversationId}`;
    const claimedAt = this.d.now();
    // Until the lease ends: if this read fails (or this instance dies), that is when to try again.
    this.dueAt.set(conversationId, claimedAt + options.retryMs);
    if (!(await store.claimDue(key, { now: claimedAt, until: claimedAt + options.retryMs }))) return;
    let profile: GraphProfile;
    try {
      await limits.acquire(accountId, 'conversations', this.abort.signal);
      profile = (await graph.request<GraphProfile>(accountId, { path: [customerId], query: { fields: PROFILE_FIELDS }, signal: this.abort.signal })).data;
    } catch (err) {
      if (this.abort.signal.aborted) {
        // Not tried: whoever is asked next may read it at once.
        this.dueAt.delete(conversationId);
        await store.reschedule(key, claimedAt).catch(() => undefined);
        return;
      }
      const failedAt = this.d.now();
      this.dueAt.set(conversationId, failedAt + options.retryMs);
      await store.reschedule(key, failedAt + options.retryMs);
      // Expected before the customer has consented (§6.4) or when blocked: info, not an alarm.
      const graphRef = err instanceof GraphApiError ? err.graph : undefined;
      const reason = err instanceof GraphNetworkError ? err.reason : undefined;
      log.info({ accountId, graph: graphRef, reason }, 'customer profile not available yet; will retry later');
      return;
    }
    const fetchedAt = this.d.now();
    this.dueAt.set(conversationId, fetchedAt + options.ttlMs);
    await store.reschedule(key, fetchedAt + options.ttlMs);
    await this.save(accountId, conversationId, profile);
  }

  private async save(accountId: string, conversationId: string, p: GraphProfile): Promise<void> {
    const now = this.d.now();
    const event = await this.d.store.transaction(async (tx) => {
      const c = await tx.getConversation(conversationId);
      if (!c) return null;
      const customer: KitCustomer = { ...c.customer };
      // name and profile_pic may be null (§6.4): keep a known name, drop a picture Graph no
      // longer gives (its old URL expires anyway).
      if (p.name) customer.name = p.name;
      if (p.username) customer.username = p.username;
      if (p.profile_pic) customer.profilePic = p.profile_pic;
      else delete customer.profilePic;
      if (sameCustomer(c.customer, customer)) return null;
      const next: KitConversation = withWindowState({ ...c, customer, updatedAt: now }, now);
      await tx.putConversation(next);
      return tx.appendEvent({ type: 'conversation_updated', accountId, conversationId, at: now, conversation: next });
    });
    if (event) this.d.bus.publish(event);
  }
}

function sameCustomer(a: KitCustomer | undefined, b: KitCustomer): boolean {
  return (a?.name ?? null) === (b.name ?? null) && (a?.username ?? null) === (b.username ?? null) && (a?.profilePic ?? null) === (b.profilePic ?? null);
}
