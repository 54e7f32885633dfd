import { describe, expect, it } from 'vitest';
import {
  checkSavedReply,
  expandSavedReply,
  matchSavedReplies,
  SAVED_REPLY_TEXT_MAX_BYTES,
  savedReplyValues,
  unknownVariables,
} from './saved-replies';

describe('unknownVariables', () => {
  it('names each brace-wrapped identifier that is not a variable, once, in order', () => {
    expect(unknownVariables('Hi {first_name}, {firstname} and {Name}, {firstname} again')).toEqual([
      'firstname',
      'Name',
    ]);
  });
  it('leaves braces around anything that is not an identifier alone', () => {
    expect(unknownVariables('{ } {:-)} {"a": 1} {1st} {}')).toEqual([]);
  });
});

describe('checkSavedReply', () => {
  it('accepts a shortcut of lower-case letters, digits, - and _ and a text with known variables', () => {
    expect(
      checkSavedReply({ shortcut: 'thanks-2_x', text: 'Thanks {first_name} (@{username}), {full_name}!' }),
    ).toEqual([]);
  });
  it('refuses shortcuts with spaces, capitals, a leading dash or more than 32 characters', () => {
    for (const shortcut of ['two words', 'Thanks', '-x', 'a'.repeat(33), '', '/hi']) {
      expect(checkSavedReply({ shortcut }), shortcut).toEqual([{ field: 'shortcut', code: 'invalid_shortcut' }]);
    }
  });
  it('refuses an empty text, a text over the limit, and names the unknown variables', () => {
    expect(checkSavedReply({ text: '  \n' })).toEqual([{ field: 'text', code: 'empty_text' }]);
    expect(checkSavedReply({ text: 'é'.repeat(SAVED_REPLY_TEXT_MAX_BYTES / 2 + 1) })).toEqual([
      { field: 'text', code: 'text_too_long' },
    ]);
    expect(checkSavedReply({ text: 'Hi {name} from {agent}' })).toEqual([
      { field: 'text', code: 'unknown_variables', variables: ['name', 'agent'] },
    ]);
  });
  it('checks only the fields given (a partial update)', () => {
    expect(checkSavedReply({})).toEqual([]);
    expect(checkSavedReply({ text: 'ok' })).toEqual([]);
  });
});

describe('savedReplyValues', () => {
  it('takes the first word of the profile name as the first name', () => {
    expect(savedReplyValues({ name: '  Giulia  Rossi ', username: 'giulia.r' })).toEqual({
      full_name: 'Giulia  Rossi',
      first_name: 'Giulia',
      username: 'giulia.r',
    });
  });
  it('has no values without a profile', () => {
    expect(savedReplyValues(undefined)).toEqual({});
    expect(savedReplyValues({ name: ' ' })).toEqual({});
  });
});

describe('expandSavedReply', () => {
  it('replaces every known variable, each time it occurs', () => {
    expect(
      expandSavedReply('Hi {first_name}! {first_name}, @{username}', { first_name: 'Ana', username: 'ana_b' }),
    ).toBe('Hi Ana! Ana, @ana_b');
  });
  it('drops a missing value with the space before it when punctuation or the end follows', () => {
    expect(expandSavedReply('Hi {first_name}, thanks', {})).toBe('Hi, thanks');
    expect(expandSavedReply('Thanks {first_name}', {})).toBe('Thanks');
    expect(expandSavedReply('Dear {first_name} and team', {})).toBe('Dear  and team');
  });
  it('leaves unknown names and non-variables as written', () => {
    expect(expandSavedReply('{agent} {x y} {first_name}', { first_name: 'Bo' })).toBe('{agent} {x y} Bo');
  });
  it('inserts values literally, even ones that look like replacement patterns', () => {
    expect(expandSavedReply('Hi {first_name}', { first_name: '$& $1' })).toBe('Hi $& $1');
  });
});

describe('matchSavedReplies', () => {
  const replies = [{ shortcut: 'hours' }, { shortcut: 'thanks' }, { shortcut: 'shipping' }, { shortcut: 'hi' }];
  it('lists shortcuts starting with the query first, then those containing it', () => {
    expect(matchSavedReplies(replies, 'h').map((r) => r.shortcut)).toEqual(['hours', 'hi', 'thanks', 'shipping']);
    expect(matchSavedReplies(replies, 'SHIP').map((r) => r.shortcut)).toEqual(['shipping']);
    expect(matchSavedReplies(replies, '').map((r) => r.shortcut)).toEqual(['hours', 'thanks', 'shipping', 'hi']);
  });
});
