import { describe, expect, it } from 'vitest';
import {
  classifyGraphError,
  findGraphErrorRule,
  GRAPH_ERROR_MESSAGES,
  GRAPH_ERROR_TABLE,
  graphErrorCode,
  type GraphErrorCategory,
} from './errors';

type Row = [
  code: number,
  subcode: number | undefined,
  category: GraphErrorCategory,
  retryable: boolean,
  reason?: string,
];

/**
 * Reference §4.2, §4.3 and §3.3, transcribed row by row (independently of GRAPH_ERROR_TABLE, so
 * a wrong table entry fails here).
 */
const REFERENCE: Row[] = [
  // §4.2 Graph-wide codes
  [102, undefined, 'auth', false, 'session_invalid'],
  [1, undefined, 'transient', true],
  [2, undefined, 'transient', true],
  [3, undefined, 'permission', false],
  [4, undefined, 'rate_limit', true],
  [17, undefined, 'rate_limit', true],
  [10, undefined, 'permission', false],
  [190, undefined, 'auth', false, 'token_invalid'],
  [200, undefined, 'permission', false],
  [250, undefined, 'permission', false],
  [299, undefined, 'permission', false],
  [341, undefined, 'rate_limit', true],
  [368, undefined, 'policy', false, 'policy_blocked'],
  [506, undefined, 'duplicate', false],
  [1609005, undefined, 'invalid_request', false, 'invalid_link'],
  // §4.2 authentication subcodes, with 190 and 102
  ...[190, 102].flatMap((code): Row[] => [
    [code, 458, 'auth', false, 'app_not_installed'],
    [code, 459, 'auth', false, 'user_checkpointed'],
    [code, 460, 'auth', false, 'password_changed'],
    [code, 463, 'auth', false, 'token_expired'],
    [code, 464, 'auth', false, 'unconfirmed_user'],
    [code, 467, 'auth', false, 'invalid_access_token'],
    [code, 492, 'auth', false, 'invalid_session'],
  ]),
  // §4.3 messaging codes
  [1, 99, 'config', false],
  [1, 1357046, 'transient', false, 'sent_invalid_reply'],
  [2, 2018344, 'config', false],
  [10, 2534022, 'window', false, 'window_closed'],
  [10, 2018278, 'window', false, 'window_closed'],
  [10, 2018065, 'window', false],
  [10, 2018108, 'recipient_unavailable', false],
  [10, 1893063, 'policy', false, 'business_restricted'],
  [10, 2534077, 'config', false],
  [10, 2018336, 'policy', false],
  [100, undefined, 'invalid_request', false],
  [100, 33, 'invalid_request', false],
  [100, 2018001, 'invalid_request', false],
  [100, 2018008, 'media', true, 'media_fetch_failed'],
  [100, 2018047, 'media', false, 'media_type_mismatch'],
  [100, 2018074, 'media', false],
  [100, 2018109, 'media', false, 'media_too_large'],
  [100, 2018294, 'media', true, 'media_fetch_timeout'],
  [100, 2534013, 'config', false],
  [100, 2534014, 'invalid_request', false, 'not_an_igsid'],
  [100, 2534015, 'invalid_request', false],
  [100, 2534025, 'invalid_request', false],
  [100, 2534029, 'policy', false],
  [100, 2534037, 'routing', false],
  [200, 1545041, 'recipient_unavailable', false],
  [200, 2534041, 'permission', false],
  [551, undefined, 'recipient_unavailable', false],
  [551, 1545041, 'recipient_unavailable', false],
  [613, 2534040, 'rate_limit', true],
  [613, 2018338, 'rate_limit', false, 'too_many_tagged'],
  [2018300, undefined, 'routing', false],
  [2534068, undefined, 'config', false, 'multi_image_unavailable'],
  [36103, undefined, 'config', false],
  [9000001, undefined, 'invalid_request', false, 'message_deleted'],
  // §3.3 throttling codes
  [17, 2446079, 'rate_limit', true],
  [32, undefined, 'rate_limit', true],
  [613, undefined, 'rate_limit', true],
  [613, 1996, 'rate_limit', true],
  [80001, undefined, 'rate_limit', true],
  [80002, undefined, 'rate_limit', true],
  [80006, undefined, 'rate_limit', true],
];

describe('classifyGraphError — every row of reference §4 and §3.3', () => {
  it.each(REFERENCE.map((r) => [`${r[0]}${r[1] === undefined ? '' : `/${r[1]}`}`, r] as const))(
    '%s',
    (_label, [code, subcode, category, retryable, reason]) => {
      const c = classifyGraphError({
        error: {
          message: 'm',
          type: 'OAuthException',
          code,
          ...(subcode === undefined ? {} : { error_subcode: subcode }),
          fbtrace_id: 'Abc123',
        },
      });
      expect(c.category).toBe(category);
      expect(c.retryable).toBe(retryable);
      if (reason) expect(c.reason).toBe(reason);
      expect(c.code).toBe(code);
      expect(c.subcode).toBe(subcode);
      expect(c.fbtraceId).toBe('Abc123');
      expect(GRAPH_ERROR_MESSAGES[c.userMessageKey]).toEqual(expect.any(String));
    },
  );

  it('has a table entry for every reference row and no entry the reference lacks', () => {
    const key = (code: number, sub?: number) => `${code}/${sub ?? ''}`;
    const reference = new Set(REFERENCE.map(([c, s]) => key(c, s)));
    for (const rule of GRAPH_ERROR_TABLE) expect(reference.has(key(rule.code, rule.subcode))).toBe(true);
    for (const [c, s] of REFERENCE) expect(findGraphErrorRule(c, s)).toBeDefined();
  });

  it('gives every rule a reason, an action and an English message', () => {
    for (const rule of GRAPH_ERROR_TABLE) {
      expect(rule.reason).toMatch(/^[a-z_]+$/);
      expect(GRAPH_ERROR_MESSAGES[rule.userMessageKey].length).toBeGreaterThan(10);
      expect(rule.retryable).toBe(rule.action === 'retry');
    }
  });
});

