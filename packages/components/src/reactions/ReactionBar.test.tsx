import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { KitClientError } from '../client';
import { CID, message } from '../test/fixtures';
import { renderWithKit } from '../test/kitHarness';
import { ReactionBar } from './ReactionBar';

function setup(props: Partial<Parameters<typeof ReactionBar>[0]> = {}, react = vi.fn((): Promise<unknown> => Promise.resolve({}))) {
  const user = userEvent.setup();
  const h = renderWithKit(<ReactionBar conversationId={CID} messageId="m1" {...props} />, { client: (c) => ({ ...c, react }) });
  h.store.getState().seedThread(CID, [message({ id: 'm1', text: 'Do you ship to Milan?', reactions: [{ by: 'customer', reaction: 'like', emoji: '👍' }] })]);
  return { user, react, ...h };
}

const reactionsOf = (h: ReturnType<typeof setup>) => h.store.getState().threads[CID]!.byId['m1']!.reactions;

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
    fail(new KitClientError({ code: 'window_closed', message: 'The messaging window is closed.', status: 409, retryable: false }));
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
    const h = renderWithKit(<ReactionBar conversationId={CID} messageId="local:abc" />);
    h.store.getState().seedThread(CID, [message({ id: 'local:abc', direction: 'outbound', status: 'sending', text: 'hi' })]);
    expect(await screen.findByRole('button', { name: 'React with ❤️' })).toBeDisabled();
  });
});
