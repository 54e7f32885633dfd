/** Pure rules of the sending side: keywords, notice texts and locales, body validation edges. */
import { describe, expect, it } from 'vitest';
import { TEXT_MAX_BYTES, type KitConversation } from '@kit/core';
import type { KitHttpError } from '../http/errors';
import { ConsentKeywords, normalizeKeyword } from './consent';
import { DEFAULT_DISCLOSURE_TEXTS, disclosureText, resolveDisclosure } from './disclosure';
import { fingerprint, rateClassOf, validateSendBody } from './validate';

const conv = (extra: Partial<KitConversation> = {}): KitConversation => ({ id: 'a:c', accountId: 'a', customerId: 'c', lastMessageAt: 0, unreadCount: 0, ...extra });

describe('consent keywords', () => {
  it('matches whole messages, ignoring case, accents, punctuation and emoji', () => {
    const k = new ConsentKeywords();
    for (const t of ['STOP', 'stop.', ' Stop! ', 'Basta', 'stopp', 'Abmelden 🙏', 'disiscrivimi']) expect(k.match(t), t).toBe('opted_out');
    for (const t of ['stop it please', 'Please stop by', 'stoppen', '', 'S T O P']) expect(k.match(t), t).toBeNull();
    expect(normalizeKeyword('Désabonner-moi')).toBe('DESABONNER MOI');
  });

  it('takes custom lists per locale, and opt-in keywords only when configured', () => {
    const k = new ConsentKeywords({ optOutKeywords: { fr: ['arrêt'] }, optInKeywords: ['start'] });
    expect(k.match('ARRET')).toBe('opted_out');
    expect(k.match('stop')).toBeNull();
    expect(k.match('Start')).toBe('opted_in');
    expect(new ConsentKeywords().match('start')).toBeNull();
  });
});

describe('disclosure texts', () => {
  it('picks the exact locale, then the language, then English', () => {
    const cfg = resolveDisclosure({ text: { en: 'EN', it: 'IT', 'pt-BR': 'BR' }, locale: (c) => c.customerId })!;
    expect(disclosureText(cfg, conv({ customerId: 'it-CH' }))).toEqual({ text: 'IT', locale: 'it' });
    expect(disclosureText(cfg, conv({ customerId: 'pt-br' }))).toEqual({ text: 'BR', locale: 'pt-BR' });
    expect(disclosureText(cfg, conv({ customerId: 'fr' }))).toEqual({ text: 'EN', locale: 'en' });
    const fromState = resolveDisclosure(undefined)!;
    expect(disclosureText(fromState, conv({ disclosure: { automated: true, locale: 'de' } })).text).toBe(DEFAULT_DISCLOSURE_TEXTS.de);
  });

  it('refuses at startup a notice Instagram would not accept, and can be turned off', () => {
    expect(() => resolveDisclosure({ text: { en: 'x'.repeat(TEXT_MAX_BYTES + 1) } })).toThrow(/disclosure\.text\.en cannot be sent/);
    expect(() => resolveDisclosure({ lapseMs: 0 })).toThrow(/lapseMs/);
    expect(resolveDisclosure(false)).toBeNull();
  });
});

describe('validateSendBody', () => {
  const base = { to: '1234', clientId: 'c-1' };
  const code = (body: unknown) => {
    try {
      validateSendBody(body);
      return 'ok';
    } catch (err) {
      return (err as KitHttpError).code;
    }
  };

  it('accepts exactly 1000 UTF-8 bytes and refuses 1001, counting bytes not characters', () => {
    expect(code({ ...base, text: 'a'.repeat(TEXT_MAX_BYTES) })).toBe('ok');
    expect(code({ ...base, text: 'a'.repeat(TEXT_MAX_BYTES - 1) + 'é' })).toBe('text_too_long');
    expect(code({ ...base, text: '👍'.repeat(250) })).toBe('ok'); // 4 bytes each
    expect(code({ ...base, text: '👍'.repeat(251) })).toBe('text_too_long');
  });

  it('classifies content for the rate limits and fingerprints what was asked', () => {
    const a = validateSendBody({ ...base, text: 'hi' });
    expect(rateClassOf(a)).toBe('text');
    expect(rateClassOf(validateSendBody({ ...base, sticker: 'like_heart' }))).toBe('stickers');
    expect(rateClassOf(validateSendBody({ ...base, attachment: { type: 'file', url: 'https://x.example.com/a.pdf' } }))).toBe('media');
    expect(fingerprint(a)).toBe(fingerprint(validateSendBody({ ...base, text: 'hi', automated: false })));
    expect(fingerprint(a)).not.toBe(fingerprint(validateSendBody({ ...base, text: 'hi', automated: true })));
  });

  it('refuses ids that could collide with internal rows or break paths', () => {
    expect(code({ ...base, clientId: 'a#disclosure', text: 'x' })).toBe('invalid_client_id');
    expect(code({ ...base, clientId: 'a/b', text: 'x' })).toBe('invalid_client_id');
    expect(code({ ...base, to: '../me', text: 'x' })).toBe('invalid_recipient');
    expect(code({ ...base, text: 'x', replyTo: 'local:abc' })).toBe('invalid_reply_to');
  });
});
