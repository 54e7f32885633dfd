/**
 * Two instances on one Postgres schema, as real processes against the sandbox: Graph rejects the
 * account's token (190) on a send through instance A, and instance B stops sending for the account
 * too — before B itself ever meets the rejected token. When the token works again (A's probe
 * finds it healthy), B sends again.
 */
import { afterAll, expect, it } from 'vitest';
import { IG_ACCOUNT } from './test/harness';
import { postKit, startChildSandbox, startKitChild, stopKitChild, waitUntil, type KitChild } from './test/kit-process';
import { dropSchema, testSchema } from './test/postgres';

const schema = testSchema();
afterAll(() => dropSchema(schema));

async function statusOn(kit: KitChild): Promise<string> {
  const res = await fetch(`${kit.url}/accounts`);
  const body = (await res.json()) as { accounts: { id: string; status: string }[] };
  return body.accounts.find((a) => a.id === IG_ACCOUNT.id)?.status ?? 'missing';
}

it('Graph 190 seen by one instance stops the account on the other; a working token frees both', { timeout: 120_000 }, async () => {
  const { sandbox, graph, close } = await startChildSandbox();
  const env = { KIT_PG_SCHEMA: schema, KIT_GRAPH: graph.url };
  const [a, b] = (await Promise.all([startKitChild(env), startKitChild(env)])) as [KitChild, KitChild];
  try {
    sandbox.webhooks.setUrl(`${a.url}/webhook`);
    const customer = sandbox.customer.create({ accountId: IG_ACCOUNT.id, name: 'Reauth' });
    sandbox.customer.text(customer.id, 'Hi');
    await sandbox.flush();
    const graphSends = () => sandbox.inspect.requests().filter((r) => r.method === 'POST' && /\/messages$/.test(r.path)).length;
    const send = async (kit: KitChild, clientId: string) => {
      const res = await postKit(kit, `/accounts/${IG_ACCOUNT.id}/messages`, { to: customer.id, clientId, text: clientId });
      return { status: res.status, body: (await res.json()) as { message?: { status: string; statusReason?: { code: string; category: string } }; error?: { code: string } } };
    };
    await waitUntil('the conversation on B', async () => (await (await fetch(`${b.url}/accounts/${IG_ACCOUNT.id}/conversations`)).json()).conversations.length === 1);
    expect((await send(b, 'before')).body.message?.status).toBe('sent');
    expect(await statusOn(b)).toBe('connected');

    sandbox.accounts.revokeToken(IG_ACCOUNT.id);
    const rejected = await send(a, 'rejected-on-a');
    expect(rejected.body.message?.status).toBe('failed');
    expect(rejected.body.message?.statusReason).toMatchObject({ code: 'graph_190_458', category: 'auth' });

    // B has made no Graph call since the token was revoked, yet it knows (store + NOTIFY).
    const before = sandbox.inspect.requests().length;
    await waitUntil('B to learn the account needs re-authentication', async () => (await statusOn(b)) === 'needs_reauth', 10_000);
    expect(sandbox.inspect.requests().length, 'B learned it without calling Graph').toBe(before);
    const sendsSoFar = graphSends();
    const refused = await send(b, 'refused-on-b');
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('account_needs_reauth');
    expect(graphSends(), 'B sent nothing with the rejected token').toBe(sendsSoFar);

    // The host reconnects the account: A's next send probes, finds the token working, and B hears it.
    sandbox.accounts.restoreToken(IG_ACCOUNT.id);
    expect((await send(a, 'after-on-a')).body.message?.status).toBe('sent');
    await waitUntil('B to learn the account is connected again', async () => (await statusOn(b)) === 'connected', 10_000);
    expect((await send(b, 'after-on-b')).body.message?.status).toBe('sent');
  } finally {
    await Promise.all([stopKitChild(a.child), stopKitChild(b.child)]);
    await close();
  }
});
