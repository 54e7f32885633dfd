/**
 * Echo reconciliation over the whole window since a send: an interrupted or timed-out send whose
 * echo is already stored becomes `sent`, however many newer messages the conversation holds —
 * when the worker finds it interrupted, and when a (re)started proxy finds it `uncertain`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../store/memory';
import type { Store, StoredMessage } from '../store/types';
import type { Harness } from '../test/harness';
import { IG_ACCOUNT, newClientId, openConversation, postJson, send, startSendHarness } from '../test/send-kit';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const waitFor = async (what: string, ok: () => Promise<boolean>) => {
  for (let i = 0; i < 2000; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
};

/** A send the proxy wrote down, as a dead worker left it: `sending` with an expired lease, or already `uncertain`. */
async function leftBehind(store: Store, conversationId: string, customerId: string, text: string, createdAt: number, status: 'sending' | 'uncertain') {
  const clientId = newClientId('left');
  const request = { content: { text }, automated: false, fingerprint: text };
  if (status === 'uncertain') {
    await store.insertSend({ accountId: IG_ACCOUNT.id, clientId, conversationId, to: customerId, request, createdAt, status });
    return clientId;
  }
  await store.insertSend({ accountId: IG_ACCOUNT.id, clientId, conversationId, to: customerId, request, createdAt });
  const [claimed] = await store.claimNextSends({ owner: 'dead-worker', leaseMs: 1000, limit: 1, now: createdAt, accountId: IG_ACCOUNT.id });
  expect(claimed?.clientId).toBe(clientId);
  await store.updateSendStatus(IG_ACCOUNT.id, clientId, { status, attempts: 1, ifLeaseOwner: 'dead-worker', now: createdAt });
  return clientId;
}

const message = (conversationId: string, customerId: string, id: string, createdAt: number, outbound: boolean, text: string): StoredMessage => ({
  id,
  conversationId,
  accountId: IG_ACCOUNT.id,
  direction: outbound ? 'outbound' : 'inbound',
  from: { id: outbound ? IG_ACCOUNT.id : customerId },
  to: { id: outbound ? customerId : IG_ACCOUNT.id },
  text,
  attachments: [],
  createdAt,
  editCount: 0,
  deleted: false,
  reactions: [],
  ...(outbound ? { isEcho: true } : {}),
});

describe('echo reconciliation over the window since the send', () => {
  it('confirms an interrupted send and a timed-out one whose echoes sit under 200 newer messages, on restart', async () => {
    const store = memoryStore();
    const first = await startSendHarness({ proxy: { store } });
    harnesses.push(first);
    const { customerId, conversationId } = await openConversation(first);
    await first.close();
    harnesses.pop();

    const t0 = Date.now() - 60_000;
    const interrupted = await leftBehind(store, conversationId, customerId, 'went out, then the proxy died', t0, 'sending');
    const timedOut = await leftBehind(store, conversationId, customerId, 'went out, answer lost', t0 + 1, 'uncertain');
    await store.putMessage(message(conversationId, customerId, 'mid.echo-1', t0 + 50, true, 'went out, then the proxy died'));
    await store.putMessage(message(conversationId, customerId, 'mid.echo-2', t0 + 60, true, 'went out, answer lost'));
    for (let i = 0; i < 200; i++) {
      await store.putMessage(message(conversationId, customerId, `mid.later-${String(i).padStart(3, '0')}`, t0 + 1000 + i * 10, i % 3 === 0, `later ${i}`));
    }

    const second = await startSendHarness({ proxy: { store } });
    harnesses.push(second);
    await waitFor('both sends confirmed', async () => {
      const rows = await Promise.all([interrupted, timedOut].map((c) => store.getSendByClientId(IG_ACCOUNT.id, c)));
      return rows.every((r) => r?.status === 'sent');
    });
    expect(await store.getSendByClientId(IG_ACCOUNT.id, interrupted)).toMatchObject({ status: 'sent', messageId: 'mid.echo-1' });
    expect(await store.getSendByClientId(IG_ACCOUNT.id, timedOut)).toMatchObject({ status: 'sent', messageId: 'mid.echo-2' });
    // The echo became the send's message: one message, with the clientId, not two.
    expect(await store.getMessage(IG_ACCOUNT.id, 'mid.echo-1')).toMatchObject({ clientId: interrupted, status: 'sent' });
    const thread = await store.listMessages(conversationId, { limit: 1000 });
    expect(thread.filter((m) => m.text === 'went out, then the proxy died')).toHaveLength(1);
    expect(thread.filter((m) => m.id.startsWith('local:'))).toEqual([]);
  });
});

