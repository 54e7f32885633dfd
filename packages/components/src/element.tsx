/**
 * `@kit/components/element`: the inbox for pages that are not React (a server-rendered CRM, Vue,
 * Angular, plain HTML). One module script and one tag:
 *
 *   <script type="module" src="/assets/kit-element.js"></script>   (or: import '@kit/components/element')
 *   <ig-inbox base-url="/kit" account-id="17841400000000001" locale="it" theme="auto"></ig-inbox>
 *
 * or, from code, `mountInbox(element, { baseUrl, accountId, ... })`. The inbox renders inside a
 * shadow root with the kit's stylesheet adopted, so no CSS of the page reaches it and none of its
 * CSS reaches the page. React and ReactDOM are bundled into this entry (and only this one): the
 * page needs nothing else. Theme it from the page through the root part:
 * `ig-inbox::part(root) { --kit-color-accent: #0a7; }`.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import kitCss from './styles.css?inline';
import { checkAppNames, Inbox } from './inbox/Inbox';
import type { InboxProps } from './inbox/Inbox';
import { KitProvider } from './provider';
import type { KitProviderProps, KitTheme } from './provider';

export interface MountInboxOptions extends Omit<InboxProps, 'className'> {
  /** Where `@kit/proxy` is mounted, e.g. `/kit`. */
  baseUrl: string;
  /** The business account this inbox serves. */
  accountId: string;
  locale?: string;
  theme?: KitTheme;
  /** Provider options beyond these (custom fetch, string overrides, a catalog, live). */
  provider?: Omit<KitProviderProps, 'baseUrl' | 'accountId' | 'locale' | 'theme' | 'children'>;
}

export interface MountedInbox {
  /** Re-render with new options (merged into the current ones). */
  update(options: Partial<MountInboxOptions>): void;
  unmount(): void;
}

const OPTION_KEYS = new Set(['baseUrl', 'accountId', 'locale', 'theme', 'provider', 'selectedId', 'defaultSelectedId', 'onSelect', 'flavor', 'disclosure', 'humanAgentEnabled', 'upload', 'now', 'appNames']);

function checkOptions(options: object): void {
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.has(k));
  if (unknown.length) throw new TypeError(`mountInbox: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${[...OPTION_KEYS].join(', ')})`);
  // Checked here too, so mountInbox throws to its caller instead of inside React's render.
  checkAppNames((options as { appNames?: unknown }).appNames, 'mountInbox');
}

let sheets: CSSStyleSheet[] | undefined;
/** The kit's stylesheet, parsed once and shared by every shadow root on the page. */
function kitSheets(): CSSStyleSheet[] {
  if (!sheets) {
    const host = new CSSStyleSheet();
    // The element is a block that fills what the page gives it (give it a height).
    host.replaceSync(':host { display: block; height: 100%; min-height: 0; } :host([hidden]) { display: none; }');
    const kit = new CSSStyleSheet();
    kit.replaceSync(kitCss);
    sheets = [host, kit];
  }
  return sheets;
}

/** Render <KitProvider><Inbox/></KitProvider> into `element`'s shadow root (created if needed). */
export function mountInbox(element: HTMLElement, options: MountInboxOptions): MountedInbox {
  checkOptions(options);
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = kitSheets();
  const container = document.createElement('div');
  container.style.height = '100%';
  shadow.replaceChildren(container);
  const root: Root = createRoot(container);
  let current = options;
  const render = () => {
    const { baseUrl, accountId, locale, theme, provider, ...inbox } = current;
    flushSync(() =>
      root.render(
        createElement(KitProvider, { ...provider, baseUrl, accountId, locale, theme } as KitProviderProps, createElement(Inbox, inbox)),
      ),
    );
    // The page themes the kit through this part (custom properties set on it beat the defaults).
    container.querySelector('.kit-root')?.setAttribute('part', 'root');
  };
  render();
  return {
    update(next) {
      checkOptions(next);
      current = { ...current, ...next };
      render();
    },
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}

const ATTRIBUTES = { 'base-url': 'baseUrl', 'account-id': 'accountId', locale: 'locale', theme: 'theme' } as const;

/**
 * `<ig-inbox base-url account-id locale? theme?>`: mounts when connected with both required
 * attributes, follows attribute changes, unmounts when removed. Selection changes are announced
 * as a `kit-select` event (`detail: { conversationId }`).
 */
export class InboxElement extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);
  #mounted: MountedInbox | undefined;

  connectedCallback(): void {
    this.#sync();
  }

  disconnectedCallback(): void {
    this.#mounted?.unmount();
    this.#mounted = undefined;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#sync();
  }

  #options(): MountInboxOptions | undefined {
    const baseUrl = this.getAttribute('base-url');
    const accountId = this.getAttribute('account-id');
    if (baseUrl === null || !accountId) return undefined;
    const theme = this.getAttribute('theme');
    return {
      baseUrl,
      accountId,
      locale: this.getAttribute('locale') ?? 'en',
      theme: theme === 'dark' || theme === 'auto' ? theme : 'light',
      onSelect: (conversationId) => this.dispatchEvent(new CustomEvent('kit-select', { detail: { conversationId }, bubbles: true })),
    };
  }

  #sync(): void {
    const options = this.#options();
    if (!options) {
      // Say what is missing instead of rendering nothing silently.
      console.error(`<${this.localName}>: set both base-url (where @kit/proxy is mounted) and account-id`);
      return;
    }
    if (this.#mounted) this.#mounted.update(options);
    else this.#mounted = mountInbox(this, options);
  }
}

/** Register the element under `name` (default `ig-inbox`); a second call is a no-op. */
export function defineInboxElement(name = 'ig-inbox'): void {
  if (!customElements.get(name)) customElements.define(name, class extends InboxElement {});
}

// Importing the entry registers <ig-inbox> (browsers only: the module may be imported on a server).
if (typeof customElements !== 'undefined') defineInboxElement();
