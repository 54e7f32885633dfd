/**
 * Conversation Routing in the demo, lived through in Chromium: in the simulator another app (Meta
 * Business Suite) takes a customer's thread → the inbox's routing banner says so and the composer
 * is off → what that app writes shows in the thread (standby) → the agent takes control and
 * answers → hands the thread back → the other app returns it through the simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_SANDBOX_APP_ID, META_INBOX_APP_ID } from '@kit/sandbox';
import { screenshotPath, startE2E, type E2E } from './harness';
import { composer, conversationRow, customerByUsername, messages, openConversation, simulator } from './helpers';

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

describe('another app and the inbox share a thread', () => {
  it('Meta Business Suite takes the thread in the simulator; the agent takes control, answers, and hands it back', async () => {
    const sandbox = e2e.demo.sandbox!;
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    await openConversation(page, 'giulia.rossi');
    const banner = page.locator('.kit-inbox__main').getByRole('region', { name: 'Who handles this conversation' });
    expect(await banner.count()).toBe(0);

    await simulator(page).getByRole('button', { name: 'Meta Business Suite takes it' }).click();
    await banner.waitFor();
    await expect.poll(() => banner.getAttribute('data-state')).toBe('inbox');
    expect(await banner.textContent()).toContain('Meta Business Suite is handling this conversation');
    await expect.poll(() => composer(page).isDisabled()).toBe(true);
    expect(await page.locator('.kit-inbox__main .kit-composer__notice[data-kind=locked]').textContent()).toContain('Take control above to reply from here');
    expect(sandbox.routing.owner(giulia.id)).toBe(META_INBOX_APP_ID);

    // What the other app writes reaches the kit on standby and shows in the thread.
    await simulator(page).getByRole('button', { name: 'The other app replies' }).click();
    await messages(page, 'Hi, this is the other app', 'outbound').waitFor();
    await page.screenshot({ path: screenshotPath('routing-held-by-meta-inbox.png') });

    // Take control: Graph's take_thread_control, the composer is back, a send goes out.
    await banner.getByRole('button', { name: 'Take control' }).click();
    await expect.poll(() => sandbox.routing.owner(giulia.id)).toBe(DEFAULT_SANDBOX_APP_ID);
    await expect.poll(() => composer(page).isDisabled()).toBe(false);
    await expect.poll(() => banner.getAttribute('data-state')).toBe('taken');
    const text = 'A person from our team here: it ships tomorrow.';
    await composer(page).fill(text);
    await composer(page).press('Enter');
    await expect.poll(() => sandbox.inspect.sent({ recipientId: giulia.id }).filter((s) => s.text === text), { timeout: 15_000 }).toHaveLength(1);

    // Hand back: the thread returns to Meta Business Suite, the composer is off again.
    await banner.getByRole('button', { name: 'Hand back' }).click();
    await expect.poll(() => sandbox.routing.owner(giulia.id)).toBe(META_INBOX_APP_ID);
    await expect.poll(() => banner.getAttribute('data-state')).toBe('inbox');
    await expect.poll(() => composer(page).isDisabled()).toBe(true);

    // The other app hands it back in the simulator: the inbox may write again.
    await simulator(page).getByRole('button', { name: 'Hand it back to the inbox' }).click();
    await expect.poll(() => composer(page).isDisabled()).toBe(false);
    expect(sandbox.routing.owner(giulia.id)).toBe(DEFAULT_SANDBOX_APP_ID);
  });
});
