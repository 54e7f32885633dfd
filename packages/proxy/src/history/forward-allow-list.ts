/**
 * What the browser may read from Graph through GET /graph/:accountId/... — method, path template
 * and fields (proxy-anchors §6.4: Graph hands out Page tokens through `fields=access_token` and
 * `/accounts`, so a forwarder with free paths or fields would leak them).
 *
 * Path templates (after the account segment, no version — the proxy adds it):
 *   {self}/conversations       self = `me`, the account id or its IG id
 *   {conversation}             a Graph conversation id the store knows for this account
 *   {conversation}/messages
 *   {message}                  a message id the store knows for this account
 *   {customer}                 the IGSID of one of this account's conversations (user profile)
 * Ownership comes from the store, so one tenant cannot read another's threads through us even
 * if Graph would allow the token to.
 */
import { FieldsSyntaxError, parseFields, type FieldNode } from './forward-fields';

export type ForwardTemplate = 'conversations' | 'conversation' | 'conversation_messages' | 'message' | 'profile';

const PARTICIPANT = ['id', 'username', 'name', 'email'];
const ATTACHMENT = ['id', 'image_data', 'video_data', 'file_url', 'mime_type', 'name', 'size', 'url', 'width', 'height', 'preview_url', 'animated_gif_url', 'render_as_sticker'];
const MESSAGE_FIELDS: Record<string, readonly string[] | null> = {
  id: null,
  created_time: null,
  from: PARTICIPANT,
  to: PARTICIPANT,
  message: null,
  attachments: ATTACHMENT,
  reactions: ['reaction', 'users', 'id', 'username', 'emoji'],
  shares: ['link', 'name', 'id', 'description', 'template', 'type', 'url', 'title'],
  sticker: null,
  story: ['id', 'link', 'url', 'mention', 'reply_to'],
  tags: ['name'],
  is_unsupported: null,
  reply_to: ['mid', 'is_self_reply', 'story', 'id', 'url'],
};
const CONVERSATION_FIELDS: Record<string, readonly string[] | Record<string, readonly string[] | null> | null> = {
  id: null,
  updated_time: null,
  participants: PARTICIPANT,
  messages: MESSAGE_FIELDS,
  message_count: null,
  unread_count: null,
  can_reply: null,
  is_owner: null,
};
const PROFILE_FIELDS: Record<string, null> = {
  id: null,
  name: null,
  username: null,
  profile_pic: null,
  follower_count: null,
  is_user_follow_business: null,
  is_business_follow_user: null,
  is_verified_user: null,
};

type Spec = Record<string, readonly string[] | Record<string, unknown> | null>;

export const FIELD_SPECS: Record<ForwardTemplate, Spec> = {
  conversations: CONVERSATION_FIELDS,
  conversation: CONVERSATION_FIELDS,
  conversation_messages: MESSAGE_FIELDS,
  message: MESSAGE_FIELDS,
  profile: PROFILE_FIELDS,
};

const CURSOR = /^[A-Za-z0-9_=-]{1,512}$/;
const ID = /^[A-Za-z0-9_-]{1,128}$/;

type ParamCheck = (v: string) => boolean;

/**
 * A lookup table with no prototype: a name such as `toString`, `constructor` or `__proto__` is
 * then simply absent instead of resolving to something Object.prototype provides.
 */
function table<V>(entries: Record<string, V>): Readonly<Record<string, V>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, V>, entries));
}

