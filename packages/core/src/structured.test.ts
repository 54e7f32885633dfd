import { describe, expect, it } from 'vitest';
import { QUICK_REPLIES_MAX, STRUCTURED_LIMITS, TEMPLATE_LIMITS } from './limits';
import { checkQuickReplies, checkTemplate, countCharacters, templateAttachment, type StructuredCheck } from './structured';

/** The issues of a failed check (fails the test if it passed). */
function issues<T>(r: StructuredCheck<T>) {
  expect(r.ok).toBe(false);
  return r.issues.map(({ path, code, message, limit, actual, unit }) => ({ path, code, message, ...(limit !== undefined ? { limit, actual, unit } : {}) }));
}

const chip = (title: string, payload = 'P') => ({ contentType: 'text', title, payload });
const postback = (title: string, payload = 'P') => ({ type: 'postback', title, payload });
const link = (title: string, url = 'https://shop.example.com/a') => ({ type: 'web_url', title, url });

describe('structured limits', () => {
  it('holds the reference numbers and marks the Messenger-only ones configurable', () => {
    expect(STRUCTURED_LIMITS.quickRepliesMax).toBe(13); // §1.7
    expect(QUICK_REPLIES_MAX).toBe(13);
    expect(STRUCTURED_LIMITS.quickReplyTitleMaxChars).toBe(20); // §1.7
    expect(STRUCTURED_LIMITS.buttonsMax).toBe(3); // §1.8
    expect(STRUCTURED_LIMITS.genericElementsMax).toBe(TEMPLATE_LIMITS.genericElementsMax);
    expect(STRUCTURED_LIMITS.elementTitleMaxChars).toBe(80);
    expect(STRUCTURED_LIMITS.elementSubtitleMaxChars).toBe(80);
    expect(STRUCTURED_LIMITS.buttonTemplateTextMaxChars).toBe(640);
    expect(STRUCTURED_LIMITS.postbackPayloadMaxBytes).toBe(1000);
    expect(STRUCTURED_LIMITS.iceBreakersMax).toBe(4);
  });

  it('counts code points, so an emoji is one character and a flag two', () => {
    expect(countCharacters('abc')).toBe(3);
    expect(countCharacters('😀')).toBe(1);
    expect(countCharacters('🇮🇹')).toBe(2);
    expect(countCharacters('\ud83d')).toBe(1); // a lone surrogate still counts
  });
});

describe('checkQuickReplies', () => {
  it('accepts text, phone and email chips and returns them unchanged', () => {
    const input = [chip('Yes', 'YES'), { contentType: 'user_phone_number' }, { contentType: 'user_email' }];
    expect(checkQuickReplies(input)).toEqual({ ok: true, value: input, issues: [] });
  });

  it('refuses a 14th chip with the count and the limit', () => {
    const list = Array.from({ length: 14 }, (_, i) => chip(`Option ${i}`));
    expect(issues(checkQuickReplies(list))).toEqual([
      { path: 'quickReplies', code: 'too_many', message: '`quickReplies` has 14 quick replies; Instagram allows at most 13.', limit: 13, actual: 14, unit: 'items' },
    ]);
    expect(checkQuickReplies(list.slice(0, 13)).ok).toBe(true);
  });

  it('refuses a title over 20 characters (Instagram would cut it) and counts emoji as one', () => {
    expect(issues(checkQuickReplies([chip('Twenty-one characters')]))).toEqual([
      { path: 'quickReplies[0].title', code: 'too_long', message: '`quickReplies[0].title` is 21 characters; Instagram allows at most 20.', limit: 20, actual: 21, unit: 'characters' },
    ]);
    expect(checkQuickReplies([chip('😀'.repeat(20))]).ok).toBe(true);
  });

  it('refuses a payload over 1000 UTF-8 bytes', () => {
    expect(issues(checkQuickReplies([chip('Ok', 'é'.repeat(501))]))).toEqual([
      { path: 'quickReplies[0].payload', code: 'too_long', message: '`quickReplies[0].payload` is 1002 bytes in UTF-8; Instagram allows at most 1000.', limit: 1000, actual: 1002, unit: 'bytes' },
    ]);
  });

  it('names missing, blank, unknown and mistyped fields, all at once', () => {
    expect(issues(checkQuickReplies([{ contentType: 'text', title: '  ' }, { contentType: 'location' }, { contentType: 'text', title: 'Red', payload: 'R', image_url: 'https://x.example/r.png' }, 'nope']))).toEqual([
      { path: 'quickReplies[0].title', code: 'required', message: '`quickReplies[0].title` is empty; write some text.' },
      { path: 'quickReplies[0].payload', code: 'required', message: '`quickReplies[0].payload` is required.' },
      { path: 'quickReplies[1].contentType', code: 'invalid_value', message: "`quickReplies[1].contentType` must be one of 'text', 'user_phone_number', 'user_email'; got \"location\"." },
      { path: 'quickReplies[2].image_url', code: 'unknown_field', message: '`quickReplies[2].image_url` is not a field of a text quick reply; use `contentType`, `title`, `payload`.' },
      { path: 'quickReplies[3]', code: 'invalid_type', message: "`quickReplies[3]` must be an object (a quick reply: { contentType: 'text', title, payload })." },
    ]);
  });

  it('refuses a title on a phone chip (Instagram fills it in) and an empty list', () => {
    expect(issues(checkQuickReplies([{ contentType: 'user_email', title: 'Mail' }]))).toEqual([
      { path: 'quickReplies[0].title', code: 'unknown_field', message: '`quickReplies[0].title` is not a field of a user_email quick reply (Instagram fills it in); use `contentType`.' },
    ]);
    expect(issues(checkQuickReplies([]))[0]).toMatchObject({ code: 'too_few', path: 'quickReplies' });
    expect(issues(checkQuickReplies('yes'))[0]).toMatchObject({ code: 'invalid_type' });
  });

  it('takes limit overrides and a path prefix', () => {
    const r = checkQuickReplies([chip('abcdef')], { path: 'body.quickReplies', limits: { quickReplyTitleMaxChars: 5 } });
    expect(issues(r)).toEqual([
      { path: 'body.quickReplies[0].title', code: 'too_long', message: '`body.quickReplies[0].title` is 6 characters; Instagram allows at most 5.', limit: 5, actual: 6, unit: 'characters' },
    ]);
  });
});

