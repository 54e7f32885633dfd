/**
 * Classify Graph API errors (reference §4) so the proxy knows whether to retry, re-authenticate,
 * stop, or reconcile, and the UI knows what to tell people. Classification is by `code` and
 * `error_subcode`, never by HTTP status (reference §4.1).
 */

import type { KitErrorCategory } from './types';

/** Categories a Graph error can fall into (a subset of KitErrorCategory). */
export type GraphErrorCategory = Extract<
  KitErrorCategory,
  | 'auth'
  | 'permission'
  | 'window'
  | 'recipient_unavailable'
  | 'invalid_request'
  | 'media'
  | 'rate_limit'
  | 'transient'
  | 'policy'
  | 'routing'
  | 'config'
  | 'duplicate'
  | 'unknown'
>;

/** What the caller should do about it. */
export type GraphErrorAction =
  | 'retry' // back off and retry (see maxAttempts)
  | 'reauth' // token/account connection is broken: stop calling, ask for re-authentication
  | 'reconcile' // the send probably went through: do not resend, wait for the echo (reference §4.1)
  | 'cool_down' // stop sending for this account for a long while (policy block)
  | 'fix_request' // the request itself is wrong
  | 'fix_setup' // app / account configuration needs attention
  | 'stop_tagging' // too many HUMAN_AGENT-tagged messages to one person
  | 'fallback_single_images' // multi-image send unavailable: send images one per message
  | 'none'; // nothing to do (e.g. recipient unavailable)

/** Keys for user-facing messages; English texts in GRAPH_ERROR_MESSAGES, components localize. */
export type GraphErrorMessageKey =
  | 'reauth_required'
  | 'permission_missing'
  | 'app_not_live'
  | 'messages_access_disabled'
  | 'window_closed'
  | 'recipient_unavailable'
  | 'recipient_not_found'
  | 'invalid_request'
  | 'invalid_link'
  | 'media_fetch_failed'
  | 'media_type_mismatch'
  | 'media_invalid_attachment'
  | 'media_too_large'
  | 'media_timeout'
  | 'rate_limited'
  | 'tagged_throttled'
  | 'temporary_error'
  | 'sent_unconfirmed'
  | 'policy_restricted'
  | 'thread_owned_elsewhere'
  | 'private_reply_invalid'
  | 'account_setup'
  | 'multi_image_unavailable'
  | 'message_deleted'
  | 'duplicate'
  | 'unknown_error';

export interface GraphErrorRule {
  code: number;
  /** Subcode; `undefined` = the code's default row. */
  subcode?: number;
  /** Inclusive upper bound for code ranges (200–299). */
  codeTo?: number;
  category: GraphErrorCategory;
  retryable: boolean;
  action: GraphErrorAction;
  /** Machine reason, e.g. `token_expired`, `window_closed`. */
  reason: string;
  userMessageKey: GraphErrorMessageKey;
  /** Total attempts worth making when retryable (1 = no retry). Absent = the caller's default. */
  maxAttempts?: number;
  /** Which table of the reference the row comes from. */
  source: '§3.3' | '§4.2' | '§4.3';
}

function rule(
  code: number,
  subcode: number | undefined,
  category: GraphErrorCategory,
  retryable: boolean,
  action: GraphErrorAction,
  reason: string,
  userMessageKey: GraphErrorMessageKey,
  source: GraphErrorRule['source'],
  extra: Partial<Pick<GraphErrorRule, 'maxAttempts' | 'codeTo'>> = {},
): GraphErrorRule {
  return {
    code,
    ...(subcode === undefined ? {} : { subcode }),
    category,
    retryable,
    action,
    reason,
    userMessageKey,
    source,
    ...extra,
  };
}

/** Authentication subcodes with 190/102 (reference §4.2); none retryable. */
const AUTH_SUBCODES: readonly [number, string][] = [
  [458, 'app_not_installed'],
  [459, 'user_checkpointed'],
  [460, 'password_changed'],
  [463, 'token_expired'],
  [464, 'unconfirmed_user'],
  [467, 'invalid_access_token'],
  [492, 'invalid_session'],
];

