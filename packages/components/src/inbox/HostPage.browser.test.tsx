/**
 * <Inbox> on a host's page, laid out by the shipped styles.css in Chromium, exactly as a host
 * mounts it: `<KitProvider><Inbox/></KitProvider>` in a box of the host's, with no CSS of the host
 * for the kit.
 *  - It fills the box: the thread gets all the height the list, header, banners and composer leave,
 *    at every width from 320 to 1600 px.
 *  - A hostile host stylesheet (reboot, preflight, html font-size 62.5%, global button / textarea /
 *    * / div rules; test/hostileHost.ts) leaves every part of the kit where and how it was.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { KitProvider } from '../provider';
import { createKitStore } from '../store';
import { fakeProxy } from '../test/fakeClient';
import { ACCOUNT, CID, CONVERSATIONS, thread } from '../test/fixtures';
import { HOSTILE_HOST_CSS } from '../test/hostileHost';
import { mount } from '../test/browserMount';
import { Inbox } from './Inbox';

const NOW = Date.UTC(2026, 10, 21, 18, 30);
const HEIGHT = 780;

async function mountInbox(width: number): Promise<HTMLElement> {
  await page.viewport(Math.max(width + 40, 400), HEIGHT + 40);
  const { client } = fakeProxy({ threads: { [CID]: thread(30) } });
  const store = createKitStore({ client, accountId: ACCOUNT, now: () => NOW });
  store.getState().seedConversations(CONVERSATIONS);
  store.getState().seedThread(CID, thread(30));
  const host = mount(
    <KitProvider client={client} store={store} accountId={ACCOUNT} live={false}>
      <Inbox now={NOW} flavor="instagram" defaultSelectedId={CID} />
    </KitProvider>,
    { width: `${width}px`, height: `${HEIGHT}px` },
  );
  await expect.element(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect.poll(() => host.querySelectorAll('.kit-bubble').length).toBeGreaterThan(3);
  // The search box is a chunk of its own that arrives after mount and pushes the list down:
  // measure once it is there, or a snapshot taken before it compares with one taken after.
  await expect.poll(() => host.querySelector('.kit-search__input')).not.toBeNull();
  await frames(3);
  return host;
}

const frames = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(() => r(null)));
};

const box = (el: Element) => el.getBoundingClientRect();

describe('<Inbox> fills the host’s box', () => {
  afterAll(() => page.viewport(1100, 700));

  for (const width of [320, 480, 800, 1200, 1600]) {
    it(`gives the thread all the height left at ${width}×${HEIGHT}`, async () => {
      const host = await mountInbox(width);
      const q = (sel: string) => host.querySelector<HTMLElement>(sel)!;
      expect(box(q('.kit-root')).height).toBeCloseTo(HEIGHT, 0);
      expect(box(q('.kit-inbox')).height).toBeCloseTo(HEIGHT, 0);
      const main = q('.kit-inbox__main');
      expect(box(main).height).toBeCloseTo(HEIGHT, 0);
      // The pane's parts stack without a gap: header (name and actions), banners, thread, composer.
      const parts = [...main.children].filter((c) => box(c).height > 0);
      expect(parts.map((c) => c.className)).toEqual(
        ['kit-inbox__header', 'kit-inbox__banners', 'kit-inbox__thread', 'kit-composer'],
      );
      const others = parts.filter((c) => c.className !== 'kit-inbox__thread').reduce((n, c) => n + box(c).height, 0);
      expect(box(q('.kit-inbox__thread')).height).toBeCloseTo(HEIGHT - others, 0);
      expect(box(q('.kit-thread-scroller')).height).toBeCloseTo(box(q('.kit-inbox__thread')).height, 0);
      expect(box(q('.kit-thread-scroller')).height).toBeGreaterThan(HEIGHT / 2);
      // The header's icons draw: their shapes keep stroke and fill (the scoped reset spares them).
      const shapes = [...host.querySelectorAll<SVGElement>('.kit-inbox__header .kit-icon > *')];
      expect(shapes.length).toBeGreaterThan(2);
      for (const shape of shapes) {
        const style = getComputedStyle(shape);
        const color = getComputedStyle(shape.closest('button')!).color;
        const drawn = (attribute: string | null) => (attribute === 'currentColor' ? color : attribute);
        if (shape.hasAttribute('stroke')) expect(style.stroke).toBe(drawn(shape.getAttribute('stroke')));
        if (shape.hasAttribute('fill')) expect(style.fill).toBe(drawn(shape.getAttribute('fill')));
      }
    });
  }
});

/** Where and how each part of the kit is drawn, relative to the kit's root. */
function snapshot(host: HTMLElement) {
  const root = box(host.querySelector('.kit-root')!);
  const parts: Record<string, unknown> = {};
  for (const sel of PARTS) {
    const el = host.querySelector(sel);
    if (!el) throw new Error(`${sel} is not on the page`);
    const r = box(el);
    const cs = getComputedStyle(el);
    parts[sel] = {
      x: r.x - root.x,
      y: r.y - root.y,
      width: r.width,
      height: r.height,
      // The root's own box belongs to the host (its className, its box-sizing): only what the kit
      // draws inside it is compared, and the text settings the root passes down.
      style: Object.fromEntries((sel === '.kit-root' ? TEXT_STYLES : STYLES).map((p) => [p, cs.getPropertyValue(p)])),
    };
  }
  return parts as Record<string, { x: number; y: number; width: number; height: number; style: Record<string, string> }>;
}

const PARTS = [
  '.kit-root',
  '.kit-inbox__list',
  '.kit-conversation',
  '.kit-conversation-name',
  '.kit-conversation-preview',
  '.kit-inbox__banners',
  '.kit-banner',
  '.kit-banner__summary',
  '.kit-thread-scroller',
  '.kit-message[data-direction="inbound"] .kit-bubble',
  '.kit-message[data-direction="outbound"] .kit-bubble',
  '.kit-reaction-bar__button',
  '.kit-composer',
  '.kit-composer__input',
  '.kit-composer__attach',
  '.kit-composer__heart',
  '.kit-composer__send',
  '.kit-counter',
];
const TEXT_STYLES = ['color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height', 'letter-spacing', 'text-transform', 'text-align'];
const STYLES = [
  ...TEXT_STYLES,
  'padding-top',
  'padding-left',
  'margin-top',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-radius',
  'box-shadow',
  'box-sizing',
  'list-style-type',
];

describe('a hostile host stylesheet', () => {
  afterAll(() => page.viewport(1100, 700));

  for (const width of [1100, 360]) {
    it(`leaves the kit’s parts where and how they were at ${width} px`, async () => {
      const host = await mountInbox(width);
      const clean = snapshot(host);
      const style = document.createElement('style');
      style.textContent = HOSTILE_HOST_CSS;
      document.head.append(style); // last: every host rule after the kit's, the worst order
      try {
        await frames(3);
        // The stylesheet does hit the page (and would hit the kit without its reset).
        expect(getComputedStyle(document.documentElement).fontSize).toBe('10px');
        const hostile = snapshot(host);
        for (const sel of PARTS) {
          const [a, b] = [clean[sel]!, hostile[sel]!];
          for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(a[k] - b[k]), `${sel} ${k}`).toBeLessThanOrEqual(2);
          expect(b.style, sel).toEqual(a.style);
        }
      } finally {
        style.remove();
      }
    });
  }
});
