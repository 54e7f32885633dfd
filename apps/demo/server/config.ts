/**
 * What the demo runs against, read from the environment. With none of the Meta variables set the
 * demo runs on the in-process sandbox; with all of them set it talks to the real Graph API. A
 * partial set is an error (half-configured, it would silently fall back to the sandbox and the
 * user would wonder why their messages never arrive).
 */
import type { KitAccountFlavor } from '@kit/core';

export interface DemoAccount {
  id: string;
  flavor: KitAccountFlavor;
  token: string;
  igUserId?: string;
  name?: string;
  username?: string;
}

export type DemoConfig =
  | { mode: 'sandbox'; port: number; host: string }
  | {
      mode: 'meta';
      port: number;
      host: string;
      /** The Meta app secret; with an Instagram-Login app secret too, one per flavor. */
      appSecret: string | { page: string; instagram: string };
      verifyToken: string;
      accounts: DemoAccount[];
      /** Public origin of this server (Meta posts webhooks to `${publicUrl}/kit/webhook`). */
      publicUrl: string;
      /** Password for the inbox (HTTP Basic, any user name): real tokens must not be open to anyone who can reach the port. */
      password: string;
    };

export const META_VARS = ['META_APP_SECRET', 'META_VERIFY_TOKEN', 'META_ACCOUNTS', 'PUBLIC_URL'] as const;
export const DEFAULT_PORT = 5173;

export class DemoConfigError extends Error {
  override name = 'DemoConfigError';
}

type Env = Record<string, string | undefined>;

export function readDemoConfig(env: Env): DemoConfig {
  const port = readPort(env.PORT);
  const host = env.HOST?.trim() || '127.0.0.1';
  const set = META_VARS.filter((k) => env[k]?.trim());
  if (set.length === 0) return { mode: 'sandbox', port, host };
  const missing = META_VARS.filter((k) => !env[k]?.trim());
  if (missing.length > 0) {
    throw new DemoConfigError(
      `Set all of ${META_VARS.join(', ')} to talk to the real Graph API (missing: ${missing.join(', ')}), ` +
        'or none of them to run on the sandbox. See apps/demo/README.md, "Connect a real Instagram account".',
    );
  }
  const password = env.DEMO_PASSWORD?.trim();
  if (!password) {
    throw new DemoConfigError(
      'DEMO_PASSWORD is required with a real Meta account: the inbox answers customers with your tokens, so it must not be open ' +
        'to anyone who can reach PUBLIC_URL. Set DEMO_PASSWORD=<something long>; the browser will ask for it (any user name).',
    );
  }
  return {
    mode: 'meta',
    port,
    host,
    appSecret: env.META_INSTAGRAM_APP_SECRET?.trim()
      ? { page: env.META_APP_SECRET!.trim(), instagram: env.META_INSTAGRAM_APP_SECRET.trim() }
      : env.META_APP_SECRET!.trim(),
    verifyToken: env.META_VERIFY_TOKEN!.trim(),
    accounts: parseAccounts(env.META_ACCOUNTS!),
    publicUrl: parsePublicUrl(env.PUBLIC_URL!),
    password,
  };
}

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DemoConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}".`);
  }
  return port;
}

function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DemoConfigError(`PUBLIC_URL must be an absolute URL such as https://inbox.example.com, got "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new DemoConfigError('PUBLIC_URL must use https: Meta only delivers webhooks to https callback URLs.');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new DemoConfigError('PUBLIC_URL must be a plain origin (and optional path), without query, fragment or credentials.');
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Flavor from the token's prefix: Page tokens start with "EAA", Instagram User tokens with "IG"
 * (reference §7.1). Anything else must be said explicitly (JSON form).
 */
export function flavorOfToken(token: string): KitAccountFlavor | null {
  if (token.startsWith('EAA')) return 'page';
  if (token.startsWith('IG')) return 'instagram';
  return null;
}

/**
 * META_ACCOUNTS: JSON (`[{ "id", "token", "flavor"?, "igUserId"?, "name"?, "username"? }]`) or
 * comma-separated `id:token` pairs (flavor from the token prefix).
 */
export function parseAccounts(raw: string): DemoAccount[] {
  const text = raw.trim();
  const list: unknown[] = text.startsWith('[') || text.startsWith('{') ? parseJsonAccounts(text) : parsePairs(text);
  if (list.length === 0) throw new DemoConfigError('META_ACCOUNTS lists no account.');
  return list.map((item, i) => toAccount(item, i));
}

function parseJsonAccounts(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DemoConfigError(`META_ACCOUNTS is not valid JSON (${(err as Error).message}). Use [{"id":"…","token":"…"}] or id:token pairs.`);
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}

function parsePairs(text: string): unknown[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair, i) => {
      const at = pair.indexOf(':');
      if (at <= 0 || at === pair.length - 1) {
        throw new DemoConfigError(`META_ACCOUNTS entry ${i + 1} must look like <account id>:<access token>.`);
      }
      return { id: pair.slice(0, at), token: pair.slice(at + 1) };
    });
}

function toAccount(item: unknown, index: number): DemoAccount {
  const where = `META_ACCOUNTS entry ${index + 1}`;
  if (!item || typeof item !== 'object') throw new DemoConfigError(`${where} must be an object with id and token.`);
  const o = item as Record<string, unknown>;
  const str = (key: string) => (typeof o[key] === 'string' && (o[key] as string).trim() ? (o[key] as string).trim() : undefined);
  const id = str('id');
  const token = str('token');
  if (!id || !/^[A-Za-z0-9_.-]+$/.test(id)) throw new DemoConfigError(`${where}: id must be the numeric Page id or IG professional account id.`);
  if (!token) throw new DemoConfigError(`${where} (${id}): token is missing.`);
  const given = str('flavor');
  if (given !== undefined && given !== 'page' && given !== 'instagram') {
    throw new DemoConfigError(`${where} (${id}): flavor must be "page" or "instagram".`);
  }
  const flavor = (given as KitAccountFlavor | undefined) ?? flavorOfToken(token);
  if (!flavor) {
    throw new DemoConfigError(`${where} (${id}): cannot tell the flavor from the token; use the JSON form with "flavor": "page" or "instagram".`);
  }
  const account: DemoAccount = { id, flavor, token };
  for (const k of ['igUserId', 'name', 'username'] as const) {
    const v = str(k);
    if (v) account[k] = v;
  }
  return account;
}