describe('checkTemplate: button template', () => {
  const good = { type: 'button', text: 'How did we do?', buttons: [postback('Great', 'CSAT_5'), link('Shop')] };

  it('accepts text with web_url and postback buttons', () => {
    expect(checkTemplate(good)).toEqual({ ok: true, value: good, issues: [] });
  });

  it('refuses text over 640 characters and a 4th button', () => {
    expect(issues(checkTemplate({ ...good, text: 'x'.repeat(641), buttons: [postback('a'), postback('b'), postback('c'), postback('d')] }))).toEqual([
      { path: 'template.text', code: 'too_long', message: '`template.text` is 641 characters; Instagram allows at most 640.', limit: 640, actual: 641, unit: 'characters' },
      { path: 'template.buttons', code: 'too_many', message: '`template.buttons` has 4 buttons; Instagram allows at most 3.', limit: 3, actual: 4, unit: 'items' },
    ]);
  });

  it('needs at least one button and text', () => {
    expect(issues(checkTemplate({ type: 'button', buttons: [] }))).toEqual([
      { path: 'template.text', code: 'required', message: '`template.text` is required.' },
      { path: 'template.buttons', code: 'too_few', message: '`template.buttons` is empty; give at least one of buttons.', limit: 1, actual: 0, unit: 'items' },
    ]);
    expect(issues(checkTemplate({ type: 'button', text: 'Hi' }))).toEqual([{ path: 'template.buttons', code: 'required', message: '`template.buttons` is required: 1–3 buttons.' }]);
  });

  it('web_url buttons need an https link Meta can open', () => {
    expect(issues(checkTemplate({ ...good, buttons: [link('Plain', 'http://shop.example.com'), link('Local', 'https://localhost/x'), { type: 'web_url', title: 'None' }] }))).toEqual([
      { path: 'template.buttons[0].url', code: 'invalid_url', message: '`template.buttons[0].url` must be an https:// link; Instagram opens and fetches only secure links.' },
      { path: 'template.buttons[1].url', code: 'invalid_url', message: '`template.buttons[1].url` is not a sendable link: The link needs a public web address such as example.com.' },
      { path: 'template.buttons[2].url', code: 'required', message: '`template.buttons[2].url` is required.' },
    ]);
  });

  it('postback payloads are at most 1000 bytes; button titles at most 20 characters; fields match the type', () => {
    expect(issues(checkTemplate({ ...good, buttons: [postback('Ok', 'x'.repeat(1001)), postback('A title of 21 chars..'), { type: 'postback', title: 'Go', payload: 'G', url: 'https://a.example' }] }))).toEqual([
      { path: 'template.buttons[0].payload', code: 'too_long', message: '`template.buttons[0].payload` is 1001 bytes in UTF-8; Instagram allows at most 1000.', limit: 1000, actual: 1001, unit: 'bytes' },
      { path: 'template.buttons[1].title', code: 'too_long', message: '`template.buttons[1].title` is 21 characters; Instagram allows at most 20.', limit: 20, actual: 21, unit: 'characters' },
      { path: 'template.buttons[2].url', code: 'unknown_field', message: '`template.buttons[2].url` is not a field of a postback button; use `type`, `title`, `payload`.' },
    ]);
    expect(issues(checkTemplate({ ...good, buttons: [{ type: 'phone_number', title: 'Call', payload: '+39' }] }))).toEqual([
      { path: 'template.buttons[0].type', code: 'invalid_value', message: "`template.buttons[0].type` must be one of 'web_url', 'postback'; got \"phone_number\"." },
    ]);
  });

  it('refuses unknown template fields and types', () => {
    expect(issues(checkTemplate({ ...good, sharable: true }))).toEqual([
      { path: 'template.sharable', code: 'unknown_field', message: '`template.sharable` is not a field of a button template; use `type`, `text`, `buttons`.' },
    ]);
    expect(issues(checkTemplate({ type: 'media', elements: [] }))).toEqual([
      { path: 'template.type', code: 'invalid_value', message: "`template.type` must be one of 'button', 'generic'; got \"media\"." },
    ]);
    expect(issues(checkTemplate(null))[0]).toMatchObject({ path: 'template', code: 'invalid_type' });
  });
});

