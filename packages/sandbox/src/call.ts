/**
 * One Graph request as the route handlers (send, reads, uploads, profile) receive it, and what they
 * answer. The router in graph.ts builds the call and writes the answer; the handlers never see
 * Express.
 */
import type { GraphParams } from './params';
import type { SandboxAccount } from './types';

export interface GraphCall {
  method: string;
  /** Path segments after the version. */
  node: string;
  edge?: string;
  params: GraphParams;
  /** query + body merged (body wins), as Graph reads them. */
  p: Record<string, unknown>;
  account: SandboxAccount;
  /** The token as sent (needed for Graph-style paging URLs). */
  token: string;
  /** `${protocol}://${host}` the caller used — Graph builds absolute paging links from it. */
  origin: string;
  basePath: string;
}

export interface GraphAnswer {
  status: number;
  body: unknown;
}
