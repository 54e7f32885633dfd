import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@kit/core';
import type { KitConversation } from '@kit/core';
import { conversation, CONVERSATIONS, message } from '../test/fixtures';
import { CLOSED_CID, HUMAN_CID, NOW, OPEN_CID, renderWithKit } from '../test/kitHarness';
import { ConsentBanner } from './ConsentBanner';
import { DisclosureBanner } from './DisclosureBanner';
import { MessagingWindowBanner } from './MessagingWindowBanner';
import { PausedBanner } from './PausedBanner';
import { ACCOUNT } from '../test/fixtures';

afterEach(() => vi.useRealTimers());

describe('<MessagingWindowBanner>', () => {
  it('open: time left, counting down once a minute', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // Customer wrote at 17:55:30 → the window closes tomorrow at 17:55:30: 23 h 25 min 30 s left.
    const conv = conversation({ customerId: 'c1', lastInboundAt: NOW - 35 * MINUTE_MS + 30_000 });
    renderWithKit(<MessagingWindowBanner conversationId={conv.id} />, { conversations: [conv] });
    const banner = screen.getByRole('region', { name: 'Messaging window' });
    expect(banner).toHaveAttribute('data-state', 'open');
    expect(banner).toHaveTextContent('Window open: 23 h 25 min left to reply.');
    act(() => vi.advanceTimersByTime(29_000));
    expect(banner).toHaveTextContent('23 h 25 min left'); // not yet a minute boundary of the window
    act(() => vi.advanceTimersByTime(2_000));
    expect(banner).toHaveTextContent('23 h 24 min left');
    act(() => vi.advanceTimersByTime(60_000));
    expect(banner).toHaveTextContent('23 h 23 min left');
  });

  it('moves to human_agent exactly when 24 h have passed', () => {
    vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const conv = conversation({ customerId: 'c1', lastInboundAt: NOW - 24 * HOUR_MS + 90_000 });
    renderWithKit(<MessagingWindowBanner conversationId={conv.id} />, { conversations: [conv] });
    const banner = screen.getByRole('region', { name: 'Messaging window' });
    expect(banner).toHaveTextContent('Window open: 1 min left to reply.');
    act(() => vi.advanceTimersByTime(90_100));
    expect(banner).toHaveAttribute('data-state', 'human_agent');
  });

  it('human_agent: days left and what the tag allows', () => {
    renderWithKit(<MessagingWindowBanner conversationId={HUMAN_CID} now={NOW} />);
    const banner = screen.getByRole('region', { name: 'Messaging window' });
    expect(banner).toHaveAttribute('data-state', 'human_agent');
    // Customer wrote 18 Nov 09:00; the 7-day window ends 25 Nov 09:00: 3.6 days → 4 days.
    expect(banner).toHaveTextContent('Human agent only: 4 days left.');
    expect(banner).toHaveTextContent('a person may reply with the HUMAN_AGENT tag');
    expect(banner).toHaveTextContent('automated and promotional messages are not allowed');
  });

  it('closed: why and what reopens it', () => {
    renderWithKit(<MessagingWindowBanner conversationId={CLOSED_CID} now={NOW} />);
    const banner = screen.getByRole('region', { name: 'Messaging window' });
    expect(banner).toHaveAttribute('data-state', 'closed');
    expect(banner).toHaveTextContent('Window closed. The customer last wrote more than 7 days ago.');
    expect(banner).toHaveTextContent('Nothing can be sent until the customer writes again');
  });

  it('closed for a customer who never wrote', () => {
    const conv = conversation({ customerId: 'c9' });
    renderWithKit(<MessagingWindowBanner conversationId={conv.id} now={NOW} />, { conversations: [conv] });
    expect(screen.getByRole('region')).toHaveTextContent('The customer hasn’t written to this account yet.');
  });

  it('in German', () => {
    renderWithKit(<MessagingWindowBanner conversationId={HUMAN_CID} now={NOW} />, { locale: 'de' });
    expect(screen.getByRole('region', { name: 'Nachrichtenfenster' })).toHaveTextContent('Nur menschliche Mitarbeiter: noch 4 Tage.');
  });
});

