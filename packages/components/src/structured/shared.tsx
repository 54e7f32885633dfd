'use client';
/**
 * What the structured-message tools share: their strings (strings.ts), @kit/core's issues turned into a sentence for the field they belong to, and a labelled field
 * with a live character count (like the composer's byte counter) and its error.
 */
import { useId } from 'react';
import type { ReactNode } from 'react';
import { countCharacters } from '@kit/core';
import type { StructuredIssue } from '@kit/core';
import type { StructuredT } from './strings';

export { useStructuredT } from './strings';
export type { StructuredT } from './strings';

/** The agent-facing sentence for one of core's issues (core's own messages are for developers). */
export function issueText(t: StructuredT, issue: StructuredIssue): string {
  switch (issue.code) {
    case 'required':
    case 'too_few':
      return t('v.required');
    case 'too_long':
      return t('v.too_long', { actual: issue.actual ?? 0, limit: issue.limit ?? 0 });
    case 'too_many':
      return t('v.too_many', { limit: issue.limit ?? 0 });
    case 'invalid_url':
      return t('v.invalid_url');
    default:
      return t('v.other');
  }
}

/** The first issue at exactly `path`, as a sentence. */
export function issueAt(t: StructuredT, issues: readonly StructuredIssue[], path: string): string | undefined {
  const found = issues.find((i) => i.path === path);
  return found ? issueText(t, found) : undefined;
}

export interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Character limit shown live beside the label ("12 / 80"). */
  max?: number;
  error?: string | undefined;
  multiline?: boolean;
  type?: 'text' | 'url';
  children?: ReactNode;
}

/** A labelled input with a live count against `max` and its error, wired for screen readers. */
export function Field(props: FieldProps) {
  const id = useId();
  const count = countCharacters(props.value);
  const over = props.max !== undefined && count > props.max;
  const describedBy = [props.max !== undefined ? `${id}c` : null, props.error ? `${id}e` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: props.value,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
    className: 'kit-sx-input',
  } as const;
  return (
    <div className="kit-sx-field" data-state={props.error ? 'invalid' : undefined}>
      <label htmlFor={id}>{props.label}</label>
      {props.max !== undefined ? (
        <span id={`${id}c`} className="kit-counter" data-state={over ? 'over' : 'ok'}>
          {count} / {props.max}
        </span>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type={props.type ?? 'text'} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.error ? (
        <span id={`${id}e`} className="kit-sx-error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}
