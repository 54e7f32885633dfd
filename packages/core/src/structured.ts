/**
 * Structured messages the business sends: quick replies (reference §1.7) and button / generic
 * templates (reference §1.8), with validators that name every problem exactly. The composer runs
 * them on every keystroke and the proxy runs the same ones before anything is stored or sent, so
 * the two can never disagree. Limits come from `STRUCTURED_LIMITS` (several are UNCONFIRMED for
 * Instagram, see limits.ts) and every validator takes overrides.
 *
 * The shapes are the kit's (camelCase, one way to say each thing); the proxy turns them into
 * Graph's `quick_replies` / `attachment.payload` when it sends.
 */
import { STRUCTURED_LIMITS, type StructuredLimits } from './structured-limits';
import { validateLink } from './links';
import { utf8ByteLength } from './text';
import type {
  KitMessagingType,
  KitQuickReply,
  KitQuickReplyContentType,
  KitTemplate,
  KitTemplateAttachment,
  KitTemplateButton,
  KitTemplateElement,
  KitTemplateType,
} from './types';

// ---------------------------------------------------------------------------------------------
// Allowed values (the shapes live in types.ts)
// ---------------------------------------------------------------------------------------------

export const QUICK_REPLY_CONTENT_TYPES: readonly KitQuickReplyContentType[] = ['text', 'user_phone_number', 'user_email'];
export const TEMPLATE_TYPES: readonly KitTemplateType[] = ['button', 'generic'];

export const MESSAGING_TYPES: readonly KitMessagingType[] = ['RESPONSE', 'UPDATE'];

export const BUTTON_TYPES: readonly KitTemplateButton['type'][] = ['web_url', 'postback'];

// ---------------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------------

export type StructuredIssueCode =
  | 'required' // missing or empty
  | 'invalid_type' // not a string / object / array where one is needed
  | 'invalid_value' // not one of the allowed values
  | 'unknown_field' // a key the shape does not have
  | 'too_long' // over a character or byte limit
  | 'too_many' // more items than allowed
  | 'too_few' // an empty list where at least one item is needed
  | 'invalid_url'; // not a sendable https link

/** One problem, at one place in the input. */
export interface StructuredIssue {
  /** Where, e.g. `template.buttons[1].title` (prefixed by `options.path`). */
  path: string;
  code: StructuredIssueCode;
  /** English sentence naming the field, the problem and the limit. */
  message: string;
  /** The limit that was crossed (`too_long`, `too_many`). */
  limit?: number;
  /** The measured value (`too_long`: characters or bytes; `too_many`: items). */
  actual?: number;
  /** What `limit`/`actual` count. */
  unit?: 'characters' | 'bytes' | 'items';
}

export type StructuredCheck<T> = { ok: true; value: T; issues: [] } | { ok: false; issues: StructuredIssue[] };

export interface StructuredCheckOptions {
  /** Prefix of every issue's path (the proxy passes the body field, e.g. `quickReplies`). */
  path?: string;
  /** Overrides for UNCONFIRMED numbers (limits.ts). */
  limits?: Partial<StructuredLimits>;
}

/** Unicode code points: what the structured limits count (see `StructuredLimits`). */
export function countCharacters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (base: string, key: string) => (base ? `${base}.${key}` : key);
const index = (base: string, i: number) => `${base}[${i}]`;
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

interface TextRule {
  required: boolean;
  maxChars?: number;
  maxBytes?: number;
}

/** The walker every validator here uses: collects issues and reads fields with one set of rules. */
export class StructuredChecker {
  readonly issues: StructuredIssue[] = [];
  readonly limits: StructuredLimits;

  constructor(limits?: Partial<StructuredLimits>) {
    this.limits = { ...STRUCTURED_LIMITS, ...limits };
  }

  add(path: string, code: StructuredIssueCode, message: string, extra: Partial<StructuredIssue> = {}): void {
    this.issues.push({ path, code, message, ...extra });
  }

