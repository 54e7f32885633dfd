import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { splitText, utf8ByteLength } from '@kit/core';
import { CLOSED_CID, HUMAN_CID, NOW, OPEN_CID, renderWithKit } from '../test/kitHarness';
import { Composer } from './Composer';

const input = () => screen.getByRole('textbox', { name: 'Message' });
const counter = () => document.querySelector('.kit-counter')!;
const sendButton = () => screen.getByRole('button', { name: 'Send' });

function setup(cid = OPEN_CID, options: Parameters<typeof renderWithKit>[1] = {}) {
  const user = userEvent.setup();
  const h = renderWithKit(<Composer conversationId={cid} now={NOW} media={false} />, options);
  return { user, ...h };
}

/** `byteCount` bytes of text made of 4-byte emoji and ASCII. */
function bytesOf(byteCount: number): string {
  const emoji = '😀'.repeat(Math.floor(byteCount / 4));
  return emoji + 'a'.repeat(byteCount - utf8ByteLength(emoji));
}

describe('<Composer> byte counter', () => {
  it('counts UTF-8 bytes of what is typed, emoji included, as used / 1000', async () => {
    const { user } = setup();
    expect(counter()).toHaveTextContent('0 / 1,000');
    await user.type(input(), 'Ciao 👋🏽 è');
    // "Ciao " 5 + 👋 4 + 🏽 4 + " " 1 + "è" 2
    expect(counter()).toHaveTextContent('16 / 1,000');
    expect(counter()).toHaveAttribute('data-state', 'ok');
  });

  it('exposes ok / near (90 %) / over as data-state at 0, 899, 900, 1000 and 1001 bytes', () => {
    setup();
    const at = (byteCount: number) => {
      fireEvent.change(input(), { target: { value: bytesOf(byteCount) } });
      return counter().getAttribute('data-state');
    };
    expect([at(0), at(899), at(900), at(1000), at(1001)]).toEqual(['ok', 'ok', 'near', 'near', 'over']);
    expect(counter()).toHaveTextContent('1,001 / 1,000');
  });

  it('announces to screen readers only when the state changes, not on every keystroke', async () => {
    const { user } = setup();
    const live = screen.getByRole('status');
    fireEvent.change(input(), { target: { value: bytesOf(890) } });
    expect(live).toHaveTextContent('');
    await user.type(input(), 'abcdefghij'); // 890 → 900: near
    expect(live).toHaveTextContent('Approaching the 1,000-byte limit.');
    const node = live.firstChild;
    await user.type(input(), 'xyz'); // still near: the region's content must not change
    expect(live.firstChild).toBe(node);
    expect(live).toHaveTextContent('Approaching the 1,000-byte limit.');
    fireEvent.change(input(), { target: { value: bytesOf(1001) } });
    expect(live).toHaveTextContent('Over the 1,000-byte limit.');
    fireEvent.change(input(), { target: { value: 'short' } });
    expect(live).toHaveTextContent('Back within the 1,000-byte limit.');
  });

  it('counts a 1 MB paste in the same render as the change', () => {
    setup();
    const big = 'ä'.repeat(500_000); // 1,000,000 bytes
    fireEvent.change(input(), { target: { value: big } });
    expect(counter()).toHaveTextContent('1,000,000 / 1,000');
    expect(counter()).toHaveAttribute('data-state', 'over');
  });
});

