import { describe, expect, it } from 'vitest';
import { KitClientError } from './client';
import type { KitClient, KitSendRecord, KitSendRequest } from './client';
import { createKitStore } from './store';
import { ACCOUNT, CID, CONVERSATIONS, CUSTOMER, thread } from './test/fixtures';

/** A client whose answers the test scripts; it records every send. */
function fakeClient(overrides: Partial<KitClient> = {}) {
  const sends: KitSendRequest[] = [];
  let answer: (b: KitSendRequest) => Promise<KitSendRecord> = (body) => Promise.resolve({ clientId: body.clientId, status: 'queued' });
  const client: KitClient = {
    baseUrl: '/kit',
    listAccounts: () => Promise.resolve([]),
    listConversations: () => Promise.resolve({ conversations: CONVERSATIONS }),
    listMessages: (_a, _c, options) => {
      const all = thread(120);
      const end = options?.before ? Number(options.before) : all.length;
      const start = Math.max(0, end - (options?.limit ?? 50));
      return Promise.resolve({ messages: all.slice(start, end), nextBefore: start === 0 ? null : String(start) });
    },
    sendMessage: (_a, body) => {
      sends.push(body);
      return answer(body);
    },
    react: () => Promise.resolve({}),
    uploadAttachment: () => Promise.resolve({}),
    eventsUrl: () => '/kit/events',
    pollEvents: () => Promise.resolve({ events: [] }),
    ...overrides,
  };
  return { client, sends, answerWith: (fn: typeof answer) => (answer = fn) };
}

let n = 0;
const ids = () => `c${++n}`;

