/**
 * Who may do what. The host application decides: `authorize(req, { accountId, action })` is
 * called on every route except the webhook (which Meta signs). Without it every request is
 * denied — a kit that holds Page tokens must not default to "anyone on the network may read the
 * inbox" — and createKitProxy logs a warning at startup saying how to set it.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
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
  | 'attachments.upload';

export interface AuthorizeContext {
  accountId: string;
  action: KitAction;
}

export type Authorize = (req: Request, context: AuthorizeContext) => boolean | Promise<boolean>;

/** For local development and tests only: every request may do everything. */
export const allowAll: Authorize = () => true;

/** The default: nobody may do anything. */
export const denyAll: Authorize = () => false;

/** Header a browser cannot add to a "simple" cross-site request without a CORS preflight. */
export const CSRF_HEADER = 'x-kit-request';

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
 * CSRF guard for state-changing routes: require `X-Kit-Request: 1`. A cross-site form or
 * `fetch(..., { mode: 'no-cors' })` cannot set a custom header, and with CORS off (the default)
 * the preflight a cross-site script would need is never granted.
 */
export function csrfGuard(): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (req.get(CSRF_HEADER) !== '1') {
      return next(
        new KitHttpError(403, 'csrf_header_missing', `State-changing requests must carry the header "X-Kit-Request: 1" (CSRF protection).`),
      );
    }
    next();
  };
}
