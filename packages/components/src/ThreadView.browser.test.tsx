/**
 * ThreadView in real Chromium (Vitest browser mode): the things jsdom cannot show — layout,
 * scrolling, measured rows. "Anchored" means: after older messages are prepended, the message at
 * the top of the viewport is the same one, at the same pixel offset.
 */
import { createRef } from 'react';
import type { Ref } from 'react';
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
import type { ThreadViewHandle, ThreadViewProps } from './ThreadView';
import './styles.css';

let root: Root | null = null;
let host: HTMLElement | null = null;

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
});

function mount(store: KitStore, client: KitClient, size = { width: 420, height: 600 }, props: Partial<ThreadViewProps> & { handle?: Ref<ThreadViewHandle> } = {}) {
  host = document.createElement('div');
  host.style.cssText = `width:${size.width}px;height:${size.height}px;display:flex;`;
  document.body.appendChild(host);
  root = createRoot(host);
  const { handle, ...rest } = props;
  root.render(
    <KitProvider client={client} store={store} accountId={ACCOUNT} live={false} style={{ width: '100%', height: '100%' }}>
      <ThreadView conversationId={CID} ref={handle} {...rest} />
    </KitProvider>,
  );
  return () => host!.querySelector<HTMLElement>('.kit-thread-scroller')!;
}

const frames = (count = 2) => new Promise<void>((r) => {
  const step = (remaining: number) => (remaining === 0 ? r() : requestAnimationFrame(() => step(remaining - 1)));
  step(count);
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

/** Resolves after the next frame was painted (a task queued from requestAnimationFrame). */
const afterPaint = () =>
  new Promise<void>((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    }),
  );

/** The first visible message in each of the next `count` painted frames. */
async function firstVisibleInFrames(scroller: HTMLElement, count: number) {
  const seen: { id: string; offset: number }[] = [];
  for (let i = 0; i < count; i++) {
    await afterPaint();
    seen.push(firstVisible(scroller));
  }
  return seen;
}

/** A client whose older page (`older`) is held until `release()`; the first page is seeded. */
function heldOlderPage(older: KitMessage[]) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  const client: KitClient = {
    ...fakeProxy().client,
    listMessages: async (_a, _c, options) => {
      if (!options?.before) return { messages: [], nextBefore: null };
      asked = true;
      await held;
      return { messages: older, nextBefore: null };
    },
  };
  return { client, release: () => release(), asked: () => asked };
}

