/**
 * The agent's desk in <Inbox>: keyboard shortcuts with a `?` cheat sheet, mark as unread, and the
 * host's slot beside the thread.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CONVERSATIONS } from '../test/fixtures';
import { NOW, renderWithKit } from '../test/kitHarness';
import { Inbox } from './Inbox';

const [first, second, third] = CONVERSATIONS.map((c) => c.id) as [string, string, string];
const selected = () => screen.getByRole('option', { selected: true });

describe('<Inbox> shortcuts', () => {
  it(
    'j/k and Alt+↓/↑ move between conversations in list order, even from the composer',
    { timeout: 20_000 },
    async () => {
      const onSelect = vi.fn();
      renderWithKit(<Inbox now={NOW} flavor="page" onSelect={onSelect} />);
      await screen.findByRole('option', { name: /Giulia Rossi/ });
      const inbox = document.querySelector<HTMLElement>('.kit-inbox')!;
      fireEvent.keyDown(inbox, { key: 'j' });
      expect(onSelect).toHaveBeenLastCalledWith(first);
      fireEvent.keyDown(inbox, { key: 'j' });
      expect(onSelect).toHaveBeenLastCalledWith(second);
      fireEvent.keyDown(inbox, { key: 'ArrowDown', altKey: true });
      expect(onSelect).toHaveBeenLastCalledWith(third);
      fireEvent.keyDown(inbox, { key: 'j' }); // stays on the last one
      expect(onSelect).toHaveBeenLastCalledWith(third);
      expect(selected()).toHaveTextContent('anna_k');
      // In the composer a letter is text, but Alt+↑ still moves.
      // The conversation pane is a lazy chunk: give it time on a busy machine.
      const composer = await screen.findByRole('textbox', { name: 'Message' }, { timeout: 10_000 });
      fireEvent.keyDown(composer, { key: 'k' });
      expect(onSelect).toHaveBeenLastCalledWith(third);
      fireEvent.keyDown(composer, { key: 'ArrowUp', altKey: true });
      expect(onSelect).toHaveBeenLastCalledWith(second);
    },
  );

  it('c focuses the composer; ? opens the cheat sheet, Escape closes it', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    renderWithKit(<Inbox now={NOW} flavor="page" defaultSelectedId={first} />);
    const composer = await screen.findByRole('textbox', { name: 'Message' }, { timeout: 10_000 });
    await user.click(screen.getByRole('option', { name: /Giulia Rossi/ }));
    await user.keyboard('c');
    expect(composer).toHaveFocus();
    expect(composer).toHaveValue(''); // the shortcut key is not typed
    composer.blur();
    fireEvent.keyDown(document.querySelector('.kit-inbox')!, { key: '?' });
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' }, { timeout: 10_000 });
    for (const what of [
      'Next conversation',
      'Previous conversation',
      'Write a reply',
      'Search conversations',
      'Mark the open conversation as unread',
      'Send',
      'Show these shortcuts',
    ]) {
      expect(within(sheet).getByText(new RegExp(what))).toBeInTheDocument();
    }
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // Also reachable without the keyboard.
    await user.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' }, { timeout: 10_000 })).toBeInTheDocument();
  });

  it('shortcuts={false} leaves every key to the host', async () => {
    const onSelect = vi.fn();
    renderWithKit(<Inbox now={NOW} flavor="page" onSelect={onSelect} shortcuts={false} />);
    await screen.findByRole('option', { name: /Giulia Rossi/ });
    fireEvent.keyDown(document.querySelector('.kit-inbox')!, { key: 'j' });
    expect(onSelect).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
  });
});

describe('<Inbox> mark as unread', () => {
  it('sets the badge back, tells the proxy, tells the host, and leaves the thread (so it is not read again at once)', async () => {
    const user = userEvent.setup();
    const onMarkUnread = vi.fn();
    const h = renderWithKit(<Inbox now={NOW} flavor="page" defaultSelectedId={second} onMarkUnread={onMarkUnread} />);
    await user.click(await screen.findByRole('button', { name: 'Mark as unread' }));
    expect(h.store.getState().conversations[second]!.unreadCount).toBe(1);
    expect(h.proxy.unreads).toEqual([second]);
    expect(onMarkUnread).toHaveBeenCalledWith(second);
    expect(screen.getByText('Choose a conversation to start.')).toBeInTheDocument();
    // `u` does the same for the open conversation.
    h.store.getState().seedConversations(CONVERSATIONS.map((c) => ({ ...c, unreadCount: 0 })));
    await user.click(screen.getByRole('option', { name: /Giulia Rossi/ }));
    act(() => fireEvent.keyDown(document.querySelector('.kit-inbox')!, { key: 'u' }));
    expect(h.proxy.unreads).toEqual([second, first]);
    expect(h.store.getState().conversations[first]!.unreadCount).toBe(1);
  });

  it('rolls back and says why when the proxy refuses', async () => {
    const user = userEvent.setup();
    const h = renderWithKit(<Inbox now={NOW} flavor="page" defaultSelectedId={second} />, {
      client: (c) => ({ ...c, markUnread: () => Promise.reject(new Error('The proxy said no')) }),
    });
    await user.click(await screen.findByRole('button', { name: 'Mark as unread' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not mark the conversation unread: The proxy said no',
    );
    expect(h.store.getState().conversations[second]!.unreadCount).toBe(0);
  });
});

describe('<Inbox> host slot', () => {
  it('renders the host’s aside beside the open thread with the conversation, and nothing without one', async () => {
    const renderConversationAside = vi.fn(
      ({ conversation }: { conversationId: string; conversation?: { customer?: { name?: string } } }) => (
        <label>
          Assignee for {conversation?.customer?.name}
          <select defaultValue="">
            <option value="">Nobody</option>
          </select>
        </label>
      ),
    );
    renderWithKit(
      <Inbox now={NOW} flavor="page" defaultSelectedId={first} renderConversationAside={renderConversationAside} />,
    );
    const aside = await screen.findByRole('complementary', { name: 'About Giulia Rossi' });
    expect(within(aside).getByRole('combobox', { name: 'Assignee for Giulia Rossi' })).toBeInTheDocument();
    expect(renderConversationAside).toHaveBeenLastCalledWith(
      expect.objectContaining({ conversationId: first, conversation: expect.objectContaining({ id: first }) }),
    );
    expect(document.querySelector('.kit-inbox__body')).toHaveAttribute('data-aside');
  });
});
