'use client';
/**
 * <SavedRepliesSettings>: the small panel where agents manage the account's saved replies — list,
 * add, edit, delete — inside the same <KitProvider> as the inbox. What the composer's `/` picker
 * lists comes from the same shared list, so a reply saved here is offered at once.
 *
 * Its own code: nothing in <Inbox> imports it. Load it lazily where you show it:
 * `lazy(() => import('@kit/components').then((m) => ({ default: m.SavedRepliesSettings })))`.
 * Templates are checked with @kit/core's checkSavedReply before they are sent, the rule the proxy
 * applies too; the proxy's refusals (a shortcut taken meanwhile) show beside the form.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { checkSavedReply, SAVED_REPLY_TEXT_MAX_BYTES, SAVED_REPLY_VARIABLES } from '@kit/core';
import type { KitSavedReply, SavedReplyIssue } from '@kit/core';
import { useKit } from '../provider';
import { savedReplyRoutes, storeSavedReply, useSavedReplies, useSavedT } from './savedReplies';

export interface SavedRepliesSettingsProps {
  /** Level of the panel's heading (default 2). */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  className?: string;
}

const variableList = SAVED_REPLY_VARIABLES.map((v) => `{${v}}`).join(', ');

type Problem = { field: 'shortcut' | 'text' | null; message: string };

/** An element by id in the node's own root (the document, or the shadow root of `mountInbox`). */
const byId = (node: Node | null, id: string) =>
  (node?.getRootNode() as Document | ShadowRoot | undefined)?.getElementById(id) ?? null;

export function SavedRepliesSettings(props: SavedRepliesSettingsProps) {
  const { client, accountId } = useKit();
  const t = useSavedT();
  const list = useSavedReplies(client, accountId);
  const ids = useId();
  const H = `h${props.headingLevel ?? 2}` as 'h2';
  /** The reply being edited, 'new' for the add form, null for none. */
  const [editing, setEditing] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const section = useRef<HTMLElement>(null);
  const routes = savedReplyRoutes(client);

  const closeForm = (focusId?: string) => {
    setEditing(null);
    // Focus goes back where the agent came from (the row's Edit button, or Add), once rendered.
    requestAnimationFrame(() => (focusId ? byId(section.current, focusId) : addButton.current)?.focus());
  };

  async function remove(reply: KitSavedReply) {
    setDeleteError(null);
    try {
      await routes.deleteSavedReply(accountId, reply.id);
      storeSavedReply(client, accountId, { deleted: reply.id });
      setAnnounce(t('saved.settings.deleted', { shortcut: reply.shortcut }));
      addButton.current?.focus();
    } catch (err) {
      setDeleteError(t('saved.settings.deleteFailed', { message: err instanceof Error ? err.message : String(err) }));
    }
  }

  const replies = list.state === 'ready' ? list.replies : [];
  return (
    <section
      ref={section}
      className={props.className ? `kit-saved-settings ${props.className}` : 'kit-saved-settings'}
      aria-labelledby={`${ids}title`}
    >
      <H id={`${ids}title`} className="kit-saved-settings__heading">
        {t('saved.settings.title')}
      </H>
      <p className="kit-saved-settings__description">{t('saved.settings.description', { variables: variableList })}</p>
      {list.state === 'loading' ? <p>{t('saved.loading')}</p> : null}
      {list.state === 'error' ? <p role="alert">{t('saved.error', { message: list.message })}</p> : null}
      {list.state === 'ready' && replies.length === 0 ? <p>{t('saved.settings.empty')}</p> : null}
      {replies.length > 0 ? (
        <ul className="kit-saved-settings__list">
          {replies.map((reply) =>
            editing === reply.id ? (
              <li key={reply.id} className="kit-saved-settings__item">
                <SavedReplyForm
                  reply={reply}
                  onSaved={(saved) => {
                    storeSavedReply(client, accountId, saved);
                    setAnnounce(t('saved.settings.added', { shortcut: saved.shortcut }));
                    closeForm(`${ids}edit-${saved.id}`);
                  }}
                  onCancel={() => closeForm(`${ids}edit-${reply.id}`)}
                />
              </li>
            ) : (
              <li key={reply.id} className="kit-saved-settings__item">
                <span className="kit-saved-settings__shortcut">/{reply.shortcut}</span>
                <span className="kit-saved-settings__text">{reply.text}</span>
                <span className="kit-saved-settings__actions">
                  <button
                    type="button"
                    id={`${ids}edit-${reply.id}`}
                    className="kit-composer__secondary"
                    onClick={() => setEditing(reply.id)}
                  >
                    {t('saved.settings.edit', { shortcut: reply.shortcut })}
                  </button>
                  <button type="button" className="kit-composer__secondary" onClick={() => void remove(reply)}>
                    {t('saved.settings.delete', { shortcut: reply.shortcut })}
                  </button>
                </span>
              </li>
            ),
          )}
        </ul>
      ) : null}
      {deleteError ? (
        <p role="alert" className="kit-composer__error">
          {deleteError}
        </p>
      ) : null}
      {editing === 'new' ? (
        <SavedReplyForm
          onSaved={(saved) => {
            storeSavedReply(client, accountId, saved);
            setAnnounce(t('saved.settings.added', { shortcut: saved.shortcut }));
            closeForm();
          }}
          onCancel={() => closeForm()}
        />
      ) : (
        <button
          type="button"
          ref={addButton}
          className="kit-composer__send kit-saved-settings__add"
          disabled={list.state !== 'ready'}
          onClick={() => setEditing('new')}
        >
          {t('saved.settings.add')}
        </button>
      )}
      <div role="status" className="kit-visually-hidden">
        {announce}
      </div>
    </section>
  );
}