  /** `value` is an object with only `allowed` keys (each unknown key is one issue). */
  object(value: unknown, path: string, what: string, allowed: readonly string[]): value is Obj {
    if (!isObj(value)) {
      this.add(path, 'invalid_type', `\`${path}\` must be an object (${what}).`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add(at(path, key), 'unknown_field', `\`${at(path, key)}\` is not a field of ${what}; use ${allowed.map((k) => `\`${k}\``).join(', ')}.`);
      }
    }
    return true;
  }

  /** An array of 1..max items (or 0..max when `allowEmpty`). */
  array(value: unknown, path: string, what: string, max: number, allowEmpty = false): value is unknown[] {
    if (!Array.isArray(value)) {
      this.add(path, 'invalid_type', `\`${path}\` must be an array of ${what}.`);
      return false;
    }
    if (value.length === 0 && !allowEmpty) {
      this.add(path, 'too_few', `\`${path}\` is empty; give at least one of ${what}.`, { limit: 1, actual: 0, unit: 'items' });
    }
    if (value.length > max) {
      this.add(path, 'too_many', `\`${path}\` has ${value.length} ${what}; Instagram allows at most ${max}.`, { limit: max, actual: value.length, unit: 'items' });
    }
    return true;
  }

  /** A string field: present when required, not blank, within its character/byte limit. */
  text(obj: Obj, key: string, path: string, rule: TextRule): string | undefined {
    const p = at(path, key);
    const v = obj[key];
    if (v === undefined || v === null) {
      if (rule.required) this.add(p, 'required', `\`${p}\` is required.`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add(p, 'invalid_type', `\`${p}\` must be a string.`);
      return undefined;
    }
    if (v.trim() === '') {
      this.add(p, 'required', `\`${p}\` is empty; write some text${rule.required ? '' : ' or leave it out'}.`);
      return undefined;
    }
    if (rule.maxChars !== undefined) {
      const n = countCharacters(v);
      if (n > rule.maxChars) {
        this.add(p, 'too_long', `\`${p}\` is ${n} characters; Instagram allows at most ${rule.maxChars}.`, { limit: rule.maxChars, actual: n, unit: 'characters' });
      }
    }
    if (rule.maxBytes !== undefined) {
      const n = utf8ByteLength(v);
      if (n > rule.maxBytes) {
        this.add(p, 'too_long', `\`${p}\` is ${n} bytes in UTF-8; Instagram allows at most ${rule.maxBytes}.`, { limit: rule.maxBytes, actual: n, unit: 'bytes' });
      }
    }
    return v;
  }

  /** An https link Meta can open or fetch (core's link rule plus https only). */
  url(obj: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = this.text(obj, key, path, { required });
    if (v === undefined) return undefined;
    const p = at(path, key);
    const link = validateLink(v);
    if (!link.ok) {
      this.add(p, 'invalid_url', `\`${p}\` is not a sendable link: ${link.message}`);
      return undefined;
    }
    if (!link.url.startsWith('https://')) {
      this.add(p, 'invalid_url', `\`${p}\` must be an https:// link; Instagram opens and fetches only secure links.`);
      return undefined;
    }
    return v;
  }

  /** One of `allowed`. */
  oneOf<T extends string>(obj: Obj, key: string, path: string, allowed: readonly T[]): T | undefined {
    const p = at(path, key);
    const v = obj[key];
    if (v === undefined) {
      this.add(p, 'required', `\`${p}\` is required: one of ${list(allowed)}.`);
      return undefined;
    }
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.add(p, 'invalid_value', `\`${p}\` must be one of ${list(allowed)}; got ${JSON.stringify(v)}.`);
      return undefined;
    }
    return v as T;
  }

  /** A `web_url` or `postback` button, with `titleMaxChars` for its title (templates and menus differ). */
  button(value: unknown, path: string, titleMaxChars: number): KitTemplateButton | undefined {
    if (!isObj(value)) {
      this.add(path, 'invalid_type', `\`${path}\` must be an object (a button: { type: 'web_url', title, url } or { type: 'postback', title, payload }).`);
      return undefined;
    }
    const type = this.oneOf(value, 'type', path, BUTTON_TYPES);
    if (!type) return undefined;
    const allowed = type === 'web_url' ? ['type', 'title', 'url'] : ['type', 'title', 'payload'];
    this.object(value, path, `a ${type} button`, allowed);
    const title = this.text(value, 'title', path, { required: true, maxChars: titleMaxChars });
    if (type === 'web_url') {
      const url = this.url(value, 'url', path, true);
      return title !== undefined && url !== undefined ? { type, title, url } : undefined;
    }
    const payload = this.text(value, 'payload', path, { required: true, maxBytes: this.limits.postbackPayloadMaxBytes });
    return title !== undefined && payload !== undefined ? { type, title, payload } : undefined;
  }

  /** The input could not be read at all (the issues say why). */
  fail<T>(): StructuredCheck<T> {
    return this.result<T>(undefined);
  }

  result<T>(value: T | undefined): StructuredCheck<T> {
    if (this.issues.length > 0 || value === undefined) {
      return { ok: false, issues: this.issues.length > 0 ? this.issues : [{ path: '', code: 'invalid_type', message: 'Invalid input.' }] };
    }
    return { ok: true, value, issues: [] };
  }
}

// ---------------------------------------------------------------------------------------------
// Quick replies
// ---------------------------------------------------------------------------------------------

/** Check one quick reply; `path` names it in issues. */
function quickReply(c: StructuredChecker, value: unknown, path: string): KitQuickReply | undefined {
  if (!isObj(value)) {
    c.add(path, 'invalid_type', `\`${path}\` must be an object (a quick reply: { contentType: 'text', title, payload }).`);
    return undefined;
  }
  const contentType = c.oneOf(value, 'contentType', path, QUICK_REPLY_CONTENT_TYPES);
  if (!contentType) return undefined;
  if (contentType !== 'text') {
    c.object(value, path, `a ${contentType} quick reply (Instagram fills it in)`, ['contentType']);
    return { contentType };
  }
  c.object(value, path, 'a text quick reply', ['contentType', 'title', 'payload']);
  const title = c.text(value, 'title', path, { required: true, maxChars: c.limits.quickReplyTitleMaxChars });
  const payload = c.text(value, 'payload', path, { required: true, maxBytes: c.limits.quickReplyPayloadMaxBytes });
  return title !== undefined && payload !== undefined ? { contentType, title, payload } : undefined;
}

