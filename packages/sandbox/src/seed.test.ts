import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from './seed';
import { PAGE, startHarness, type Harness } from './test/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('seedDemo', () => {
  it('seeds conversations whose window states match what it reports, without webhooks', async () => {
    const seeded = seedDemo(h.sandbox, { accountId: PAGE.id });
    expect(seeded.map((s) => s.username)).toEqual(['giulia.rossi', 'jonas.becker', 'priya.makes', 'samcarter_', 'alex.k']);
    await h.sandbox.flush();
    expect(h.receiver.messaging()).toHaveLength(0);

    for (const s of seeded) {
      const plain = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: s.id }, message: { text: 'hello' } } });
      const tagged = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: s.id }, message: { text: 'hello' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } });
      const expected = { open: [200, 200], human_agent: [400, 200], closed: [400, 400] }[s.window];
      expect([plain.status, tagged.status], s.username).toEqual(expected);
    }

    h.sandbox.clock.advance(1000);
    const list = await h.graph('GET', '/v26.0/me/conversations', { query: { platform: 'instagram', fields: 'participants,messages{message,from}' } });
    expect(list.body.data).toHaveLength(5);
    const texts = JSON.stringify(list.body);
    expect(texts).toContain('Ciao!');
    expect(texts).toContain('Bestellung');
    expect(texts).not.toContain('sorry wrong chat'); // unsent
  });

  it('can deliver the history as webhooks with the original timestamps', async () => {
    const now = h.sandbox.clock.now();
    seedDemo(h.sandbox, { accountId: PAGE.id, webhooks: true });
    await h.sandbox.flush();
    const events = h.receiver.messaging();
    expect(events.length).toBeGreaterThan(10);
    expect(Math.min(...events.map((e) => e.timestamp as number))).toBeLessThan(now - 8 * 24 * 3600_000);
  });
});
