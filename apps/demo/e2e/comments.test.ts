/**
 * Comments in the demo, as an agent lives them: a customer comments on the shop's post (the
 * simulator, through the sandbox's `comments` webhook) → the inbox's Comments view lists it as
 * waiting → the agent answers privately → Instagram receives one message to `recipient.comment_id`
 * and the customer finds it in their Direct inbox → the customer writes back in Direct → the agent's
 * thread shows the private reply with its "replied to a comment" card, and the answer after it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath, startE2E, type E2E } from './harness';
import { conversationRow, customerByUsername, messages, simulator, thread } from './helpers';

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.open();
  await conversationRow(page, 'giulia.rossi').waitFor();
});

afterAll(async () => {
  await e2e?.close();
});

afterEach(() => {
  expect(e2e.takePageErrors()).toEqual([]);
});

describe('comments and private replies in the demo', () => {
  it('a customer comments → the agent replies privately → the reply is in their Direct inbox → their answer arrives in the thread under the card', async () => {
    const sandbox = e2e.demo.sandbox!;
    const giulia = customerByUsername(sandbox, 'giulia.rossi');
    const sim = simulator(page);

    // The customer comments on the shop's post.
    await sim.getByLabel('Customer', { exact: true }).selectOption(giulia.id);
    await sim.getByLabel(/^Comment from/).fill('Is the red bag still available? 😍');
    await sim.getByRole('button', { name: 'Comment', exact: true }).click();

    // The agent opens the comments from the inbox: the comment waits for a reply.
    const inbox = page.locator('.kit-inbox');
    await inbox.getByRole('button', { name: 'Comments', exact: true }).click();
    const row = inbox.getByRole('listitem', { name: 'Comment by @giulia.rossi' }).filter({ hasText: 'Is the red bag still available?' });
    await row.waitFor();
    await expect.poll(() => row.getByText('Waiting for a reply', { exact: true }).count()).toBe(1);
    await row.getByRole('button', { name: 'Reply privately' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reply privately to @giulia.rossi' });
    await dialog.getByRole('textbox', { name: 'Your reply' }).fill('Yes! It is €120. Shall I hold it for you?');
    await expect.poll(() => dialog.locator('.kit-counter').textContent()).toContain('43 / 1,000') // € is 3 bytes;
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });

    // Instagram got one private reply, addressed to the comment, and the customer sees it in Direct.
    await expect.poll(() => sandbox.inspect.sent().filter((s) => s.commentId !== undefined).map((s) => [s.recipientId, s.text])).toEqual([[giulia.id, 'Yes! It is €120. Shall I hold it for you?']]);
    // The simulator shows the customer's side of the thread, as the sandbox ("Instagram") holds it.
    await sim.getByText('Business\'s latest message: Yes! It is €120. Shall I hold it for you?').waitFor();
    await expect.poll(() => row.getByText('Replied privately', { exact: true }).count()).toBe(1);
    await expect.poll(() => row.getByRole('button', { name: 'Reply privately' }).getAttribute('aria-disabled')).toBe('true');
    await page.screenshot({ path: screenshotPath('comments-view.png') });

    // The reply opened (here: joined) the conversation; the agent goes there.
    await row.getByRole('button', { name: 'Open conversation' }).click();
    await page.waitForFunction(() => document.querySelector('[role=option][aria-selected=true]')?.textContent?.includes('giulia.rossi'));
    const reply = messages(page, 'Yes! It is €120. Shall I hold it for you?', 'outbound');
    await reply.waitFor();
    const card = reply.getByRole('figure');
    await expect.poll(() => card.textContent()).toContain('Is the red bag still available? 😍');
    expect(await card.textContent()).toMatch(/Private reply to .*comment/);

    // The customer writes back in Direct: the answer arrives in the same thread, after the card.
    await sim.getByLabel(/^Message from/).fill('Yes please, until Saturday!');
    await sim.getByRole('button', { name: 'Send as customer' }).click();
    const answer = messages(page, 'Yes please, until Saturday!', 'inbound');
    await answer.waitFor();
    // Below the private reply and its card on screen.
    const [cardBox, answerBox] = [await card.boundingBox(), await answer.boundingBox()];
    expect(answerBox!.y).toBeGreaterThan(cardBox!.y + cardBox!.height);
    expect(await thread(page).locator('.kit-comment-card').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('comments-private-reply.png') });
  });
});