/**
 * Quick replies for one text message: 1–13 chips, text titles ≤ 20 characters (Instagram cuts
 * longer ones, so the kit refuses them rather than send something the agent did not write).
 */
export function checkQuickReplies(input: unknown, options: StructuredCheckOptions = {}): StructuredCheck<KitQuickReply[]> {
  const c = new StructuredChecker(options.limits);
  const path = options.path ?? 'quickReplies';
  if (!c.array(input, path, 'quick replies', c.limits.quickRepliesMax)) return c.fail();
  const out = input.map((q, i) => quickReply(c, q, index(path, i)));
  return c.result(out.every((q) => q !== undefined) ? (out as KitQuickReply[]) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

function element(c: StructuredChecker, value: unknown, path: string): KitTemplateElement | undefined {
  if (!c.object(value, path, 'a generic-template element', ['title', 'subtitle', 'imageUrl', 'defaultActionUrl', 'buttons'])) return undefined;
  const title = c.text(value, 'title', path, { required: true, maxChars: c.limits.elementTitleMaxChars });
  const subtitle = c.text(value, 'subtitle', path, { required: false, maxChars: c.limits.elementSubtitleMaxChars });
  const imageUrl = c.url(value, 'imageUrl', path, false);
  const defaultActionUrl = c.url(value, 'defaultActionUrl', path, false);
  let buttons: (KitTemplateButton | undefined)[] | undefined;
  if (value.buttons !== undefined) {
    const p = at(path, 'buttons');
    if (c.array(value.buttons, p, 'buttons', c.limits.buttonsMax, true)) {
      buttons = value.buttons.map((b, i) => c.button(b, index(p, i), c.limits.buttonTitleMaxChars));
    }
  }
  if (title === undefined || (buttons && buttons.some((b) => b === undefined))) return undefined;
  const out: KitTemplateElement = { title };
  if (subtitle !== undefined) out.subtitle = subtitle;
  if (imageUrl !== undefined) out.imageUrl = imageUrl;
  if (defaultActionUrl !== undefined) out.defaultActionUrl = defaultActionUrl;
  if (buttons && buttons.length > 0) out.buttons = buttons as KitTemplateButton[];
  return out;
}

/**
 * A button template `{ type: 'button', text, buttons }` or a generic template
 * `{ type: 'generic', elements: [{ title, subtitle?, imageUrl?, defaultActionUrl?, buttons? }] }`.
 */
export function checkTemplate(input: unknown, options: StructuredCheckOptions = {}): StructuredCheck<KitTemplate> {
  const c = new StructuredChecker(options.limits);
  const path = options.path ?? 'template';
  if (!isObj(input)) {
    c.add(path, 'invalid_type', `\`${path}\` must be an object: { type: 'button', text, buttons } or { type: 'generic', elements }.`);
    return c.fail();
  }
  const type = c.oneOf(input, 'type', path, TEMPLATE_TYPES);
  if (type === 'button') {
    c.object(input, path, 'a button template', ['type', 'text', 'buttons']);
    const text = c.text(input, 'text', path, { required: true, maxChars: c.limits.buttonTemplateTextMaxChars });
    const p = at(path, 'buttons');
    let buttons: (KitTemplateButton | undefined)[] = [];
    if (input.buttons === undefined) c.add(p, 'required', `\`${p}\` is required: 1–${c.limits.buttonsMax} buttons.`);
    else if (c.array(input.buttons, p, 'buttons', c.limits.buttonsMax)) buttons = input.buttons.map((b, i) => c.button(b, index(p, i), c.limits.buttonTitleMaxChars));
    return c.result(text !== undefined && buttons.length > 0 && buttons.every((b) => b !== undefined) ? { type, text, buttons: buttons as KitTemplateButton[] } : undefined);
  }
  if (type === 'generic') {
    c.object(input, path, 'a generic template', ['type', 'elements']);
    const p = at(path, 'elements');
    let elements: (KitTemplateElement | undefined)[] = [];
    if (input.elements === undefined) c.add(p, 'required', `\`${p}\` is required: 1–${c.limits.genericElementsMax} elements.`);
    else if (c.array(input.elements, p, 'elements', c.limits.genericElementsMax)) elements = input.elements.map((e, i) => element(c, e, index(p, i)));
    return c.result(elements.length > 0 && elements.every((e) => e !== undefined) ? { type, elements: elements as KitTemplateElement[] } : undefined);
  }
  return c.fail();
}

/** How a sent template is stored and rendered: the same attachment an echo of it becomes. */
export function templateAttachment(template: KitTemplate): KitTemplateAttachment {
  return template.type === 'button'
    ? { type: 'template', templateType: 'button', text: template.text, buttons: template.buttons }
    : { type: 'template', templateType: 'generic', elements: template.elements };
}
