/**
 * ThreadView in real Chromium (Vitest browser mode): the things jsdom cannot show — layout,
 * scrolling, measured rows. "Anchored" means: after older messages are prepended, the message at
 * the top of the viewport is the same one, at the same pixel offset.
 */
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KitMessage } from '@kit/core';
import type { KitClient, KitMessagePage } from './client';
import { KitProvider } from './provider';
import { createKitStore } from './store';
import type { KitStore } from './store';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, CONVERSATIONS, message, thread } from './test/fixtures';
import { ThreadView } from './ThreadView';
import './styles.css';

let root: Root | null = null;
let host: HTMLElement | null = null;

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
});

function mount(store: KitStore, client: KitClient, size = { width: 420, height: 600 }) {
  host = document.createElement('div');
  host.style.cssText = `width:${size.width}px;height:${size.height}px;display:flex;`;
  document.body.appendChild(host);
  root = createRoot(host);
  root.render(
    <KitProvider client={client} store={store} accountId={ACCOUNT} live={false} style={{ width: '100%', height: '100%' }}>
      <ThreadView conversationId={CID} />
    </KitProvider>,
  );
  return () => host!.querySelector<HTMLElement>('.kit-thread-scroller')!;
}

const frames = (n = 2) => new Promise<void>((r) => {
  const step = (k: number) => (k === 0 ? r() : requestAnimationFrame(() => step(k - 1)));
  step(n);
});

/** The topmost message row intersecting the viewport, and its top relative to the viewport top. */
function firstVisible(scroller: HTMLElement): { id: string; offset: number } {
  const top = scroller.getBoundingClientRect().top;
  const rows = [...scroller.querySelectorAll<HTMLElement>('[data-row="message"]')]
    .map((el) => ({ id: el.dataset.messageId!, rect: el.getBoundingClientRect() }))
    .filter((r) => r.rect.bottom > top + 0.5)
    .sort((a, b) => a.rect.top - b.rect.top);
  const r = rows[0]!;
  return { id: r.id, offset: Math.round((r.rect.top - top) * 10) / 10 };
}

/** Whether a message row is fully inside the scroller's viewport. */
function isVisible(scroller: HTMLElement, id: string): boolean {
  const el = scroller.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
  if (!el) return false;
  const s = scroller.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
}

/** Messages of varied heights (short, long, multi-line) so measured sizes differ from estimates. */
function variedThread(count: number): KitMessage[] {
  return thread(count).map((m, i) => (i % 5 === 0 ? { ...m, text: `${m.text}\n${'A longer paragraph that wraps over several lines. '.repeat(1 + (i % 3))}` } : m));
}

/** A client serving `all` in pages from the end, whose older pages wait until released. */
function pagedClient(all: KitMessage[], pageSize: number) {
  const pending: Array<() => void> = [];
  const base = fakeProxy().client;
  const client: KitClient = {
    ...base,
    listMessages: (_a, _c, o) =>
      new Promise<KitMessagePage>((resolve) => {
        const end = o?.before ? Number(o.before) : all.length;
        const start = Math.max(0, end - (o?.limit ?? pageSize));
        const page = { messages: all.slice(start, end), nextBefore: start === 0 ? null : String(start) };
        if (o?.before) pending.push(() => resolve(page));
        else resolve(page);
      }),
  };
  return { client, pending };
}

