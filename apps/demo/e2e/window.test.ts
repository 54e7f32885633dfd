/**
 * Instagram's messaging window, lived through with the simulator's time travel: the sandbox clock
 * is the demo's clock (sandbox, proxy and browser all read it), so "go silent for 25 h" moves the
 * conversation into the HUMAN_AGENT range and 8 more days close it — no waiting, no mocks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { GraphSandbox } from '@kit/sandbox';
import { startE2E, type E2E } from './harness';
import { composer, customerByUsername, messages, openConversation, simulator } from './helpers';

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

const windowBanner = () => page.locator('.kit-inbox__main').getByRole('region', { name: 'Messaging window' });
const composerBox = () => page.locator('.kit-inbox__main .kit-composer');

describe('messaging window', () => {
  it('after 25 h of silence switches to HUMAN_AGENT, and a confirmed send carries the tag', async () => {
    await windowBanner().and(page.locator('[data-state=open]')).waitFor();
    await simulator(page).getByRole('button', { name: 'Go silent for 25 h' }).click();

    await page.getByTestId('demo-clock').getByText('+1 d 1 h').waitFor();
    expect(sandbox.clock.offset()).toBe(25 * 3_600_000);
    await windowBanner().and(page.locator('[data-state=human_agent]')).waitFor();
    expect(await windowBanner().textContent()).toMatch(/Human agent only: 6 days left/);
    await composerBox().and(page.locator('[data-window=human_agent]')).waitFor();
    await page.locator('.kit-inbox__list .kit-conversation', { hasText: 'giulia.rossi' }).locator('.kit-window-chip[data-state=human_agent]').waitFor();

    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const text = 'Scusi il ritardo! La spedizione in Italia è gratuita. 🚚';
    await composer(page).fill(text);
    // The kit asks the agent to confirm they are a person before it uses the tag.
    await composer(page).press('Enter');
    expect(sandbox.inspect.sent({ recipientId: giulia.id }).some((s) => s.text === text)).toBe(false);
    await page.getByRole('checkbox', { name: /I am a person replying/ }).check();
    await page.locator('.kit-inbox__main').getByRole('button', { name: 'Send', exact: true }).click();

    await expect.poll(() => sandbox.inspect.sent({ recipientId: giulia.id }).filter((s) => s.text === text), { timeout: 15_000 }).toHaveLength(1);
    const record = sandbox.inspect.sent({ recipientId: giulia.id }).find((s) => s.text === text)!;
    expect(record.tag).toBe('HUMAN_AGENT');
    expect(record.messagingType).toBe('MESSAGE_TAG');
    await messages(page, text, 'outbound').locator('.kit-message-tag').waitFor();
  });

  it('after 8 more days the window is closed and the composer is disabled', async () => {
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const sentBefore = sandbox.inspect.sent({ recipientId: giulia.id }).length;
    await simulator(page).getByRole('button', { name: 'Go silent for 8 days' }).click();

    await page.getByTestId('demo-clock').getByText('+9 d 1 h').waitFor();
    await windowBanner().and(page.locator('[data-state=closed]')).waitFor();
    expect(await windowBanner().textContent()).toContain('The customer last wrote more than 7 days ago.');
    await composerBox().and(page.locator('[data-window=closed]')).waitFor();
    expect(await composer(page).isDisabled()).toBe(true);
    expect(await page.locator('.kit-inbox__main').getByRole('button', { name: 'Add photos, video, audio or PDF' }).isDisabled()).toBe(true);
    expect(sandbox.inspect.sent({ recipientId: giulia.id })).toHaveLength(sentBefore);
  });

  it('reopens the moment the customer writes again', async () => {
    const text = 'Ci sono ancora! Avete la borsa in rosso? ❤️';
    await simulator(page).getByLabel('Message from Giulia Rossi').fill(text);
    await simulator(page).getByRole('button', { name: 'Send as customer' }).click();
    await messages(page, text, 'inbound').waitFor();
    await windowBanner().and(page.locator('[data-state=open]')).waitFor();
    expect(await composer(page).isDisabled()).toBe(false);
  });
});
