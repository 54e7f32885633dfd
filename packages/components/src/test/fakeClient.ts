/**
 * An in-memory stand-in for the proxy behind a KitClient, for component tests and stories: it
 * serves conversations and paged threads from fixtures and records sends. Latency is optional so
 * stories can show loading states.
 */
import type { KitConversation, KitEvent, KitMessage } from '@kit/core';
import { KitClientError } from '../client';
import type { KitClient, KitSendRecord, KitSendRequest } from '../client';
import { ACCOUNT, CONVERSATIONS } from './fixtures';

export interface FakeProxy {
  client: KitClient;
  sends: KitSendRequest[];
  /** Conversation ids marked read. */
  reads: string[];
  /** Conversation ids marked unread. */
  unreads: string[];
  /** Queue live events for the long-poll fallback. */
  push(event: KitEvent): void;
}

export function fakeProxy(options: {
  conversations?: KitConversation[] | Error | 'never';
  threads?: Record<string, KitMessage[]>;
  threadError?: Error;
  pageSize?: number;
  latencyMs?: number;
  sendResult?: (b: KitSendRequest) => KitSendRecord | Error;
} = {}): FakeProxy {
  const sends: KitSendRequest[] = [];
  const reads: string[] = [];
  const unreads: string[] = [];
  const queue: KitEvent[] = [];
  let wake: (() => void) | null = null;
  const wait = <T>(read: () => T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(read());
        } catch (e) {
          reject(e);
        }
      }, options.latencyMs ?? 0),
    );
  const client: KitClient = {
    baseUrl: '/kit',
    listAccounts: () => Promise.resolve([{ id: ACCOUNT }]),
    listConversations: () => {
      const c = options.conversations ?? CONVERSATIONS;
      if (c === 'never') return new Promise(() => {});
      return wait(() => {
        if (c instanceof Error) throw c;
        return { conversations: c };
      });
    },
    listMessages: (_a, cid, page) =>
      wait(() => {
        if (options.threadError) throw options.threadError;
        const all = options.threads?.[cid] ?? [];
        const end = page?.before ? Number(page.before) : all.length;
        const start = Math.max(0, end - (page?.limit ?? options.pageSize ?? 50));
        return { messages: all.slice(start, end), nextBefore: start === 0 ? null : String(start) };
      }),
    sendMessage: (_a, body) => {
      sends.push(body);
      const r = options.sendResult?.(body) ?? { clientId: body.clientId, status: 'queued' as const };
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
    react: () => Promise.resolve({}),
    markUnread: (_a, cid) => {
      unreads.push(cid);
      return Promise.resolve(undefined);
    },
    markRead: (_a, cid) => {
      reads.push(cid);
      return Promise.resolve(undefined);
    },
    uploadAttachment: () => Promise.resolve({ attachmentId: 'att' }),
    eventsUrl: () => '/kit/events',
    pollEvents: (_after, signal) =>
      new Promise((resolve, reject) => {
        const flush = () => resolve({ events: queue.splice(0), lastEventId: null });
        if (queue.length) return flush();
        wake = flush;
        signal?.addEventListener('abort', () => reject(new KitClientError({ code: 'aborted', message: 'aborted', status: 0, retryable: false, category: 'network' })));
      }),
  };
  return {
    client,
    sends,
    reads,
    unreads,
    push(event) {
      queue.push(event);
      const w = wake;
      wake = null;
      w?.();
    },
  };
}
