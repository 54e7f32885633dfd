/**
 * The operator's pause switch against the sandbox over real HTTP: while paused, sends are
 * accepted and wait queued (nothing reaches Graph, nothing fails) and the operator's outbox view
 * lists them; the inboxes hear it live; on resume they go out in the order they were accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder, SseClient, type Harness } from '../test/harness';
import { IG_ACCOUNT, newClientId, openConversation, postJson, send, sendRequests, startSendHarness } from '../test/send-kit';

const recorder = new Recorder();
let h: Harness;

beforeAll(async () => {
  h = await startSendHarness({ recorder, proxy: { outbox: { waitMs: 0, pollMs: 50 } } });
});
afterAll(async () => {
  await h?.close();
});

describe('pause switch', () => {
  it('holds an account’s sends queued while paused and delivers them in order on resume', async () => {
    const sse = await SseClient.open(`${h.kitUrl}/events`, recorder);
    const { customerId } = await openConversation(h);
    const message = 'Instagram is failing every send right now; we resume when Meta fixes it.';
    const paused = await postJson(h, `/accounts/${IG_ACCOUNT.id}/pause`, { message });
    expect(paused.status).toBe(200);
    expect(paused.json).toMatchObject({ accountId: IG_ACCOUNT.id, paused: { message, since: expect.any(Number) } });
    await sse.waitFor((c) => c.events().some((e) => e.type === 'account_updated'));
    expect(sse.events().find((e) => e.type === 'account_updated')).toMatchObject({ accountId: IG_ACCOUNT.id, paused: { message } });
    const accounts = (await h.call('/accounts')).json as { accounts: { id: string; paused: unknown }[] };
    expect(accounts.accounts.find((a) => a.id === IG_ACCOUNT.id)?.paused).toMatchObject({ message });

    const before = sendRequests(h, IG_ACCOUNT.id).length;
    const ids = [0, 1, 2].map(() => newClientId('held'));
    for (const [i, clientId] of ids.entries()) {
      const res = await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: `held ${i}` });
      expect(res.status).toBe(201);
      expect(res.json.message?.status).toBe('queued');
    }
    // Several poll rounds of the worker: nothing is attempted, nothing fails.
    await new Promise((r) => setTimeout(r, 600));
    await h.kit.idle(); // a paused account's queue is not work the worker waits for
    expect(sendRequests(h, IG_ACCOUNT.id).length).toBe(before);
    for (const clientId of ids) expect((await h.kit.store.getSendByClientId(IG_ACCOUNT.id, clientId))?.status).toBe('queued');
    // The operator's view of the outbox lists them, oldest first, with what they are.
    const outbox = (await h.call(`/accounts/${IG_ACCOUNT.id}/outbox`)).json as { sends: Record<string, unknown>[]; oldestQueuedAt: number | null };
    const held = outbox.sends.filter((x) => ids.includes(x.clientId as string));
    expect(held.map((x) => x.clientId)).toEqual(ids);
    expect(held[0]).toMatchObject({ status: 'queued', attempts: 0, kind: 'text', text: 'held 0', conversationId: expect.stringContaining(customerId) });
    expect(outbox.oldestQueuedAt).toBeLessThanOrEqual(held[0]!.createdAt as number);
    expect((await h.call(`/accounts/${IG_ACCOUNT.id}/outbox?limit=0`)).status).toBe(400);

    const resumed = await postJson(h, `/accounts/${IG_ACCOUNT.id}/resume`, {});
    expect(resumed.json).toMatchObject({ paused: null });
    await h.settle();
    for (const clientId of ids) expect((await h.kit.store.getSendByClientId(IG_ACCOUNT.id, clientId))?.status).toBe('sent');
    expect(h.sandbox.inspect.sent({ recipientId: customerId }).map((s) => s.text)).toEqual(['held 0', 'held 1', 'held 2']);
    expect(((await h.call(`/accounts/${IG_ACCOUNT.id}/outbox`)).json as { sends: { clientId: string }[] }).sends.filter((x) => ids.includes(x.clientId))).toEqual([]);
    await sse.waitFor((c) => c.events().filter((e) => e.type === 'account_updated').length === 2);
    expect(sse.events().filter((e) => e.type === 'account_updated').at(-1)?.paused).toBeNull();
    await sse.close();
  });

  it('asks for the reason and refuses anything else', async () => {
    const empty = await postJson(h, `/accounts/${IG_ACCOUNT.id}/pause`, { message: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.json.error?.code).toBe('invalid_pause_message');
    const extra = await postJson(h, `/accounts/${IG_ACCOUNT.id}/pause`, { message: 'x', until: 5 });
    expect(extra.status).toBe(400);
    expect(extra.json.error?.code).toBe('unknown_field');
    const unknown = await postJson(h, `/accounts/nope/pause`, { message: 'x' });
    expect(unknown.status).toBe(404);
  });
});
