/**
 * The demo's main screens: axe-core finds no accessibility violation on any of them (light and
 * dark, list and thread, the media picker, Italian), and screenshots of the inbox and the
 * simulator go to apps/demo/test-results/ for a person to look at.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath, startE2E, type E2E } from './harness';
import { axeViolations, openConversation, simulator } from './helpers';

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.open();
  await page.locator('.kit-inbox__list [role=option]').first().waitFor();
  await simulator(page).getByRole('combobox', { name: 'Customer' }).locator('option').first().waitFor({ state: 'attached' });
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

describe('main screens', () => {
  it('first screen (conversation list, simulator) has no axe violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an open conversation has no axe violations; screenshots of the inbox and the simulator', async () => {
    await openConversation(page, 'giulia.rossi');
    await page.locator('.kit-inbox__thread .kit-message').last().waitFor();
    await page.locator('.kit-inbox__thread img').first().evaluate((img: HTMLImageElement) => img.decode().catch(() => {}));
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.demo-inbox').screenshot({ path: screenshotPath('inbox.png') });
    await simulator(page).screenshot({ path: screenshotPath('simulator.png') });
    await page.screenshot({ path: screenshotPath('demo.png') });
  });

  it('the media picker dialog has no axe violations', async () => {
    await page.locator('.kit-inbox__main').getByRole('button', { name: 'Add photos, video, audio or PDF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send media' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('a HUMAN_AGENT-only conversation, in Italian and the dark theme, has no axe violations', async () => {
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.getByRole('combobox', { name: 'Inbox language' }).selectOption('it');
    await openConversation(page, 'jonas.becker');
    await page.locator('.kit-inbox__main .kit-banner[data-state=human_agent]').waitFor();
    await page.locator('html[data-theme=dark]').waitFor({ state: 'attached' });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('demo-dark-it.png') });
  });

  it('a closed conversation has no axe violations', async () => {
    await openConversation(page, 'samcarter_');
    await page.locator('.kit-inbox__main .kit-composer[data-window=closed]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
