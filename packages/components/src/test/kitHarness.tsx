/**
 * Rendering inside a <KitProvider> backed by the in-memory fake proxy, with the fixture
 * conversations seeded: `OPEN_CID` (customer wrote 35 min before NOW), `HUMAN_CID` (3 days before)
 * and `CLOSED_CID` (7 weeks before). Shared by the composer, picker, reaction and banner tests.
 */
import type { KitMessagesOverride } from '../i18n';
import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { KitConversation } from '@kit/core';
import { KitProvider } from '../provider';
import { createKitStore } from '../store';
import type { KitClient } from '../client';
import type { KitStore } from '../store';
import type { FakeProxy } from './fakeClient';
import { fakeProxy } from './fakeClient';
import { ACCOUNT, CONVERSATIONS } from './fixtures';

export const NOW = Date.UTC(2026, 10, 21, 18, 30);
export const OPEN_CID = CONVERSATIONS[0]!.id;
export const HUMAN_CID = CONVERSATIONS[1]!.id;
export const CLOSED_CID = CONVERSATIONS[2]!.id;

export interface HarnessOptions {
  proxy?: Parameters<typeof fakeProxy>[0];
  conversations?: KitConversation[];
  locale?: string;
  messages?: KitMessagesOverride;
  /** Change the fake client (e.g. add setConversationMode). */
  client?: (c: KitClient) => KitClient;
}

export interface Harness extends Omit<RenderResult, 'rerender'> {
  proxy: FakeProxy;
  store: KitStore;
  client: KitClient;
  rerender(node: ReactElement): void;
}

export function renderWithKit(ui: ReactElement, options: HarnessOptions = {}): Harness {
  const proxy = fakeProxy(options.proxy);
  const client = options.client ? options.client(proxy.client) : proxy.client;
  const store = createKitStore({ client, accountId: ACCOUNT, now: () => NOW });
  store.getState().seedConversations(options.conversations ?? CONVERSATIONS);
  const wrap = (node: ReactElement) => (
    <KitProvider client={client} store={store} accountId={ACCOUNT} live={false} locale={options.locale ?? 'en'} messages={options.messages}>
      {node}
    </KitProvider>
  );
  const result = render(wrap(ui));
  return { ...result, proxy, store, client, rerender: (node: ReactElement) => result.rerender(wrap(node)) };
}
