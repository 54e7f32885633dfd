/**
 * The customer simulator: act as any customer of the sandbox — write, send media, share a post,
 * comment on the shop's posts, mention the business in a story, react, unsend, tap quick replies,
 * card buttons and ice breakers, go silent for a while, opt out. Every action
 * goes through the sandbox's control API, which turns it into a signed webhook exactly as Meta
 * would, so what the inbox shows is the kit's real inbound path. Not part of the product: it is
 * labelled as the sandbox everywhere.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { DemoClock } from './clock';
import { formatOffset, useClock } from './clock';
import type { CustomerMediaType, SandboxActivity, SandboxApi, SandboxButton, SandboxCustomer, SandboxMedia, SandboxMessage, SandboxProfile } from './sandboxApi';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PRESETS = [
  { label: 'Italian', text: 'Ciao! La borsa è ancora disponibile? Grazie mille 😊' },
  { label: 'German', text: 'Guten Tag! Wann kommt meine Bestellung an? Schöne Grüße aus München' },
  { label: 'Emoji', text: '👋🏽 Love it!! 🔥❤️‍🔥 👨‍👩‍👧' },
] as const;

const REACTIONS = [
  { reaction: 'love', emoji: '❤️', label: 'Love' },
  { reaction: 'laugh', emoji: '😆', label: 'Laugh' },
  { reaction: 'wow', emoji: '😮', label: 'Wow' },
  { reaction: 'like', emoji: '👍', label: 'Like' },
] as const;

const MEDIA: Array<{ type: CustomerMediaType; label: string }> = [
  { type: 'image', label: 'Photo' },
  { type: 'video', label: 'Video' },
  { type: 'audio', label: 'Voice note' },
  { type: 'file', label: 'File' },
];

export interface SimulatorProps {
  api: SandboxApi;
  /** The customer of the conversation the agent has open: the simulator follows it. */
  followCustomerId: string | null;
  clock: DemoClock;
  onOpenConversation(customerId: string): void;
}

function displayName(customer: SandboxCustomer | undefined): string {
  if (!customer) return 'nobody';
  return customer.name ?? `@${customer.username}`;
}

function preview(message: SandboxMessage): string {
  if (message.text) return message.text.length > 48 ? `${message.text.slice(0, 47)}…` : message.text;
  const type = message.attachments[0]?.type;
  return type ? `[${type.replace(/_/g, ' ')}]` : '[message]';
}

/** One line of the activity feed, in words. */
function describe(activity: SandboxActivity, names: Map<string, string>): string | null {
  const who = activity.customerId ? (names.get(activity.customerId) ?? activity.customerId) : '';
  const s = activity.summary;
  switch (activity.kind) {
    case 'customer': {
      const event = (s.event ?? {}) as Record<string, unknown>;
      const message = event.message as Record<string, unknown> | undefined;
      if (message?.is_deleted) return `${who} unsent a message`;
      if (message?.is_echo) return null; // the business's own echo; "Instagram received" covers it
      if (typeof message?.text === 'string') return `${who} ${message.quick_reply ? 'tapped' : 'wrote'} “${message.text}”`;
      if (Array.isArray(message?.attachments)) return `${who} sent ${String((message.attachments[0] as { type?: string })?.type ?? 'an attachment').replace(/_/g, ' ')}`;
      if (event.reaction) return `${who} ${(event.reaction as { action?: string }).action === 'unreact' ? 'removed a reaction' : 'reacted'}`;
      if (event.read) return `${who} read the conversation`;
      if (event.optin) return `${who} changed notification consent`;
      if (s.field === 'comments' || s.field === 'live_comments') return `${who} commented “${String((s.change as { text?: unknown } | undefined)?.text ?? '')}”`;
      if (event.postback) return `${who} tapped “${String((event.postback as { title?: string }).title ?? '')}”`;
      return `${who}: ${String(s.field ?? 'event')}`;
    }
    case 'sent': {
      const text = typeof s.text === 'string' ? s.text : undefined;
      const bytes = text === undefined ? 0 : new TextEncoder().encode(text).length;
      const attachments = Number(s.attachments ?? 0);
      return `Instagram received for ${who}: ${text !== undefined ? `“${text}” (${bytes} bytes)` : ''}${attachments ? `${text !== undefined ? ' + ' : ''}${attachments} attachment${attachments > 1 ? 's' : ''}` : ''}`;
    }
    case 'action':
      return `Instagram received ${String(s.action)}${s.reaction ? ` ${String(s.reaction)}` : ''} for ${who}`;
    case 'profile':
      return 'The business changed its ice breakers or menu';
    case 'webhook':
      return s.ok ? null : `Webhook delivery failed (HTTP ${String(s.status)}), will retry`;
    default:
      return null;
  }
}