describe('a conversation behind an uncertain send', () => {
  it('waits — later sends stay queued — until a person resolves it, then goes on in order', async () => {
    const h = await startSendHarness({ proxy: { outbox: { waitMs: 0 } } });
    harnesses.push(h);
    const { customerId } = await openConversation(h);
    h.sandbox.faults.once({ kind: 'reset', route: 'send' }); // the first request: outcome unknown, never reached Meta
    const ids = [newClientId('u'), newClientId('u'), newClientId('u')];
    for (const [i, clientId] of ids.entries()) expect((await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: `in order ${i}` })).status).toBe(201);
    await h.settle();
    const status = async (clientId: string) => (await h.kit.store.getSendByClientId(IG_ACCOUNT.id, clientId))?.status;
    expect(await Promise.all(ids.map(status))).toEqual(['uncertain', 'queued', 'queued']);
    expect(h.sandbox.inspect.sent({ recipientId: customerId })).toEqual([]);

    const resolve = (clientId: string, body: unknown) => postJson(h, `/accounts/${IG_ACCOUNT.id}/sends/${clientId}/resolve`, body);
    expect((await resolve(ids[0]!, { outcome: 'maybe' })).json.error?.code).toBe('invalid_outcome');
    expect((await resolve(ids[0]!, { outcome: 'resend', force: true })).json.error?.code).toBe('unknown_field');
    expect((await resolve('nope', { outcome: 'resend' })).status).toBe(404);
    const notUncertain = await resolve(ids[1]!, { outcome: 'resend' });
    expect([notUncertain.status, notUncertain.json.error?.code]).toEqual([409, 'send_not_uncertain']);

    // The person checked the thread: not there. Resent first, then the two behind it.
    const resent = await resolve(ids[0]!, { outcome: 'resend' });
    expect([resent.status, resent.json.message?.status]).toEqual([200, 'queued']);
    await h.settle();
    expect(await Promise.all(ids.map(status))).toEqual(['sent', 'sent', 'sent']);
    expect(h.sandbox.inspect.sent({ recipientId: customerId }).map((d) => d.text)).toEqual(['in order 0', 'in order 1', 'in order 2']);
  });

  it('takes a person’s word that it was delivered, and lets the rest go', async () => {
    const h = await startSendHarness({ proxy: { outbox: { waitMs: 0 } } });
    harnesses.push(h);
    const { customerId } = await openConversation(h);
    h.sandbox.faults.once({ kind: 'reset', route: 'send' });
    const ids = [newClientId('d'), newClientId('d')];
    for (const [i, clientId] of ids.entries()) await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: `told ${i}` });
    await h.settle();
    const delivered = await postJson(h, `/accounts/${IG_ACCOUNT.id}/sends/${ids[0]}/resolve`, { outcome: 'delivered' });
    expect(delivered.json.message).toMatchObject({ status: 'sent', clientId: ids[0] });
    // Every open inbox hears it: the person's answer is a send_status event like any other outcome.
    const statuses = (await h.kit.store.readEvents({ limit: 10_000 })).filter((e) => e.type === 'send_status' && e.clientId === ids[0]);
    expect(statuses.map((e) => (e as { status: string }).status).slice(-2)).toEqual(['uncertain', 'sent']);
    await h.settle();
    expect((await h.kit.store.getSendByClientId(IG_ACCOUNT.id, ids[1]!))?.status).toBe('sent');
    expect(h.sandbox.inspect.sent({ recipientId: customerId }).map((d) => d.text)).toEqual(['told 1']);
  });
});
