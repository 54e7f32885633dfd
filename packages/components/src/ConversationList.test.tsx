import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { HOUR_MS } from '@kit/core';
import { ConversationList } from './ConversationList';
import { KitProvider } from './provider';
import { createKitStore } from './store';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, CONVERSATIONS, message } from './test/fixtures';

const NOW = Date.UTC(2026, 10, 21, 18, 30);

function setup(options: Parameters<typeof fakeProxy>[0] = {}, props: Partial<Parameters<typeof ConversationList>[0]> = {}, locale = 'en') {
  const proxy = fakeProxy(options);
  const store = createKitStore({ client: proxy.client, accountId: ACCOUNT });
  const onSelect = vi.fn();
  render(
    <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false} locale={locale}>
      <ConversationList now={NOW} onSelect={onSelect} {...props} />
    </KitProvider>,
  );
  return { store, onSelect, proxy };
}

describe('<ConversationList>', () => {
  it('shows a loading state, then one option per conversation, newest first', async () => {
    setup({ latencyMs: 20 });
    expect(screen.getByRole('status')).toHaveTextContent('Loading conversations…');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => within(o).getByText(/Giulia|Lukas|anna_k/).textContent)).toEqual(['Giulia Rossi', 'Lukas Becker', 'anna_k']);
  });

  it('renders name, username, preview, time, unread badge and the window chip computed at "now"', async () => {
    setup();
    const [giulia, lukas, anna] = await screen.findAllByRole('option');
    expect(giulia).toHaveTextContent('@giulia.rossi');
    expect(giulia).toHaveTextContent('Do you ship to Milan?');
    expect(within(giulia!).getByText('2 unread messages')).toBeInTheDocument();
    expect(giulia!.querySelector('.kit-window-chip')).toHaveAttribute('data-state', 'open');
    expect(giulia!.querySelector('time')).toHaveAttribute('dateTime', new Date(CONVERSATIONS[0]!.lastMessage!.createdAt).toISOString());
    expect(giulia!.querySelector('time')!.title).toMatch(/\(35 minutes ago\)$/);
    expect(lukas).toHaveTextContent('You: Your order has shipped!');
    expect(lukas!.querySelector('.kit-window-chip')).toHaveAttribute('data-state', 'human_agent');
    expect(anna).toHaveTextContent('Photo');
    expect(anna!.querySelector('.kit-window-chip')).toHaveAttribute('data-state', 'closed');
    expect(within(anna!).getByText('Messaging window closed')).toBeInTheDocument();
  });

  it('has one tab stop and moves focus with arrows, Home and End; Enter and click select', async () => {
    const { onSelect } = setup();
    const user = userEvent.setup();
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.tabIndex)).toEqual([0, -1, -1]);
    await user.tab();
    expect(options[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(options[1]).toHaveFocus();
    expect(options.map((o) => o.tabIndex)).toEqual([-1, 0, -1]);
    await user.keyboard('{End}');
    expect(options[2]).toHaveFocus();
    await user.keyboard('{ArrowDown}'); // stays at the end
    expect(options[2]).toHaveFocus();
    await user.keyboard('{Home}{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith(CID);
    await user.click(options[1]!);
    expect(onSelect).toHaveBeenLastCalledWith(CONVERSATIONS[1]!.id);
  });

  it('marks the selected row for assistive tech and styling', async () => {
    setup({}, { selectedId: CONVERSATIONS[1]!.id });
    const options = await screen.findAllByRole('option');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    expect(options[1]).toHaveAttribute('data-state', 'selected');
    expect(options[1]!.tabIndex).toBe(0);
  });

  it('moves a conversation to the top when a live message arrives, re-rendering its preview', async () => {
    const { store } = setup();
    await screen.findAllByRole('option');
    act(() => {
      store.getState().applyEvent({
        type: 'message',
        accountId: ACCOUNT,
        conversationId: CONVERSATIONS[2]!.id,
        at: NOW,
        message: message({ id: 'new', conversationId: CONVERSATIONS[2]!.id, text: 'Are you open today?', createdAt: NOW - HOUR_MS / 60 }),
      });
    });
    const first = screen.getAllByRole('option')[0]!;
    expect(first).toHaveTextContent('anna_k');
    expect(first).toHaveTextContent('Are you open today?');
    expect(first.querySelector('.kit-window-chip')).toHaveAttribute('data-state', 'open');
  });

  it('shows the empty state', async () => {
    setup({ conversations: [] });
    expect(await screen.findByText(/No conversations yet/)).toBeInTheDocument();
  });

  it('shows an error with a retry that reloads', async () => {
    const { proxy } = setup({ conversations: new Error('proxy down') });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load conversations.');
    expect(alert).toHaveTextContent('proxy down');
    proxy.client.listConversations = () => Promise.resolve({ conversations: CONVERSATIONS });
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByRole('option')).toHaveLength(3);
  });

  it('speaks Italian', async () => {
    setup({}, {}, 'it');
    const [giulia] = await screen.findAllByRole('option');
    expect(within(giulia!).getByText('2 messaggi non letti')).toBeInTheDocument();
    expect(screen.getByRole('listbox', { name: 'Conversazioni' })).toBeInTheDocument();
  });
});
