/** The composed inbox at phone width: one pane at a time, nothing wider than 320 px. */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { mount } from '../test/browserMount';
import { CID, thread } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { Inbox } from './Inbox';

describe('Inbox at 320 px', () => {
  it('shows the list, then the thread with a back button, without horizontal overflow', async () => {
    const host = mount(
      <StoryKit threads={{ [CID]: thread(20) }}>
        <div style={{ height: '600px' }}>
          <Inbox now={STORY_NOW} flavor="page" />
        </div>
      </StoryKit>,
      { width: '320px' },
    );
    const inbox = host.querySelector<HTMLElement>('.kit-inbox')!;
    await expect.element(page.getByRole('option', { name: /Giulia Rossi/ })).toBeVisible();
    await expect.element(page.getByText('Choose a conversation to start.')).not.toBeVisible();
    await page.getByRole('option', { name: /Giulia Rossi/ }).click();
    await expect.element(page.getByRole('button', { name: 'Back to conversations' })).toBeVisible();
    await expect.element(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    expect(page.getByRole('option', { name: /Giulia Rossi/ }).query()).toBeNull();
    for (const el of inbox.querySelectorAll<HTMLElement>('*')) {
      expect(el.getBoundingClientRect().right, el.className).toBeLessThanOrEqual(inbox.getBoundingClientRect().right + 0.5);
    }
    await page.getByRole('button', { name: 'Back to conversations' }).click();
    await expect.element(page.getByRole('option', { name: /Giulia Rossi/ })).toBeVisible();
  });
});
