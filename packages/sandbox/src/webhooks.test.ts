import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { metaJson, signBody } from './webhooks';
import { APP_SECRET, PAGE, VERIFY_TOKEN, startHarness, type Harness } from './test/harness';

describe('metaJson', () => {
  it('escapes non-ASCII as lowercase \\uXXXX (astral chars as surrogate pairs) and / as \\/', () => {
    expect(metaJson({ t: 'äöå 😀 €', u: 'https://x/y' })).toBe('{"t":"\\u00e4\\u00f6\\u00e5 \\ud83d\\ude00 \\u20ac","u":"https:\\/\\/x\\/y"}');
    expect(JSON.parse(metaJson({ t: 'äöå 😀 €' }))).toEqual({ t: 'äöå 😀 €' });
  });
});

describe('webhook delivery', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('verifies the callback first (hub.mode/hub.verify_token/hub.challenge)', async () => {
    h.sandbox.customer.create({ accountId: PAGE.id, id: '555', username: 'v' });
    h.sandbox.customer.text('555', 'hi');
    await h.sandbox.flush();
    expect(h.receiver.verifications).toHaveLength(1);
    const q = h.receiver.verifications[0] as URLSearchParams;
    expect(q.get('hub.mode')).toBe('subscribe');
    expect(q.get('hub.verify_token')).toBe(VERIFY_TOKEN);
    expect(q.get('hub.challenge')).toMatch(/^\d+$/);
    expect(h.sandbox.inspect.webhooks({ kind: 'verification' })[0]?.ok).toBe(true);
  });

  it('signs the exact bytes sent, with non-ASCII text escaped like Meta', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'jürgen' });
    const text = 'Grüße aus Köln — 😀 ciao è però';
    h.sandbox.customer.text(c.id, text);
    await h.receiver.waitFor(1);
    const post = h.receiver.posts[0]!;
    const raw = post.raw.toString('latin1');
    // Only ASCII on the wire; the escapes are lowercase.
    expect(/^[\x20-\x7e]*$/.test(raw)).toBe(true);
    expect(raw).toContain('Gr\\u00fc\\u00dfe aus K\\u00f6ln \\u2014 \\ud83d\\ude00');
    const expected = `sha256=${createHmac('sha256', APP_SECRET).update(post.raw).digest('hex')}`;
    expect(post.signature).toBe(expected);
    // Re-serializing the parsed body gives different bytes, and a different signature.
    const reserialized = JSON.stringify(post.body);
    expect(signBody(reserialized, APP_SECRET)).not.toBe(post.signature);
    expect(post.body.object).toBe('instagram');
    expect(post.body.entry[0]?.id).toBe(PAGE.igUserId);
    expect(post.body.entry[0]?.messaging?.[0]).toMatchObject({ message: { text } });
    expect(String(post.body.entry[0]?.time)).toHaveLength(13);
  });

  it('batches events queued together into one POST', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'batch' });
    h.sandbox.customer.text(c.id, 'one');
    h.sandbox.customer.text(c.id, 'two');
    h.sandbox.customer.text(c.id, 'three');
    await h.sandbox.flush();
    expect(h.receiver.posts).toHaveLength(1);
    expect(h.receiver.messaging().map((m) => (m.message as { text: string }).text)).toEqual(['one', 'two', 'three']);
  });

  it('redelivers with backoff until the receiver answers 200', async () => {
    h.receiver.respond = (n) => (n <= 2 ? 500 : 200);
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'retry' });
    h.sandbox.customer.text(c.id, 'persist');
    await h.sandbox.idle();
    const attempts = h.sandbox.inspect.webhooks({ kind: 'event' });
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(h.receiver.messaging()).toHaveLength(1);
  });
});
