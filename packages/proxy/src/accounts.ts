/**
 * The connected Instagram accounts and their tokens. A token is a string or an async resolver
 * (so hosts can rotate tokens, e.g. refresh 60-day Instagram-Login tokens, reference §7.1). The
 * resolved token is cached briefly and re-resolved after Graph rejects it; after a rejection the
 * account is `needs_reauth` until a call succeeds again (reference §4.2/§4.4: token errors are not
 * retryable — stop calling, ask for re-authentication).
 *
 * Tokens live only in this module's closures. Nothing here exposes them through a property that
 * a serializer or logger could walk.
 */
import type { KitAccountFlavor, Millis } from '@kit/core';

export type TokenResolver = (context: { accountId: string; reason: 'initial' | 'expired' | 'rejected' }) => string | Promise<string>;

export interface KitAccountOptions {
  /**
   * The account's id in the kit: route parameter, first half of conversation ids, and the Graph
   * node messaging calls are made on — the Page id for `page` accounts (FB flavor), the IG
   * professional account id for `instagram` and `unified` accounts. No ':' (conversation ids
   * split on it).
   */
  id: string;
  flavor: KitAccountFlavor;
  /**
   * Page access token (`page`), Instagram User token (`instagram`) or Business Integration System
   * User token (`unified`), or a resolver.
   */
  token: string | TokenResolver;
  /**
   * The IG professional account id that webhooks carry (`entry.id`, the business side of
   * sender/recipient, reference §5.5). Defaults to `id`; set it for `page` accounts.
   */
  igUserId?: string;
  /** Display name / username for GET /accounts (optional). */
  name?: string;
  username?: string;
}

export type AccountStatus = 'connected' | 'needs_reauth';

export interface AccountInfo {
  id: string;
  flavor: KitAccountFlavor;
  igUserId: string;
  name?: string;
  username?: string;
  status: AccountStatus;
}

interface Runtime {
  info: Omit<AccountInfo, 'status'>;
  resolve: (reason: 'initial' | 'expired' | 'rejected') => Promise<string>;
  cached?: { token: string; until: Millis };
  needsReauthSince?: Millis;
  reauthCode?: string;
}

const ID_RE = /^[A-Za-z0-9_.-]+$/;

/** Checks account options and explains every problem at once. */
export function validateAccounts(accounts: unknown): asserts accounts is KitAccountOptions[] {
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new TypeError('createKitProxy: `accounts` must be a non-empty array of { id, token, flavor }.');
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const seenIg = new Set<string>();
  accounts.forEach((a: Partial<KitAccountOptions> | null, i) => {
    const where = `accounts[${i}]`;
    if (!a || typeof a !== 'object') return problems.push(`${where} is not an object`);
    if (typeof a.id !== 'string' || !ID_RE.test(a.id)) problems.push(`${where}.id must be a non-empty id of letters, digits, '_', '.', '-'`);
    else if (seen.has(a.id)) problems.push(`${where}.id "${a.id}" is used twice`);
    else seen.add(a.id);
    if (a.flavor !== 'page' && a.flavor !== 'instagram' && a.flavor !== 'unified') problems.push(`${where}.flavor must be 'page', 'instagram' or 'unified'`);
    if (!(typeof a.token === 'function' || (typeof a.token === 'string' && a.token.length > 0))) {
      problems.push(`${where}.token must be a non-empty string or an async resolver function`);
    }
    const ig = a.igUserId ?? a.id;
    if (a.igUserId !== undefined && (typeof a.igUserId !== 'string' || !ID_RE.test(a.igUserId))) problems.push(`${where}.igUserId is not a valid id`);
    else if (typeof ig === 'string') {
      if (seenIg.has(ig)) problems.push(`${where}: IG account id "${ig}" is configured twice`);
      seenIg.add(ig);
    }
    return undefined;
  });
  if (problems.length) throw new TypeError(`createKitProxy: invalid accounts:\n - ${problems.join('\n - ')}`);
}

export interface AccountRegistryOptions {
  /** How long a resolved token is reused before the resolver is asked again. Default 5 min. */
  tokenCacheMs?: number;
  now?: () => Millis;
}

