/**
 * Every list and thread story, rendered in Chromium and checked with axe-core against WCAG 2.1
 * A/AA — including colour contrast, in the light and the dark theme. This is what backs the
 * "AA contrast in both themes" claim in styles.css (jsdom cannot compute colours).
 */
import axe from 'axe-core';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { ComponentType } from 'react';
import { composeStories } from '@storybook/react-vite';
import { afterEach, describe, expect, it } from 'vitest';
import * as listStories from './ConversationList.stories';
import * as threadStories from './ThreadView.stories';
import './styles.css';

let root: Root | null = null;
let host: HTMLElement | null = null;
afterEach(() => {
  root?.unmount();
  host?.remove();
});

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Composed = ComponentType;

async function violations(Story: Composed, theme: 'light' | 'dark') {
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  root.render(<Story />);
  await settle(800); // fake proxy latency is 300 ms; images and the virtualizer settle
  // The theme really is the one under test (a story may force dark; none forces light).
  const applied = host.querySelector('.kit-root')?.getAttribute('data-theme');
  if (theme === 'dark') expect(applied).toBe('dark');
  const res = await axe.run(host, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  root.unmount();
  root = null;
  host.remove();
  return res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

const skip = new Set(['HundredThousandMessages', 'OlderPagesLoadOnScroll']);
const themed = (theme: 'light' | 'dark'): Record<string, Composed> => {
  const project = { initialGlobals: { theme } };
  const list: Record<string, Composed> = composeStories(listStories, project);
  const thread: Record<string, Composed> = composeStories(threadStories, project);
  return { ...list, ...Object.fromEntries(Object.entries(thread).map(([k, v]) => [`Thread${k}`, v])) };
};
const light = themed('light');
const dark = themed('dark');

describe('stories pass axe (WCAG 2.1 AA) in both themes', () => {
  for (const name of Object.keys(light)) {
    if (skip.has(name.replace(/^Thread/, ''))) continue;
    it(name, async () => {
      expect(await violations(light[name]!, 'light')).toEqual([]);
      expect(await violations(dark[name]!, 'dark')).toEqual([]);
    });
  }
});
