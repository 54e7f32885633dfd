/**
 * Conversation Routing (reference §9.3): one app holds each thread; only it may send. The sandbox's
 * own app holds every thread until another app takes it (tests and the demo script Meta's inbox or
 * a bot vendor's app through `sandbox.routing`). What Meta does, the sandbox does:
 *
 * - Graph's control calls (the Handover Protocol endpoints routing stays compatible with):
 *   `POST /{id}/take_thread_control`, `pass_thread_control` (`target_app_id`, else the default
 *   app), `release_thread_control`, `request_thread_control` → `{ success: true }`;
 *   `GET /{id}/thread_owner?recipient=<IGSID>` → `{ data: [{ thread_owner: { app_id } }] }`;
 * - `thread_control: { control_type: 'pass', app_id? }` on a send, by the holder: the message goes
 *   out, then the thread passes to `app_id` (else the default app) — the only form reference §9.3
 *   documents; no other `control_type` (a send cannot take a thread);
 * - a send (or sender action) by an app that does not hold the thread → 10/2018300; pass/release
 *   by a non-holder → 100/2534037; accounts without routing refuse control calls;
 * - every change of holder → a `messaging_handover` webhook (`pass_thread_control` /
 *   `take_thread_control` / `request_thread_control`); a release goes to the default app and is
 *   reported as a pass to it;
 * - while another app holds a thread, the sandbox app gets the thread's events on `standby`
 *   (`entry[].standby[]`), including echoes of what the holder sends (with its `app_id`).
 */

import { META_INBOX_APP_IDS } from '@kit/core';
import type { SandboxContext } from './context';
import { errors } from './errors';
import { messagingBase, webhookMessage } from './events';
import type { GraphAnswer, GraphCall } from './call';
import { pathNamesAccount, requirePermission } from './auth';
import { MESSAGING_PERMISSION } from './accounts';
import type { Conversation, Customer, SandboxAccount, StoredMessage } from './types';

/** The sandbox app's id when `appId` is not given (also reported by subscribed_apps). */
export const DEFAULT_SANDBOX_APP_ID = '1234567890123456';
/** Meta's inbox as third parties quote it (core's META_INBOX_APP_IDS; UNCONFIRMED). */
export const META_INBOX_APP_ID = META_INBOX_APP_IDS[0] as string;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function sandboxAppId(ctx: SandboxContext): string {
  return ctx.options.appId ?? DEFAULT_SANDBOX_APP_ID;
}

function defaultApp(ctx: SandboxContext, account: SandboxAccount): string {
  return account.defaultAppId ?? sandboxAppId(ctx);
}

/** The app holding the thread (the default app until someone moves it). */
export function threadOwner(ctx: SandboxContext, account: SandboxAccount, conv: Conversation | undefined): string {
  return conv?.ownerAppId ?? defaultApp(ctx, account);
}

/** Whether the sandbox app must not send in this thread right now. */
export function heldElsewhere(ctx: SandboxContext, account: SandboxAccount, conv: Conversation | undefined): boolean {
  return account.conversationRouting && threadOwner(ctx, account, conv) !== sandboxAppId(ctx);
}

/** Sends and sender actions: only the holder may (reference §9.3, error 2018300). */
export function assertMayMessage(ctx: SandboxContext, account: SandboxAccount, conv: Conversation | undefined): void {
  if (heldElsewhere(ctx, account, conv)) throw errors.threadControlledElsewhere();
}

export interface ThreadControl {
  controlType: 'pass';
  appId?: string;
}

/** Validate a send's `thread_control` (only with routing configured). */
export function parseThreadControl(account: SandboxAccount, raw: unknown): ThreadControl | undefined {
  if (raw === undefined) return undefined;
  if (!account.conversationRouting) throw errors.routingNotConfigured();
  if (!isObj(raw)) throw errors.invalidParam('param thread_control must be a JSON object');
  const type = raw.control_type;
  if (type !== 'pass') throw errors.invalidParam(`param thread_control[control_type] must be one of {pass} - got "${String(type)}"`);
  if (raw.app_id !== undefined && (typeof raw.app_id !== 'string' && typeof raw.app_id !== 'number')) {
    throw errors.invalidParam('param thread_control[app_id] must be an app id');
  }
  return { controlType: type, ...(raw.app_id !== undefined ? { appId: String(raw.app_id) } : {}) };
}

