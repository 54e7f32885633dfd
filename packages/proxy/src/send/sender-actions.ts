/**
 * Sender actions (reference §1.9): typing_on/off, mark_seen, react/unreact. They are not
 * messages — no outbox, no idempotency key needed (repeating one is harmless) — but they share
 * the account's rate limits (reactions bucket for react/unreact, reference §3.1) and Meta's
 * throttle signals, and their errors use the standard envelope.
 */
import type { RateLimitClass } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { KitHttpError } from '../http/errors';
import { GraphApiError, GraphNetworkError, type GraphClient } from '../graph/client';
import { senderActionBody, type SenderAction } from './deliver';
import type { AccountLimits } from '../limits/account-limits';

export interface SenderActionDeps {
  graph: GraphClient;
  accounts: AccountRegistry;
  limits: AccountLimits;
}

export async function senderAction(d: SenderActionDeps, accountId: string, to: string, action: SenderAction, payload?: { messageId: string; reaction?: string }): Promise<void> {
  if (d.accounts.info(accountId)?.status === 'needs_reauth') {
    throw new KitHttpError(409, 'account_needs_reauth', `Instagram rejected the access token of account ${accountId}; reconnect the account.`, { category: 'auth' });
  }
  // Typing and mark_seen are not named by Meta's limits; they count as text-class calls.
  const cls: RateLimitClass = action === 'react' || action === 'unreact' ? 'reactions' : 'text';
  await d.limits.acquire(accountId, cls);
  try {
    await d.graph.request(accountId, { method: 'POST', path: [accountId, 'messages'], json: senderActionBody(to, action, payload) });
    d.limits.recovered(accountId);
  } catch (err) {
    if (err instanceof GraphApiError) {
      if (err.classification.category === 'rate_limit') await d.limits.throttled(accountId);
      throw err.toKitHttpError();
    }
    if (err instanceof GraphNetworkError) throw err.toKitHttpError();
    throw err;
  }
}
