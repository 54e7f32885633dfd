/**
 * Page helpers shared by the end-to-end tests: find things the way a user does (roles, labels,
 * visible text) and wait for conditions, never for fixed times.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import type { GraphSandbox } from '@kit/sandbox';

/** The conversation row of a customer in the inbox's list. */
export function conversationRow(page: Page, username: string): Locator {
  return page.locator('.kit-inbox__list').getByRole('option', { name: new RegExp(username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
}

export async function openConversation(page: Page, username: string): Promise<void> {
  const row = conversationRow(page, username);
  await row.click();
  await page.locator('.kit-inbox__thread').waitFor();
  await page.waitForFunction((u) => document.querySelector('[role=option][aria-selected=true]')?.textContent?.includes(u), username);
}

/** The open thread. */
export function thread(page: Page): Locator {
  return page.locator('.kit-inbox__thread');
}

/** Messages in the open thread whose text contains `text`. */
export function messages(page: Page, text: string, direction?: 'inbound' | 'outbound'): Locator {
  return thread(page).locator(direction ? `.kit-message[data-direction=${direction}]` : '.kit-message', { hasText: text });
}

/** The agent's composer text box. */
export function composer(page: Page): Locator {
  return page.locator('.kit-inbox__main').getByRole('textbox', { name: 'Message', exact: true });
}

/** The simulator panel (the sandbox side of the page). */
export function simulator(page: Page): Locator {
  return page.getByRole('complementary', { name: /Customer simulator/ });
}

/** A seeded customer of the sandbox by username. */
export function customerByUsername(sandbox: GraphSandbox, username: string) {
  const c = sandbox.customer.list().find((x) => x.username === username);
  if (!c) throw new Error(`No sandbox customer @${username}; seeded: ${sandbox.customer.list().map((x) => x.username).join(', ')}`);
  return c;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core over the whole page; returns its violations in a readable form. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`,
  );
}
