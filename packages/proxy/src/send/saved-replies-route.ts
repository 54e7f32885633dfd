/**
 * Saved replies: texts an agent inserts by typing `/shortcut` in the composer (the composer
 * expands the `{variables}` with the customer's data and sends the result like any text).
 *
 *   GET    /accounts/:accountId/saved-replies            → { savedReplies }   savedReplies.read
 *   POST   /accounts/:accountId/saved-replies            { shortcut, text } → 201 { savedReply }
 *   PATCH  /accounts/:accountId/saved-replies/:replyId   { shortcut?, text? } → { savedReply }
 *   DELETE /accounts/:accountId/saved-replies/:replyId   → 204                 (writes: savedReplies.write)
 *
 * Templates are checked with @kit/core's checkSavedReply, the rule the composer expands with: an
 * unknown `{variable}` is refused (400 `unknown_variables`, naming each), so an accepted template
 * always expands completely. A shortcut is unique per account (409 `duplicate_shortcut`).
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import {
  checkSavedReply,
  SAVED_REPLIES_PER_ACCOUNT_MAX,
  SAVED_REPLY_TEXT_MAX_BYTES,
  SAVED_REPLY_VARIABLES,
  type KitSavedReply,
  type Millis,
  type SavedReplyIssue,
} from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { asyncHandler } from '../http/async-handler';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import { validateBody } from '../http/validate';
import { DUPLICATE_SHORTCUT, type Store } from '../store/types';

export interface SavedReplyRouteOptions {
  store: Store;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  now: () => Millis;
}

const shortcut = z.string({ error: '`shortcut` must be a string: what the agent types after `/`, e.g. "thanks".' });
const text = z.string({ error: '`text` must be a string: the reply, with {variables} such as {first_name}.' });
const createBody = validateBody(z.strictObject({ shortcut, text }));
const patchBody = validateBody(
  z
    .strictObject({ shortcut: shortcut.optional(), text: text.optional() })
    .refine((b) => b.shortcut !== undefined || b.text !== undefined, {
      error: 'Send `shortcut`, `text` or both: the fields to change.',
    }),
);

const variableList = SAVED_REPLY_VARIABLES.map((v) => `{${v}}`).join(', ');

function refusal(issue: SavedReplyIssue): KitHttpError {
  switch (issue.code) {
    case 'invalid_shortcut':
      return new KitHttpError(
        400,
        'invalid_shortcut',
        '`shortcut` must be 1–32 lower-case letters, digits, "-" or "_", starting with a letter or digit (e.g. "thanks", "opening-hours").',
        {
          details: { field: 'shortcut' },
        },
      );
    case 'empty_text':
      return new KitHttpError(400, 'invalid_text', '`text` is empty: write the reply the shortcut inserts.', {
        details: { field: 'text' },
      });
    case 'text_too_long':
      return new KitHttpError(
        400,
        'invalid_text',
        `\`text\` is longer than ${SAVED_REPLY_TEXT_MAX_BYTES} UTF-8 bytes.`,
        { details: { field: 'text', maxBytes: SAVED_REPLY_TEXT_MAX_BYTES } },
      );
    case 'unknown_variables':
      return new KitHttpError(
        400,
        'unknown_variables',
        `\`text\` uses unknown variables: ${issue.variables.map((v) => `{${v}}`).join(', ')}. Known: ${variableList}.`,
        { details: { field: 'text', variables: issue.variables, known: [...SAVED_REPLY_VARIABLES] } },
      );
  }
}

function checked<B extends { shortcut?: string | undefined; text?: string | undefined }>(body: B): B {
  const issue = checkSavedReply({
    ...(body.shortcut !== undefined ? { shortcut: body.shortcut } : {}),
    ...(body.text !== undefined ? { text: body.text } : {}),
  })[0];
  if (issue) throw refusal(issue);
  return body;
}

const duplicate = (name: string) =>
  new KitHttpError(
    409,
    'duplicate_shortcut',
    `The shortcut "${name}" is taken by another saved reply of this account: choose another, or edit that one.`,
    {
      details: { field: 'shortcut' },
    },
  );

const notFound = (req: Request) =>
  new KitHttpError(
    404,
    'saved_reply_not_found',
    `No saved reply ${String(req.params.replyId)} in this account: it was deleted, or never existed.`,
  );

export function savedReplyRoutes(o: SavedReplyRouteOptions): Router {
  const router = express.Router();
  const path = '/accounts/:accountId/saved-replies';
  router.get(
    path,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'savedReplies.read');
      res.json({ savedReplies: await o.store.listSavedReplies(accountId) });
    }),
  );
  router.post(
    path,
    express.json({ limit: '16kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'savedReplies.write');
      const body = checked(createBody(req));
      const at = o.now();
      const reply: KitSavedReply = {
        id: randomUUID(),
        accountId,
        shortcut: body.shortcut,
        text: body.text,
        createdAt: at,
        updatedAt: at,
      };
      const saved = await o.store.transaction(async (tx) => {
        // Checked inside the transaction so two parallel creates cannot both pass the limit on one instance.
        if ((await tx.listSavedReplies(accountId)).length >= SAVED_REPLIES_PER_ACCOUNT_MAX) {
          throw new KitHttpError(
            409,
            'too_many_saved_replies',
            `This account has ${SAVED_REPLIES_PER_ACCOUNT_MAX} saved replies, the most it may keep: delete one first.`,
          );
        }
        return tx.insertSavedReply(reply);
      });
      if (saved === DUPLICATE_SHORTCUT) throw duplicate(body.shortcut);
      res.status(201).json({ savedReply: saved });
    }),
  );
  router.patch(
    `${path}/:replyId`,
    express.json({ limit: '16kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'savedReplies.write');
      const body = checked(patchBody(req));
      const saved = await o.store.updateSavedReply(accountId, String(req.params.replyId), {
        ...(body.shortcut !== undefined ? { shortcut: body.shortcut } : {}),
        ...(body.text !== undefined ? { text: body.text } : {}),
        updatedAt: o.now(),
      });
      if (saved === DUPLICATE_SHORTCUT) throw duplicate(body.shortcut ?? '');
      if (!saved) throw notFound(req);
      res.json({ savedReply: saved });
    }),
  );
  router.delete(
    `${path}/:replyId`,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'savedReplies.write');
      if (!(await o.store.deleteSavedReply(accountId, String(req.params.replyId)))) throw notFound(req);
      res.status(204).end();
    }),
  );
  return router;
}
