'use client';
/**
 * The `?` cheat sheet of the inbox's keyboard shortcuts (Radix Dialog: focus trap, Escape, focus
 * back where it was). Its own chunk, loaded the first time it opens.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useT } from '../provider';

/**
 * The keys useInboxShortcuts.ts handles, and the catalog key of what each does. Here, not beside
 * the handler: the table is only read when the sheet opens, and importing it from the hook's
 * module would split that module out of <Inbox>'s entry chunk into a chunk of its own.
 */
export const INBOX_SHORTCUTS = [
  { keys: ['Alt+↓', 'j'], action: 'shortcuts.next' },
  { keys: ['Alt+↑', 'k'], action: 'shortcuts.previous' },
  { keys: ['c'], action: 'shortcuts.composer' },
  { keys: ['/'], action: 'shortcuts.search' },
  { keys: ['u'], action: 'shortcuts.unread' },
  { keys: ['Enter', 'Ctrl+Enter'], action: 'shortcuts.send' },
  { keys: ['?'], action: 'shortcuts.help' },
] as const;

export interface ShortcutsDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** Where to portal: the kit root, so the theme variables apply. */
  container: HTMLElement | null;
}

export default function ShortcutsDialog({ open, onOpenChange, container }: ShortcutsDialogProps) {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="kit-picker__overlay" />
        <Dialog.Content className="kit-picker kit-shortcuts" aria-describedby={undefined}>
          <Dialog.Title className="kit-picker__title">{t('shortcuts.title')}</Dialog.Title>
          <table className="kit-shortcuts__table">
            <tbody>
              {INBOX_SHORTCUTS.map((s) => (
                <tr key={s.action}>
                  <td>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 ? ` ${t('shortcuts.or')} ` : null}
                        <kbd className="kit-kbd">{k}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{t(s.action)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="kit-picker__actions">
            <Dialog.Close className="kit-composer__secondary">{t('shortcuts.close')}</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
