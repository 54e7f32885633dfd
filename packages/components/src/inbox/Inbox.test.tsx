import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { thread, CID } from '../test/fixtures';
import { NOW, renderWithKit } from '../test/kitHarness';
import { Inbox } from './Inbox';

describe('<Inbox>', () => {
  it('composes list, banners, thread, reactions and composer for the chosen conversation, and sends from it', async () => {
    const user = userEvent.setup();
    const h = renderWithKit(<Inbox now={NOW} flavor="instagram" />, { proxy: { threads: { [CID]: thread(12) } } });
    expect(screen.getByText('Choose a conversation to start.')).toBeInTheDocument();
    await user.click(await screen.findByRole('option', { name: /Giulia Rossi/ }));
    const main = screen.getByRole('main', { name: 'Messages with Giulia Rossi' });
    expect(within(main).getByRole('region', { name: 'Messaging window' })).toHaveAttribute('data-state', 'open');
    expect(within(main).getByRole('region', { name: 'Consent' })).toBeInTheDocument();
    expect(within(main).getByRole('region', { name: 'Automated replies' })).toBeInTheDocument();
    await waitFor(() => expect(within(main).getByRole('group', { name: 'Reactions' })).toBeInTheDocument());
    expect(within(main).getByRole('button', { name: 'More reactions' })).toBeInTheDocument();
    await user.type(within(main).getByRole('textbox', { name: 'Message' }), 'On its way!{Enter}');
    await waitFor(() => expect(h.proxy.sends).toHaveLength(1));
    expect(h.proxy.sends[0]).toMatchObject({ text: 'On its way!', to: '6000000000000001' });
    await user.click(within(main).getByRole('button', { name: 'Back to conversations' }));
    expect(screen.getByText('Choose a conversation to start.')).toBeInTheDocument();
  });
});
