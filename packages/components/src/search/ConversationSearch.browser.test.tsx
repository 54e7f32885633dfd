/**
 * The conversation search inside <Inbox>, in Chromium: `/` reaches the box, ↓ ↑ and Enter reach a
 * result, the result opens the thread at the message that matched (older pages loaded until it is
 * there, the message in view and marked), the chips filter, Escape brings the list back. A
 * screenshot of the results is kept for people to look at (__screenshots__/, not committed).
 */
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { KitMessage } from '@kit/core';
import '../styles.css';
import { Inbox } from '../inbox/Inbox';
import { KitProvider } from '../provider';
import { createKitStore } from '../store';
import { mount } from '../test/browserMount';
import { fakeProxy } from '../test/fakeClient';
import { ACCOUNT, CID, CONVERSATIONS, thread } from '../test/fixtures';
import { STORY_NOW } from '../test/StoryKit';

/** 200 messages, one old one (m3) with a word no other has; pages of 30, so m3 is 6 pages back. */
function setup() {
  const messages: KitMessage[] = thread(200).map((m) => (m.id === 'm3' ? { ...m, text: 'Can I pay the jacket with a gift voucher from last year?' } : m));
  const proxy = fakeProxy({ conversations: CONVERSATIONS, threads: { [CID]: messages }, pageSize: 30, now: () => STORY_NOW });
  const store = createKitStore({ client: proxy.client, accountId: ACCOUNT, pageSize: 30 });
  const host = mount(
    <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false}>
      <div style={{ height: '600px' }}>
        <Inbox now={STORY_NOW} flavor="page" />
      </div>
    </KitProvider>,
    { width: '900px' },
  );
  return { proxy, store, host };
}

const searchBox = () => page.getByRole('searchbox', { name: 'Search conversations' });
const results = () => page.getByRole('listbox', { name: 'Search results' });

function inView(container: Element, el: Element): boolean {
  const c = container.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
}

describe('<ConversationSearch> in <Inbox>', () => {
  // Six older pages and the pane's chunk: generous for a 2-core machine running other suites.
  it('is reached with /, searches as the agent types, and opens the thread scrolled to the old message that matched', { timeout: 45_000 }, async () => {
    await page.viewport(1000, 700);
    const { proxy, host } = setup();
    await expect.element(searchBox()).toBeVisible();
    // `/` from the list (focus anywhere in the inbox but a text field) moves focus to the box.
    host.querySelector<HTMLElement>('.kit-inbox__list [role=option]')!.focus();
    await userEvent.keyboard('/');
    expect(document.activeElement).toBe(searchBox().element());

    await userEvent.keyboard('Voucher');
    const row = results().getByRole('option', { name: /Giulia Rossi/ });
    await expect.element(row).toBeVisible();
    expect(proxy.searches.at(-1)).toEqual({ q: 'Voucher', filters: [], limit: 30 });
    // The row names the old message: its text around the match, the match marked.
    const mark = row.element().querySelector('mark');
    expect(mark?.textContent).toBe('voucher');
    expect(row.element().getAttribute('data-message-id')).toBe('m3');
    await expect.element(page.getByRole('status').filter({ hasText: '1 conversation found' })).toBeInTheDocument();
    await page.screenshot({ path: '__screenshots__/search-results.png' });

    // ↓ from the box to the result, Enter opens it.
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(row.element());
    await userEvent.keyboard('{ArrowUp}'); // from the first result back to the box
    expect(document.activeElement).toBe(searchBox().element());
    await userEvent.keyboard('{ArrowDown}');
    await userEvent.keyboard('{Enter}');
    const scroller = () => host.querySelector<HTMLElement>('.kit-thread-scroller')!;
    await vi.waitFor(
      () => {
        const target = scroller()?.querySelector('[data-message-id="m3"]');
        expect(target && inView(scroller(), target)).toBe(true);
        expect(target!.hasAttribute('data-target')).toBe(true);
      },
      { timeout: 10_000 },
    );
    expect(scroller().querySelector('[data-message-id="m199"]')).toBeNull(); // not at the newest
    await page.screenshot({ path: '__screenshots__/search-opened-at-message.png' });
  });

  it('filters with chips (one window state at a time), announces no match, and Escape brings the list back', async () => {
    const { proxy } = setup();
    await expect.element(searchBox()).toBeVisible();
    const chip = (name: string) => page.getByRole('button', { name, exact: true });

    await chip('Needs reply').click();
    await expect.element(chip('Needs reply')).toHaveAttribute('aria-pressed', 'true');
    await expect.element(results().getByRole('option', { name: /anna_k/ })).toBeVisible();
    expect(results().getByRole('option').elements().map((o) => o.getAttribute('data-conversation-id'))).toEqual([CONVERSATIONS[0]!.id, CONVERSATIONS[2]!.id]);

    await chip('Open').click();
    await chip('Closed').click();
    await expect.element(chip('Open')).toHaveAttribute('aria-pressed', 'false');
    expect(proxy.searches.at(-1)).toEqual({ filters: ['needs_reply', 'closed'], limit: 30 });
    await expect.element(results().getByRole('option', { name: /anna_k/ })).toBeVisible();
    expect(results().getByRole('option').elements()).toHaveLength(1);

    await chip('Needs reply').click();
    await chip('Closed').click();
    await searchBox().click();
    await userEvent.keyboard('umbrella');
    await expect.element(page.getByRole('status').filter({ hasText: 'No conversation matches.' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(searchBox()).toHaveValue('');
    await expect.element(page.getByRole('listbox', { name: 'Conversations' })).toBeVisible();
  });
});
