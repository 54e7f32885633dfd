/**
 * Quick replies and templates in Graph's wire shape, checked the way Meta documents them
 * (reference §1.7–§1.8) with Graph's errors: shape and count problems are 100 ("Invalid keys …",
 * "param … must be …"), content Meta cannot render is 100/2534015 "Invalid message data".
 *
 * Where Meta's Instagram pages give no number, the sandbox applies Messenger's (core's
 * STRUCTURED_LIMITS, the UNCONFIRMED ones marked there), the stricter documented reading.
 * Quick-reply titles over 20 characters are cut, not refused, as Instagram does (§1.7).
 */

import { STRUCTURED_LIMITS, countCharacters, type StructuredLimits } from '@kit/core';
import { errors } from './errors';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Graph refuses keys a parameter does not have: `(#100) Invalid keys "x" were found in param "…"`. */
function onlyKeys(o: Obj, allowed: readonly string[], param: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw errors.invalidParam(`Invalid keys ${extra.map((k) => `"${k}"`).join(', ')} were found in param "${param}".`);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** A link Meta can open: absolute http(s) (the sandbox does not fetch button links). */
function isWebUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const QUICK_REPLY_TYPES = ['text', 'user_phone_number', 'user_email'];

/**
 * `message.quick_replies` (§1.7): 1–13 items; `text` items need a title and a payload and are
 * cut to 20 characters; phone and email items carry only `content_type` (Instagram fills them in).
 * Quick replies go with `message.text`. Returns what Instagram shows.
 */
export function checkQuickReplies(value: unknown, hasText: boolean, limits: StructuredLimits = STRUCTURED_LIMITS): Obj[] {
  if (!hasText) throw errors.invalidMessageData('quick_replies need message[text]');
  if (!Array.isArray(value) || value.length === 0 || value.length > limits.quickRepliesMax) {
    throw errors.invalidParam(`param message[quick_replies] must be an array of 1 to ${limits.quickRepliesMax} items`);
  }
  return value.map((q, i) => {
    const param = `message[quick_replies][${i}]`;
    if (!isObj(q)) throw errors.invalidParam(`param ${param} must be a JSON object`);
    const type = q.content_type;
    if (typeof type !== 'string' || !QUICK_REPLY_TYPES.includes(type)) {
      throw errors.invalidParam(`param ${param}[content_type] must be one of {${QUICK_REPLY_TYPES.join(', ')}} - got "${String(type)}"`);
    }
    if (type !== 'text') {
      onlyKeys(q, ['content_type'], param);
      return { content_type: type };
    }
    // Instagram quick replies are plain text only (no image_url, reference §1.7).
    onlyKeys(q, ['content_type', 'title', 'payload'], param);
    if (!nonEmptyString(q.title)) throw errors.invalidParam(`param ${param}[title] must be a non-empty string for text quick replies`);
    if (!nonEmptyString(q.payload)) throw errors.invalidParam(`param ${param}[payload] must be a non-empty string for text quick replies`);
    if (countCharacters(q.payload) > limits.quickReplyPayloadMaxBytes) {
      throw errors.invalidParam(`param ${param}[payload] must be at most ${limits.quickReplyPayloadMaxBytes} characters`);
    }
    return { content_type: 'text', title: [...q.title].slice(0, limits.quickReplyTitleMaxChars).join(''), payload: q.payload };
  });
}

function checkButtons(value: unknown, param: string, limits: StructuredLimits, required: boolean): void {
  if (value === undefined && !required) return;
  if (!Array.isArray(value) || (required && value.length === 0)) throw errors.invalidMessageData(`${param} must be a non-empty array of buttons`);
  if (value.length > limits.buttonsMax) throw errors.invalidMessageData(`${param} can have at most ${limits.buttonsMax} buttons`);
  value.forEach((b, i) => {
    const p = `${param}[${i}]`;
    if (!isObj(b)) throw errors.invalidParam(`param ${p} must be a JSON object`);
    if (b.type === 'web_url') {
      onlyKeys(b, ['type', 'title', 'url'], p);
      if (!isWebUrl(b.url)) throw errors.invalidMessageData(`${p}[url] must be a valid http(s) URL`);
    } else if (b.type === 'postback') {
      onlyKeys(b, ['type', 'title', 'payload'], p);
      if (!nonEmptyString(b.payload)) throw errors.invalidMessageData(`${p}[payload] is required for postback buttons`);
      if (countCharacters(b.payload) > limits.postbackPayloadMaxBytes) throw errors.invalidMessageData(`${p}[payload] must be at most ${limits.postbackPayloadMaxBytes} characters`);
    } else {
      throw errors.invalidParam(`param ${p}[type] must be one of {web_url, postback} - got "${String(b.type)}"`);
    }
    if (!nonEmptyString(b.title)) throw errors.invalidMessageData(`${p}[title] is required`);
    if (countCharacters(b.title) > limits.buttonTitleMaxChars) throw errors.invalidMessageData(`${p}[title] must be at most ${limits.buttonTitleMaxChars} characters`);
  });
}

function checkElement(e: unknown, param: string, limits: StructuredLimits): void {
  if (!isObj(e)) throw errors.invalidParam(`param ${param} must be a JSON object`);
  onlyKeys(e, ['title', 'subtitle', 'image_url', 'default_action', 'buttons'], param);
  if (!nonEmptyString(e.title)) throw errors.invalidMessageData(`${param}[title] is required`);
  if (countCharacters(e.title) > limits.elementTitleMaxChars) throw errors.invalidMessageData(`${param}[title] must be at most ${limits.elementTitleMaxChars} characters`);
  if (e.subtitle !== undefined) {
    if (typeof e.subtitle !== 'string') throw errors.invalidParam(`param ${param}[subtitle] must be a string`);
    if (countCharacters(e.subtitle) > limits.elementSubtitleMaxChars) throw errors.invalidMessageData(`${param}[subtitle] must be at most ${limits.elementSubtitleMaxChars} characters`);
  }
  if (e.image_url !== undefined && !isWebUrl(e.image_url)) throw errors.invalidMessageData(`${param}[image_url] must be a valid http(s) URL`);
  if (e.default_action !== undefined) {
    const d = e.default_action;
    if (!isObj(d)) throw errors.invalidParam(`param ${param}[default_action] must be a JSON object`);
    onlyKeys(d, ['type', 'url'], `${param}[default_action]`);
    if (d.type !== 'web_url' || !isWebUrl(d.url)) throw errors.invalidMessageData(`${param}[default_action] must be { type: "web_url", url }`);
  }
  checkButtons(e.buttons, `${param}[buttons]`, limits, false);
}

/** `message.attachment.payload` of a `template` attachment (§1.8): generic, button or product. */
export function checkTemplatePayload(payload: Obj, limits: StructuredLimits = STRUCTURED_LIMITS): void {
  const param = 'message[attachment][payload]';
  const t = payload.template_type;
  if (t === 'generic') {
    onlyKeys(payload, ['template_type', 'elements'], param);
    const els = payload.elements;
    if (!Array.isArray(els) || els.length === 0) throw errors.invalidMessageData('generic template needs 1 or more elements');
    if (els.length > limits.genericElementsMax) throw errors.invalidMessageData(`generic template can have at most ${limits.genericElementsMax} elements`);
    els.forEach((e, i) => checkElement(e, `${param}[elements][${i}]`, limits));
  } else if (t === 'button') {
    onlyKeys(payload, ['template_type', 'text', 'buttons'], param);
    if (!nonEmptyString(payload.text)) throw errors.invalidMessageData('button template needs text');
    if (countCharacters(payload.text) > limits.buttonTemplateTextMaxChars) throw errors.invalidMessageData(`button template text must be at most ${limits.buttonTemplateTextMaxChars} characters`);
    checkButtons(payload.buttons, `${param}[buttons]`, limits, true);
  } else if (t !== 'product') {
    throw errors.invalidParam(`param ${param}[template_type] must be one of {generic, button, product} - got "${String(t)}"`);
  }
}
