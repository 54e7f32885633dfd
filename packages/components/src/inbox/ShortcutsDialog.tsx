'use client';
/**
 * The `?` cheat sheet of the inbox's keyboard shortcuts (Radix Dialog: focus trap, Escape, focus
 * back where it was). Its own chunk, loaded the first time it opens.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useT } from '../provider';
import { INBOX_SHORTCUTS } from './useInboxShortcuts';

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
