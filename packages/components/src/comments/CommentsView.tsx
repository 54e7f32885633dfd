'use client';
/**
 * <CommentsView>: comments on the account's posts, reels and Live broadcasts, grouped per post
 * (the post with the newest comment first, each post's comments newest first), filtered to the
 * ones still waiting for an answer by default. Each comment offers what Instagram allows:
 *
 * - "Reply privately": one message to the commenter's Direct inbox (@kit/core's
 *   `privateReplyPolicy`: once per comment, within 7 days, Live comments only while the broadcast
 *   runs, not for mentions on others' posts). When it is not possible the button stays focusable
 *   but inert, and the reason is shown beside it and read with it. Once sent, "Open conversation"
 *   leads to the thread the reply opened.
 * - "Reply publicly" under the post, and "Hide" / "Show again".
 *
 * The list is read again when a live event arrives (comments, and the sends that answer them, come
 * over the provider's event stream), at most twice a second; a comment the agent acted on stays in
 * view with its new state until the view closes, even when the filter would now leave it out.
 *
 * Its own chunk, with its strings (src/i18n/comments.ts): <Inbox> loads it when the agent opens
 * the comments. It imports the conversation pane's module so the byte counter and the text rules
 * it shares with the thread's composer stay in the pane's chunk (which <Inbox> has prefetched)
 * instead of splitting into a third one.
 */
import '../inbox/ConversationPane';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KitComment } from '@kit/core';
import type { KitCommentPage } from '../client';
import { BackIcon } from '../icons';
import type { KitCommentsCatalog } from '../i18n/comments';
import { useKit } from '../provider';
import { commentRoutes } from './commentsRoutes';
import { commentView } from './commentState';
import { ReplyDialog, type ReplyMode } from './ReplyDialog';
import { useCommentsT, type CommentsT } from './useCommentsT';

export interface CommentsViewProps {
  /** Only this post, reel or Live broadcast. */
  mediaId?: string;
  /** Start with the "waiting for a reply" filter on (default true). */
  defaultNeedsReply?: boolean;
  /** Shows a back button; the inbox closes the view with it. */
  onClose?(): void;
  /** "Open conversation" after a private reply (the inbox selects the thread). */
  onOpenConversation?(conversationId: string): void;
  /** Level of the view's heading (default 2); each post's is one below. */
  headingLevel?: 2 | 3 | 4 | 5;
  /** Override any of the comments strings, e.g. `{ 'comments.title': 'Post comments' }`. */
  messages?: Partial<KitCommentsCatalog>;
  /** How many comments per request (default 50). */
  limit?: number;
  /** Freeze the clock (stories, tests). */
  now?: number;
  className?: string;
}