function withDisclosure(disclosure: KitConversation['disclosure'], extra: Partial<KitConversation> = {}): KitConversation[] {
  return [{ ...CONVERSATIONS[0]!, disclosure: disclosure, ...extra }];
}

describe('<DisclosureBanner>', () => {
  it('automated, never told: the first automated message will carry the notice, in the customer’s language', () => {
    renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} />, { conversations: withDisclosure({ automated: true, locale: 'de' }) });
    const banner = screen.getByRole('region', { name: 'Automated replies' });
    expect(banner).toHaveAttribute('data-state', 'automated');
    expect(banner).toHaveAttribute('data-due', 'true');
    expect(banner).toHaveTextContent('The customer has not been told yet');
    expect(banner).toHaveTextContent('(first automated message)');
    const quote = banner.querySelector('blockquote')!;
    expect(quote).toHaveTextContent('Sie kommunizieren mit einem automatisierten Dienst.');
    expect(quote).toHaveAttribute('lang', 'de');
    expect(banner).toHaveTextContent('In the customer’s language (German)');
  });

  it('told recently: no notice due; after a long lapse: due again', () => {
    const told = NOW - 2 * HOUR_MS;
    const first = renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} />, {
      conversations: withDisclosure({ automated: true, lastDisclosedAt: told }, { lastMessageAt: NOW - HOUR_MS }),
    });
    expect(screen.getByRole('region')).toHaveAttribute('data-due', 'false');
    expect(screen.getByRole('region')).toHaveTextContent('No notice is due for the next automated message.');
    first.unmount();
    renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW + 2 * DAY_MS} />, {
      conversations: withDisclosure({ automated: true, lastDisclosedAt: told }, { lastMessageAt: NOW - HOUR_MS }),
    });
    expect(screen.getByRole('region')).toHaveAttribute('data-due', 'true');
    expect(screen.getByRole('region')).toHaveTextContent('(long pause since the last one)');
  });

  it('a person handling the conversation: no "Notice due" badge, the hand-back rule only in the details', () => {
    renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} compact />, {
      conversations: withDisclosure({ automated: false, lastDisclosedAt: NOW - 2 * HOUR_MS, lastSenderWasHuman: true }),
    });
    const banner = screen.getByRole('region', { name: 'Automated replies' });
    expect(banner).toHaveAttribute('data-state', 'human');
    expect(banner).toHaveAttribute('data-due', 'false');
    expect(banner.querySelector('.kit-banner__badge')).toBeNull();
    expect(banner.querySelector('summary')?.textContent).toBe('A person is handling this conversation.');
    expect(banner).toHaveTextContent('(handing over from a person)');
  });

  it('reads the customer’s language from their messages when the conversation has none recorded', () => {
    const h = renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} />, { conversations: withDisclosure({ automated: true }) });
    // Nothing to read yet: the agent's language, and the banner says the customer's is unknown.
    expect(screen.getByRole('region').querySelector('blockquote')).toHaveTextContent('You are interacting with an automated experience.');
    expect(screen.getByRole('region')).toHaveTextContent('In English: the customer’s language is not known yet');
    act(() =>
      h.store.getState().seedThread(OPEN_CID, [
        message({ id: 'i1', text: 'Ciao! Avete ancora la borsa in pelle nera?' }),
        message({ id: 'o1', direction: 'outbound', text: 'Hello! Yes we do.' }),
        message({ id: 'i2', text: 'Perfetto, la spedizione in Italia quanto costa?' }),
      ]),
    );
    const quote = screen.getByRole('region').querySelector('blockquote')!;
    expect(quote).toHaveTextContent('Stai interagendo con un servizio automatizzato.');
    expect(quote).toHaveAttribute('lang', 'it');
    expect(screen.getByRole('region')).toHaveTextContent('In the customer’s language (Italian)');
  });

  it('prefers the recorded language, then the profile locale, over what the messages look like', () => {
    const seeded = [message({ id: 'i1', text: 'Hallo, ich habe meine Bestellung noch nicht bekommen' })];
    const first = renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} />, {
      conversations: withDisclosure({ automated: true }, { customer: { name: 'Giulia', locale: 'it_IT' } }),
    });
    act(() => first.store.getState().seedThread(OPEN_CID, seeded));
    expect(screen.getByRole('region').querySelector('blockquote')).toHaveAttribute('lang', 'it-IT');
    expect(screen.getByRole('region').querySelector('blockquote')).toHaveTextContent('Stai interagendo');
    first.unmount();
    const second = renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} />, { conversations: withDisclosure({ automated: true }) });
    act(() => second.store.getState().seedThread(OPEN_CID, seeded));
    expect(screen.getByRole('region').querySelector('blockquote')).toHaveAttribute('lang', 'de');
  });

  it('lets the agent take over and hand back, posting the mode to the proxy', async () => {
    const user = userEvent.setup();
    const setConversationMode = vi.fn((_a: string, _c: string, automated: boolean) =>
      Promise.resolve({ conversation: { ...CONVERSATIONS[0]!, disclosure: { automated, lastSenderWasHuman: !automated } } }),
    );
    renderWithKit(<DisclosureBanner conversationId={OPEN_CID} now={NOW} />, {
      conversations: withDisclosure({ automated: true, lastDisclosedAt: NOW - HOUR_MS }),
      client: (client) => ({ ...client, setConversationMode }),
    });
    await user.click(screen.getByRole('button', { name: 'Take over as a person' }));
    expect(setConversationMode).toHaveBeenCalledWith('17841400000000001', OPEN_CID, false);
    expect(await screen.findByText('A person is handling this conversation.')).toBeInTheDocument();
    expect(screen.getByRole('region')).toHaveAttribute('data-state', 'human');
    await user.click(screen.getByRole('button', { name: 'Hand back to automation' }));
    expect(setConversationMode).toHaveBeenLastCalledWith('17841400000000001', OPEN_CID, true);
  });
});

