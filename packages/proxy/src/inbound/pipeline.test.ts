/** The inbound pipeline's scheduling, without HTTP: what runs when after a payload is saved. */
import { setImmediate as nextCheckPhase } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { memoryBus } from '../live/bus';
import { memoryStore } from '../store/memory';
import type { Store, StoreOps } from '../store/types';
import { InboundPipeline } from './pipeline';

const ACCOUNT = '17841400000000001';
const body = (mid: string) =>
  JSON.stringify({
    object: 'instagram',
    entry: [{ id: ACCOUNT, time: 1, messaging: [{ sender: { id: '990777' }, recipient: { id: ACCOUNT }, timestamp: 1_700_000_000_000, message: { mid, text: mid } }] }],
  });

describe('InboundPipeline', () => {
  it('leaves the I/O phase (the next acks) to run before it processes, and groups what arrived meanwhile', async () => {
    const inner = memoryStore();
    const transactions: number[] = [];
    const store = Object.assign(Object.create(inner) as Store, {
      transaction: <T>(fn: (tx: StoreOps) => Promise<T>) => {
        transactions.push(Date.now());
        return inner.transaction(fn);
      },
    });
    const pipeline = new InboundPipeline({ store, bus: memoryBus(), log: pino({ level: 'silent' }), resolveAccount: (id) => (id === ACCOUNT ? id : undefined), now: () => 1_700_000_000_000 });
    try {
      const first = await store.saveWebhook(body('mid-y1'), 1);
      pipeline.kick({ id: first, body: body('mid-y1') });
      // Microtasks only: nothing processed yet (an ack waiting in the poll phase would be starved).
      for (let i = 0; i < 20; i++) await Promise.resolve();
      expect(transactions).toHaveLength(0);
      // A second payload saved in the same turn joins the first one's transaction.
      const second = await store.saveWebhook(body('mid-y2'), 2);
      pipeline.kick({ id: second, body: body('mid-y2') });
      await nextCheckPhase();
      await pipeline.idle();
      expect(transactions).toHaveLength(1);
      expect(await store.getMessage(ACCOUNT, 'mid-y1')).toMatchObject({ text: 'mid-y1' });
      expect(await store.getMessage(ACCOUNT, 'mid-y2')).toMatchObject({ text: 'mid-y2' });
      expect(await store.listUnprocessedWebhooks(10)).toEqual([]);
    } finally {
      await pipeline.close();
      await store.close();
    }
  });
});
