/**
 * The comments view in Chromium, inside <Inbox>: opening it from the Comments button and back
 * (focus), the private-reply dialog's focus and keyboard (focus in the text field, Tab stays
 * inside, Escape closes and returns focus, Ctrl+Enter sends, Enter adds a line), the one reply per
 * comment once sent, refusals shown (an inert button with the reason), a proxy refusal kept in the
 * dialog, and "Open conversation" selecting the thread the reply opened.
 */
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { KitComment } from '@kit/core';
import { KitClientError } from '../client';
import '../styles.css';
import { Inbox } from '../inbox/Inbox';
import { mount } from '../test/browserMount';
import { BAG_POST, EVERY_STATE, fakeComments, WAITING, type FakeComments } from '../test/commentsFixtures';
import { STORY_NOW, StoryKit } from '../test/StoryKit';
import { composeStories } from '@storybook/react-vite';
import * as threadStories from '../ThreadView.stories';

function inboxWithComments(comments: KitComment[] = EVERY_STATE, tweak?: (f: FakeComments) => void) {
  const fake = fakeComments(comments);
  tweak?.(fake);
  const host = mount(
    <StoryKit routes={() => fake.routes}>
      <div style={{ height: '700px' }}>
        <Inbox now={STORY_NOW} flavor="page" />
      </div>
    </StoryKit>,
    { width: '900px' },
  );
  return { fake, host };
}

const comments = () => page.getByRole('button', { name: 'Comments', exact: true });
const rowOf = (username: string) => page.getByRole('listitem', { name: `Comment by @${username}` });

async function openComments() {
  await comments().click();
  await expect.element(page.getByRole('heading', { name: 'Comments' })).toHaveFocus();
}

