/**
 * The sandbox's control API (`/sandbox/__sandbox`, see packages/sandbox/README.md) as the
 * simulator panel uses it: act as a customer, move the clock, follow the activity feed. It carries
 * no token: the sandbox never hands one out.
 */

export interface SandboxCustomer {
  id: string;
  accountId: string;
  name: string | null;
  username: string;
  optedIn: boolean | null;
}

export interface SandboxMessage {
  mid: string;
  customerId: string;
  direction: 'inbound' | 'outbound';
  createdAt: number;
  text?: string;
  /** A template's `payload` is Graph's (`template_type`, `text`, `buttons`, `elements`). */
  attachments: Array<{ type: string; payload?: SandboxTemplatePayload }>;
  /** Chips the business offered under its message, in Graph's shape. */
  quickReplies?: Array<{ content_type: string; title?: string; payload?: string }>;
  isDeleted: boolean;
  reactions: Array<{ by: 'customer' | 'business'; reaction: string; emoji?: string }>;
}

export interface SandboxButton {
  type: string;
  title?: string;
  payload?: string;
  url?: string;
}

export interface SandboxTemplatePayload {
  template_type?: string;
  text?: string;
  buttons?: SandboxButton[];
  elements?: Array<{ title?: string; buttons?: SandboxButton[] }>;
}

/** What a customer of the account sees before writing: ice breakers, and the menu. */
export interface SandboxProfile {
  iceBreakers: Array<{ question: string; payload: string }>;
  persistentMenu: SandboxButton[];
}

export interface SandboxConversation {
  id: string;
  accountId: string;
  customerId: string;
  messages: Array<SandboxMessage | undefined>;
}

export interface SandboxActivity {
  kind: 'sent' | 'action' | 'webhook' | 'customer' | 'profile';
  at: number;
  accountId?: string;
  customerId?: string;
  summary: Record<string, unknown>;
}

/** One of the business's posts, reels, stories or Live broadcasts (`GET /media`). */
export interface SandboxMedia {
  id: string;
  kind: 'post' | 'reel' | 'story' | 'live';
  caption?: string;
  permalink: string;
  liveEndedAt?: number;
}

export type CustomerMediaType = 'image' | 'video' | 'audio' | 'file';

/** The simulator's bot app (any id that is neither the kit's app nor Meta's inbox). */
export const DEMO_BOT_APP_ID = '555000111222333';

export class SandboxApiError extends Error {
  override name = 'SandboxApiError';
}

export function sandboxApi(base: string, accountId: string) {
  async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!res.ok) throw new SandboxApiError(json?.error?.message ?? `The sandbox answered ${res.status} to ${method} ${path}.`);
    return json as T;
  }
  const q = `accountId=${encodeURIComponent(accountId)}`;
  const act = (customerId: string, what: string, body: unknown = {}) => call<{ mid?: string }>('POST', `/customers/${encodeURIComponent(customerId)}/${what}`, body);

  return {
    customers: () => call<SandboxCustomer[]>('GET', `/customers?${q}`),
    conversations: () => call<SandboxConversation[]>('GET', `/conversations?${q}`),
    createCustomer: (input: { name?: string; username: string }) => call<SandboxCustomer>('POST', '/customers', { accountId, ...input }),
    text: (id: string, text: string) => act(id, 'messages', { text }),
    media: (id: string, type: CustomerMediaType) => act(id, 'media', { type }),
    share: (id: string, kind: 'post' | 'reel') => act(id, 'share', { kind, title: kind === 'post' ? 'New collection' : 'Behind the scenes' }),
    mentionInStory: (id: string) => act(id, 'story-mention'),
    replyToStory: (id: string, text: string) => act(id, 'story-reply', { text }),
    react: (id: string, mid: string, reaction: string) => act(id, 'reactions', { mid, reaction, action: 'react' }),
    unreact: (id: string, mid: string) => act(id, 'reactions', { mid, action: 'unreact' }),
    unsend: (id: string, mid: string) => act(id, 'unsend', { mid }),
    read: (id: string) => act(id, 'read'),
    /** The shop's posts, reels and Live broadcasts customers can comment on. */
    posts: () => call<SandboxMedia[]>('GET', `/media?${q}`).then((all) => all.filter((m) => m.kind !== 'story' && m.liveEndedAt === undefined)),
    /** The customer comments on one of the shop's posts (the `comments` webhook follows). */
    comment: (id: string, mediaId: string, text: string) => call<{ commentId: string }>('POST', `/customers/${encodeURIComponent(id)}/comments`, { mediaId, text }),
    optOut: (id: string) => act(id, 'optout'),
    optIn: (id: string) => act(id, 'optin'),
    /** Taps on what the business offered: each becomes the webhook Meta sends for it. */
    tapQuickReply: (id: string, mid: string, index: number) => act(id, 'tap-quick-reply', { mid, index }),
    tapButton: (id: string, mid: string, at: { element?: number; button: number }) => act(id, 'tap-button', { mid, ...at }),
    tapIceBreaker: (id: string, index: number) => act(id, 'tap-ice-breaker', { index }),
    profile: () => call<SandboxProfile>('GET', `/accounts/${encodeURIComponent(accountId)}/profile`),
    clock: () => call<{ now: number; offsetMs: number }>('GET', '/clock'),
    advanceClock: (ms: number) => call<{ now: number; offsetMs: number }>('POST', '/clock/advance', { ms }),
    /**
     * Conversation Routing: another app — Meta Business Suite (the sandbox's default other app) or
     * a bot — takes the customer's thread from the kit, writes in it, or hands it back.
     */
    otherAppTakes: (id: string, app: 'inbox' | 'bot') =>
      call<unknown>('POST', `/routing/${encodeURIComponent(id)}/take`, { ...(app === 'bot' ? { appId: DEMO_BOT_APP_ID } : {}), metadata: 'Taken in the simulator' }),
    otherAppReplies: (id: string, text: string) => call<{ mid: string }>('POST', `/routing/${encodeURIComponent(id)}/send`, { text }),
    otherAppHandsBack: (id: string) => call<unknown>('POST', `/routing/${encodeURIComponent(id)}/pass`, {}),
    /** Meta's side breaks: every send answers a server error (or comes back to normal). */
    sendOutage: (on: boolean) => (on ? call<unknown>('PUT', '/faults', { routes: ['send'], errorRate: 1 }) : call<unknown>('DELETE', '/faults')),
    /** Live activity (Server-Sent Events); returns a function that stops listening. */
    follow(onActivity: (a: SandboxActivity) => void): () => void {
      const source = new EventSource(`${base}/events`);
      const handler = (event: MessageEvent<string>) => {
        try {
          onActivity(JSON.parse(event.data) as SandboxActivity);
        } catch {
          // a malformed frame is not worth breaking the panel for
        }
      };
      for (const kind of ['sent', 'action', 'webhook', 'customer', 'profile']) source.addEventListener(kind, handler as EventListener);
      return () => source.close();
    },
  };
}

export type SandboxApi = ReturnType<typeof sandboxApi>;