type Load = { state: 'loading' } | { state: 'ready'; page: KitCommentPage } | { state: 'error'; message: string };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function CommentsView(props: CommentsViewProps) {
  const { client, accountId, store, format: f } = useKit();
  const t = useCommentsT(props.messages);
  const routes = useMemo(() => commentRoutes(client), [client]);
  // The clock for the 7-day and Live deadlines, a minute at a time (not useNow: sharing it with
  // the conversation list would split it into a chunk of its own in <Inbox>'s first bundle).
  const [clock, setClock] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setClock(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const now = props.now ?? clock;
  const [needsReply, setNeedsReply] = useState(props.defaultNeedsReply ?? true);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  // Pages after the first ("Show older comments"), and the cursor for the next one.
  const [older, setOlder] = useState<KitCommentPage | null>(null);
  // Comments the agent acted on here, in their latest state (kept in view whatever the filter).
  const [touched, setTouched] = useState<ReadonlyMap<string, KitComment>>(new Map());
  // The dialog's comment and mode, and where it portals (the kit root, for the theme).
  const [reply, setReply] = useState<{ comment: KitComment; mode: ReplyMode; container: HTMLElement | null; opener: HTMLElement } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const root = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const ids = useId();
  const limit = props.limit ?? 50;
  const { mediaId } = props;

  useEffect(() => {
    const ctl = new AbortController();
    routes.listComments(accountId, { needsReply, limit, signal: ctl.signal, ...(mediaId ? { mediaId } : {}) }).then(
      (page) => {
        setLoad({ state: 'ready', page });
        setOlder(null);
      },
      (err: unknown) => {
        if (!ctl.signal.aborted) setLoad({ state: 'error', message: messageOf(err) });
      },
    );
    return () => ctl.abort();
  }, [routes, accountId, needsReply, limit, mediaId, reloads]);

  // Read the list again after live events (a new comment, a reply's status), coalesced.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = store.subscribe((s, prev) => {
      if (s.lastEventId === prev.lastEventId || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        setReloads((n) => n + 1);
      }, 500);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [store]);

  // Opened in place of the inbox (a back button): focus the heading, and give focus back to what
  // opened the view (the inbox's Comments button) when it closes.
  const closable = props.onClose !== undefined;
  useEffect(() => {
    if (!closable) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => {
      if (opener?.isConnected && (document.activeElement === null || document.activeElement === document.body)) opener.focus();
    };
  }, [closable]);

  const olderCursor = older ? older.nextBefore : load.state === 'ready' ? load.page.nextBefore : null;
  const loadOlder = () => {
    if (!olderCursor) return;
    routes.listComments(accountId, { needsReply, limit, before: olderCursor, ...(mediaId ? { mediaId } : {}) }).then(
      (page) => setOlder((o) => ({ comments: [...(o?.comments ?? []), ...page.comments], nextBefore: page.nextBefore })),
      (err: unknown) => setActionError(t('comments.actionFailed', { message: messageOf(err) })),
    );
  };

  const remember = useCallback((c: KitComment | null | undefined) => {
    if (c) setTouched((m) => new Map(m).set(c.id, c));
  }, []);

  const groups = useMemo(() => {
    if (load.state !== 'ready') return [];
    const byId = new Map<string, KitComment>();
    for (const c of [...load.page.comments, ...(older?.comments ?? [])]) byId.set(c.id, c);
    for (const [id, c] of touched) byId.set(id, c);
    const posts = new Map<string, KitComment[]>();
    for (const c of [...byId.values()].sort((a, b) => b.createdAt - a.createdAt)) {
      const list = posts.get(c.mediaId);
      if (list) list.push(c);
      else posts.set(c.mediaId, [c]);
    }
    return [...posts.values()];
  }, [load, older, touched]);

  const act = (run: () => Promise<{ comment: KitComment | null }>) => {
    setActionError(null);
    run().then(
      (r) => remember(r.comment),
      (err: unknown) => setActionError(t('comments.actionFailed', { message: messageOf(err) })),
    );
  };

  const H = `h${props.headingLevel ?? 2}` as 'h2';
  const H2 = `h${(props.headingLevel ?? 2) + 1}` as 'h3';
  return (
    <section ref={root} className={props.className ? `kit-comments ${props.className}` : 'kit-comments'} aria-labelledby={`${ids}title`}>
      <div className="kit-comments__header">
        {props.onClose ? (
          <button type="button" className="kit-composer__secondary kit-comments__back" aria-label={t('comments.back')} title={t('comments.back')} onClick={props.onClose}>
            <BackIcon />
          </button>
        ) : null}
        <H id={`${ids}title`} ref={heading} tabIndex={-1} className="kit-comments__title">
          {t('comments.title')}
        </H>
        <label className="kit-comments__filter">
          <input type="checkbox" checked={needsReply} onChange={(e) => setNeedsReply(e.target.checked)} />
          {t('comments.needsReplyOnly')}
        </label>
        <button type="button" className="kit-composer__secondary" onClick={() => setReloads((n) => n + 1)}>
          {t('comments.refresh')}
        </button>
      </div>
      {actionError ? (
        <p role="alert" className="kit-comments__error">
          {actionError}
        </p>
      ) : null}
      <div className="kit-comments__body">
        {load.state === 'loading' ? (
          <p className="kit-comments__status" role="status">
            {t('comments.loading')}
          </p>
        ) : load.state === 'error' ? (
          <p className="kit-comments__error" role="alert">
            {t('comments.error', { message: load.message })}
          </p>
        ) : groups.length === 0 ? (
          <p className="kit-comments__status">{t(needsReply ? 'comments.emptyNeedsReply' : 'comments.empty')}</p>
        ) : (
          groups.map((comments) => {
            const first = comments[0]!;
            const media = first.media;
            const kind = first.source === 'mention' ? t('comments.media.mention') : t(`comments.media.${media?.kind ?? 'other'}` as 'comments.media.post');
            return (
              <section key={first.mediaId} className="kit-comments__media" aria-labelledby={`${ids}m${first.mediaId}`} data-media-id={first.mediaId}>
                <div className="kit-comments__media-head">
                  {media?.thumbnailUrl ? <img className="kit-comments__thumb" src={media.thumbnailUrl} alt="" width={40} height={40} /> : <span className="kit-comments__thumb" aria-hidden="true" />}
                  <H2 id={`${ids}m${first.mediaId}`} className="kit-comments__media-title">
                    {kind}
                    {media?.caption ? <span className="kit-comments__caption"> · {media.caption}</span> : null}
                  </H2>
                  <span className="kit-comments__count">{t('comments.media.count', { count: comments.length })}</span>
                  {media?.permalink ? (
                    <a className="kit-comments__permalink" href={media.permalink} target="_blank" rel="noopener noreferrer">
                      {t('comments.media.open')}
                    </a>
                  ) : null}
                </div>
                <ul className="kit-comments__list">
                  {comments.map((c) => (
                    <CommentRow
                      key={c.id}
                      comment={c}
                      now={now}
                      t={t}
                      time={f.relative(c.createdAt, now)}
                      fullTime={f.dateTime}
                      onReply={(mode, opener) => setReply({ comment: c, mode, opener, container: root.current?.closest<HTMLElement>('.kit-root') ?? null })}
                      onHide={() => act(() => routes.hideComment(accountId, c.id, !c.hidden))}
                      onOpenConversation={props.onOpenConversation}
                    />
                  ))}
                </ul>
              </section>
            );
          })
        )}
        {olderCursor ? (
          <button type="button" className="kit-composer__secondary kit-comments__more" onClick={loadOlder}>
            {t('comments.more')}
          </button>
        ) : null}
      </div>
      {reply ? (
        <ReplyDialog
          key={`${reply.comment.id}:${reply.mode}`}
          comment={reply.comment}
          mode={reply.mode}
          t={t}
          container={reply.container}
          opener={reply.opener}
          onClose={() => setReply(null)}
          onSend={(text, clientId) =>
            reply.mode === 'private'
              ? routes.sendPrivateReply(accountId, reply.comment.id, { clientId, text }).then((r) => remember(r.comment))
              : routes.replyToComment(accountId, reply.comment.id, { clientId, text }).then((r) => remember(r.comment))
          }
        />
      ) : null}
    </section>
  );
}