/**
 * Every row of reference §4.2 (Graph-wide codes), §4.3 (messaging codes) and §3.3 (throttling).
 * Most specific match wins: (code, subcode) → (code) → code range. Messaging-specific subcodes
 * that Meta also reports as top-level codes (2018300, 2534068, 1545041...) match either way.
 */
export const GRAPH_ERROR_TABLE: readonly GraphErrorRule[] = [
  // --- Authentication (reference §4.2) ---
  rule(190, undefined, 'auth', false, 'reauth', 'token_invalid', 'reauth_required', '§4.2'),
  rule(102, undefined, 'auth', false, 'reauth', 'session_invalid', 'reauth_required', '§4.2'),
  ...AUTH_SUBCODES.flatMap(([sub, reason]) => [
    rule(190, sub, 'auth', false, 'reauth', reason, 'reauth_required', '§4.2'),
    rule(102, sub, 'auth', false, 'reauth', reason, 'reauth_required', '§4.2'),
  ]),

  // --- Graph-wide (reference §4.2) ---
  rule(1, undefined, 'transient', true, 'retry', 'api_unknown', 'temporary_error', '§4.2'),
  rule(2, undefined, 'transient', true, 'retry', 'api_service', 'temporary_error', '§4.2', { maxAttempts: 5 }),
  rule(3, undefined, 'permission', false, 'fix_setup', 'api_method', 'permission_missing', '§4.2'),
  rule(4, undefined, 'rate_limit', true, 'retry', 'app_rate_limit', 'rate_limited', '§4.2'),
  rule(17, undefined, 'rate_limit', true, 'retry', 'user_rate_limit', 'rate_limited', '§4.2'),
  rule(10, undefined, 'permission', false, 'fix_setup', 'permission_denied', 'permission_missing', '§4.2'),
  rule(200, undefined, 'permission', false, 'fix_setup', 'permission_missing', 'permission_missing', '§4.2', {
    codeTo: 299,
  }),
  rule(341, undefined, 'rate_limit', true, 'retry', 'application_limit', 'rate_limited', '§4.2'),
  rule(368, undefined, 'policy', false, 'cool_down', 'policy_blocked', 'policy_restricted', '§4.2'),
  rule(506, undefined, 'duplicate', false, 'none', 'duplicate_post', 'duplicate', '§4.2'),
  rule(1609005, undefined, 'invalid_request', false, 'fix_request', 'invalid_link', 'invalid_link', '§4.2'),

  // --- Throttling (reference §3.3) ---
  rule(17, 2446079, 'rate_limit', true, 'retry', 'ads_rate_limit', 'rate_limited', '§3.3'),
  rule(32, undefined, 'rate_limit', true, 'retry', 'pages_rate_limit', 'rate_limited', '§3.3'),
  rule(613, undefined, 'rate_limit', true, 'retry', 'custom_rate_limit', 'rate_limited', '§3.3'),
  rule(613, 1996, 'rate_limit', true, 'retry', 'inconsistent_volume', 'rate_limited', '§3.3'),
  rule(80001, undefined, 'rate_limit', true, 'retry', 'pages_buc_limit', 'rate_limited', '§3.3'),
  rule(80002, undefined, 'rate_limit', true, 'retry', 'instagram_buc_limit', 'rate_limited', '§3.3'),
  rule(80006, undefined, 'rate_limit', true, 'retry', 'messenger_buc_limit', 'rate_limited', '§3.3'),

  // --- Messaging (reference §4.3) ---
  rule(1, 99, 'config', false, 'fix_setup', 'access_or_verification', 'account_setup', '§4.3'),
  rule(1, 1357046, 'transient', false, 'reconcile', 'sent_invalid_reply', 'sent_unconfirmed', '§4.3'),
  rule(2, 2018344, 'config', false, 'fix_setup', 'privacy_terms_not_accepted', 'account_setup', '§4.3'),
  rule(10, 2534022, 'window', false, 'none', 'window_closed', 'window_closed', '§4.3'),
  rule(10, 2018278, 'window', false, 'none', 'window_closed', 'window_closed', '§4.3'),
  rule(10, 2018065, 'window', false, 'none', 'window_closed_news_permission', 'window_closed', '§4.3'),
  rule(10, 2018108, 'recipient_unavailable', false, 'none', 'cannot_receive', 'recipient_unavailable', '§4.3'),
  rule(10, 1893063, 'policy', false, 'cool_down', 'business_restricted', 'policy_restricted', '§4.3'),
  rule(10, 2534077, 'config', false, 'reauth', 'account_link_unverified', 'reauth_required', '§4.3'),
  rule(10, 2018336, 'policy', false, 'none', 'user_thread_impact', 'policy_restricted', '§4.3'),
  rule(100, undefined, 'invalid_request', false, 'fix_request', 'invalid_parameter', 'invalid_request', '§4.3'),
  rule(100, 33, 'invalid_request', false, 'fix_request', 'object_not_found', 'invalid_request', '§4.3'),
  rule(100, 2018001, 'invalid_request', false, 'fix_request', 'no_matching_user', 'recipient_not_found', '§4.3'),
  rule(100, 2018008, 'media', true, 'retry', 'media_fetch_failed', 'media_fetch_failed', '§4.3', { maxAttempts: 2 }),
  rule(100, 2018047, 'media', false, 'fix_request', 'media_type_mismatch', 'media_type_mismatch', '§4.3'),
  rule(100, 2018074, 'media', false, 'fix_request', 'invalid_attachment_id', 'media_invalid_attachment', '§4.3'),
  rule(100, 2018109, 'media', false, 'fix_request', 'media_too_large', 'media_too_large', '§4.3'),
  rule(100, 2018294, 'media', true, 'retry', 'media_fetch_timeout', 'media_timeout', '§4.3', { maxAttempts: 2 }),
  rule(100, 2534013, 'config', false, 'fix_setup', 'page_not_linked', 'account_setup', '§4.3'),
  rule(100, 2534014, 'invalid_request', false, 'fix_request', 'not_an_igsid', 'recipient_not_found', '§4.3'),
  rule(100, 2534015, 'invalid_request', false, 'fix_request', 'invalid_message_data', 'invalid_request', '§4.3'),
  rule(100, 2534025, 'invalid_request', false, 'fix_request', 'private_reply_invalid', 'private_reply_invalid', '§4.3'),
  rule(100, 2534029, 'policy', false, 'cool_down', 'business_blocked', 'policy_restricted', '§4.3'),
  rule(100, 2534037, 'routing', false, 'none', 'not_thread_owner', 'thread_owned_elsewhere', '§4.3'),
  rule(200, 1545041, 'recipient_unavailable', false, 'none', 'person_unavailable', 'recipient_unavailable', '§4.3'),
  rule(200, 2534041, 'permission', false, 'fix_setup', 'message_access_disabled', 'messages_access_disabled', '§4.3'),
  rule(200, undefined, 'permission', false, 'fix_setup', 'app_not_live', 'app_not_live', '§4.3'),
  rule(551, undefined, 'recipient_unavailable', false, 'none', 'user_blocked', 'recipient_unavailable', '§4.3'),
  rule(551, 1545041, 'recipient_unavailable', false, 'none', 'person_unavailable', 'recipient_unavailable', '§4.3'),
  rule(613, 2534040, 'rate_limit', true, 'retry', 'messaging_rate_limit', 'rate_limited', '§4.3'),
  rule(613, 2018338, 'rate_limit', false, 'stop_tagging', 'too_many_tagged', 'tagged_throttled', '§4.3'),
  rule(
    2018300,
    undefined,
    'routing',
    false,
    'none',
    'thread_controlled_by_other_app',
    'thread_owned_elsewhere',
    '§4.3',
  ),
  rule(
    2534068,
    undefined,
    'config',
    false,
    'fallback_single_images',
    'multi_image_unavailable',
    'multi_image_unavailable',
    '§4.3',
  ),
  rule(36103, undefined, 'config', false, 'fix_setup', 'account_not_eligible', 'account_setup', '§4.3'),
  rule(9000001, undefined, 'invalid_request', false, 'none', 'message_deleted', 'message_deleted', '§4.3'),
];

