/**
 * Quick replies and cards, both ways, in the demo: the agent sends a button template and a text
 * with quick replies from the composer's "Quick replies and cards" panel; "Instagram" (the
 * sandbox) receives them in Graph's shape; the customer taps a quick reply and a card button in
 * the simulator, and each tap shows in the agent's open thread live — the quick reply as the
 * customer's message, the button as a "tapped" row. Ice breakers set in the Operator view's
 * settings likewise.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { GraphSandbox } from '@kit/sandbox';
import { screenshotPath, startE2E, type E2E } from './harness';
import { composer, customerByUsername, messages, openConversation, simulator, thread } from './helpers';

let e2e: E2E;
let sandbox: GraphSandbox;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  sandbox = e2e.demo.sandbox!;
  page = await e2e.open();
  await openConversation(page, 'giulia.rossi');
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

const panelToggle = () => page.locator('.kit-inbox__main').getByRole('button', { name: 'Quick replies and cards' });
const panel = () => page.getByRole('region', { name: 'Quick replies and cards' });

describe('quick replies and cards, agent → customer → agent', () => {
  it('the agent sends a button template and quick replies; the customer taps both in the simulator; each tap shows in the thread live', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const sent = () => sandbox.inspect.sent({ recipientId: giulia.id });
    const before = sent().length;

    // A button template, built in the panel's Card tab.
    await panelToggle().click();
    await panel().getByRole('button', { name: 'Card' }).click();
    await panel().getByRole('textbox', { name: /^Text/ }).fill('Your order #4411 has shipped. Anything to change?');
    const button = panel().getByRole('group', { name: 'Button 1' });
    await button.getByRole('textbox', { name: /^Title/ }).fill('Change address');
    await button.getByRole('textbox', { name: /^Payload/ }).fill('CHANGE_ADDRESS');
    await panel().getByRole('button', { name: 'Send card' }).click();
    await thread(page).locator('.kit-message[data-direction=outbound] .kit-template', { hasText: 'Your order #4411 has shipped.' }).waitFor();
    await expect.poll(() => sent().length, { timeout: 15_000 }).toBe(before + 1);
    expect(sent().at(-1)?.attachments[0]).toMatchObject({
      type: 'template',
      payload: { template_type: 'button', text: 'Your order #4411 has shipped. Anything to change?', buttons: [{ type: 'postback', title: 'Change address', payload: 'CHANGE_ADDRESS' }] },
    });

    // Quick replies under the composer's text.
    await composer(page).fill('Which size shall we send?');
    await panelToggle().click();
    const chip = panel().getByRole('textbox', { name: 'New quick reply' });
    await chip.fill('Size S');
    await chip.press('Enter');
    await chip.fill('Size M');
    await chip.press('Enter');
    await panel().getByRole('button', { name: 'Send with quick replies' }).click();
    await messages(page, 'Which size shall we send?', 'outbound').locator('..').getByText('Size M').first().waitFor();
    await expect.poll(() => sent().length, { timeout: 15_000 }).toBe(before + 2);
    expect(sent().at(-1)).toMatchObject({
      text: 'Which size shall we send?',
      quickReplies: [
        { content_type: 'text', title: 'Size S', payload: 'Size S' },
        { content_type: 'text', title: 'Size M', payload: 'Size M' },
      ],
    });

    // The customer taps "Size M": it reaches the thread as their message, live.
    const sim = simulator(page);
    await sim.getByRole('button', { name: 'Tap quick reply “Size M”' }).click();
    await messages(page, 'Size M', 'inbound').waitFor({ timeout: 15_000 });
    // A newer message dismissed the chips: nothing left to tap but the card's button.
    await expect.poll(() => sim.getByRole('button', { name: /^Tap quick reply/ }).count()).toBe(0);

    // …then taps the card's button: a "tapped" row in the thread, live.
    await sim.getByRole('button', { name: 'Tap button “Change address”' }).click();
    await thread(page).locator('.kit-system-row', { hasText: 'tapped “Change address”' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('structured-taps.png') });
  });

  it('the operator sets an ice breaker in the Operator view; the customer taps it in the simulator; the tap shows in the thread', async () => {
    const before = sandbox.inspect.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messenger_profile')).length;
    await page.getByRole('button', { name: 'Operator view' }).click();
    const settings = page.getByRole('region', { name: 'Instagram chat settings' });
    await settings.getByRole('button', { name: 'Add question' }).click();
    const question = settings.getByRole('group', { name: 'Question 1' });
    await question.getByRole('textbox', { name: /^Text/ }).fill('Where is my order?');
    await question.getByRole('textbox', { name: /^Payload/ }).fill('ICE_ORDER');
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText('Saved. Instagram may take a few minutes to show it.').waitFor();
    expect(sandbox.inspect.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messenger_profile')).length).toBe(before + 1);

    await page.getByRole('button', { name: 'Operator view' }).click(); // back to the simulator
    const sim = simulator(page);
    await sim.getByRole('button', { name: 'Tap ice breaker “Where is my order?”' }).click();
    await thread(page).locator('.kit-system-row', { hasText: 'tapped “Where is my order?”' }).waitFor({ timeout: 15_000 });
  });
});
