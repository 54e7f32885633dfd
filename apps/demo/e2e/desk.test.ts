/**
 * The agent's desk, lived through in the demo as a help-desk agent would: dialogs that cover the
 * page, reactions that say why they cannot be sent, and a phone-sized screen where the simulator
 * stays out of the composer's way.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath, startE2E, type E2E } from './harness';
import { composer, conversationRow, openConversation } from './helpers';

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

/**
 * Points of a grid over the viewport whose topmost element (by paint order: a modal dialog makes
 * the page behind it inert with pointer-events: none, which hit testing would skip) is neither
 * inside `dialog` nor the `backdrop`.
 */
function uncovered(p: Page, dialog: string, backdrop: string): Promise<string[]> {
  return p.evaluate(
    ([dialogSel, backdropSel]) => {
      const style = document.createElement('style');
      style.textContent = '* { pointer-events: auto !important; }';
      document.head.append(style);
      const out = new Set<string>();
      for (let x = 3; x < innerWidth; x += innerWidth / 30) {
        for (let y = 3; y < innerHeight; y += innerHeight / 20) {
          const el = document.elementFromPoint(x, y);
          if (!el || el.closest(dialogSel!) || el.matches(backdropSel!)) continue;
          out.add(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
        }
      }
      style.remove();
      return [...out];
    },
    [dialog, backdrop],
  );
}

describe('the agent’s desk in the demo', () => {
  it('opening a thread tells Instagram it was seen (mark_seen), and typing shows "typing…" (typing_on)', async () => {
    const alex = e2e.demo.sandbox!.customer.list().find((c) => c.username === 'alex.k')!;
    const actions = () => e2e.demo.sandbox!.inspect.actions({ recipientId: alex.id }).map((a) => a.action);
    expect(actions()).not.toContain('mark_seen');
    await openConversation(page, 'alex.k');
    await expect.poll(actions, { timeout: 15_000 }).toContain('mark_seen');
    expect(actions()).not.toContain('typing_on');
    await composer(page).pressSequentially('One moment, I am check');
    await expect.poll(actions, { timeout: 15_000 }).toContain('typing_on');
    // Throttled: a sentence of keystrokes is one request, not one per key.
    expect(actions().filter((a) => a === 'typing_on')).toHaveLength(1);
    await composer(page).fill('');
  });

  it('keyboard shortcuts move between conversations, and ? lists them', async () => {
    await openConversation(page, 'giulia.rossi');
    const selectedName = () => page.locator('.kit-inbox__list [role=option][aria-selected=true]').textContent();
    const names = await page.locator('.kit-inbox__list [role=option]').allTextContents();
    const at = names.findIndex((n) => n.includes('giulia.rossi'));
    await page.keyboard.press('j');
    await expect.poll(selectedName).toContain(names[at + 1]!.slice(0, 8));
    await composer(page).click();
    await page.keyboard.press('Alt+ArrowUp'); // works from the composer too
    await expect.poll(selectedName).toContain('giulia.rossi');
    await page.locator('.kit-inbox__list [role=option][aria-selected=true]').click(); // focus on the list, out of the composer
    await page.keyboard.press('Shift+?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the media picker covers the whole page, pinned window banner and simulator included (screenshot checked)', async () => {
    await openConversation(page, 'giulia.rossi');
    await page.locator('.kit-inbox__main').getByRole('region', { name: 'Messaging window' }).waitFor();
    await page.locator('.kit-inbox__main').getByRole('button', { name: 'Add photos, video, audio or PDF' }).click();
    await page.getByRole('dialog', { name: 'Send media' }).waitFor();
    await page.waitForTimeout(300); // Radix's open animation, so the screenshot shows the settled state
    expect(await uncovered(page, '.kit-picker', '.kit-picker__overlay')).toEqual([]);
    await page.screenshot({ path: screenshotPath('desk-picker-over-banner.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('a reaction outside the 24 h window is disabled, with its reason', async () => {
    await openConversation(page, 'jonas.becker'); // seeded in the HUMAN_AGENT range
    const love = page.locator('.kit-inbox__main .kit-inbox__react').getByRole('button', { name: 'React with ❤️' });
    await love.waitFor();
    expect(await love.getAttribute('aria-disabled')).toBe('true');
    expect(await love.getAttribute('title')).toContain('Reactions need the 24-hour window');
    const description = await love.evaluate(
      (el) => document.getElementById(el.getAttribute('aria-describedby')!)?.textContent,
    );
    expect(description).toContain('Reactions need the 24-hour window');
    const jonas = e2e.demo.sandbox!.customer.list().find((c) => c.username === 'jonas.becker')!;
    const before = e2e.demo.sandbox!.inspect.actions().length;
    await love.click({ force: true }); // Playwright treats aria-disabled as not clickable; a person can still click it
    // A send would show at once (reactions are optimistic): the button would turn pressed.
    expect(await love.getAttribute('aria-pressed')).toBe('false');
    expect(
      e2e.demo
        .sandbox!.inspect.actions()
        .slice(before)
        .filter((a) => a.recipientId === jonas.id),
    ).toEqual([]);
  });

  for (const height of [600, 844]) {
    it(`at 390×${height} the composer is on the first screen, in front of the simulator`, async () => {
      // A phone from the first paint: opened wide and then narrowed, the demo may already have
      // opened the first conversation (it does on wide screens), hiding the list.
      const phone = await e2e.open('/', { width: 390, height });
      await conversationRow(phone, 'giulia.rossi').click();
      const composer = phone.locator('.kit-inbox__main .kit-composer');
      await composer.waitFor();
      const box = (await composer.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(height + 1);
      const simulatorTop = (await phone.getByRole('complementary', { name: /Customer simulator/ }).boundingBox())!.y;
      expect(simulatorTop).toBeGreaterThanOrEqual(box.y + box.height - 1);
      const hits = await phone.evaluate(() => {
        const rect = document.querySelector('.kit-inbox__main .kit-composer')!.getBoundingClientRect();
        const out: string[] = [];
        for (let x = rect.left + 4; x < rect.right; x += rect.width / 12) {
          for (const y of [rect.top + 4, rect.top + rect.height / 2, rect.bottom - 4]) {
            const el = document.elementFromPoint(x, y);
            if (!el?.closest('.kit-composer'))
              out.push(`${el?.tagName}.${el?.className} at ${Math.round(x)},${Math.round(y)}`);
          }
        }
        return out;
      });
      expect(hits).toEqual([]);
      await phone.screenshot({ path: screenshotPath(`desk-phone-390x${height}.png`) });
      await phone.close();
    });
  }
});

describe('the operator in the demo', () => {
  it('pauses sending from the operator view: the inbox says so at once and a send waits queued; resume sends it', async () => {
    const ops = await e2e.open();
    await openConversation(ops, 'giulia.rossi');
    await ops.getByRole('button', { name: 'Operator view' }).click();
    const panel = ops.getByRole('complementary', { name: 'Operator view' });
    await panel.getByText('Sending runs normally.').waitFor();
    const reason = 'Instagram is failing sends; we resume when Meta fixes it.';
    await panel.getByLabel('Message for agents').fill(reason);
    await panel.getByRole('button', { name: 'Pause sending' }).click();
    const banner = ops.getByRole('status', { name: 'Sending paused' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(reason);

    const before = e2e.demo.sandbox!.inspect.sent().length;
    await composer(ops).fill('Held while paused');
    await composer(ops).press('Enter');
    await panel.getByText('Held while paused').waitFor(); // the outbox lists it, queued
    expect(e2e.demo.sandbox!.inspect.sent().length).toBe(before);
    await ops.screenshot({ path: screenshotPath('operator-paused.png') });

    await panel.getByRole('button', { name: 'Resume sending' }).click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => e2e.demo.sandbox!.inspect.sent().some((s) => s.text === 'Held while paused'), { timeout: 15_000 }).toBe(true);
    await ops.context().close();
  });

  it('the simulator breaks Instagram\'s side on demand: every send fails until the outage ends', async () => {
    const sim = page.getByRole('complementary', { name: /Customer simulator/ });
    const outage = sim.getByLabel(/Outage: every send fails/);
    await outage.check();
    await expect.poll(() => e2e.demo.sandbox!.faults.get()).toMatchObject({ routes: ['send'], errorRate: 1 });
    await outage.uncheck();
    await expect.poll(() => e2e.demo.sandbox!.faults.get().errorRate ?? 0).toBe(0);
  });
});
