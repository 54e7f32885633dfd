/**
 * The demo's sandbox: one fake business account and a handful of customers, so the first screen
 * is alive. The tokens here are sandbox-only strings; the sandbox never talks to Meta.
 */
import { MINUTE_MS, RATE_LIMITS } from '@kit/core';
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

export function startSandbox(options: { appSecret: string; verifyToken: string; publicUrl: string }): GraphSandbox {
  return createGraphSandbox({
    accounts: [{ ...SANDBOX_ACCOUNT, pageId: SANDBOX_ACCOUNT.id, requireAppsecretProof: true }],
    appSecret: options.appSecret,
    verifyToken: options.verifyToken,
    publicUrl: options.publicUrl,
    // Same process, same port: a failed delivery is a bug to see quickly, not an outage to ride out.
    webhooks: { retryBaseMs: 200, retryMaxMs: 5_000, maxAttempts: 8 },
  });
}

/**
 * The sandbox's demo seed (every window state, media, reactions, an unsend, an opt-out), delivered
 * as webhooks with their original times, plus a customer waiting for the shop's assistant. Returns
 * that customer's id: the automated answer goes out through the kit (`answerAutomatically`).
 */
export function seedConversations(sandbox: GraphSandbox): { waitingForBot: string } {
  seedDemo(sandbox, { accountId: SANDBOX_ACCOUNT.id, webhooks: true });
  const { customer, clock } = sandbox;
  const lea = customer.create({ accountId: SANDBOX_ACCOUNT.id, name: 'Léa Martin', username: 'lea.martin', locale: 'fr_FR' });
  customer.history(clock.now() - 20 * MINUTE_MS, () => customer.text(lea.id, 'Hi! What time do you open on Saturday? 🛍️'), { webhooks: true });
  return { waitingForBot: lea.id };
}

/**
 * The shop's assistant answers, the way a bot built on the kit would: `POST /kit/.../messages`
 * with `automated: true`, so the proxy sends the automated-experience disclosure first (reference
 * §9.1). Then the customer asks for a person, and the conversation waits for a human agent.
 */
export async function answerAutomatically(kitUrl: string, sandbox: GraphSandbox, customerId: string): Promise<void> {
  // The back-fill has just used the account's Conversations API budget. The sandbox reports a full
  // budget in X-Business-Use-Case-Usage as 100 % with a minute to regain access, and the proxy then
  // pauses every send for that minute; so let the budget's window pass first (at most a second).
  const lastCall = sandbox.inspect.requests().at(-1)?.at ?? 0;
  const wait = lastCall + RATE_LIMITS.conversations.intervalMs + 50 - sandbox.clock.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const res = await fetch(`${kitUrl}/accounts/${SANDBOX_ACCOUNT.id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kit-request': '1' },
    body: JSON.stringify({
      to: customerId,
      clientId: 'demo-seed-assistant-1',
      automated: true,
      text: 'We are open on Saturdays from 10:00 to 19:00. 🕙',
    }),
  });
  if (!res.ok) throw new Error(`The demo's automated reply was refused by the kit (${res.status}): ${await res.text()}`);
  sandbox.customer.text(customerId, 'agent please — can I reserve a bag for pickup on Saturday?');
}

/** Saved replies the demo account starts with: type `/` in the composer to use one. */
export const DEMO_SAVED_REPLIES = [
  { shortcut: 'thanks', text: 'Thank you {first_name}! Anything else I can help you with?' },
  { shortcut: 'hours', text: 'Hi {first_name}, we are open Monday to Saturday, 10:00–19:00.' },
  { shortcut: 'shipping', text: 'Hi {first_name}, orders ship within 2 working days; the tracking link comes by email.' },
  { shortcut: 'reserve', text: 'Of course {first_name}, I have reserved it for you under @{username} until Saturday evening.' },
] as const;

/** Saves them through the kit's own route, as an agent's settings panel would. */
export async function seedSavedReplies(kitUrl: string): Promise<void> {
  for (const reply of DEMO_SAVED_REPLIES) {
    const res = await fetch(`${kitUrl}/accounts/${SANDBOX_ACCOUNT.id}/saved-replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kit-request': '1' },
      body: JSON.stringify(reply),
    });
    if (!res.ok) throw new Error(`The demo's saved reply /${reply.shortcut} was refused by the kit (${res.status}): ${await res.text()}`);
  }
}
