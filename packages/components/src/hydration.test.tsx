/**
 * Server HTML hydrates without a mismatch in every shipped language: the server renders with the
 * catalog passed (or the locale entry imported), the browser hydrates with the same props, and
 * React reports nothing (no console error, no recoverable error) and keeps the server's nodes.
 */
import { act } from 'react';
// React warns when act() runs outside a test environment it knows; this is one.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
import { renderToString } from 'react-dom/server';
import { hydrateRoot } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Inbox } from './inbox/Inbox';
import { KitProvider } from './provider';
import { createKitStore } from './store';
import { catalogs } from './i18n';
import type { KitCatalog } from './i18n';
import { de } from './locales/de';
import { it as italian } from './locales/it';
import { fakeProxy } from './test/fakeClient';
import { ACCOUNT, CONVERSATIONS } from './test/fixtures';
import { NOW } from './test/kitHarness';

function app(locale: string, catalog?: KitCatalog) {
  const { client } = fakeProxy();
  const store = createKitStore({ client, accountId: ACCOUNT, now: () => NOW });
  store.getState().seedConversations(CONVERSATIONS);
  return (
    <KitProvider client={client} store={store} accountId={ACCOUNT} locale={locale} live={false} {...(catalog ? { catalog } : {})}>
      <Inbox now={NOW} flavor="page" />
    </KitProvider>
  );
}

// The test setup registers Italian and German up front; here the catalog prop must do it.
beforeAll(() => {
  delete catalogs.it;
  delete catalogs.de;
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('hydration', () => {
  for (const [locale, catalog, pick] of [
    ['en', undefined, 'Choose a conversation to start.'],
    ['it', italian, 'Scegli una conversazione per iniziare.'],
    ['de', de, 'Wähle eine Unterhaltung, um zu beginnen.'],
  ] as const) {
    it(`hydrates the ${locale} inbox rendered on the server without a mismatch`, async () => {
      const container = document.createElement('div');
      container.innerHTML = renderToString(app(locale, catalog));
      document.body.append(container);
      const serverList = container.querySelector('.kit-conversation-list');
      expect(serverList).toHaveAttribute('data-state', 'ready');
      expect(container.textContent).toContain(pick);

      const errors = vi.spyOn(console, 'error');
      const recoverable: unknown[] = [];
      let root: ReturnType<typeof hydrateRoot> | undefined;
      await act(async () => {
        root = hydrateRoot(container, app(locale, catalog), { onRecoverableError: (error) => recoverable.push(error) });
      });
      expect(recoverable).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
      // Hydrated, not re-created: the server's nodes are the ones on the page.
      expect(container.querySelector('.kit-conversation-list')).toBe(serverList);
      expect(container.textContent).toContain(pick);
      act(() => root!.unmount());
    });
  }
});