type HandoverKey = 'pass_thread_control' | 'take_thread_control' | 'request_thread_control';

/** Move the thread and queue the `messaging_handover` webhook. */
function moveThread(
  ctx: SandboxContext,
  account: SandboxAccount,
  customer: Customer,
  key: Exclude<HandoverKey, 'request_thread_control'>,
  newAppId: string,
  metadata: string | undefined,
): void {
  const conv = ctx.store.conversationFor(account.id, account.igUserId, customer.id, ctx.clock.now());
  const previous = threadOwner(ctx, account, conv);
  conv.ownerAppId = newAppId;
  emitHandover(ctx, account, customer.id, key, {
    previous_owner_app_id: previous,
    new_owner_app_id: newAppId,
    ...(metadata !== undefined ? { metadata } : {}),
  });
}

function emitHandover(ctx: SandboxContext, account: SandboxAccount, customerId: string, key: HandoverKey, body: Record<string, unknown>): void {
  const now = ctx.clock.now();
  const messaging = { ...messagingBase(account, customerId, 'customer', now), [key]: body };
  ctx.inspector.notify({ kind: 'routing', at: now, accountId: account.id, customerId, summary: { [key]: body } });
  ctx.webhooks.enqueue({ entryId: account.igUserId, field: 'messaging_handover', messaging });
}

/** After a send with `thread_control`: pass to `app_id` (else the default app). */
export function applyThreadControl(ctx: SandboxContext, account: SandboxAccount, customer: Customer, tc: ThreadControl | undefined): void {
  if (!tc) return;
  moveThread(ctx, account, customer, 'pass_thread_control', tc.appId ?? defaultApp(ctx, account), undefined);
}

function recipientOf(ctx: SandboxContext, account: SandboxAccount, raw: unknown): Customer {
  const id = isObj(raw) ? raw.id : typeof raw === 'string' ? raw : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw errors.missingParam('recipient[id]');
  const c = ctx.store.customers.get(String(id));
  if (!c || c.accountId !== account.id) throw errors.noMatchingUser();
  return c;
}

const CONTROL_EDGES = new Set(['take_thread_control', 'pass_thread_control', 'release_thread_control', 'request_thread_control', 'thread_owner']);

/** Graph's thread-control endpoints; `null` when the call is not one of them. */
export function handleRoutingCall(ctx: SandboxContext, call: GraphCall): GraphAnswer | null {
  const { account, node, edge, method, p } = call;
  if (!edge || !CONTROL_EDGES.has(edge)) return null;
  if (!pathNamesAccount(account, node)) throw errors.unsupportedRequest(method, `${node}/${edge}`);
  requirePermission(account, MESSAGING_PERMISSION[account.flavor]);
  if (!account.conversationRouting) throw errors.routingNotConfigured();
  const ours = sandboxAppId(ctx);
  const customer = recipientOf(ctx, account, p.recipient);
  const conv = ctx.store.findConversation(account.id, customer.id);
  const owner = threadOwner(ctx, account, conv);
  const metadata = typeof p.metadata === 'string' ? p.metadata : undefined;
  if (edge === 'thread_owner') {
    if (method !== 'GET') throw errors.unsupportedRequest(method, `${node}/${edge}`);
    return { status: 200, body: { data: [{ thread_owner: { app_id: owner } }] } };
  }
  if (method !== 'POST') throw errors.unsupportedRequest(method, `${node}/${edge}`);
  switch (edge) {
    case 'take_thread_control':
      // The sandbox app has the primary behaviour: it may take any thread (reference §9.3).
      if (owner !== ours) moveThread(ctx, account, customer, 'take_thread_control', ours, metadata);
      break;
    case 'pass_thread_control': {
      if (owner !== ours) throw errors.notThreadOwner();
      const target = p.target_app_id === undefined ? defaultApp(ctx, account) : String(p.target_app_id);
      if (target === ours) throw errors.invalidParam('param target_app_id must be another app');
      moveThread(ctx, account, customer, 'pass_thread_control', target, metadata);
      break;
    }
    case 'release_thread_control':
      if (owner !== ours) throw errors.notThreadOwner();
      moveThread(ctx, account, customer, 'pass_thread_control', defaultApp(ctx, account), metadata);
      break;
    case 'request_thread_control':
      if (owner === ours) throw errors.invalidParam('Your app already controls this conversation');
      // Meta tells the holder; the sandbox only records the request.
      ctx.inspector.notify({ kind: 'routing', at: ctx.clock.now(), accountId: account.id, customerId: customer.id, summary: { request_thread_control: { requested_owner_app_id: ours, ...(metadata ? { metadata } : {}) } } });
      break;
  }
  return { status: 200, body: { success: true } };
}

