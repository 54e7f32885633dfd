import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { KitHttpError } from './errors';
import { parseQuery, validateBody } from './validate';

const req = (parts: { body?: unknown; query?: unknown }) => parts as unknown as Request;

function refusal(read: () => unknown): KitHttpError {
  try {
    read();
  } catch (err) {
    return err as KitHttpError;
  }
  throw new Error('expected a refusal');
}

const reactionBody = validateBody(
  z.strictObject({
    to: z.string({ error: '`to` must be the customer IGSID.' }),
    messageId: z.string(),
    payload: z.strictObject({ reaction: z.string() }).optional(),
  }),
  { codes: { to: 'invalid_recipient' } },
);

describe('validateBody', () => {
  it('returns the typed body when it matches', () => {
    expect(reactionBody(req({ body: { to: '1', messageId: 'm' } }))).toEqual({ to: '1', messageId: 'm' });
  });

  it('refuses an unknown field with 400 unknown_field, naming it and suggesting the near one', () => {
    const err = refusal(() => reactionBody(req({ body: { to: '1', messageID: 'm' } })));
    expect([err.status, err.code, err.category]).toEqual([400, 'unknown_field', 'validation']);
    expect(err.message).toBe('Unknown field `messageID` in the request body. Did you mean `messageId`? Accepted: `to`, `messageId`, `payload`.');
    expect(err.details).toEqual({ field: 'messageID', accepted: ['to', 'messageId', 'payload'], suggestion: 'messageId' });
  });

  it('refuses unknown fields of nested objects too, with their path', () => {
    const err = refusal(() => reactionBody(req({ body: { to: '1', messageId: 'm', payload: { reaction: 'love', emoji: 'x' } } })));
    expect(err.code).toBe('unknown_field');
    expect(err.details).toMatchObject({ field: 'payload.emoji', accepted: ['reaction'] });
    expect(err.details).not.toHaveProperty('suggestion');
  });

  it('uses the schema message and the code for the field (invalid_<field> unless named)', () => {
    const to = refusal(() => reactionBody(req({ body: { to: 5, messageId: 'm' } })));
    expect([to.code, to.message]).toEqual(['invalid_recipient', '`to` must be the customer IGSID.']);
    const missing = refusal(() => reactionBody(req({ body: { to: '1' } })));
    expect(missing.code).toBe('invalid_message_id');
    expect(missing.message).toMatch(/^`messageId`: /);
  });

  it('refuses a body that is not an object, and reads a missing body as {}', () => {
    expect(refusal(() => reactionBody(req({ body: [1] }))).code).toBe('invalid_body');
    expect(refusal(() => reactionBody(req({ body: 'text' }))).code).toBe('invalid_body');
    const optional = validateBody(z.strictObject({ typing: z.boolean().optional() }));
    expect(optional(req({}))).toEqual({});
  });
});

describe('parseQuery', () => {
  const page = parseQuery(z.strictObject({ limit: z.string().regex(/^\d+$/).optional(), before: z.string().optional() }));

  it('accepts the declared parameters and refuses any other, own keys only', () => {
    expect(page(req({ query: { limit: '10' } }))).toEqual({ limit: '10' });
    const inherited = Object.create({ injected: 'x' }) as Record<string, string>;
    inherited.limit = '5';
    expect(page(req({ query: inherited }))).toEqual({ limit: '5' });
    const err = refusal(() => page(req({ query: { limt: '10' } })));
    expect([err.code, err.details?.suggestion]).toEqual(['unknown_field', 'limit']);
    expect(err.message).toContain('in the query string');
  });

  it('refuses a repeated parameter where one value is expected', () => {
    expect(refusal(() => page(req({ query: { limit: ['1', '2'] } }))).code).toBe('invalid_limit');
  });
});
