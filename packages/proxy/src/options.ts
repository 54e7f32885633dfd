/**
 * The shape check of `createKitProxy(options)`, run once at startup before anything is built:
 * a misspelt option (`acounts`, `outbox.waitMS`) or a mistyped one (`accounts: 5`,
 * `webhook.maxBytes: '2mb'`) fails at once with a TypeError naming it — never ignored, so a host
 * never runs for weeks on a default it thought it had changed. Like express-rate-limit's
 * `parseOptions`, one place knows every option; the meaning of each value (a URL that parses, an
 * account id without ':', a secret long enough) is still checked by the module that owns it.
 *
 * zod is already the proxy's schema library (http/validate.ts); objects the host builds (store,
 * bus, logger, rate-limiter store) are checked only for being objects, functions for being
 * functions.
 */
import { closestMatch } from 'leven';
import { z } from 'zod';
import { SEND_WHEN_NOT_OWNER } from './routing/identity';

const ms = z.number({ error: 'must be a number of milliseconds' }).finite().nonnegative({ error: 'must be ≥ 0 milliseconds' });
const count = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).positive({ error: 'must be ≥ 1' });
const bool = z.boolean({ error: 'must be true or false' });
const text = z.string({ error: 'must be a string' });
const required = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${what}` : `must be ${what}`) });
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { error: 'must be a function' });
const instance = (what: string) => z.custom<object>((v) => !!v && typeof v === 'object', { error: `must be ${what}` });
const backoff = z.strictObject({ baseMs: ms, capMs: ms });
const keywords = z.union([z.array(text), z.record(z.string(), z.array(text))], { error: 'must be a list of words, or one list per locale' });
const secretList = z.union([text, z.array(text)], { error: 'must be a string or a list of strings' });

const account = z.strictObject({
  id: text,
  flavor: text,
  token: z.union([text, fn], { error: 'must be a token string or a resolver function' }),
  igUserId: text.optional(),
  name: text.optional(),
  username: text.optional(),
});

/** Every option of createKitProxy; KitProxyOptions in proxy.ts is the documented type of the same keys. */
export const kitProxyOptionsSchema = z.strictObject({
  accounts: z.array(account, required('a list of { id, flavor, token }')),
  appSecret: z.union([text, z.array(text), z.strictObject({ page: secretList.optional(), instagram: secretList.optional() })], required('the App Secret, a list (rotation), or { page, instagram }')),
  verifyToken: z.string(required('the Verify Token you entered in the App Dashboard webhook settings')),
  graph: z
    .strictObject({
      baseUrl: z.union([text, z.strictObject({ page: text.optional(), instagram: text.optional(), unified: text.optional() })], { error: 'must be a URL or { page, instagram, unified }' }).optional(),
      version: text.optional(),
      appsecretProof: bool.optional(),
      timeoutMs: ms.optional(),
    })
    .optional(),
  authorize: fn.optional(),
  store: instance('a store (sqliteStore, postgresStore, memoryStore or your own)').optional(),
  publicUrl: text.optional(),
  disclosure: z
    .union([z.literal(false), z.strictObject({ text: z.union([text, z.record(z.string(), text)]).optional(), lapseMs: ms.optional(), locale: fn.optional() })], {
      error: 'must be false or { text, lapseMs, locale }',
    })
    .optional(),
  rateLimits: z.record(z.string(), z.strictObject({ limit: count, intervalMs: ms })).optional(),
  rateLimiter: instance('a rate-limit store (memoryRateLimiter, sqliteRateLimiter, postgresRateLimiter, …)').optional(),
  outbox: z
    .strictObject({
      waitMs: ms.optional(),
      leaseMs: ms.optional(),
      pollMs: ms.optional(),
      maxAttempts: count.optional(),
      maxThrottledAttempts: count.optional(),
      retry: backoff.optional(),
      throttle: backoff.optional(),
      usagePauseMs: ms.optional(),
      coolDownMs: ms.optional(),
      maxHeldPerAccount: count.optional(),
      humanAgentEnabled: bool.optional(),
      echoGraceMs: ms.optional(),
    })
    .optional(),
  consent: z.strictObject({ optOutKeywords: keywords.optional(), optInKeywords: keywords.optional() }).optional(),
  senderActions: z
    .strictObject({ markSeenOnOpen: z.union([bool, fn], { error: 'must be true, false or a function of the account id' }).optional(), typingOnOpen: bool.optional() })
    .optional(),
  uploads: z
    .strictObject({
      dir: text.optional(),
      urlTtlMs: ms.optional(),
      mode: z.strictObject({ page: z.enum(['upload', 'url']).optional(), instagram: z.enum(['upload', 'url']).optional(), unified: z.enum(['upload', 'url']).optional() }).optional(),
      uploadTimeoutMs: ms.optional(),
    })
    .optional(),
  logger: z.union([z.literal(false), instance('a pino logger')], { error: 'must be a pino logger or false' }).optional(),
  webhook: z
    .strictObject({ maxBytes: count.optional(), dedupeTtlMs: ms.optional(), maxAttempts: count.optional(), retryDelayMs: ms.optional() })
    .optional(),
  events: z
    .strictObject({ heartbeatMs: ms.optional(), retryMs: ms.optional(), pollTimeoutMs: ms.optional(), retentionMs: ms.optional(), maxBufferedBytes: count.optional() })
    .optional(),
  backfill: z
    .union([
      z.literal(false),
      z.strictObject({
        enabled: bool.optional(),
        maxConversations: count.optional(),
        retry: z.strictObject({ baseMs: ms.optional(), capMs: ms.optional(), maxAttempts: count.optional() }).optional(),
      }),
    ], { error: 'must be false or { enabled, maxConversations, retry }' })
    .optional(),
  profiles: z
    .union([z.literal(false), z.strictObject({ enabled: bool.optional(), ttlMs: ms.optional(), retryMs: ms.optional() })], { error: 'must be false or { enabled, ttlMs, retryMs }' })
    .optional(),
  forward: z.strictObject({ timeoutMs: ms.optional() }).optional(),
  bus: instance('an event bus (memoryBus or a shared one)').optional(),
  metrics: z
    .union([z.literal(false), z.strictObject({ registry: instance('a prom-client Registry').optional(), accountLabels: bool.optional() })], {
      error: 'must be false or { registry, accountLabels }',
    })
    .optional(),
  routing: z
    .strictObject({
      appId: text.optional(),
      inboxAppIds: z.array(text).optional(),
      sendWhenNotOwner: z
        .enum(SEND_WHEN_NOT_OWNER, { error: (issue) => `must be 'refuse' (the default: a send to a thread another app holds is refused with 409) or 'take' (the kit takes the thread, then sends), got ${JSON.stringify(issue.input)}` })
        .optional(),
    })
    .optional(),
  now: fn.optional(),
});

const pathText = (path: readonly PropertyKey[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');

/** The keys the object schema at `path` accepts (through optional/union wrappers), for "did you mean". */
function acceptedAt(path: readonly PropertyKey[]): string[] {
  let schemas: unknown[] = [kitProxyOptionsSchema];
  const open = (s: unknown): unknown[] => {
    const def = (s as { def?: { innerType?: unknown; options?: unknown[]; element?: unknown } }).def;
    if (def?.innerType) return open(def.innerType);
    if (def?.options) return def.options.flatMap(open);
    return [s];
  };
  for (const key of path) {
    schemas = schemas.flatMap(open).flatMap((s) => {
      if (typeof key === 'number') return [(s as { def?: { element?: unknown } }).def?.element].filter(Boolean);
      return [(s as { shape?: Record<string, unknown> }).shape?.[String(key)]].filter(Boolean);
    });
  }
  return [...new Set(schemas.flatMap(open).flatMap((s) => Object.keys((s as { shape?: object }).shape ?? {})))];
}

/** Throws a TypeError naming the first wrong option; returns nothing when the shape is right. */
export function checkKitProxyOptions(options: unknown): void {
  if (!options || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('createKitProxy: pass an options object ({ accounts, appSecret, verifyToken, authorize, ... }).');
  }
  const result = kitProxyOptionsSchema.safeParse(options);
  if (result.success) return;
  const issue = (result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0]) as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] as string;
    const accepted = acceptedAt(issue.path);
    const suggestion = closestMatch(key, accepted, { maxDistance: Math.max(2, Math.floor(key.length / 3)) });
    const where = issue.path.length ? ` in \`${pathText(issue.path)}\`` : '';
    throw new TypeError(
      `createKitProxy: unknown option \`${pathText([...issue.path, key])}\`${where}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} ` +
        `Accepted: ${accepted.map((k) => `\`${k}\``).join(', ')}.`,
    );
  }
  const field = pathText(issue.path);
  const message = issue.message.startsWith('Invalid input') ? 'has the wrong type' : issue.message;
  throw new TypeError(`createKitProxy: \`${field}\` ${message}.`);
}
