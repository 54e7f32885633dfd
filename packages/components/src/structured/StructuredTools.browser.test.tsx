/**
 * The composer's "Quick replies and cards" panel in Chromium: it opens from its toggle, Tab goes
 * from the toggle straight into the panel, Escape closes it and gives focus back to the toggle,
 * and the Escape goes no further (the inbox's own Escape handling does not see it).
 */
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../styles.css';
import { Composer } from '../composer/Composer';
import { mount } from '../test/browserMount';
import { CONVERSATIONS } from '../test/fixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';

const OPEN = CONVERSATIONS[0]!.id;

describe('Quick replies and cards panel in Chromium, focus', () => {
  it('Tab enters the panel from its toggle; Escape closes it and focus returns to the toggle', async () => {
    let escapesOutside = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') escapesOutside++;
    };
    document.addEventListener('keydown', onKey);
    mount(
      <StoryKit>
        <div style={{ paddingTop: 400 }}>
          <Composer conversationId={OPEN} now={STORY_NOW} media={false} />
        </div>
      </StoryKit>,
      { width: '700px' },
    );
    const toggle = page.getByRole('button', { name: 'Quick replies and cards' });
    await expect.element(toggle).toBeInTheDocument();
    await userEvent.click(toggle);
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.textContent).toBe('Quick replies');
    expect(document.activeElement?.closest('.kit-sx-panel')).not.toBeNull();
    await userEvent.click(page.getByRole('textbox', { name: 'New quick reply' }));
    await userEvent.keyboard('{Escape}');
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(document.querySelector('.kit-sx-panel')).toBeNull();
    expect(document.activeElement).toBe(toggle.element());
    expect(escapesOutside).toBe(0);
    document.removeEventListener('keydown', onKey);
  });
});
