/**
 * The Inbox story with a conversation open (window + consent + due disclosure banners), laid out
 * by the shipped styles.css in Chromium: the banners never cover the thread, and the thread keeps
 * a usable share of the pane — at desktop size, at phone size, and with every banner expanded.
 */
import type { ComponentType } from 'react';
import { composeStories } from '@storybook/react-vite';
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { mount } from '../test/browserMount';
import * as stories from './Inbox.stories';

const { ConversationOpen } = composeStories(stories);
const Story = ConversationOpen as ComponentType;

interface Layout {
  pane: DOMRect;
  banners: DOMRect;
  scroller: DOMRect;
}

async function layoutAt(width: number, height: number): Promise<{ host: HTMLElement; measure: () => Layout }> {
  await page.viewport(width, height);
  const host = mount(<Story />, { width: `${width}px` });
  await expect.element(page.getByRole('log')).toBeVisible();
  const q = (sel: string) => host.querySelector<HTMLElement>(sel)!;
  return {
    host,
    measure: () => ({
      pane: q('.kit-inbox__main').getBoundingClientRect(),
      banners: q('.kit-inbox__banners').getBoundingClientRect(),
      scroller: q('.kit-thread-scroller').getBoundingClientRect(),
    }),
  };
}

function expectUsable({ pane, banners, scroller }: Layout) {
  // Nothing of the banner region is drawn over the thread…
  expect(banners.bottom).toBeLessThanOrEqual(scroller.top + 0.5);
  // …and the thread keeps at least ~40% of the pane (it used to get what the banners left).
  expect(scroller.height / pane.height).toBeGreaterThanOrEqual(0.4);
}

/** Every banner's content ends inside the banner region's visible box (clipped or scrolled, never spilling). */
function expectBannersContained(host: HTMLElement) {
  const region = host.querySelector('.kit-inbox__banners')!;
  const style = getComputedStyle(region);
  const box = region.getBoundingClientRect();
  if (style.overflowY === 'visible') {
    for (const el of region.querySelectorAll('*')) expect(el.getBoundingClientRect().bottom, el.className).toBeLessThanOrEqual(box.bottom + 0.5);
  } else {
    expect(['auto', 'scroll', 'hidden']).toContain(style.overflowY);
  }
}

describe('Inbox layout with every banner showing', () => {
  afterAll(() => page.viewport(1100, 700));

  for (const [width, height] of [
    [1100, 700],
    [320, 640],
  ] as const) {
    it(`keeps the thread usable and uncovered at ${width}×${height}`, async () => {
      const { host, measure } = await layoutAt(width, height);
      await expect.poll(() => host.querySelectorAll('.kit-inbox__banners .kit-banner').length).toBe(3); // the disclosure banner is its own chunk
      expectUsable(measure());
      expectBannersContained(host);

      // Expanding every banner's details grows the banner region, but the region scrolls
      // instead of pushing the thread below its share.
      for (const d of host.querySelectorAll<HTMLDetailsElement>('.kit-inbox__banners details')) d.open = true;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      expectUsable(measure());
      expectBannersContained(host);
    });
  }

  it('shows a message’s reaction bar on hover or keyboard focus, and the latest customer message’s always', async () => {
    const { host } = await layoutAt(1100, 700);
    const bars = [...host.querySelectorAll<HTMLElement>('.kit-message-actions')];
    expect(bars.length).toBeGreaterThan(1);
    const opacity = (el: HTMLElement) => Number(getComputedStyle(el).opacity);
    const latest = bars.find((b) => b.querySelector('.kit-inbox__react'))!;
    const other = bars.find((b) => b !== latest && b.getBoundingClientRect().height > 0)!;
    await new Promise((r) => setTimeout(r, 200)); // past the fade-in
    expect(opacity(latest)).toBe(1);
    expect(opacity(other)).toBe(0);
    other.querySelector('button')!.focus();
    // Wait for the fade itself, not a fixed time: on a busy renderer the transition starts late.
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    await Promise.all(other.getAnimations().map((a) => a.finished));
    expect(opacity(other)).toBe(1);
    // Showing it did not change the row's height (the thread must not move).
    const row = other.closest<HTMLElement>('.kit-thread-row')!;
    const h = row.getBoundingClientRect().height;
    other.querySelector('button')!.blur();
    expect(row.getBoundingClientRect().height).toBe(h);
  });
});
