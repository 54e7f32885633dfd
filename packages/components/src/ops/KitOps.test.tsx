import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '@kit/core';
import { PausedBanner } from '../banners/PausedBanner';
import { KitClientError } from '../client';
import { ACCOUNT } from '../test/fixtures';
import { NOW, OPEN_CID, renderWithKit } from '../test/kitHarness';
import { outboxSend } from '../test/opsFixtures';
import { KitOps } from './KitOps';

afterEach(() => vi.useRealTimers());

const uncertain = outboxSend({
  clientId: 'c-unc',
  conversationId: OPEN_CID,
  status: 'uncertain',
  attempts: 1,
  text: 'Your refund is on its way.',
  createdAt: NOW - 2 * HOUR_MS - 5 * MINUTE_MS,
  reason: { code: 'timeout', message: 'Instagram did not answer', category: 'network' },
});
const queued = outboxSend({ clientId: 'c-q', conversationId: OPEN_CID, text: 'See you tomorrow', createdAt: NOW - 3 * MINUTE_MS });

const section = (name: string) => screen.getByRole('region', { name });

describe('<KitOps>', () => {
  it('pauses with the operator’s message, and <PausedBanner> on the same provider shows it at once', async () => {
    const user = userEvent.setup();
    const { proxy, store } = renderWithKit(
      <>
        <PausedBanner />
        <KitOps now={NOW} refreshMs={0} />
      </>,
    );
    const account = section(`Account ${ACCOUNT}`);
    await within(account).findByText('Sending runs normally.');
    expect(account).toHaveTextContent('Connected.');
    expect(account).toHaveTextContent('History import: done.');
    expect(account).toHaveTextContent('While sending is paused, sends wait queued and none fails');

    // No message: nothing is sent, the operator is told why.
    await user.click(within(account).getByRole('button', { name: 'Pause sending' }));
    expect(proxy.pauses).toEqual([]);
    expect(within(account).getByRole('alert')).toHaveTextContent('Write the message agents will see');

    await user.type(within(account).getByRole('textbox', { name: 'Message for agents' }), 'Meta is failing sends');
    await user.click(within(account).getByRole('button', { name: 'Pause sending' }));
    expect(proxy.pauses).toEqual(['Meta is failing sends']);
    expect(store.getState().accountPause[ACCOUNT]).toMatchObject({ message: 'Meta is failing sends' });
    expect(await screen.findByRole('status', { name: 'Sending paused' })).toHaveTextContent('Sending is paused: Meta is failing sends');
    expect(account).toHaveAttribute('data-state', 'paused');
    expect(account.textContent).toMatch(/Sending paused since .*Meta is failing sends/);
  });

  it('resumes: the store (and so the banner) says not paused, and the outbox is read again', async () => {
    const user = userEvent.setup();
    const pause = { message: 'Meta is down', since: NOW - HOUR_MS };
    const listOutbox = vi.fn(() => Promise.resolve({ sends: [], oldestQueuedAt: null }));
    const { proxy, store, container } = renderWithKit(
      <>
        <PausedBanner />
        <KitOps now={NOW} refreshMs={0} />
      </>,
      { proxy: { paused: pause }, client: (c) => ({ ...c, listOutbox }) },
    );
    const account = section(`Account ${ACCOUNT}`);
    const resume = await within(account).findByRole('button', { name: 'Resume sending' });
    expect(account).toHaveTextContent('Meta is down');
    expect(screen.getByRole('status', { name: 'Sending paused' })).toBeInTheDocument();
    const reads = listOutbox.mock.calls.length;
    await user.click(resume);
    expect(proxy.pauses).toEqual([null]);
    expect(store.getState().accountPause[ACCOUNT]).toBeNull();
    expect(container.querySelector('.kit-banner[data-kind="paused"]')).toBeNull();
    expect(within(account).getByRole('button', { name: 'Pause sending' })).toBeInTheDocument();
    await waitFor(() => expect(listOutbox.mock.calls.length).toBeGreaterThan(reads));
  });

  it('lists unsettled sends oldest first with age, attempts, conversation, preview and reason; "Send again" resolves with resend and the row leaves', async () => {
    const user = userEvent.setup();
    const { proxy } = renderWithKit(<KitOps now={NOW} refreshMs={0} />, { proxy: { outbox: [queued, uncertain] } });
    const outbox = section('Outbox');
    const rows = await within(outbox).findAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-client-id'))).toEqual(['c-unc', 'c-q']);
    expect(rows[0]).toHaveTextContent('uncertain 2 h 5 min · 1 attempt · conversation Giulia Rossi');
    expect(rows[0]).toHaveTextContent('Your refund is on its way.');
    expect(rows[0]).toHaveTextContent('Instagram did not answer (timeout)');
    expect(rows[1]).toHaveTextContent('queued 3 min · 0 attempts');
    // Only the uncertain send offers the three outcomes.
    expect(within(rows[1]!).queryByRole('button')).toBeNull();
    expect(within(rows[0]!).getAllByRole('button').map((b) => b.textContent)).toEqual(['It was delivered', 'Send again', 'Drop it']);

    await user.click(within(rows[0]!).getByRole('button', { name: 'Send again' }));
    expect(proxy.resolves).toEqual([{ clientId: 'c-unc', outcome: 'resend' }]);
    await waitFor(() => expect(outbox.querySelector('[data-client-id="c-unc"]')).toBeNull());
    expect(outbox.querySelector('[data-client-id="c-q"]')).not.toBeNull();
  });

  it('settled meanwhile by someone else (409 send_not_uncertain): refreshes quietly, no error', async () => {
    const user = userEvent.setup();
    const { proxy } = renderWithKit(<KitOps now={NOW} refreshMs={0} />, { proxy: { outbox: [uncertain] } });
    const outbox = section('Outbox');
    const drop = await within(outbox).findByRole('button', { name: 'Drop it' });
    proxy.outbox.splice(0); // another operator settled it
    await user.click(drop);
    expect(await within(outbox).findByText('Nothing waiting: every send is settled.')).toBeInTheDocument();
    expect(within(outbox).queryByRole('alert')).toBeNull();
  });

  it('reads the outbox again every 10 s while mounted, and stops when unmounted', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const listOutbox = vi.fn(() => Promise.resolve({ sends: [], oldestQueuedAt: null }));
    const { unmount } = renderWithKit(<KitOps now={NOW} />, { client: (c) => ({ ...c, listOutbox }) });
    await act(async () => {});
    expect(listOutbox).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(10_000));
    expect(listOutbox).toHaveBeenCalledTimes(2);
    unmount();
    await act(async () => vi.advanceTimersByTime(30_000));
    expect(listOutbox).toHaveBeenCalledTimes(2);
  });

  it('dead letters: when, attempts, size and reason per row', async () => {
    renderWithKit(<KitOps now={NOW} refreshMs={0} />, {
      proxy: { deadLetters: [{ id: 'dl1', webhookId: 'w1', receivedAt: NOW - 2 * HOUR_MS, deadAt: NOW - HOUR_MS, attempts: 8, reason: 'unknown_account', bytes: 1843 }] },
    });
    const dead = section('Dead letters');
    const row = await within(dead).findByRole('listitem');
    expect(row.textContent).toMatch(/Gave up .* · 8 attempts · 1,843 bytes/);
    expect(row).toHaveTextContent('unknown_account');
  });

  it('dead letters: Replay queues one again and Discard gives one up; both leave the list', async () => {
    const letter = (id: string) => ({ id, webhookId: `w-${id}`, receivedAt: NOW - 2 * HOUR_MS, deadAt: NOW - HOUR_MS, attempts: 8, reason: 'apply_failed', bytes: 10 });
    const { proxy } = renderWithKit(<KitOps now={NOW} refreshMs={0} />, { proxy: { deadLetters: [letter('dl1'), letter('dl2')] } });
    const dead = section('Dead letters');
    const rows = await within(dead).findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    await userEvent.click(within(rows[0]!).getByRole('button', { name: 'Replay' }));
    await vi.waitFor(() => expect(within(dead).getAllByRole('listitem')).toHaveLength(1));
    await userEvent.click(within(within(dead).getByRole('listitem')).getByRole('button', { name: 'Discard' }));
    expect(await within(dead).findByText('No dead letters.')).toBeInTheDocument();
    expect(proxy.deadActions).toEqual([
      { id: 'dl1', action: 'replay' },
      { id: 'dl2', action: 'discard' },
    ]);
    expect(within(dead).queryByRole('alert')).toBeNull();
  });

  it('dead letters forbidden: a short "not allowed" line, no error', async () => {
    renderWithKit(<KitOps now={NOW} refreshMs={0} />, { proxy: { deadLetters: 'forbidden' } });
    const dead = section('Dead letters');
    expect(await within(dead).findByText(/^Not allowed:/)).toBeInTheDocument();
    expect(dead).toHaveAttribute('data-state', 'forbidden');
    expect(within(dead).queryByRole('alert')).toBeNull();
  });

  it('shows other failures as errors, and an account needing a new login', async () => {
    const failing = () => Promise.reject(new KitClientError({ code: 'internal', message: 'Boom', status: 500, retryable: true, category: 'unknown' }));
    renderWithKit(<KitOps now={NOW} refreshMs={0} />, {
      client: (c) => ({ ...c, listDeadLetters: failing, listAccounts: () => Promise.resolve([{ id: ACCOUNT, status: 'needs_reauth', backfill: { state: 'running' }, paused: null }]) }),
    });
    expect(await within(section('Dead letters')).findByRole('alert')).toHaveTextContent('Could not load dead letters: Boom');
    const account = section(`Account ${ACCOUNT}`);
    await within(account).findByText(/^Needs a new login/);
    expect(account).toHaveAttribute('data-state', 'needs_reauth');
    expect(account).toHaveTextContent('History import: running.');
  });

  it('speaks Italian with the provider', async () => {
    renderWithKit(<KitOps now={NOW} refreshMs={0} />, { locale: 'it', proxy: { outbox: [uncertain] } });
    const outbox = await screen.findByRole('region', { name: 'Posta in uscita' });
    expect(await within(outbox).findByRole('button', { name: 'Invia di nuovo' })).toBeInTheDocument();
    expect(outbox).toHaveTextContent('incerto da 2 h 5 min · 1 tentativo');
  });
});
