/**
 * The provider stories of the composing half render in: a fake proxy (nothing leaves the
 * browser), a store seeded with conversations and threads, a fixed clock, a locale and a theme.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Decorator } from '@storybook/react-vite';
import { META_INBOX_APP_IDS } from '@kit/core';
import type { KitAccountPause, KitConversation, KitMessage, KitSavedReply } from '@kit/core';
import type { KitAccount, KitClient, KitDeadLetter, KitMessengerProfileView, KitOutboxSend } from '../client';
import { draftsFor } from '../composer/drafts';
import type { UploadFn } from '../media-picker/upload';
import { KitProvider } from '../provider';
import type { KitTheme } from '../provider';
import { createKitStore } from '../store';
import { fakeProxy } from './fakeClient';
import { ACCOUNT, CONVERSATIONS } from './fixtures';
// Stories render Italian and German on the first paint (the kit itself loads them on demand), and
// the Inbox's conversation pane without a loading step (its chunk is already evaluated).
import '../locales/it';
import '../locales/de';
import '../inbox/ConversationPane';

export const STORY_NOW = Date.UTC(2026, 10, 21, 18, 30);
/** The kit's own Meta app id in stories (Conversation Routing). */
export const STORY_APP_ID = '1234567890123456';

export interface StoryKitProps {
  conversations?: KitConversation[];
  threads?: Record<string, KitMessage[]>;
  locale?: string;
  theme?: KitTheme;
  /** Drafts to start with, per conversation id (counter stories). */
  drafts?: Record<string, string>;
  /** Make the fake proxy refuse reactions / conversation changes. */
  failing?: boolean;
  /** An operator's pause of the account's sending, as GET /accounts reports it. */
  paused?: KitAccountPause | null;
  /** The operator routes (<KitOps> stories): the outbox, dead letters (or a 403), account fields. */
  outbox?: KitOutboxSend[];
  deadLetters?: KitDeadLetter[] | 'forbidden';
  account?: Partial<KitAccount>;
  /** Extra client routes, made per story render (the comments view's: `() => fakeComments(...).routes`). */
  routes?: () => Partial<KitClient>;
  /** The account's ice breakers and menu (<ProfileSettings> stories). */
  profile?: Partial<KitMessengerProfileView> | 'error';
  /** The account's saved replies (the composer's `/` picker, <SavedRepliesSettings>), or 'failing'. */
  savedReplies?: KitSavedReply[] | 'failing';
  /** The conversation search never answers (a search in flight) or fails. */
  search?: 'never' | Error;
  children?: ReactNode;
}

function withExtras(client: KitClient, conversations: KitConversation[], failing: boolean, paused: KitAccountPause | null, account: Partial<KitAccount>): KitClient {
  const refuse = () => Promise.reject(new Error('The proxy refused (story)'));
  const find = (cid: string) => conversations.find((c) => c.id === cid)!;
  return {
    ...client,
    listAccounts: () => Promise.resolve([{ id: ACCOUNT, flavor: 'instagram', username: 'bottega.rossi', status: 'connected', backfill: { state: 'done' }, paused, ...account }]),
    react: failing ? refuse : client.react,
    setConversationMode: failing
      ? refuse
      : (_a, cid, automated) => Promise.resolve({ ...find(cid), disclosure: { ...find(cid).disclosure, automated, lastSenderWasHuman: !automated } }),
    recordConsent: failing ? refuse : (_a, cid, state) => Promise.resolve({ ...find(cid), consent: { state, at: STORY_NOW } }),
    // Conversation Routing: the story kit's app takes the thread, or hands it back to the app that had it.
    takeThread: failing
      ? refuse
      : (_a, cid) => {
          const r = find(cid).routing;
          return Promise.resolve({ ...find(cid), routing: { holder: 'kit', holderAppId: STORY_APP_ID, ...(r?.holderAppId ? { previousAppId: r.holderAppId } : {}), since: STORY_NOW } });
        },
    passThread: failing
      ? refuse
      : (_a, cid, target) => {
          const to = target ?? find(cid).routing?.previousAppId ?? META_INBOX_APP_IDS[0]!;
          return Promise.resolve({ ...find(cid), routing: { holder: META_INBOX_APP_IDS.includes(to) ? 'inbox' : 'app', holderAppId: to, previousAppId: STORY_APP_ID, since: STORY_NOW } });
        },
  };
}

export function StoryKit(props: StoryKitProps) {
  const conversations = props.conversations ?? CONVERSATIONS;
  const [kit] = useState(() => {
    const proxy = fakeProxy({
      conversations,
      threads: props.threads ?? {},
      ...(props.outbox ? { outbox: props.outbox } : {}),
      ...(props.deadLetters ? { deadLetters: props.deadLetters } : {}),
      ...(props.savedReplies ? { savedReplies: props.savedReplies } : {}),
      paused: props.paused ?? null,
      now: () => STORY_NOW,
      ...(props.profile ? { profile: props.profile } : {}),
      ...(props.search ? { search: props.search } : {}),
    });
    const extras = withExtras(proxy.client, conversations, props.failing ?? false, props.paused ?? null, props.account ?? {});
    const client: KitClient = { ...extras, ...props.routes?.() };
    const store = createKitStore({ client, accountId: ACCOUNT, now: () => STORY_NOW });
    store.getState().seedConversations(conversations);
    for (const [cid, messages] of Object.entries(props.threads ?? {})) store.getState().seedThread(cid, messages);
    if (props.drafts) draftsFor(store).setState(props.drafts);
    return { client, store };
  });
  return (
    <KitProvider client={kit.client} store={kit.store} accountId={ACCOUNT} live={false} locale={props.locale ?? 'en'} theme={props.theme ?? 'light'} style={{ padding: 12 }}>
      {props.children}
    </KitProvider>
  );
}

/** Wraps a story in <StoryKit>, with the toolbar's theme and the story's `parameters.kit`. */
export const withStoryKit: Decorator = (Story, ctx) => (
  <StoryKit theme={ctx.globals.theme as KitTheme} {...(ctx.parameters.kit as object)}>
    <Story />
  </StoryKit>
);

/** An upload that reports progress over ~1.5 s and then succeeds (or fails, for the retry story). */
export function simulatedUpload(options: { fail?: boolean; stallAt?: number } = {}): UploadFn {
  return (file, { onProgress, signal }) =>
    new Promise((resolve, reject) => {
      let loaded = 0;
      const step = Math.max(1, Math.ceil(file.size / 10));
      const timer = setInterval(() => {
        if (options.stallAt !== undefined && loaded >= file.size * options.stallAt) return;
        loaded = Math.min(file.size, loaded + step);
        onProgress?.(loaded, file.size);
        if (loaded >= file.size) {
          clearInterval(timer);
          if (options.fail) reject(new Error('The proxy answered 502'));
          else resolve({ attachmentId: `att-${file.name}` });
        }
      }, 150);
      signal?.addEventListener('abort', () => {
        clearInterval(timer);
        reject(new Error('aborted'));
      });
    });
}