describe('checkTemplate: generic template', () => {
  const card = { title: 'Linen shirt', subtitle: '€49 · sizes S–XL', imageUrl: 'https://cdn.example.com/shirt.jpg', defaultActionUrl: 'https://shop.example.com/shirt', buttons: [link('Buy'), postback('Ask a person', 'HUMAN')] };

  it('accepts a carousel of up to 10 cards', () => {
    const t = { type: 'generic', elements: Array.from({ length: 10 }, () => card) };
    expect(checkTemplate(t)).toEqual({ ok: true, value: t, issues: [] });
  });

  it('refuses an 11th card, long titles and subtitles, a 4th button and non-https images', () => {
    const elements = Array.from({ length: 11 }, () => card);
    elements[1] = { ...card, title: 't'.repeat(81), subtitle: 's'.repeat(81), imageUrl: 'ftp://cdn.example.com/a.jpg', buttons: [link('a'), link('b'), link('c'), link('d')] };
    expect(issues(checkTemplate({ type: 'generic', elements }))).toEqual([
      { path: 'template.elements', code: 'too_many', message: '`template.elements` has 11 elements; Instagram allows at most 10.', limit: 10, actual: 11, unit: 'items' },
      { path: 'template.elements[1].title', code: 'too_long', message: '`template.elements[1].title` is 81 characters; Instagram allows at most 80.', limit: 80, actual: 81, unit: 'characters' },
      { path: 'template.elements[1].subtitle', code: 'too_long', message: '`template.elements[1].subtitle` is 81 characters; Instagram allows at most 80.', limit: 80, actual: 81, unit: 'characters' },
      { path: 'template.elements[1].imageUrl', code: 'invalid_url', message: '`template.elements[1].imageUrl` is not a sendable link: Only http:// and https:// links can be sent.' },
      { path: 'template.elements[1].buttons', code: 'too_many', message: '`template.elements[1].buttons` has 4 buttons; Instagram allows at most 3.', limit: 3, actual: 4, unit: 'items' },
    ]);
  });

  it('needs a title on every card and at least one card', () => {
    expect(issues(checkTemplate({ type: 'generic', elements: [{ subtitle: 'no title' }] }))).toEqual([
      { path: 'template.elements[0].title', code: 'required', message: '`template.elements[0].title` is required.' },
    ]);
    expect(issues(checkTemplate({ type: 'generic', elements: [] }))[0]).toMatchObject({ code: 'too_few' });
    expect(issues(checkTemplate({ type: 'generic' }))[0]).toMatchObject({ code: 'required', path: 'template.elements' });
    expect(issues(checkTemplate({ type: 'generic', elements: [{ title: 'x', default_action: {} }] }))[0]).toMatchObject({
      code: 'unknown_field',
      path: 'template.elements[0].default_action',
    });
  });

  it('the UNCONFIRMED numbers can be overridden', () => {
    const t = { type: 'generic', elements: [{ title: 'x'.repeat(90) }] };
    expect(checkTemplate(t).ok).toBe(false);
    expect(checkTemplate(t, { limits: { elementTitleMaxChars: 100 } }).ok).toBe(true);
  });
});

describe('templateAttachment', () => {
  it('stores a sent template as the attachment its echo becomes', () => {
    expect(templateAttachment({ type: 'button', text: 'Hi', buttons: [{ type: 'postback', title: 'A', payload: 'A' }] })).toEqual({
      type: 'template',
      templateType: 'button',
      text: 'Hi',
      buttons: [{ type: 'postback', title: 'A', payload: 'A' }],
    });
    expect(templateAttachment({ type: 'generic', elements: [{ title: 'Card' }] })).toEqual({ type: 'template', templateType: 'generic', elements: [{ title: 'Card' }] });
  });
});
