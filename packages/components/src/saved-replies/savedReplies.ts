/**
 * The account's saved replies in the browser: the routes (the client's own methods when it has
 * them, else through a createKitClient client's request function, like src/ops/opsRoutes.ts) and
 * one shared list per client and account, so the composer's picker sees what the settings panel
 * just saved. Only the lazily loaded picker and panel import this: an <Inbox> never pays for it
 * before `/` is typed.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { KitSavedReply } from '@kit/core';
import { kitRequestOf } from '../client-request';
import type { KitClient, KitSavedReplyInput } from '../client';
import { savedCatalogs } from '../i18n/saved-replies';
import type { KitSavedKey } from '../i18n/saved-replies';
import { useScopedT } from '../i18n/scoped';
import type { KitScopedTranslate } from '../i18n/scoped';

export type SavedReplyRoutes = Required<
  Pick<KitClient, 'listSavedReplies' | 'createSavedReply' | 'updateSavedReply' | 'deleteSavedReply'>
>;

const seg = encodeURIComponent;

export function savedReplyRoutes(client: KitClient): SavedReplyRoutes {
  const request =
    kitRequestOf(client) ??
    (() => Promise.reject(new Error('This KitClient implements no saved-reply routes (listSavedReplies, …).')));
  const path = (accountId: string, id?: string) =>
    `/accounts/${seg(accountId)}/saved-replies${id === undefined ? '' : `/${seg(id)}`}`;
  return {
    listSavedReplies:
      client.listSavedReplies?.bind(client) ??
      ((accountId, signal) =>
        request<{ savedReplies: KitSavedReply[] }>('GET', path(accountId), { signal }).then((r) => r.savedReplies)),
    createSavedReply:
      client.createSavedReply?.bind(client) ??
      ((accountId, reply: KitSavedReplyInput, signal) =>
        request<{ savedReply: KitSavedReply }>('POST', path(accountId), { json: reply, signal }).then(
          (r) => r.savedReply,
        )),
    updateSavedReply:
      client.updateSavedReply?.bind(client) ??
      ((accountId, id, patch, signal) =>
        request<{ savedReply: KitSavedReply }>('PATCH', path(accountId, id), { json: patch, signal }).then(
          (r) => r.savedReply,
        )),
    deleteSavedReply:
      client.deleteSavedReply?.bind(client) ??
      ((accountId, id, signal) => request<unknown>('DELETE', path(accountId, id), { signal })),
  };
}

export type SavedRepliesState =
  { state: 'loading' } | { state: 'ready'; replies: KitSavedReply[] } | { state: 'error'; message: string };

interface Entry {
  value: SavedRepliesState;
  listeners: Set<() => void>;
  loading: Promise<void> | null;
}

const lists = new WeakMap<KitClient, Map<string, Entry>>();

function entryFor(client: KitClient, accountId: string): Entry {
  let byAccount = lists.get(client);
  if (!byAccount) lists.set(client, (byAccount = new Map()));
  let entry = byAccount.get(accountId);
  if (!entry) byAccount.set(accountId, (entry = { value: { state: 'loading' }, listeners: new Set(), loading: null }));
  return entry;
}

function publish(entry: Entry, value: SavedRepliesState) {
  entry.value = value;
  for (const l of entry.listeners) l();
}

const byShortcut = (a: KitSavedReply, b: KitSavedReply) =>
  a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0;

/** Read the list from the proxy (again); concurrent callers share one request. */
export function loadSavedReplies(client: KitClient, accountId: string): Promise<void> {
  const entry = entryFor(client, accountId);
  entry.loading ??= savedReplyRoutes(client)
    .listSavedReplies(accountId)
    .then(
      (replies) => publish(entry, { state: 'ready', replies: [...replies].sort(byShortcut) }),
      (err: unknown) => publish(entry, { state: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
    .finally(() => {
      entry.loading = null;
    });
  return entry.loading;
}

/** Put a reply the proxy answered into the shared list (created or changed), or take one out. */
export function storeSavedReply(client: KitClient, accountId: string, reply: KitSavedReply | { deleted: string }) {
  const entry = entryFor(client, accountId);
  const current = entry.value.state === 'ready' ? entry.value.replies : [];
  const id = 'deleted' in reply ? reply.deleted : reply.id;
  const rest = current.filter((r) => r.id !== id);
  publish(entry, { state: 'ready', replies: 'deleted' in reply ? rest : [...rest, reply].sort(byShortcut) });
}

/** The account's saved replies, loaded on first use and shared by every component of the client. */
export function useSavedReplies(client: KitClient, accountId: string): SavedRepliesState {
  const entry = entryFor(client, accountId);
  const value = useSyncExternalStore(
    (l) => {
      entry.listeners.add(l);
      return () => entry.listeners.delete(l);
    },
    () => entry.value,
    () => entry.value,
  );
  useEffect(() => {
    // Every mount reads the list again (another agent may have changed it); what is known shows meanwhile.
    void loadSavedReplies(client, accountId);
  }, [entry, client, accountId]);
  return value;
}

type SavedT = KitScopedTranslate<KitSavedKey>;

/** `t()` for the saved replies' keys: their catalog for the provider's locale (else English), under the host's overrides. */
export function useSavedT(): SavedT {
  return useScopedT(savedCatalogs);
}
