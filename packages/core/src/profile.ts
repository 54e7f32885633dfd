/**
 * The account's Messenger profile on Instagram: ice breakers (up to 4 questions shown before the
 * first message; a tap arrives as a postback) and the persistent menu (postback and web_url items
 * behind the composer). Both are set through Graph's `messenger_profile` with `platform=instagram`.
 *
 * Instagram also takes per-locale ice breakers and menus; the kit manages the `default` locale,
 * which every customer falls back to, and keeps other locales it reads untouched.
 */
import { StructuredChecker, type StructuredCheck, type StructuredCheckOptions } from './structured';
import type { KitTemplateButton } from './types';

export interface KitIceBreaker {
  /** The question on the chip; posted as the customer's first message when tapped. */
  question: string;
  /** Comes back in the postback webhook. */
  payload: string;
}

/** A persistent-menu item: a `postback` or a `web_url` button. */
export type KitPersistentMenuItem = KitTemplateButton;

export interface KitMessengerProfile {
  iceBreakers: KitIceBreaker[];
  persistentMenu: KitPersistentMenuItem[];
}

/** A change to the profile: each field present replaces that part; an empty list removes it. */
export type KitMessengerProfileUpdate = Partial<KitMessengerProfile>;

export const MESSENGER_PROFILE_FIELDS: readonly (keyof KitMessengerProfile)[] = ['iceBreakers', 'persistentMenu'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function iceBreakers(c: StructuredChecker, value: unknown, path: string): KitIceBreaker[] | undefined {
  if (!c.array(value, path, 'ice breakers', c.limits.iceBreakersMax, true)) return undefined;
  const out = value.map((item, i): KitIceBreaker | undefined => {
    const p = `${path}[${i}]`;
    if (!c.object(item, p, 'an ice breaker', ['question', 'payload'])) return undefined;
    const question = c.text(item, 'question', p, { required: true, maxChars: c.limits.iceBreakerQuestionMaxChars });
    const payload = c.text(item, 'payload', p, { required: true, maxBytes: c.limits.postbackPayloadMaxBytes });
    return question !== undefined && payload !== undefined ? { question, payload } : undefined;
  });
  return out.every((x) => x !== undefined) ? (out as KitIceBreaker[]) : undefined;
}

function persistentMenu(c: StructuredChecker, value: unknown, path: string): KitPersistentMenuItem[] | undefined {
  if (!c.array(value, path, 'menu items', c.limits.persistentMenuItemsMax, true)) return undefined;
  const out = value.map((item, i) => c.button(item, `${path}[${i}]`, c.limits.menuItemTitleMaxChars));
  return out.every((x) => x !== undefined) ? (out as KitPersistentMenuItem[]) : undefined;
}

/** Up to 4 ice breakers `{ question, payload }`; `[]` removes them. */
export function checkIceBreakers(input: unknown, options: StructuredCheckOptions = {}): StructuredCheck<KitIceBreaker[]> {
  const c = new StructuredChecker(options.limits);
  return c.result(iceBreakers(c, input, options.path ?? 'iceBreakers'));
}

/** Persistent-menu items (`postback` / `web_url` buttons); `[]` removes the menu. */
export function checkPersistentMenu(input: unknown, options: StructuredCheckOptions = {}): StructuredCheck<KitPersistentMenuItem[]> {
  const c = new StructuredChecker(options.limits);
  return c.result(persistentMenu(c, input, options.path ?? 'persistentMenu'));
}

/** A profile change: `{ iceBreakers?, persistentMenu? }` with at least one of them. */
export function checkMessengerProfileUpdate(input: unknown, options: StructuredCheckOptions = {}): StructuredCheck<KitMessengerProfileUpdate> {
  const c = new StructuredChecker(options.limits);
  const path = options.path ?? '';
  const name = (key: string) => (path ? `${path}.${key}` : key);
  if (!isObj(input)) {
    c.add(path, 'invalid_type', 'The profile must be an object { iceBreakers?, persistentMenu? }.');
    return c.fail();
  }
  c.object(input, path, 'the messenger profile', MESSENGER_PROFILE_FIELDS);
  const out: KitMessengerProfileUpdate = {};
  if (input.iceBreakers === undefined && input.persistentMenu === undefined) {
    c.add(path, 'required', 'Nothing to change: give `iceBreakers`, `persistentMenu` or both (an empty list removes one).');
  }
  if (input.iceBreakers !== undefined) {
    const v = iceBreakers(c, input.iceBreakers, name('iceBreakers'));
    if (v) out.iceBreakers = v;
  }
  if (input.persistentMenu !== undefined) {
    const v = persistentMenu(c, input.persistentMenu, name('persistentMenu'));
    if (v) out.persistentMenu = v;
  }
  return c.result(out);
}