interface FeedItem {
  key: number;
  activity: SandboxActivity;
}

interface SandboxView {
  customers: SandboxCustomer[];
  messages: Record<string, SandboxMessage[]>;
  posts: SandboxMedia[];
  profile: SandboxProfile;
}

/** One tappable thing the business offered the customer, and how the sandbox taps it. */
interface Tap {
  key: string;
  label: string;
  tap(api: SandboxApi, customerId: string): Promise<unknown>;
}

const isPostback = (b: SandboxButton) => b.type === 'postback';

/**
 * What the customer can tap now, as Instagram shows it: quick replies only under the newest
 * message (a newer message dismisses them), the postback buttons of the business's latest card
 * (link buttons open a page and send no webhook), and the ice breakers.
 */
function tapsFor(thread: SandboxMessage[], profile: SandboxProfile): { quick: Tap[]; buttons: Tap[]; iceBreakers: Tap[] } {
  const newest = thread.filter((m) => !m.isDeleted).at(-1);
  const quick: Tap[] =
    newest?.direction === 'outbound'
      ? (newest.quickReplies ?? []).flatMap((q, i) =>
          q.content_type === 'text' ? [{ key: `q${newest.mid}${i}`, label: q.title ?? '', tap: (api, id) => api.tapQuickReply(id, newest.mid, i) }] : [],
        )
      : [];
  const card = [...thread].reverse().find((m) => m.direction === 'outbound' && !m.isDeleted && m.attachments.some((a) => a.type === 'template'));
  const payload = card?.attachments.find((a) => a.type === 'template')?.payload;
  const buttons: Tap[] = [];
  if (card && payload) {
    (payload.buttons ?? []).forEach((b, i) => {
      if (isPostback(b)) buttons.push({ key: `b${card.mid}${i}`, label: b.title ?? '', tap: (api, id) => api.tapButton(id, card.mid, { button: i }) });
    });
    (payload.elements ?? []).forEach((el, e) =>
      (el.buttons ?? []).forEach((b, i) => {
        if (isPostback(b)) buttons.push({ key: `b${card.mid}${e}.${i}`, label: `${el.title ?? ''}: ${b.title ?? ''}`, tap: (api, id) => api.tapButton(id, card.mid, { element: e, button: i }) });
      }),
    );
  }
  const iceBreakers: Tap[] = profile.iceBreakers.map((q, i) => ({ key: `i${i}`, label: q.question, tap: (api, id) => api.tapIceBreaker(id, i) }));
  return { quick, buttons, iceBreakers };
}

