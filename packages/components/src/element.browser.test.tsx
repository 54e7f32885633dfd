/**
 * `@kit/components/element` in Chromium: the inbox renders inside a shadow root with the kit's
 * stylesheet adopted (no styles.css on the page), the page's hostile CSS does not reach it, the
 * page themes it through `::part(root)`, and <ig-inbox> follows its attributes and unmounts when
 * removed. (Real proxy, sends and live events: the host-integration suite, test/host.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineInboxElement, mountInbox } from './element';
import type { MountedInbox } from './element';
import { createKitStore } from './store';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CID, CONVERSATIONS, thread } from './test/fixtures';
import { HOSTILE_HOST_CSS } from './test/hostileHost';

const NOW = Date.UTC(2026, 10, 21, 18, 30);
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function addStyle(css: string) {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  cleanup.push(() => style.remove());
}

function mountSeeded(): { element: HTMLElement; mounted: MountedInbox } {
  const element = document.createElement('div');
  element.style.cssText = 'width: 900px; height: 600px';
  document.body.append(element);
  const { client } = fakeProxy({ threads: { [CID]: thread(20) } });
  const store = createKitStore({ client, accountId: ACCOUNT, now: () => NOW });
  store.getState().seedConversations(CONVERSATIONS);
  store.getState().seedThread(CID, thread(20));
  const mounted = mountInbox(element, { baseUrl: '/kit', accountId: ACCOUNT, now: NOW, flavor: 'page', defaultSelectedId: CID, provider: { client, store, live: false } });
  cleanup.push(() => {
    mounted.unmount();
    element.remove();
  });
  return { element, mounted };
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe('mountInbox', () => {
  it('renders the inbox in a shadow root styled by the adopted kit stylesheet, untouched by the page’s CSS', async () => {
    const { element } = mountSeeded();
    const shadow = element.shadowRoot!;
    expect(shadow.adoptedStyleSheets.length).toBe(2);
    await waitFor(() => shadow.querySelectorAll('.kit-message[data-direction="outbound"] .kit-bubble').length > 0);
    await waitFor(() => shadow.querySelector('.kit-composer__send') !== null);
    const bubble = () => shadow.querySelector<HTMLElement>('.kit-message[data-direction="outbound"] .kit-bubble')!;
    const send = () => shadow.querySelector<HTMLElement>('.kit-composer__send')!;
    const before = { bubble: getComputedStyle(bubble()).backgroundColor, sendBox: send().getBoundingClientRect().height, font: getComputedStyle(send()).fontSize };
    expect(before.bubble).toBe('rgb(57, 73, 214)'); // --kit-color-outbound-bg: the kit's CSS applies
    expect(shadow.querySelector('.kit-root')!.getBoundingClientRect().height).toBe(600); // fills the element

    addStyle(HOSTILE_HOST_CSS);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    expect(getComputedStyle(send()).fontSize).toBe(before.font);
    expect(send().getBoundingClientRect().height).toBe(before.sendBox);
    expect(getComputedStyle(send()).textTransform).toBe('none');

    // The page themes the kit through the root part.
    addStyle('div::part(root) { --kit-color-outbound-bg: rgb(0, 120, 90); }');
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    expect(getComputedStyle(bubble()).backgroundColor).toBe('rgb(0, 120, 90)');
  });

  it('refuses an unknown option, naming it', () => {
    const element = document.createElement('div');
    expect(() => mountInbox(element, { baseUrl: '/kit', accountId: ACCOUNT, acountId: 'typo' } as never)).toThrow(/unknown option acountId/);
  });
});

describe('<ig-inbox>', () => {
  it('mounts from its attributes, follows them, and unmounts when removed', async () => {
    defineInboxElement();
    defineInboxElement(); // a second registration is a no-op
    const element = document.createElement('ig-inbox');
    element.setAttribute('base-url', '/kit-that-is-not-there');
    element.setAttribute('account-id', ACCOUNT);
    element.setAttribute('locale', 'en');
    element.setAttribute('theme', 'dark');
    document.body.append(element);
    cleanup.push(() => element.remove());
    const root = () => element.shadowRoot!.querySelector('.kit-root');
    expect(root()).toHaveProperty('dataset.theme', 'dark');
    expect(root()!.getAttribute('part')).toBe('root');
    expect(getComputedStyle(element).display).toBe('block');
    element.setAttribute('theme', 'light');
    expect(root()).toHaveProperty('dataset.theme', 'light');
    element.remove();
    expect(root()).toBeNull();
  });
});
