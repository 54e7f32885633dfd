/**
 * The outbox methods the sending side added (lease renewal, listing by status/conversation),
 * run against every store like store.test.ts so memory, SQLite and Postgres cannot drift apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore } from './memory';
import { sqliteStore } from './sqlite';
import { throwawayPostgresStore } from '../test/postgres';
import type { NewOutboxSend, Store } from './types';

const dir = mkdtempSync(join(tmpdir(), 'kit-outbox-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const send = (clientId: string, createdAt: number, conversationId = 'acc:c1'): NewOutboxSend => ({
  accountId: 'acc',
  clientId,
  conversationId,
  to: conversationId.split(':')[1] as string,
  request: { content: { text: clientId } },
  createdAt,
});

describe.each([
  ['memory', () => memoryStore()],
  ['sqlite', () => sqliteStore({ file: join(dir, `o${++n}.db`) })],
  ['postgres', () => throwawayPostgresStore()],
] as [string, () => Store][])('%s outbox', (_name, make) => {
  let store: Store;
  beforeEach(() => {
    store = make();
  });
  afterEach(async () => {
    await store.close();
  });

  it('renews only the leases the owner still holds on unfinished sends, without touching the status', async () => {
    for (const [id, t] of [['a', 1], ['b', 2], ['c', 3]] as const) await store.insertSend(send(id, t));
    await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 2, now: 10 }); // a, b
    await store.updateSendStatus('acc', 'b', { status: 'sent', messageId: 'm', releaseLease: true, now: 11 });
    const held = await store.renewSendLeases('w1', [{ accountId: 'acc', clientId: 'a' }, { accountId: 'acc', clientId: 'b' }, { accountId: 'acc', clientId: 'c' }], 5000);
    expect(held).toEqual([{ accountId: 'acc', clientId: 'a' }]);
    expect(await store.getSendByClientId('acc', 'a')).toMatchObject({ status: 'queued', leaseOwner: 'w1', leaseUntil: 5000 });
    expect(await store.getSendByClientId('acc', 'b')).toMatchObject({ status: 'sent' });
    // The renewed lease keeps another worker away after the original lease would have expired.
    expect((await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 200 })).map((s) => s.clientId)).toEqual(['c']);
    expect(await store.renewSendLeases('w2', [{ accountId: 'acc', clientId: 'a' }], 9000)).toEqual([]);
  });

  it('lists sends oldest first by status and conversation', async () => {
    await store.insertSend(send('x2', 5, 'acc:c2'));
    await store.insertSend(send('x1', 4, 'acc:c1'));
    await store.insertSend(send('y1', 6, 'acc:c1'));
    await store.insertSend({ ...send('z', 1), accountId: 'other' });
    await store.claimNextSends({ owner: 'w', leaseMs: 100, limit: 10, now: 10, accountId: 'acc' });
    await store.updateSendStatus('acc', 'x1', { status: 'uncertain', now: 11, releaseLease: true });
    expect((await store.listSends({ accountId: 'acc', limit: 10 })).map((s) => s.clientId)).toEqual(['x1', 'x2', 'y1']);
    expect((await store.listSends({ accountId: 'acc', conversationId: 'acc:c1', limit: 10 })).map((s) => s.clientId)).toEqual(['x1', 'y1']);
    expect((await store.listSends({ accountId: 'acc', statuses: ['uncertain'], limit: 10 })).map((s) => s.clientId)).toEqual(['x1']);
    expect((await store.listSends({ accountId: 'acc', statuses: ['queued', 'sending'], conversationId: 'acc:c1', limit: 10 })).map((s) => s.clientId)).toEqual(['y1']);
    expect((await store.listSends({ accountId: 'acc', limit: 1 })).map((s) => s.clientId)).toEqual(['x1']);
  });
});
