'use client';
/**
 * <TemplateBuilder>: a button template (text + up to 3 buttons) or a generic template (up to 10
 * cards, shown as a carousel) filled in as a form, checked live by @kit/core's `checkTemplate` —
 * the very check the proxy runs — with each problem next to its field, and a preview drawn the
 * way Instagram's phone apps draw it (TemplateCard). "Required" shows once the agent tried to send;
 * every other problem (too long, not an https link, too many) shows as it is typed.
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { checkTemplate, STRUCTURED_LIMITS } from '@kit/core';
import type { KitTemplate, KitTemplateAttachment } from '@kit/core';
import { ButtonsEditor, draftButton, newButton, wireButton } from './ButtonsEditor';
import type { ButtonDraft } from './ButtonsEditor';
import { Field, issueAt, useStructuredT } from './shared';
import TemplateCard from './TemplateCard';

interface ElementDraft {
  title: string;
  subtitle: string;
  imageUrl: string;
  buttons: ButtonDraft[];
}
interface Draft {
  type: 'button' | 'generic';
  text: string;
  buttons: ButtonDraft[];
  elements: ElementDraft[];
}

const L = STRUCTURED_LIMITS;
const newElement = (): ElementDraft => ({ title: '', subtitle: '', imageUrl: '', buttons: [] });


/** What the form says, in the shape core checks and the proxy takes (empty optional fields left out). */
function candidate(d: Draft): unknown {
  if (d.type === 'button') return { type: 'button', text: d.text, buttons: d.buttons.map(wireButton) };
  return {
    type: 'generic',
    elements: d.elements.map((e) => ({
      title: e.title,
      ...(e.subtitle ? { subtitle: e.subtitle } : {}),
      ...(e.imageUrl ? { imageUrl: e.imageUrl } : {}),
      ...(e.buttons.length ? { buttons: e.buttons.map(wireButton) } : {}),
    })),
  };
}

function fromTemplate(t: KitTemplate | undefined): Draft {
  if (t?.type === 'generic') {
    return { type: 'generic', text: '', buttons: [newButton()], elements: t.elements.map((e) => ({ title: e.title, subtitle: e.subtitle ?? '', imageUrl: e.imageUrl ?? '', buttons: (e.buttons ?? []).map(draftButton) })) };
  }
  return { type: 'button', text: t?.text ?? '', buttons: t ? t.buttons.map(draftButton) : [newButton()], elements: [newElement()] };
}

export interface TemplateBuilderProps {
  onSend(template: KitTemplate): Promise<unknown> | void;
  /** Sending is not possible now (window closed…): the form stays editable, Send does not. */
  disabled?: boolean;
  /** Start from this template (a saved one, stories). */
  initial?: KitTemplate;
  className?: string;
}

export function TemplateBuilder(props: TemplateBuilderProps) {
  const t = useStructuredT();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => fromTemplate(props.initial));
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const check = checkTemplate(candidate(draft), { path: 'template' });
  const issues = check.ok ? [] : check.issues;
  const shown = tried ? issues : issues.filter((i) => i.code !== 'required' && i.code !== 'too_few');
  const error = (path: string) => issueAt(t, shown, path);
  const patch = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const setElement = (i: number, p: Partial<ElementDraft>) => patch({ elements: draft.elements.map((e, j) => (j === i ? { ...e, ...p } : e)) });

  const preview: KitTemplateAttachment =
    draft.type === 'button'
      ? { type: 'template', templateType: 'button', text: draft.text, buttons: draft.buttons.map(wireButton) }
      : { type: 'template', templateType: 'generic', elements: draft.elements.map((e) => ({ title: e.title, subtitle: e.subtitle, imageUrl: e.imageUrl, buttons: e.buttons.map(wireButton) })) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!check.ok || props.disabled || sending) return;
    setSending(true);
    setFailure(null);
    try {
      await props.onSend(check.value);
      setDraft(fromTemplate(undefined));
      setTried(false);
    } catch (err) {
      setFailure(t('sx.sendFailed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className={props.className ? `kit-tb ${props.className}` : 'kit-tb'} onSubmit={(e) => void submit(e)} noValidate>
      <div className="kit-tb-form">
        <fieldset className="kit-sx-group">
          <legend>{t('tb.kind')}</legend>
          {(['button', 'generic'] as const).map((kind) => (
            <label key={kind} className="kit-sx-choice">
              <input type="radio" name={`${id}kind`} value={kind} checked={draft.type === kind} onChange={() => patch({ type: kind })} />
              {t(`tb.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        {draft.type === 'button' ? (
          <>
            <Field label={t('tb.text')} multiline value={draft.text} max={L.buttonTemplateTextMaxChars} error={error('template.text')} onChange={(text) => patch({ text })} />
            <ButtonsEditor t={t} path="template.buttons" buttons={draft.buttons} error={error} onChange={(buttons) => patch({ buttons })} max={L.buttonsMax} titleMax={L.buttonTitleMaxChars} />
          </>
        ) : (
          <>
            {draft.elements.map((el, i) => {
              const p = `template.elements[${i}]`;
              return (
                <fieldset className="kit-sx-group" key={i}>
                  <legend>{t('tb.element', { n: i + 1 })}</legend>
                  <Field label={t('tb.title')} value={el.title} max={L.elementTitleMaxChars} error={error(`${p}.title`)} onChange={(title) => setElement(i, { title })} />
                  <Field label={t('tb.subtitle')} value={el.subtitle} max={L.elementSubtitleMaxChars} error={error(`${p}.subtitle`)} onChange={(subtitle) => setElement(i, { subtitle })} />
                  <Field label={t('tb.image')} type="url" value={el.imageUrl} error={error(`${p}.imageUrl`)} onChange={(imageUrl) => setElement(i, { imageUrl })} />
                  <ButtonsEditor t={t} path={`${p}.buttons`} buttons={el.buttons} error={error} onChange={(buttons) => setElement(i, { buttons })} max={L.buttonsMax} titleMax={L.buttonTitleMaxChars} />
                  {draft.elements.length > 1 ? (
                    <button type="button" className="kit-composer__secondary" onClick={() => patch({ elements: draft.elements.filter((_, j) => j !== i) })}>
                      {t('tb.remove')}
                    </button>
                  ) : null}
                </fieldset>
              );
            })}
            {draft.elements.length < L.genericElementsMax ? (
              <button type="button" className="kit-composer__secondary" onClick={() => patch({ elements: [...draft.elements, newElement()] })}>
                {t('tb.addElement')}
              </button>
            ) : null}
          </>
        )}
      </div>
      <section className="kit-tb-preview" aria-label={t('tb.preview')}>
        <span className="kit-sx-title">{t('tb.preview')}</span>
        <TemplateCard attachment={preview} />
        <p className="kit-sx-note">{t('tb.mobileOnly')}</p>
      </section>
      <div className="kit-sx-row">
        <button type="submit" className="kit-composer__send" aria-disabled={!check.ok || props.disabled || sending} aria-describedby={`${id}s`}>
          {t('tb.send')}
        </button>
        <span id={`${id}s`} className="kit-sx-note" role="status">
          {issues.length > 0 && (tried || shown.length > 0) ? t('tb.problems', { count: tried ? issues.length : shown.length }) : ''}
        </span>
      </div>
      {failure ? (
        <p role="alert" className="kit-sx-error">
          {failure}
        </p>
      ) : null}
    </form>
  );
}
