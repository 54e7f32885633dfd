import { describe, expect, it } from 'vitest';
import { checkIceBreakers, checkMessengerProfileUpdate, checkPersistentMenu } from './profile';

const breaker = (question: string, payload = 'Q') => ({ question, payload });

describe('checkIceBreakers', () => {
  it('accepts up to 4 questions, and an empty list (removes them)', () => {
    const four = ['Opening hours?', 'Where are you?', 'Do you ship?', 'Returns?'].map((q) => breaker(q));
    expect(checkIceBreakers(four)).toEqual({ ok: true, value: four, issues: [] });
    expect(checkIceBreakers([])).toEqual({ ok: true, value: [], issues: [] });
  });

  it('refuses a 5th question, a long question and unknown fields', () => {
    const r = checkIceBreakers([breaker('a'), breaker('b'), breaker('c'), breaker('q'.repeat(81)), { question: 'e', payload: 'E', locale: 'it_IT' }]);
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      { path: 'iceBreakers', code: 'too_many', message: '`iceBreakers` has 5 ice breakers; Instagram allows at most 4.', limit: 4, actual: 5, unit: 'items' },
      { path: 'iceBreakers[3].question', code: 'too_long', message: '`iceBreakers[3].question` is 81 characters; Instagram allows at most 80.', limit: 80, actual: 81, unit: 'characters' },
      { path: 'iceBreakers[4].locale', code: 'unknown_field', message: '`iceBreakers[4].locale` is not a field of an ice breaker; use `question`, `payload`.' },
    ]);
  });

  it('needs a payload on every question', () => {
    expect(checkIceBreakers([{ question: 'Hi?' }]).issues).toEqual([{ path: 'iceBreakers[0].payload', code: 'required', message: '`iceBreakers[0].payload` is required.' }]);
  });
});

describe('checkPersistentMenu', () => {
  it('accepts postback and web_url items; menu titles may be 30 characters', () => {
    const menu = [
      { type: 'postback', title: 'Talk to a person right now ok', payload: 'HUMAN' },
      { type: 'web_url', title: 'Shop', url: 'https://shop.example.com' },
    ];
    expect(checkPersistentMenu(menu)).toEqual({ ok: true, value: menu, issues: [] });
  });

  it('refuses a 21st item and a 31-character title', () => {
    const menu = Array.from({ length: 21 }, (_, i) => ({ type: 'postback', title: i === 0 ? 'x'.repeat(31) : `Item ${i}`, payload: `I${i}` }));
    expect(checkPersistentMenu(menu).issues.map((i) => [i.path, i.code, i.limit])).toEqual([
      ['persistentMenu', 'too_many', 20],
      ['persistentMenu[0].title', 'too_long', 30],
    ]);
  });
});

describe('checkMessengerProfileUpdate', () => {
  it('takes either part and refuses an empty or unknown change', () => {
    expect(checkMessengerProfileUpdate({ iceBreakers: [] })).toEqual({ ok: true, value: { iceBreakers: [] }, issues: [] });
    expect(checkMessengerProfileUpdate({}).issues[0]).toMatchObject({ code: 'required' });
    expect(checkMessengerProfileUpdate({ getStarted: { payload: 'GO' } }).issues).toEqual([
      { path: 'getStarted', code: 'unknown_field', message: '`getStarted` is not a field of the messenger profile; use `iceBreakers`, `persistentMenu`.' },
      { path: '', code: 'required', message: 'Nothing to change: give `iceBreakers`, `persistentMenu` or both (an empty list removes one).' },
    ]);
    expect(checkMessengerProfileUpdate({ persistentMenu: [{ type: 'web_url', title: 'Shop', url: 'http://x.example' }] }).issues[0]).toMatchObject({
      path: 'persistentMenu[0].url',
      code: 'invalid_url',
    });
  });
});
