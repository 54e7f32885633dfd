/**
 * The demo's sandbox: one fake business account and a handful of customers, so the first screen
 * is alive. The tokens here are sandbox-only strings; the sandbox never talks to Meta.
 */
import { HOUR_MS, MINUTE_MS } from '@kit/core';
import { createGraphSandbox, seedDemo, type GraphSandbox } from '@kit/sandbox';
import type { DemoAccount } from './config';

/** A Page-linked Instagram account (Messenger API for Instagram): uploads go through the Attachment Upload API. */
export const SANDBOX_ACCOUNT = {
  id: '1100000000000001',
  flavor: 'page',
  igUserId: '17841400000000001',
  token: 'EAA-sandbox-only-demo-page-token',
  name: 'Bottega Aurora',
  username: 'bottega.aurora',
} as const satisfies DemoAccount;

export function startSandbox(o: { appSecret: string; verifyToken: string; publicUrl: string }): GraphSandbox {
  return createGraphSandbox({
    accounts: [{ ...SANDBOX_ACCOUNT, pageId: SANDBOX_ACCOUNT.id, requireAppsecretProof: true }],
    appSecret: o.appSecret,
    verifyToken: o.verifyToken,
    publicUrl: o.publicUrl,
    // Same process, same port: a failed delivery is a bug to see quickly, not an outage to ride out.
    webhooks: { retryBaseMs: 200, retryMaxMs: 5_000, maxAttempts: 8 },
  });
}

/**
 * The sandbox's demo seed (every window state, media, reactions, an unsend, an opt-out) plus a
 * conversation an automated assistant answered, delivered as webhooks with their original times.
 */
export function seedConversations(sandbox: GraphSandbox): void {
  seedDemo(sandbox, { accountId: SANDBOX_ACCOUNT.id, webhooks: true });
  const { customer, clock } = sandbox;
  const now = clock.now();
  const h = <T>(ago: number, fn: () => T) => customer.history(now - ago, fn, { webhooks: true });
  const lea = customer.create({ accountId: SANDBOX_ACCOUNT.id, name: 'Léa Martin', username: 'lea.martin' });
  h(6 * HOUR_MS, () => customer.text(lea.id, 'Hi! What time do you open on Saturday? 🛍️'));
  h(6 * HOUR_MS - 1 * MINUTE_MS, () =>
    customer.appReply(lea.id, '🤖 Automated reply: we are open on Saturdays from 10:00 to 19:00. Reply "human" to talk to a person.'),
  );
  h(5 * HOUR_MS, () => customer.text(lea.id, 'human please — can I reserve a bag for pickup?'));
}
