'use client';
/**
 * <ProfileSettings>: the account's ice breakers (up to 4 questions a customer can tap before
 * writing; a tap arrives as a postback and shows in the thread) and persistent menu, read and
 * saved through the proxy's `GET/POST /accounts/:id/profile` (Graph's `messenger_profile`). Each
 * list is checked live with @kit/core's `checkIceBreakers` / `checkPersistentMenu`, the checks the
 * proxy runs, so Save only sends what Instagram takes. For a settings page, inside the same
 * <KitProvider>; never loaded by <Inbox>: `lazy(() => import('@kit/components').then((m) => ({
 * default: m.ProfileSettings })))`.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { checkIceBreakers, checkPersistentMenu, STRUCTURED_LIMITS } from '@kit/core';
import { useKit } from '../provider';
import type { KitStructuredCatalog } from '../i18n/structured';
import { ButtonsEditor, draftButton, wireButton } from './ButtonsEditor';
import type { ButtonDraft } from './ButtonsEditor';
import { profileRoutes } from './profileRoutes';
import { Field, issueAt, useStructuredT } from './shared';

export interface ProfileSettingsProps {
  /** Override any of its strings. */
  messages?: Partial<KitStructuredCatalog>;
  className?: string;
}

interface IceDraft {
  question: string;
  payload: string;
}

type Load = { state: 'loading' } | { state: 'ready' } | { state: 'error'; message: string };

const L = STRUCTURED_LIMITS;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function ProfileSettings(props: ProfileSettingsProps) {
  const { client, accountId } = useKit();
  const t = useStructuredT(props.messages);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [ice, setIce] = useState<IceDraft[]>([]);
  const [menu, setMenu] = useState<ButtonDraft[]>([]);
  const [otherLocales, setOtherLocales] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<string>('');

  useEffect(() => {
    const ctrl = new AbortController();
    profileRoutes(client)
      .getProfile(accountId, ctrl.signal)
      .then(({ profile }) => {
        setIce(profile.iceBreakers.map((b) => ({ ...b })));
        setMenu(profile.persistentMenu.map(draftButton));
        setOtherLocales(profile.otherLocales);
        setLoad({ state: 'ready' });
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) setLoad({ state: 'error', message: messageOf(err) });
      });
    return () => ctrl.abort();
  }, [client, accountId]);

  const iceCheck = checkIceBreakers(ice);
  const menuCheck = checkPersistentMenu(menu.map(wireButton));
  const issues = [...(iceCheck.ok ? [] : iceCheck.issues), ...(menuCheck.ok ? [] : menuCheck.issues)];
  const shown = tried ? issues : issues.filter((i) => i.code !== 'required');
  const error = (path: string) => issueAt(t, shown, path);

  async function save(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!iceCheck.ok || !menuCheck.ok || saving) return;
    setSaving(true);
    setStatus(t('ps.saving'));
    try {
      const { profile } = await profileRoutes(client).setProfile(accountId, { iceBreakers: iceCheck.value, persistentMenu: menuCheck.value });
      setIce(profile.iceBreakers.map((b) => ({ ...b })));
      setMenu(profile.persistentMenu.map(draftButton));
      setTried(false);
      setStatus(t('ps.saved'));
    } catch (err) {
      setStatus(t('ps.saveFailed', { message: messageOf(err) }));
    } finally {
      setSaving(false);
    }
  }

  const setQuestion = (i: number, patch: Partial<IceDraft>) => setIce(ice.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  return (
    <section className={props.className ? `kit-ps ${props.className}` : 'kit-ps'} aria-label={t('ps.label')} aria-busy={load.state === 'loading'}>
      {load.state === 'loading' ? <p className="kit-sx-note">{t('ps.loading')}</p> : null}
      {load.state === 'error' ? (
        <p role="alert" className="kit-sx-error">
          {t('ps.error', { message: load.message })}
        </p>
      ) : null}
      {load.state === 'ready' ? (
        <form className="kit-tb-form" onSubmit={(e) => void save(e)} noValidate>
          <fieldset className="kit-sx-group">
            <legend>{t('ps.iceBreakers')}</legend>
            <p className="kit-sx-note">{t('ps.iceHelp', { max: L.iceBreakersMax })}</p>
            {ice.map((q, i) => (
              <fieldset className="kit-sx-group" key={i}>
                <legend>{t('ps.question', { n: i + 1 })}</legend>
                <Field label={t('tb.text')} value={q.question} max={L.iceBreakerQuestionMaxChars} error={error(`iceBreakers[${i}].question`)} onChange={(question) => setQuestion(i, { question })} />
                <Field label={t('tb.payload')} value={q.payload} error={error(`iceBreakers[${i}].payload`)} onChange={(payload) => setQuestion(i, { payload })} />
                <button type="button" className="kit-composer__secondary" onClick={() => setIce(ice.filter((_, j) => j !== i))}>
                  {t('tb.remove')}
                </button>
              </fieldset>
            ))}
            {ice.length < L.iceBreakersMax ? (
              <button type="button" className="kit-composer__secondary" onClick={() => setIce([...ice, { question: '', payload: '' }])}>
                {t('ps.addQuestion')}
              </button>
            ) : null}
          </fieldset>
          <ButtonsEditor
            t={t}
            path="persistentMenu"
            buttons={menu}
            onChange={setMenu}
            error={error}
            max={L.persistentMenuItemsMax}
            titleMax={L.menuItemTitleMaxChars}
            legend={t('ps.menu')}
            itemLabel={(n) => t('ps.item', { n })}
            addLabel={t('ps.addItem')}
          />
          <p className="kit-sx-note">{t('ps.menuHelp')}</p>
          {otherLocales.length ? <p className="kit-sx-note">{t('ps.otherLocales', { locales: otherLocales.join(', ') })}</p> : null}
          <div className="kit-sx-row">
            <button type="submit" className="kit-composer__send" aria-disabled={saving || issues.length > 0}>
              {t('ps.save')}
            </button>
            <span className="kit-sx-note" role="status">
              {status || (tried && issues.length ? t('tb.problems', { count: issues.length }) : '')}
            </span>
          </div>
        </form>
      ) : null}
    </section>
  );
}
