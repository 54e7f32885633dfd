'use client';
/**
 * <KitOps>: the operator's view of the provider's account, for an admin page inside <KitProvider>.
 * Three parts: the account (connected or needing a new login, the history import, and the pause
 * switch agents see as <PausedBanner>), the outbox (sends not settled yet, oldest first, with the
 * three ways to settle an `uncertain` one), and the dead letters (webhook deliveries the proxy gave
 * up on, read-only; the proxy shows them only to operators allowed for every account).
 *
 * Its own code: nothing in <Inbox> imports it, so an inbox page never downloads it (its strings
 * are in src/i18n/ops.ts for the same reason). Load it lazily on the admin page if you like:
 * `lazy(() => import('@kit/components').then((m) => ({ default: m.KitOps })))`.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { DAY_MS, HOUR_MS, KIT_SEND_OUTCOMES, MINUTE_MS } from '@kit/core';
import type { KitAccountPause } from '@kit/core';
import { KitClientError } from '../client';
import type { KitAccount, KitDeadLetter, KitOutboxSend, KitSendOutcome } from '../client';
import { opsCatalogs } from '../i18n/ops';
import { createScopedTranslator } from '../i18n/scoped';
import type { KitScopedTranslate } from '../i18n/scoped';
import type { KitOpsCatalog, KitOpsKey } from '../i18n/ops';
import { useNow } from '../hooks/useNow';
import { useKit, useKitStore } from '../provider';
import { opsRoutes } from './opsRoutes';

export interface KitOpsProps {
  /** How often the outbox is read again while mounted, in ms (default 10 000; 0: only on Refresh). */
  refreshMs?: number;
  /** How many sends / dead letters to ask for (default 50 / 20). */
  limit?: number;
  deadLetterLimit?: number;
  /** Level of the three section headings (default 2). */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /** Override any of <KitOps>'s strings, e.g. `{ 'ops.outbox.title': 'Pending sends' }`. */
  messages?: Partial<KitOpsCatalog>;
  /** Freeze the clock (stories, tests). */
  now?: number;
  className?: string;
}

type OpsT = KitScopedTranslate<KitOpsKey>;

/** `t()` for <KitOps>'s keys: its catalog for the provider's locale (else English) and the overrides. */
function useOpsT(messages: Partial<KitOpsCatalog> | undefined): OpsT {
  const { locale } = useKit();
  return useMemo(() => createScopedTranslator(locale, opsCatalogs, messages), [locale, messages]);
}

/** "3 min", "2 h 5 min", "1 d 4 h": how long ago, rounded down. */
function age(t: OpsT, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (minutes < 1) return t('ops.age.now');
  if (ms < HOUR_MS) return t('ops.age.minutes', { m: minutes });
  if (ms < DAY_MS) return t('ops.age.hours', { h: Math.floor(ms / HOUR_MS), m: minutes % 60 });
  return t('ops.age.days', { d: Math.floor(ms / DAY_MS), h: Math.floor((ms % DAY_MS) / HOUR_MS) });
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string } | { state: 'forbidden' };

