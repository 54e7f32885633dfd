/**
 * The account's ice breakers and persistent menu (Graph's `messenger_profile`, reference §1.8):
 *   GET  /accounts/:accountId/profile   → { profile: { iceBreakers, persistentMenu, otherLocales } }
 *   POST /accounts/:accountId/profile   { iceBreakers?, persistentMenu? } → the same, as Graph now holds it
 *
 * Actions `profile.read` / `profile.write`. The body is checked by @kit/core's
 * `checkMessengerProfileUpdate` (the settings panel runs the same check as the agent types), so an
 * unknown field or a limit crossed is refused here and nothing reaches Graph. Each field given
 * replaces that list in the `default` locale; `[]` removes it. Other locales are kept as read.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { checkMessengerProfileUpdate, MESSENGER_PROFILE_FIELDS, type StructuredCheck } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { asyncHandler } from '../http/async-handler';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import { parseQuery, unknownFieldError } from '../http/validate';
import { GraphApiError, GraphNetworkError, type GraphClient, type GraphRequest } from '../graph/client';
import { deleteProfileRequest, kitProfile, profileWrites, readGraphProfile, readProfileRequest, writeProfileRequest } from '../graph/messenger-profile-calls';

export interface MessengerProfileRouteOptions {
  accounts: AccountRegistry;
  authorizer: Authorizer;
  graph: GraphClient;
}

function refused<T>(result: StructuredCheck<T>): T {
  if (result.ok) return result.value;
  // An unknown field reads the same as on every other route; any other problem is the profile's.
  const first = result.issues.find((i) => i.code === 'unknown_field') ?? result.issues[0]!;
  if (first.code === 'unknown_field' && !/[.[]/.test(first.path)) throw unknownFieldError(first.path, MESSENGER_PROFILE_FIELDS);
  const code = first.code === 'unknown_field' ? 'unknown_field' : 'invalid_profile';
  throw new KitHttpError(400, code, first.message, { details: { field: first.path, issues: result.issues } });
}

const noQuery = parseQuery(z.strictObject({}));

export function messengerProfileRoutes(o: MessengerProfileRouteOptions): Router {
  const router = express.Router();
  const path = '/accounts/:accountId/profile';

  async function call(accountId: string, req: GraphRequest): Promise<unknown> {
    if (o.accounts.info(accountId)?.status === 'needs_reauth') {
      throw new KitHttpError(409, 'account_needs_reauth', `Instagram rejected the access token of account ${accountId}; reconnect the account.`, { category: 'auth' });
    }
    try {
      return (await o.graph.request(accountId, req)).data;
    } catch (err) {
      if (err instanceof GraphApiError || err instanceof GraphNetworkError) throw err.toKitHttpError();
      throw err;
    }
  }

  const read = async (accountId: string) => readGraphProfile(await call(accountId, readProfileRequest(accountId)));

  router.get(
    path,
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'profile.read');
      noQuery(req);
      res.json({ profile: kitProfile(await read(accountId)) });
    }),
  );

  router.post(
    path,
    express.json({ limit: '64kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'profile.write');
      const update = refused(checkMessengerProfileUpdate(req.body === undefined ? {} : req.body));
      const current = await read(accountId);
      const { set, remove } = profileWrites(current, update);
      if (Object.keys(set).length > 0) await call(accountId, writeProfileRequest(accountId, set));
      if (remove.length > 0) await call(accountId, deleteProfileRequest(accountId, remove));
      res.json({ profile: kitProfile(await read(accountId)) });
    }),
  );

  return router;
}
