/**
 * @kit/sandbox — a Graph API emulator with a customer simulator and fault injection.
 *
 * Every name is exported on purpose and listed in the README ("Every export"); the emulator's
 * internals (its error builders, stores, routers) stay inside (scripts/public-api.test.ts holds
 * the two together).
 */
export { createGraphSandbox } from './sandbox';
export type { GraphSandbox, ListeningSandbox, SandboxFaults, SandboxAccountsControl } from './api';
export type { GraphSandboxOptions, SandboxAccountOptions, SandboxAccount, AccountFlavor, WebhookTuning, Customer, StoredComment } from './types';
export type { FaultConfig, OnceFault, RequestFaultKind, FaultRoute } from './faults';
export type { CustomerApi, CustomerRef, CreateCustomerInput, CustomerActionResult, CustomerMediaType } from './customer';
export type { SandboxInspect, RequestRecord, SentRecord, ActionRecord, CommentActionRecord, WebhookDeliveryRecord, SandboxActivity } from './inspect';
export type { CommentActionResult, CommentOptions } from './comments';
export type { RoutingControl } from './routing';
export { DEFAULT_SANDBOX_APP_ID, META_INBOX_APP_ID } from './routing';
export type { SandboxClock } from './clock';
export { metaJson, signBody } from './webhooks';
export { seedDemo } from './seed';
export type { SeedDemoOptions, SeededCustomer } from './seed';
