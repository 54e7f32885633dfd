import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KitClient } from '../client';
import { thread, CID, ACCOUNT } from '../test/fixtures';
import { NOW, renderWithKit } from '../test/kitHarness';
import { checkAppNames, Inbox } from './Inbox';

// jsdom has no layout: give elements a box so the virtualized thread renders its rows (as in
// ThreadView.test.tsx); layout itself is tested in Chromium.
const box = { offsetHeight: 40, offsetWidth: 400, clientHeight: 600, clientWidth: 400 };
const saved = Object.fromEntries(Object.keys(box).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]));
beforeAll(() => {
  for (const [k, v] of Object.entries(box)) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});

describe('<Inbox>', () => {
  it('composes list, banners, thread, reactions and composer for the chosen conversation, and sends from it', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const h = renderWithKit(<Inbox now={NOW} flavor="instagram" />, { proxy: { threads: { [CID]: thread(12) } } });
    expect(screen.getByText('Choose a conversation to start.')).toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: /Giulia Rossi/ }));
    const main = screen.getByRole('main', { name: 'Messages with Giulia Rossi' });
    // The conversation pane is its own chunk (prefetched on mount): it appears once loaded.
    // The first import of that chunk is transformed by Vitest on the spot: on a busy machine that
    // takes more than findBy's default second, so wait for the pane itself, however long it takes.
    expect(await within(main).findByRole('region', { name: 'Messaging window' }, { timeout: 10_000 })).toHaveAttribute('data-state', 'open');
    expect(within(main).getByRole('region', { name: 'Consent' })).toBeInTheDocument();
    expect(within(main).getByRole('region', { name: 'Automated replies' })).toBeInTheDocument();
    // A reaction bar with every customer message (Graph id), none with the agent's own.
    await waitFor(() => expect(within(main).getAllByRole('group', { name: 'Reactions' }).length).toBeGreaterThan(0));
    for (const bar of within(main).getAllByRole('group', { name: 'Reactions' })) {
      expect(bar.closest('.kit-message')).toHaveAttribute('data-direction', 'inbound');
      expect(within(bar).getByRole('button', { name: 'More reactions' })).toBeInTheDocument();
    }
    await user.type(within(main).getByRole('textbox', { name: 'Message' }), 'On its way!{Enter}');
    await waitFor(() => expect(h.proxy.sends).toHaveLength(1));
    expect(h.proxy.sends[0]).toMatchObject({ text: 'On its way!', to: '6000000000000001' });
    await user.click(within(main).getByRole('button', { name: 'Back to conversations' }));
    expect(screen.getByText('Choose a conversation to start.')).toBeInTheDocument();
  });

  it('reacts to any customer message from its own bar, not only the latest', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const react = vi.fn<KitClient['react']>(() => Promise.resolve({}));
    // thread(6): m0–m2 are the customer's (m2 the latest), m3–m5 the agent's replies.
    renderWithKit(<Inbox now={NOW} flavor="page" defaultSelectedId={CID} />, { proxy: { threads: { [CID]: thread(6) } }, client: (client) => ({ ...client, react }) });
    const row = (id: string) => document.querySelector<HTMLElement>(`.kit-message[data-message-id="${id}"]`);
    await waitFor(() => expect(['m0', 'm2', 'm3'].map((id) => !!row(id))).toEqual([true, true, true]), { timeout: 10_000 }); // the pane's lazy chunk
    // The latest customer message keeps its bar on show; the others reveal theirs on hover/focus.
    expect(row('m2')!.querySelector('.kit-reaction-bar')).toHaveClass('kit-inbox__react');
    expect(row('m0')!.querySelector('.kit-reaction-bar')).not.toHaveClass('kit-inbox__react');
    expect(row('m3')!.querySelector('.kit-reaction-bar')).toBeNull();

    await user.click(within(row('m0')!).getByRole('button', { name: 'React with ❤️' }));
    await waitFor(() => expect(react).toHaveBeenCalledTimes(1));
    expect(react.mock.calls[0]).toEqual([expect.anything(), expect.objectContaining({ messageId: 'm0', action: 'react', reaction: 'love' })]);
    await waitFor(() => expect(row('m0')!.querySelector('.kit-reaction[data-by=business]')).not.toBeNull());
    expect(row('m2')!.querySelector('.kit-reaction[data-by=business]')).toBeNull();
  });

  it('names the bot app holding the open thread with the host\'s appNames, in the routing banner and the composer\'s reason', { timeout: 20_000 }, async () => {
    const BOT = '555000111222333';
    const h = renderWithKit(<Inbox now={NOW} flavor="page" defaultSelectedId={CID} appNames={{ [BOT]: 'ShopBot' }} />, { proxy: { threads: { [CID]: thread(4) } } });
    const main = screen.getByRole('main', { name: /Messages with/ });
    await within(main).findByRole('region', { name: 'Messaging window' }, { timeout: 10_000 }); // the pane's lazy chunk
    const conv = h.store.getState().conversations[CID]!;
    act(() => h.store.getState().applyEvent({ type: 'conversation_updated', accountId: ACCOUNT, conversationId: CID, at: NOW, conversation: { ...conv, routing: { holder: 'app', holderAppId: BOT, since: NOW } } }));
    const banner = await within(main).findByRole('region', { name: 'Who handles this conversation' }, { timeout: 10_000 });
    expect(banner).toHaveTextContent('ShopBot has this thread');
    const input = within(main).getByRole('textbox', { name: 'Message' });
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription(expect.stringContaining('ShopBot'));
  });

  it('refuses appNames that are not an object of app id → non-empty name, saying what is wrong', () => {
    expect(() => checkAppNames(undefined)).not.toThrow();
    expect(() => checkAppNames({ '555000111222333': 'ShopBot' })).not.toThrow();
    expect(() => checkAppNames(['ShopBot'])).toThrow(/<Inbox>: appNames must be an object of app id → display name.*got an array/);
    expect(() => checkAppNames('ShopBot')).toThrow(/appNames must be an object.*got string/);
    expect(() => checkAppNames(null)).toThrow(/got null/);
    expect(() => checkAppNames(new Map([['555', 'ShopBot']]))).toThrow(/appNames must be an object/);
    expect(() => checkAppNames({ shopbot: 'ShopBot' })).toThrow(/appNames key "shopbot" is not a Meta app id/);
    expect(() => checkAppNames({ '555000111222333': 42 })).toThrow(/appNames\["555000111222333"\] must be a non-empty string, got number/);
    expect(() => checkAppNames({ '555000111222333': ' ' }, 'mountInbox')).toThrow(/^mountInbox: appNames\["555000111222333"\] must be a non-empty string, got an empty string/);
    // The component itself refuses them too (a host without TypeScript).
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(() => renderWithKit(<Inbox now={NOW} flavor="page" appNames={['ShopBot'] as never} />)).toThrow(/appNames must be an object/);
    } finally {
      quiet.mockRestore();
    }
  });
});
