/**
 * How deeply a JSON text nests, found by one scan over its characters — no parse, no recursion —
 * so a signed body nested 10,000 levels deep is refused before anything recursive (JSON.parse's
 * callers, hashing, our normalizer) walks it. Meta's payloads nest about ten levels; anything
 * deeper than MAX_WEBHOOK_DEPTH is not from Meta's documented schema.
 *
 * Hand-written because the JSON parsers we could use either recurse themselves or parse the
 * whole document first; counting brackets outside strings is all that is needed here.
 */

/** Deepest nesting of objects/arrays accepted in a webhook payload. */
export const MAX_WEBHOOK_DEPTH = 64;

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]

/**
 * True when the text opens more than `limit` objects/arrays inside one another. Works on UTF-8
 * bytes or a string alike: every byte of a multi-byte UTF-8 character is ≥ 0x80, so it can never
 * be mistaken for a bracket or a quote. Stops at the first level over the limit.
 */
export function nestsDeeperThan(text: Uint8Array | string, limit: number): boolean {
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i] as number;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++; // the escaped character cannot end the string
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** Why a signed payload cannot be processed, or null when it parses within the bounds. */
export type PayloadProblem = { code: 'payload_too_deep' | 'invalid_json'; message: string };

/** Parses a webhook payload within the depth bound; never recurses on the input's nesting before the check. */
export function parseWebhookPayload(text: Uint8Array | string): { ok: true; value: unknown } | { ok: false; problem: PayloadProblem } {
  if (nestsDeeperThan(text, MAX_WEBHOOK_DEPTH)) {
    return {
      ok: false,
      problem: { code: 'payload_too_deep', message: `The payload nests objects/arrays deeper than ${MAX_WEBHOOK_DEPTH} levels; Meta's webhook payloads are shallow.` },
    };
  }
  try {
    return { ok: true, value: JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')) };
  } catch {
    return { ok: false, problem: { code: 'invalid_json', message: 'The payload is not valid JSON.' } };
  }
}
