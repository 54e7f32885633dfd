/**
 * Request bodies and query strings, read one way on every route: a zod schema (zod 4) describes
 * what the route accepts, and anything else is refused with a 400 that names the field — an
 * unknown field is never ignored (DESIGN §6), a misspelt one gets a "did you mean".
 *
 *   const seenBody = validateBody(z.strictObject({ typing: z.boolean().optional() }));
 *   router.post(path, express.json({ limit: '8kb' }), asyncHandler(async (req, res) => {
 *     const { typing } = seenBody(req); // typed; throws KitHttpError 400 otherwise
 *   }));
 *
 * Use `z.strictObject` for every object (also nested ones) so unknown keys are refused. Error
 * codes: `unknown_field` for a key the schema does not have, `invalid_body` / `invalid_query`
 * when the whole thing is not an object, otherwise `invalid_<field>` (snake_case of the first
 * path segment) unless `codes` names another. Messages: the schema's own (`{ error: '…' }`) —
 * write them for the developer calling the route: what is wrong and what to send instead.
 */
import type { Request } from 'express';
import { closestMatch } from 'leven';
import type { z } from 'zod';
import { KitHttpError } from './errors';

export interface ValidateOptions {
  /** Error code per top-level field, when `invalid_<field>` is not the right name. */
  codes?: Readonly<Record<string, string>>;
}

export type Where = 'body' | 'query';

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The object schema found at `path` inside `schema` (through optional/nullable/default wrappers). */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  const unwrap = () => {
    for (let guard = 0; guard < 10; guard++) {
      const def = (current as { def?: { innerType?: unknown; element?: unknown } }).def;
      if (def?.innerType) current = def.innerType;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    if (typeof key === 'number') current = (current as { def?: { element?: unknown } }).def?.element;
    else current = (current as { shape?: Record<string, unknown> }).shape?.[String(key)];
    unwrap();
  }
  const shape = (current as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

const pathText = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');

function refusal(schema: z.ZodType, error: z.ZodError, where: Where, options: ValidateOptions): KitHttpError {
  // A misspelt field is both unknown and missing: name the unknown one, it is what to fix.
  const issue = (error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]) as z.core.$ZodIssue;
  if (issue.code === 'unrecognized_keys') {
    return unknownFieldError(pathText([...issue.path, issue.keys[0] as string]), objectKeysAt(schema, issue.path), where);
  }
  const top = issue.path[0];
  const field = pathText(issue.path);
  const code = top === undefined ? `invalid_${where}` : (options.codes?.[String(top)] ?? `invalid_${snake(String(top))}`);
  // The schema's own message when it names the field; zod's default ones get the field in front.
  const message = field && !issue.message.includes(`\`${String(top)}`) ? `\`${field}\`: ${issue.message}` : issue.message;
  return new KitHttpError(400, code, message, { details: { field: field || null } });
}

/**
 * The refusal for a field a route does not take, with a "did you mean" from the accepted ones.
 * Exported for the few hand-written readers (the send body, whose every field has its own rules
 * from @kit/core) so an unknown field reads the same on every route.
 */
export function unknownFieldError(field: string, accepted: readonly string[], where: Where = 'body'): KitHttpError {
  const last = field.slice(Math.max(field.lastIndexOf('.'), field.lastIndexOf(']')) + 1);
  const suggestion = closestMatch(last, [...accepted], { maxDistance: Math.max(2, Math.floor(last.length / 3)) });
  const place = where === 'body' ? 'the request body' : 'the query string';
  return new KitHttpError(
    400,
    'unknown_field',
    `Unknown field \`${field}\` in ${place}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} ` +
      (accepted.length ? `Accepted: ${accepted.map((k) => `\`${k}\``).join(', ')}.` : 'It takes no fields.'),
    { details: { field, accepted, ...(suggestion ? { suggestion } : {}) } },
  );
}

function reader<S extends z.ZodType>(schema: S, where: Where, options: ValidateOptions, input: (req: Request) => unknown) {
  return (req: Request): z.output<S> => {
    const value = input(req);
    if (!isPlainObject(value)) {
      const accepted = objectKeysAt(schema, []);
      throw new KitHttpError(400, `invalid_${where}`, `Send ${where === 'body' ? 'a JSON object' : 'query parameters'} with the fields ${accepted.map((k) => `\`${k}\``).join(', ')}.`);
    }
    const result = schema.safeParse(value);
    if (!result.success) throw refusal(schema, result.error, where, options);
    return result.data;
  };
}

/**
 * A reader for the JSON body of a route (parse it first with `express.json()`). A request
 * without a body reads as `{}`, so a schema with only optional fields accepts it.
 */
export function validateBody<S extends z.ZodType>(schema: S, options: ValidateOptions = {}): (req: Request) => z.output<S> {
  return reader(schema, 'body', options, (req) => (req.body === undefined ? {} : req.body));
}

/**
 * A reader for the query string. Values are strings (arrays when a parameter repeats, so a
 * `z.string()` field refuses `?limit=1&limit=2`); only the query object's own keys are looked at.
 */
export function parseQuery<S extends z.ZodType>(schema: S, options: ValidateOptions = {}): (req: Request) => z.output<S> {
  return reader(schema, 'query', options, (req) => Object.fromEntries(Object.entries((req.query ?? {}) as object)));
}