const anyFields: ParamCheck = () => true;
const limitValue: ParamCheck = (v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 100;
const cursorValue: ParamCheck = (v) => CURSOR.test(v);

/** Query parameters per template and how their values must look (checked as own keys only). */
export const PARAM_SPECS: Readonly<Record<ForwardTemplate, Readonly<Record<string, ParamCheck>>>> = table({
  conversations: table({
    fields: anyFields,
    platform: (v) => v === 'instagram',
    user_id: (v) => ID.test(v),
    limit: limitValue,
    after: cursorValue,
    before: cursorValue,
  }),
  conversation: table({ fields: anyFields }),
  conversation_messages: table({ fields: anyFields, limit: limitValue, after: cursorValue, before: cursorValue }),
  message: table({ fields: anyFields }),
  profile: table({ fields: anyFields }),
});

/** The accepted names per template, for error messages (computed once). */
const ACCEPTED: Readonly<Record<ForwardTemplate, readonly string[]>> = table(
  Object.fromEntries(Object.entries(PARAM_SPECS).map(([t, spec]) => [t, Object.freeze(Object.keys(spec))])) as Record<ForwardTemplate, readonly string[]>,
);

/** Parameters that are never accepted from a browser, with the reason we give. */
export const FORBIDDEN_PARAMS: Readonly<Record<string, string>> = table({
  access_token: 'the proxy adds credentials itself',
  appsecret_proof: 'the proxy adds credentials itself',
  appsecret_time: 'the proxy adds credentials itself',
  batch: 'batch requests are not forwarded',
  method: 'only GET is forwarded',
  callback: 'JSONP is not supported',
  suppress_http_code: 'not supported',
  debug: 'not supported',
  include_headers: 'not supported',
});

export class ForwardRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Token-ish names are refused wherever they appear, whatever the template says. */
const SECRETISH = /token|secret|proof|password/i;

function checkNodes(nodes: FieldNode[], spec: Spec | readonly string[] | null, path: string): void {
  for (const n of nodes) {
    const where = path ? `${path}.${n.name}` : n.name;
    if (SECRETISH.test(n.name)) throw new ForwardRefusal(403, 'field_not_allowed', `Field "${where}" is never forwarded.`);
    if (n.limit !== undefined && (n.limit < 1 || n.limit > 100)) throw new ForwardRefusal(400, 'field_not_allowed', `.limit() on "${where}" must be 1–100.`);
    let childSpec: Spec | readonly string[] | null | undefined;
    if (spec === null) childSpec = undefined;
    else if (Array.isArray(spec)) childSpec = spec.includes(n.name) ? null : undefined;
    else childSpec = Object.hasOwn(spec, n.name) ? ((spec as Spec)[n.name] as Spec | readonly string[] | null) : undefined;
    if (childSpec === undefined) throw new ForwardRefusal(403, 'field_not_allowed', `Field "${where}" is not on the allow-list.`);
    if (n.children) {
      if (childSpec === null) throw new ForwardRefusal(403, 'field_not_allowed', `Field "${where}" cannot be expanded.`);
      checkNodes(n.children, childSpec, where);
    }
  }
}

/** Validates `fields` for a template; throws ForwardRefusal. */
export function checkFields(template: ForwardTemplate, fields: string): void {
  let nodes: FieldNode[];
  try {
    nodes = parseFields(fields);
  } catch (err) {
    if (err instanceof FieldsSyntaxError) throw new ForwardRefusal(400, 'invalid_fields', err.message);
    throw err;
  }
  checkNodes(nodes, FIELD_SPECS[template], '');
}

/** A parameter name as we quote it back: bounded, so a huge name cannot bloat the answer. */
const quoted = (name: string) => JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);

/**
 * Validates the raw query string and returns the canonical query to send upstream, already
 * encoded. Names are looked up as own keys of the null-prototype tables above, so no name can
 * reach a function or object inherited from Object.prototype.
 */
export function checkQuery(template: ForwardTemplate, rawQuery: string): string {
  const spec = PARAM_SPECS[template];
  const seen: Record<string, string> = Object.create(null) as Record<string, string>;
  let out = '';
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    const lower = name.toLowerCase();
    if (Object.hasOwn(FORBIDDEN_PARAMS, lower) || SECRETISH.test(name)) {
      const why = Object.hasOwn(FORBIDDEN_PARAMS, lower) ? FORBIDDEN_PARAMS[lower] : 'never forwarded';
      throw new ForwardRefusal(403, 'parameter_not_allowed', `Query parameter ${quoted(name)} is refused: ${why}.`, { field: name });
    }
    if (!Object.hasOwn(spec, name)) {
      const accepted = ACCEPTED[template];
      throw new ForwardRefusal(400, 'unknown_parameter', `Unknown query parameter ${quoted(name)} for this Graph path. Accepted: ${accepted.join(', ')}.`, {
        field: name,
        accepted,
      });
    }
    if (Object.hasOwn(seen, name)) throw new ForwardRefusal(400, 'duplicate_parameter', `Query parameter ${quoted(name)} is given twice.`, { field: name });
    seen[name] = value;
    if (name === 'fields') checkFields(template, value);
    else if (!spec[name]!(value)) throw new ForwardRefusal(400, 'invalid_parameter', `Query parameter ${quoted(name)} has an invalid value.`, { field: name });
    out += `${out ? '&' : ''}${name}=${encodeURIComponent(value)}`;
  }
  return out;
}

/**
 * Splits and checks the raw path (as received, still percent-encoded): no encoded characters at
 * all (so no `%2f`, `%2e`, `%5c` smuggling), no backslashes, no empty or dot segments, and
 * every segment a plain Graph id.
 */
export function checkRawPath(rawPath: string): string[] {
  if (/[%\\]/.test(rawPath)) throw new ForwardRefusal(400, 'invalid_path', 'Encoded characters and backslashes are not allowed in forwarded paths.');
  const segments = rawPath.split('/').slice(1);
  if (segments.length === 0 || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new ForwardRefusal(400, 'invalid_path', 'Empty or dot segments are not allowed in forwarded paths.');
  }
  for (const s of segments) {
    if (!ID.test(s)) throw new ForwardRefusal(400, 'invalid_path', 'Forwarded path segments must be plain Graph ids.');
  }
  return segments;
}
