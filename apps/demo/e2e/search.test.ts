/**
 * Conversation search in the demo, as an agent uses it: a customer wrote about something days ago,
 * forty messages back; the agent types a word of it and lands on that message in the thread.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DAY_MS } from '@kit/core';
import { SANDBOX_ACCOUNT } from '../server/sandbox';
import { screenshotPath, startE2E, type E2E } from './harness';
import { conversationRow, thread } from './helpers';

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.open();
  await conversationRow(page, 'giulia.rossi').waitFor();
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

/** Whether the element's box lies inside the thread's scroll viewport. */
async function inThreadViewport(p: Page, text: string): Promise<boolean> {
  return p.evaluate((t) => {
    const scroller = document.querySelector('.kit-inbox__thread .kit-thread-scroller');
    const row = [...document.querySelectorAll('.kit-inbox__thread .kit-message')].find((m) => m.textContent?.includes(t));
    if (!scroller || !row) return false;
    const s = scroller.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return r.height > 0 && r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
  }, text);
}

describe('conversation search in the demo', () => {
  it('finds a word of an old message and opens the thread scrolled to that message', async () => {
    const { customer, clock } = e2e.demo.sandbox!;
    const marco = customer.create({ accountId: SANDBOX_ACCOUNT.id, name: 'Marco Bianchi', username: 'marco.bianchi' });
    const start = clock.now() - 3 * DAY_MS;
    customer.history(start, () => customer.text(marco.id, 'Il mio ombrellone a righe è arrivato con un buco, posso cambiarlo?'), { webhooks: true });
    for (let i = 1; i <= 40; i++) {
      customer.history(start + i * 60_000, () => (i % 2 ? customer.text(marco.id, `Messaggio numero ${i}`) : customer.appReply(marco.id, `Risposta numero ${i}`)), { webhooks: true });
    }
    // The kit stores (and indexes) what the sandbox delivers: wait until the last one is in.
    const kit = `${e2e.demo.url}/kit/accounts/${SANDBOX_ACCOUNT.id}/conversations`;
    await expect
      .poll(async () => ((await (await fetch(`${kit}?q=${encodeURIComponent('risposta 40')}`)).json()) as { conversations: unknown[] }).conversations.length, { timeout: 20_000 })
      .toBe(1);

    // `/` from the list focuses the search box; the word is from the oldest message.
    await conversationRow(page, 'giulia.rossi').focus();
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search conversations' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('ombrellone');
    const result = page.getByRole('listbox', { name: 'Search results' }).getByRole('option', { name: /Marco Bianchi/ });
    await result.waitFor();
    expect(await result.locator('mark').allTextContents()).toEqual(['ombrellone']);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await thread(page).waitFor();
    await expect.poll(() => inThreadViewport(page, 'ombrellone a righe'), { timeout: 15_000 }).toBe(true);
    // Opened at the old message, not at the newest.
    expect(await inThreadViewport(page, 'Risposta numero 40')).toBe(false);
    await page.screenshot({ path: screenshotPath('search-opened-at-old-message.png') });
  });
});
