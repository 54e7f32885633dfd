/**
 * The Graph HTTP client for everything the proxy calls itself (backfill, profile lookups, and the
 * sending side). Rules it enforces:
 * - the upstream host comes from the account's flavor (graph.facebook.com for `page` and
 *   `unified`, graph.instagram.com for `instagram`; core's graphHostOf), never from request data;
 * - the token travels only in `Authorization: Bearer` and `appsecret_proof` (HMAC-SHA256 of the
 *   token with the app secret, reference §7.2) is added to the query — no URL this module builds
 *   is ever logged or put into an error;
 * - failures become typed errors classified by @kit/core's classifyGraphError; token errors flag
 *   the account `needs_reauth` and, for resolver tokens, the call is retried once with a fresh
 *   token (rotation).
 */
import { createHmac } from 'node:crypto';
import {
  GRAPH_API_VERSION,
  GRAPH_ERROR_MESSAGES,
  classifyGraphError,
  graphErrorCode,
  type GraphErrorClassification,
  type KitAccountFlavor,
  type KitGraphErrorRef,
} from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import { KitHttpError } from '../http/errors';
import type { AppSecrets } from '../secrets';

export interface GraphOptions {
  /**
   * One base URL for every flavor (e.g. a sandbox), or one per flavor. Default: Meta's hosts.
   * `unified` (graph.facebook.com too) defaults to `page`'s.
   */
  baseUrl?: string | { page?: string; instagram?: string; unified?: string };
  /** Default `v26.0` (reference §8). */
  version?: string;
  /** Send appsecret_proof with every call (reference §7.2). Default true. */
  appsecretProof?: boolean;
  /** Per-call timeout. Default 15 s. */
  timeoutMs?: number;
}

/** Meta's host per flavor (core's graphHostOf: Unified Login is on graph.facebook.com, like Page accounts). */
export const DEFAULT_GRAPH_HOSTS: Record<KitAccountFlavor, string> = {
  page: 'https://graph.facebook.com',
  instagram: 'https://graph.instagram.com',
  unified: 'https://graph.facebook.com',
};

export interface ResolvedGraphOptions {
  baseUrl: Record<KitAccountFlavor, string>;
  version: string;
  appsecretProof: boolean;
  timeoutMs: number;
}

export function resolveGraphOptions(o: GraphOptions = {}): ResolvedGraphOptions {
  const base: { page?: string; instagram?: string; unified?: string } = typeof o.baseUrl === 'string' ? { page: o.baseUrl, instagram: o.baseUrl } : (o.baseUrl ?? {});
  const baseUrl = {
    page: (base.page ?? DEFAULT_GRAPH_HOSTS.page).replace(/\/+$/, ''),
    instagram: (base.instagram ?? DEFAULT_GRAPH_HOSTS.instagram).replace(/\/+$/, ''),
    // Same host as Page accounts: a `page` base (a proxy, a sandbox) serves Unified Login too.
    unified: (base.unified ?? base.page ?? DEFAULT_GRAPH_HOSTS.unified).replace(/\/+$/, ''),
  };
  for (const [flavor, url] of Object.entries(baseUrl)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`createKitProxy: graph.baseUrl for ${flavor} is not a URL.`);
    }
    if (parsed.search || parsed.hash || parsed.username || parsed.password) {
      throw new TypeError(`createKitProxy: graph.baseUrl for ${flavor} must not carry a query, fragment or credentials.`);
    }
  }
  const version = o.version ?? GRAPH_API_VERSION;
  if (!/^v\d+\.\d+$/.test(version)) throw new TypeError(`createKitProxy: graph.version must look like "v26.0", got "${version}".`);
  return { baseUrl, version, appsecretProof: o.appsecretProof ?? true, timeoutMs: o.timeoutMs ?? 15_000 };
}

export function appsecretProof(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/**
 * The code the kit answers for a Graph error: `graph_<code>_<subcode>`, except where the kit has
 * its own refusal for the same situation — another app holding the thread (2018300, 100/2534037)
 * is `thread_owned_elsewhere`, whether the proxy refused locally or Graph did.
 */
export function kitCodeOfGraphError(c: Pick<GraphErrorClassification, 'code' | 'subcode' | 'category'>): string {
  return c.category === 'routing' ? 'thread_owned_elsewhere' : graphErrorCode(c);
}

/** Graph answered with an error object (reference §4.1). */
export class GraphApiError extends Error {
  readonly status: number;
  readonly classification: GraphErrorClassification;

  constructor(status: number, classification: GraphErrorClassification) {
    // Our own text, not Graph's developer message (which we keep out of anything we echo).
    super(GRAPH_ERROR_MESSAGES[classification.userMessageKey]);
    this.name = 'GraphApiError';
    this.status = status;
    this.classification = classification;
  }

  get graph(): KitGraphErrorRef {
    const c = this.classification;
    return {
      code: c.code ?? 0,
      ...(c.subcode === undefined ? {} : { subcode: c.subcode }),
      ...(c.fbtraceId === undefined ? {} : { fbtraceId: c.fbtraceId }),
    };
  }

  toKitHttpError(): KitHttpError {
    const c = this.classification;
    const status = c.category === 'rate_limit' ? 429 : c.category === 'transient' ? 503 : c.category === 'routing' ? 409 : 502;
    return new KitHttpError(status, c.category === 'auth' ? 'account_needs_reauth' : kitCodeOfGraphError(c), this.message, {
      category: c.category,
      retryable: c.retryable,
      graph: this.graph,
    });
  }
}

/** Graph could not be reached or answered something that is not Graph JSON. */
export class GraphNetworkError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`Could not reach the Graph API (${reason}).`);
    this.name = 'GraphNetworkError';
    this.reason = reason;
  }

  toKitHttpError(): KitHttpError {
    return new KitHttpError(503, 'graph_unreachable', this.message, { category: 'network', retryable: true });
  }
}