export class AccountRegistry {
  private readonly byId = new Map<string, Runtime>();
  private readonly byIgUserId = new Map<string, string>();
  private readonly tokenCacheMs: number;
  private readonly now: () => Millis;
  private readonly listeners = new Set<(id: string, needsReauth: { since: Millis; code: string } | null) => void>();

  constructor(accounts: KitAccountOptions[], options: AccountRegistryOptions = {}) {
    validateAccounts(accounts);
    this.tokenCacheMs = options.tokenCacheMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    for (const a of accounts) {
      const token = a.token;
      const info = {
        id: a.id,
        flavor: a.flavor,
        igUserId: a.igUserId ?? a.id,
        ...(a.name ? { name: a.name } : {}),
        ...(a.username ? { username: a.username } : {}),
      };
      const resolve =
        typeof token === 'string'
          ? async () => token
          : async (reason: 'initial' | 'expired' | 'rejected') => {
              const t = await token({ accountId: a.id, reason });
              if (typeof t !== 'string' || t.length === 0) {
                throw new Error(`Token resolver for account ${a.id} returned no token.`);
              }
              return t;
            };
      this.byId.set(a.id, { info, resolve });
      this.byIgUserId.set(info.igUserId, a.id);
    }
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  info(id: string): AccountInfo | undefined {
    const r = this.byId.get(id);
    if (!r) return undefined;
    return { ...r.info, status: r.needsReauthSince === undefined ? 'connected' : 'needs_reauth' };
  }

  list(): AccountInfo[] {
    return this.ids().map((id) => this.info(id) as AccountInfo);
  }

  /** Kit account id for an id seen in a webhook (IG professional account id, or the kit id). */
  resolveWebhookId(id: string): string | undefined {
    return this.byIgUserId.get(id) ?? (this.byId.has(id) ? id : undefined);
  }

  /** The current token (cached); `fresh` forces the resolver, e.g. after Graph rejected it. */
  async token(id: string, fresh = false): Promise<string> {
    const r = this.byId.get(id);
    if (!r) throw new Error(`Unknown account ${id}`);
    const now = this.now();
    if (!fresh && r.cached && r.cached.until > now) return r.cached.token;
    const token = await r.resolve(fresh ? 'rejected' : r.cached ? 'expired' : 'initial');
    r.cached = { token, until: now + this.tokenCacheMs };
    return token;
  }

  /** Graph said the token is invalid (190/102…): drop the cache, flag the account. */
  markNeedsReauth(id: string, code: string): void {
    const r = this.byId.get(id);
    if (!r) return;
    delete r.cached;
    const changed = r.needsReauthSince === undefined;
    r.needsReauthSince ??= this.now();
    r.reauthCode = code;
    if (changed) this.notify(id, { since: r.needsReauthSince, code });
  }

  /** A call with the account's token succeeded: it is healthy again. */
  markHealthy(id: string): void {
    const r = this.byId.get(id);
    if (!r || r.needsReauthSince === undefined) return;
    delete r.needsReauthSince;
    delete r.reauthCode;
    this.notify(id, null);
  }

  /**
   * Told by another instance (through the store, accounts-sync.ts): take its verdict on the token
   * without announcing it again. A rejection also drops the cached token, so the next call here
   * resolves it afresh (a host that rotated it is found healthy by that call).
   */
  applyShared(id: string, needsReauth: { since: Millis; code: string } | null): void {
    const r = this.byId.get(id);
    if (!r) return;
    if (needsReauth) {
      if (r.needsReauthSince === undefined) delete r.cached;
      r.needsReauthSince = needsReauth.since;
      r.reauthCode = needsReauth.code;
    } else {
      delete r.needsReauthSince;
      delete r.reauthCode;
    }
  }

  /** Called when this instance learns the account's token was rejected (a value) or works again (null). */
  onStatusChange(listener: (id: string, needsReauth: { since: Millis; code: string } | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(id: string, needsReauth: { since: Millis; code: string } | null): void {
    for (const l of this.listeners) l(id, needsReauth);
  }
}