/** Messaging subcodes that identify the problem whatever top-level code they come with. */
const SUBCODE_ALIASES: readonly number[] = [
  2534022, 2018278, 1545041, 2018300, 2534068, 2534037, 2534014, 2534040, 1893063,
];

/** English texts for GraphErrorMessageKey (components ship translations). */
export const GRAPH_ERROR_MESSAGES: Record<GraphErrorMessageKey, string> = {
  reauth_required: 'The connection to this Instagram account has expired. Reconnect the account to keep messaging.',
  permission_missing: 'The app is missing a permission needed for this action.',
  app_not_live: 'The app can only message people with a role on it until it passes App Review and is live.',
  messages_access_disabled:
    'The account owner has turned off "Allow access to messages" in the Instagram app settings.',
  window_closed: 'The messaging window has closed. You can reply once the customer writes again.',
  recipient_unavailable: "This person isn't available right now.",
  recipient_not_found: 'No matching Instagram user was found for this conversation.',
  invalid_request: 'Instagram rejected the message as invalid.',
  invalid_link: 'A link in the message could not be posted. Check the URL.',
  media_fetch_failed: "Instagram couldn't fetch the attachment. Check that its URL is public and reachable.",
  media_type_mismatch: "The attachment's contents don't match its type.",
  media_invalid_attachment: 'The attachment is invalid or belongs to another account.',
  media_too_large: 'The attachment is too large.',
  media_timeout: 'Instagram timed out fetching the video, or the video is corrupt.',
  rate_limited: 'Too many requests right now. The message will be retried shortly.',
  tagged_throttled: 'Too many tagged messages were sent to this person. Wait for them to reply.',
  temporary_error: 'Instagram had a temporary problem. The message will be retried.',
  sent_unconfirmed: 'The message was probably sent, but Instagram did not confirm it.',
  policy_restricted: 'This account is temporarily restricted from sending messages.',
  thread_owned_elsewhere: 'Another app currently controls this conversation.',
  private_reply_invalid:
    'Instagram refused the private reply: a comment can be answered in private once, within 7 days (Live comments only during the broadcast).',
  account_setup: 'This Instagram account is not set up for messaging through the API.',
  multi_image_unavailable: 'Sending several images in one message is not available for this account yet.',
  message_deleted: 'The message was deleted.',
  duplicate: 'This was already sent.',
  unknown_error: 'Something went wrong while sending. Please try again later.',
};

