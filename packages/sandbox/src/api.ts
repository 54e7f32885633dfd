/**
 * What createGraphSandbox returns: the sandbox's public shape, apart from the factory so the
 * control API (http-control.ts) can drive a sandbox without importing the module that builds it.
 */
import type { Express } from 'express';
import type { SandboxClock } from './clock';
import type { CustomerApi } from './customer';
import type { FaultConfig, OnceFault } from './faults';
import type { SandboxInspect } from './inspect';
import type { RoutingControl } from './routing';
import type { GraphSandboxOptions, SandboxAccount } from './types';

export interface SandboxFaults {
  get(): FaultConfig;
  set(partial: FaultConfig): FaultConfig;
  clear(): void;
  once(fault: OnceFault): void;
}

export interface SandboxAccountsControl {
  list(): SandboxAccount[];
  get(id: string): SandboxAccount | undefined;
  /** Make the token fail with 190/463 (expired). */
  expireToken(id: string): void;
  /** Make the token fail with 190/458 (app de-authorized). */
  revokeToken(id: string): void;
  /** Make the token work again. */
  restoreToken(id: string): void;
  setPermissions(id: string, permissions: string[]): void;
  /**
   * Create a post, reel, story or Live broadcast owned by the business (for MEDIA_SHARE, story
   * replies and comments). A Live broadcast runs until `endLive`.
   */
  createMedia(id: string, media: { kind: 'post' | 'reel' | 'story' | 'live'; caption?: string; url?: string }): { id: string; url: string; permalink: string; thumbnailUrl?: string };
  /** End a Live broadcast: private replies to its comments are refused from now on (reference §2.4). */
  endLive(mediaId: string): void;
}

export interface ListeningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface GraphSandbox {
  /** Express app: Graph routes at `/`, `/facebook`, `/instagram`; control API at `/__sandbox`. */
  app: Express;
  customer: CustomerApi;
  /** Conversation Routing: other apps (Meta's inbox, a bot) taking, passing and writing in threads. */
  routing: RoutingControl;
  faults: SandboxFaults;
  accounts: SandboxAccountsControl;
  inspect: SandboxInspect;
  clock: SandboxClock;
  /** Set where the sandbox is reachable (incl. mount path) — media URLs use it. */
  setPublicUrl(url: string): void;
  webhooks: {
    url(): string | undefined;
    setUrl(url: string | undefined): void;
    verify(): Promise<boolean>;
  };
  /** Forget customers, messages, logs, queued webhooks; faults and clock back to their start. */
  reset(): void;
  /** Attempt every queued webhook now (ignoring backoff) and wait until deliveries settle. */
  flush(): Promise<void>;
  /** Wait until no webhook is queued, pending retry or in flight. */
  idle(): Promise<void>;
  /** Listen on 127.0.0.1 (port 0 = any free port). Sets the public URL used for media links. */
  listen(port?: number, host?: string): Promise<ListeningSandbox>;
  /** Stop webhook timers (call when done with a mounted sandbox). */
  close(): void;
  /** Options as given (tokens included — the sandbox's tokens are fake). */
  readonly options: GraphSandboxOptions;
}
