import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SAVED_REPLIES } from '../test/fixtures';
import { renderWithKit } from '../test/kitHarness';
import { SavedRepliesSettings } from './SavedRepliesSettings';

const rows = () => within(screen.getByRole('region', { name: 'Saved replies' })).getAllByRole('listitem');

describe('<SavedRepliesSettings>', () => {
  it('lists the saved replies by shortcut and adds one, which the proxy then has', async () => {
    const user = userEvent.setup();
    const { proxy } = renderWithKit(<SavedRepliesSettings />, { proxy: { savedReplies: SAVED_REPLIES } });
    await waitFor(() =>
      expect(rows().map((r) => r.querySelector('.kit-saved-settings__shortcut')!.textContent)).toEqual([
        '/hours',
        '/shipping',
        '/thanks',
        '/welcome',
      ]),
    );
    expect(
      screen.getByText(
        /Variables are filled in with the customer’s profile: \{first_name\}, \{full_name\}, \{username\}\./,
      ),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add saved reply' }));
    const form = screen.getByRole('form', { name: 'New saved reply' });
    expect(within(form).getByRole('textbox', { name: 'Shortcut' })).toHaveFocus();
    await user.type(within(form).getByRole('textbox', { name: 'Shortcut' }), 'Refund');
    await user.click(within(form).getByRole('textbox', { name: 'Text' }));
    await user.paste('Hi {first_name}, your refund is on its way.');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(proxy.savedReplies.map((r) => r.shortcut)).toContain('refund'));
    expect(proxy.savedReplies.find((r) => r.shortcut === 'refund')!.text).toBe(
      'Hi {first_name}, your refund is on its way.',
    );
    await waitFor(() =>
      expect(rows().map((r) => r.querySelector('.kit-saved-settings__shortcut')!.textContent)).toContain('/refund'),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Saved /refund.');
    // Focus returns in the next animation frame, after the form has closed.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add saved reply' })).toHaveFocus());
  });

  it('refuses unknown variables and a bad shortcut before sending, naming them, with focus on the field', async () => {
    const user = userEvent.setup();
    const { proxy } = renderWithKit(<SavedRepliesSettings />, { proxy: { savedReplies: SAVED_REPLIES } });
    await user.click(await screen.findByRole('button', { name: 'Add saved reply' }));
    const form = screen.getByRole('form', { name: 'New saved reply' });
    await user.type(within(form).getByRole('textbox', { name: 'Shortcut' }), 'greet');
    await user.click(within(form).getByRole('textbox', { name: 'Text' }));
    await user.paste('Hi {name}, I am {agent}');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    const text = within(form).getByRole('textbox', { name: 'Text' });
    expect(text).toHaveFocus();
    expect(text).toHaveAttribute('aria-invalid', 'true');
    expect(text).toHaveAccessibleDescription(
      'Unknown variables: {name}, {agent}. Use {first_name}, {full_name}, {username}.',
    );
    expect(proxy.savedReplies).toHaveLength(SAVED_REPLIES.length);

    await user.clear(within(form).getByRole('textbox', { name: 'Shortcut' }));
    await user.type(within(form).getByRole('textbox', { name: 'Shortcut' }), '-x');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByRole('textbox', { name: 'Shortcut' })).toHaveFocus();
    expect(within(form).getByRole('textbox', { name: 'Shortcut' })).toHaveAccessibleDescription(
      expect.stringContaining('lower-case letters, digits, - and _ only'),
    );
  });

  it('edits a reply, shows the proxy’s 409 for a shortcut another reply has, and deletes', async () => {
    const user = userEvent.setup();
    const { proxy } = renderWithKit(<SavedRepliesSettings />, { proxy: { savedReplies: SAVED_REPLIES } });
    await user.click(await screen.findByRole('button', { name: 'Edit /hours' }));
    const form = screen.getByRole('form', { name: 'Edit /hours' });
    const shortcut = within(form).getByRole('textbox', { name: 'Shortcut' });
    await user.clear(shortcut);
    await user.type(shortcut, 'thanks');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(shortcut).toHaveAccessibleDescription(
        expect.stringContaining('Another saved reply already has the shortcut /thanks.'),
      ),
    );
    expect(shortcut).toHaveFocus();

    await user.clear(shortcut);
    await user.type(shortcut, 'opening-hours');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(proxy.savedReplies.find((r) => r.id === 'sr-hours')!.shortcut).toBe('opening-hours'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit /opening-hours' })).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Delete /welcome' }));
    await waitFor(() => expect(proxy.savedReplies.map((r) => r.shortcut)).not.toContain('welcome'));
    await waitFor(() =>
      expect(rows().map((r) => r.querySelector('.kit-saved-settings__shortcut')!.textContent)).toEqual([
        '/opening-hours',
        '/shipping',
        '/thanks',
      ]),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Deleted /welcome.');
  });
});