describe('createKitStore', () => {
  it('explains missing options', () => {
    expect(() => createKitStore({ accountId: ACCOUNT } as never)).toThrow(/client/);
    expect(() => createKitStore({ client: fakeClient().client, accountId: '' })).toThrow(/accountId/);
  });

  it('loads conversations and reports errors as state', async () => {
    const ok = createKitStore({ client: fakeClient().client, accountId: ACCOUNT });
    await ok.getState().loadConversations();
    expect(ok.getState().conversationIds).toHaveLength(3);
    const bad = createKitStore({
      client: fakeClient({ listConversations: () => Promise.reject(new KitClientError({ code: 'unauthorized', message: 'no', status: 401, retryable: false, category: 'auth' })) }).client,
      accountId: ACCOUNT,
    });
    await bad.getState().loadConversations();
    expect(bad.getState()).toMatchObject({ conversationsStatus: 'error', conversationsError: { code: 'unauthorized', retryable: false } });
  });

  it('loads a thread then older pages until the beginning', async () => {
    const store = createKitStore({ client: fakeClient().client, accountId: ACCOUNT });
    await store.getState().loadThread(CID);
    expect(store.getState().threads[CID]).toMatchObject({ status: 'ready', nextBefore: '70' });
    expect(store.getState().threads[CID]!.ids[0]).toBe('m70');
    await store.getState().loadOlder(CID);
    await store.getState().loadOlder(CID);
    const t = store.getState().threads[CID]!;
    expect(t.ids).toHaveLength(120);
    expect(t.ids[0]).toBe('m0');
    expect(t.nextBefore).toBeNull();
    await store.getState().loadOlder(CID); // at the beginning: nothing happens
    expect(store.getState().threads[CID]!.loadingOlder).toBe(false);
  });

  it('sends optimistically, then takes the proxy status', async () => {
    const { client, sends, answerWith } = fakeClient();
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids, now: () => Date.UTC(2026, 10, 22) });
    store.getState().seedConversations(CONVERSATIONS);
    let resolve!: (r: KitSendRecord) => void;
    answerWith(() => new Promise((r) => (resolve = r)));
    const done = store.getState().send(CID, { text: 'hello', tag: 'HUMAN_AGENT' });
    const t = store.getState().threads[CID]!;
    const clientId = sends[0]!.clientId;
    expect(t.ids).toEqual([`local:${clientId}`]);
    expect(t.byId.get(`local:${clientId}`)).toMatchObject({ status: 'sending', text: 'hello', direction: 'outbound', tag: 'HUMAN_AGENT' });
    expect(sends[0]).toEqual({ to: CUSTOMER, clientId, text: 'hello', tag: 'HUMAN_AGENT' });
    resolve({ clientId, status: 'sent', messageId: 'mid.9' });
    await done;
    expect(store.getState().threads[CID]!.ids).toEqual(['mid.9']);
    expect(store.getState().threads[CID]!.byId.get('mid.9')!.status).toBe('sent');
    expect(store.getState().conversations[CID]!.lastMessage).toMatchObject({ id: 'mid.9', text: 'hello', status: 'sent' });
  });

  it('a network failure retries with the same clientId (the proxy deduplicates it)', async () => {
    const { client, sends, answerWith } = fakeClient();
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids });
    answerWith(() => Promise.reject(new KitClientError({ code: 'network', message: 'offline', status: 0, retryable: true, category: 'network' })));
    const clientId = await store.getState().send(CID, { text: 'x' });
    const failed = store.getState().threads[CID]!.byId.get(`local:${clientId}`)!;
    expect(failed).toMatchObject({ status: 'failed', statusReason: { category: 'network', retryable: true } });
    answerWith((b) => Promise.resolve({ clientId: b.clientId, status: 'queued' }));
    await store.getState().retry(CID, clientId);
    expect(sends.map((s) => s.clientId)).toEqual([clientId, clientId]);
    expect(store.getState().threads[CID]!.byId.get(`local:${clientId}`)!.status).toBe('queued');
  });

  it('an answered failure or an uncertain send is resent under a new clientId, keeping the row', async () => {
    const { client, sends, answerWith } = fakeClient();
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids });
    answerWith((b) => Promise.resolve({ clientId: b.clientId, status: 'uncertain', reason: { code: 'timeout', message: 'timed out', category: 'network' } }));
    const clientId = await store.getState().send(CID, { text: 'y' });
    expect(store.getState().threads[CID]!.byId.get(`local:${clientId}`)!.status).toBe('uncertain');
    answerWith((b) => Promise.resolve({ clientId: b.clientId, status: 'sent', messageId: 'mid.y' }));
    await store.getState().retry(CID, clientId);
    expect(sends).toHaveLength(2);
    expect(sends[1]!.clientId).not.toBe(clientId);
    expect(store.getState().threads[CID]!.ids).toEqual(['mid.y']);
  });

  it('discard removes a failed message but never a sent one', async () => {
    const { client, answerWith } = fakeClient();
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids });
    answerWith(() => Promise.reject(new KitClientError({ code: 'window_closed', message: 'closed', status: 403, retryable: false, category: 'window' })));
    const failed = await store.getState().send(CID, { text: 'a' });
    expect(store.getState().threads[CID]!.byId.get(`local:${failed}`)!.statusReason).toMatchObject({ category: 'window', code: 'window_closed' });
    answerWith((b) => Promise.resolve({ clientId: b.clientId, status: 'sent', messageId: 'mid.s' }));
    const sent = await store.getState().send(CID, { text: 'b' });
    store.getState().discard(CID, failed);
    store.getState().discard(CID, sent);
    expect(store.getState().threads[CID]!.ids).toEqual(['mid.s']);
  });

  it('live send_status events move an optimistic send forward', async () => {
    const { client } = fakeClient();
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids });
    const clientId = await store.getState().send(CID, { sticker: 'like_heart' });
    expect(store.getState().threads[CID]!.byId.get(`local:${clientId}`)!.attachments).toEqual([{ type: 'like_heart' }]);
    store.getState().applyEvent({ type: 'send_status', accountId: ACCOUNT, conversationId: CID, at: 2, clientId, status: 'failed', reason: { code: 'graph_551', message: 'unavailable', category: 'recipient_unavailable' } });
    expect(store.getState().threads[CID]!.byId.get(`local:${clientId}`)).toMatchObject({ status: 'failed', statusReason: { code: 'graph_551' } });
  });

  it('reacts optimistically and rolls back when the proxy refuses', async () => {
    const { client } = fakeClient({ react: () => Promise.reject(new KitClientError({ code: 'bad', message: 'no', status: 400, retryable: false, category: 'validation' })) });
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedThread(CID, thread(2));
    const p = store.getState().react(CID, 'm1', 'love');
    expect(store.getState().threads[CID]!.byId.get('m1')!.reactions).toEqual([expect.objectContaining({ by: 'business', reaction: 'love' })]);
    await expect(p).rejects.toThrow('no');
    expect(store.getState().threads[CID]!.byId.get('m1')!.reactions).toEqual([]);
  });
});

