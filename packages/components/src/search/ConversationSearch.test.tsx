/**
 * <ConversationSearch>'s requests: one per pause in typing (debounced, on a fake clock), none for
 * text without letters or digits, a result older than the list put into the store before it opens,
 * and the search route built from a createKitClient client's request function.
 */
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKitClient } from '../client';
import { ConversationList } from '../ConversationList';
import { CID, conversation, CONVERSATIONS, thread } from '../test/fixtures';
import { NOW, renderWithKit } from '../test/kitHarness';
import ConversationSearch from './ConversationSearch';
import { searchRoute } from './searchRoute';

afterEach(() => {
  vi.useRealTimers();
});

const box = () => screen.getByRole('searchbox', { name: 'Search conversations' });
const type = (value: string) => fireEvent.change(box(), { target: { value } });

describe('<ConversationSearch>', () => {
  it('searches once the agent pauses typing, and never for text without a letter or digit', async () => {
    vi.useFakeTimers();
    const { proxy } = renderWithKit(
      <>
        <ConversationSearch now={NOW} onOpen={() => {}} />
        <ConversationList now={NOW} />
      </>,
      { proxy: { threads: { [CID]: thread(30) }, now: () => NOW } },
    );
    for (const text of ['j', 'ja', 'jac', 'jack']) {
      type(text);
      await act(() => vi.advanceTimersByTimeAsync(100));
    }
    expect(proxy.searches).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(250));
    expect(proxy.searches).toEqual([{ q: 'jack', filters: [], limit: 30 }]);
    await act(() => vi.advanceTimersByTimeAsync(10)); // the fake proxy answers
    expect(screen.getByRole('listbox', { name: 'Search results' })).toBeInTheDocument();
    expect(document.querySelector('.kit-search')).toHaveAttribute('data-state', 'ready');

    type('?!');
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(proxy.searches).toHaveLength(1);
    expect(screen.queryByRole('listbox', { name: 'Search results' })).toBeNull();
    expect(document.querySelector('.kit-search')).toHaveAttribute('data-state', 'idle'); // the list shows again
  });

  it('puts a result the list has not loaded into the store, then opens it at the matching message', async () => {
    const old = conversation({ customerId: '6000000000000099', customer: { name: 'Old Friend' }, lastMessageAt: Date.UTC(2025, 0, 1), lastInboundAt: Date.UTC(2025, 0, 1) });
    const onOpen = vi.fn();
    const { store } = renderWithKit(<ConversationSearch now={NOW} onOpen={onOpen} defaultQuery="friend" debounceMs={0} />, {
      proxy: { conversations: [...CONVERSATIONS, old], now: () => NOW },
    });
    expect(store.getState().conversations[old.id]).toBeUndefined();
    fireEvent.click(await screen.findByRole('option', { name: /Old Friend/ }));
    expect(store.getState().conversations[old.id]).toMatchObject({ customer: { name: 'Old Friend' } });
    expect(onOpen).toHaveBeenCalledWith(old.id, undefined);
  });

  it('asks the proxy route through a createKitClient client', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(JSON.stringify({ conversations: [], matches: {}, nextBefore: null }), { status: 200 }));
    const client = createKitClient({ baseUrl: '/kit', fetch: fetch as unknown as typeof globalThis.fetch });
    await searchRoute(client)('17841400000000001', { q: 'città 12', filters: ['unread', 'open'], limit: 30 });
    expect(String(fetch.mock.calls[0]![0])).toBe('/kit/accounts/17841400000000001/conversations?q=citt%C3%A0+12&filter=unread%2Copen&limit=30');
  });
});
