/**
 * Test helpers for the sending side: the shared sandbox harness with fast outbox timings and the
 * proxy running on the sandbox's clock (so window/lapse edges can be reached with
 * clock.advance), plus small helpers to open a conversation and post sends.
 */
import type { KitConversation, KitMessage } from '@kit/core';
import type { GraphSandbox } from '@kit/sandbox';
import { IG_ACCOUNT, PAGE_ACCOUNT, startHarness, type Harness, type HarnessOptions } from './harness';

export { IG_ACCOUNT, PAGE_ACCOUNT };

export const FAST_OUTBOX = {
  waitMs: 1500,
  pollMs: 50,
  leaseMs: 5000,
  retry: { baseMs: 5, capMs: 40 },
  throttle: { baseMs: 10, capMs: 80 },
  usagePauseMs: 200,
  echoGraceMs: 50,
};

export async function startSendHarness(o: HarnessOptions = {}): Promise<Harness> {
  const ref: { sandbox?: GraphSandbox } = {};
  const h = await startHarness({
    ...o,
    proxy: {
      now: () => (ref.sandbox ? ref.sandbox.clock.now() : Date.now()),
      ...o.proxy,
      outbox: { ...FAST_OUTBOX, ...o.proxy?.outbox },
    },
  });
  ref.sandbox = h.sandbox;
  return h;
}

export const JSON_HEADERS = { 'content-type': 'application/json', 'x-kit-request': '1' };

export interface SendAnswer {
  status: number;
  json: { message?: KitMessage; error?: { code: string; message: string; retryable: boolean; details?: Record<string, unknown> } };
}

export async function postJson(h: Harness, path: string, body: unknown): Promise<SendAnswer> {
  const r = await h.call(path, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
  return { status: r.status, json: r.json as SendAnswer['json'] };
}

export function send(h: Harness, accountId: string, body: Record<string, unknown>): Promise<SendAnswer> {
  return postJson(h, `/accounts/${accountId}/messages`, body);
}

let customerNo = 0;

/** A customer who just wrote (window open), with the conversation in the kit's store. */
export async function openConversation(h: Harness, accountId = IG_ACCOUNT.id, text = 'Ciao!'): Promise<{ customerId: string; conversationId: string }> {
  const c = h.customer.create({ accountId, name: `Customer ${++customerNo}` });
  h.customer.text(c.id, text);
  await h.settle();
  return { customerId: c.id, conversationId: `${accountId}:${c.id}` };
}

export async function conversation(h: Harness, conversationId: string): Promise<KitConversation> {
  const c = await h.kit.store.getConversation(conversationId);
  if (!c) throw new Error(`no conversation ${conversationId}`);
  return c;
}

/** Every Graph request the sandbox saw that sends something (messages edge). */
export function sendRequests(h: Harness, accountId?: string) {
  return h.sandbox.inspect.requests().filter((r) => r.method === 'POST' && /\/messages$/.test(r.path) && (!accountId || r.accountId === accountId));
}

let clientNo = 0;
export const newClientId = (prefix = 'c') => `${prefix}-${Date.now().toString(36)}-${++clientNo}`;