export interface GraphRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Path below the version, e.g. `me/conversations` or ['123', 'messages']. Segments are encoded. */
  path: string | readonly string[];
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  signal?: AbortSignal;
}

export interface GraphResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

export interface GraphClientDeps {
  accounts: AccountRegistry;
  secrets: AppSecrets;
  options: ResolvedGraphOptions;
  log: Logger;
  fetch?: typeof fetch;
}

export class GraphClient {
  private readonly fetch: typeof fetch;
  constructor(private readonly d: GraphClientDeps) {
    this.fetch = d.fetch ?? globalThis.fetch;
  }

  /** Upstream base (no version) for an account: by flavor, never from request data. */
  baseFor(accountId: string): string {
    const info = this.d.accounts.info(accountId);
    if (!info) throw new Error(`Unknown account ${accountId}`);
    return this.d.options.baseUrl[info.flavor];
  }

  baseForFlavor(flavor: KitAccountFlavor): string {
    return this.d.options.baseUrl[flavor];
  }

  get version(): string {
    return this.d.options.version;
  }

  /** The Bearer header and proof for an account (the forwarder needs them too). */
  async credentials(accountId: string, fresh = false): Promise<{ authorization: string; proof?: string }> {
    const info = this.d.accounts.info(accountId);
    if (!info) throw new Error(`Unknown account ${accountId}`);
    const token = await this.d.accounts.token(accountId, fresh);
    const secret = this.d.secrets.current(info.flavor);
    return {
      authorization: `Bearer ${token}`,
      ...(this.d.options.appsecretProof && secret ? { proof: this.proofFor(accountId, token, secret) } : {}),
    };
  }

  /**
   * The proof only changes with the token or the secret, and an HMAC per call was ~4 % of a
   * forwarded read's CPU (bench/proxy/profile.mjs --forward): one remembered per account.
   */
  private readonly proofs = new Map<string, { token: string; secret: string; proof: string }>();
  private proofFor(accountId: string, token: string, secret: string): string {
    const hit = this.proofs.get(accountId);
    if (hit && hit.token === token && hit.secret === secret) return hit.proof;
    const proof = appsecretProof(token, secret);
    this.proofs.set(accountId, { token, secret, proof });
    return proof;
  }

  async request<T = unknown>(accountId: string, req: GraphRequest): Promise<GraphResponse<T>> {
    try {
      return await this.once<T>(accountId, req, false);
    } catch (err) {
      // Rotation: a rejected token is re-resolved and an idempotent call retried once.
      if (err instanceof GraphApiError && err.classification.category === 'auth' && (req.method ?? 'GET') === 'GET') {
        return this.once<T>(accountId, req, true);
      }
      throw err;
    }
  }

  private async once<T>(accountId: string, req: GraphRequest, fresh: boolean): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const segments = typeof req.path === 'string' ? req.path.split('/').filter(Boolean) : req.path;
    const url = new URL(`${this.baseFor(accountId)}/${this.version}/${segments.map(encodeURIComponent).join('/')}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const { authorization, proof } = await this.credentials(accountId, fresh);
    if (proof) url.searchParams.set('appsecret_proof', proof);
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (req.json !== undefined) headers['content-type'] = 'application/json';

    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers,
        ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}),
        signal: req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(this.d.options.timeoutMs)]) : AbortSignal.timeout(this.d.options.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      throw new GraphNetworkError(e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name ?? 'network error'));
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      throw new GraphNetworkError(`HTTP ${res.status}, not JSON`);
    }
    const body = data as { error?: unknown } | null;
    if (!res.ok || (body && typeof body === 'object' && 'error' in body && body.error)) {
      const classification = classifyGraphError(data);
      if (classification.category === 'auth') this.d.accounts.markNeedsReauth(accountId, graphErrorCode(classification));
      this.d.log.warn(
        { accountId, method, path: segments.join('/'), status: res.status, graph: { code: classification.code, subcode: classification.subcode, fbtraceId: classification.fbtraceId } },
        'graph call failed',
      );
      throw new GraphApiError(res.status, classification);
    }
    this.d.accounts.markHealthy(accountId);
    return { status: res.status, data: data as T, headers: res.headers };
  }
}
