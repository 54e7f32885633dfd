/**
 * The saved-reply picker in real Chromium: `/` at the start of the composer opens it, the
 * keyboard chooses while focus stays in the textarea (the combobox input), Enter inserts the reply
 * with the customer's first name instead of sending, Escape closes it, a click inserts too, and
 * the byte counter and split offer then work on the expanded text.
 */
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { KitSavedReply } from '@kit/core';
import '../styles.css';
import { Composer } from '../composer/Composer';
import { KitProvider } from '../provider';
import { createKitStore } from '../store';
import { mount } from '../test/browserMount';
import { fakeProxy } from '../test/fakeClient';
import { ACCOUNT, CONVERSATIONS, SAVED_REPLIES } from '../test/fixtures';
import { STORY_NOW } from '../test/StoryKit';

const OPEN = CONVERSATIONS[0]!.id; // Giulia Rossi (@giulia.rossi)

function setup(savedReplies: KitSavedReply[] = SAVED_REPLIES) {
  const proxy = fakeProxy({ conversations: CONVERSATIONS, savedReplies, now: () => STORY_NOW });
  const store = createKitStore({ client: proxy.client, accountId: ACCOUNT, now: () => STORY_NOW });
  store.getState().seedConversations(CONVERSATIONS);
  mount(
    <KitProvider client={proxy.client} store={store} accountId={ACCOUNT} live={false}>
      <div style={{ paddingTop: '260px', width: '600px' }}>
        <Composer conversationId={OPEN} now={STORY_NOW} media={false} typingIndicator={false} />
      </div>
    </KitProvider>,
  );
  const input = page.getByRole('textbox', { name: 'Message' });
  const textarea = () => input.element() as HTMLTextAreaElement;
  const listbox = () => document.querySelector<HTMLElement>('[role="listbox"]');
  const options = () => [...document.querySelectorAll<HTMLElement>('[role="option"]')];
  const selected = () => options().find((o) => o.getAttribute('aria-selected') === 'true');
  return { proxy, input, textarea, listbox, options, selected };
}

describe('saved-reply picker in Chromium', () => {
  it('opens on /, moves with the arrows while focus stays in the textarea, and Enter inserts the expanded reply instead of sending', async () => {
    const { proxy, input, textarea, listbox, options, selected } = setup();
    await userEvent.click(input);
    await userEvent.keyboard('/');
    await expect
      .poll(() => options().map((o) => o.querySelector('.kit-saved-picker__shortcut')!.textContent))
      .toEqual(['/hours', '/shipping', '/thanks', '/welcome']);
    expect(listbox()!.getAttribute('aria-label')).toBe('Saved replies');
    // The textarea is the combobox input: it points at the list and at the active option.
    expect(document.activeElement).toBe(textarea());
    expect(textarea().getAttribute('aria-controls')).toBe(listbox()!.id);
    expect(textarea().getAttribute('aria-autocomplete')).toBe('list');
    expect(textarea().getAttribute('aria-activedescendant')).toBe(selected()!.id);
    expect(selected()!.textContent).toContain('/hours');
    // The preview is already expanded with the customer's profile.
    expect(options()[3]!.textContent).toContain('Ciao Giulia (@giulia.rossi), welcome');

    // Alt+↑/↓ stay the inbox's (next/previous conversation): the picker leaves them alone.
    await userEvent.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(selected()!.textContent).toContain('/hours');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(selected()!.textContent).toContain('/thanks');
    expect(textarea().getAttribute('aria-activedescendant')).toBe(selected()!.id);
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}'); // wraps from the first to the last
    expect(selected()!.textContent).toContain('/welcome');
    expect(document.activeElement).toBe(textarea());

    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
    expect(textarea().value).toBe('Thank you Giulia! Anything else I can do for you?');
    expect(proxy.sends).toEqual([]);
    expect(listbox()).toBeNull();
    expect(document.activeElement).toBe(textarea());
    for (const a of ['aria-controls', 'aria-activedescendant', 'aria-autocomplete'])
      expect(textarea().hasAttribute(a), a).toBe(false);

    // The next Enter is the composer's again: it sends the expanded text.
    await userEvent.keyboard('{Enter}');
    await expect
      .poll(() => proxy.sends.map((s) => s.text))
      .toEqual(['Thank you Giulia! Anything else I can do for you?']);
  });

  it('filters by what follows the /, and says so when nothing matches', async () => {
    const { input, options } = setup();
    await userEvent.click(input);
    await userEvent.keyboard('/sh');
    await expect
      .poll(() => options().map((o) => o.querySelector('.kit-saved-picker__shortcut')!.textContent))
      .toEqual(['/shipping']);
    await userEvent.keyboard('x');
    await expect
      .poll(() => document.querySelector('.kit-saved-picker__note')?.textContent)
      .toBe('No saved reply matches /shx.');
    expect(options()).toEqual([]);
    // A space means the agent is writing a message that starts with "/": no picker.
    await userEvent.keyboard('{Backspace} and more');
    expect(document.querySelector('.kit-saved-picker__note, [role="listbox"]')).toBeNull();
  });

  it('Escape closes it without touching the text or sending, until the / is gone', async () => {
    const { proxy, input, textarea, listbox } = setup();
    await userEvent.click(input);
    await userEvent.keyboard('/th');
    await expect.poll(listbox).not.toBeNull();
    await userEvent.keyboard('{Escape}');
    expect(listbox()).toBeNull();
    expect(textarea().value).toBe('/th');
    expect(document.activeElement).toBe(textarea());
    expect(textarea().hasAttribute('aria-controls')).toBe(false);
    await userEvent.keyboard('a');
    expect(listbox()).toBeNull();
    expect(proxy.sends).toEqual([]);
    await userEvent.keyboard('{Backspace}{Backspace}{Backspace}{Backspace}/');
    await expect.poll(listbox).not.toBeNull();
  });

  it('a click on an option inserts it and leaves focus in the textarea', async () => {
    const { input, textarea, options } = setup();
    await userEvent.click(input);
    await userEvent.keyboard('/');
    await expect.poll(() => options().length).toBe(4);
    await userEvent.click(options()[1]!);
    expect(textarea().value).toBe('Hi Giulia, orders ship within 2 working days; you get the tracking link by email.');
    expect(document.activeElement).toBe(textarea());
  });

  it('measures and splits the expanded text, not the template', async () => {
    const long: KitSavedReply = {
      id: 'long',
      accountId: ACCOUNT,
      shortcut: 'policy',
      text: `Dear {full_name}, ${'our return policy in detail. '.repeat(34)}`,
      createdAt: 1,
      updatedAt: 1,
    };
    const { input, textarea, options } = setup([long]);
    await userEvent.click(input);
    await userEvent.keyboard('/pol');
    await expect.poll(() => options().length).toBe(1);
    await userEvent.keyboard('{Tab}');
    expect(textarea().value.startsWith('Dear Giulia Rossi, our return policy')).toBe(true);
    // 5 + 12 + 2 + 34 × 29 = 1005 bytes: over the limit, so the composer offers to split.
    const counter = document.querySelector('.kit-counter')!;
    expect(counter.getAttribute('data-state')).toBe('over');
    expect(counter.textContent).toContain('1,005 / 1,000');
    await expect.element(page.getByRole('button', { name: 'Send as 2 messages' })).toBeVisible();
  });
});
