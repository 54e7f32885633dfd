'use client';
/**
 * <QuickReplyEditor>: the chips under a text message (reference §1.7), edited like tags. The
 * count of chips and the characters of the one being typed are live against Instagram's limits
 * (13 chips, 20 characters, STRUCTURED_LIMITS in @kit/core), the way the composer counts bytes:
 * the agent may type past the limit and sees by how much, but an over-long or 14th chip is never
 * added.
 *
 * Keyboard: Enter in the field adds the chip; Backspace in the empty field moves to the last
 * chip; on a chip ← / → move between chips (→ past the last returns to the field), Home / End
 * jump, Delete or Backspace removes it and focus stays in the row (next chip, else the field).
 * One chip at a time is in the tab order (roving tabindex), so Tab leaves the row.
 */
import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { countCharacters, STRUCTURED_LIMITS } from '@kit/core';
import type { KitQuickReply } from '@kit/core';
import { useStructuredT } from './shared';
import type { StructuredT } from './shared';

export interface QuickReplyEditorProps {
  value: readonly KitQuickReply[];
  onChange(value: KitQuickReply[]): void;
  /** Overrides for Instagram's numbers (tests, a future change). */
  maxChips?: number;
  maxChars?: number;
  className?: string;
}

const chipTitle = (t: StructuredT, q: KitQuickReply) => (q.contentType === 'text' ? q.title : t(q.contentType === 'user_phone_number' ? 'qr.phone' : 'qr.email'));

export function QuickReplyEditor(props: QuickReplyEditorProps) {
  const { value, onChange, maxChips = STRUCTURED_LIMITS.quickRepliesMax, maxChars = STRUCTURED_LIMITS.quickReplyTitleMaxChars } = props;
  const t = useStructuredT();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const chips = useRef<(HTMLButtonElement | null)[]>([]);

  const chars = countCharacters(draft.trim());
  const over = chars - maxChars;
  const full = value.length >= maxChips;
  const countState = full ? 'full' : value.length >= maxChips - 2 ? 'near' : 'ok';

  const focusChip = (i: number) => {
    setActive(i);
    chips.current[i]?.focus();
  };

  function add(chip: KitQuickReply) {
    if (full) return setProblem(t('qr.full', { max: maxChips }));
    if (value.some((q) => q.contentType === chip.contentType && (chip.contentType !== 'text' || (q.contentType === 'text' && q.title === chip.title)))) {
      return setProblem(t('qr.duplicate', { title: chipTitle(t, chip) }));
    }
    onChange([...value, chip]);
    setProblem(null);
  }

  function addTyped() {
    const title = draft.trim();
    if (!title) return;
    if (over > 0) return setProblem(t('qr.tooLong', { over, max: maxChars }));
    add({ contentType: 'text', title, payload: title });
    if (!full) setDraft('');
  }

  function remove(i: number) {
    const next = value.filter((_, j) => j !== i);
    onChange(next);
    setProblem(null);
    // Focus stays in the row: the chip that took this place, else the one before, else the field.
    const to = Math.min(i, next.length - 1);
    setActive(Math.max(0, to));
    requestAnimationFrame(() => (to >= 0 ? chips.current[to]?.focus() : input.current?.focus()));
  }

  function onChipKey(e: KeyboardEvent<HTMLButtonElement>, i: number) {
    const last = value.length - 1;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => focusChip(Math.max(0, i - 1)),
      ArrowRight: () => (i === last ? input.current?.focus() : focusChip(i + 1)),
      Home: () => focusChip(0),
      End: () => focusChip(last),
      Delete: () => remove(i),
      Backspace: () => remove(i),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  function onInputKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      addTyped();
    } else if ((e.key === 'Backspace' && draft === '') || (e.key === 'ArrowLeft' && e.currentTarget.selectionStart === 0 && e.currentTarget.selectionEnd === 0)) {
      if (value.length > 0) {
        e.preventDefault();
        focusChip(value.length - 1);
      }
    }
  }

  return (
    <div className={props.className ? `kit-qr-editor ${props.className}` : 'kit-qr-editor'} role="group" aria-labelledby={`${id}l`}>
      <div className="kit-sx-head">
        <span id={`${id}l`} className="kit-sx-title">
          {t('qr.label')}
        </span>
        <span id={`${id}n`} className="kit-counter" data-state={countState === 'full' ? 'over' : countState}>
          {t('qr.count', { count: value.length, max: maxChips })}
        </span>
      </div>
      {value.length > 0 ? (
        <ul className="kit-quick-replies kit-qr-chips" aria-label={t('qr.label')}>
          {value.map((q, i) => (
            <li key={`${q.contentType}:${q.contentType === 'text' ? q.title : ''}`}>
              <button
                type="button"
                ref={(el) => {
                  chips.current[i] = el;
                }}
                className="kit-quick-reply"
                tabIndex={i === Math.min(active, value.length - 1) ? 0 : -1}
                aria-label={t('qr.remove', { title: chipTitle(t, q) })}
                onClick={() => remove(i)}
                onKeyDown={(e) => onChipKey(e, i)}
                onFocus={() => setActive(i)}
              >
                {chipTitle(t, q)} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="kit-sx-note">{t('qr.empty')}</p>
      )}
      <div className="kit-sx-row">
        <label className="kit-visually-hidden" htmlFor={`${id}i`}>
          {t('qr.input')}
        </label>
        <input
          ref={input}
          id={`${id}i`}
          className="kit-sx-input"
          value={draft}
          placeholder={t('qr.input')}
          aria-describedby={`${id}c ${id}n ${id}h${problem ? ` ${id}p` : ''}`}
          aria-invalid={over > 0 ? true : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
          onKeyDown={onInputKey}
        />
        <span id={`${id}c`} className="kit-counter" data-state={over > 0 ? 'over' : chars >= maxChars - 3 ? 'near' : 'ok'}>
          {t('qr.chars', { count: chars, max: maxChars })}
        </span>
        <button type="button" className="kit-composer__secondary" onClick={addTyped} aria-disabled={!draft.trim() || over > 0 || full}>
          {t('qr.add')}
        </button>
      </div>
      <div className="kit-sx-row">
        <button type="button" className="kit-composer__secondary" onClick={() => add({ contentType: 'user_phone_number' })}>
          {t('qr.addPhone')}
        </button>
        <button type="button" className="kit-composer__secondary" onClick={() => add({ contentType: 'user_email' })}>
          {t('qr.addEmail')}
        </button>
      </div>
      <p id={`${id}h`} className="kit-sx-note">
        {t('qr.hint')}
      </p>
      <p id={`${id}p`} className="kit-sx-error" role="status">
        {problem ?? (over > 0 ? t('qr.tooLong', { over, max: maxChars }) : '')}
      </p>
    </div>
  );
}
