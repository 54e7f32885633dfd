/**
 * @kit/sandbox — a Graph API emulator with a customer simulator and fault injection.
 */
export { createGraphSandbox } from './sandbox';
export type { GraphSandbox, ListeningSandbox, SandboxFaults, SandboxAccountsControl } from './sandbox';
export type { GraphSandboxOptions, SandboxAccountOptions, SandboxAccount, AccountFlavor, WebhookTuning, Customer } from './types';
export type { FaultConfig, OnceFault, RequestFaultKind, FaultRoute } from './faults';
export type { CustomerApi, CustomerRef, CreateCustomerInput, CustomerActionResult, CustomerMediaType } from './customer';
export { REACTION_EMOJI } from './customer';
export type { SandboxInspect, RequestRecord, SentRecord, ActionRecord, WebhookDeliveryRecord, SandboxActivity } from './inspect';
export type { SandboxClock } from './clock';
export { metaJson, signBody } from './webhooks';
export { GraphError, errors as graphErrors } from './errors';
export type { GraphErrorEnvelope } from './errors';
export { seedDemo } from './seed';
export type { SeedDemoOptions, SeededCustomer } from './seed';