describe('reloadAll', () => {
  it('reloads the list and every loaded thread, keeping pending sends', async () => {
    const calls: string[] = [];
    const { client } = fakeClient({
      listConversations: () => {
        calls.push('conversations');
        return Promise.resolve({ conversations: CONVERSATIONS });
      },
      listMessages: (_a, cid) => {
        calls.push(`messages ${cid}`);
        return Promise.resolve({ messages: thread(3), nextBefore: null });
      },
    });
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids, now: () => Date.UTC(2027, 0, 1) });
    await store.getState().loadConversations();
    await store.getState().loadThread(CID);
    const clientId = await store.getState().send(CID, { text: 'pending' });
    calls.length = 0;
    await store.getState().reloadAll();
    expect(calls.sort()).toEqual(['conversations', `messages ${CID}`]);
    expect(store.getState().threads[CID]!.ids).toEqual(['m0', 'm1', 'm2', `local:${clientId}`]);
  });
});

describe('markRead', () => {
  it('clears the unread count at once and takes the proxy answer; restores it when the proxy refuses', async () => {
    const ok = fakeClient({ markRead: () => Promise.resolve({ conversation: { ...CONVERSATIONS[0]!, unreadCount: 0, updatedAt: 5 } }) });
    const store = createKitStore({ client: ok.client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    const p = store.getState().markRead(CID);
    expect(store.getState().conversations[CID]!.unreadCount).toBe(0);
    await p;
    expect(store.getState().conversations[CID]!.updatedAt).toBe(5);

    const bad = fakeClient({ markRead: () => Promise.reject(new KitClientError({ code: 'forbidden', message: 'no', status: 403, retryable: false, category: 'permission' })) });
    const store2 = createKitStore({ client: bad.client, accountId: ACCOUNT });
    store2.getState().seedConversations(CONVERSATIONS);
    await store2.getState().markRead(CID);
    expect(store2.getState().conversations[CID]!.unreadCount).toBe(2);
  });
});

describe('the proxy send answer', () => {
  it('takes { message } as the proxy answers it: status, Graph id and reason', async () => {
    const { client, answerWith } = fakeClient();
    const store = createKitStore({ client, accountId: ACCOUNT, newClientId: ids, now: () => Date.UTC(2027, 0, 1) });
    answerWith((b) =>
      Promise.resolve({
        message: { ...thread(1)[0]!, id: 'mid.proxy', direction: 'outbound', clientId: b.clientId, text: 'hi', status: 'sent', createdAt: Date.UTC(2027, 0, 1) },
      }),
    );
    await store.getState().send(CID, { text: 'hi' });
    expect(store.getState().threads[CID]!.ids).toEqual(['mid.proxy']);
    expect(store.getState().threads[CID]!.byId.get('mid.proxy')!.status).toBe('sent');

    answerWith((b) =>
      Promise.resolve({
        message: { ...thread(1)[0]!, id: `local:${b.clientId}`, direction: 'outbound', clientId: b.clientId, text: 'x', status: 'uncertain', statusReason: { code: 'timeout', message: 'Graph did not answer', category: 'network' }, createdAt: Date.UTC(2027, 0, 1, 0, 1) },
      }),
    );
    const c2 = await store.getState().send(CID, { text: 'x' });
    expect(store.getState().threads[CID]!.byId.get(`local:${c2}`)).toMatchObject({ status: 'uncertain', statusReason: { code: 'timeout' } });
  });
});
