/**
 * Logging with pino. Tokens must never reach a log line (DESIGN §4), and pino's `redact` only
 * works on key paths — it cannot scrub a token embedded in a string such as a URL
 * (proxy-anchors §6.3). So two rules hold everywhere in this package:
 *   1. never build a string that contains a token or proof (tokens go in a header, proofs are
 *      added to the outgoing request at the last moment), and never log `req.url`/`originalUrl`
 *      — log `pathOnly(...)`;
 *   2. key-path redaction below as a second line of defence for objects someone logs anyway.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS: readonly string[] = [
  'token',
  'access_token',
  'appsecret_proof',
  'appSecret',
  'client_secret',
  'authorization',
  'cookie',
  '*.token',
  '*.access_token',
  '*.appsecret_proof',
  '*.appSecret',
  '*.client_secret',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*["set-cookie"]',
  '*["x-hub-signature-256"]',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.query',
  'query',
  'url',
  '*.url',
];

export const REDACT_CENSOR = '[redacted]';

/**
 * The package's logger: the host's pino logger (or a default one) as a child with our
 * redaction, made unable to throw. `false` silences the kit entirely.
 */
export function kitLogger(logger: Logger | false | undefined): Logger {
  if (logger === false) return pino({ enabled: false });
  const base = logger ?? pino({ name: 'kit', level: process.env.KIT_LOG_LEVEL ?? 'info' });
  return neverThrowing(base.child({ component: 'kit-proxy' }, { redact: { paths: [...REDACT_PATHS], censor: REDACT_CENSOR } }));
}

/**
 * The logger with every method call (and property read) wrapped in try/catch, children included.
 * The kit logs inside `.catch` handlers and background loops, where a throwing logger (a broken
 * destination, a host's custom logger, a serializer that chokes on a value) would turn a handled
 * failure into an unhandled rejection that ends the host process. A log line lost is the lesser harm.
 */
export function neverThrowing(logger: Logger): Logger {
  return new Proxy(logger, {
    get(target, prop) {
      let value: unknown;
      try {
        value = Reflect.get(target, prop, target);
      } catch {
        return undefined;
      }
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          // child() hands out a new logger, which must not throw either; a failing child() gives the parent.
          return prop === 'child' ? neverThrowing((result as Logger | undefined) ?? target) : result;
        } catch {
          return prop === 'child' ? neverThrowing(target) : undefined;
        }
      };
    },
  });
}

/** `/a/b?x=1#f` → `/a/b`: the only form of a URL this package logs or echoes. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
