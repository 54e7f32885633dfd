/**
 * The kit's dialogs (media picker, image lightbox) cover everything under them: with the inbox
 * open and its window banner pinned (`position: sticky` with a z-index of its own), every point
 * of the viewport hit-tests to the dialog or its backdrop — nothing of the page is drawn above
 * the backdrop. A screenshot of each is kept for people to look at.
 */
import type { ComponentType } from 'react';
import { composeStories } from '@storybook/react-vite';
import { afterAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../styles.css';
import { mount } from '../test/browserMount';
import { CID, everyKind } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { Inbox } from './Inbox';
import * as stories from './Inbox.stories';

async function waitFor<T>(find: () => T | null): Promise<T | null> {
  for (let i = 0; i < 100; i++) {
    const found = find();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

const { ConversationOpen } = composeStories(stories);
const Story = ConversationOpen as ComponentType;

/** Elements hit at a 24 × 16 grid of points that are neither the dialog nor its backdrop. */
function uncovered(dialogSelector: string, backdropSelector: string): string[] {
  // A modal Radix dialog sets pointer-events: none on the page behind it, and hit testing skips
  // such elements — which would hide exactly what we look for. Hit-test by paint order instead.
  const paintOrder = document.createElement('style');
  paintOrder.textContent = '* { pointer-events: auto !important; }';
  document.head.append(paintOrder);
  const out = new Set<string>();
  for (let x = 2; x < innerWidth; x += innerWidth / 24) {
    for (let y = 2; y < innerHeight; y += innerHeight / 16) {
      const el = document.elementFromPoint(x, y);
      if (!el || el.closest(dialogSelector) || el.matches(backdropSelector)) continue;
      out.add(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} at ${Math.round(x)},${Math.round(y)}`);
    }
  }
  paintOrder.remove();
  return [...out];
}

describe('dialogs above the inbox', () => {
  afterAll(() => page.viewport(1100, 700));

  for (const [width, height] of [
    [1100, 700],
    [390, 700],
  ] as const) {
    it(`the media picker covers the pinned window banner and the composer at ${width}×${height}`, async () => {
      await page.viewport(width, height);
      const host = mount(<Story />, { width: `${width}px` });
      await expect.element(page.getByRole('log')).toBeVisible();
      const banner = host.querySelector<HTMLElement>('.kit-inbox__banners > .kit-banner[data-kind=window]')!;
      expect(getComputedStyle(banner).position).toBe('sticky');
      await userEvent.click(page.getByRole('button', { name: 'Add photos, video, audio or PDF' }));
      await expect.element(page.getByRole('dialog', { name: 'Send media' })).toBeVisible();
      await new Promise((r) => setTimeout(r, 250)); // Radix's presence settles
      expect(uncovered('.kit-picker', '.kit-picker__overlay')).toEqual([]);
      // The banner's own area is the backdrop's, not the banner's.
      await page.screenshot({ path: `__screenshots__/picker-over-banner-${width}.png` });
      await userEvent.keyboard('{Escape}');
    });
  }

  it('the image lightbox covers the pinned window banner and the composer', async () => {
    await page.viewport(1100, 700);
    mount(
      <StoryKit threads={{ [CID]: everyKind().filter((m) => m.attachments[0]?.type === 'image') }}>
        <div style={{ height: 640 }}>
          <Inbox now={STORY_NOW} defaultSelectedId={CID} flavor="page" />
        </div>
      </StoryKit>,
      { width: '1100px' },
    );
    await expect.element(page.getByRole('log')).toBeVisible();
    const image = await waitFor(() => document.querySelector<HTMLElement>('.kit-inbox__thread .kit-image-button'));
    expect(image, 'an image bubble in the thread').not.toBeNull();
    image!.click();
    await expect.element(page.getByRole('dialog')).toBeVisible();
    await new Promise((r) => setTimeout(r, 250));
    expect(uncovered('.kit-lightbox', '.kit-lightbox-overlay')).toEqual([]);
    await page.screenshot({ path: '__screenshots__/lightbox-over-banner.png' });
    await userEvent.keyboard('{Escape}');
  });
});
