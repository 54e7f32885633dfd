import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IG, PAGE, startHarness, type Harness } from './test/harness';

let h: Harness;
let to: string;
beforeEach(async () => {
  h = await startHarness({ mediaFetchTimeoutMs: 100 });
  to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'e' }).id;
  h.sandbox.customer.text(to, 'hi');
});
afterEach(async () => {
  await h.close();
});

const post = (body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  h.graph('POST', '/v26.0/me/messages', { body, ...options });

describe('remaining Graph errors', () => {
  it('revoked token → 190/458', async () => {
    h.sandbox.accounts.revokeToken(PAGE.id);
    expect((await post({})).body.error).toMatchObject({ code: 190, error_subcode: 458 });
    h.sandbox.accounts.restoreToken(PAGE.id);
    expect((await post({ recipient: { id: to }, message: { text: 'ok' } })).status).toBe(200);
  });

  it('HUMAN_AGENT without the Human Agent feature → 10', async () => {
    await h.close();
    h = await startHarness({ accounts: [{ ...PAGE, humanAgent: false }, IG] });
    to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'e' }).id;
    h.sandbox.customer.text(to, 'hi');
    const res = await post({ recipient: { id: to }, message: { text: 'x' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(res.body.error).toMatchObject({ code: 10 });
    expect(res.body.error.message).toContain('Human Agent');
  });

  it('messaging_type checks: unknown value, MESSAGE_TAG without tag, tag with RESPONSE', async () => {
    expect((await post({ recipient: { id: to }, message: { text: 'x' }, messaging_type: 'PROMO' })).body.error.code).toBe(100);
    expect((await post({ recipient: { id: to }, message: { text: 'x' }, messaging_type: 'MESSAGE_TAG' })).body.error.message).toContain('tag');
    expect((await post({ recipient: { id: to }, message: { text: 'x' }, messaging_type: 'RESPONSE', tag: 'HUMAN_AGENT' })).body.error.code).toBe(100);
    expect((await post({ recipient: { id: to }, message: { text: 'x' }, messaging_type: 'RESPONSE' })).status).toBe(200);
  });

  it('missing recipient / message, empty text, bad JSON → 100', async () => {
    expect((await post({ message: { text: 'x' } })).body.error.message).toContain('recipient');
    expect((await post({ recipient: { id: to } })).body.error.message).toContain('message');
    expect((await post({ recipient: { id: to }, message: { text: '' } })).body.error.code).toBe(100);
    const bad = await post('{"recipient":', { headers: { 'content-type': 'application/json' } });
    expect(bad.body.error).toMatchObject({ code: 100 });
  });

  it('private replies (recipient.comment_id) → 100/2534025', async () => {
    expect((await post({ recipient: { comment_id: '178' }, message: { text: 'x' } })).body.error).toMatchObject({ code: 100, error_subcode: 2534025 });
  });

  it('unknown path → 2500; unsupported method on a node → 100/33', async () => {
    expect((await h.graph('GET', '/v26.0/me/messages/extra')).body.error).toMatchObject({ code: 2500 });
    expect((await h.graph('DELETE', '/v26.0/me')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('video URL that never finishes → 100/2018294; other media → 100/2018008', async () => {
    const slow: Server = createServer((_req, res) => {
      res.writeHead(200);
      res.write(Buffer.from([0, 0, 0, 24]));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v.mp4`;
    try {
      const video = await post({ recipient: { id: to }, message: { attachment: { type: 'video', payload: { url } } } });
      expect(video.body.error).toMatchObject({ code: 100, error_subcode: 2018294 });
      const image = await post({ recipient: { id: to }, message: { attachment: { type: 'image', payload: { url: url.replace('v.mp4', 'a.png') } } } });
      expect(image.body.error).toMatchObject({ code: 100, error_subcode: 2018008 });
    } finally {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });
});
