/**
 * Delivery under load and faults, against the sandbox over real HTTP: per-account rate limits
 * measured in the sandbox's own request log, fairness between accounts, per-customer order,
 * throttle backoff, every fault kind ending each send sent/failed/uncertain with nothing lost or
 * duplicated (uncertain sends that did go out are confirmed by their echo), and token errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '@kit/core';
import { memoryStore } from '../store/memory';
import type { OutboxSend } from '../store/types';
import { Recorder, type Harness } from '../test/harness';
import { IG_ACCOUNT, newClientId, openConversation, PAGE_ACCOUNT, postJson, send, sendRequests, startSendHarness } from '../test/send-kit';

const recorder = new Recorder();
let h: Harness;

beforeAll(async () => {
  h = await startSendHarness({ recorder, proxy: { outbox: { waitMs: 0 } } });
});
afterAll(async () => {
  await h?.close();
});

function maxInWindow(times: number[], interval: number): number {
  const t = [...times].sort((a, b) => a - b);
  let max = 0;
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    while ((t[i] as number) - (t[j] as number) >= interval) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

async function rows(accountId: string): Promise<OutboxSend[]> {
  return h.kit.store.listSends({ accountId, limit: 100_000 });
}

describe('claiming', () => {
  it('looks for a new send in its own account only, not in every configured account', async () => {
    // With many accounts, a sweep over all of them per send was one claim query per account per
    // send (100 accounts × 100 sends/s = 20,000 queries/s in bench/proxy/soak.mjs).
    const store = memoryStore();
    const claimedIn: (string | undefined)[] = [];
    const claim = store.claimNextSends.bind(store);
    store.claimNextSends = (o) => (claimedIn.push(o.accountId), claim(o));
    const hc = await startSendHarness({ recorder, proxy: { store, outbox: { pollMs: 600_000 } } });
    try {
      const { customerId } = await openConversation(hc, IG_ACCOUNT.id);
      await hc.kit.idle();
      claimedIn.length = 0;
      for (let i = 0; i < 3; i++) expect((await send(hc, IG_ACCOUNT.id, { to: customerId, clientId: newClientId('own'), text: `only mine ${i}` })).json.message?.status).toBe('sent');
      expect(claimedIn.length).toBeGreaterThanOrEqual(3);
      expect(new Set(claimedIn)).toEqual(new Set([IG_ACCOUNT.id]));
    } finally {
      await hc.close();
    }
  });
});

describe('claiming in the insert', () => {
  it('leases a send to this worker in its own insert when its conversation is free: no claim query before it goes, order kept behind it', async () => {
    const store = memoryStore();
    let claims = 0;
    const claim = store.claimNextSends.bind(store);
    store.claimNextSends = (o) => (claims++, claim(o));
    const hc = await startSendHarness({ recorder, proxy: { store, outbox: { pollMs: 600_000, waitMs: 0 } } });
    try {
      const { customerId } = await openConversation(hc, IG_ACCOUNT.id);
      await hc.kit.idle();
      // Graph answers slowly, so both sends are still open while we look at their rows.
      hc.sandbox.faults.set({ routes: ['send'], latencyMs: 300 });
      claims = 0;
      const first = await send(hc, IG_ACCOUNT.id, { to: customerId, clientId: newClientId('ins'), text: 'first' });
      expect(first.status).toBe(201);
      const row = await store.getSendByClientId(IG_ACCOUNT.id, first.json.message!.clientId!);
      expect(row?.leaseOwner, 'leased by its insert').toBeDefined();
      expect(claims, 'no claim query was needed').toBe(0);
      // Behind an unfinished send of the same customer: queued, not leased — it waits its turn.
      const second = await send(hc, IG_ACCOUNT.id, { to: customerId, clientId: newClientId('ins'), text: 'second' });
      const behind = await store.getSendByClientId(IG_ACCOUNT.id, second.json.message!.clientId!);
      expect([behind?.status, behind?.leaseOwner]).toEqual(['queued', undefined]);
      hc.sandbox.faults.set({});
      await hc.kit.idle();
      expect(hc.sandbox.inspect.sent({ recipientId: customerId }).map((m) => m.text)).toEqual(['first', 'second']);
      expect((await store.getSendByClientId(IG_ACCOUNT.id, second.json.message!.clientId!))?.status).toBe('sent');
    } finally {
      await hc.close();
    }
  });
});

describe('rate limits and fairness', () => {
  it('spreads a burst of 1,000 sends under the account’s limit in every 1 s window while another account’s sends flow', async () => {
    const customers = await Promise.all(Array.from({ length: 5 }, () => openConversation(h, IG_ACCOUNT.id)));
    const pageCustomer = await openConversation(h, PAGE_ACCOUNT.id);
    const burst = customers.flatMap((c, ci) => Array.from({ length: 200 }, (_, i) => ({ to: c.customerId, clientId: newClientId(`b${ci}`), text: `burst ${ci}/${i}` })));
    // Accept the burst (each answers `queued` at once: waitMs 0): the five customers in parallel,
    // each customer's messages one after another — parallel requests have no order to keep.
    const answers = await Promise.all(
      customers.map(async (c) => {
        const statuses: number[] = [];
        for (const b of burst.filter((x) => x.to === c.customerId)) statuses.push((await send(h, IG_ACCOUNT.id, b)).status);
        return statuses;
      }),
    );
    expect(answers.flat().filter((status) => status !== 201)).toEqual([]);
    // Meanwhile the Page account sends a few messages; they must not wait for the burst.
    const pageIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const clientId = newClientId('page');
      pageIds.push(clientId);
      await send(h, PAGE_ACCOUNT.id, { to: pageCustomer.customerId, clientId, text: `page ${i}` });
    }
    await h.kit.idle();

    const igRequests = sendRequests(h, IG_ACCOUNT.id).filter((r) => /^burst /.test(String((r.body as { message?: { text?: string } }).message?.text)));
    expect(igRequests).toHaveLength(1000);
    expect(igRequests.filter((r) => r.error)).toEqual([]); // no 613 from the sandbox
    expect(maxInWindow(igRequests.map((r) => r.at), 1000)).toBeLessThanOrEqual(RATE_LIMITS.text.limit);
    const burstRows = (await rows(IG_ACCOUNT.id)).filter((r) => burst.some((b) => b.clientId === r.clientId));
    expect(burstRows.every((r) => r.status === 'sent')).toBe(true);

    // Fairness: the Page account's sends all went out while the IG burst was still going.
    const pageSent = sendRequests(h, PAGE_ACCOUNT.id).map((r) => r.at);
    const igLast = Math.max(...igRequests.map((r) => r.at));
    expect(pageSent.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...pageSent)).toBeLessThan(igLast - 3000);

    // Order per customer is the order of acceptance.
    for (const [ci, c] of customers.entries()) {
      const texts = h.sandbox.inspect.sent({ recipientId: c.customerId }).map((s) => s.text);
      expect(texts).toEqual(Array.from({ length: 200 }, (_, i) => `burst ${ci}/${i}`));
    }
  }, 60_000);

  it('backs off when Meta throttles, and keeps the customer’s order', async () => {
    const { customerId } = await openConversation(h);
    h.sandbox.faults.once({ kind: 'rateLimit', route: 'send', count: 3 });
    const ids = [newClientId('t'), newClientId('t'), newClientId('t')];
    for (const [i, clientId] of ids.entries()) await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: `throttled ${i}` });
    await h.kit.idle();
    const first = await h.kit.store.getSendByClientId(IG_ACCOUNT.id, ids[0] as string);
    expect(first).toMatchObject({ status: 'sent', attempts: 4 });
    const reqs = sendRequests(h, IG_ACCOUNT.id).filter((r) => /^throttled/.test(String((r.body as { message?: { text?: string } }).message?.text)));
    expect(reqs.slice(0, 3).map((r) => r.error?.code)).toEqual([613, 613, 613]);
    expect(h.sandbox.inspect.sent({ recipientId: customerId }).map((s) => s.text)).toEqual(['throttled 0', 'throttled 1', 'throttled 2']);
  });
});

describe('faults', () => {
  it('ends every send sent or failed — uncertain ones confirmed by their echo or settled by a person — none lost, none duplicated, each customer in order, under 5xx, timeouts, resets, throttles and lost responses', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, () => openConversation(h, IG_ACCOUNT.id)));
    h.sandbox.faults.set({ routes: ['send'], errorRate: 0.15, timeoutRate: 0.05, timeoutMs: 100, resetRate: 0.05, rateLimitRate: 0.1, responseLostRate: 0.1 });
    const bodies = Array.from({ length: 120 }, (_, i) => ({ to: customers[i % 4]!.customerId, clientId: newClientId('f'), text: `fault ${i}` }));
    const ours = async () => (await rows(IG_ACCOUNT.id)).filter((r) => bodies.some((b) => b.clientId === r.clientId));
    const resolved: OutboxSend[] = [];
    try {
      const answers = await Promise.all(bodies.map((b) => send(h, IG_ACCOUNT.id, b)));
      expect(answers.every((a) => a.status === 201)).toBe(true);
      // Twice: the first pass ends with the last sends, whose echoes the second delivers and
      // reconciles (a lost response's send is uncertain until then).
      const settle = async () => {
        await h.settle();
        await h.settle();
      };
      await settle();
      // A conversation whose oldest unfinished send stays uncertain (no echo: it never reached
      // the customer) waits, its later sends queued. A person looks at the thread and resolves
      // it; with faults still on, a resend may turn uncertain again — repeat until none is left.
      for (let pass = 0; pass < 50; pass++) {
        const stuck = (await ours()).filter((r) => r.status === 'uncertain');
        if (stuck.length === 0) break;
        const waiting = (await ours()).filter((r) => r.status === 'queued' && stuck.some((u) => u.conversationId === r.conversationId));
        if (pass === 0) expect(waiting.length).toBeGreaterThan(0);
        for (const r of stuck) {
          const body = bodies.find((b) => b.clientId === r.clientId)!;
          const inThread = h.sandbox.inspect.sent({ recipientId: body.to }).some((d) => d.text === body.text);
          expect(inThread, `${r.clientId} went out but its echo did not confirm it`).toBe(false);
          const answer = await postJson(h, `/accounts/${IG_ACCOUNT.id}/sends/${r.clientId}/resolve`, { outcome: 'resend' });
          expect(answer.status).toBe(200);
          expect(answer.json.message?.status).toBe('queued');
          resolved.push(r);
        }
        await settle();
      }
    } finally {
      h.sandbox.faults.clear();
    }
    await h.settle();

    const all = await ours();
    expect(all).toHaveLength(120);
    const byStatus = (s: string) => all.filter((r) => r.status === s);
    expect(byStatus('queued').length + byStatus('sending').length + byStatus('uncertain').length).toBe(0);
    const delivered = bodies.flatMap((b) => h.sandbox.inspect.sent({ recipientId: b.to }).filter((s) => s.text === b.text));
    // Never twice.
    const texts = delivered.map((d) => d.text);
    expect(new Set(texts).size).toBe(texts.length);
    for (const r of all) {
      const body = bodies.find((b) => b.clientId === r.clientId)!;
      const out = delivered.find((d) => d.text === body.text);
      if (r.status === 'sent') expect(out?.mid, r.clientId).toBe(r.messageId);
      // Failed and uncertain sends did not go out: a send that did is always confirmed (by its
      // response, or by its echo after the response was lost).
      else expect(out, `${r.clientId} ${r.status}`).toBeUndefined();
    }
    const lost = delivered.filter((d) => d.responseLost);
    expect(lost.length).toBeGreaterThan(0);
    for (const d of lost) expect(all.find((r) => r.messageId === d.mid)?.status).toBe('sent');
    expect(resolved.length).toBeGreaterThan(0); // timeouts and resets after the request left
    for (const r of resolved) expect(['timeout', 'response_lost']).toContain(r.reason?.code);
    // Each customer got their messages in the order they were accepted, resends included.
    for (const c of customers) {
      const accepted = all.filter((r) => r.conversationId === c.conversationId && r.status === 'sent').sort((a, b) => a.createdAt - b.createdAt || (a.clientId < b.clientId ? -1 : 1));
      const texts = accepted.map((r) => bodies.find((b) => b.clientId === r.clientId)!.text);
      expect(h.sandbox.inspect.sent({ recipientId: c.customerId }).map((d) => d.text)).toEqual(texts);
    }
    // One message per send in the thread, never a duplicate.
    for (const c of customers) {
      const msgs = (await h.kit.store.listMessages(c.conversationId, { limit: 100 })).filter((m) => m.direction === 'outbound');
      const ids = msgs.map((m) => m.clientId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(msgs.every((m) => m.clientId !== undefined)).toBe(true);
    }
    // Retries happened only where safe: every 5xx/throttle was followed by another attempt of the same send.
    expect(byStatus('sent').length).toBeGreaterThan(80);
  }, 60_000);

  it('stops an account whose token is rejected, shows needs_reauth, and resumes once the token works', async () => {
    const { customerId } = await openConversation(h);
    h.sandbox.accounts.revokeToken(IG_ACCOUNT.id);
    try {
      const r = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId('auth'), text: 'token gone' });
      await h.kit.idle();
      const row = await h.kit.store.getSendByClientId(IG_ACCOUNT.id, r.json.message!.clientId!);
      expect(row).toMatchObject({ status: 'failed', reason: { category: 'auth', retryable: false } });
      expect(row?.attempts).toBe(1);
      const accounts = (await h.call('/accounts')).json as { accounts: { id: string; status: string }[] };
      expect(accounts.accounts.find((a) => a.id === IG_ACCOUNT.id)?.status).toBe('needs_reauth');
      const before = sendRequests(h, IG_ACCOUNT.id).length;
      const refused = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId('auth'), text: 'still gone' });
      expect(refused.status).toBe(409);
      expect(refused.json.error?.code).toBe('account_needs_reauth');
      expect(sendRequests(h, IG_ACCOUNT.id).length).toBe(before);
    } finally {
      h.sandbox.accounts.restoreToken(IG_ACCOUNT.id);
    }
    // The probe is rate-limited to one per 30 s: move our clock past it.
    h.sandbox.clock.advance(31_000);
    const ok = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId('auth'), text: 'back' });
    await h.kit.idle();
    expect((await h.kit.store.getSendByClientId(IG_ACCOUNT.id, ok.json.message!.clientId!))?.status).toBe('sent');
  });

  it('keeps tokens out of everything it showed', () => {
    expect(recorder.leaks()).toEqual([]);
  });
});
