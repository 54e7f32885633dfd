import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HUMAN_CID, NOW, OPEN_CID, renderWithKit } from '../test/kitHarness';
import { Composer } from './Composer';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS } from './useTypingIndicator';

afterEach(() => vi.useRealTimers());

function setup(cid = OPEN_CID, props: Partial<Parameters<typeof Composer>[0]> = {}) {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const calls: boolean[] = [];
  const h = renderWithKit(<Composer conversationId={cid} now={NOW} media={false} {...props} />, {
    client: (c) => ({
      ...c,
      setTyping: (_a: string, conversationId: string, on: boolean) => {
        expect(conversationId).toBe(cid);
        calls.push(on);
        return Promise.resolve({ ok: true });
      },
    }),
  });
  const box = () => screen.getByRole('textbox', { name: 'Message' });
  const type = (text: string) => fireEvent.change(box(), { target: { value: text } });
  return { calls, type, box, ...h };
}

describe('typing indicator to the customer', () => {
  it('sends typing_on on the first keystroke, at most once per refresh interval while typing goes on', () => {
    const { calls, type } = setup();
    type('C');
    expect(calls).toEqual([true]);
    for (const text of ['Ci', 'Cia', 'Ciao']) {
      act(() => vi.advanceTimersByTime(1_000));
      type(text);
    }
    expect(calls).toEqual([true]); // throttled: 3 s of typing, one request
    act(() => vi.advanceTimersByTime(TYPING_REFRESH_MS - 3_000));
    type('Ciao!');
    expect(calls).toEqual([true, true]); // refreshed before Instagram's own ~20 s timeout
  });

  it('sends typing_off after the agent stops typing, and when the text is emptied', () => {
    const { calls, type } = setup();
    type('Hello');
    act(() => vi.advanceTimersByTime(TYPING_IDLE_MS - 1));
    expect(calls).toEqual([true]);
    act(() => vi.advanceTimersByTime(1));
    expect(calls).toEqual([true, false]);
    type('Hello again');
    type('');
    act(() => vi.advanceTimersByTime(1));
    expect(calls).toEqual([true, false, true, false]);
  });

  it('does not send typing_off for a send: the message ends the indicator', async () => {
    const { calls, type, box } = setup();
    type('Ciao Giulia');
    fireEvent.keyDown(box(), { key: 'Enter' });
    await act(async () => vi.advanceTimersByTime(TYPING_IDLE_MS * 2));
    expect(calls).toEqual([true]);
  });

  it('stays silent outside the 24 h window (Instagram refuses sender actions there) and when turned off', () => {
    const human = setup(HUMAN_CID);
    human.type('A person replies');
    act(() => vi.advanceTimersByTime(TYPING_IDLE_MS * 2));
    expect(human.calls).toEqual([]);
    human.unmount();
    const off = setup(OPEN_CID, { typingIndicator: false });
    off.type('Quiet');
    expect(off.calls).toEqual([]);
  });

  it('ends the indicator when the agent leaves the conversation', () => {
    const { calls, type, unmount } = setup();
    type('Half a sen');
    unmount();
    expect(calls).toEqual([true, false]);
  });
});
