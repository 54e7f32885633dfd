import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KitProvider } from './provider';
import { createKitStore } from './store';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, CONVERSATIONS, message, thread } from './test/fixtures';
import { ThreadView } from './ThreadView';

// jsdom has no layout, so we give elements a fixed box (the thread reads the viewport's
// clientHeight and each row's offsetHeight) and a large overscan so every row of these small
// threads renders. Scrolling, anchoring and virtualization are tested in real Chromium
// (ThreadView.browser.test.tsx).
const box = { offsetHeight: 40, offsetWidth: 400, clientHeight: 600, clientWidth: 400 };
const saved = Object.fromEntries(Object.keys(box).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]));
beforeAll(() => {
  for (const [k, v] of Object.entries(box)) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});
function setup(options: Parameters<typeof fakeProxy>[0] = {}, locale = 'en') {
  const proxy = fakeProxy(options);
  const store = createKitStore({ client: proxy.client, accountId: ACCOUNT });
  store.getState().seedConversations(CONVERSATIONS);
  const utils = render(
    <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false} locale={locale}>
      <ThreadView conversationId={CID} overscan={200} now={Date.UTC(2026, 10, 21, 20)} />
    </KitProvider>,
  );
  return { ...utils, store, proxy };
}

describe('<ThreadView>', () => {
  it('shows a loading state while the first page is on its way', () => {
    const { proxy } = setup();
    void proxy;
    expect(screen.getByRole('status')).toHaveTextContent('Loading messages…');
    expect(document.querySelector('.kit-thread')).toHaveAttribute('aria-busy', 'true');
  });

  it('renders a labelled log of the messages with date separators', async () => {
    setup({ threads: { [CID]: thread(10) } });
    const log = await screen.findByRole('log', { name: 'Messages with Giulia Rossi' });
    expect(log).toHaveAttribute('tabindex', '0');
    await waitFor(() => expect(log.querySelectorAll('[data-row="message"]')).toHaveLength(10));
    expect(within(log).getAllByRole('separator').length).toBeGreaterThanOrEqual(1);
    expect(log).toHaveTextContent('This is the beginning of the conversation');
  });

  it('marks the conversation read when it is open at the newest message', async () => {
    const { proxy, store } = setup({ threads: { [CID]: thread(3) } });
    await screen.findByRole('log');
    await waitFor(() => expect(proxy.reads).toEqual([CID]));
    expect(store.getState().conversations[CID]!.unreadCount).toBe(0);
  });

  it('shows the empty state', async () => {
    setup({ threads: { [CID]: [] } });
    expect(await screen.findByText('No messages yet.')).toBeInTheDocument();
  });

  it('shows an error with a working retry', async () => {
    const { proxy } = setup({ threadError: new Error('boom') });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load messages.');
    proxy.client.listMessages = () => Promise.resolve({ messages: thread(3), nextBefore: null });
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('log')).toBeInTheDocument();
  });

  it('announces an incoming live message politely, not the history', async () => {
    const { store } = setup({ threads: { [CID]: thread(5) } });
    await screen.findByRole('log');
    const live = document.querySelector('.kit-thread [aria-live="polite"]')!;
    expect(live).toHaveTextContent('');
    act(() =>
      store.getState().applyEvent({
        type: 'message',
        accountId: ACCOUNT,
        conversationId: CID,
        at: 1,
        message: message({ id: 'live', text: 'Are you there?', createdAt: Date.UTC(2026, 10, 21, 19) }),
      }),
    );
    expect(live).toHaveTextContent('New message from Giulia Rossi: Are you there?');
    expect(screen.getByRole('log')).toHaveAttribute('aria-live', 'off');
  });

  it('drops an announced message from the live region when the customer unsends it', async () => {
    const { store } = setup({ threads: { [CID]: thread(5) } });
    await screen.findByRole('log');
    const live = document.querySelector('.kit-thread [aria-live="polite"]')!;
    const msg = message({ id: 'oops', text: 'my card number is 4242', createdAt: Date.UTC(2026, 10, 21, 19) });
    act(() => store.getState().applyEvent({ type: 'message', accountId: ACCOUNT, conversationId: CID, at: 1, message: msg }));
    expect(live).toHaveTextContent('4242');
    act(() => store.getState().applyEvent({ type: 'message_deleted', accountId: ACCOUNT, conversationId: CID, at: 2, messageId: 'oops' }));
    expect(live).toHaveTextContent('');
    expect(document.body).not.toHaveTextContent('4242');
  });

  it('is labelled in Italian', async () => {
    setup({ threads: { [CID]: thread(2) } }, 'it');
    expect(await screen.findByRole('log', { name: 'Messaggi con Giulia Rossi' })).toBeInTheDocument();
  });
});

describe('<ThreadView> switching conversations', () => {
  it('shows the other thread from its newest message when the conversation id changes', async () => {
    const other = CONVERSATIONS[1]!.id;
    const proxy = fakeProxy({ threads: { [CID]: thread(5), [other]: thread(3, { cid: other, idPrefix: 'o' }) } });
    const store = createKitStore({ client: proxy.client, accountId: ACCOUNT });
    store.getState().seedConversations(CONVERSATIONS);
    const view = (cid: string) => (
      <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false}>
        <ThreadView conversationId={cid} overscan={200} />
      </KitProvider>
    );
    const { rerender } = render(view(CID));
    await screen.findByRole('log', { name: 'Messages with Giulia Rossi' });
    rerender(view(other));
    const log = await screen.findByRole('log', { name: 'Messages with Lukas Becker' });
    await waitFor(() => expect(log.querySelectorAll('[data-row="message"]')).toHaveLength(3));
    expect(log.querySelector('[data-message-id="m0"]')).toBeNull();
  });
});
