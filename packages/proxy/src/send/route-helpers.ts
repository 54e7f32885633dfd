/** Shared bits of the sending routes: account lookup + authorization, conversation lookup. */
import type { Request } from 'express';
import type { KitConversation } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import type { Authorizer, KitAction } from '../auth';
import { KitHttpError } from '../errors';
import type { Store } from '../store/types';

export async function authorizedAccount(req: Request, accounts: AccountRegistry, authorizer: Authorizer, action: KitAction): Promise<string> {
  const accountId = String(req.params.accountId);
  if (!accounts.has(accountId)) throw new KitHttpError(404, 'account_not_found', `No account ${accountId} is configured in @kit/proxy.`);
  await authorizer.require(req, { accountId, action });
  return accountId;
}

/** The conversation named in the path; another account's thread is simply not found. */
export async function pathConversation(req: Request, store: Store, accountId: string): Promise<KitConversation> {
  const id = String(req.params.conversationId);
  const c = id.startsWith(`${accountId}:`) ? await store.getConversation(id) : null;
  if (!c) throw new KitHttpError(404, 'conversation_not_found', `No conversation ${id} for account ${accountId}.`);
  return c;
}

export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
