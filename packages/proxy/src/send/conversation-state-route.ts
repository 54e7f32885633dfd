/**
 * Conversation state the agent changes from the inbox:
 *   POST /accounts/:accountId/conversations/:conversationId/consent  { state: 'opted_out' | 'opted_in' }
 *   POST /accounts/:accountId/conversations/:conversationId/mode     { automated: boolean }
 *   POST /accounts/:accountId/conversations/:conversationId/seen     { typing?: boolean }
 *   POST /accounts/:accountId/conversations/:conversationId/typing   { on: boolean }
 *   POST /accounts/:accountId/conversations/:conversationId/unread   {}  (the agent will come back to it)
 * Each answers `{ conversation }` (seen also says what it told Instagram) and publishes
 * `conversation_updated`, so every open inbox updates its banners.
 */
import { routingSendPolicy, withWindowState, type KitConversation } from '@kit/core';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, pathConversation, type Authorizer } from '../http/authorize';
import { KitHttpError, toKitHttpError } from '../http/errors';
import type { EventBus } from '../live/bus';
import type { Store } from '../store/types';
import { recordConsent } from './consent';
import { senderActionAllowed } from './policy';
import { validateBody } from '../http/validate';
import { senderAction, type SenderActionDeps } from './sender-actions';
import { asyncHandler } from '../http/async-handler';

export interface SenderActionOptions {
  /**
   * Send `mark_seen` to Instagram when an agent views the customer's newest message (POST
   * .../seen), so the customer sees "Seen". Default true. A function decides per account (some
   * businesses do not want customers to see read receipts from some accounts).
   */
  markSeenOnOpen?: boolean | ((accountId: string) => boolean | Promise<boolean>);
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

const consentBody = validateBody(
  z.strictObject({
    state: z.enum(['opted_out', 'opted_in'], { error: '`state` must be "opted_out" (the customer asked to stop automated messages) or "opted_in".' }),
  }),
  { codes: { state: 'invalid_consent' } },
);
const modeBody = validateBody(
  z.strictObject({ automated: z.boolean({ error: '`automated` must be true (automation answers) or false (people answer).' }) }),
  { codes: { automated: 'invalid_mode' } },
);
const seenBody = validateBody(z.strictObject({ typing: z.boolean({ error: '`typing` must be a boolean.' }).optional() }));
const unreadBody = validateBody(z.strictObject({}));
const typingBody = validateBody(z.strictObject({ on: z.boolean({ error: '`on` must be true (typing…) or false.' }) }), { codes: { on: 'invalid_typing' } });

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
      if (!changed) return { c: withWindowState(c, now), logged: [] };
      const next = withWindowState({ ...changed, updatedAt: now }, now);
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
      const { state } = consentBody(req);
      const { events, found } = await recordConsent(o.store, c.id, { state, at: o.now(), topic: 'agent' }, o.now());
      if (!found) throw new KitHttpError(404, 'conversation_not_found', `No conversation ${c.id}.`);
      for (const e of events) o.bus.publish(e);
      res.json({ conversation: withWindowState((await o.store.getConversation(c.id))!, o.now()) });
    }),
  );

  router.post(
    `${base}/mode`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.mode');
      const c = await pathConversation(req, o.store, accountId);
      const { automated } = modeBody(req);
      const conversation = await update(c.id, (cur) =>
        cur.disclosure?.automated === automated ? null : { ...cur, disclosure: { lastSenderWasHuman: false, ...cur.disclosure, automated } },
      );
      res.json({ conversation });
    }),
  );

  /** A sender action that must not fail the request it accompanies (the local change already happened). */
  async function bestEffort(accountId: string, c: KitConversation, action: 'mark_seen' | 'typing_on'): Promise<Outcome> {
    // Outside the window, or another app holds the thread (Meta would refuse: 2018300).
    if (!senderActionAllowed(c, o.now()) || !routingSendPolicy(c.routing).allowed) return 'skipped';
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
      const typing = seenBody(req).typing ?? o.senderActions.typingOnOpen === true;
      const conversation = await update(c.id, (cur) => (cur.unreadCount === 0 ? null : { ...cur, unreadCount: 0 }));
      const wanted = typeof o.senderActions.markSeenOnOpen === 'function' ? await o.senderActions.markSeenOnOpen(accountId) : o.senderActions.markSeenOnOpen !== false;
      const markSeen: Outcome = !wanted || c.lastMessage?.direction !== 'inbound' ? 'skipped' : await bestEffort(accountId, c, 'mark_seen');
      const typingOutcome: Outcome = typing ? await bestEffort(accountId, c, 'typing_on') : 'skipped';
      res.json({ conversation, markSeen, typing: typingOutcome });
    }),
  );

  // Local only: Instagram has no "unread" to tell. At least 1, so the badge and the unread filter show it.
  router.post(
    `${base}/unread`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'conversations.mark_read');
      const c = await pathConversation(req, o.store, accountId);
      unreadBody(req);
      const conversation = await update(c.id, (cur) => (cur.unreadCount > 0 ? null : { ...cur, unreadCount: 1 }));
      res.json({ conversation });
    }),
  );

  router.post(
    `${base}/typing`,
    json,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'messages.send');
      const c = await pathConversation(req, o.store, accountId);
      const { on } = typingBody(req);
      if (!senderActionAllowed(c, o.now())) throw new KitHttpError(422, 'window_closed', 'Typing indicators need the 24-hour window.', { category: 'window' });
      await senderAction(o, accountId, c.customerId, on ? 'typing_on' : 'typing_off');
      res.json({ ok: true });
    }),
  );

  return router;
}
