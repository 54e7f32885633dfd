/**
 * Saved replies in the demo, as an agent uses them: the demo account starts with a few (seeded
 * through the kit's route), `/` in the composer offers them, Enter inserts one with the customer's
 * first name, and Instagram (the sandbox) receives the expanded text. A reply added in the
 * "Saved replies" panel is offered at once. Both screens pass axe.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath, startE2E, type E2E } from './harness';
import { axeViolations, composer, conversationRow, customerByUsername, openConversation } from './helpers';

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.open();
  await conversationRow(page, 'priya.makes').waitFor();
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

const listbox = () => page.locator('.kit-inbox__main').getByRole('listbox', { name: 'Saved replies' });

describe('saved replies in the demo', () => {
  it('/ inserts a saved reply with the customer’s first name, and the sandbox receives the expanded text', async () => {
    const priya = customerByUsername(e2e.demo.sandbox!, 'priya.makes');
    await openConversation(page, 'priya.makes');
    await composer(page).click();
    await composer(page).pressSequentially('/th');
    await expect
      .poll(() => listbox().getByRole('option').allTextContents())
      .toEqual(['/thanksThank you Priya! Anything else I can help you with?']);
    // Focus stays in the composer, which points at the active option.
    expect(await composer(page).evaluate((el) => el === document.activeElement)).toBe(true);
    const active = await composer(page).getAttribute('aria-activedescendant');
    expect(await listbox().getByRole('option', { selected: true }).getAttribute('id')).toBe(active);
    await page.screenshot({ path: screenshotPath('saved-reply-picker.png') });
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Enter');
    await expect.poll(() => composer(page).inputValue()).toBe('Thank you Priya! Anything else I can help you with?');
    expect(await listbox().count()).toBe(0);
    expect(e2e.demo.sandbox!.inspect.sent({ recipientId: priya.id }).map((s) => s.text)).not.toContain(
      'Thank you Priya! Anything else I can help you with?',
    );

    await page.keyboard.press('Enter');
    await expect
      .poll(() => e2e.demo.sandbox!.inspect.sent({ recipientId: priya.id }).map((s) => s.text), { timeout: 15_000 })
      .toContain('Thank you Priya! Anything else I can help you with?');
    expect(await composer(page).inputValue()).toBe('');
  });

  it('a reply added in the "Saved replies" panel is offered by / at once; an unknown variable is refused there', async () => {
    await page.getByRole('button', { name: 'Saved replies', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Saved replies settings' });
    await expect
      .poll(() => panel.locator('.kit-saved-settings__shortcut').allTextContents())
      .toEqual(['/hours', '/reserve', '/shipping', '/thanks']);

    await panel.getByRole('button', { name: 'Add saved reply' }).click();
    await panel.getByRole('textbox', { name: 'Shortcut' }).fill('welcome');
    await panel.getByRole('textbox', { name: 'Text' }).fill('Welcome {name}!');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('textbox', { name: 'Text' }).getAttribute('aria-invalid')).toBe('true');
    expect(await panel.getByText('Unknown variables: {name}.').count()).toBe(1);

    await panel.getByRole('textbox', { name: 'Text' }).fill('Welcome {first_name}, happy to help!');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => panel.locator('.kit-saved-settings__shortcut').allTextContents())
      .toEqual(['/hours', '/reserve', '/shipping', '/thanks', '/welcome']);
    await page.screenshot({ path: screenshotPath('saved-replies-settings.png') });
    expect(await axeViolations(page)).toEqual([]);

    await openConversation(page, 'priya.makes');
    await composer(page).click();
    await composer(page).pressSequentially('/we');
    await expect
      .poll(() => listbox().getByRole('option').allTextContents())
      .toEqual(['/welcomeWelcome Priya, happy to help!']);
    await page.keyboard.press('Escape');
    expect(await listbox().count()).toBe(0);
    expect(await composer(page).inputValue()).toBe('/we');
    await composer(page).fill('');
  });
});