/** Each rendered row's content ends where the next row starts: grown rows pushed the rest down. */
function expectRowsInFlow(scroller: HTMLElement) {
  const rows = [...scroller.querySelectorAll<HTMLElement>('[data-row="message"]')];
  for (let i = 0; i + 1 < rows.length; i++) {
    const content = rows[i]!.firstElementChild!.getBoundingClientRect();
    expect(content.bottom, rows[i]!.dataset.messageId).toBeLessThanOrEqual(rows[i + 1]!.getBoundingClientRect().top + 0.5);
  }
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
    listMessages: (_a, _c, options) =>
      new Promise<KitMessagePage>((resolve) => {
        const end = options?.before ? Number(options.before) : all.length;
        const start = Math.max(0, end - (options?.limit ?? pageSize));
        const page = { messages: all.slice(start, end), nextBefore: start === 0 ? null : String(start) };
        if (options?.before) pending.push(() => resolve(page));
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
    const push = async (id: string, sequence: number) => {
      store.getState().applyEvent({ type: 'message', accountId: ACCOUNT, conversationId: CID, at: last + sequence, message: message({ id, text: `live ${id}`, createdAt: last + sequence * 1000 }) });
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
    // Rows beyond the viewport are rendered (and measured) only with overscan.
    const scroller = mount(store, client, undefined, { overscan: 3 });
    await vi.waitFor(() => expect(isVisible(scroller(), 'm119')).toBe(true), { timeout: 5000 });
    scroller().scrollTop = scroller().scrollTop - 800;
    // Let the scroll settle: TanStack deliberately does not compensate while the user scrolls up.
    await new Promise((r) => setTimeout(r, 300));
    const before = firstVisible(scroller());
    // Edit a rendered message above the first visible one so it becomes much taller.
    const rendered = [...scroller().querySelectorAll<HTMLElement>('[data-row="message"]')].map((e) => e.dataset.messageId!);
    const above = rendered[rendered.indexOf(before.id) - 2]!; // entirely above the viewport
    expect(above).toBeDefined();
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

  describe.each([10_000, 100_000])('with %i messages', (count) => {
    it('keeps the first visible message and its offset (0 px) in every frame while 50 older messages are prepended', async () => {
      const all = thread(count);
      const older = thread(50, { end: all[0]!.createdAt - 37 * 60_000, idPrefix: 'o' });
      const { client, release, asked } = heldOlderPage(older);
      const store = createKitStore({ client, accountId: ACCOUNT });
      store.getState().seedConversations(CONVERSATIONS);
      store.getState().seedThread(CID, all, 'older');
      const scroller = mount(store, client);
      await vi.waitFor(() => expect(isVisible(scroller(), `m${count - 1}`)).toBe(true), { timeout: 10_000 });

      // Near the top, with the first message partly scrolled past: the thread asks for the older page.
      scroller().scrollTop = 23;
      await vi.waitFor(() => expect(asked()).toBe(true));
      await afterPaint();
      const before = firstVisible(scroller());
      expect(before).toEqual({ id: 'm0', offset: -23 });

      release();
      const frames = await firstVisibleInFrames(scroller(), 12);
      expect(store.getState().threads[CID]!.ids.length).toBe(count + 50);
      expect(frames).toEqual(frames.map(() => before));
      // The older messages are really there, above: scrolling up shows them.
      expect(scroller().scrollTop).toBeGreaterThan(50 * 20);
    });
  });

  it('keeps the first visible message still (0 px) when rows change size: an edit and a reaction above it, a reaction on it, an image loading late above it', async () => {
    const { client } = fakeProxy();
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    store.getState().seedThread(CID, thread(100_000));
    // Rows above the viewport are rendered (and measured) only with overscan.
    const scroller = mount(store, client, undefined, { overscan: 2 });
    await vi.waitFor(() => expect(isVisible(scroller(), 'm99999')).toBe(true), { timeout: 10_000 });
    // Away from the bottom (there, growing rows keep the newest message in view instead).
    scroller().scrollTop -= 4000;
    await afterPaint();
    scroller().scrollTop -= 17;
    await afterPaint();
    await afterPaint();
    const before = firstVisible(scroller());
    const rendered = () => [...scroller().querySelectorAll<HTMLElement>('[data-row="message"]')].map((e) => e.dataset.messageId!);
    const above = rendered()[rendered().indexOf(before.id) - 1]!; // entirely above the viewport
    expect(above).toBeDefined();
    const at = Date.now();
    const event = { accountId: ACCOUNT, conversationId: CID, at };

    const height = () => scroller().querySelector(`[data-message-id="${above}"]`)!.getBoundingClientRect().height;
    const start = height();
    store.getState().applyEvent({ ...event, type: 'message_edited', messageId: above, text: 'Now much longer. '.repeat(30), editCount: 1 });
    expect(await firstVisibleInFrames(scroller(), 4)).toEqual(Array(4).fill(before));
    expect(height()).toBeGreaterThan(start + 40);
    expectRowsInFlow(scroller());

    store.getState().applyEvent({ ...event, type: 'reaction', messageId: above, action: 'react', by: 'customer', reaction: 'love' });
    store.getState().applyEvent({ ...event, type: 'reaction', messageId: before.id, action: 'react', by: 'customer', reaction: 'wow' });
    expect(await firstVisibleInFrames(scroller(), 4)).toEqual(Array(4).fill(before));
    expect(scroller().querySelectorAll(`[data-message-id="${above}"] .kit-reaction`).length).toBe(1);
    expectRowsInFlow(scroller());
    const edited = height();

    // Media that takes its size only when it loads (a host's, or a kind without known
    // dimensions): the row grows without React rendering anything.
    const canvas = document.createElement('canvas');
    canvas.width = 200;
    canvas.height = 150;
    const img = document.createElement('img');
    const loaded = new Promise((resolve) => img.addEventListener('load', resolve));
    scroller().querySelector(`[data-message-id="${above}"] .kit-bubble-stack`)!.append(img);
    img.src = canvas.toDataURL();
    await loaded;
    expect(img.getBoundingClientRect().height).toBe(150);
    expect(await firstVisibleInFrames(scroller(), 4)).toEqual(Array(4).fill(before));
    expect(height()).toBeGreaterThanOrEqual(edited + 150);
    expectRowsInFlow(scroller());
  });

  it('opens at a given message (initialMessageId): in the middle of the view, marked, held while rows around it are measured', async () => {
    const { client } = fakeProxy();
    const store = createKitStore({ client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    store.getState().seedThread(CID, variedThread(10_000));
    const scroller = mount(store, client, undefined, { initialMessageId: 'm5000' });
    await vi.waitFor(() => expect(isVisible(scroller(), 'm5000')).toBe(true), { timeout: 10_000 });
    const row = scroller().querySelector<HTMLElement>('[data-message-id="m5000"]')!;
    expect(row.hasAttribute('data-target')).toBe(true);
    const s = scroller().getBoundingClientRect();
    const r = row.getBoundingClientRect();
    expect(Math.abs((r.top + r.bottom) / 2 - (s.top + s.bottom) / 2)).toBeLessThanOrEqual(1);
    expect(scroller().hasAttribute('data-at-end')).toBe(false);
    const before = firstVisible(scroller());
    expect(await firstVisibleInFrames(scroller(), 4)).toEqual(Array(4).fill(before));
  });

  it('scrollToMessage loads older pages until the message is there and shows it; an unknown id resolves false', async () => {
    const all = variedThread(600);
    const { client } = fakeProxy({ threads: { [CID]: all }, pageSize: 60 });
    const store = createKitStore({ client, accountId: ACCOUNT, pageSize: 60 });
    store.getState().seedConversations(CONVERSATIONS);
    const handle = createRef<ThreadViewHandle>();
    const scroller = mount(store, client, undefined, { handle });
    await vi.waitFor(() => expect(isVisible(scroller(), 'm599')).toBe(true), { timeout: 5000 });

    await expect(handle.current!.scrollToMessage('m20', { align: 'start' })).resolves.toBe(true);
    await vi.waitFor(() => expect(isVisible(scroller(), 'm20')).toBe(true));
    // Aligned to the top, with a small gap above it.
    const target = scroller().querySelector<HTMLElement>('[data-message-id="m20"]')!;
    expect(target.getBoundingClientRect().top - scroller().getBoundingClientRect().top).toBe(8);
    expect(target.hasAttribute('data-target')).toBe(true);

    await expect(handle.current!.scrollToMessage('not-in-this-thread')).resolves.toBe(false);
    expect(store.getState().threads[CID]!.nextBefore).toBeNull(); // it looked through every page
    handle.current!.scrollToLatest();
    await vi.waitFor(() => expect(isVisible(scroller(), 'm599')).toBe(true));
    expect(scroller().querySelector('[data-target]')).toBeNull();
  });
});
