/**
 * The composer's quick replies and cards, and the profile settings, against the fake proxy: what
 * reaches POST /messages and POST /profile is exactly what the agent built, nothing invalid is
 * sent, and a sent card shows in the thread at once.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Composer } from '../composer/Composer';
import { draftsFor } from '../composer/drafts';
import { HUMAN_CID, NOW, OPEN_CID, renderWithKit } from '../test/kitHarness';
import { ProfileSettings } from './ProfileSettings';

function setup(cid = OPEN_CID) {
  const user = userEvent.setup();
  const h = renderWithKit(<Composer conversationId={cid} now={NOW} media={false} />);
  const open = async () => user.click(await screen.findByRole('button', { name: 'Quick replies and cards' }));
  return { user, open, ...h };
}

describe('quick replies from the composer', () => {
  it('sends the composer’s text with the chips under it, then clears both', { timeout: 20_000 }, async () => {
    const { user, open, proxy, store } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Which size?');
    await open();
    const field = screen.getByRole('textbox', { name: 'New quick reply' });
    await user.type(field, 'S{Enter}M{Enter}');
    await user.click(screen.getByRole('button', { name: 'Add email chip' }));
    await user.click(screen.getByRole('button', { name: 'Send with quick replies' }));
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]).toMatchObject({
      text: 'Which size?',
      quickReplies: [
        { contentType: 'text', title: 'S', payload: 'S' },
        { contentType: 'text', title: 'M', payload: 'M' },
        { contentType: 'user_email' },
      ],
    });
    expect(draftsFor(store).getState()[OPEN_CID]).toBeUndefined();
    expect(screen.queryByRole('region', { name: 'Quick replies and cards' })).toBeNull();
  });

  it('sends nothing without text or without chips', async () => {
    const { user, open, proxy } = setup();
    await open();
    expect(screen.getByText('Write the message in the composer first; the quick replies go under it.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'New quick reply' }), 'Yes{Enter}');
    await user.click(screen.getByRole('button', { name: 'Send with quick replies' }));
    expect(proxy.sends).toEqual([]);
  });

  it('after 24 h the sends wait for the HUMAN_AGENT confirmation, then carry the tag', { timeout: 20_000 }, async () => {
    const { user, open, proxy } = setup(HUMAN_CID);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Sorry for the wait');
    await open();
    await user.type(screen.getByRole('textbox', { name: 'New quick reply' }), 'OK{Enter}');
    await user.click(screen.getByRole('button', { name: 'Send with quick replies' }));
    expect(proxy.sends).toEqual([]);
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Send with quick replies' }));
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]).toMatchObject({ text: 'Sorry for the wait', tag: 'HUMAN_AGENT', quickReplies: [{ title: 'OK' }] });
  });
});

describe('cards from the composer', () => {
  it('checks the button template live and sends it in the proxy’s shape; it shows in the thread at once', { timeout: 20_000 }, async () => {
    const { user, open, proxy, store } = setup();
    await open();
    await user.click(screen.getByRole('button', { name: 'Card' }));
    const send = screen.getByRole('button', { name: 'Send card' });
    await user.click(send);
    expect(proxy.sends).toEqual([]);
    expect(screen.getByText('3 things to fix before sending')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /^Text/ }), 'Your order shipped.');
    const button = within(screen.getByRole('group', { name: 'Button 1' }));
    await user.click(button.getByRole('textbox', { name: /^Title/ }));
    await user.paste('A title far too long for it');
    expect(await button.findByText('27 / 20: too long.')).toBeInTheDocument();
    await user.clear(button.getByRole('textbox', { name: /^Title/ }));
    await user.type(button.getByRole('textbox', { name: /^Title/ }), 'Track parcel');
    await user.selectOptions(button.getByRole('combobox'), 'web_url');
    await user.type(button.getByRole('textbox', { name: /^Link/ }), 'http://shop.example.com/t');
    expect(button.getByText('Use a full https:// link.')).toBeInTheDocument();
    await user.click(send);
    expect(proxy.sends).toEqual([]);
    await user.clear(button.getByRole('textbox', { name: /^Link/ }));
    await user.type(button.getByRole('textbox', { name: /^Link/ }), 'https://shop.example.com/t');
    await user.click(send);
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    const template = { type: 'button', text: 'Your order shipped.', buttons: [{ type: 'web_url', title: 'Track parcel', url: 'https://shop.example.com/t' }] };
    expect(proxy.sends[0]).toMatchObject({ template });
    expect(proxy.sends[0]).not.toHaveProperty('preview');
    const thread = store.getState().threads[OPEN_CID]!;
    const shown = thread.byId.get(thread.ids.at(-1)!);
    expect(shown?.attachments[0]).toMatchObject({ type: 'template', templateType: 'button', text: 'Your order shipped.' });
  });
});

describe('<ProfileSettings>', () => {
  it('loads the ice breakers and menu, checks them live, saves them whole', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const { proxy } = renderWithKit(<ProfileSettings />, {
      proxy: { profile: { iceBreakers: [{ question: 'Where is my order?', payload: 'ORDER' }], persistentMenu: [], otherLocales: ['es_ES'] } },
    });
    const q1 = within(await screen.findByRole('group', { name: 'Question 1' }));
    expect(q1.getByRole('textbox', { name: /^Text/ })).toHaveValue('Where is my order?');
    expect(screen.getByText('Also set in other languages (es_ES); those stay as they are.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add question' }));
    const q2 = within(screen.getByRole('group', { name: 'Question 2' }));
    await user.click(q2.getByRole('textbox', { name: /^Text/ }));
    await user.paste('x'.repeat(81));
    expect(await q2.findByText('81 / 80: too long.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(proxy.profileUpdates).toEqual([]);
    await user.clear(q2.getByRole('textbox', { name: /^Text/ }));
    await user.type(q2.getByRole('textbox', { name: /^Text/ }), 'Do you ship to Italy?');
    await user.type(q2.getByRole('textbox', { name: /^Payload/ }), 'SHIPPING');
    await user.click(screen.getByRole('button', { name: 'Add item' }));
    const item = within(screen.getByRole('group', { name: 'Item 1' }));
    await user.type(item.getByRole('textbox', { name: /^Title/ }), 'Talk to a person');
    await user.type(item.getByRole('textbox', { name: /^Payload/ }), 'HUMAN');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(proxy.profileUpdates).toHaveLength(1));
    expect(proxy.profileUpdates[0]).toEqual({
      iceBreakers: [
        { question: 'Where is my order?', payload: 'ORDER' },
        { question: 'Do you ship to Italy?', payload: 'SHIPPING' },
      ],
      persistentMenu: [{ type: 'postback', title: 'Talk to a person', payload: 'HUMAN' }],
    });
    expect(await screen.findByText('Saved. Instagram may take a few minutes to show it.')).toBeInTheDocument();
  });

  it('says so when the profile cannot be loaded', async () => {
    renderWithKit(<ProfileSettings />, { proxy: { profile: 'error' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the settings: Instagram did not answer (fake).');
  });
});
