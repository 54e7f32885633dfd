import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { META_INBOX_APP_IDS, windowState } from '@kit/core';
import type { KitConversation, KitRoutingState } from '@kit/core';
import { ComposerView } from '../composer/ComposerView';
import { conversation, ACCOUNT } from '../test/fixtures';
import { NOW, renderWithKit } from '../test/kitHarness';
import { RoutingBanner } from './RoutingBanner';

const INBOX = META_INBOX_APP_IDS[0]!;
const OURS = '1234567890123456';
const BOT = '555000111222333';

function held(routing: KitRoutingState | undefined): KitConversation {
  return conversation({ customerId: 'r1', lastInboundAt: NOW - 60_000, ...(routing ? { routing } : {}) });
}

describe('<RoutingBanner>', () => {
  it('Meta Business Suite holds the thread: says so, locks the composer with the reason, and Take control calls the client and updates the store', async () => {
    const conv = held({ holder: 'inbox', holderAppId: INBOX, since: NOW });
    const takeThread = vi.fn(async () => ({ conversation: { ...conv, routing: { holder: 'kit' as const, holderAppId: OURS, previousAppId: INBOX, since: NOW + 1 } } }));
    const onComposerLock = vi.fn();
    const { store } = renderWithKit(<RoutingBanner conversationId={conv.id} onComposerLock={onComposerLock} />, { conversations: [conv], client: (c) => ({ ...c, takeThread }) });
    const banner = screen.getByRole('region', { name: 'Who handles this conversation' });
    expect(banner).toHaveAttribute('data-state', 'inbox');
    expect(banner).toHaveTextContent('Meta Business Suite is handling this conversation');
    expect(onComposerLock).toHaveBeenLastCalledWith('Meta Business Suite is handling this conversation. Take control above to reply from here.');

    await userEvent.click(screen.getByRole('button', { name: 'Take control' }));
    expect(takeThread).toHaveBeenCalledWith(ACCOUNT, conv.id);
    await waitFor(() => expect(store.getState().conversations[conv.id]?.routing?.holder).toBe('kit'));
    // Now the kit holds it, taken from the inbox: Hand back is offered, the composer is free again.
    expect(banner).toHaveAttribute('data-state', 'taken');
    expect(banner).toHaveTextContent('Hand it back to Meta Business Suite when you are done.');
    expect(onComposerLock).toHaveBeenLastCalledWith(null);
  });

  it('a bot holds it (named by the host), a live conversation_updated moves it; Hand back passes to the app that had it', async () => {
    const conv = held({ holder: 'app', holderAppId: BOT, since: NOW });
    const passThread = vi.fn(async () => ({ conversation: { ...conv, routing: { holder: 'app' as const, holderAppId: BOT, previousAppId: OURS, since: NOW + 2 } } }));
    const { store } = renderWithKit(<RoutingBanner conversationId={conv.id} appNames={{ [BOT]: 'ShopBot' }} />, { conversations: [conv], client: (c) => ({ ...c, passThread }) });
    const banner = screen.getByRole('region', { name: 'Who handles this conversation' });
    expect(banner).toHaveTextContent('ShopBot has this thread');
    act(() => store.getState().applyEvent({ type: 'conversation_updated', accountId: ACCOUNT, conversationId: conv.id, at: NOW + 1, conversation: { ...conv, routing: { holder: 'kit', holderAppId: OURS, previousAppId: BOT, since: NOW + 1 } } }));
    expect(banner).toHaveTextContent('You are handling this conversation');
    expect(banner).toHaveTextContent('Hand it back to ShopBot');
    await userEvent.click(screen.getByRole('button', { name: 'Hand back' }));
    expect(passThread).toHaveBeenCalledWith(ACCOUNT, conv.id, undefined);
    await waitFor(() => expect(banner).toHaveTextContent('ShopBot has this thread'));
  });

  it('another app asks for the thread: Pass to it; a refused action is shown', async () => {
    const conv = held({ holder: 'kit', holderAppId: OURS, requestedByAppId: BOT, since: NOW });
    const passThread = vi.fn(async () => Promise.reject(new Error('Graph said no')));
    renderWithKit(<RoutingBanner conversationId={conv.id} />, { conversations: [conv], client: (c) => ({ ...c, passThread }), locale: 'it' });
    expect(screen.getByRole('region', { name: 'Chi gestisce questa conversazione' })).toHaveTextContent('l’altra app chiede questa conversazione');
    await userEvent.click(screen.getByRole('button', { name: 'Passa a l’altra app' }));
    expect(passThread).toHaveBeenCalledWith(ACCOUNT, conv.id, BOT);
    expect(await screen.findByRole('alert')).toHaveTextContent('Non è andato a buon fine: Graph said no');
  });

  it('renders nothing while the kit simply holds the thread, or nothing is known', () => {
    for (const routing of [undefined, { holder: 'kit' as const, holderAppId: OURS, since: NOW }, { holder: 'idle' as const, since: NOW }]) {
      const conv = held(routing);
      const onComposerLock = vi.fn();
      const { container, unmount } = renderWithKit(<RoutingBanner conversationId={conv.id} onComposerLock={onComposerLock} />, { conversations: [conv] });
      expect(container.querySelector('.kit-banner')).toBeNull();
      expect(onComposerLock).not.toHaveBeenCalledWith(expect.any(String));
      unmount();
    }
  });
});

const OPEN = windowState({ lastInboundAt: NOW - 60_000, now: NOW });

describe('<ComposerView locked>', () => {
  it('is disabled with the reason while another app holds the thread (even with the window open)', async () => {
    const onSendText = vi.fn();
    const reason = 'Meta Business Suite is handling this conversation. Take control above to reply from here.';
    const { rerender } = renderWithKit(<ComposerView value="Hello" onValueChange={() => {}} window={OPEN} onSendText={onSendText} locked={reason} />);
    const input = screen.getByRole('textbox', { name: 'Message' });
    expect(input).toBeDisabled();
    expect(input).toHaveAccessibleDescription(expect.stringContaining(reason));
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(send);
    expect(onSendText).not.toHaveBeenCalled();
    rerender(<ComposerView value="Hello" onValueChange={() => {}} window={OPEN} onSendText={onSendText} locked={null} />);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSendText).toHaveBeenCalledWith(['Hello'], {});
  });
});
