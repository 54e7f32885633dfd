/**
 * The provider the list and thread stories render in: an in-memory fake proxy (nothing leaves
 * the browser), a store seeded or left to load, a locale and a theme. `threads` / `conversations`
 * can be 'never' (loading forever) or an Error (the error state).
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { KitConversation, KitMessage } from '@kit/core';
import { KitProvider } from '../provider';
import type { KitTheme } from '../provider';
import { createKitStore } from '../store';
import { fakeProxy } from './fakeClient';
import { ACCOUNT, CONVERSATIONS } from './fixtures';

export interface StoryProviderProps {
  conversations?: KitConversation[] | Error | 'never';
  threads?: Record<string, KitMessage[]>;
  /** Seed threads into the store (instant) instead of serving them page by page. */
  seed?: boolean;
  threadError?: Error;
  threadNever?: boolean;
  locale?: string;
  theme?: KitTheme;
  width?: number | string;
  height?: number | string;
  children?: ReactNode;
}

export function StoryProvider(props: StoryProviderProps) {
  const [kit] = useState(() => {
    const proxy = fakeProxy({
      conversations: props.conversations ?? CONVERSATIONS,
      threads: props.threads ?? {},
      ...(props.threadError ? { threadError: props.threadError } : {}),
      latencyMs: 300,
    });
    if (props.threadNever) proxy.client.listMessages = () => new Promise(() => {});
    const store = createKitStore({ client: proxy.client, accountId: ACCOUNT });
    if (Array.isArray(props.conversations ?? CONVERSATIONS)) store.getState().seedConversations((props.conversations as KitConversation[] | undefined) ?? CONVERSATIONS);
    if (props.seed) for (const [cid, ms] of Object.entries(props.threads ?? {})) store.getState().seedThread(cid, ms);
    return { client: proxy.client, store };
  });
  return (
    <KitProvider client={kit.client} store={kit.store} accountId={ACCOUNT} live={false} locale={props.locale ?? 'en'} theme={props.theme ?? 'light'}>
      <div style={{ width: props.width ?? 420, height: props.height ?? 560, display: 'flex', flexDirection: 'column' }}>{props.children}</div>
    </KitProvider>
  );
}