/** The Graph error object (reference §4.1); every field optional because input is untrusted. */
export interface GraphErrorObject {
  message?: string;
  type?: string;
  code?: number | string;
  error_subcode?: number | string;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
  is_transient?: boolean;
}

export interface GraphErrorClassification {
  category: GraphErrorCategory;
  retryable: boolean;
  action: GraphErrorAction;
  /** Machine reason (row reason, or `unknown`). */
  reason: string;
  userMessageKey: GraphErrorMessageKey;
  /** Graph `code` (null when the input had none). */
  code: number | null;
  subcode?: number;
  fbtraceId?: string;
  /** Graph's developer message (may be technical; never contains the token). */
  message?: string;
  /** Localized text Graph says is safe to show users (`error_user_msg`), when present. */
  userMessage?: string;
  userTitle?: string;
  /** Total attempts worth making when retryable. */
  maxAttempts?: number;
  /** Graph said `is_transient: true`. */
  transient?: boolean;
  /** The table row that matched (absent for unknown errors). */
  rule?: GraphErrorRule;
}

function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Pull the Graph error object out of a response body, an error object, or a KitErrorBody. */
function extract(input: unknown): GraphErrorObject | null {
  if (!isRecord(input)) return null;
  const inner = isRecord(input.error) ? input.error : input;
  // A KitErrorBody from our proxy: { error: { code: 'graph_...', graph: { code, subcode, fbtraceId } } }
  if (isRecord(inner.graph)) {
    const g = inner.graph;
    return {
      code: toInt(g.code),
      error_subcode: toInt(g.subcode),
      fbtrace_id: typeof g.fbtraceId === 'string' ? g.fbtraceId : undefined,
      message: typeof inner.message === 'string' ? inner.message : undefined,
    };
  }
  return inner as GraphErrorObject;
}

