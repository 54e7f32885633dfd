'use client';
/**
 * The saved-reply picker: typing `/` at the start of the composer lists the account's saved
 * replies, filtered by what follows the `/`; arrows choose, Enter (or Tab, or a click) inserts the
 * reply with its `{variables}` filled from the customer's profile (@kit/core's expandSavedReply),
 * Escape closes it. The composer then measures and splits the expanded text like any other.
 *
 * Its own chunk, loaded when `/` is first typed (ComposerView renders it lazily), so an open
 * conversation does not pay for it. Focus never leaves the textarea: the textarea is the
 * combobox's input, pointing at the listbox (`aria-controls`) and its active option
 * (`aria-activedescendant`); this component adds those attributes and the keys on the textarea
 * while it is open and takes them away when it closes.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { expandSavedReply, matchSavedReplies, savedReplyValues } from '@kit/core';
import type { KitSavedReply } from '@kit/core';
import { useKit, useKitStore } from '../provider';
import { useSavedReplies, useSavedT } from './savedReplies';

export interface SavedReplyPickerProps {
  /** Whose profile fills the variables. */
  conversationId: string;
  /** The composer's textarea (the combobox input). */
  inputId: string;
  /** The composer's text: open while it is `/` and a shortcut being typed. */
  value: string;
  onValueChange(value: string): void;
}

/** `/`, then what may still become a shortcut: no space, nothing but shortcut characters. */
const TYPED_SHORTCUT = /^\/([a-z0-9_-]{0,32})$/i;

export default function SavedReplyPicker(props: SavedReplyPickerProps) {
  const { client, accountId } = useKit();
  const t = useSavedT();
  const list = useSavedReplies(client, accountId);
  const customer = useKitStore((s) => s.conversations[props.conversationId]?.customer);
  const values = useMemo(() => savedReplyValues(customer), [customer]);
  const id = useId();
  const listId = `${id}list`;
  const optionId = (i: number) => `${id}o${i}`;
  const anchor = useRef<HTMLDivElement>(null);

  const query = TYPED_SHORTCUT.exec(props.value)?.[1];
  // Escape closes it until the text no longer starts with `/` (the composer unmounts it then).
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState({ query, index: 0 });
  const open = query !== undefined && !dismissed;
  const replies =
    list.state === 'ready' && query !== undefined ? matchSavedReplies(list.replies, query.toLowerCase()) : [];
  // A new query starts at the first match again.
  const index = active.query === query ? Math.min(active.index, replies.length - 1) : 0;
  const showList = open && replies.length > 0;

  const choose = (reply: KitSavedReply) => props.onValueChange(expandSavedReply(reply.text, values));

  // The textarea is the combobox's input: wire its attributes and keys while open. Runs after
  // every render so the key handler sees the current matches (adding a listener is cheap).
  useEffect(() => {
    const root = anchor.current?.getRootNode() as Document | ShadowRoot | undefined;
    const input = root?.getElementById(props.inputId);
    if (!input || !open) return;
    input.setAttribute('aria-autocomplete', 'list');
    if (showList) {
      input.setAttribute('aria-controls', listId);
      input.setAttribute('aria-activedescendant', optionId(index));
      root?.getElementById(optionId(index))?.scrollIntoView({ block: 'nearest' });
    }
    const onKeyDown = (event: KeyboardEvent) => {
      // IME keys belong to the composition; modified keys to the inbox's shortcuts (Alt+↑/↓).
      if (event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) return;
      const take = () => {
        // Ours alone: the composer must not send on this Enter, the inbox must not act on these keys.
        event.preventDefault();
        event.stopPropagation();
      };
      if (event.key === 'Escape') {
        take();
        setDismissed(true);
      } else if (showList && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        take();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive({ query, index: (index + step + replies.length) % replies.length });
      } else if (
        showList &&
        ((event.key === 'Enter' && !event.shiftKey) || (event.key === 'Tab' && !event.shiftKey))
      ) {
        take();
        choose(replies[index]!);
      }
    };
    input.addEventListener('keydown', onKeyDown);
    return () => {
      input.removeEventListener('keydown', onKeyDown);
      for (const a of ['aria-autocomplete', 'aria-controls', 'aria-activedescendant']) input.removeAttribute(a);
    };
  });

  let note: string | null = null;
  if (open && !showList) {
    if (list.state === 'loading') note = t('saved.loading');
    else if (list.state === 'error') note = t('saved.error', { message: list.message });
    else if (list.replies.length === 0) note = t('saved.none');
    else note = t('saved.noMatch', { query: query ?? '' });
  }

  return (
    <div ref={anchor} className="kit-saved-picker" data-state={open ? 'open' : 'closed'}>
      {showList ? (
        <ul className="kit-saved-picker__list" role="listbox" id={listId} aria-label={t('saved.listLabel')}>
          {replies.map((reply, i) => (
            // The keys live on the textarea (the combobox's input); focus never moves to an option.
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <li
              key={reply.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === index}
              className="kit-saved-picker__option"
              // Keep focus (and the caret) in the textarea; the click inserts.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(reply)}
            >
              <span className="kit-saved-picker__shortcut">/{reply.shortcut}</span>
              <span className="kit-saved-picker__text">{expandSavedReply(reply.text, values)}</span>
            </li>
          ))}
        </ul>
      ) : note ? (
        <p className="kit-saved-picker__note">{note}</p>
      ) : null}
      <div role="status" className="kit-visually-hidden">
        {showList ? t('saved.count', { count: replies.length }) : (note ?? '')}
      </div>
    </div>
  );
}
