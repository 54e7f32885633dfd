/**
 * GET/POST /accounts/:id/profile against the sandbox over real HTTP: ice breakers and the
 * persistent menu reach Graph's `messenger_profile` in its per-locale shape, other locales set
 * elsewhere survive an edit, `[]` removes a list, every limit and unknown field is refused
 * before Graph, and the host's authorize() is asked for `profile.read` / `profile.write`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRUCTURED_LIMITS } from '@kit/core';
import { appsecretProof } from '../graph/client';
import { APP_SECRET, Recorder, type Harness } from '../test/harness';
import { IG_ACCOUNT, PAGE_ACCOUNT, postJson, startSendHarness } from '../test/send-kit';

const recorder = new Recorder();
let h: Harness;
const asked: string[] = [];

beforeAll(async () => {
  h = await startSendHarness({
    recorder,
    proxy: {
      authorize: (req, { action }) => {
        asked.push(action);
        return req.headers['x-role'] !== 'viewer' || action === 'profile.read';
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const profileCalls = () => h.sandbox.inspect.requests().filter((r) => r.path.endsWith('/messenger_profile'));
const getProfile = async (accountId: string) => (await h.call(`/accounts/${accountId}/profile`)).json as { profile: Record<string, unknown> };

describe.each([
  ['Instagram-Login account', IG_ACCOUNT.id],
  ['Page account', PAGE_ACCOUNT.id],
])('%s', (_name, accountId) => {
  it('sets ice breakers and the menu in Graph’s per-locale shape, reads them back, removes one with []', async () => {
    expect(await getProfile(accountId)).toEqual({ profile: { iceBreakers: [], persistentMenu: [], otherLocales: [] } });
    const iceBreakers = [
      { question: 'Where is my order?', payload: 'ORDER' },
      { question: 'Do you ship to Italy? 🇮🇹', payload: 'SHIPPING' },
    ];
    const persistentMenu = [
      { type: 'postback', title: 'Talk to a person', payload: 'HUMAN' },
      { type: 'web_url', title: 'Our shop', url: 'https://shop.example.com' },
    ];
    const set = await postJson(h, `/accounts/${accountId}/profile`, { iceBreakers, persistentMenu });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ profile: { iceBreakers, persistentMenu, otherLocales: [] } });
    const write = profileCalls().find((r) => r.method === 'POST' && r.status === 200)!;
    expect(write.body).toMatchObject({
      ice_breakers: [{ locale: 'default', call_to_actions: iceBreakers }],
      persistent_menu: [{ locale: 'default', call_to_actions: persistentMenu }],
    });
    expect(write.query).toMatchObject({ platform: 'instagram' });
    expect(await getProfile(accountId)).toEqual({ profile: { iceBreakers, persistentMenu, otherLocales: [] } });

    const removed = await postJson(h, `/accounts/${accountId}/profile`, { iceBreakers: [] });
    expect(removed.json).toEqual({ profile: { iceBreakers: [], persistentMenu, otherLocales: [] } });
    expect(profileCalls().at(-2)).toMatchObject({ method: 'DELETE', status: 200 });
  });
});

it('keeps the locales set elsewhere when the default ones change', async () => {
  const spanish = { locale: 'es_ES', call_to_actions: [{ question: '¿Dónde está mi pedido?', payload: 'ORDER' }] };
  const seeded = await fetch(`${h.sandboxServer.url}/instagram/v26.0/${IG_ACCOUNT.id}/messenger_profile?platform=instagram&appsecret_proof=${appsecretProof(IG_ACCOUNT.token, APP_SECRET)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${IG_ACCOUNT.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ice_breakers: [{ locale: 'default', call_to_actions: [{ question: 'Old', payload: 'OLD' }] }, spanish] }),
  });
  expect(seeded.status).toBe(200);
  expect((await getProfile(IG_ACCOUNT.id)).profile).toMatchObject({ iceBreakers: [{ question: 'Old', payload: 'OLD' }], otherLocales: ['es_ES'] });
  const res = await postJson(h, `/accounts/${IG_ACCOUNT.id}/profile`, { iceBreakers: [{ question: 'New', payload: 'NEW' }] });
  expect(res.json).toMatchObject({ profile: { iceBreakers: [{ question: 'New', payload: 'NEW' }], otherLocales: ['es_ES'] } });
  expect(profileCalls().filter((r) => r.method === 'POST').at(-1)?.body).toMatchObject({
    ice_breakers: [{ locale: 'default', call_to_actions: [{ question: 'New', payload: 'NEW' }] }, spanish],
  });
});

describe('refused before Graph', () => {
  const over = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
  it.each([
    ['five ice breakers', { iceBreakers: over(STRUCTURED_LIMITS.iceBreakersMax + 1, (i) => ({ question: `Q${i}`, payload: `P${i}` })) }, 'invalid_profile', 'iceBreakers'],
    ['a question over 80 characters', { iceBreakers: [{ question: 'x'.repeat(STRUCTURED_LIMITS.iceBreakerQuestionMaxChars + 1), payload: 'P' }] }, 'invalid_profile', 'iceBreakers[0].question'],
    ['a menu link that is not https', { persistentMenu: [{ type: 'web_url', title: 'Shop', url: 'http://shop.example.com' }] }, 'invalid_profile', 'persistentMenu[0].url'],
    ['a menu title over 30 characters', { persistentMenu: [{ type: 'postback', title: 'y'.repeat(STRUCTURED_LIMITS.menuItemTitleMaxChars + 1), payload: 'P' }] }, 'invalid_profile', 'persistentMenu[0].title'],
    ['an unknown top-level field', { iceBreakers: [], greeting: 'hi' }, 'unknown_field', 'greeting'],
    ['an unknown field in an ice breaker', { iceBreakers: [{ question: 'Q', payload: 'P', locale: 'it_IT' }] }, 'unknown_field', 'iceBreakers[0].locale'],
    ['nothing to change', {}, 'invalid_profile', ''],
  ])('%s', async (_name, body, code, field) => {
    const before = profileCalls().length;
    const res = await postJson(h, `/accounts/${IG_ACCOUNT.id}/profile`, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code });
    expect((res.json.error?.details as { field?: string } | undefined)?.field).toBe(field);
    expect(profileCalls().length).toBe(before);
  });

  it('refuses a query parameter on GET', async () => {
    const res = await h.call(`/accounts/${IG_ACCOUNT.id}/profile?fields=access_token`);
    expect(res.status).toBe(400);
    expect((res.json as { error: { code: string } }).error.code).toBe('unknown_field');
  });
});

it('asks authorize() for profile.read and profile.write', async () => {
  asked.length = 0;
  const viewer = { 'x-role': 'viewer', 'content-type': 'application/json', 'x-kit-request': '1' };
  expect((await h.call(`/accounts/${IG_ACCOUNT.id}/profile`, { headers: viewer })).status).toBe(200);
  const before = profileCalls().length;
  const denied = await h.call(`/accounts/${IG_ACCOUNT.id}/profile`, { method: 'POST', headers: viewer, body: JSON.stringify({ iceBreakers: [] }) });
  expect(denied.status).toBe(403);
  expect(profileCalls().length).toBe(before);
  expect(asked).toEqual(['profile.read', 'profile.write']);
});

it('keeps tokens out of every answer and log line', () => {
  for (const text of [...recorder.responses, ...recorder.logLines]) {
    expect(text).not.toContain(IG_ACCOUNT.token);
    expect(text).not.toContain(PAGE_ACCOUNT.token);
  }
});