interface CommentRowProps {
  comment: KitComment;
  now: number;
  t: CommentsT;
  time: string;
  fullTime(ms: number): string;
  onReply(mode: ReplyMode, opener: HTMLElement): void;
  onHide(): void;
  onOpenConversation: ((conversationId: string) => void) | undefined;
}

function CommentRow({ comment: c, now, t, time, fullTime, onReply, onHide, onOpenConversation }: CommentRowProps) {
  const v = commentView(c, now);
  const id = useId();
  const name = c.from.username ? `@${c.from.username}` : c.fromSelf ? t('comments.state.yours') : '—';
  const p = v.privateReply;
  const note = p.allowed ? t('comments.until', { time: fullTime(p.deadline) }) : t(p.why);
  return (
    <li className="kit-comment" data-state={v.badges[0] ?? 'deleted'} data-private-reply={p.allowed ? 'allowed' : p.code} aria-label={t('comments.from', { name })}>
      <div className="kit-comment__head">
        <span className="kit-comment__who">{name}</span>
        {c.source === 'live_comment' ? <span className="kit-comment__tag">{t('comments.live')}</span> : null}
        {c.source === 'mention' ? <span className="kit-comment__tag">{t('comments.mention')}</span> : null}
        {c.parentId ? <span className="kit-comment__tag">{t('comments.replyTo')}</span> : null}
        <time className="kit-comment__time" dateTime={new Date(c.createdAt).toISOString()} title={fullTime(c.createdAt)}>
          {time}
        </time>
      </div>
      {c.text ? <p className="kit-comment__text">{c.text}</p> : null}
      <p className="kit-comment__badges">
        {v.badges.map((b) => (
          <span key={b} className="kit-comment__badge" data-badge={b}>
            {t(`comments.state.${b}`)}
          </span>
        ))}
      </p>
      {c.fromSelf ? null : (
        <p id={`${id}why`} className="kit-comment__why" data-allowed={p.allowed}>
          {note}
        </p>
      )}
      {c.fromSelf ? null : (
        <div className="kit-comment__actions">
          <button
            type="button"
            className="kit-composer__secondary"
            aria-disabled={p.allowed ? undefined : true}
            aria-describedby={`${id}why`}
            onClick={(e) => (p.allowed ? onReply('private', e.currentTarget) : undefined)}
          >
            {t('comments.replyPrivately')}
          </button>
          {v.canActPublicly ? (
            <button type="button" className="kit-composer__secondary" onClick={(e) => onReply('public', e.currentTarget)}>
              {t('comments.replyPublicly')}
            </button>
          ) : null}
          {v.canHide ? (
            <button type="button" className="kit-composer__secondary" onClick={onHide}>
              {t(c.hidden ? 'comments.unhide' : 'comments.hide')}
            </button>
          ) : null}
          {v.conversationId && onOpenConversation ? (
            <button type="button" className="kit-composer__secondary" onClick={() => onOpenConversation(v.conversationId!)}>
              {t('comments.openConversation')}
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}

export default CommentsView;
