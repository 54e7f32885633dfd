import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_APP_ID, META_INBOX_APP_ID } from './routing';
import { PAGE, startHarness, type Harness, type Json } from './test/harness';

const OURS = DEFAULT_SANDBOX_APP_ID;
const BOT = '555000111222333';

let h: Harness;
let giulia: string;
beforeEach(async () => {
  h = await startHarness();
  giulia = h.sandbox.customer.create({ accountId: PAGE.id, username: 'giulia' }).id;
  h.sandbox.customer.text(giulia, 'Ciao!');
  await h.sandbox.flush();
});
afterEach(async () => {
  await h.close();
});

const send = (body: Record<string, unknown> = {}) => h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: giulia }, message: { text: 'Hello' }, ...body } });
const control = (edge: string, body: Record<string, unknown> = {}) => h.graph('POST', `/v26.0/${PAGE.id}/${edge}`, { body: { recipient: { id: giulia }, ...body } });
const owner = async () => (await h.graph('GET', `/v26.0/${PAGE.id}/thread_owner`, { query: { recipient: giulia } })).body;
const entries = (): Json[] => h.receiver.posts.flatMap((p) => p.body.entry);
const handovers = (): Json[] => entries().flatMap((e: Json) => e.messaging ?? []).filter((m: Json) => m.take_thread_control || m.pass_thread_control || m.request_thread_control);

describe('Conversation Routing', () => {
  it('another app takes the thread: messaging_handover arrives, sends fail with 2018300, the thread\'s events move to standby', async () => {
    expect(await owner()).toEqual({ data: [{ thread_owner: { app_id: OURS } }] });
    h.sandbox.routing.take(giulia, META_INBOX_APP_ID, 'agent picked it up');
    await h.sandbox.flush();
    expect(handovers().at(-1)).toMatchObject({
      sender: { id: giulia },
      recipient: { id: PAGE.igUserId },
      take_thread_control: { previous_owner_app_id: OURS, new_owner_app_id: META_INBOX_APP_ID, metadata: 'agent picked it up' },
    });
    const refused = await send();
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 10, error_subcode: 2018300 });
    const typing = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: giulia }, sender_action: 'typing_on' } });
    expect(typing.body.error).toMatchObject({ error_subcode: 2018300 });

    h.sandbox.customer.text(giulia, 'Are you there?');
    h.sandbox.routing.send(giulia, 'Hi, this is Meta inbox');
    await h.sandbox.flush();
    const standby = entries().flatMap((e: Json) => e.standby ?? []);
    expect(standby.map((m: Json) => m.message.text)).toEqual(['Are you there?', 'Hi, this is Meta inbox']);
    expect(standby[1].message).toMatchObject({ is_echo: true, app_id: META_INBOX_APP_ID });
    expect(h.receiver.messaging().map((m: Json) => m.message?.text).filter(Boolean)).not.toContain('Are you there?');
  });

  it('take_thread_control gives the thread back to the sandbox app; then it may send', async () => {
    h.sandbox.routing.take(giulia, BOT);
    expect(await owner()).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
    expect((await control('take_thread_control', { metadata: 'escalated' })).body).toEqual({ success: true });
    expect(await owner()).toEqual({ data: [{ thread_owner: { app_id: OURS } }] });
    expect((await send()).status).toBe(200);
    await h.sandbox.flush();
    expect(handovers().at(-1)).toMatchObject({ take_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: OURS, metadata: 'escalated' } });
  });

  it('pass and release need the thread (100/2534037 otherwise); pass goes to target_app_id, release to the default app', async () => {
    expect((await control('pass_thread_control', { target_app_id: BOT })).body).toEqual({ success: true });
    expect((await owner()).data[0].thread_owner.app_id).toBe(BOT);
    expect((await control('pass_thread_control', { target_app_id: BOT })).body.error).toMatchObject({ code: 100, error_subcode: 2534037 });
    expect((await control('release_thread_control')).body.error).toMatchObject({ code: 100, error_subcode: 2534037 });
    expect((await control('request_thread_control', { metadata: 'please' })).body).toEqual({ success: true });
    h.sandbox.routing.pass(giulia); // the bot hands it back
    expect((await owner()).data[0].thread_owner.app_id).toBe(OURS);
    expect((await control('request_thread_control')).body.error).toMatchObject({ code: 100 });
    await h.sandbox.flush();
    expect(handovers().map((m: Json) => Object.keys(m).find((k) => k.endsWith('_thread_control')))).toEqual(['pass_thread_control', 'pass_thread_control']);
  });

  it('another app asking for the thread arrives as request_thread_control', async () => {
    h.sandbox.routing.request(giulia, BOT, 'vip customer');
    await h.sandbox.flush();
    expect(handovers().at(-1)).toMatchObject({ request_thread_control: { requested_owner_app_id: BOT, metadata: 'vip customer' } });
  });

  it('thread_control on a send hands the thread over after the message', async () => {
    const res = await send({ thread_control: { control_type: 'pass', app_id: BOT } });
    expect(res.status).toBe(200);
    expect((await owner()).data[0].thread_owner.app_id).toBe(BOT);
    await h.sandbox.flush();
    expect(handovers().at(-1)).toMatchObject({ pass_thread_control: { previous_owner_app_id: OURS, new_owner_app_id: BOT } });
    expect((await send({ thread_control: { control_type: 'sideways' } })).body.error).toMatchObject({ code: 100 });
  });

  it('a send cannot take a thread: only control_type pass is documented, and a non-holder\'s send fails whatever it carries', async () => {
    h.sandbox.routing.take(giulia, BOT);
    for (const control_type of ['take', 'release']) {
      expect((await send({ thread_control: { control_type } })).body.error).toMatchObject({ code: 100, message: expect.stringContaining('must be one of {pass}') });
    }
    expect((await send({ thread_control: { control_type: 'pass' } })).body.error).toMatchObject({ error_subcode: 2018300 });
    expect((await owner()).data[0].thread_owner.app_id).toBe(BOT);
  });

  it('conversations report is_owner', async () => {
    const list = async () => (await h.graph('GET', `/v26.0/${PAGE.id}/conversations`, { query: { platform: 'instagram', fields: 'id,is_owner' } })).body.data[0];
    expect((await list()).is_owner).toBe(true);
    h.sandbox.routing.take(giulia);
    expect((await list()).is_owner).toBe(false);
  });

  it('an account without Conversation Routing refuses control calls and thread_control', async () => {
    await h.close();
    h = await startHarness({ accounts: [{ ...PAGE, conversationRouting: false }] });
    giulia = h.sandbox.customer.create({ accountId: PAGE.id, username: 'giulia' }).id;
    h.sandbox.customer.text(giulia, 'Ciao!');
    expect((await control('take_thread_control')).body.error).toMatchObject({ code: 100 });
    expect((await send({ thread_control: { control_type: 'pass' } })).body.error).toMatchObject({ code: 100 });
    expect((await send()).status).toBe(200);
  });
});
