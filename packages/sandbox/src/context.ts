/** The shared state every sandbox module works on (one per `createGraphSandbox`). */

import type { AccountRegistry } from './accounts';
import type { SandboxClock } from './clock';
import type { FaultController } from './faults';
import type { Inspector } from './inspect';
import type { RateLimiter } from './ratelimit';
import type { Store } from './store';
import type { GraphSandboxOptions } from './types';
import type { WebhookDispatcher } from './webhooks';

export interface SandboxContext {
  options: GraphSandboxOptions;
  accounts: AccountRegistry;
  store: Store;
  clock: SandboxClock;
  faults: FaultController;
  inspector: Inspector;
  webhooks: WebhookDispatcher;
  rateLimiter: RateLimiter;
  graphVersion: string;
  /** Base URL for sandbox-hosted media (`/__sandbox/cdn/...`). */
  publicUrl(): string;
}
