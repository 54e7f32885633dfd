'use client';
/**
 * The composer's markup and behaviour, driven only by props (value, window, send callbacks), so it
 * works with the kit store (`<Composer>`) or with any other state. Rules come from `@kit/core`:
 * the byte limit, splitting, link validity and the send policy of the messaging window.
 */
import { lazy, Suspense, useId, useRef, useState } from 'react';
import type { ChangeEvent, KeyboardEvent, ReactNode } from 'react';
import { findLinks, HUMAN_AGENT_TAG, sendPolicy, TEXT_MAX_BYTES, utf8ByteLength } from '@kit/core';
import type { FoundLink, KitMessageTag, WindowState } from '@kit/core';
import { useFormat, useT } from '../provider';
import type { KitTranslate } from '../i18n';
import { useAutoGrow } from './useAutoGrow';
import { useByteCounter } from './useByteCounter';
import { MAX_SPLIT_PARTS, useSplitOffer } from './useSplitOffer';

export interface ComposerSendOptions {
  tag?: KitMessageTag;
}

export interface ComposerAttachContext {
  /** The picker must not send now (window closed, HUMAN_AGENT not confirmed...). */
  disabled: boolean;
  /** Why, for the picker's trigger (`aria-describedby`). */
  disabledReasonId?: string;
  /** Tag the picker's message must carry (HUMAN_AGENT after 24 h). */
  tag?: KitMessageTag;
}

export interface ComposerViewProps {
  value: string;
  onValueChange(value: string): void;
  /** Where the conversation stands (`useMessagingWindow`). */
  window: WindowState;
  /** Send texts as consecutive messages (one element unless the agent chose to split). */
  onSendText(parts: string[], options: ComposerSendOptions): Promise<unknown> | void;
  /** The like_heart sticker; hidden when absent. */
  onSendLikeHeart?(options: ComposerSendOptions): Promise<unknown> | void;
  /** Renders the attach control (e.g. `<MediaPicker>`); omitted = no attach control. */
  renderAttach?(ctx: ComposerAttachContext): ReactNode;
  /** Whether the app has Meta's Human Agent feature (default true). */
  humanAgentEnabled?: boolean;
  placeholder?: string;
  className?: string;
  /** Text limit in bytes; Instagram's by default. */
  maxBytes?: number;
  /** Sending is off for a reason outside the window (another app holds the thread): shown as the notice. */
  locked?: string | null | undefined;
  /**
   * The conversation whose customer fills saved replies' `{variables}`: with it, `/` at the start
   * of the text opens the saved-reply picker (needs <KitProvider>). `<Composer>` passes its own.
   */
  savedRepliesFor?: string;
}

// Its own chunk, fetched when `/` is first typed: an open conversation does not pay for it.
const SavedReplyPicker = lazy(() => import('../saved-replies/SavedReplyPicker'));

/** Rows the composer grows to before it scrolls. */
export const COMPOSER_MAX_ROWS = 8;

/** Enter inside an IME composition confirms the candidate; it must never send. */
function isImeEnter(event: KeyboardEvent<HTMLTextAreaElement>, composing: boolean): boolean {
  // keyCode 229: Safari reports isComposing=false for the Enter that ends a composition
  // (WebKit bug 165004), but still sends the "Process" key code.
  return event.nativeEvent.isComposing || composing || event.keyCode === 229 || event.nativeEvent.keyCode === 229;
}

function linkProblem(t: KitTranslate, link: FoundLink): string | null {
  if (link.validation.ok) return null;
  return t('composer.linkInvalid', { link: link.text, reason: t(`composer.link.${link.validation.reason}`) });
}