function SavedReplyForm(props: { reply?: KitSavedReply; onSaved(reply: KitSavedReply): void; onCancel(): void }) {
  const { client, accountId } = useKit();
  const t = useSavedT();
  const id = useId();
  const [shortcut, setShortcut] = useState(props.reply?.shortcut ?? '');
  const [text, setText] = useState(props.reply?.text ?? '');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saving, setSaving] = useState(false);
  const field = { shortcut: `${id}shortcut`, text: `${id}text` };
  const form = useRef<HTMLFormElement>(null);
  const focus = (f: 'shortcut' | 'text') => (byId(form.current, field[f]) as HTMLElement | null)?.focus();
  // The form opens for typing: focus starts in its first field.
  useEffect(() => focus('shortcut'), []); // eslint-disable-line react-hooks/exhaustive-deps

  const problemOf = (issue: SavedReplyIssue): Problem => ({
    field: issue.field,
    message:
      issue.code === 'unknown_variables'
        ? t('saved.problem.unknown_variables', {
            variables: issue.variables.map((v) => `{${v}}`).join(', '),
            known: variableList,
          })
        : t(`saved.problem.${issue.code}`, { max: SAVED_REPLY_TEXT_MAX_BYTES }),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    const found = checkSavedReply({ shortcut, text }).map(problemOf);
    setProblems(found);
    if (found[0]) {
      focus(found[0].field ?? 'text');
      return;
    }
    setSaving(true);
    const routes = savedReplyRoutes(client);
    try {
      const saved = props.reply
        ? await routes.updateSavedReply(accountId, props.reply.id, { shortcut, text })
        : await routes.createSavedReply(accountId, { shortcut, text });
      props.onSaved(saved);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const problem: Problem =
        code === 'duplicate_shortcut'
          ? { field: 'shortcut', message: t('saved.problem.duplicate_shortcut', { shortcut }) }
          : {
              field: null,
              message: t('saved.settings.failed', { message: err instanceof Error ? err.message : String(err) }),
            };
      setProblems([problem]);
      if (problem.field) focus(problem.field);
    } finally {
      setSaving(false);
    }
  }

  const about = (f: 'shortcut' | 'text') => problems.filter((p) => p.field === f);
  const errorId = (f: 'shortcut' | 'text') => `${id}${f}err`;
  return (
    <form
      ref={form}
      className="kit-saved-settings__form"
      aria-label={
        props.reply ? t('saved.settings.editing', { shortcut: props.reply.shortcut }) : t('saved.settings.new')
      }
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <div className="kit-ops__field">
        <label htmlFor={field.shortcut}>{t('saved.settings.shortcut')}</label>
        <input
          id={field.shortcut}
          value={shortcut}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={[`${id}hint`, about('shortcut').length ? errorId('shortcut') : null]
            .filter(Boolean)
            .join(' ')}
          aria-invalid={about('shortcut').length > 0 || undefined}
          onChange={(e) => setShortcut(e.target.value.trim().toLowerCase())}
        />
        <span id={`${id}hint`} className="kit-saved-settings__hint">
          {t('saved.settings.shortcutHint')}
        </span>
        {about('shortcut').length ? (
          <p id={errorId('shortcut')} className="kit-composer__error">
            {about('shortcut')
              .map((p) => p.message)
              .join(' ')}
          </p>
        ) : null}
      </div>
      <div className="kit-ops__field">
        <label htmlFor={field.text}>{t('saved.settings.text')}</label>
        <textarea
          id={field.text}
          value={text}
          rows={3}
          className="kit-composer__input"
          aria-describedby={about('text').length ? errorId('text') : undefined}
          aria-invalid={about('text').length > 0 || undefined}
          onChange={(e) => setText(e.target.value)}
        />
        {about('text').length ? (
          <p id={errorId('text')} className="kit-composer__error">
            {about('text')
              .map((p) => p.message)
              .join(' ')}
          </p>
        ) : null}
      </div>
      {problems.some((p) => p.field === null) ? (
        <p role="alert" className="kit-composer__error">
          {problems
            .filter((p) => p.field === null)
            .map((p) => p.message)
            .join(' ')}
        </p>
      ) : null}
      <div className="kit-saved-settings__actions">
        <button type="submit" className="kit-composer__send" aria-disabled={saving}>
          {t('saved.settings.save')}
        </button>
        <button type="button" className="kit-composer__secondary" onClick={props.onCancel}>
          {t('saved.settings.cancel')}
        </button>
      </div>
    </form>
  );
}
