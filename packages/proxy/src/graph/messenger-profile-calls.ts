/**
 * The Graph calls behind GET/POST /accounts/:id/profile — these and no others, built from scratch
 * (DESIGN §6): only the two Instagram `messenger_profile` properties the kit manages, always with
 * `platform=instagram`, on the account's own node.
 *
 *   GET    /{account}/messenger_profile?platform=instagram&fields=ice_breakers,persistent_menu
 *   POST   /{account}/messenger_profile?platform=instagram   { ice_breakers? , persistent_menu? }
 *   DELETE /{account}/messenger_profile?platform=instagram&fields=[...]
 *
 * Graph's wire shape is per locale (`[{ locale, call_to_actions }]`); ice breakers also exist in
 * an older flat shape (`[{ question, payload }]`). The kit edits the `default` locale and writes
 * every other locale it read back untouched, so a team that set Spanish ice breakers elsewhere
 * does not lose them by editing the default ones here.
 */
import type { KitIceBreaker, KitMessengerProfile, KitMessengerProfileUpdate, KitPersistentMenuItem } from '@kit/core';
import type { GraphRequest } from './client';

/** The `messenger_profile` properties the kit reads and writes (the allow-list). */
export const PROFILE_GRAPH_FIELDS = ['ice_breakers', 'persistent_menu'] as const;
type GraphField = (typeof PROFILE_GRAPH_FIELDS)[number];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What Graph holds for one property, split into the default locale and the others (kept as read). */
export interface LocalizedProperty<T> {
  value: T[];
  otherLocales: Obj[];
}

export interface GraphMessengerProfile {
  iceBreakers: LocalizedProperty<KitIceBreaker>;
  persistentMenu: LocalizedProperty<KitPersistentMenuItem>;
}

const path = (accountId: string) => [accountId, 'messenger_profile'];

export function readProfileRequest(accountId: string): GraphRequest {
  return { method: 'GET', path: path(accountId), query: { platform: 'instagram', fields: PROFILE_GRAPH_FIELDS.join(',') } };
}

export function writeProfileRequest(accountId: string, json: Partial<Record<GraphField, unknown[]>>): GraphRequest {
  return { method: 'POST', path: path(accountId), query: { platform: 'instagram' }, json };
}

export function deleteProfileRequest(accountId: string, fields: readonly GraphField[]): GraphRequest {
  return { method: 'DELETE', path: path(accountId), query: { platform: 'instagram', fields: JSON.stringify(fields) } };
}

function iceBreaker(v: unknown): KitIceBreaker | null {
  return isObj(v) ? { question: str(v.question), payload: str(v.payload) } : null;
}

function menuItem(v: unknown): KitPersistentMenuItem | null {
  if (!isObj(v)) return null;
  if (v.type === 'web_url') return { type: 'web_url', title: str(v.title), url: str(v.url) };
  if (v.type === 'postback') return { type: 'postback', title: str(v.title), payload: str(v.payload) };
  return null; // a type the kit does not edit is not shown (it would be lost on save: see otherLocales)
}

function localized<T>(raw: unknown, item: (v: unknown) => T | null): LocalizedProperty<T> {
  if (!Array.isArray(raw)) return { value: [], otherLocales: [] };
  const entries = raw.filter(isObj);
  // The older flat ice-breaker shape: one list, no locales.
  if (entries.length > 0 && entries.every((e) => !Array.isArray(e.call_to_actions))) {
    return { value: entries.map(item).filter((x): x is T => x !== null), otherLocales: [] };
  }
  const byLocale = entries.filter((e) => Array.isArray(e.call_to_actions));
  const def = byLocale.find((e) => e.locale === 'default');
  return {
    value: ((def?.call_to_actions as unknown[]) ?? []).map(item).filter((x): x is T => x !== null),
    otherLocales: byLocale.filter((e) => e !== def),
  };
}

/** Graph's answer `{ data: [{ ice_breakers?, persistent_menu? }] }` read into the kit's shape. */
export function readGraphProfile(answer: unknown): GraphMessengerProfile {
  const row = isObj(answer) && Array.isArray(answer.data) && isObj(answer.data[0]) ? answer.data[0] : {};
  return { iceBreakers: localized(row.ice_breakers, iceBreaker), persistentMenu: localized(row.persistent_menu, menuItem) };
}

export function kitProfile(p: GraphMessengerProfile): KitMessengerProfile & { otherLocales: string[] } {
  const locales = new Set([...p.iceBreakers.otherLocales, ...p.persistentMenu.otherLocales].map((e) => str(e.locale)).filter(Boolean));
  return { iceBreakers: p.iceBreakers.value, persistentMenu: p.persistentMenu.value, otherLocales: [...locales].sort() };
}

const wireButton = (b: KitPersistentMenuItem): Obj =>
  b.type === 'web_url' ? { type: 'web_url', title: b.title, url: b.url } : { type: 'postback', title: b.title, payload: b.payload };

/**
 * The writes for a validated update on top of what Graph holds: each changed property is POSTed
 * whole (Graph replaces a property on POST), or DELETEd when it ends up empty in every locale.
 */
export function profileWrites(current: GraphMessengerProfile, update: KitMessengerProfileUpdate): { set: Partial<Record<GraphField, unknown[]>>; remove: GraphField[] } {
  const set: Partial<Record<GraphField, unknown[]>> = {};
  const remove: GraphField[] = [];
  const put = (field: GraphField, items: Obj[] | undefined, others: Obj[]) => {
    if (items === undefined) return;
    if (items.length === 0) {
      // Graph requires a `default` locale beside any other: removing the default removes the property.
      remove.push(field);
      return;
    }
    set[field] = [{ locale: 'default', call_to_actions: items }, ...others];
  };
  put('ice_breakers', update.iceBreakers?.map((b) => ({ question: b.question, payload: b.payload })), current.iceBreakers.otherLocales);
  put('persistent_menu', update.persistentMenu?.map(wireButton), current.persistentMenu.otherLocales);
  return { set, remove };
}