export function ComposerView(props: ComposerViewProps) {
  const { value, onValueChange, window, humanAgentEnabled = true, maxBytes = TEXT_MAX_BYTES } = props;
  const t = useT();
  const format = useFormat();
  const id = useId();
  const ids = { input: `${id}in`, counter: `${id}count`, hint: `${id}hint`, reasons: `${id}why`, notice: `${id}note`, split: `${id}split` };

  const count = useByteCounter(value, { max: maxBytes });
  const split = useSplitOffer(value, count.state === 'over', maxBytes);
  const [splitOpen, setSplitOpen] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const composing = useRef(false);

  // After 24 h a person may still reply with HUMAN_AGENT; ask the policy for exactly that, and
  // let the checkbox below be the person's confirmation before the tag is used.
  const policy = sendPolicy({ window, automated: false, humanAgentEnabled, tag: window.state === 'human_agent' ? HUMAN_AGENT_TAG : null });
  const tag = policy.allowed ? policy.tag : undefined;
  const closed = !policy.allowed || !!props.locked;
  const needsConfirm = tag !== undefined && !confirmed;
  const blocked = closed || needsConfirm;

  // Links are checked on the live text (a regex pass; cheap next to the byte count).
  const links = count.state === 'over' ? [] : findLinks(value);
  const problems: string[] = [];
  if (count.state === 'over') problems.push(t('composer.overReason', { over: count.over, max: count.max }));
  for (const l of links) {
    const p = linkProblem(t, l);
    if (p) problems.push(p);
  }
  if (needsConfirm) problems.push(t('composer.humanAgent.needConfirm'));
  const empty = value.trim() === '';
  const canSend = !blocked && !empty && problems.length === 0 && !sending;

  const sendOpts: ComposerSendOptions = tag ? { tag } : {};

  async function deliver(parts: string[]) {
    const before = value;
    setSending(true);
    setError(null);
    setSplitOpen(false);
    // Clear at once: the message shows in the thread optimistically, failures are shown there.
    onValueChange('');
    try {
      await props.onSendText(parts, sendOpts);
    } catch (err) {
      onValueChange(before);
      setError(t('composer.sendFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setSending(false);
    }
  }

  function submit() {
    if (canSend) void deliver([value]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
    if (isImeEnter(event, composing.current)) return;
    event.preventDefault();
    submit();
  }

  let notice: ReactNode = null;
  if (closed) {
    const reason =
      props.locked ||
      (policy.allowed
        ? ''
        : policy.code === 'human_agent_unavailable'
          ? t('composer.humanAgent.unavailable')
          : t('composer.closed', {
              reason:
                window.state === 'closed' && window.closedAt !== undefined
                  ? t('composer.closed.expired', { when: format.dateTime(window.closedAt) })
                  : t('composer.closed.never'),
            }));
    notice = (
      <div className="kit-composer__notice" data-kind={props.locked ? 'locked' : 'closed'} id={ids.notice}>
        <p>{reason}</p>
        {props.locked ? null : <p>{t('composer.closed.reopen')}</p>}
      </div>
    );
  } else if (tag) {
    notice = (
      <div className="kit-composer__notice" data-kind="human_agent" id={ids.notice}>
        <p>
          <strong>{t('composer.humanAgent.title')}</strong> {t('composer.humanAgent.explain')}
        </p>
        <label className="kit-composer__confirm">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          {t('composer.humanAgent.confirm')}
        </label>
      </div>
    );
  }

  const grow = useAutoGrow(value, { minRows: 2, maxRows: COMPOSER_MAX_ROWS });
  const describedBy = [ids.counter, problems.length ? ids.reasons : null, notice ? ids.notice : null, ids.hint].filter(Boolean).join(' ');

  return (
    <div
      className={props.className ? `kit-composer ${props.className}` : 'kit-composer'}
      data-state={count.state}
      data-window={window.state}
      data-disabled={closed ? '' : undefined}
    >
      {notice}
      {props.savedRepliesFor && value[0] == '/' ? (
        <Suspense>
          <SavedReplyPicker conversationId={props.savedRepliesFor} inputId={ids.input} value={value} onValueChange={onValueChange} />
        </Suspense>
      ) : null}
      <div className="kit-composer__row">
        {props.renderAttach?.({ disabled: blocked, ...(blocked ? { disabledReasonId: ids.notice } : {}), ...(tag ? { tag } : {}) })}
        {/* Grows with its text up to COMPOSER_MAX_ROWS, then scrolls. */}
        <textarea
          ref={grow}
          id={ids.input}
          className="kit-composer__input"
          value={value}
          rows={2}
          disabled={closed}
          placeholder={props.placeholder ?? t('composer.placeholder')}
          aria-label={t('composer.label')}
          aria-describedby={describedBy}
          aria-invalid={problems.length > 0 && !needsConfirm ? true : undefined}
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => {
            setError(null);
            onValueChange(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            // Firefox fires compositionend before the keydown of the confirming Enter: clear the
            // flag on the next task so that Enter still counts as part of the composition.
            setTimeout(() => {
              composing.current = false;
            }, 0);
          }}
          onBlur={() => {
            // A dropped compositionend (focus moved mid-composition) must not block Enter forever.
            composing.current = false;
          }}
        />
        {props.onSendLikeHeart ? (
          <button
            type="button"
            className="kit-composer__heart"
            disabled={blocked || sending}
            aria-label={t('composer.likeHeart')}
            title={t('composer.likeHeart')}
            onClick={() => void props.onSendLikeHeart?.(sendOpts)}
          >
            <span aria-hidden="true">❤️</span>
          </button>
        ) : null}
        <button
          type="button"
          className="kit-composer__send"
          aria-disabled={!canSend}
          aria-describedby={problems.length ? ids.reasons : undefined}
          onClick={submit}
        >
          {sending ? t('composer.sending') : t('composer.send')}
        </button>
      </div>
      <div className="kit-composer__meta">
        <span id={ids.hint} className="kit-composer__hint">
          {t('composer.hint')}
        </span>
        <span id={ids.counter} className="kit-counter" data-state={count.state}>
          <span aria-hidden="true">{t('composer.counter', { bytes: count.bytes, max: count.max })}</span>
          <span className="kit-visually-hidden">{t('composer.counterLabel', { bytes: count.bytes, max: count.max })}</span>
        </span>
      </div>
      <div role="status" className="kit-visually-hidden">
        {count.announced ? t(`composer.state.${count.announced}`, { max: count.max }) : ''}
      </div>
      {problems.length > 0 ? (
        <ul id={ids.reasons} className="kit-composer__problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p role="alert" className="kit-composer__error">
          {error}
        </p>
      ) : null}
      {count.state === 'over' ? <SplitOffer split={split} open={splitOpen} onOpenChange={setSplitOpen} disabled={blocked || sending} max={count.max} regionId={ids.split} onSend={(parts) => void deliver(parts)} /> : null}
    </div>
  );
}

function SplitOffer(props: {
  split: ReturnType<typeof useSplitOffer>;
  open: boolean;
  onOpenChange(open: boolean): void;
  onSend(parts: string[]): void;
  disabled: boolean;
  max: number;
  regionId: string;
}) {
  const t = useT();
  const { split } = props;
  if (split.kind === 'too_many') {
    return <p className="kit-composer__split-note">{t('composer.splitTooMany', { count: split.count, max: MAX_SPLIT_PARTS })}</p>;
  }
  if (split.kind === 'impossible') return <p className="kit-composer__split-note">{t('composer.splitImpossible', { max: props.max })}</p>;
  if (split.kind !== 'parts') return null;
  const n = split.parts.length;
  if (!props.open) {
    return (
      <button type="button" className="kit-composer__split" aria-expanded={false} aria-controls={props.regionId} onClick={() => props.onOpenChange(true)}>
        {t('composer.split', { count: n })}
      </button>
    );
  }
  return (
    <section className="kit-composer__split-preview" id={props.regionId} aria-label={t('composer.splitPreview')} data-pending={split.pending ? '' : undefined}>
      <ol>
        {split.parts.map((part, i) => (
          <li key={i}>
            <span className="kit-composer__part-label">{t('composer.splitPart', { n: i + 1, count: n, bytes: utf8ByteLength(part) })}</span>
            <span className="kit-composer__part-text">{part}</span>
          </li>
        ))}
      </ol>
      <div className="kit-composer__split-actions">
        <button type="button" className="kit-composer__send" disabled={props.disabled || split.pending} onClick={() => props.onSend(split.parts)}>
          {t('composer.splitConfirm', { count: n })}
        </button>
        <button type="button" className="kit-composer__secondary" onClick={() => props.onOpenChange(false)}>
          {t('composer.splitCancel')}
        </button>
      </div>
    </section>
  );
}
