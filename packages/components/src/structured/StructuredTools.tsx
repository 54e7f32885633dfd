'use client';
/**
 * The composer's "quick replies and cards" control, loaded on demand (the composer renders it
 * through React.lazy beside the attach button, so an <Inbox> that never opens it never pays for
 * it): a toggle that opens a panel over the composer with
 * - Quick replies: <QuickReplyEditor>; "Send with quick replies" sends the composer's draft text
 *   with the chips under it, and clears both;
 * - Card: <TemplateBuilder>.
 * Both send through the kit store (optimistic, like every send) with the window's tag. Escape or
 * the close button closes the panel and gives focus back to the toggle.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { templateAttachment } from '@kit/core';
import type { KitQuickReply } from '@kit/core';
import type { ComposerAttachContext } from '../composer/ComposerView';
import { useDraft } from '../composer/drafts';
import { useSend } from '../hooks/useSend';
import { QuickReplyEditor } from './QuickReplyEditor';
import { TemplateBuilder } from './TemplateBuilder';
import { useStructuredT } from './shared';

export interface StructuredToolsProps extends ComposerAttachContext {
  conversationId: string;
  /** Start open on this tab (stories, tests). */
  defaultOpen?: 'quick' | 'template';
}

export default function StructuredTools(props: StructuredToolsProps) {
  const t = useStructuredT();
  const id = useId();
  const [tab, setTab] = useState<'quick' | 'template' | null>(props.defaultOpen ?? null);
  const [chips, setChips] = useState<KitQuickReply[]>([]);
  const [draft, setDraft] = useDraft(props.conversationId);
  const sender = useSend(props.conversationId);
  const toggle = useRef<HTMLButtonElement>(null);
  const tag = props.tag ? { tag: props.tag } : {};
  const canSendChips = !props.disabled && draft.trim() !== '' && chips.length > 0;

  const panel = useRef<HTMLElement>(null);
  const close = () => {
    setTab(null);
    toggle.current?.focus();
  };
  // Escape inside the panel closes it (and goes no further: the inbox's own Escape stays put).
  const open = tab !== null;
  useEffect(() => {
    const el = panel.current;
    if (!open || !el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      setTab(null);
      toggle.current?.focus();
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [open]);

  function sendChips() {
    if (!canSendChips) return;
    void sender.send({ text: draft, quickReplies: chips, ...tag });
    setDraft('');
    setChips([]);
    close();
  }

  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="kit-composer__attach kit-sx-toggle"
        aria-expanded={tab !== null}
        aria-controls={`${id}p`}
        aria-label={t('sx.open')}
        title={t('sx.open')}
        onClick={() => (tab ? close() : setTab('quick'))}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {tab ? (
        <section ref={panel} id={`${id}p`} className="kit-sx-panel" aria-label={t('sx.panel')}>
          <div className="kit-sx-head">
            <div className="kit-sx-row" role="group" aria-label={t('sx.panel')}>
              {(['quick', 'template'] as const).map((k) => (
                <button key={k} type="button" className="kit-composer__secondary" aria-pressed={tab === k} onClick={() => setTab(k)}>
                  {t(k === 'quick' ? 'sx.tab.quick' : 'sx.tab.template')}
                </button>
              ))}
            </div>
            <button type="button" className="kit-composer__secondary" onClick={close}>
              {t('sx.close')}
            </button>
          </div>
          {tab === 'quick' ? (
            <>
              <QuickReplyEditor value={chips} onChange={setChips} />
              <p className="kit-sx-note" id={`${id}m`}>
                {draft.trim() ? (
                  <>
                    {t('qr.message')} <q>{draft}</q>
                  </>
                ) : (
                  t('qr.needText')
                )}
              </p>
              <div className="kit-sx-row">
                <button
                  type="button"
                  className="kit-composer__send"
                  aria-disabled={!canSendChips}
                  aria-describedby={props.disabled && props.disabledReasonId ? props.disabledReasonId : `${id}m`}
                  onClick={sendChips}
                >
                  {t('qr.send')}
                </button>
                <span className="kit-sx-note">{t('qr.mobileOnly')}</span>
              </div>
            </>
          ) : (
            <TemplateBuilder
              disabled={props.disabled}
              onSend={async (template) => {
                await sender.send({ template, preview: [templateAttachment(template)], ...tag });
                close();
              }}
            />
          )}
        </section>
      ) : null}
    </>
  );
}