describe('classifyGraphError — behaviour', () => {
  it('flags token problems for re-authentication', () => {
    const c = classifyGraphError({
      error: { code: 190, error_subcode: 463, message: 'Error validating access token: Session has expired' },
    });
    expect(c).toMatchObject({
      category: 'auth',
      retryable: false,
      action: 'reauth',
      reason: 'token_expired',
      userMessageKey: 'reauth_required',
    });
  });

  it('says "do not resend, reconcile" when the send went through but the reply was bad (1/1357046)', () => {
    expect(classifyGraphError({ error: { code: 1, error_subcode: 1357046 } })).toMatchObject({
      retryable: false,
      action: 'reconcile',
      userMessageKey: 'sent_unconfirmed',
    });
  });

  it('caps retries of media fetch problems at one retry', () => {
    expect(classifyGraphError({ error: { code: 100, error_subcode: 2018008 } }).maxAttempts).toBe(2);
    expect(classifyGraphError({ error: { code: 100, error_subcode: 2018294 } }).maxAttempts).toBe(2);
  });

  it('recognizes messaging subcodes with an unexpected top-level code', () => {
    expect(classifyGraphError({ error: { code: 100, error_subcode: 2534022 } }).category).toBe('window');
    expect(classifyGraphError({ error: { code: 10, error_subcode: 1545041 } }).category).toBe('recipient_unavailable');
    expect(classifyGraphError({ error: { code: 100, error_subcode: 2534068 } }).action).toBe('fallback_single_images');
    expect(classifyGraphError({ error: { code: 100, error_subcode: 2018300 } }).category).toBe('routing');
  });

  it('falls back to the code row for an unknown subcode', () => {
    expect(classifyGraphError({ error: { code: 190, error_subcode: 999 } })).toMatchObject({
      category: 'auth',
      reason: 'token_invalid',
      subcode: 999,
    });
    expect(classifyGraphError({ error: { code: 100, error_subcode: 1 } })).toMatchObject({
      category: 'invalid_request',
      reason: 'invalid_parameter',
    });
  });

  it('classifies unknown codes as unknown and not retryable', () => {
    expect(classifyGraphError({ error: { code: 12345, message: '?' } })).toMatchObject({
      category: 'unknown',
      retryable: false,
      action: 'none',
      reason: 'unknown',
      userMessageKey: 'unknown_error',
      code: 12345,
    });
    expect(classifyGraphError({ error: { code: 230 } }).category).toBe('permission'); // inside 200–299
    expect(classifyGraphError(undefined)).toMatchObject({ category: 'unknown', retryable: false, code: null });
    expect(classifyGraphError('boom')).toMatchObject({ category: 'unknown', code: null });
    expect(classifyGraphError(new Error('socket hang up'))).toMatchObject({
      category: 'unknown',
      message: 'socket hang up',
    });
  });

  it('honours is_transient for codes the table does not know', () => {
    expect(classifyGraphError({ error: { code: 12345, is_transient: true } })).toMatchObject({
      category: 'transient',
      retryable: true,
      action: 'retry',
      transient: true,
    });
    // but a known, non-retryable code stays non-retryable
    expect(classifyGraphError({ error: { code: 10, error_subcode: 2534022, is_transient: true } })).toMatchObject({
      category: 'window',
      retryable: false,
    });
  });

  it('accepts the bare error object, string numbers, and KitErrorBody envelopes', () => {
    expect(classifyGraphError({ code: 4, message: 'x' }).category).toBe('rate_limit');
    expect(classifyGraphError({ error: { code: '613', error_subcode: '2534040' } })).toMatchObject({
      category: 'rate_limit',
      code: 613,
      subcode: 2534040,
    });
    const body = {
      error: {
        code: 'graph_10_2534022',
        message: 'window',
        retryable: false,
        graph: { code: 10, subcode: 2534022, fbtraceId: 'T' },
      },
    };
    expect(classifyGraphError(body)).toMatchObject({ category: 'window', code: 10, subcode: 2534022, fbtraceId: 'T' });
  });

  it('passes through what Graph says is safe to show users', () => {
    const c = classifyGraphError({
      error: { code: 100, error_user_title: 'Titolo', error_user_msg: 'Messaggio per utente' },
    });
    expect(c.userTitle).toBe('Titolo');
    expect(c.userMessage).toBe('Messaggio per utente');
  });

  it('builds stable error codes', () => {
    expect(graphErrorCode(classifyGraphError({ error: { code: 10, error_subcode: 2534022 } }))).toBe(
      'graph_10_2534022',
    );
    expect(graphErrorCode(classifyGraphError({ error: { code: 4 } }))).toBe('graph_4');
    expect(graphErrorCode(classifyGraphError(null))).toBe('graph_unknown');
  });
});
