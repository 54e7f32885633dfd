/**
 * The loop the demo exists to show: a customer writes (from the simulator panel) and the agent
 * sees it live; the agent answers and "Instagram" (the sandbox) receives exactly what was typed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { GraphSandbox } from '@kit/sandbox';
import { startE2E, type E2E } from './harness';
import { composer, conversationRow, customerByUsername, messages, openConversation, simulator, thread } from './helpers';

let e2e: E2E;
let sandbox: GraphSandbox;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  sandbox = e2e.demo.sandbox!;
  // One agent, one page, one open conversation for the whole file, as a person would work.
  page = await e2e.open();
  await openConversation(page, 'giulia.rossi');
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

describe('customer → inbox', () => {
  it('shows what a customer writes in the simulator live in the open thread and the list', async () => {
    const sim = simulator(page);
    // The simulator follows the conversation the agent opened.
    await sim.getByRole('heading', { name: 'Write as Giulia Rossi' }).waitFor();
    const text = 'Ciao! Posso pagare alla consegna? 🙏 Grazie, a presto';
    await sim.getByLabel('Message from Giulia Rossi').fill(text);
    await sim.getByRole('button', { name: 'Send as customer' }).click();

    await messages(page, text, 'inbound').waitFor();
    await conversationRow(page, 'giulia.rossi').getByText(text.slice(0, 12)).waitFor();
    expect(await messages(page, text).count()).toBe(1);
    // And it went the real way: a signed webhook the sandbox delivered to /kit/webhook.
    const delivered = sandbox.inspect.webhooks().filter((w) => w.kind === 'event' && w.ok && w.body?.includes('Posso pagare'));
    expect(delivered.length).toBeGreaterThanOrEqual(1);
  });

  it('shows German text sent while another conversation is open as a new, unread row', async () => {
    const jonas = customerByUsername(sandbox, 'jonas.becker');
    const text = 'Grüß Gott! Die Lieferung ist endlich da – vielen Dank für Ihre Hilfe!';
    sandbox.customer.text(jonas.id, text);
    const row = conversationRow(page, 'jonas.becker');
    await row.getByText('Grüß Gott!', { exact: false }).waitFor();
    expect(await row.getAttribute('data-unread')).not.toBeNull();
    // Writing reopened the 24 h window.
    await row.locator('.kit-window-chip[data-state=open]').waitFor();
  });
});

describe('agent → Instagram', () => {
  it('sends emoji text and the sandbox receives exactly those bytes', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const text = 'Certo! 😊 Spediamo in 2–3 giorni 🇮🇹 👩🏽‍💻 — grazie!';
    await composer(page).fill(text);
    await composer(page).press('Enter');

    await expect.poll(() => sandbox.inspect.sent({ recipientId: giulia.id }).filter((s) => s.text === text), { timeout: 15_000 }).toHaveLength(1);
    const record = sandbox.inspect.sent({ recipientId: giulia.id }).find((s) => s.text === text)!;
    expect(Buffer.from(record.text!, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(record.textBytes).toBe(Buffer.byteLength(text, 'utf8'));
    // Inside the 24 h window: a plain reply, no tag (reference D8: messaging_type only for tagged sends).
    expect(record.tag).toBeUndefined();

    // One bubble, confirmed (the echo reconciled with the optimistic message, no duplicate).
    const bubble = messages(page, text, 'outbound');
    await bubble.and(page.locator('[data-state=sent], [data-state=delivered], [data-state=read]')).waitFor();
    expect(await bubble.count()).toBe(1);
    await expect.poll(() => composer(page).inputValue()).toBe('');
  });

  it('offers to split an over-limit text and the parts arrive in order, joined exactly', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const sentence = 'La nostra borsa in pelle è fatta a mano a Firenze 👜 e ogni pezzo è unico. ';
    const text = sentence.repeat(18).trim(); // ~1.4 KB: two parts
    const before = sandbox.inspect.sent({ recipientId: giulia.id }).length;
    await composer(page).fill(text);
    const main = page.locator('.kit-inbox__main');
    await main.locator('.kit-counter[data-state=over]').waitFor();
    // Enter does not send an over-limit text; the split offer does.
    await main.getByRole('button', { name: /^Send as \d+ messages$/ }).click();
    const preview = main.getByRole('region', { name: 'How the text will be split' });
    await preview.waitFor();
    const parts = await preview.locator('.kit-composer__part-text').allTextContents();
    expect(parts.length).toBeGreaterThanOrEqual(2);
    await preview.getByRole('button', { name: `Send ${parts.length} messages` }).click();

    await expect
      .poll(() => sandbox.inspect.sent({ recipientId: giulia.id }).slice(before), { timeout: 20_000 })
      .toHaveLength(parts.length);
    const got = sandbox.inspect.sent({ recipientId: giulia.id }).slice(before);
    expect(got.map((s) => s.text).join('')).toBe(text);
    for (const s of got) expect(s.textBytes!).toBeLessThanOrEqual(1000);
    // In the thread: the same parts, in the same order, once each.
    await expect
      .poll(() => thread(page).locator('.kit-message[data-direction=outbound] .kit-bubble').allTextContents().then((t) => t.slice(-got.length)))
      .toEqual(got.map((s) => s.text));
  });
});

describe('reactions and unsend', () => {
  it('sends the agent’s ❤️ reaction to the customer’s latest message', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const text = 'Mi mandate una foto del retro? 📸';
    const { mid } = sandbox.customer.text(giulia.id, text);
    await messages(page, text, 'inbound').waitFor();
    const bar = page.locator('.kit-inbox__react');
    await bar.getByRole('button', { name: /❤️|love/i }).first().click();
    await expect
      .poll(() => sandbox.inspect.actions({ recipientId: giulia.id }).filter((a) => a.action === 'react' && a.messageId === mid), { timeout: 15_000 })
      .toHaveLength(1);
    const action = sandbox.inspect.actions({ recipientId: giulia.id }).find((a) => a.messageId === mid)!;
    expect(action.reaction).toBe('love');
    await messages(page, text, 'inbound').locator('.kit-reaction[data-by=business]').waitFor();
  });

  it('shows a tombstone when the customer unsends, with the text gone from the page', async () => {
    const text = 'Scusate, messaggio sbagliato 🙈';
    const sim = simulator(page);
    await sim.getByLabel('Message from Giulia Rossi').fill(text);
    await sim.getByRole('button', { name: 'Send as customer' }).click();
    await messages(page, text, 'inbound').waitFor();
    await sim.getByText(`“${text}”`).waitFor(); // the simulator sees it as the latest own message
    await sim.getByRole('button', { name: 'Unsend latest message' }).click();

    await thread(page).locator('.kit-message[data-state=deleted]').last().waitFor();
    await expect.poll(() => messages(page, text).count()).toBe(0);
    for (const bubble of await thread(page).locator('.kit-message').allTextContents()) expect(bubble).not.toContain('messaggio sbagliato');
  });
});

describe('reload', () => {
  it('loses and duplicates nothing when the page is reloaded mid-conversation', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const mine = 'Prima del refresh ✅';
    await composer(page).fill(mine);
    await composer(page).press('Enter');
    await messages(page, mine, 'outbound').and(page.locator('[data-state=sent], [data-state=delivered], [data-state=read]')).waitFor();

    // The customer writes while the page is going away: whether the webhook lands before, during
    // or after the reload, the message must be there exactly once afterwards.
    const during = 'Durante il refresh 🔄 ci siete?';
    const reloading = page.reload();
    sandbox.customer.text(giulia.id, during);
    await reloading;

    // The open conversation comes back (it is in the URL) with both messages, once each.
    await messages(page, during, 'inbound').waitFor();
    await messages(page, mine, 'outbound').waitFor();
    expect(await messages(page, during).count()).toBe(1);
    expect(await messages(page, mine).count()).toBe(1);

    // What is rendered is exactly the tail of what the proxy stored, in order, without repeats.
    const rendered = await thread(page).locator('.kit-message').evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id')));
    expect(new Set(rendered).size).toBe(rendered.length);
    const conversationId = `${e2e.demo.accountId}:${giulia.id}`;
    const stored = await page.evaluate(async (cid) => {
      const res = await fetch(`/kit/accounts/${cid.split(':')[0]}/conversations/${encodeURIComponent(cid)}/messages?limit=100`);
      return ((await res.json()) as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
    }, conversationId);
    expect(rendered.length).toBeGreaterThan(2);
    expect(stored.slice(-rendered.length)).toEqual(rendered);

    // One row per conversation in the list.
    const rows = await page.locator('.kit-inbox__list [role=option]').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation-id')));
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows.length).toBe(sandbox.customer.list().length);

    // And the live stream is back: the next message arrives without another reload, once.
    const after = 'Dopo il refresh: tutto ok 👍';
    sandbox.customer.text(giulia.id, after);
    await messages(page, after, 'inbound').waitFor();
    expect(await messages(page, after).count()).toBe(1);
  });
});

describe('every simulator action', () => {
  it('reaches the inbox live for a customer added in the simulator', async () => {
    const sim = simulator(page);
    await sim.getByLabel("New customer's name").fill('Marta Bianchi');
    await sim.getByRole('button', { name: 'Add customer' }).click();
    await sim.getByRole('heading', { name: 'Write as Marta Bianchi' }).waitFor();
    const marta = customerByUsername(sandbox, 'marta.bianchi');
    const row = page.locator(`.kit-inbox__list [data-conversation-id="${e2e.demo.accountId}:${marta.id}"]`);

    // A new person appears as a new conversation the moment they write.
    await sim.getByLabel('Message from Marta Bianchi').fill('Buongiorno! Fate spedizioni in Svizzera?');
    await sim.getByRole('button', { name: 'Send as customer' }).click();
    await row.waitFor();
    await row.click();
    await messages(page, 'Fate spedizioni in Svizzera?', 'inbound').waitFor();

    const kinds: Array<[button: string, selector: string]> = [
      ['Photo', '.kit-attachment[data-kind=image]'],
      ['Video', '.kit-attachment[data-kind=video]'],
      ['Voice note', '.kit-attachment[data-kind=audio]'],
      ['File', '.kit-attachment[data-kind=file]'],
      ['Share a post', '.kit-attachment[data-kind=ig_post]'],
      ['Mention in story', '.kit-attachment[data-kind=story_mention]'],
    ];
    for (const [button, selector] of kinds) {
      const before = await thread(page).locator(selector).count();
      await sim.getByRole('button', { name: button, exact: true }).click();
      await expect.poll(() => thread(page).locator(selector).count(), { message: button }).toBe(before + 1);
    }

    // The business answers; the customer loves the answer.
    const reply = 'Sì, spediamo in tutta la Svizzera in 3 giorni.';
    await composer(page).fill(reply);
    await composer(page).press('Enter');
    await messages(page, reply, 'outbound').and(page.locator('[data-state=sent], [data-state=delivered], [data-state=read]')).waitFor();
    await sim.getByRole('button', { name: 'React Love' }).click();
    await messages(page, reply, 'outbound').locator('.kit-reaction[data-by=customer]').waitFor();

    // Opting out shows in the consent banner.
    await sim.getByRole('button', { name: 'Opt out', exact: true }).click();
    await page.locator('.kit-inbox__main .kit-banner[data-kind=consent][data-state=opted_out]').waitFor();
  });
});
