// @vitest-environment node
// Server rendering: no window, no document, no EventSource. Importing the kit and rendering it to
// HTML must work (Next.js / Remix), must not open any connection, and must render the inbox in
// every shipped language when its catalog is passed or imported (the on-demand chunk cannot be
// awaited by renderToString). Hydrating that HTML is checked in hydration.test.tsx.
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as kit from './index';
import { catalogs } from './i18n';
import { de as german } from './locales/de';
import { it as italian } from './locales/it';
import { ACCOUNT, CONVERSATIONS } from './test/fixtures';
import { fakeProxy } from './test/fakeClient';
import { NOW } from './test/kitHarness';

function renderInbox(props: Partial<kit.KitProviderProps>) {
  const { client } = fakeProxy();
  const store = kit.createKitStore({ client, accountId: ACCOUNT, now: () => NOW });
  store.getState().seedConversations(CONVERSATIONS);
  return renderToString(
    <kit.KitProvider client={client} store={store} accountId={ACCOUNT} {...props}>
      <kit.Inbox now={NOW} flavor="page" />
    </kit.KitProvider>,
  );
}

// The test setup registers Italian and German up front; these tests need the on-demand state.
beforeAll(() => {
  expect(catalogs.de).toBe(german); // what importing the locale entry did
  delete catalogs.it;
  delete catalogs.de;
});

describe('SSR', () => {
  it('imports and renders without a DOM', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <kit.KitProvider baseUrl="/kit" accountId={ACCOUNT} theme="dark">
        <span>inbox</span>
      </kit.KitProvider>,
    );
    expect(html).toContain('class="kit-root" data-theme="dark" lang="en"');
  });

  it('renders the inbox in English with its conversation list', () => {
    const html = renderInbox({});
    expect(html).not.toContain('aria-busy');
    expect(html).toContain('Choose a conversation to start.');
    expect(html).toContain(CONVERSATIONS[0]!.customer!.name!);
  });

  it('renders Italian on the server when the catalog is passed', () => {
    const html = renderInbox({ locale: 'it-IT', catalog: italian });
    expect(html).toContain('lang="it-IT"');
    expect(html).not.toContain('aria-busy');
    expect(html).toContain('Scegli una conversazione per iniziare.');
  });

  it('renders German on the server once the catalog is loaded before rendering', async () => {
    expect(renderInbox({ locale: 'de' })).toMatch(/^<div class="kit-root"[^>]*aria-busy="true"><\/div>$/); // on demand: not here yet
    await kit.loadCatalog('de');
    const html = renderInbox({ locale: 'de' });
    expect(html).not.toContain('aria-busy');
    expect(html).toContain('Wähle eine Unterhaltung, um zu beginnen.');
  });
});