describe('<ConsentBanner>', () => {
  it('opted in: date, topic and what may be sent', () => {
    renderWithKit(<ConsentBanner conversationId={OPEN_CID} />, {
      conversations: [{ ...CONVERSATIONS[0]!, consent: { state: 'opted_in', at: Date.UTC(2026, 10, 2, 10, 0), topic: 'Restock alerts' } }],
    });
    const banner = screen.getByRole('region', { name: 'Consent' });
    expect(banner).toHaveAttribute('data-state', 'opted_in');
    expect(banner.textContent).toMatch(/Opted in to “Restock alerts” .*2026/);
    expect(banner).toHaveTextContent('send the updates they opted in to');
  });

  it('records an opt-out the customer asked for, after confirmation', async () => {
    const user = userEvent.setup();
    const recordConsent = vi.fn(() => Promise.resolve({ ...CONVERSATIONS[0]!, consent: { state: 'opted_out' as const, at: NOW } }));
    renderWithKit(<ConsentBanner conversationId={OPEN_CID} />, { client: (client) => ({ ...client, recordConsent }) });
    const banner = screen.getByRole('region', { name: 'Consent' });
    expect(banner).toHaveTextContent('No opt-in or opt-out recorded.');
    await user.click(screen.getByRole('button', { name: 'Record opt-out' }));
    expect(recordConsent).not.toHaveBeenCalled();
    expect(banner).toHaveTextContent('The customer asked to stop receiving messages. Record it?');
    await user.click(screen.getByRole('button', { name: 'Record opt-out' }));
    expect(recordConsent).toHaveBeenCalledWith('17841400000000001', OPEN_CID, 'opted_out');
    expect(await screen.findByText(/^Opted out/)).toBeInTheDocument();
    expect(banner).toHaveAttribute('data-state', 'opted_out');
    expect(banner).toHaveTextContent('Send no updates, offers or follow-ups.');
    expect(screen.queryByRole('button', { name: 'Record opt-out' })).not.toBeInTheDocument();
  });

  it('says so when the proxy refuses', async () => {
    const user = userEvent.setup();
    const recordConsent = vi.fn(() => Promise.reject(new Error('Not allowed')));
    renderWithKit(<ConsentBanner conversationId={OPEN_CID} />, { client: (client) => ({ ...client, recordConsent }) });
    await user.click(screen.getByRole('button', { name: 'Record opt-out' }));
    await user.click(screen.getByRole('button', { name: 'Record opt-out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not record the opt-out: Not allowed');
  });
});

describe('compact banners (as <Inbox> shows them)', () => {
  it('keep the title on one summary line and fold the rest, which opens on click', async () => {
    const user = userEvent.setup();
    renderWithKit(
      <>
        <MessagingWindowBanner conversationId={HUMAN_CID} now={NOW} compact />
        <DisclosureBanner conversationId={OPEN_CID} now={NOW} compact />
        <ConsentBanner conversationId={OPEN_CID} compact />
      </>,
      { conversations: [...withDisclosure({ automated: true, locale: 'de' }), ...CONVERSATIONS.slice(1)] },
    );
    const win = screen.getByRole('region', { name: 'Messaging window' });
    const summary = win.querySelector('summary')!;
    expect(summary).toHaveTextContent('Human agent only: 4 days left.');
    expect(win.querySelector('details')).not.toHaveAttribute('open');
    expect(win.querySelector('details .kit-banner__detail')).not.toBeNull();
    await user.click(summary);
    expect(win.querySelector('details')).toHaveAttribute('open');

    // A due notice is flagged on the summary line itself, so it is not missed while folded.
    const disclosure = screen.getByRole('region', { name: 'Automated replies' });
    expect(disclosure.querySelector('summary')).toHaveTextContent('Automated replies are on for this conversation.Notice due');
    expect(disclosure.querySelector('details blockquote')).toHaveTextContent('Sie kommunizieren mit einem automatisierten Dienst.');

    // Actions live in the folded part; the outcome of one stays outside it.
    const consent = screen.getByRole('region', { name: 'Consent' });
    expect(consent.querySelector('details')!.contains(screen.getByRole('button', { name: 'Record opt-out' }))).toBe(true);
  });
});

describe('<PausedBanner>', () => {
  const pause = { message: 'Meta is failing sends; we resume when it is fixed.', since: NOW - HOUR_MS };

  it('asks the proxy once, shows the operator’s message and that sends wait, and follows pause and resume events live', async () => {
    const listAccounts = vi.fn(() => Promise.resolve([{ id: ACCOUNT, paused: pause }]));
    const { store, container } = renderWithKit(<PausedBanner />, { client: (c) => ({ ...c, listAccounts }) });
    const banner = await screen.findByRole('status', { name: 'Sending paused' });
    expect(banner).toHaveTextContent('Sending is paused: Meta is failing sends; we resume when it is fixed.');
    expect(banner).toHaveTextContent('Messages you send now wait, and go out in order when sending resumes.');
    expect(listAccounts).toHaveBeenCalledTimes(1);
    act(() => store.getState().applyEvent({ type: 'account_updated', accountId: ACCOUNT, at: NOW, paused: null }));
    expect(container.querySelector('.kit-banner')).toBeNull();
    act(() => store.getState().applyEvent({ type: 'account_updated', accountId: ACCOUNT, at: NOW, paused: { ...pause, message: 'Again' } }));
    expect(screen.getByRole('status', { name: 'Sending paused' })).toHaveTextContent('Sending is paused: Again');
    // Another account's switch is not this inbox's.
    act(() => store.getState().applyEvent({ type: 'account_updated', accountId: 'other-account', at: NOW, paused: null }));
    expect(screen.getByRole('status', { name: 'Sending paused' })).toBeInTheDocument();
  });

  it('renders nothing while sending runs normally', async () => {
    const listAccounts = vi.fn(() => Promise.resolve([{ id: ACCOUNT, paused: null }]));
    const { container } = renderWithKit(<PausedBanner />, { client: (c) => ({ ...c, listAccounts }) });
    await vi.waitFor(() => expect(listAccounts).toHaveBeenCalled());
    expect(container.querySelector('.kit-banner')).toBeNull();
  });
});
