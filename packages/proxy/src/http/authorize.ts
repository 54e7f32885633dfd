/**
 * Who may do what. The host application decides: `authorize(req, { accountId, action })` is
 * called on every route except the webhook (which Meta signs). Without it every request is
 * denied — a kit that holds Page tokens must not default to "anyone on the network may read the
 * inbox" — and createKitProxy logs a warning at startup saying how to set it.
 */
import type { Request } from 'express';
import type { KitConversation } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Store } from '../store/types';
import { KitHttpError } from './errors';

/** Everything a caller can ask to do; the sending issue adds its actions to this list. */
export type KitAction =
  | 'accounts.read'
  | 'conversations.read'
  | 'conversations.mark_read'
  | 'conversations.consent'
  | 'conversations.mode'
  | 'messages.read'
  | 'events.read'
  | 'graph.read'
  | 'messages.send'
  | 'reactions.send'
  | 'attachments.upload'
  /** Pause and resume an account's sending (an operator's switch, send/pause.ts). */
  | 'accounts.pause'
  /** Listing the comments on the account's media. */
  | 'comments.read'
  /** Answering a comment: in private (Direct) or in public. */
  | 'comments.reply'
  /** Hiding or showing a comment. */
  | 'comments.moderate'
  /** Reading the account's ice breakers and persistent menu (Graph `messenger_profile`). */
  | 'profile.read'
  /** Changing the account's ice breakers and persistent menu: every customer sees them. */
  | 'profile.write'
  /** Taking, passing or releasing a thread (Conversation Routing, reference §9.3). */
  | 'routing.write'
  /** Listing the account's saved replies (the composer's `/` picker). */
  | 'savedReplies.read'
  /** Adding, changing and deleting the account's saved replies. */
  | 'savedReplies.write'
  /** Operating the kit itself (dead letters); asked for every configured account. */
  | 'admin.read'
  /** Acting on the kit itself (replaying or discarding dead letters); asked for every configured account. */
  | 'admin.write';

export interface AuthorizeContext {
  accountId: string;
  action: KitAction;
}

export type Authorize = (req: Request, context: AuthorizeContext) => boolean | Promise<boolean>;

/** For local development and tests only: every request may do everything. */
export const allowAll: Authorize = () => true;

/** The default: nobody may do anything. */
export const denyAll: Authorize = () => false;

export class Authorizer {
  constructor(
    private readonly hook: Authorize,
    private readonly log: Logger,
  ) {}

  /** True if allowed; a throwing hook counts as "no" (and is logged), never as "yes". */
  async allowed(req: Request, context: AuthorizeContext): Promise<boolean> {
    try {
      return (await this.hook(req, context)) === true;
    } catch (err) {
      this.log.error({ err, action: context.action, accountId: context.accountId }, 'authorize() threw; denying');
      return false;
    }
  }

  async require(req: Request, context: AuthorizeContext): Promise<void> {
    if (!(await this.allowed(req, context))) {
      throw new KitHttpError(
        403,
        'forbidden',
        `Not allowed to ${context.action} for account ${context.accountId}. The host application's authorize() hook decides this.`,
      );
    }
  }

  /** The subset of `accountIds` the caller may use for `action`. */
  async filter(req: Request, accountIds: readonly string[], action: KitAction): Promise<string[]> {
    const verdicts = await Promise.all(accountIds.map((accountId) => this.allowed(req, { accountId, action })));
    return accountIds.filter((_, i) => verdicts[i]);
  }
}

/**
 * The one check every account route starts with: the account exists and the host's authorize()
 * says yes for this action. Returns the account id from the path.
 */
export function authorizedAccount(req: Request, accounts: AccountRegistry, authorizer: Authorizer, action: KitAction): Promise<string> {
  return requireAccount(req, String(req.params.accountId), accounts, authorizer, action);
}

/** The same check for an account id that does not come from `:accountId` (the Graph forwarder's raw path). */
export async function requireAccount(req: Request, accountId: string, accounts: AccountRegistry, authorizer: Authorizer, action: KitAction): Promise<string> {
  if (!accounts.has(accountId)) throw new KitHttpError(404, 'account_not_found', `No account ${accountId} is configured in @kit/proxy.`);
  await authorizer.require(req, { accountId, action });
  return accountId;
}

/**
 * The conversation named in the path, for an account already authorized. Conversation ids are
 * `${accountId}:${igsid}`, so another account's thread is simply not found.
 */
export async function pathConversation(req: Request, store: Store, accountId: string): Promise<KitConversation> {
  const id = String(req.params.conversationId);
  const c = id.startsWith(`${accountId}:`) ? await store.getConversation(id) : null;
  if (!c) throw new KitHttpError(404, 'conversation_not_found', `No conversation ${id} for account ${accountId}.`);
  return c;
}

/**
 * Operator routes (dead letters, metrics) span every account, so the caller must be allowed
 * `action` on each of them: one tenant's operator never reads another tenant's data.
 */
export async function authorizedForEveryAccount(req: Request, accounts: AccountRegistry, authorizer: Authorizer, action: KitAction, what: string): Promise<void> {
  const ids = accounts.ids();
  const allowed = await authorizer.filter(req, ids, action);
  if (ids.length === 0 || allowed.length !== ids.length) {
    throw new KitHttpError(403, 'forbidden', `Not allowed to ${action}: ${what} span every account, so authorize() must allow ${action} on each of them.`);
  }
}
