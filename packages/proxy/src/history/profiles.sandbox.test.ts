/**
 * Customer profiles (reference §6.4) read by the proxy in the background, against the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type KitConversation } from '@kit/core';
import { memoryStore } from '../store/memory';
import { IG_ACCOUNT, PAGE_ACCOUNT, Recorder, SseClient, startHarness, type Harness } from '../test/harness';

const recorder = new Recorder();
let h: Harness;
/** The kit's clock runs ahead of real time by this much (TTL / retry tests). */
let skew = 0;

type ConversationsPage = { conversations: KitConversation[] };

beforeAll(async () => {
  h = await startHarness({ recorder, proxy: { now: () => Date.now() + skew } });
});
afterAll(async () => {
  await h?.close();
});

const profileReads = (customerId: string) =>
  h.sandbox.inspect.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`/${customerId}`));

const conversationOf = async (accountId: string, customerId: string) => {
  const { conversations } = (await h.call(`/accounts/${accountId}/conversations`)).json as ConversationsPage;
  return conversations.find((c) => c.customerId === customerId);
};

describe('customer profiles', () => {
  it('reads a new customer once, stores name/username/picture and streams conversation_updated', async () => {
    const sse = await SseClient.open(`${h.kitUrl}/events`, recorder);
    const giulia = h.customer.create({ accountId: IG_ACCOUNT.id, name: 'Giulia Rossi', username: 'giulia.r' });
    h.customer.text(giulia.id, 'Ciao!');
    h.customer.text(giulia.id, 'Avete la taglia M?');
    await h.settle();

    const row = await conversationOf(IG_ACCOUNT.id, giulia.id);
    expect(row?.customer).toEqual({ name: 'Giulia Rossi', username: 'giulia.r', profilePic: giulia.profilePic });
    expect(giulia.profilePic).toMatch(/^http/);

    await sse.waitFor((s) => s.events().some((e) => e.type === 'conversation_updated' && (e.conversation as KitConversation).customer?.name === 'Giulia Rossi'));
    const update = sse.events().find((e) => e.type === 'conversation_updated' && (e.conversation as KitConversation).customer?.name === 'Giulia Rossi')!;
    expect(update).toMatchObject({ conversationId: `${IG_ACCOUNT.id}:${giulia.id}`, conversation: { customer: { username: 'giulia.r' } } });
    await sse.close();

    // Two messages, one read, with exactly the §6.4 fields, on the Instagram host.
    const reads = profileReads(giulia.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ status: 200, tokenVia: 'bearer', query: { fields: 'name,username,profile_pic' } });
    expect(reads[0]!.path).toBe(`/instagram/v26.0/${giulia.id}`);
  });

  it('uses the Facebook host for Page accounts', async () => {
    const fan = h.customer.create({ accountId: PAGE_ACCOUNT.id, name: 'Jonas Weber', username: 'jonas_w' });
    h.customer.text(fan.id, 'Hallo');
    await h.settle();
    expect((await conversationOf(PAGE_ACCOUNT.id, fan.id))?.customer).toMatchObject({ name: 'Jonas Weber', username: 'jonas_w' });
    expect(profileReads(fan.id).map((r) => r.path)).toEqual([`/facebook/v26.0/${fan.id}`]);
  });

  it('refreshes after the TTL (picture URLs expire), not before', async () => {
    const sam = h.customer.create({ accountId: IG_ACCOUNT.id, name: 'Sam', username: 'sam' });
    h.customer.text(sam.id, 'one');
    await h.settle();
    skew += 23 * HOUR_MS;
    h.customer.text(sam.id, 'two');
    await h.settle();
    expect(profileReads(sam.id)).toHaveLength(1);
    skew += 2 * HOUR_MS;
    h.customer.text(sam.id, 'three');
    await h.settle();
    expect(profileReads(sam.id)).toHaveLength(2);
  });

  it('survives a failed read (logged at info, no crash) and retries on a later message', async () => {
    const priya = h.customer.create({ accountId: IG_ACCOUNT.id, name: 'Priya', username: 'priya' });
    h.sandbox.faults.once({ kind: '5xx', route: 'read' });
    h.customer.text(priya.id, 'hello?');
    await h.settle();
    expect(profileReads(priya.id).map((r) => (r.status ?? 0) >= 500)).toEqual([true]);
    const row = await conversationOf(IG_ACCOUNT.id, priya.id);
    expect(row?.lastMessage?.text).toBe('hello?');
    expect(row?.customer?.name).toBeUndefined();
    const logged = recorder.logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.msg.startsWith('customer profile not available'));
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.every((l) => l.level === 30)).toBe(true);

    h.customer.text(priya.id, 'still there?'); // within the retry delay: no new read
    await h.settle();
    expect(profileReads(priya.id)).toHaveLength(1);
    skew += 11 * 60_000;
    h.customer.text(priya.id, 'anyone?');
    await h.settle();
    expect(profileReads(priya.id).map((r) => (r.status ?? 0) >= 500)).toEqual([true, false]);
    expect(profileReads(priya.id)[1]!.status).toBe(200);
    expect((await conversationOf(IG_ACCOUNT.id, priya.id))?.customer).toMatchObject({ name: 'Priya', username: 'priya' });
  });
});

describe('back-fill', () => {
  it('reads the profile of a back-filled customer the Conversations API named only by username', async () => {
    let alex = '';
    const hb = await startHarness({
      recorder,
      proxy: { store: memoryStore(), backfill: {} },
      seed: (sandbox) => {
        alex = sandbox.customer.create({ accountId: IG_ACCOUNT.id, name: 'Alex Moreau', username: 'alex_m' }).id;
        sandbox.customer.history(Date.now() - HOUR_MS, () => sandbox.customer.text(alex, 'earlier'));
      },
    });
    try {
      await hb.kit.idle();
      const { conversations } = (await hb.call(`/accounts/${IG_ACCOUNT.id}/conversations`)).json as ConversationsPage;
      expect(conversations).toHaveLength(1);
      expect(conversations[0]!.customer).toMatchObject({ name: 'Alex Moreau', username: 'alex_m', profilePic: expect.stringMatching(/^http/) });
      expect(hb.sandbox.inspect.requests().filter((r) => r.path.endsWith(`/${alex}`))).toHaveLength(1);
    } finally {
      await hb.close();
    }
  });
});

describe('secrets', () => {
  it('no response, SSE frame or log line of this suite contains a token, proof or app secret', () => {
    expect(recorder.size).toBeGreaterThan(10);
    expect(recorder.leaks()).toEqual([]);
  });
});
