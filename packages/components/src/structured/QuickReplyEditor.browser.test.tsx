/**
 * The quick-reply editor in real Chromium with real key events: Enter adds a chip, the counts
 * follow live, an over-long or 14th chip is refused with the reason, and focus never leaves the
 * row when a chip is removed by keyboard (next chip, else the previous, else the field); ← / →,
 * Home / End and Backspace move between the field and the chips, and only one chip is tabbable.
 */
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { KitQuickReply } from '@kit/core';
import '../styles.css';
import { mount } from '../test/browserMount';
import { StoryKit } from '../test/StoryKit';
import { QuickReplyEditor } from './QuickReplyEditor';

let latest: KitQuickReply[] = [];

function Editor({ initial = [] }: { initial?: KitQuickReply[] }) {
  const [value, setValue] = useState(initial);
  return (
    <QuickReplyEditor
      value={value}
      onChange={(v) => {
        latest = v;
        setValue(v);
      }}
    />
  );
}

const text = (title: string): KitQuickReply => ({ contentType: 'text', title, payload: title });

function setup(initial?: KitQuickReply[]) {
  latest = initial ?? [];
  mount(
    <StoryKit>
      <Editor {...(initial ? { initial } : {})} />
    </StoryKit>,
  );
  const field = page.getByRole('textbox', { name: 'New quick reply' });
  const chip = (title: string) => page.getByRole('button', { name: `Remove “${title}”` });
  const focusedName = () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('placeholder');
  return { field, chip, focusedName };
}

describe('QuickReplyEditor in Chromium, keyboard and focus', () => {
  it('adds chips with Enter and counts chips and characters live', async () => {
    const { field } = setup();
    await userEvent.click(field);
    await userEvent.keyboard('Yes{Enter}No{Enter}');
    expect(latest.map((q) => (q.contentType === 'text' ? q.title : q.contentType))).toEqual(['Yes', 'No']);
    expect(document.querySelector('.kit-qr-editor .kit-sx-head .kit-counter')?.textContent).toBe('2 / 13 quick replies');
    await userEvent.keyboard('Talk to');
    expect(document.activeElement).toBe(field.element());
    const charCounter = document.getElementById(field.element().getAttribute('aria-describedby')!.split(' ')[0]!)!;
    expect(charCounter.textContent).toBe('7 / 20');
    expect(charCounter.dataset.state).toBe('ok');
  });

  it('refuses a title over 20 characters with by how much, and a 14th chip', async () => {
    const { field } = setup(Array.from({ length: 12 }, (_, i) => text(`Option ${i + 1}`)));
    await userEvent.click(field);
    await userEvent.keyboard('Twenty-three characters{Enter}');
    expect(latest).toHaveLength(12);
    expect(field.element().getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('.kit-qr-editor .kit-sx-error')?.textContent).toBe('Shorten it by 3: Instagram shows at most 20 characters on a quick reply.');
    await userEvent.clear(field);
    await userEvent.keyboard('Last{Enter}');
    expect(latest).toHaveLength(13);
    await userEvent.keyboard('One more{Enter}');
    expect(latest).toHaveLength(13);
    expect(document.querySelector('.kit-qr-editor .kit-sx-error')?.textContent).toBe('Instagram shows at most 13 quick replies.');
    expect((document.querySelector('.kit-qr-editor .kit-sx-head .kit-counter') as HTMLElement).dataset.state).toBe('over');
  });

  it('moves between the field and the chips with Backspace, arrows, Home and End; one chip in the tab order', async () => {
    const { field, chip, focusedName } = setup([text('A'), text('B'), text('C')]);
    await userEvent.click(field);
    await userEvent.keyboard('{Backspace}');
    expect(focusedName()).toBe('Remove “C”');
    await userEvent.keyboard('{ArrowLeft}');
    expect(focusedName()).toBe('Remove “B”');
    await userEvent.keyboard('{Home}');
    expect(focusedName()).toBe('Remove “A”');
    await userEvent.keyboard('{End}');
    expect(focusedName()).toBe('Remove “C”');
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(field.element());
    const tabbable = [...document.querySelectorAll('.kit-qr-chips button')].map((b) => b.getAttribute('tabindex'));
    expect(tabbable).toEqual(['-1', '-1', '0']);
    // Tab from the last chip visited leaves the row of chips.
    chip('C').element().focus();
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(field.element());
  });

  it('removes a chip with Delete or Backspace and keeps focus in the row: next chip, else previous, else the field', async () => {
    const { field, chip, focusedName } = setup([text('A'), text('B'), text('C')]);
    chip('B').element().focus();
    await userEvent.keyboard('{Delete}');
    expect(latest.map((q) => (q.contentType === 'text' ? q.title : ''))).toEqual(['A', 'C']);
    await expect.poll(focusedName).toBe('Remove “C”');
    await userEvent.keyboard('{Backspace}');
    expect(latest).toHaveLength(1);
    await expect.poll(focusedName).toBe('Remove “A”');
    await userEvent.keyboard('{Delete}');
    expect(latest).toEqual([]);
    await expect.poll(() => document.activeElement).toBe(field.element());
  });

  it('adds the phone and email chips once each', async () => {
    setup();
    await userEvent.click(page.getByRole('button', { name: 'Add phone number chip' }));
    await userEvent.click(page.getByRole('button', { name: 'Add email chip' }));
    await userEvent.click(page.getByRole('button', { name: 'Add email chip' }));
    expect(latest).toEqual([{ contentType: 'user_phone_number' }, { contentType: 'user_email' }]);
    expect(document.querySelector('.kit-qr-editor .kit-sx-error')?.textContent).toBe('“Email” is there already.');
  });
});
