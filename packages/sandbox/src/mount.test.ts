import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createGraphSandbox } from './sandbox';
import { APP_SECRET, PAGE } from './test/harness';

describe('mounted inside another Express app', () => {
  it('serves Graph and control routes under the mount path; paging and media links include it', async () => {
    const sandbox = createGraphSandbox({ accounts: [PAGE], appSecret: APP_SECRET });
    const host = express();
    host.use('/graph', sandbox.app);
    const server = host.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graph`;
    try {
      // First request teaches the sandbox where it lives.
      const me = await fetch(`${base}/v26.0/me`, { headers: { authorization: `Bearer ${PAGE.token}` } });
      expect(await me.json()).toEqual({ name: PAGE.name, id: PAGE.id });
      for (let i = 0; i < 3; i++) sandbox.customer.text({ accountId: PAGE.id, id: `90${i}` }, 'hi');
      const photo = sandbox.customer.media('900', 'image');
      const url = (photo.event.message as { attachments: { payload: { url: string } }[] }).attachments[0]?.payload.url ?? '';
      expect(url.startsWith(`${base}/__sandbox/cdn/`)).toBe(true);
      expect((await fetch(url)).status).toBe(200);

      const list = await fetch(`${base}/v26.0/me/conversations?platform=instagram&limit=1`, { headers: { authorization: `Bearer ${PAGE.token}` } });
      const body = (await list.json()) as { paging: { next: string } };
      expect(body.paging.next.startsWith(`${base}/v26.0/me/conversations?`)).toBe(true);
      const state = await fetch(`${base}/__sandbox/state`);
      expect(((await state.json()) as { customers: unknown[] }).customers).toHaveLength(3);
      const bad = await fetch(`${base}/__sandbox/customers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Invalid request/);
    } finally {
      sandbox.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
