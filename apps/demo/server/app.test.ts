import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from './app';
import { SANDBOX_ACCOUNT } from './sandbox';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kit-demo-app-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('startDemo in sandbox mode', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ port: 0, dataDir: tempDir(), webDir: tempDir(), env: {}, logger: false });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('serves the proxy with the seeded conversations already imported when it resolves', async () => {
    const res = await fetch(`${demo.url}/kit/accounts/${SANDBOX_ACCOUNT.id}/conversations`);
    const body = (await res.json()) as { conversations: Array<{ window: string; consent?: { state: string }; customer?: { username?: string } }> };
    expect(body.conversations.map((c) => c.customer?.username).sort()).toEqual(
      ['alex.k', 'giulia.rossi', 'jonas.becker', 'lea.martin', 'priya.makes', 'samcarter_'].sort(),
    );
    expect(new Set(body.conversations.map((c) => c.window))).toEqual(new Set(['open', 'human_agent', 'closed']));
    expect(body.conversations.some((c) => c.consent?.state === 'opted_out')).toBe(true);
  });

  it('tells the web app where things are, without any token', async () => {
    const text = await (await fetch(`${demo.url}/demo/config`)).text();
    expect(JSON.parse(text)).toEqual({
      mode: 'sandbox',
      accountId: SANDBOX_ACCOUNT.id,
      flavor: 'page',
      accountName: SANDBOX_ACCOUNT.name,
      kitBaseUrl: '/kit',
      sandbox: { controlUrl: '/sandbox/__sandbox' },
    });
    const state = await (await fetch(`${demo.url}/sandbox/__sandbox/state`)).text();
    for (const leak of [text, state]) expect(leak).not.toContain(SANDBOX_ACCOUNT.token);
  });

  it('says how to build the web app when it is missing, and 404s unknown demo routes in JSON', async () => {
    const page = await fetch(`${demo.url}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/pnpm demo/);
    const missing = await fetch(`${demo.url}/demo/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('startDemo with a real Meta account', () => {
  let demo: Demo;
  const auth = `Basic ${Buffer.from('agent:s3cret-demo-password').toString('base64')}`;
  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      dataDir: tempDir(),
      webDir: tempDir(),
      logger: false,
      env: {
        META_APP_SECRET: 'app-secret',
        META_VERIFY_TOKEN: 'verify-me',
        // A made-up token: Meta (where reachable at all) refuses it, which nothing here depends on.
        META_ACCOUNTS: '[{"id":"1000000042","token":"EAA-not-a-real-token","flavor":"page"}]',
        PUBLIC_URL: 'https://inbox.example.com',
        DEMO_PASSWORD: 's3cret-demo-password',
      },
    });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('keeps the inbox behind the password', async () => {
    const anonymous = await fetch(`${demo.url}/kit/accounts`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${demo.url}/kit/accounts`, { headers: { authorization: `Basic ${Buffer.from('agent:guess').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${demo.url}/kit/accounts`, { headers: { authorization: auth } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).not.toContain('EAA-not-a-real-token');
  });

  it('answers Meta’s webhook handshake without the password (Meta cannot log in)', async () => {
    const res = await fetch(`${demo.url}/kit/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=4242`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('4242');
  });

  it('offers no sandbox', async () => {
    const config = (await (await fetch(`${demo.url}/demo/config`, { headers: { authorization: auth } })).json()) as { mode: string; sandbox: unknown };
    expect(config).toMatchObject({ mode: 'meta', sandbox: null });
    expect((await fetch(`${demo.url}/sandbox/__sandbox/state`, { headers: { authorization: auth } })).status).not.toBe(200);
  });
});