describe('ThreadView in Chromium', () => {
  it('mounts 100,000 messages with the newest visible and a bounded DOM', async () => {
    const { client } = fakeProxy();
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    const all = thread(100_000);
    store.getState().seedThread(CID, all);
    const scroller = mount(store, client);
    await vi.waitFor(() => expect(isVisible(scroller(), 'm99999')).toBe(true), { timeout: 10_000 });
    const rows = scroller().querySelectorAll('[data-row]').length;
    const nodes = scroller().getElementsByTagName('*').length;
    expect(rows).toBeLessThan(60);
    expect(nodes).toBeLessThan(800);
    // Still bounded after scrolling through the middle of the thread.
    scroller().scrollTop = scroller().scrollHeight / 2;
    await frames(3);
    expect(scroller().querySelectorAll('[data-row]').length).toBeLessThan(60);
    expect(scroller().querySelectorAll('[data-row="message"]').length).toBeGreaterThan(3);
  });

  it('loads older pages when scrolled up without moving the first visible message', async () => {
    const all = variedThread(300);
    const { client, pending } = pagedClient(all, 60);
    const store = createKitStore({ client, accountId: ACCOUNT, pageSize: 60 });
    store.getState().seedConversations(CONVERSATIONS);
    const scroller = mount(store, client);
    await vi.waitFor(() => expect(isVisible(scroller(), 'm299')).toBe(true), { timeout: 5000 });

    for (let round = 0; round < 3; round++) {
      // Scroll up near the top of what is loaded (just past the header, so a message is the first
      // thing visible); the thread asks for the next older page.
      scroller().scrollTop = 100;
      await vi.waitFor(() => expect(pending.length).toBe(1), { timeout: 5000 });
      await frames(2);
      const before = firstVisible(scroller());
      const loadedBefore = store.getState().threads[CID]!.ids.length;
      pending.shift()!();
      await vi.waitFor(() => expect(store.getState().threads[CID]!.ids.length).toBe(loadedBefore + 60));
      await frames(4);
      const after = firstVisible(scroller());
      expect(after.id).toBe(before.id);
      expect(Math.abs(after.offset - before.offset)).toBeLessThanOrEqual(1);
      // The content above is real: the scroller now has room to scroll up.
      expect(scroller().scrollTop).toBeGreaterThan(100);
    }
  });

  it('follows new messages at the bottom; scrolled away it stays put and counts them in a pill', async () => {
    const { client } = fakeProxy();
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    const all = variedThread(200);
    store.getState().seedThread(CID, all);
    const scroller = mount(store, client);
    await vi.waitFor(() => expect(isVisible(scroller(), 'm199')).toBe(true), { timeout: 5000 });

    const last = all[all.length - 1]!.createdAt;
    const push = async (id: string, k: number) => {
      store.getState().applyEvent({ type: 'message', accountId: ACCOUNT, conversationId: CID, at: last + k, message: message({ id, text: `live ${id}`, createdAt: last + k * 1000 }) });
      await frames(1);
    };
    await push('live1', 1);
    await vi.waitFor(() => expect(isVisible(scroller(), 'live1')).toBe(true));
    // Seen means shown while at the bottom: let the follow-scroll settle before scrolling away,
    // or live1 is still unread when the reader leaves (a race the test, not a reader, creates).
    await vi.waitFor(() => expect(scroller().hasAttribute('data-at-end')).toBe(true));
    await frames(2);

    scroller().scrollTop = scroller().scrollTop - 1500;
    await frames(3);
    const before = firstVisible(scroller());
    await push('live2', 2);
    await push('live3', 3);
    await frames(3);
    const after = firstVisible(scroller());
    expect(after).toEqual(before);
    const pill = host!.querySelector<HTMLButtonElement>('.kit-new-messages')!;
    expect(pill.dataset.state).toBe('unseen');
    expect(pill.textContent).toBe('2 new messages');
    pill.click();
    await vi.waitFor(() => expect(isVisible(scroller(), 'live3')).toBe(true));
    await vi.waitFor(() => expect(host!.querySelector('.kit-new-messages')).toBeNull());
  });

  it('keeps the view still when a row above the viewport grows', async () => {
    const { client } = fakeProxy();
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    store.getState().seedThread(CID, variedThread(120));
    const scroller = mount(store, client);
    await vi.waitFor(() => expect(isVisible(scroller(), 'm119')).toBe(true), { timeout: 5000 });
    scroller().scrollTop = scroller().scrollTop - 800;
    // Let the scroll settle: TanStack deliberately does not compensate while the user scrolls up.
    await new Promise((r) => setTimeout(r, 300));
    const before = firstVisible(scroller());
    // Edit a rendered message above the first visible one so it becomes much taller.
    const rendered = [...scroller().querySelectorAll<HTMLElement>('[data-row="message"]')].map((e) => e.dataset.messageId!);
    const above = rendered[rendered.indexOf(before.id) - 2]!; // entirely above the viewport
    store.getState().applyEvent({
        type: 'message_edited',
        accountId: ACCOUNT,
        conversationId: CID,
        at: Date.now(),
        messageId: above,
        text: 'Now much longer. '.repeat(40),
        editCount: 1,
    });
    await frames(4);
    const after = firstVisible(scroller());
    expect(after.id).toBe(before.id);
    expect(Math.abs(after.offset - before.offset)).toBeLessThanOrEqual(1);
  });

  it('opens the next conversation at its newest message even if the previous one was scrolled up', async () => {
    const other = CONVERSATIONS[1]!.id;
    const { client } = fakeProxy();
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    store.getState().seedThread(CID, variedThread(200));
    store.getState().seedThread(other, thread(150, { cid: other, idPrefix: 'o' }));
    const scroller = mount(store, client);
    await vi.waitFor(() => expect(isVisible(scroller(), 'm199')).toBe(true), { timeout: 5000 });
    scroller().scrollTop = 0;
    await frames(3);
    root!.render(
      <KitProvider client={client} store={store} accountId={ACCOUNT} live={false} style={{ width: '100%', height: '100%' }}>
        <ThreadView conversationId={other} />
      </KitProvider>,
    );
    await vi.waitFor(() => expect(isVisible(scroller(), 'o149')).toBe(true), { timeout: 5000 });
  });
});
