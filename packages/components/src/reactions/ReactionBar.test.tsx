import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { KitClientError } from '../client';
import { CID, message } from '../test/fixtures';
import { CLOSED_CID, HUMAN_CID, NOW, renderWithKit } from '../test/kitHarness';
import { ReactionBar } from './ReactionBar';

function setup(props: Partial<Parameters<typeof ReactionBar>[0]> = {}, react = vi.fn((): Promise<unknown> => Promise.resolve({}))) {
  const user = userEvent.setup();
  const h = renderWithKit(<ReactionBar conversationId={CID} messageId="m1" now={NOW} {...props} />, { client: (client) => ({ ...client, react }) });
  h.store.getState().seedThread(CID, [message({ id: 'm1', text: 'Do you ship to Milan?', reactions: [{ by: 'customer', reaction: 'like', emoji: '👍' }] })]);
  return { user, react, ...h };
}

const reactionsOf = (harness: ReturnType<typeof setup>) => harness.store.getState().threads[CID]!.byId.get('m1')!.reactions;

describe('<ReactionBar>', () => {
  it('reacts and unreacts with ❤️ (love), optimistically', async () => {
    const h = setup();
    await h.user.click(await screen.findByRole('button', { name: 'React with ❤️' }));
    expect(h.react).toHaveBeenLastCalledWith('17841400000000001', { to: '6000000000000001', messageId: 'm1', reaction: 'love', action: 'react' });
    expect(screen.getByRole('button', { name: 'Remove your ❤️' })).toHaveAttribute('aria-pressed', 'true');
    expect(reactionsOf(h)).toContainEqual(expect.objectContaining({ by: 'business', reaction: 'love' }));
    await h.user.click(screen.getByRole('button', { name: 'Remove your ❤️' }));
    expect(h.react).toHaveBeenLastCalledWith('17841400000000001', { to: '6000000000000001', messageId: 'm1', action: 'unreact' });
    expect(reactionsOf(h)).toEqual([expect.objectContaining({ by: 'customer', reaction: 'like' })]);
  });

  it('rolls back and says why when the proxy refuses', async () => {
    let fail: (e: Error) => void = () => {};
    const react = vi.fn(() => new Promise((_r, reject) => (fail = reject)));
    const h = setup({}, react);
    await h.user.click(await screen.findByRole('button', { name: 'React with ❤️' }));
    expect(screen.getByRole('button', { name: 'Remove your ❤️' })).toHaveAttribute('aria-pressed', 'true');
    fail(new KitClientError({ code: 'window_closed', message: 'The messaging window is closed.', status: 409, retryable: false, category: 'window' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not update the reaction: The messaging window is closed.');
    expect(screen.getByRole('button', { name: 'React with ❤️' })).toHaveAttribute('aria-pressed', 'false');
    expect(reactionsOf(h)).toEqual([expect.objectContaining({ by: 'customer' })]);
  });

  it('offers other emoji only on Instagram-Login accounts', async () => {
    const page = setup({ flavor: 'page' });
    await screen.findByRole('button', { name: 'React with ❤️' });
    expect(screen.queryByRole('button', { name: 'More reactions' })).not.toBeInTheDocument();
    page.unmount();

    const ig = setup({ flavor: 'instagram' });
    const more = await screen.findByRole('button', { name: 'More reactions' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await ig.user.click(more);
    const group = screen.getByRole('group', { name: 'Reactions' });
    await ig.user.click(within(group).getByRole('button', { name: 'React with 🔥' }));
    expect(ig.react).toHaveBeenLastCalledWith('17841400000000001', { to: '6000000000000001', messageId: 'm1', reaction: '🔥', action: 'react' });
    await waitFor(() => expect(reactionsOf(ig)).toContainEqual(expect.objectContaining({ by: 'business', reaction: '🔥' })));
  });

  it('cannot react to a message Graph has not accepted yet', async () => {
    const h = renderWithKit(<ReactionBar conversationId={CID} messageId="local:abc" now={NOW} />);
    h.store.getState().seedThread(CID, [message({ id: 'local:abc', direction: 'outbound', status: 'sending', text: 'hi' })]);
    expect(await screen.findByRole('button', { name: 'React with ❤️' })).toBeDisabled();
  });

  for (const [state, cid, reason] of [
    ['human_agent', HUMAN_CID, 'Reactions need the 24-hour window'],
    ['closed', CLOSED_CID, 'The messaging window is closed'],
  ] as const) {
    it(`is disabled with its reason in a ${state} window, and sends nothing`, async () => {
      const user = userEvent.setup();
      const react = vi.fn(() => Promise.resolve({}));
      const h = renderWithKit(<ReactionBar conversationId={cid} messageId="m1" flavor="instagram" now={NOW} />, { client: (c) => ({ ...c, react }) });
      h.store.getState().seedThread(cid, [message({ id: 'm1', text: 'Hello?' })]);
      const love = await screen.findByRole('button', { name: 'React with ❤️' });
      // Focusable (so the reason can be read), but disabled for assistive tech and pointer alike.
      expect(love).toHaveAttribute('aria-disabled', 'true');
      expect(love).toHaveAccessibleDescription(expect.stringContaining(reason));
      expect(love.title).toContain(reason);
      expect(screen.getByRole('group', { name: 'Reactions' })).toHaveAttribute('data-window', state);
      await user.click(love);
      const more = screen.getByRole('button', { name: 'More reactions' });
      expect(more).toHaveAttribute('aria-disabled', 'true');
      await user.click(more);
      expect(more).toHaveAttribute('aria-expanded', 'false');
      expect(react).not.toHaveBeenCalled();
      expect(h.store.getState().threads[cid]!.byId.get('m1')!.reactions).toEqual([]);
    });
  }

  it('draws "more" as an icon, not the fullwidth ＋ glyph missing from many fonts', async () => {
    setup({ flavor: 'instagram' });
    const more = await screen.findByRole('button', { name: 'More reactions' });
    expect(more.querySelector('svg.kit-icon')).not.toBeNull();
    expect(more.textContent).not.toContain('\uFF0B');
  });
});