/** What tests and the simulator script: other apps moving threads and writing in them. */
export interface RoutingControl {
  /** The app holding the customer's thread. */
  owner(customerId: string): string;
  /** Another app (default: Meta's inbox) takes the thread. */
  take(customerId: string, appId?: string, metadata?: string): void;
  /** The holder passes the thread to `toAppId` (default: the sandbox app). */
  pass(customerId: string, toAppId?: string, metadata?: string): void;
  /** Another app asks the sandbox app for the thread (`request_thread_control` webhook). */
  request(customerId: string, appId?: string, metadata?: string): void;
  /** The app holding the thread writes to the customer; the sandbox app sees the echo on standby. */
  send(customerId: string, text: string): { mid: string };
}

export function createRoutingControl(ctx: SandboxContext, resolve: (customerId: string) => Customer): RoutingControl {
  const accountOf = (c: Customer) => ctx.accounts.require(c.accountId);
  const routed = (c: Customer) => {
    const account = accountOf(c);
    if (!account.conversationRouting) throw new Error(`routing: account ${account.id} has conversationRouting: false`);
    return account;
  };
  return {
    owner(customerId) {
      const c = resolve(customerId);
      const account = accountOf(c);
      return threadOwner(ctx, account, ctx.store.findConversation(account.id, c.id));
    },
    take(customerId, appId = META_INBOX_APP_ID, metadata) {
      const c = resolve(customerId);
      moveThread(ctx, routed(c), c, 'take_thread_control', appId, metadata);
    },
    pass(customerId, toAppId = sandboxAppId(ctx), metadata) {
      const c = resolve(customerId);
      moveThread(ctx, routed(c), c, 'pass_thread_control', toAppId, metadata);
    },
    request(customerId, appId = META_INBOX_APP_ID, metadata) {
      const c = resolve(customerId);
      emitHandover(ctx, routed(c), c.id, 'request_thread_control', { requested_owner_app_id: appId, ...(metadata !== undefined ? { metadata } : {}) });
    },
    send(customerId, text) {
      const c = resolve(customerId);
      const account = routed(c);
      const now = ctx.clock.now();
      const conv = ctx.store.conversationFor(account.id, account.igUserId, c.id, now);
      const appId = threadOwner(ctx, account, conv);
      if (appId === sandboxAppId(ctx)) throw new Error('routing.send: the sandbox app holds this thread; another app must take it first');
      const msg: StoredMessage = {
        mid: ctx.store.newMid(account.igUserId),
        accountId: account.id,
        customerId: c.id,
        direction: 'outbound',
        createdAt: now,
        text,
        attachments: [],
        isDeleted: false,
        numEdit: 0,
        reactions: [],
      };
      ctx.store.addMessage(conv, msg);
      ctx.inspector.notify({ kind: 'routing', at: now, accountId: account.id, customerId: c.id, summary: { appId, text } });
      ctx.webhooks.enqueue({
        entryId: account.igUserId,
        field: 'standby',
        standby: true,
        messaging: { ...messagingBase(account, c.id, 'business', now), message: { ...webhookMessage(msg, true), app_id: appId } },
      });
      return { mid: msg.mid };
    },
  };
}
