/**
 * The composer in real Chromium: real key events and IME-free typing of emoji, a real clipboard
 * paste of 1 MB, and the counter read in the same task the input event was handled in.
 */
import { describe, expect, it } from 'vitest';
import { cdp, page, userEvent } from 'vitest/browser';
import '../styles.css';
import { mount } from '../test/browserMount';
import { CONVERSATIONS } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { Composer } from './Composer';

const OPEN = CONVERSATIONS[0]!.id;

function setup(extra?: React.ReactNode) {
  mount(
    <StoryKit>
      {extra}
      <Composer conversationId={OPEN} now={STORY_NOW} media={false} />
    </StoryKit>,
  );
  const input = page.getByRole('textbox', { name: 'Message' });
  const counter = () => document.querySelector('.kit-counter')!;
  return { input, counter };
}

/**
 * Emoji reach a text field as committed text (emoji keyboard, IME, OS picker), not as key presses:
 * CDP's Input.insertText is exactly that path. (Key-by-key typing of astral characters sends each
 * UTF-16 half as its own key, which no real keyboard does.)
 */
const devtools = () => cdp() as unknown as { send(method: string, params?: object): Promise<unknown> };
const insertText = (text: string) => devtools().send('Input.insertText', { text });

describe('Composer in Chromium, typing', () => {
  it('counts emoji typed into the field: 4 bytes each, ZWJ families whole', async () => {
    const { input, counter } = setup();
    await userEvent.click(input);
    await userEvent.type(input, 'Hi ');
    await insertText('👋🏽');
    await userEvent.keyboard(' ');
    await insertText('👨‍👩‍👧');
    expect((input.element() as HTMLTextAreaElement).value).toBe('Hi 👋🏽 👨‍👩‍👧');
    // "Hi " 3 + 👋🏽 8 + " " 1 + 👨‍👩‍👧 (3 × 4 + 2 × ZWJ 3) 18 = 30
    expect(counter().textContent).toContain('30 / 1,000');
    expect(counter().getAttribute('data-state')).toBe('ok');
  });

  it('shows 999, 1000 and 1001 bytes with the right state as the last emoji byte crosses the limit', async () => {
    const { input, counter } = setup();
    await userEvent.fill(input, '😀'.repeat(249) + 'abc');
    expect(counter().textContent).toContain('999 / 1,000');
    expect(counter().getAttribute('data-state')).toBe('near');
    await userEvent.type(input, '{Backspace}{Backspace}{Backspace}');
    await insertText('😀');
    expect(counter().textContent).toContain('1,000 / 1,000');
    expect(counter().getAttribute('data-state')).toBe('near');
    await userEvent.type(input, 'a');
    expect(counter().textContent).toContain('1,001 / 1,000');
    expect(counter().getAttribute('data-state')).toBe('over');
    await expect.element(page.getByRole('button', { name: 'Send as 2 messages' })).toBeVisible();
  });

  it('updates the counter in the first frame after a 1 MB clipboard paste', async () => {
    // 1 MB of UTF-8 with 2-byte letters. (No emoji here: without emoji fonts on the test machine,
    // laying out tens of thousands of fallback glyphs in a textarea takes Chromium minutes.)
    const big = 'Grüße aus Köln, schöne Grüße! '.repeat(30_304); // 33 bytes each → 1,000,032 bytes
    const bytes = new TextEncoder().encode(big).length;
    const { input, counter } = setup();
    await devtools().send('Browser.grantPermissions', { permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
    await userEvent.click(input);
    await navigator.clipboard.writeText(big);
    const painted: string[] = [];
    input.element().addEventListener('input', () => requestAnimationFrame(() => painted.push(counter().textContent ?? '')), { once: true });
    await userEvent.keyboard('{ControlOrMeta>}v{/ControlOrMeta}');
    await expect.poll(() => painted.length).toBe(1);
    expect((input.element() as HTMLTextAreaElement).value.length).toBe(big.length);
    expect(painted[0]).toContain(`${bytes.toLocaleString('en')} / 1,000`);
    expect(counter().getAttribute('data-state')).toBe('over');
  }, 30_000);

  it('grows with its text up to 8 rows, then scrolls; shrinks back when cleared', async () => {
    const { input } = setup();
    const box = () => input.element() as HTMLTextAreaElement;
    await userEvent.click(input);
    await userEvent.type(input, 'one');
    const start = box().getBoundingClientRect().height;
    const line = parseFloat(getComputedStyle(box()).lineHeight);
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}two{Shift>}{Enter}{/Shift}three{Shift>}{Enter}{/Shift}four');
    await expect.poll(() => box().getBoundingClientRect().height).toBeGreaterThan(start + line * 1.5);
    expect(box().scrollHeight).toBeLessThanOrEqual(box().clientHeight + 1); // all four lines visible
    for (let i = 0; i < 12; i++) await userEvent.keyboard('{Shift>}{Enter}{/Shift}more');
    const capped = box().getBoundingClientRect().height;
    expect(capped).toBeLessThanOrEqual(line * 8 + 40); // 8 rows + padding and border
    expect(box().scrollHeight).toBeGreaterThan(box().clientHeight); // the rest scrolls
    expect(getComputedStyle(box()).overflowY).toBe('auto');
    await userEvent.clear(input);
    await expect.poll(() => box().getBoundingClientRect().height).toBeLessThanOrEqual(start + 1);
  });
});