describe('<CommentsView> in <Inbox>', () => {
  it('opens from the Comments button with focus on its heading, lists only comments waiting for a reply, and Back gives focus back to the button', async () => {
    const { host } = inboxWithComments();
    await openComments();
    await expect.element(rowOf('giulia.rossi')).toBeVisible();
    // Answered in private (sent or sending) or in public, hidden, or the business's own: not waiting.
    for (const answered of ['lukas.b', 'anna_k', 'tom', 'spam.bot']) expect(rowOf(answered).query(), answered).toBeNull();
    // Failed private replies, the ended Live's comment and the too-old one still wait.
    await expect.element(rowOf('marco.v')).toBeVisible();
    await expect.element(rowOf('elena')).toBeVisible();
    await expect.element(rowOf('sara.m')).toBeVisible();
    expect(host.querySelector<HTMLElement>('.kit-inbox__body')!.hidden).toBe(true);

    // The filter off: every comment, newest first within its post.
    await page.getByRole('checkbox', { name: 'Only comments waiting for a reply' }).click();
    await expect.element(rowOf('lukas.b')).toBeVisible();
    const post = host.querySelector('[data-media-id="17900000000000101"]')!;
    expect([...post.querySelectorAll('.kit-comment__who')].map((e) => e.textContent)).toEqual(['@giulia.rossi', '@lukas.b', '@anna_k', '@marco.v', '@spam.bot']);

    await page.getByRole('button', { name: 'Back to messages' }).click();
    await expect.element(comments()).toHaveFocus();
    expect(host.querySelector('.kit-comments')).toBeNull();
  });

  it('shows why a private reply is not possible, beside an inert button that opens nothing', async () => {
    inboxWithComments();
    await openComments();
    await page.getByRole('checkbox', { name: 'Only comments waiting for a reply' }).click();
    const cases: [string, RegExp][] = [
      ['lukas.b', /Already replied privately: Instagram allows one private reply per comment/],
      ['sara.m', /Too old for a private reply: Instagram allows them only within 7 days/],
      ['elena', /The Live broadcast has ended/],
      ['fashion.blog', /A mention on someone else’s post/],
    ];
    for (const [who, why] of cases) {
      const button = rowOf(who).getByRole('button', { name: 'Reply privately' });
      await expect.element(button).toHaveAttribute('aria-disabled', 'true');
      await expect.element(button).toHaveAccessibleDescription(why);
      (button.element() as HTMLElement).click(); // Playwright will not click an aria-disabled button; a person can
      await new Promise((r) => setTimeout(r, 50));
      expect(page.getByRole('dialog').query(), who).toBeNull();
    }
    await expect.element(rowOf('giulia.rossi').getByRole('button', { name: 'Reply privately' })).not.toHaveAttribute('aria-disabled');
    await expect.element(rowOf('giulia.rossi').getByText(/Private reply possible until/)).toBeVisible();
  });

  it('private reply dialog: focus in the text field, Tab stays inside, Escape closes and returns focus to its button', async () => {
    inboxWithComments([WAITING]);
    await openComments();
    const open = rowOf('giulia.rossi').getByRole('button', { name: 'Reply privately' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Reply privately to @giulia.rossi' });
    await expect.element(dialog).toBeVisible();
    await expect.element(dialog).toHaveAccessibleDescription(/Instagram allows one private reply per comment/);
    const field = dialog.getByRole('textbox', { name: 'Your reply' });
    await expect.element(field).toHaveFocus();
    await expect.element(dialog.getByText('How much is the red one? 😍')).toBeVisible();
    // Focus is trapped: Tab runs through Cancel and Send and back to the field.
    await userEvent.keyboard('{Tab}');
    await expect.element(dialog.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Tab}');
    await expect.element(dialog.getByRole('button', { name: 'Send privately' })).toHaveFocus();
    await userEvent.keyboard('{Tab}');
    await expect.element(field).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(open).toHaveFocus();
  });

  it('counts bytes live, refuses an empty or over-limit reply in the dialog, Enter adds a line and Ctrl+Enter sends once; the comment then shows it was answered', async () => {
    const { fake } = inboxWithComments([WAITING]);
    await openComments();
    await rowOf('giulia.rossi').getByRole('button', { name: 'Reply privately' }).click();
    const dialog = page.getByRole('dialog');
    const field = dialog.getByRole('textbox', { name: 'Your reply' });
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.element(dialog.getByRole('alert')).toHaveTextContent('Write a reply first.');

    await field.fill('é'.repeat(501)); // 1002 bytes
    await expect.element(dialog.getByText('1,002 / 1,000')).toBeVisible();
    await expect.element(field).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Send privately' }).click();
    await expect.element(dialog.getByRole('alert')).toHaveTextContent('The reply is too long.');
    expect(fake.calls).toEqual([]);

    await field.fill('Hi Giulia!');
    await userEvent.keyboard('{Enter}It is €120.');
    await expect.element(field).toHaveValue('Hi Giulia!\nIt is €120.');
    await expect.element(dialog.getByText('24 / 1,000')).toBeVisible();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    expect(fake.calls).toEqual([{ route: 'private', commentId: WAITING.id, text: 'Hi Giulia!\nIt is €120.', clientId: expect.any(String) }]);

    // Kept in view with its new state although the filter is on; the one reply is spent.
    const row = rowOf('giulia.rossi');
    await expect.element(row.getByText('Replied privately')).toBeVisible();
    await expect.element(row.getByRole('button', { name: 'Reply privately' })).toHaveAttribute('aria-disabled', 'true');
    await expect.element(row.getByRole('button', { name: 'Reply privately' })).toHaveAccessibleDescription(/Already replied privately/);
  });

  it("keeps the dialog open with the proxy's refusal, and sends again with the same clientId", async () => {
    let refuse = true;
    const { fake } = inboxWithComments([WAITING], (f) => {
      const send = f.routes.sendPrivateReply;
      f.routes.sendPrivateReply = (a, id, body, signal) => {
        if (!refuse) return send(a, id, body, signal);
        f.calls.push({ route: 'private', commentId: id, text: body.text, clientId: body.clientId });
        return Promise.reject(new KitClientError({ code: 'network', message: 'The kit proxy cannot be reached', status: 0, retryable: true, category: 'network' }));
      };
    });
    await openComments();
    await rowOf('giulia.rossi').getByRole('button', { name: 'Reply privately' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Your reply' }).fill('Hi!');
    await dialog.getByRole('button', { name: 'Send privately' }).click();
    await expect.element(dialog.getByRole('alert')).toHaveTextContent('Not sent: The kit proxy cannot be reached');
    refuse = false;
    await dialog.getByRole('button', { name: 'Send privately' }).click();
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.clientId).toBe(fake.calls[0]!.clientId);
  });

  it('Reply publicly and Hide reach the routes; Open conversation after a private reply selects its thread', async () => {
    const { fake, host } = inboxWithComments([WAITING, EVERY_STATE[3]!]);
    await openComments();
    await rowOf('marco.v').getByRole('button', { name: 'Hide' }).click();
    await expect.element(rowOf('marco.v').getByRole('button', { name: 'Show again' })).toBeVisible();
    await rowOf('marco.v').getByRole('button', { name: 'Reply publicly' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reply publicly to @marco.v' });
    await expect.element(dialog.getByText('0 / 2,200 characters')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Your reply' }).fill('S to XL!');
    await dialog.getByRole('button', { name: 'Post reply' }).click();
    await expect.element(rowOf('marco.v').getByText('Replied publicly')).toBeVisible();
    expect(fake.calls.map((c) => [c.route, c.commentId])).toEqual([
      ['hide', EVERY_STATE[3]!.id],
      ['public', EVERY_STATE[3]!.id],
    ]);

    await rowOf('giulia.rossi').getByRole('button', { name: 'Reply privately' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Hi!');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await rowOf('giulia.rossi').getByRole('button', { name: 'Open conversation' }).click();
    await expect.element(page.getByRole('main', { name: 'Messages with Giulia Rossi' })).toBeVisible();
    expect(host.querySelector('.kit-comments')).toBeNull();
  });
});

describe('the thread\'s card above a private reply', () => {
  const { PrivateReplyToAComment, PrivateReplyWithoutThePost } = composeStories(threadStories);

  it('shows the comment it answered, the post\'s thumbnail and a link to the post, above the reply', async () => {
    const host = mount(<PrivateReplyToAComment />);
    const card = page.getByRole('figure');
    await expect.element(card).toBeVisible();
    await expect.element(card.getByText('Private reply to Giulia Rossi’s comment')).toBeVisible();
    await expect.element(card.getByText('How much is the red one? 😍')).toBeVisible();
    await expect.element(card.getByRole('link', { name: 'View the post' })).toHaveAttribute('href', BAG_POST.permalink);
    expect(host.querySelector<HTMLImageElement>('.kit-comment-card__thumb')?.src).toBe(BAG_POST.thumbnailUrl);
    // The card belongs to the private reply's row, before its bubble; the customer's answer has none.
    const row = host.querySelector('.kit-message[data-message-id="mid.pr-card"]')!;
    expect(row.querySelector('.kit-comment-card')?.nextElementSibling?.textContent).toContain('Hi Giulia! The red one is €120');
    expect(host.querySelectorAll('.kit-comment-card')).toHaveLength(1);
  });

  it('shows the comment alone when the kit does not know the post', async () => {
    const host = mount(<PrivateReplyWithoutThePost />);
    await expect.element(page.getByRole('figure').getByText(/Private reply to/)).toBeVisible();
    expect(host.querySelector('.kit-comment-card img')).toBeNull();
    expect(page.getByRole('link', { name: 'View the post' }).query()).toBeNull();
  });
});
