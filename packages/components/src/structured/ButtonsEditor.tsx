'use client';
/**
 * A list of `postback` / `web_url` buttons as a form: a template's buttons, a card's, or the
 * persistent menu's items (the same button shape in @kit/core). Problems come from core's check,
 * looked up by path (`<path>[i].title`…).
 */
import { useId } from 'react';
import type { KitTemplateButton } from '@kit/core';
import { Field } from './shared';
import type { StructuredT } from './shared';

export interface ButtonDraft {
  type: 'postback' | 'web_url';
  title: string;
  /** The payload of a postback, the link of a web_url button. */
  value: string;
}

export const newButton = (): ButtonDraft => ({ type: 'postback', title: '', value: '' });
export const wireButton = (b: ButtonDraft): KitTemplateButton => (b.type === 'web_url' ? { type: 'web_url', title: b.title, url: b.value } : { type: 'postback', title: b.title, payload: b.value });
export const draftButton = (b: KitTemplateButton): ButtonDraft => ({ type: b.type, title: b.title, value: (b.type === 'web_url' ? b.url : b.payload) ?? '' });

export interface ButtonsEditorProps {
  t: StructuredT;
  /** Where core reports this list's issues, e.g. `template.buttons`. */
  path: string;
  buttons: ButtonDraft[];
  onChange(buttons: ButtonDraft[]): void;
  error(path: string): string | undefined;
  max: number;
  titleMax: number;
  /** Legend of the list and of each item (default: Buttons / Button n). */
  legend?: string;
  itemLabel?(n: number): string;
  addLabel?: string;
}

export function ButtonsEditor(props: ButtonsEditorProps) {
  const { t, path, buttons } = props;
  const uid = useId();
  const set = (i: number, patch: Partial<ButtonDraft>) => props.onChange(buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <fieldset className="kit-sx-group">
      <legend>{props.legend ?? t('tb.buttons')}</legend>
      {buttons.map((b, i) => {
        const p = `${path}[${i}]`;
        return (
          <fieldset className="kit-sx-group" key={i}>
            <legend>{props.itemLabel ? props.itemLabel(i + 1) : t('tb.button', { n: i + 1 })}</legend>
            <Field label={t('tb.buttonTitle')} value={b.title} max={props.titleMax} error={props.error(`${p}.title`)} onChange={(title) => set(i, { title })} />
            <div className="kit-sx-field">
              <label htmlFor={`${uid}${i}`}>{t('tb.buttonAction')}</label>
              <select id={`${uid}${i}`} className="kit-sx-input" value={b.type} onChange={(e) => set(i, { type: e.target.value as ButtonDraft['type'] })}>
                <option value="postback">{t('tb.action.postback')}</option>
                <option value="web_url">{t('tb.action.web_url')}</option>
              </select>
            </div>
            <Field
              label={b.type === 'web_url' ? t('tb.url') : t('tb.payload')}
              type={b.type === 'web_url' ? 'url' : 'text'}
              value={b.value}
              error={props.error(`${p}.${b.type === 'web_url' ? 'url' : 'payload'}`)}
              onChange={(value) => set(i, { value })}
            />
            <button type="button" className="kit-composer__secondary" onClick={() => props.onChange(buttons.filter((_, j) => j !== i))}>
              {t('tb.remove')}
            </button>
          </fieldset>
        );
      })}
      {props.error(path) ? <span className="kit-sx-error">{props.error(path)}</span> : null}
      {buttons.length < props.max ? (
        <button type="button" className="kit-composer__secondary" onClick={() => props.onChange([...buttons, newButton()])}>
          {props.addLabel ?? t('tb.addButton')}
        </button>
      ) : null}
    </fieldset>
  );
}

