/**
 * Messenger Profile API for Instagram: `GET|POST|DELETE /{ver}/{PAGE_ID|IG_ID|me}/messenger_profile`
 * with the `ice_breakers` and `persistent_menu` properties (IG/FBIG ice-breaker and persistent-menu
 * pages; features-and-asks.md).
 *
 * - Page tokens set the Instagram profile only with `platform=instagram`; without it they set the
 *   Page's Messenger profile, which Instagram customers never see (kept apart here, as on Meta).
 * - Ice breakers: at most 4 questions; the localized format (`call_to_actions` + `locale`, with a
 *   `default` locale required) or the older flat list, never both in one request. GET answers in
 *   the format that was set.
 * - Persistent menu: `locale` + `call_to_actions` (≤ 20 `postback` / `web_url` items, titles ≤ 30
 *   characters — Messenger's numbers, UNCONFIRMED for Instagram); `composer_input_disabled` and
 *   `webview_height_ratio` are not available on Instagram and are refused.
 * - POST answers `{ result: "success" }`; DELETE takes `fields: [...]`.
 */

import { STRUCTURED_LIMITS, countCharacters } from '@kit/core';
import { MESSAGING_PERMISSION } from './accounts';
import { pathNamesAccount, requirePermission } from './auth';
import type { SandboxContext } from './context';
import { errors } from './errors';
import type { GraphAnswer, GraphCall } from './call';
import type { StoredProfiles } from './store';
import type { SandboxAccount } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The Instagram profile properties; the Messenger-only ones are refused for Instagram. */
export const INSTAGRAM_PROFILE_FIELDS = ['ice_breakers', 'persistent_menu'] as const;
const MESSENGER_ONLY_FIELDS = ['get_started', 'greeting', 'whitelisted_domains', 'account_linking_url', 'commands', 'title', 'description', 'subject_to_new_eu_privacy_rules'];

/** One account's profiles: Instagram's, and (Page tokens without `platform`) the Page's Messenger one. */
export function profilesOf(ctx: SandboxContext, accountId: string): StoredProfiles {
  let p = ctx.store.profiles.get(accountId);
  if (!p) {
    p = { instagram: {}, messenger: {} };
    ctx.store.profiles.set(accountId, p);
  }
  return p;
}

