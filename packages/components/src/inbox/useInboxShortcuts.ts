'use client';
/**
 * The inbox's keyboard shortcuts, on the inbox element (never on the host's document, so two
 * inboxes on a page and the host's own shortcuts do not collide). Single letters only act when
 * focus is not in a text field; Alt+arrows work everywhere, the composer included.
 *
 *   Alt+↓ / j   next conversation          Alt+↑ / k   previous conversation
 *   c           focus the composer         u           mark the open conversation unread
 *   /           focus the search box       ?           show these shortcuts
 *   Enter / Ctrl+Enter in the composer: send (the composer's own keys)
 */
import { useEffect } from 'react';
import type { RefObject } from 'react';

export interface InboxShortcutActions {
  move(step: 1 | -1): void;
  focusComposer(): void;
  focusSearch(): void;
  markUnread(): void;
  showHelp(): void;
}

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type)) ||
    target instanceof HTMLSelectElement
  );
}

export function useInboxShortcuts(root: RefObject<HTMLElement | null>, actions: InboxShortcutActions): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey) return;
      if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        actions.move(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (e.altKey || typingInto(e.target)) return;
      const run: Record<string, () => void> = {
        j: () => actions.move(1),
        k: () => actions.move(-1),
        c: actions.focusComposer,
        '/': actions.focusSearch,
        u: actions.markUnread,
        '?': actions.showHelp,
      };
      const handler = run[e.key];
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    el.addEventListener('keydown', onKeyDown);
    return () => el.removeEventListener('keydown', onKeyDown);
  }, [root, actions]);
}