export function KitOps(props: KitOpsProps) {
  const { client, store, accountId, format } = useKit();
  const t = useOpsT(props.messages);
  const routes = useMemo(() => opsRoutes(client), [client]);
  const H = `h${props.headingLevel ?? 2}` as 'h2';
  const ids = useId();
  // Ages move on with the outbox refresh (or each minute when that is off).
  const now = useNow(props.refreshMs === 0 ? 60_000 : (props.refreshMs ?? 10_000), props.now);
  const { refreshMs = 10_000, limit = 50, deadLetterLimit = 20 } = props;

  // The account: status and history import from GET /accounts; the pause from the store, which
  // `account_updated` events keep current (and which <PausedBanner> reads).
  const [account, setAccount] = useState<Load<KitAccount | undefined>>({ state: 'loading' });
  /** Whether answers may still be shown (false once unmounted). */
  const live = useRef(true);
  const storedPause = useKitStore((s) => s.accountPause[accountId]);
  const loadAccount = useCallback(
    () =>
      client.listAccounts().then(
        (accounts) => {
          const found = accounts.find((a) => a.id === accountId);
          if (live.current) setAccount({ state: 'ready', value: found });
          const value = found?.paused ?? null;
          // An event (or a pause from here) that came meanwhile is newer than this answer.
          store.setState((s) => (s.accountPause[accountId] !== undefined ? s : { accountPause: { ...s.accountPause, [accountId]: value } }));
        },
        (err: unknown) => live.current && setAccount({ state: 'error', message: messageOf(err) }),
      ),
    [client, store, accountId],
  );
  const paused: KitAccountPause | null | undefined = storedPause !== undefined ? storedPause : account.state === 'ready' ? (account.value?.paused ?? null) : undefined;

  // The outbox, read on mount, on Refresh, after settling a send, and every `refreshMs`.
  const [outbox, setOutbox] = useState<Load<KitOutboxSend[]>>({ state: 'loading' });
  const loadOutbox = useCallback(
    () =>
      routes.listOutbox(accountId, { limit }).then(
        (page) => live.current && setOutbox({ state: 'ready', value: [...page.sends].sort((a, b) => a.createdAt - b.createdAt) }),
        (err: unknown) => live.current && setOutbox({ state: 'error', message: messageOf(err) }),
      ),
    [routes, accountId, limit],
  );

  const [dead, setDead] = useState<Load<KitDeadLetter[]>>({ state: 'loading' });
  const loadDead = useCallback(
    () =>
      routes.listDeadLetters({ limit: deadLetterLimit }).then(
        (page) => live.current && setDead({ state: 'ready', value: page.deadLetters }),
        (err: unknown) =>
          live.current && setDead(err instanceof KitClientError && err.status === 403 ? { state: 'forbidden' } : { state: 'error', message: messageOf(err) }),
      ),
    [routes, deadLetterLimit],
  );

  const refresh = useCallback(() => Promise.all([loadAccount(), loadOutbox(), loadDead()]), [loadAccount, loadOutbox, loadDead]);
  useEffect(() => {
    live.current = true;
    void refresh();
    return () => {
      live.current = false;
    };
  }, [refresh]);
  useEffect(() => {
    if (!refreshMs) return;
    const id = setInterval(() => void loadOutbox(), refreshMs);
    return () => clearInterval(id);
  }, [loadOutbox, refreshMs]);

  // The pause switch.
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [pauseError, setPauseError] = useState<string | null>(null);
  const setPause = (value: KitAccountPause | null) => store.setState((s) => ({ accountPause: { ...s.accountPause, [accountId]: value } }));
  async function pause(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const message = draft.trim();
    if (!message) return setPauseError(t('ops.pause.needMessage'));
    setBusy(true);
    setPauseError(null);
    try {
      const res = await routes.pauseAccount(accountId, message);
      setPause(res.paused ?? { message, since: Date.now() });
      setDraft('');
    } catch (err) {
      setPauseError(t('ops.pause.failed', { message: messageOf(err) }));
    } finally {
      setBusy(false);
    }
  }
  async function resume() {
    if (busy) return;
    setBusy(true);
    setPauseError(null);
    try {
      const res = await routes.resumeAccount(accountId);
      setPause(res.paused ?? null);
      void loadOutbox(); // held sends start going out
    } catch (err) {
      setPauseError(t('ops.pause.failed', { message: messageOf(err) }));
    } finally {
      setBusy(false);
    }
  }

  // Settling an uncertain send.
  const [settling, setSettling] = useState<string | null>(null);
  const [resolveError, setResolveError] = useState<string | null>(null);
  async function resolve(clientId: string, outcome: KitSendOutcome) {
    if (settling) return;
    setSettling(clientId);
    setResolveError(null);
    try {
      await routes.resolveSend(accountId, clientId, outcome);
    } catch (err) {
      // Someone settled it meanwhile: the refresh shows how.
      if (!(err instanceof KitClientError && err.code === 'send_not_uncertain')) setResolveError(t('ops.outbox.resolveFailed', { message: messageOf(err) }));
    } finally {
      setSettling(null);
      await loadOutbox();
    }
  }

  // Acting on a dead letter (replay once the cause is fixed, or discard).
  const [deadBusy, setDeadBusy] = useState<string | null>(null);
  const [deadError, setDeadError] = useState<string | null>(null);
  async function actOnDead(id: string, action: 'replay' | 'discard') {
    if (deadBusy) return;
    setDeadBusy(id);
    setDeadError(null);
    try {
      await (action === 'replay' ? routes.replayDeadLetter(id) : routes.discardDeadLetter(id));
    } catch (err) {
      // 404: someone else replayed or discarded it meanwhile; the refresh shows it gone.
      if (!(err instanceof KitClientError && err.status === 404)) {
        setDeadError(
          err instanceof KitClientError && err.status === 403 ? t('ops.dead.actionForbidden') : t('ops.dead.actionFailed', { message: messageOf(err) }),
        );
      }
    } finally {
      setDeadBusy(null);
      await loadDead();
    }
  }

  const conversations = useKitStore((s) => s.conversations);
  const who = (cid: string) => {
    const c = conversations[cid]?.customer;
    return c?.name ?? (c?.username ? `@${c.username}` : cid);
  };

  const acc = account.state === 'ready' ? account.value : undefined;
  const status = acc?.status;
  const backfill = acc?.backfill;

  return (
    <div className={props.className ? `kit-ops ${props.className}` : 'kit-ops'} role="group" aria-label={t('ops.label')}>
      <section
        className="kit-banner kit-ops__section"
        data-kind="account"
        data-state={paused ? 'paused' : (status ?? 'unknown')}
        aria-labelledby={`${ids}-account`}
      >
        <H id={`${ids}-account`} className="kit-ops__heading">
          {t('ops.account.title', { name: acc?.username ? `@${acc.username}` : (acc?.name ?? accountId) })}
        </H>
        {account.state === 'loading' ? <p className="kit-banner__detail">{t('ops.account.loading')}</p> : null}
        {account.state === 'error' ? (
          <p role="alert" className="kit-banner__error">
            {t('ops.account.error', { message: account.message })}
          </p>
        ) : null}
        {status ? (
          <p className="kit-ops__status" data-status={status}>
            {t(`ops.account.${status}`)}
          </p>
        ) : null}
        {backfill ? (
          <p className="kit-banner__detail" data-backfill={backfill.state}>
            {t(`ops.backfill.${backfill.state}`, { error: backfill.error ?? '?' })}
          </p>
        ) : null}
        {paused ? (
          <div className="kit-ops__pause" data-paused="true">
            <p className="kit-banner__title">{t('ops.pause.paused', { since: format.dateTime(paused.since) })}</p>
            <blockquote>{paused.message}</blockquote>
            <div className="kit-banner__actions">
              <button type="button" className="kit-composer__send" aria-disabled={busy} onClick={() => void resume()}>
                {t('ops.pause.resume')}
              </button>
            </div>
          </div>
        ) : paused === null ? (
          <form className="kit-ops__pause" data-paused="false" onSubmit={(e) => void pause(e)}>
            <p>{t('ops.pause.running')}</p>
            <label className="kit-ops__field">
              <span>{t('ops.pause.messageLabel')}</span>
              <input type="text" value={draft} placeholder={t('ops.pause.placeholder')} maxLength={500} onChange={(e) => setDraft(e.target.value)} />
            </label>
            <div className="kit-banner__actions">
              <button type="submit" className="kit-composer__send" aria-disabled={busy}>
                {t('ops.pause.pause')}
              </button>
            </div>
          </form>
        ) : null}
        <p className="kit-banner__detail">{t('ops.pause.note')}</p>
        {pauseError ? (
          <p role="alert" className="kit-banner__error">
            {pauseError}
          </p>
        ) : null}
      </section>

      <section className="kit-banner kit-ops__section" data-kind="outbox" aria-labelledby={`${ids}-outbox`} aria-describedby={`${ids}-outbox-d`}>
        <div className="kit-ops__head">
          <H id={`${ids}-outbox`} className="kit-ops__heading">
            {t('ops.outbox.title')}
          </H>
          <button type="button" className="kit-composer__secondary" onClick={() => void refresh()}>
            {t('ops.outbox.refresh')}
          </button>
        </div>
        <p id={`${ids}-outbox-d`} className="kit-banner__detail">
          {t('ops.outbox.description')}
        </p>
        {outbox.state === 'loading' ? <p className="kit-banner__detail">{t('ops.outbox.loading')}</p> : null}
        {outbox.state === 'error' ? (
          <p role="alert" className="kit-banner__error">
            {t('ops.outbox.error', { message: outbox.message })}
          </p>
        ) : null}
        {outbox.state === 'ready' && outbox.value.length === 0 ? <p>{t('ops.outbox.empty')}</p> : null}
        {outbox.state === 'ready' && outbox.value.length > 0 ? (
          <ul className="kit-ops__list">
            {outbox.value.map((send) => (
              <li key={send.clientId} className="kit-ops__row" data-status={send.status} data-client-id={send.clientId}>
                <p>
                  <strong>{t(`ops.outbox.${send.status}`, { age: age(t, now - send.createdAt) })}</strong>
                  {' · '}
                  {t('ops.outbox.attempts', { count: send.attempts })}
                  {' · '}
                  {t('ops.outbox.conversation', { id: who(send.conversationId) })}
                </p>
                <p className="kit-ops__preview">{send.text ?? t(`ops.outbox.kind.${send.kind}`)}</p>
                {send.reason ? (
                  <p className="kit-banner__detail" data-reason={send.reason.code}>
                    {send.reason.message} ({send.reason.code})
                  </p>
                ) : null}
                {send.status === 'uncertain' ? (
                  <>
                    <p className="kit-banner__detail">{t('ops.outbox.uncertainHelp')}</p>
                    <div className="kit-banner__actions">
                      {KIT_SEND_OUTCOMES.map((outcome) => (
                        <button
                          key={outcome}
                          type="button"
                          className={outcome === 'resend' ? 'kit-composer__send' : 'kit-composer__secondary'}
                          data-outcome={outcome}
                          aria-disabled={settling !== null}
                          onClick={() => void resolve(send.clientId, outcome)}
                        >
                          {t(`ops.outbox.${outcome}`)}
                        </button>
                      ))}
                    </div>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {resolveError ? (
          <p role="alert" className="kit-banner__error">
            {resolveError}
          </p>
        ) : null}
      </section>

      <section className="kit-banner kit-ops__section" data-kind="dead-letters" data-state={dead.state} aria-labelledby={`${ids}-dead`}>
        <H id={`${ids}-dead`} className="kit-ops__heading">
          {t('ops.dead.title')}
        </H>
        <p className="kit-banner__detail">{t('ops.dead.description')}</p>
        {dead.state === 'loading' ? <p className="kit-banner__detail">{t('ops.dead.loading')}</p> : null}
        {dead.state === 'forbidden' ? <p>{t('ops.dead.forbidden')}</p> : null}
        {dead.state === 'error' ? (
          <p role="alert" className="kit-banner__error">
            {t('ops.dead.error', { message: dead.message })}
          </p>
        ) : null}
        {deadError ? (
          <p className="kit-banner__detail" role="alert">
            {deadError}
          </p>
        ) : null}
        {dead.state === 'ready' && dead.value.length === 0 ? <p>{t('ops.dead.empty')}</p> : null}
        {dead.state === 'ready' && dead.value.length > 0 ? (
          <ul className="kit-ops__list">
            {dead.value.map((d) => (
              <li key={d.id} className="kit-ops__row" data-id={d.id}>
                <p>
                  <strong>{t('ops.dead.row', { when: format.dateTime(d.deadAt) })}</strong>
                  {' · '}
                  {t('ops.outbox.attempts', { count: d.attempts })}
                  {' · '}
                  {t('ops.dead.bytes', { count: d.bytes })}
                </p>
                <p className="kit-banner__detail">{d.reason}</p>
                <div className="kit-banner__actions">
                  <button type="button" className="kit-composer__secondary" aria-disabled={deadBusy !== null} onClick={() => void actOnDead(d.id, 'replay')}>
                    {t('ops.dead.replay')}
                  </button>
                  <button type="button" className="kit-composer__secondary" aria-disabled={deadBusy !== null} onClick={() => void actOnDead(d.id, 'discard')}>
                    {t('ops.dead.discard')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
