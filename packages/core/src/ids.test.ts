import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conversationId, isLocalMessageId, localMessageId, parseConversationId } from './ids';

describe('conversation ids', () => {
  it('joins account and customer with a colon', () => {
    expect(conversationId('17841400000000001', '6543210987654321')).toBe('17841400000000001:6543210987654321');
  });

  it('round-trips, whatever the (opaque) IGSID contains', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,20}$/), fc.string({ minLength: 1 }), (account, igsid) => {
        expect(parseConversationId(conversationId(account, igsid))).toEqual({ accountId: account, customerId: igsid });
      }),
    );
  });

  it('rejects ids it cannot round-trip', () => {
    expect(() => conversationId('', '1')).toThrow(TypeError);
    expect(() => conversationId('a:b', '1')).toThrow(TypeError);
    expect(() => conversationId('1', '')).toThrow(TypeError);
  });

  it.each(['', 'abc', ':abc', 'abc:'])('parseConversationId(%j) is null', (s) => {
    expect(parseConversationId(s)).toBeNull();
  });
});

describe('local message ids', () => {
  it('marks messages without a Graph mid', () => {
    expect(localMessageId('c-123')).toBe('local:c-123');
    expect(isLocalMessageId('local:c-123')).toBe(true);
    expect(isLocalMessageId('aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw')).toBe(false);
  });
});