const TABLE_BY_KEY = new Map<string, GraphErrorRule>();
for (const r of GRAPH_ERROR_TABLE) {
  if (r.codeTo === undefined) TABLE_BY_KEY.set(`${r.code}/${r.subcode ?? ''}`, r);
}
const RANGES = GRAPH_ERROR_TABLE.filter((r) => r.codeTo !== undefined);

/** Find the table row for a code/subcode pair (most specific first). */
export function findGraphErrorRule(code: number | null, subcode?: number): GraphErrorRule | undefined {
  if (code !== null && subcode !== undefined) {
    const exact = TABLE_BY_KEY.get(`${code}/${subcode}`);
    if (exact) return exact;
  }
  if (subcode !== undefined && SUBCODE_ALIASES.includes(subcode)) {
    const alias = GRAPH_ERROR_TABLE.find((r) => r.subcode === subcode) ?? TABLE_BY_KEY.get(`${subcode}/`);
    if (alias) return alias;
  }
  if (code === null) return undefined;
  return TABLE_BY_KEY.get(`${code}/`) ?? RANGES.find((r) => code >= r.code && code <= (r.codeTo ?? r.code));
}

/**
 * Classify a Graph error. Accepts the response body (`{ error: {...} }`), the inner error
 * object, or a KitErrorBody from the proxy. Unknown codes are `unknown` and not retryable —
 * unless Graph marks them `is_transient`, which makes them `transient` and retryable.
 */
export function classifyGraphError(input: unknown): GraphErrorClassification {
  const err = extract(input);
  const code = toInt(err?.code) ?? null;
  const subcode = toInt(err?.error_subcode);
  const transient = err?.is_transient === true;
  const row = findGraphErrorRule(code, subcode);

  const base: GraphErrorClassification = row
    ? {
        category: row.category,
        retryable: row.retryable,
        action: row.action,
        reason: row.reason,
        userMessageKey: row.userMessageKey,
        code,
        ...(row.maxAttempts === undefined ? {} : { maxAttempts: row.maxAttempts }),
        rule: row,
      }
    : transient
      ? {
          category: 'transient',
          retryable: true,
          action: 'retry',
          reason: 'transient',
          userMessageKey: 'temporary_error',
          code,
        }
      : {
          category: 'unknown',
          retryable: false,
          action: 'none',
          reason: 'unknown',
          userMessageKey: 'unknown_error',
          code,
        };

  if (subcode !== undefined) base.subcode = subcode;
  if (typeof err?.fbtrace_id === 'string') base.fbtraceId = err.fbtrace_id;
  if (typeof err?.message === 'string') base.message = err.message;
  if (typeof err?.error_user_msg === 'string' && err.error_user_msg) base.userMessage = err.error_user_msg;
  if (typeof err?.error_user_title === 'string' && err.error_user_title) base.userTitle = err.error_user_title;
  if (transient) base.transient = true;
  return base;
}

/** Stable string code for a Graph error, e.g. `graph_10_2534022` (for KitErrorBody.error.code). */
export function graphErrorCode(classification: Pick<GraphErrorClassification, 'code' | 'subcode'>): string {
  if (classification.code === null) return 'graph_unknown';
  return classification.subcode === undefined ? `graph_${classification.code}` : `graph_${classification.code}_${classification.subcode}`;
}
