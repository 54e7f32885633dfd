/**
 * Saved replies over real HTTP (the kit mounted in a host app beside the sandbox): CRUD per
 * account, every body strict, templates checked with @kit/core's rule (unknown `{variables}`
 * named in a 400), a shortcut unique per account (409), and the host's authorize() asked for
 * `savedReplies.read` / `savedReplies.write`.
 */
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KitSavedReply } from '@kit/core';
import type { AuthorizeContext } from '../http/authorize';
import { IG_ACCOUNT, PAGE_ACCOUNT, Recorder, startHarness, type Harness } from '../test/harness';
import { JSON_HEADERS } from '../test/send-kit';

const recorder = new Recorder();
let h: Harness;
const asked: AuthorizeContext[] = [];

beforeAll(async () => {
  h = await startHarness({
    recorder,
    proxy: {
      // A read-only agent (header x-role: reader) may list but not change saved replies.
      authorize: (req: Request, ctx) => {
        asked.push(ctx);
        return !(req.get('x-role') === 'reader' && ctx.action !== 'savedReplies.read');
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const base = (accountId = IG_ACCOUNT.id) => `/accounts/${accountId}/saved-replies`;
type Answer = {
  status: number;
  json: {
    savedReply?: KitSavedReply;
    savedReplies?: KitSavedReply[];
    error?: { code: string; message: string; details?: Record<string, unknown> };
  };
};
const call = async (
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  const r = await h.call(path, {
    method,
    headers: { ...JSON_HEADERS, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: r.json as Answer['json'] };
};
const create = (body: unknown, accountId?: string) => call('POST', base(accountId), body);

describe('saved replies', () => {
  it('creates, lists by shortcut, edits and deletes, asking authorize() for each action', async () => {
    asked.length = 0;
    const thanks = await create({ shortcut: 'thanks', text: 'Thanks {first_name}, we are on it!' });
    expect(thanks.status).toBe(201);
    expect(thanks.json.savedReply).toMatchObject({
      accountId: IG_ACCOUNT.id,
      shortcut: 'thanks',
      text: 'Thanks {first_name}, we are on it!',
    });
    const hours = await create({ shortcut: 'hours', text: 'We answer 9–17, Monday to Friday.' });
    expect(hours.status).toBe(201);
    expect(asked).toEqual([
      { accountId: IG_ACCOUNT.id, action: 'savedReplies.write' },
      { accountId: IG_ACCOUNT.id, action: 'savedReplies.write' },
    ]);

    const list = await call('GET', base());
    expect(list.status).toBe(200);
    expect(list.json.savedReplies?.map((r) => r.shortcut)).toEqual(['hours', 'thanks']);
    expect(asked.at(-1)).toEqual({ accountId: IG_ACCOUNT.id, action: 'savedReplies.read' });

    const id = thanks.json.savedReply!.id;
    const edited = await call('PATCH', `${base()}/${id}`, { text: 'Thank you, {first_name} (@{username})!' });
    expect(edited.status).toBe(200);
    expect(edited.json.savedReply).toMatchObject({
      id,
      shortcut: 'thanks',
      text: 'Thank you, {first_name} (@{username})!',
    });
    const renamed = await call('PATCH', `${base()}/${id}`, { shortcut: 'ty' });
    expect(renamed.json.savedReply).toMatchObject({
      id,
      shortcut: 'ty',
      text: 'Thank you, {first_name} (@{username})!',
    });

    const gone = await h.call(`${base()}/${id}`, { method: 'DELETE', headers: JSON_HEADERS });
    expect(gone.status).toBe(204);
    expect((await call('GET', base())).json.savedReplies?.map((r) => r.shortcut)).toEqual(['hours']);
    expect((await call('DELETE', `${base()}/${id}`)).json.error?.code).toBe('saved_reply_not_found');
  });

  it('keeps accounts apart: another account neither lists nor edits nor deletes them, and may reuse a shortcut', async () => {
    const mine = await create({ shortcut: 'welcome', text: 'Welcome!' });
    const id = mine.json.savedReply!.id;
    expect((await call('GET', base(PAGE_ACCOUNT.id))).json.savedReplies?.some((r) => r.id === id)).toBe(false);
    expect((await call('PATCH', `${base(PAGE_ACCOUNT.id)}/${id}`, { text: 'hijacked' })).status).toBe(404);
    expect((await call('DELETE', `${base(PAGE_ACCOUNT.id)}/${id}`)).status).toBe(404);
    expect((await create({ shortcut: 'welcome', text: 'Benvenuto!' }, PAGE_ACCOUNT.id)).status).toBe(201);
    expect((await call('GET', base())).json.savedReplies?.find((r) => r.id === id)?.text).toBe('Welcome!');
  });

  it('answers 409 duplicate_shortcut for a shortcut the account already has, on create and on rename', async () => {
    await create({ shortcut: 'shipping', text: 'Shipping takes 2 days.' });
    const again = await create({ shortcut: 'shipping', text: 'Another' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'duplicate_shortcut', details: { field: 'shortcut' } });
    expect(again.json.error?.message).toContain('"shipping"');
    const other = await create({ shortcut: 'returns', text: 'Returns within 30 days.' });
    const rename = await call('PATCH', `${base()}/${other.json.savedReply!.id}`, { shortcut: 'shipping' });
    expect(rename.status).toBe(409);
    expect(rename.json.error?.code).toBe('duplicate_shortcut');
    expect(
      (await call('GET', base())).json.savedReplies?.filter((r) => r.shortcut === 'shipping').map((r) => r.text),
    ).toEqual(['Shipping takes 2 days.']);
  });

  it('refuses unknown {variables} with a 400 naming each, on create and on edit', async () => {
    const r = await create({ shortcut: 'greet', text: 'Hi {name}, I am {agent_name}. {first_name} {name}' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      code: 'unknown_variables',
      details: { field: 'text', variables: ['name', 'agent_name'] },
    });
    expect(r.json.error?.message).toContain('{name}, {agent_name}');
    expect(r.json.error?.message).toContain('{first_name}');
    const ok = await create({ shortcut: 'greet', text: 'Hi {first_name} — { } and {:-)} are plain text' });
    expect(ok.status).toBe(201);
    const edit = await call('PATCH', `${base()}/${ok.json.savedReply!.id}`, { text: 'Hi {FirstName}' });
    expect(edit.status).toBe(400);
    expect(edit.json.error?.details?.variables).toEqual(['FirstName']);
  });

  it('validates bodies strictly: unknown fields, bad shortcuts, empty or missing text, empty patches', async () => {
    const unknown = await create({ shortcut: 'x', text: 'y', tags: ['a'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.code).toBe('unknown_field');
    expect((await create({ shortcut: 'Two Words', text: 'y' })).json.error?.code).toBe('invalid_shortcut');
    expect((await create({ shortcut: 'ok', text: '   ' })).json.error?.code).toBe('invalid_text');
    expect((await create({ shortcut: 'ok', text: 'é'.repeat(2001) })).json.error?.code).toBe('invalid_text');
    expect((await create({ shortcut: 'ok' })).json.error?.code).toBe('invalid_text');
    const some = await create({ shortcut: 'valid', text: 'y' });
    const empty = await call('PATCH', `${base()}/${some.json.savedReply!.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.json.error?.message).toContain('`shortcut`, `text` or both');
    expect(
      (await call('PATCH', `${base()}/${some.json.savedReply!.id}`, { text: 'z', id: 'other' })).json.error?.code,
    ).toBe('unknown_field');
  });

  it('refuses a caller authorize() denies savedReplies.write, lets it read, and needs the CSRF header', async () => {
    const denied = await call('POST', base(), { shortcut: 'sneaky', text: 'no' }, { 'x-role': 'reader' });
    expect(denied.status).toBe(403);
    expect(denied.json.error?.message).toContain('savedReplies.write');
    expect((await call('GET', base(), undefined, { 'x-role': 'reader' })).status).toBe(200);
    const noCsrf = await h.call(base(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shortcut: 'a', text: 'b' }),
    });
    expect(noCsrf.status).toBe(403);
    expect((await call('GET', base())).json.savedReplies?.map((r) => r.shortcut)).not.toContain('sneaky');
    expect((await call('GET', base('999'))).json.error?.code).toBe('account_not_found');
    expect(recorder.leaks()).toEqual([]);
  });
});