function parseJsonParam(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function isWebUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return ['https:', 'http:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

function checkQuestions(list: unknown, param: string): void {
  if (!Array.isArray(list) || list.length === 0) throw errors.invalidParam(`param ${param} must be a non-empty array`);
  if (list.length > STRUCTURED_LIMITS.iceBreakersMax) throw errors.invalidParam(`A maximum of ${STRUCTURED_LIMITS.iceBreakersMax} ice breakers can be set (${param})`);
  list.forEach((q, i) => {
    if (!isObj(q) || typeof q.question !== 'string' || q.question.trim() === '' || typeof q.payload !== 'string' || q.payload === '') {
      throw errors.invalidParam(`param ${param}[${i}] must be { question, payload } with non-empty strings`);
    }
    const extra = Object.keys(q).filter((k) => k !== 'question' && k !== 'payload');
    if (extra.length) throw errors.invalidParam(`Invalid keys ${extra.map((k) => `"${k}"`).join(', ')} were found in param "${param}[${i}]".`);
  });
}

function checkIceBreakers(v: unknown): void {
  if (!Array.isArray(v) || v.length === 0) throw errors.invalidParam('param ice_breakers must be a non-empty array');
  const localized = v.filter((x) => isObj(x) && 'call_to_actions' in x);
  if (localized.length === 0) return checkQuestions(v, 'ice_breakers');
  if (localized.length !== v.length) throw errors.invalidParam('One request can use the existing ice_breakers format or the new (localized) format, not both');
  for (const [i, entry] of (v as Obj[]).entries()) {
    if (typeof entry.locale !== 'string' || entry.locale === '') throw errors.missingParam(`ice_breakers[${i}][locale]`);
    checkQuestions(entry.call_to_actions, `ice_breakers[${i}][call_to_actions]`);
  }
  if (!(v as Obj[]).some((e) => e.locale === 'default')) throw errors.invalidParam('ice_breakers must include the "default" locale');
}

function checkMenu(v: unknown): void {
  if (!Array.isArray(v) || v.length === 0) throw errors.invalidParam('param persistent_menu must be a non-empty array');
  for (const [i, entry] of v.entries()) {
    const p = `persistent_menu[${i}]`;
    if (!isObj(entry)) throw errors.invalidParam(`param ${p} must be a JSON object`);
    if ('composer_input_disabled' in entry) throw errors.invalidParam(`param ${p}[composer_input_disabled] is not available for Instagram`);
    const extra = Object.keys(entry).filter((k) => k !== 'locale' && k !== 'call_to_actions');
    if (extra.length) throw errors.invalidParam(`Invalid keys ${extra.map((k) => `"${k}"`).join(', ')} were found in param "${p}".`);
    if (typeof entry.locale !== 'string' || entry.locale === '') throw errors.missingParam(`${p}[locale]`);
    const items = entry.call_to_actions;
    if (!Array.isArray(items) || items.length === 0) throw errors.invalidParam(`param ${p}[call_to_actions] must be a non-empty array`);
    if (items.length > STRUCTURED_LIMITS.persistentMenuItemsMax) throw errors.invalidParam(`param ${p}[call_to_actions] can have at most ${STRUCTURED_LIMITS.persistentMenuItemsMax} items`);
    items.forEach((b, j) => {
      const q = `${p}[call_to_actions][${j}]`;
      if (!isObj(b)) throw errors.invalidParam(`param ${q} must be a JSON object`);
      if ('webview_height_ratio' in b) throw errors.invalidParam(`param ${q}[webview_height_ratio] is not available for Instagram`);
      if (typeof b.title !== 'string' || b.title.trim() === '') throw errors.missingParam(`${q}[title]`);
      if (countCharacters(b.title) > STRUCTURED_LIMITS.menuItemTitleMaxChars) throw errors.invalidParam(`param ${q}[title] must be at most ${STRUCTURED_LIMITS.menuItemTitleMaxChars} characters`);
      if (b.type === 'postback') {
        if (typeof b.payload !== 'string' || b.payload === '') throw errors.missingParam(`${q}[payload]`);
      } else if (b.type === 'web_url') {
        if (!isWebUrl(b.url)) throw errors.invalidParam(`param ${q}[url] must be a valid http(s) URL`);
      } else {
        throw errors.invalidParam(`param ${q}[type] must be one of {postback, web_url} - got "${String(b.type)}"`);
      }
      const allowed = b.type === 'postback' ? ['type', 'title', 'payload'] : ['type', 'title', 'url'];
      const extraKeys = Object.keys(b).filter((k) => !allowed.includes(k));
      if (extraKeys.length) throw errors.invalidParam(`Invalid keys ${extraKeys.map((k) => `"${k}"`).join(', ')} were found in param "${q}".`);
    });
  }
  if (!(v as Obj[]).some((e) => e.locale === 'default')) throw errors.invalidParam('persistent_menu must include the "default" locale');
}

/** Which profile a call addresses: Instagram's, or the Page's Messenger profile (Page token, no platform). */
function target(call: GraphCall): 'instagram' | 'messenger' {
  const platform = call.p.platform;
  if (platform !== undefined && platform !== 'instagram' && platform !== 'messenger') {
    throw errors.invalidParam(`param platform must be one of {instagram, messenger} - got "${String(platform)}"`);
  }
  if (call.account.flavor === 'instagram') {
    if (platform === 'messenger') throw errors.invalidParam('Instagram accounts have no Messenger profile');
    return 'instagram';
  }
  return platform === 'instagram' ? 'instagram' : 'messenger';
}

function fieldList(v: unknown, name: string): string[] {
  const parsed = parseJsonParam(v);
  const list = Array.isArray(parsed) ? parsed : typeof parsed === 'string' ? parsed.split(',') : undefined;
  if (!list || list.length === 0) throw errors.missingParam(name);
  return list.map((f) => String(f).trim());
}

export function handleMessengerProfile(ctx: SandboxContext, call: GraphCall): GraphAnswer {
  const { account, method, node } = call;
  if (!pathNamesAccount(account, node)) throw errors.unsupportedRequest(method, `${node}/messenger_profile`);
  requirePermission(account, MESSAGING_PERMISSION[account.flavor]);
  const which = target(call);
  const profile = profilesOf(ctx, account.id)[which];
  const known = which === 'instagram' ? (INSTAGRAM_PROFILE_FIELDS as readonly string[]) : [...INSTAGRAM_PROFILE_FIELDS, ...MESSENGER_ONLY_FIELDS];
  const checkField = (f: string) => {
    if (!known.includes(f)) {
      throw errors.invalidParam(
        MESSENGER_ONLY_FIELDS.includes(f) ? `param ${f} is not supported for Instagram` : `param fields must be one of {${known.join(', ')}} - got "${f}"`,
      );
    }
  };

  if (method === 'GET') {
    const fields = fieldList(call.p.fields, 'fields');
    fields.forEach(checkField);
    const row: Obj = {};
    for (const f of fields) if (profile[f] !== undefined) row[f] = profile[f];
    return { status: 200, body: { data: Object.keys(row).length ? [row] : [] } };
  }
  if (method === 'POST') {
    const changes: Obj = {};
    for (const [k, raw] of Object.entries(call.params.body)) {
      if (k === 'platform' || k === 'access_token' || k === 'appsecret_proof' || k === 'appsecret_time') continue;
      checkField(k);
      changes[k] = parseJsonParam(raw);
    }
    if (Object.keys(changes).length === 0) throw errors.invalidParam(`Requires one of the params: ${known.join(', ')}`);
    if (changes.ice_breakers !== undefined) checkIceBreakers(changes.ice_breakers);
    if (changes.persistent_menu !== undefined) checkMenu(changes.persistent_menu);
    Object.assign(profile, changes);
    ctx.inspector.notify({ kind: 'profile', at: ctx.clock.now(), accountId: account.id, summary: { platform: which, set: Object.keys(changes) } });
    return { status: 200, body: { result: 'success' } };
  }
  if (method === 'DELETE') {
    const fields = fieldList(call.p.fields, 'fields');
    fields.forEach(checkField);
    for (const f of fields) delete profile[f];
    ctx.inspector.notify({ kind: 'profile', at: ctx.clock.now(), accountId: account.id, summary: { platform: which, deleted: fields } });
    return { status: 200, body: { result: 'success' } };
  }
  throw errors.unsupportedRequest(method, `${node}/messenger_profile`);
}

/** The ice breakers an Instagram customer sees (their locale, else `default`), flattened. */
export function iceBreakersFor(ctx: SandboxContext, account: SandboxAccount, locale?: string): { question: string; payload: string }[] {
  const v = profilesOf(ctx, account.id).instagram.ice_breakers;
  if (!Array.isArray(v)) return [];
  const localized = (v as Obj[]).filter((e) => Array.isArray(e.call_to_actions));
  if (localized.length === 0) return v as { question: string; payload: string }[];
  const entry = localized.find((e) => e.locale === locale) ?? localized.find((e) => e.locale === 'default');
  return (entry?.call_to_actions as { question: string; payload: string }[]) ?? [];
}

/** The persistent-menu items an Instagram customer sees (their locale, else `default`). */
export function menuFor(ctx: SandboxContext, account: SandboxAccount, locale?: string): Obj[] {
  const v = profilesOf(ctx, account.id).instagram.persistent_menu;
  if (!Array.isArray(v)) return [];
  const entry = (v as Obj[]).find((e) => e.locale === locale) ?? (v as Obj[]).find((e) => e.locale === 'default');
  return (entry?.call_to_actions as Obj[]) ?? [];
}
