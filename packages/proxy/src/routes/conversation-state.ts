/**
 * Conversation state the agent changes from the inbox:
 *   POST /accounts/:accountId/conversations/:conversationId/consent  { state: 'opted_out' | 'opted_in' }
 *   POST /accounts/:accountId/conversations/:conversationId/mode     { automated: boolean }
 *   POST /accounts/:accountId/conversations/:conversationId/seen     { typing?: boolean }
 *   POST /accounts/:accountId/conversations/:conversationId/typing   { on: boolean }
 * Each answers `{ conversation }` (seen also says what it told Instagram) and publishes
 * `conversation_updated`, so every open inbox updates its banners.
 */
import express, { type Router } from 'express';
import type { KitConversation } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Authorizer } from '../auth';
import { KitHttpError, toKitHttpError } from '../errors';
import type { EventBus } from '../events/bus';
import { withWindow } from '../inbound/apply';
import type { Store } from '../store/types';
import { recordConsent } from '../send/consent';
import { senderActionAllowed } from '../send/policy';
import { authorizedAccount, isObj, pathConversation } from '../send/route-helpers';
import { senderAction, type SenderActionDeps } from '../send/sender-actions';
import { asyncHandler } from '../util/async-handler';

export interface SenderActionOptions {
  /** Send `mark_seen` to Instagram when an agent opens a thread (POST .../seen). Default true. */
  markSeenOnOpen?: boolean;
  /** Also show "typing…" to the customer when an agent opens a thread. Default false. */
  typingOnOpen?: boolean;
}

export interface ConversationStateOptions extends SenderActionDeps {
  store: Store;
  bus: EventBus;
  authorizer: Authorizer;
  accounts: AccountRegistry;
  log: Logger;
  now: () => number;
  senderActions: SenderActionOptions;
}

type Outcome = 'sent' | 'skipped' | 'failed';

export function conversationStateRoutes(o: ConversationStateOptions): Router {
  const router = express.Router();
  const json = express.json({ limit: '8kb' });
  const base = '/accounts/:accountId/conversations/:conversationId';

  async function update(id: string, change: (c: KitConversation) => KitConversation | null): Promise<KitConversation> {
    const now = o.now();
    const result = await o.store.transaction(async (tx) => {
      const c = await tx.getConversation(id);
      if (!c) return null;
      const changed = change(c);
      if (!changed) return { c: withWindow(c, now), logged: [] };
      const next = withWindow({ ...changed, updatedAt: now }, now);
      await tx.putConversation(next);
      return { c: next, logged: [await tx.appendEvent({ type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at: now, conversation: next })] };
    });
    if (!result) throw new KitHttpError(404, 'conversation_not_found', `No conversation ${id}.`);
    for (const e of result.logged) o.bus.publish(e);
    return result.c;
  }

  router.post(
    `${base}/consent`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.consent');
      const c = await pathConversation(req, o.store, accountId);
      const state = isObj(req.body) ? req.body.state : undefined;
      if (state !== 'opted_out' && state !== 'opted_in') {
        throw new KitHttpError(400, 'invalid_consent', '`state` must be "opted_out" (the customer asked to stop automated messages) or "opted_in".');
      }
      const { events, found } = await recordConsent(o.store, c.id, { state, at: o.now(), topic: 'agent' }, o.now());
      if (!found) throw new KitHttpError(404, 'conversation_not_found', `No conversation ${c.id}.`);
      for (const e of events) o.bus.publish(e);
      res.json({ conversation: withWindow((await o.store.getConversation(c.id))!, o.now()) });
    }),
  );

  router.post(
    `${base}/mode`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.mode');
      const c = await pathConversation(req, o.store, accountId);
      const automated = isObj(req.body) ? req.body.automated : undefined;
      if (typeof automated !== 'boolean') throw new KitHttpError(400, 'invalid_mode', '`automated` must be true (automation answers) or false (people answer).');
      const conversation = await update(c.id, (cur) =>
        cur.disclosure?.automated === automated ? null : { ...cur, disclosure: { lastSenderWasHuman: false, ...cur.disclosure, automated } },
      );
      res.json({ conversation });
    }),
  );

  /** A sender action that must not fail the request it accompanies (the local change already happened). */
  async function bestEffort(accountId: string, c: KitConversation, action: 'mark_seen' | 'typing_on'): Promise<Outcome> {
    if (!senderActionAllowed(c, o.now())) return 'skipped';
    try {
      await senderAction(o, accountId, c.customerId, action);
      return 'sent';
    } catch (err) {
      o.log.warn({ accountId, conversationId: c.id, action, code: toKitHttpError(err).code }, 'sender action failed');
      return 'failed';
    }
  }

  router.post(
    `${base}/seen`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.mark_read');
      const c = await pathConversation(req, o.store, accountId);
      const typing = isObj(req.body) && req.body.typing !== undefined ? req.body.typing : o.senderActions.typingOnOpen === true;
      if (typeof typing !== 'boolean') throw new KitHttpError(400, 'invalid_typing', '`typing` must be a boolean.');
      const conversation = await update(c.id, (cur) => (cur.unreadCount === 0 ? null : { ...cur, unreadCount: 0 }));
      const markSeen: Outcome = o.senderActions.markSeenOnOpen === false || c.lastMessage?.direction !== 'inbound' ? 'skipped' : await bestEffort(accountId, c, 'mark_seen');
      const typingOutcome: Outcome = typing ? await bestEffort(accountId, c, 'typing_on') : 'skipped';
      res.json({ conversation, markSeen, typing: typingOutcome });
    }),
  );

  router.post(
    `${base}/typing`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'messages.send');
      const c = await pathConversation(req, o.store, accountId);
      const on = isObj(req.body) ? req.body.on : undefined;
      if (typeof on !== 'boolean') throw new KitHttpError(400, 'invalid_typing', '`on` must be true (typing…) or false.');
      if (!senderActionAllowed(c, o.now())) throw new KitHttpError(422, 'window_closed', 'Typing indicators need the 24-hour window.');
      await senderAction(o, accountId, c.customerId, on ? 'typing_on' : 'typing_off');
      res.json({ ok: true });
    }),
  );

  return router;
}