describe('<Composer> sending', () => {
  it('Enter sends, Shift+Enter adds a newline', async () => {
    const { user, proxy } = setup();
    await user.type(input(), 'first line{Shift>}{Enter}{/Shift}second');
    expect(input()).toHaveValue('first line\nsecond');
    expect(proxy.sends).toHaveLength(0);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]).toMatchObject({ text: 'first line\nsecond', to: '6000000000000001' });
    expect(proxy.sends[0]!.tag).toBeUndefined();
    expect(input()).toHaveValue('');
  });

  it('never sends on Enter during an IME composition (isComposing, composition flag, keyCode 229)', async () => {
    const { user, proxy } = setup();
    await user.type(input(), 'にほんご');
    const ta = input();
    // 1. Chrome: keydown carries isComposing.
    fireEvent.compositionStart(ta);
    fireEvent.keyDown(ta, { key: 'Enter', code: 'Enter', isComposing: true });
    // 2. The flag alone (a browser that reports isComposing=false while composing).
    fireEvent.keyDown(ta, { key: 'Enter', code: 'Enter' });
    // 3. Firefox: compositionend comes before the confirming Enter's keydown.
    fireEvent.compositionEnd(ta);
    fireEvent.keyDown(ta, { key: 'Enter', code: 'Enter' });
    // 4. Safari: isComposing=false on the confirming Enter but keyCode 229.
    await act(() => new Promise((r) => setTimeout(r, 5)));
    fireEvent.keyDown(ta, { key: 'Enter', code: 'Enter', keyCode: 229 });
    expect(proxy.sends).toHaveLength(0);
    expect(ta).toHaveValue('にほんご');
    // After the composition, a plain Enter sends.
    fireEvent.keyDown(ta, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]!.text).toBe('にほんご');
  });

  it('recovers when compositionend never arrives: leaving the field clears the flag', async () => {
    const { proxy } = setup();
    const ta = input();
    fireEvent.change(ta, { target: { value: '한국어' } });
    fireEvent.compositionStart(ta);
    fireEvent.keyDown(ta, { key: 'Enter' });
    expect(proxy.sends).toHaveLength(0);
    fireEvent.blur(ta);
    fireEvent.keyDown(ta, { key: 'Enter' });
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
  });

  it('over the limit: Send is disabled with the reason, and "Send as N messages" previews and sends the parts in order', async () => {
    const { user, proxy } = setup();
    const text = ('Hello there, this is a long sentence with ünïcödé and emoji 🎉. ').repeat(40);
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(2);
    fireEvent.change(input(), { target: { value: text } });
    expect(sendButton()).toHaveAttribute('aria-disabled', 'true');
    const over = utf8ByteLength(text) - 1000;
    expect(sendButton()).toHaveAccessibleDescription(`Too long: ${over.toLocaleString('en')} bytes over the 1,000-byte limit Instagram allows per message.`);
    await user.click(sendButton());
    await user.keyboard('{Enter}');
    expect(proxy.sends).toHaveLength(0);

    await user.click(await screen.findByRole('button', { name: `Send as ${parts.length} messages` }));
    const preview = screen.getByRole('region', { name: 'How the text will be split' });
    const items = within(preview).getAllByRole('listitem');
    expect(items).toHaveLength(parts.length);
    expect(items[0]).toHaveTextContent(`Part 1 of ${parts.length} · ${utf8ByteLength(parts[0]!)} bytes`);
    await user.click(within(preview).getByRole('button', { name: `Send ${parts.length} messages` }));
    await waitFor(() => expect(proxy.sends).toHaveLength(parts.length));
    expect(proxy.sends.map((s) => s.text)).toEqual(parts);
    expect(proxy.sends.map((s) => s.text).join('')).toBe(text);
    expect(input()).toHaveValue('');
  });

  it('does not send text with an invalid link and says what is wrong', async () => {
    const { user, proxy } = setup();
    await user.type(input(), 'see http://localhost/shop ok');
    expect(screen.getByText(/This link can’t be sent: http:\/\/localhost\/shop\. The link needs a public web address/)).toBeInTheDocument();
    expect(sendButton()).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Enter}');
    expect(proxy.sends).toHaveLength(0);
    await user.clear(input());
    await user.type(input(), 'see https://example.com/shop ok{Enter}');
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
  });

  it('keeps a draft per conversation', async () => {
    const { user, rerender } = setup();
    await user.type(input(), 'for Giulia');
    rerender(<Composer conversationId={HUMAN_CID} now={NOW} media={false} />);
    expect(input()).toHaveValue('');
    await user.type(input(), 'for Lukas');
    rerender(<Composer conversationId={OPEN_CID} now={NOW} media={false} />);
    expect(input()).toHaveValue('for Giulia');
    rerender(<Composer conversationId={HUMAN_CID} now={NOW} media={false} />);
    expect(input()).toHaveValue('for Lukas');
  });

  it('sends the like_heart sticker', async () => {
    const { user, proxy } = setup();
    await user.click(screen.getByRole('button', { name: 'Send a heart' }));
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]).toMatchObject({ sticker: 'like_heart' });
  });
});

describe('<Composer> messaging window', () => {
  it('human_agent: explains the tag and sends with HUMAN_AGENT only after the agent confirms', async () => {
    const { user, proxy } = setup(HUMAN_CID);
    expect(screen.getByText(/Instagram lets a human agent reply for up to 7 days with the HUMAN_AGENT tag/)).toBeInTheDocument();
    await user.type(input(), 'Sorry for the wait!{Enter}');
    expect(proxy.sends).toHaveLength(0);
    expect(sendButton()).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('button', { name: 'Send a heart' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /I am a person replying/ }));
    await user.click(sendButton());
    await waitFor(() => expect(proxy.sends).toHaveLength(1));
    expect(proxy.sends[0]).toMatchObject({ text: 'Sorry for the wait!', tag: 'HUMAN_AGENT' });
  });

  it('closed: the composer is disabled with the reason and what reopens it', () => {
    setup(CLOSED_CID);
    expect(input()).toBeDisabled();
    expect(screen.getByText(/You can’t reply: the customer last wrote more than 7 days ago/)).toBeInTheDocument();
    expect(screen.getByText('The conversation reopens as soon as the customer writes again.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send a heart' })).toBeDisabled();
    expect(input()).toHaveAccessibleDescription(expect.stringContaining('reopens as soon as the customer writes again'));
  });

  it('speaks the agent’s language (German)', () => {
    setup(OPEN_CID, { locale: 'de' });
    expect(screen.getByRole('textbox', { name: 'Nachricht' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Senden' })).toBeInTheDocument();
    expect(document.querySelector('.kit-counter')).toHaveTextContent('0 / 1.000');
  });
});
