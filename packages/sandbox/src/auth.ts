/**
 * Access tokens and appsecret_proof (reference §1.1, §7.2, §4.2).
 * - Tokens: `Authorization: Bearer`, or `access_token` in the query or body.
 * - Host/base path: a caller using the Instagram host (`Host: graph.instagram.com` or the
 *   `/instagram` base path) with a Page token — or the Facebook host with an Instagram-User token
 *   — gets 190 "Cannot parse access token", as Graph does. Plain `/` serves both flavors.
 * - appsecret_proof: hex HMAC-SHA256(app secret, token), or the time-stamped variant
 *   HMAC-SHA256(app secret, token + "|" + appsecret_time) valid 5 minutes. Checked whenever it is
 *   sent, required when the account says so.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import { MINUTE_MS } from '@kit/core';
import type { SandboxContext } from './context';
import { errors } from './errors';
import type { SandboxAccount } from './types';

/** Which Graph host a request came to: `instagram` (graph.instagram.com), `facebook`, or either. */
export type GraphHost = 'instagram' | 'facebook';

/** Whether a token of this flavor is valid on this host (reference §0, §7.1). */
export function hostAccepts(host: GraphHost | null, flavor: SandboxAccount['flavor']): boolean {
  if (host === null) return true;
  return host === 'instagram' ? flavor === 'instagram' : flavor !== 'instagram';
}

export interface AuthResult {
  account: SandboxAccount;
  token: string;
  tokenVia: 'bearer' | 'query' | 'body';
}

const APPSECRET_TIME_MAX_AGE_MS = 5 * MINUTE_MS;

export function extractToken(
  authorization: string | undefined,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): { token: string; via: 'bearer' | 'query' | 'body' } | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (m?.[1]) return { token: m[1], via: 'bearer' };
  if (typeof query.access_token === 'string' && query.access_token) return { token: query.access_token, via: 'query' };
  if (typeof body.access_token === 'string' && body.access_token) return { token: body.access_token, via: 'body' };
  return null;
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

function sameHex(left: string, right: string): boolean {
  const x = Buffer.from(left);
  const y = Buffer.from(right);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticate(
  ctx: SandboxContext,
  authorization: string | undefined,
  host: GraphHost | null,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): AuthResult {
  const t = extractToken(authorization, query, body);
  if (!t) throw errors.missingToken();
  const account = ctx.accounts.byAccessToken(t.token);
  if (!account) throw errors.invalidToken();
  if (!hostAccepts(host, account.flavor)) throw errors.invalidToken();
  if (account.tokenState === 'expired') throw errors.expiredToken(account.tokenExpiredAt ?? ctx.clock.now());
  if (account.tokenState === 'revoked') throw errors.revokedToken();

  const proof = pick(query, body, 'appsecret_proof');
  const time = pick(query, body, 'appsecret_time');
  if (proof === undefined) {
    if (account.requireAppsecretProof) throw errors.appsecretProofRequired();
  } else {
    const secret = ctx.options.appSecret;
    if (time !== undefined) {
      const seconds = Number(time);
      if (!Number.isInteger(seconds)) throw errors.invalidAppsecretProof();
      if (!sameHex(proof, hmacHex(secret, `${t.token}|${time}`))) throw errors.invalidAppsecretProof();
      if (Math.abs(ctx.clock.now() - seconds * 1000) > APPSECRET_TIME_MAX_AGE_MS) throw errors.expiredAppsecretTime();
    } else if (!sameHex(proof, hmacHex(secret, t.token))) {
      throw errors.invalidAppsecretProof();
    }
  }
  return { account, token: t.token, tokenVia: t.via };
}

function pick(query: Record<string, unknown>, body: Record<string, unknown>, key: string): string | undefined {
  const v = query[key] ?? body[key];
  return typeof v === 'string' ? v : v === undefined ? undefined : String(v);
}

/**
 * The path's node id names this account: its own id, its IG user id, or `me`. A Unified Login
 * token is a Business Integration System User's: `/me` is that system user, not the Instagram
 * account, so those calls must name the Instagram account id.
 */
export function pathNamesAccount(account: SandboxAccount, node: string): boolean {
  if (node === 'me') return account.flavor !== 'unified';
  if (account.flavor === 'page') return node === account.id;
  return node === account.id || node === account.igUserId;
}

export function requirePermission(account: SandboxAccount, permission: string): void {
  if (!account.permissions.has(permission)) throw errors.missingPermission(permission);
}
