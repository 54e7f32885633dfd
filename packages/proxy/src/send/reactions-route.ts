/**
 * POST /accounts/:accountId/reactions  { to, messageId, action: 'react' | 'unreact', reaction? }
 *
 * Reactions the business sends (reference §1.9–§1.10, D5): Page accounts may only send `love`
 * (the one value Meta documents for the FB flavor); Instagram-Login accounts any single emoji or
 * `love`. Like every sender action they need the standard 24 h window. Meta sends no webhook for
 * the business's own reactions (reference §5.4), so on success the proxy stores the reaction on
 * the message and publishes the `reaction` event itself.
 */
import express, { type Router } from 'express';
import { conversationId, DEFAULT_REACTION, isLocalMessageId, usesFacebookLogin, type KitReaction } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import type { EventBus } from '../live/bus';
import type { Store } from '../store/types';
import { senderActionAllowed } from './policy';
import { validateBody } from '../http/validate';
import { z } from 'zod';
import { senderAction, type SenderActionDeps } from './sender-actions';
import { asyncHandler } from '../http/async-handler';

export interface ReactionRouteOptions extends SenderActionDeps {
  store: Store;
  bus: EventBus;
  authorizer: Authorizer;
  accounts: AccountRegistry;
  now: () => number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** Exactly one user-perceived character that is an emoji (flags, ZWJ sequences, skin tones included). */
export function isSingleEmoji(s: string): boolean {
  const parts = [...segmenter.segment(s)];
  return parts.length === 1 && EMOJI.test(s);
}

const bad = (code: string, message: string) => new KitHttpError(400, code, message);

const reactionBody = validateBody(
  z.strictObject({
    to: z.string({ error: '`to` must be the customer\'s IGSID.' }).regex(/^[A-Za-z0-9_.-]{1,128}$/, { error: '`to` must be the customer\'s IGSID.' }),
    messageId: z
      .string({ error: '`messageId` must be the id (mid) of a message that has been sent or received.' })
      .refine((id) => id !== '' && !isLocalMessageId(id), { error: '`messageId` must be the id (mid) of a message that has been sent or received.' }),
    action: z.enum(['react', 'unreact'], { error: '`action` must be "react" or "unreact".' }).optional(),
    reaction: z.string({ error: '`reaction` must be a string.' }).optional(),
  }),
  { codes: { to: 'invalid_recipient', messageId: 'invalid_message_id' } },
);

export function reactionRoutes(o: ReactionRouteOptions): Router {
  const router = express.Router();
  router.post(
    '/accounts/:accountId/reactions',
    express.json({ limit: '16kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'reactions.send');
      const body = reactionBody(req);
      const { to, messageId } = body;
      const action = body.action ?? 'react';
      const flavor = o.accounts.info(accountId)!.flavor;
      let reaction: string | undefined;
      if (action === 'react') {
        reaction = body.reaction ?? DEFAULT_REACTION;
        if (usesFacebookLogin(flavor) && reaction !== DEFAULT_REACTION) {
          throw bad('invalid_reaction', `Accounts connected through Facebook Login (a Page, or Unified Login) can only react with "${DEFAULT_REACTION}" (Meta documents no other value).`);
        }
        if (flavor === 'instagram' && reaction !== DEFAULT_REACTION && !isSingleEmoji(reaction)) {
          throw bad('invalid_reaction', `\`reaction\` must be "${DEFAULT_REACTION}" or a single emoji.`);
        }
      } else if (body.reaction !== undefined) {
        throw bad('invalid_reaction', '`unreact` takes no `reaction`: it removes the business\'s reaction.');
      }

      const cid = conversationId(accountId, to);
      const message = await o.store.getMessage(accountId, messageId);
      if (!message || message.stub || message.conversationId !== cid) {
        throw new KitHttpError(404, 'message_not_found', `No message ${messageId} in the conversation with ${to}.`);
      }
      if (message.deleted) throw new KitHttpError(422, 'message_deleted', 'That message was unsent; it cannot be reacted to.');
      if (!senderActionAllowed(await o.store.getConversation(cid), o.now())) {
        throw new KitHttpError(422, 'window_closed', 'Reactions need the 24-hour window: the customer has not written in the last 24 hours.', { category: 'window' });
      }

      await senderAction(o, accountId, to, action, action === 'react' ? { messageId, reaction: reaction as string } : { messageId });

      const now = o.now();
      const logged = await o.store.transaction(async (tx) => {
        const m = await tx.getMessage(accountId, messageId);
        if (!m) return [];
        m.reactions = m.reactions.filter((r) => r.by !== 'business');
        const name = reaction === DEFAULT_REACTION ? DEFAULT_REACTION : 'other';
        if (action === 'react') m.reactions.push({ by: 'business', reaction: name, at: now, ...(name === 'other' ? { emoji: reaction as string } : {}) } satisfies KitReaction);
        await tx.putMessage(m);
        return [
          await tx.appendEvent({
            type: 'reaction',
            accountId,
            conversationId: cid,
            at: now,
            messageId,
            action,
            by: 'business',
            ...(action === 'react' ? { reaction: name, ...(name === 'other' ? { emoji: reaction as string } : {}) } : {}),
          }),
        ];
      });
      for (const e of logged) o.bus.publish(e);
      const { stub: _stub, ...stored } = (await o.store.getMessage(accountId, messageId))!;
      res.json({ message: stored });
    }),
  );
  return router;
}