export function Simulator({ api, followCustomerId, clock, onOpenConversation }: SimulatorProps) {
  const { offsetMs } = useClock(clock);
  const [view, setView] = useState<SandboxView>({ customers: [], messages: {}, posts: [], profile: { iceBreakers: [], persistentMenu: [] } });
  const [chosen, setChosen] = useState<string | null>(followCustomerId);
  const [followed, setFollowed] = useState(followCustomerId);
  const [text, setText] = useState('');
  const [comment, setComment] = useState('');
  const [chosenPost, setChosenPost] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outage, setOutage] = useState(false);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const feedKey = useRef(0);

  // Follow the inbox: open a conversation there, act as that customer here.
  if (followCustomerId !== followed) {
    setFollowed(followCustomerId);
    if (followCustomerId) setChosen(followCustomerId);
  }

  const load = useCallback(async (): Promise<SandboxView> => {
    const [customers, convs, posts, profile] = await Promise.all([api.customers(), api.conversations(), api.posts(), api.profile()]);
    const messages: Record<string, SandboxMessage[]> = {};
    for (const c of convs) messages[c.customerId] = c.messages.filter((m): m is SandboxMessage => !!m);
    return { customers, messages, posts, profile };
  }, [api]);
  const refresh = useCallback(() => load().then(setView), [load]);

  /**
   * The newest message of one side, read fresh from the sandbox at click time: the list on screen
   * may be a moment behind (an agent reply that has just gone out).
   */
  const latest = async (customer: string, direction: SandboxMessage['direction']): Promise<SandboxMessage> => {
    const v = await load();
    setView(v);
    const m = [...(v.messages[customer] ?? [])].reverse().find((x) => x.direction === direction && !x.isDeleted);
    if (!m) throw new Error(direction === 'outbound' ? 'The business has not written to this customer yet.' : 'This customer has no message to unsend.');
    return m;
  };

  // The sandbox's live activity: keep the lists current and narrate what happened.
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    load().then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    const stop = api.follow((activity) => {
      setFeed((f) => [{ key: ++feedKey.current, activity }, ...f].slice(0, 60));
      if (activity.kind !== 'webhook') {
        // Sends, taps and profile changes all change what the customer can tap.
        clearTimeout(pending);
        pending = setTimeout(() => void load().then((v) => live && setView(v), () => {}), 100);
      }
    });
    return () => {
      live = false;
      clearTimeout(pending);
      stop();
    };
  }, [api, load]);

  const { customers, messages, posts, profile } = view;
  const postId = chosenPost ?? posts.at(-1)?.id ?? null;
  const customerId = chosen ?? customers[0]?.id ?? null;
  const setCustomerId = setChosen;
  const names = useMemo(() => new Map(customers.map((c) => [c.id, displayName(c)])), [customers]);
  const lines = feed.flatMap((f) => {
    const text = describe(f.activity, names);
    return text ? [{ key: f.key, text }] : [];
  });
  const current = customers.find((c) => c.id === customerId);
  const thread = (customerId && messages[customerId]) || [];
  const lastBusiness = [...thread].reverse().find((m) => m.direction === 'outbound' && !m.isDeleted);
  const lastOwn = [...thread].reverse().find((m) => m.direction === 'inbound' && !m.isDeleted);
  const name = displayName(current);
  const taps = tapsFor(thread, profile);
  const tapButtons = (list: Tap[], what: string) =>
    list.map((t) => (
      <button key={t.key} type="button" className="demo-chip" aria-label={`Tap ${what} “${t.label}”`} disabled={disabled} onClick={withCustomer((id) => t.tap(api, id))}>
        {t.label}
      </button>
    ));

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const withCustomer = (fn: (id: string) => Promise<unknown>) => () => {
    if (customerId) void run(() => fn(customerId));
  };

  function submitText(event: FormEvent) {
    event.preventDefault();
    const value = text;
    if (!customerId || value.trim() === '') return;
    void run(async () => {
      await api.text(customerId, value);
      setText('');
    });
  }

  function submitComment(event: FormEvent) {
    event.preventDefault();
    const value = comment;
    if (!customerId || !postId || value.trim() === '') return;
    void run(async () => {
      await api.comment(customerId, postId, value);
      setComment('');
    });
  }

  function submitNewCustomer(event: FormEvent) {
    event.preventDefault();
    const label = newName.trim();
    if (!label) return;
    const username = label
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9._]+/g, '.')
      .replace(/^\.|\.$/g, '');
    void run(async () => {
      const c = await api.createCustomer({ name: label, username: username || `customer.${Date.now() % 10_000}` });
      setCustomerId(c.id);
      setNewName('');
    });
  }

  const advance = (ms: number) => () =>
    void run(async () => {
      const r = await api.advanceClock(ms);
      clock.setOffset(r.offsetMs);
    });

  const disabled = busy || !customerId;

  return (
    <aside className="demo-panel demo-simulator" aria-labelledby="simulator-title" data-testid="simulator">
      <div className="demo-simulator__head">
        <h2 id="simulator-title" className="demo-panel__title">
          Customer simulator <span className="demo-badge demo-badge--sandbox">Sandbox</span>
        </h2>
        <p className="demo-panel__hint">
          Not part of the kit. Act as a customer: each action goes through the Graph API sandbox and reaches the inbox as a signed webhook, as it would
          from Instagram.
        </p>
      </div>

      <section className="demo-section" aria-labelledby="sim-who">
        <h3 id="sim-who" className="demo-section__title">
          Act as
        </h3>
        <div className="demo-row">
          <label className="demo-visually-hidden" htmlFor="sim-customer">
            Customer
          </label>
          <select id="sim-customer" className="demo-input" value={customerId ?? ''} onChange={(e) => setCustomerId(e.target.value || null)}>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {displayName(c)} {c.name ? `(@${c.username})` : ''}
              </option>
            ))}
          </select>
          <button type="button" className="demo-button demo-button--quiet" disabled={!customerId} onClick={() => customerId && onOpenConversation(customerId)}>
            Open in inbox
          </button>
        </div>
        <form className="demo-row" onSubmit={submitNewCustomer}>
          <label className="demo-visually-hidden" htmlFor="sim-new-name">
            New customer's name
          </label>
          <input id="sim-new-name" className="demo-input" placeholder="New customer's name" value={newName} onChange={(e) => setNewName(e.target.value)} />
          <button type="submit" className="demo-button demo-button--quiet" disabled={busy || newName.trim() === ''}>
            Add customer
          </button>
        </form>
      </section>

      <section className="demo-section" aria-labelledby="sim-write">
        <h3 id="sim-write" className="demo-section__title">
          Write as {name}
        </h3>
        <form onSubmit={submitText} className="demo-stack">
          <label className="demo-visually-hidden" htmlFor="sim-text">
            Message from {name}
          </label>
          <textarea
            id="sim-text"
            className="demo-input demo-textarea"
            rows={2}
            placeholder="Type as the customer…"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) submitText(e);
            }}
          />
          <div className="demo-row demo-row--wrap">
            {PRESETS.map((p) => (
              <button key={p.label} type="button" className="demo-chip" onClick={() => setText(p.text)} title={p.text}>
                {p.label}
              </button>
            ))}
            <button type="submit" className="demo-button demo-button--primary demo-push" disabled={disabled || text.trim() === ''}>
              Send as customer
            </button>
          </div>
        </form>
      </section>

      <section className="demo-section" aria-labelledby="sim-media">
        <h3 id="sim-media" className="demo-section__title">
          Media, posts and stories
        </h3>
        <div className="demo-row demo-row--wrap">
          {MEDIA.map((m) => (
            <button key={m.type} type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.media(id, m.type))}>
              {m.label}
            </button>
          ))}
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.share(id, 'post'))}>
            Share a post
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.mentionInStory(id))}>
            Mention in story
          </button>
          <button
            type="button"
            className="demo-button"
            disabled={disabled}
            onClick={withCustomer((id) => api.replyToStory(id, text.trim() || 'Where can I buy this? 😍'))}
          >
            Reply to story
          </button>
        </div>
      </section>

      <section className="demo-section" aria-labelledby="sim-comment">
        <h3 id="sim-comment" className="demo-section__title">
          Comment as {name}
        </h3>
        <p className="demo-panel__hint">A comment under the shop's post: the inbox lists it under Comments, where the agent can answer it privately (once) or publicly.</p>
        <form className="demo-row demo-row--wrap" onSubmit={submitComment}>
          <label className="demo-visually-hidden" htmlFor="sim-post">
            Post to comment on
          </label>
          <select id="sim-post" className="demo-input" value={postId ?? ''} onChange={(e) => setChosenPost(e.target.value || null)}>
            {posts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.kind === 'post' ? 'Post' : p.kind === 'reel' ? 'Reel' : 'Live'}: {p.caption ?? p.id}
              </option>
            ))}
          </select>
          <label className="demo-visually-hidden" htmlFor="sim-comment-text">
            Comment from {name}
          </label>
          <input id="sim-comment-text" className="demo-input" placeholder="How much is this? 😍" value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="demo-button" disabled={disabled || !postId || comment.trim() === ''}>
            Comment
          </button>
        </form>
      </section>

      <section className="demo-section" aria-labelledby="sim-react">
        <h3 id="sim-react" className="demo-section__title">
          React and unsend
        </h3>
        <p className="demo-panel__hint">
          {lastBusiness ? (
            <>
              Business's latest message: <q>{preview(lastBusiness)}</q>
            </>
          ) : (
            'The business has not written to this customer yet.'
          )}
        </p>
        <div className="demo-row demo-row--wrap">
          {REACTIONS.map((r) => (
            <button
              key={r.reaction}
              type="button"
              className="demo-button"
              aria-label={`React ${r.label}`}
              disabled={disabled || !lastBusiness}
              onClick={withCustomer(async (id) => api.react(id, (await latest(id, 'outbound')).mid, r.reaction))}
            >
              <span aria-hidden="true">{r.emoji}</span> {r.label}
            </button>
          ))}
        </div>
        <p className="demo-panel__hint">{lastOwn ? <>Customer's latest message: <q>{preview(lastOwn)}</q></> : 'No message of the customer to unsend.'}</p>
        <button type="button" className="demo-button" disabled={disabled || !lastOwn} onClick={withCustomer(async (id) => api.unsend(id, (await latest(id, 'inbound')).mid))}>
          Unsend latest message
        </button>
      </section>

      <section className="demo-section" aria-labelledby="sim-tap" data-testid="simulator-taps">
        <h3 id="sim-tap" className="demo-section__title">
          Tap what the business offered
        </h3>
        {taps.quick.length === 0 && taps.buttons.length === 0 && taps.iceBreakers.length === 0 ? (
          <p className="demo-panel__hint">Nothing to tap: send quick replies or a card from the inbox, or set ice breakers.</p>
        ) : null}
        {taps.quick.length ? (
          <div className="demo-row demo-row--wrap" role="group" aria-label="Quick replies">
            <span className="demo-panel__hint">Quick replies:</span>
            {tapButtons(taps.quick, 'quick reply')}
          </div>
        ) : null}
        {taps.buttons.length ? (
          <div className="demo-row demo-row--wrap" role="group" aria-label="Card buttons">
            <span className="demo-panel__hint">Card buttons:</span>
            {tapButtons(taps.buttons, 'button')}
          </div>
        ) : null}
        {taps.iceBreakers.length ? (
          <div className="demo-row demo-row--wrap" role="group" aria-label="Ice breakers">
            <span className="demo-panel__hint">Ice breakers:</span>
            {tapButtons(taps.iceBreakers, 'ice breaker')}
          </div>
        ) : null}
      </section>

      <section className="demo-section" aria-labelledby="sim-time">
        <h3 id="sim-time" className="demo-section__title">
          Time and consent
        </h3>
        <p className="demo-panel__hint">
          Sandbox clock: <strong>{formatOffset(offsetMs)}</strong>. Instagram allows standard replies for 24 h after the customer's last
          message, then only human-agent replies (HUMAN_AGENT) for up to 7 days.
        </p>
        <div className="demo-row demo-row--wrap">
          <button type="button" className="demo-button" disabled={busy} onClick={advance(25 * HOUR)}>
            Go silent for 25 h
          </button>
          <button type="button" className="demo-button" disabled={busy} onClick={advance(8 * DAY)}>
            Go silent for 8 days
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.optOut(id))}>
            Opt out
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.optIn(id))}>
            Opt in
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.read(id))}>
            Mark as read
          </button>
        </div>
      </section>

      <section className="demo-section" aria-labelledby="sim-apps">
        <h3 id="sim-apps" className="demo-section__title">
          Another app
        </h3>
        <p className="demo-panel__hint">Conversation Routing: another app serving the account takes this customer's thread; the inbox can take it back.</p>
        <div className="demo-row demo-row--wrap">
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.otherAppTakes(id, 'inbox'))}>
            Meta Business Suite takes it
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.otherAppTakes(id, 'bot'))}>
            A bot takes it
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.otherAppReplies(id, 'Hi, this is the other app: how can we help?'))}>
            The other app replies
          </button>
          <button type="button" className="demo-button" disabled={disabled} onClick={withCustomer((id) => api.otherAppHandsBack(id))}>
            Hand it back to the inbox
          </button>
        </div>
      </section>

      <section className="demo-section" aria-labelledby="sim-meta">
        <h3 id="sim-meta" className="demo-section__title">
          Instagram's side
        </h3>
        <label className="demo-row">
          <input
            type="checkbox"
            checked={outage}
            disabled={busy}
            onChange={(e) => {
              const on = e.target.checked;
              setOutage(on); // at once; back if the sandbox refuses
              void api.sendOutage(on).catch((err: unknown) => {
                setOutage(!on);
                setError(err instanceof Error ? err.message : String(err));
              });
            }}
          />
          <span>Outage: every send fails (try the Operator view's pause switch)</span>
        </label>
      </section>

      {error ? (
        <p className="demo-error" role="alert">
          {error}
        </p>
      ) : null}

      <section className="demo-section demo-feed" aria-labelledby="sim-feed">
        <h3 id="sim-feed" className="demo-section__title">
          Sandbox activity
        </h3>
        <div role="log" aria-live="polite" aria-labelledby="sim-feed" data-testid="sandbox-feed">
          {lines.length === 0 ? <p className="demo-panel__hint">Nothing yet. Act as a customer, or reply from the inbox.</p> : null}
          <ul className="demo-feed__list">
            {lines.map((f) => (
              <li key={f.key}>{f.text}</li>
            ))}
          </ul>
        </div>
      </section>
    </aside>
  );
}
