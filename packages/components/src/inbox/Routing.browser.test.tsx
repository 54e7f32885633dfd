/**
 * Conversation Routing in the inbox, in Chromium: while Meta Business Suite holds the open thread
 * the routing banner says so and the composer is off with the same reason; Take control gives the
 * composer back and offers Hand back; handing back locks it again. A screenshot of each state is
 * kept for people to look at.
 */
import type { ComponentType } from 'react';
import { composeStories } from '@storybook/react-vite';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../styles.css';
import { mount } from '../test/browserMount';
import * as stories from './Inbox.stories';

const { HeldByMetaInbox } = composeStories(stories);
const Story = HeldByMetaInbox as ComponentType;

describe('routing in the inbox', () => {
  it('locks the composer while Meta Business Suite holds the thread; Take control and Hand back switch it', async () => {
    await page.viewport(1000, 700);
    const host = mount(<Story />, { width: '1000px' });
    const text = () => host.querySelector('.kit-banner[data-kind=routing]')?.textContent ?? '';
    const banner = page.getByRole('region', { name: 'Who handles this conversation' });
    await expect.element(banner).toBeVisible();
    await expect.element(banner).toHaveAttribute('data-state', 'inbox');
    expect(text()).toContain('Meta Business Suite is handling this conversation');
    const input = page.getByRole('textbox', { name: 'Message' });
    await expect.element(input).toBeDisabled();
    await expect.element(input).toHaveAccessibleDescription(expect.stringContaining('Take control above to reply from here'));
    await page.screenshot({ path: '__screenshots__/routing-held-by-inbox.png' });

    await userEvent.click(page.getByRole('button', { name: 'Take control' }));
    await expect.element(input).toBeEnabled();
    await expect.element(banner).toHaveAttribute('data-state', 'taken');
    expect(text()).toContain('You are handling this conversation');
    await page.screenshot({ path: '__screenshots__/routing-taken.png' });

    await userEvent.click(page.getByRole('button', { name: 'Hand back' }));
    await expect.element(input).toBeDisabled();
    await expect.element(banner).toHaveAttribute('data-state', 'inbox');
  });
});
