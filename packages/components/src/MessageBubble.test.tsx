import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { KitMessage } from '@kit/core';
import { KitClientError } from './client';
import { MessageBubble } from './MessageBubble';
import { KitProvider, useKitStore } from './provider';
import { createKitStore } from './store';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, everyKind, message, systemRowsAndChips } from './test/fixtures';

/** Every message of the thread, unvirtualized (the bubble is under test, not the list). */
function Bubbles() {
  const ids = useKitStore((s) => s.threads[CID]?.ids ?? []);
  return ids.map((id) => <MessageBubble key={id} conversationId={CID} messageId={id} customerName="Giulia Rossi" />);
}

function renderMessages(messages: KitMessage[], options: Parameters<typeof fakeProxy>[0] = {}, locale = 'en') {
  const proxy = fakeProxy(options);
  const store = createKitStore({ client: proxy.client, accountId: ACCOUNT, newClientId: () => 'c1' });
  store.getState().seedThread(CID, messages);
  const utils = render(
    <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false} locale={locale}>
      <Bubbles />
    </KitProvider>,
  );
  const row = (id: string) => utils.container.querySelector<HTMLElement>(`[data-message-id="${id}"]`)!;
  return { ...utils, store, proxy, row };
}

describe('<MessageBubble> content', () => {
  it('renders text as text, never HTML, and links only http(s) URLs safely', () => {
    const { row } = renderMessages(everyKind());
    const r = row('k15');
    expect(r).toHaveTextContent('<b>not bold</b>');
    expect(r.querySelector('b')).toBeNull();
    const links = within(r).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', 'https://example.com/p/1');
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer');
    expect(links[0]).toHaveAttribute('target', '_blank');
    expect(r).toHaveTextContent('javascript:alert(1)');
  });

  it('renders every attachment kind', async () => {
    const { row } = renderMessages(everyKind());
    const img = within(row('k0')).getByRole('img', { name: 'Photo' });
    expect(img).toHaveAttribute('loading', 'lazy');
    expect(img).toHaveAttribute('width', '240');
    expect(img).toHaveAttribute('height', '180');
    expect(row('k1').querySelector('video')).toHaveAttribute('preload', 'metadata');
    expect(row('k2').querySelector('audio')).toHaveAttribute('aria-label', 'Voice message (0:14)');
    const pdf = within(row('k3')).getByRole('link');
    expect(pdf).toHaveTextContent('invoice-2026-11.pdf');
    expect(await within(pdf).findByText('183.2 kB')).toHaveClass('kit-file-size'); // its formatter is loaded on demand
    expect(within(row('k4')).getByRole('img', { name: 'Heart' })).toHaveTextContent('❤️');
    expect(row('k5')).toHaveTextContent('Instagram post');
    expect(row('k5')).toHaveTextContent('New autumn collection is here');
    expect(row('k6')).toHaveTextContent('Instagram reel');
    expect(row('k7')).toHaveTextContent('Facebook reel');
    expect(row('k8')).toHaveTextContent('Shared post caption');
    expect(row('k9')).toHaveTextContent('Mentioned you in their story');
    expect(within(row('k9')).getByRole('img', { name: 'This story is no longer available' })).toBeInTheDocument();
    expect(row('k10')).toHaveTextContent('Replied to your story');
    expect(within(row('k10')).getByRole('img', { name: 'Replied to your story' })).toBeInTheDocument();
    expect(row('k11')).toHaveTextContent('Disappearing photo or video');
    expect(within(row('k12')).getByRole('link', { name: 'View' })).toHaveAttribute('href', 'https://example.com/p/1');
    expect(row('k13')).toHaveTextContent('Attachment not supported');
    expect(row('k14')).toHaveTextContent("This message type isn't supported here");
    expect(row('k14')).toHaveAttribute('data-state', 'unsupported');
  });

  it('replaces media whose CDN URL died with a placeholder', () => {
    const { row } = renderMessages([message({ id: 's1', attachments: [{ type: 'story_mention', url: 'https://lookaside.fbsbx.com/story' }] })]);
    const img = within(row('s1')).getByRole('img', { name: 'Mentioned you in their story' });
    act(() => {
      img.dispatchEvent(new Event('error'));
    });
    expect(row('s1').querySelector('.kit-story')).toHaveAttribute('data-state', 'expired');
    expect(within(row('s1')).getByRole('img', { name: 'This story is no longer available' })).toBeInTheDocument();
  });

  it('shows reply quotes, the edited marker, tombstones and reactions', () => {
    const { row } = renderMessages(everyKind());
    expect(within(row('k15')).getByText('Reply to Giulia Rossi')).toBeInTheDocument();
    expect(row('k15').querySelector('.kit-reply-quote')).toHaveTextContent('Photo');
    expect(row('k16')).toHaveTextContent('Edited');
    expect(row('k17')).toHaveAttribute('data-state', 'deleted');
    expect(row('k17')).toHaveTextContent('This message was unsent');
    expect(within(row('k18')).getByRole('list', { name: '❤️ from you' })).toBeInTheDocument();
  });

  it('shows a tapped button and a bare referral as system lines, a referral above its message, and the quick replies offered', () => {
    const { row } = renderMessages(systemRowsAndChips());
    expect(row('s1')).toHaveAttribute('data-state', 'system');
    expect(row('s1')).toHaveTextContent('Giulia Rossi tapped “What are your opening hours?”');
    expect(row('s1').querySelector('.kit-bubble')).toBeNull();
    expect(row('s2')).toHaveAttribute('data-state', 'system');
    expect(row('s2')).toHaveTextContent('Giulia Rossi came from the ad “Winter jackets −30%”');
    expect(row('s3')).toHaveAttribute('data-state', 'received');
    expect(row('s3').querySelector('.kit-referral-note')).toHaveTextContent('Giulia Rossi came from the link “black-friday”');
    expect(row('s3').querySelector('.kit-bubble')).toHaveTextContent('Hi! I saw your story link');
    const chips = within(row('s4')).getByRole('list', { name: 'Quick replies offered' });
    expect(within(chips).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['S', 'M', 'Phone number', 'Email']);
    // Chips are what was offered, not controls of this inbox.
    expect(within(chips).queryAllByRole('button')).toEqual([]);
    expect(row('s5').querySelector('.kit-quick-replies')).toBeNull();
  });

  it('says what the customer tapped in Italian and German too', () => {
    expect(renderMessages(systemRowsAndChips(), {}, 'it').row('s1')).toHaveTextContent('Giulia Rossi ha toccato “What are your opening hours?”');
    document.body.innerHTML = '';
    expect(renderMessages(systemRowsAndChips(), {}, 'de').row('s2')).toHaveTextContent('Giulia Rossi kam über die Anzeige „Winter jackets −30%“');
  });

  it('says when a quoted message is not loaded', () => {
    const { row } = renderMessages([message({ id: 'r1', text: 'yes', replyTo: { messageId: 'gone' } })]);
    expect(row('r1').querySelector('.kit-reply-quote')).toHaveAttribute('data-state', 'missing');
    expect(row('r1')).toHaveTextContent('Original message not loaded');
  });

  it('opens an image in a lightbox dialog inside the kit root, closable with Escape', async () => {
    const { row, container } = renderMessages(everyKind());
    const user = userEvent.setup();
    await user.click(within(row('k0')).getByRole('button', { name: 'Open photo' }));
    const dialog = await screen.findByRole('dialog', {}, { timeout: 15_000 }); // the lightbox is loaded on demand
    expect(container.querySelector('.kit-root')).toContainElement(dialog);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('<MessageBubble> delivery', () => {
  const out = (overrides: Partial<KitMessage> & { id: string }) => message({ direction: 'outbound', text: 'hey', ...overrides });

  it('shows sending, sent and seen', () => {
    const { row, store } = renderMessages([out({ id: 'o1', status: 'sending' }), out({ id: 'o2', status: 'sent' })]);
    expect(row('o1')).toHaveAttribute('data-state', 'sending');
    expect(row('o1')).toHaveTextContent('Sending…');
    expect(row('o2')).toHaveTextContent('Sent');
    act(() => store.getState().applyEvent({ type: 'read', accountId: ACCOUNT, conversationId: CID, at: 1, messageId: 'o2', by: 'customer' }));
    expect(row('o2').querySelector('.kit-delivery')).toHaveAttribute('data-state', 'seen');
    expect(row('o2')).toHaveTextContent('Seen');
  });

  it('a failed send shows the reason with Retry and Discard that work', async () => {
    let attempt = 0;
    const { store, row } = renderMessages([], {
      sendResult: (body) => (++attempt === 1 ? new KitClientError({ code: 'window_closed', message: 'The 24-hour window is closed.', status: 403, retryable: false, category: 'window' }) : { clientId: body.clientId, status: 'sent', messageId: 'mid.ok' }),
    });
    await act(() => store.getState().send(CID, { text: 'late reply' }));
    const r = row('local:c1');
    expect(r).toHaveAttribute('data-state', 'failed');
    const problem = within(r).getByRole('group', { name: 'Not delivered' });
    expect(problem).toHaveTextContent('The 24-hour window is closed.');
    await userEvent.setup().click(within(problem).getByRole('button', { name: 'Retry' }));
    expect(store.getState().threads[CID]!.ids).toEqual(['mid.ok']);
    expect(row('mid.ok')).toHaveAttribute('data-state', 'sent');
  });

  it('an uncertain send asks before sending again, and can be discarded', async () => {
    const { store, row } = renderMessages([out({ id: 'local:u1', clientId: 'u1', status: 'uncertain' })]);
    const prompt = within(row('local:u1')).getByRole('group', { name: 'Delivery not confirmed' });
    expect(prompt).toHaveTextContent('Sending again may deliver it twice');
    expect(within(prompt).getByRole('button', { name: 'Send again' })).toBeInTheDocument();
    await userEvent.setup().click(within(prompt).getByRole('button', { name: 'Discard' }));
    expect(store.getState().threads[CID]!.ids).toEqual([]);
  });

  it('speaks German', () => {
    const { row } = renderMessages([out({ id: 'local:u2', clientId: 'u2', status: 'uncertain' })], {}, 'de');
    expect(within(row('local:u2')).getByRole('button', { name: 'Nochmals senden' })).toBeInTheDocument();
  });
});
