import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TEXT_MAX_BYTES } from './limits';
import { countGraphemes, measureText, splitText, TextSplitError, utf8ByteLength } from './text';

// ---------------------------------------------------------------------------------------------
// Reference implementations and generators
// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const refSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const refBytes = (text: string): number => encoder.encode(text).length;
const refGraphemes = (text: string): string[] => Array.from(refSegmenter.segment(text), (x) => x.segment);
/** Offsets of all grapheme boundaries, including 0 and s.length. */
const refBoundaries = (text: string): Set<number> => {
  const set = new Set<number>([text.length]);
  for (const { index } of refSegmenter.segment(text)) set.add(index);
  return set;
};

/** Grapheme-heavy pieces: ZWJ families, flags, tags, skin tones, combining marks, Hangul, Indic, CR LF. */
const HEAVY = [
  '👨‍👩‍👧‍👦',
  '👩🏽‍💻',
  '🏳️‍🌈',
  '🇮🇹',
  '🇩🇪',
  '🇯🇵🇺🇸',
  '\u{1F1E6}', // lone regional indicator
  '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // Scotland (tag sequence)
  '👍🏽',
  '\u{1F3FD}', // lone skin-tone modifier
  '❤️',
  '\u200D',
  '\uFE0F',
  'e\u0301',
  'a\u0308\u0323',
  '\u0301',
  'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E\u0349\u035A\u032F\u031E\u0320\u034D',
  '\u1100\u1161\u11A8',
  '한국어',
  '\u11A8',
  'क्षि',
  'नमस्ते',
  '\u0600\u0661', // Arabic prepend + digit
  '\u0E01\u0E33', // Thai with SARA AM (SpacingMark)
  '\r\n',
  '\r',
  '\n',
  '\n\n',
  ' ',
  '\t',
  '\u00A0',
  '\u3000',
  '. ',
  '! ',
  '? ',
  '。',
  '©',
  '日本',
  'Ωμέγα',
  'word',
  'x',
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  '\uFF9E', // halfwidth voiced mark (Extend)
  '\u3099', // combining kana voiced mark
];

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const heavyPiece = fc.constantFrom(...HEAVY);
/** Arbitrary Unicode including lone surrogates, combined with grapheme-heavy pieces. */
const unicodeText = (maxLength = 80) =>
  fc.string({
    unit: fc.oneof(
      { arbitrary: heavyPiece, weight: 4 },
      { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
      { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
      { arbitrary: anyCodeUnit, weight: 1 },
    ),
    maxLength,
  });

// ---------------------------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------------------------

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['é', 2],
    ['€', 3],
    ['日', 3],
    ['😀', 4],
    ['👨‍👩‍👧‍👦', 25],
    ['\uD800', 3], // lone high surrogate → U+FFFD
    ['\uDC00', 3], // lone low surrogate → U+FFFD
    ['\uDC00\uD800', 6], // reversed pair: two lone surrogates
    ['\uD800a', 4],
    ['a\uD83D', 4],
  ])('%j is %i bytes', (s, bytes) => {
    expect(utf8ByteLength(s)).toBe(bytes);
    expect(refBytes(s)).toBe(bytes);
  });

  it('equals TextEncoder on arbitrary Unicode, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.oneof(unicodeText(200), fc.string({ unit: anyCodeUnit, maxLength: 200 })), (s) => {
        expect(utf8ByteLength(s)).toBe(refBytes(s));
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Graphemes
// ---------------------------------------------------------------------------------------------

describe('countGraphemes', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['\r\n', 1],
    ['\n\r', 2],
    ['a\r\nb', 3],
    ['e\u0301', 1],
    ['👨‍👩‍👧‍👦', 1],
    ['🇮🇹🇩🇪', 2],
    ['🇮🇹\u{1F1E6}', 2],
    ['👍🏽', 1],
    ['한국어', 3],
    ['\u1100\u1161\u11A8', 1],
    ['क्षि', 1],
    ['\u0600\u0661', 1],
    ['©\u200D©', 1],
  ])('%j has %i graphemes', (s, n) => {
    expect(countGraphemes(s)).toBe(n);
    expect(refGraphemes(s).length).toBe(n);
  });

  it('equals Intl.Segmenter on arbitrary Unicode', () => {
    fc.assert(
      fc.property(unicodeText(120), (s) => {
        expect(countGraphemes(s)).toBe(refGraphemes(s).length);
      }),
      { numRuns: 3000 },
    );
  });

  it('treats every BMP code unit correctly next to joining characters (checks the fast path)', () => {
    // Each context catches one way a "simple" unit could be misclassified: being Prepend
    // (c x), Extend/SpacingMark/ZWJ (x c), or Hangul L/V/LV (c + V, c + T, c + LV).
    const contexts: ((c: string) => string)[] = [
      (c) => `${c}x`,
      (c) => `x${c}`,
      (c) => `${c}\u1161`,
      (c) => `${c}\u11A8`,
      (c) => `\u1100${c}`,
    ];
    const mismatches: string[] = [];
    // LF always breaks on both sides (GB4, GB5), so samples joined by "\n" are independent:
    // compare blocks of 256 code units at once, and look closer only when a block differs.
    for (let block = 0; block <= 0xffff; block += 256) {
      const samples: string[] = [];
      for (let u = block; u < block + 256; u++) for (const make of contexts) samples.push(make(String.fromCharCode(u)));
      const joined = samples.join('\n');
      if (countGraphemes(joined) === refGraphemes(joined).length) continue;
      for (const s of samples) {
        if (countGraphemes(s) !== refGraphemes(s).length) mismatches.push(JSON.stringify(s));
      }
      if (mismatches.length === 0) mismatches.push(`block U+${block.toString(16)} differs`);
    }
    expect(mismatches).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// measureText
// ---------------------------------------------------------------------------------------------

describe('measureText', () => {
  it('reports bytes, remaining, graphemes and overLimit', () => {
    expect(measureText('')).toEqual({ bytes: 0, remaining: 1000, graphemes: 0, overLimit: false });
    expect(measureText('Ciao 👋')).toEqual({ bytes: 9, remaining: 991, graphemes: 6, overLimit: false });
  });

  it('is not over the limit at exactly 1000 bytes, and is at 1001', () => {
    expect(TEXT_MAX_BYTES).toBe(1000);
    expect(measureText('a'.repeat(1000))).toEqual({ bytes: 1000, remaining: 0, graphemes: 1000, overLimit: false });
    expect(measureText('a'.repeat(1001))).toEqual({ bytes: 1001, remaining: -1, graphemes: 1001, overLimit: true });
    // 333 × "€" (3 bytes) + "é" (2 bytes) = 1001 bytes but only 334 characters
    expect(measureText('€'.repeat(333) + 'é')).toMatchObject({ bytes: 1001, graphemes: 334, overLimit: true });
  });

  it('counts a lone surrogate as U+FFFD (3 bytes) and one grapheme', () => {
    expect(measureText('a\uD800b')).toMatchObject({ bytes: 5, graphemes: 3 });
  });

  it('accepts a custom budget', () => {
    expect(measureText('abc', 2)).toEqual({ bytes: 3, remaining: -1, graphemes: 3, overLimit: true });
  });

  it('matches TextEncoder and Intl.Segmenter on arbitrary Unicode', () => {
    fc.assert(
      fc.property(unicodeText(150), fc.integer({ min: 1, max: 2000 }), (s, max) => {
        const bytes = refBytes(s);
        expect(measureText(s, max)).toEqual({
          bytes,
          remaining: max - bytes,
          graphemes: refGraphemes(s).length,
          overLimit: bytes > max,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('stays exact when long texts are edited step by step (incremental path)', () => {
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.integer({ min: 0, max: 12 }),
      insert: unicodeText(6),
    });
    fc.assert(
      fc.property(unicodeText(40), fc.array(edit, { minLength: 1, maxLength: 25 }), (seed, edits) => {
        // A long text with grapheme-heavy content around the edits.
        let text = ('Lorem ipsum 👨‍👩‍👧 dolor 🇮🇹 e\u0301 ' + seed).repeat(Math.ceil(5000 / (seed.length + 30)));
        measureText(text);
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          const m = measureText(text);
          expect(m.bytes).toBe(refBytes(text));
          expect(m.graphemes).toBe(refGraphemes(text).length);
        }
      }),
      { numRuns: 150 },
    );
  });

  // Speed is measured in bench/core-text (`pnpm bench core-text`), not asserted here.
  it('stays exact while typing into a 1 MB paste (the incremental path)', () => {
    const para = 'Grazie per il messaggio! Ecco le novità 🎉 per la stagione 👩🏽‍💻 — 日本語も大丈夫。\n';
    let text = para.repeat(Math.ceil(1_000_000 / para.length));
    measureText(text); // the paste itself
    for (let k = 0; k < 40; k++) {
      const at = k % 2 === 0 ? text.length : Math.floor(text.length / 2);
      text = text.slice(0, at) + 'ä' + text.slice(at);
      const m = measureText(text);
      expect(m.overLimit).toBe(true);
    }
    const m = measureText(text);
    expect(m.bytes).toBe(refBytes(text));
    expect(m.graphemes).toBe(refGraphemes(text).length);
  });

});

// ---------------------------------------------------------------------------------------------
// splitText
// ---------------------------------------------------------------------------------------------

/** Assert every invariant of splitText for one input. */
function checkSplit(text: string, maxBytes: number): string[] | TextSplitError {
  let parts: string[];
  try {
    parts = splitText(text, maxBytes);
  } catch (e) {
    expect(e).toBeInstanceOf(TextSplitError);
    const err = e as TextSplitError;
    expect(err.code).toBe('grapheme_too_large');
    // It is only allowed to fail if some grapheme really is larger than the budget.
    const biggest = Math.max(...refGraphemes(text).map(refBytes));
    expect(biggest).toBeGreaterThan(maxBytes);
    expect(err.bytes).toBeGreaterThan(maxBytes);
    expect(err.message).toContain(`${maxBytes} bytes`);
    return err;
  }
  expect(parts.join('')).toBe(text);
  const boundaries = refBoundaries(text);
  let offset = 0;
  for (const part of parts) {
    expect(part.length).toBeGreaterThan(0);
    expect(refBytes(part)).toBeLessThanOrEqual(maxBytes);
    offset += part.length;
    expect(boundaries.has(offset)).toBe(true); // never inside a grapheme cluster
  }
  return parts;
}

describe('splitText', () => {
  it('returns [] for empty text and [text] when it fits', () => {
    expect(splitText('')).toEqual([]);
    expect(splitText('hello')).toEqual(['hello']);
    const exactly = 'x'.repeat(1000);
    expect(splitText(exactly)).toEqual([exactly]);
  });

  it('uses 1000 bytes by default', () => {
    const parts = splitText('word '.repeat(500)); // 2500 bytes
    expect(parts.length).toBe(3);
    for (const p of parts) expect(utf8ByteLength(p)).toBeLessThanOrEqual(1000);
  });

  it('prefers a paragraph break over lines, sentences and words', () => {
    const a = 'First paragraph. It has two sentences.';
    const b = 'Second line\nof the second paragraph. More words';
    const text = `${a}\n\n${b}`;
    // The 60-byte budget also holds a line break and sentence ends; the paragraph break wins.
    expect(splitText(text, 60)).toEqual([`${a}\n\n`, b]);
  });

  it('prefers a line break over a sentence end', () => {
    const text = 'One. Two three four five\nsix seven eight nine ten';
    expect(splitText(text, 30)).toEqual(['One. Two three four five\n', 'six seven eight nine ten']);
  });

  it('prefers a sentence end over a word break', () => {
    const text = 'Hello there friend. How are you doing today my friend';
    expect(splitText(text, 30)).toEqual(['Hello there friend. ', 'How are you doing today my ', 'friend']);
  });

  it('recognizes sentence ends followed by closing quotes and CJK full stops', () => {
    expect(splitText('He said "Stop." Then he left the room.', 25)).toEqual([
      'He said "Stop." ',
      'Then he left the room.',
    ]);
    // 。 ends a sentence without a following space (3 bytes per character)
    expect(splitText('今日は晴れです。明日は雨でしょう。', 30)).toEqual(['今日は晴れです。', '明日は雨でしょう。']);
  });

  it('breaks between words, keeping whitespace at the end of the part', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta';
    const parts = splitText(text, 20);
    expect(parts).toEqual(['alpha beta gamma ', 'delta epsilon zeta ', 'eta theta']);
    for (const p of parts.slice(0, -1)) expect(p.endsWith(' ')).toBe(true);
  });

  it('keeps a whole run of whitespace with the preceding part', () => {
    expect(splitText('aaaa bbbb   \n\n   cccc dddd', 18)).toEqual(['aaaa bbbb   \n\n   ', 'cccc dddd']);
  });

  it('does not break at a non-breaking space', () => {
    expect(splitText('aaaa\u00A0bbbb cccc', 12)).toEqual(['aaaa\u00A0bbbb ', 'cccc']);
  });

  it('avoids tiny parts: a strong boundary early in the budget loses to a word boundary late in it', () => {
    // The paragraph break after "Hi!" is in the first half of the 40-byte budget.
    const text = 'Hi!\n\nthis is a long paragraph that goes on and on';
    const parts = splitText(text, 40);
    expect(parts[0]).toBe('Hi!\n\nthis is a long paragraph that goes ');
  });

  it('cuts inside a word only when a single word is longer than the budget', () => {
    const url = 'https://example.com/' + 'x'.repeat(50);
    expect(splitText(`see ${url}`, 30)).toEqual(
      ['see ', url.slice(0, 30), url.slice(30, 60), url.slice(60)].filter((p) => p),
    );
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it.each([
    ['ZWJ family', '👨‍👩‍👧‍👦', 25],
    ['flag', '🇮🇹', 8],
    ['skin tone', '👍🏽', 8],
    ['combining marks', 'a\u0308\u0323', 5],
    ['Hangul jamo', '\u1100\u1161\u11A8', 9],
  ])('never breaks a %s', (_name, grapheme, size) => {
    expect(utf8ByteLength(grapheme)).toBe(size);
    const text = grapheme.repeat(7);
    const parts = splitText(text, size * 2 + 1);
    expect(parts).toEqual([grapheme.repeat(2), grapheme.repeat(2), grapheme.repeat(2), grapheme]);
  });

  it('throws a TextSplitError naming the grapheme when one grapheme exceeds the budget', () => {
    let error: unknown;
    try {
      splitText('ok 👨‍👩‍👧‍👦', 10);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TextSplitError);
    const err = error as TextSplitError;
    expect(err.code).toBe('grapheme_too_large');
    expect(err.index).toBe(3);
    expect(err.bytes).toBe(25);
    expect(err.maxBytes).toBe(10);
    expect(err.message).toMatch(/parts of 10 bytes.*index 3.*U\+1F468 U\+200D.*25 bytes/);
  });

  it('rejects a budget that is not a positive integer', () => {
    expect(() => splitText('abc', 0)).toThrow(TextSplitError);
    expect(() => splitText('abc', 1.5)).toThrow(/positive integer/);
  });

  it('keeps every invariant on arbitrary Unicode (join, size, grapheme boundaries)', () => {
    fc.assert(
      fc.property(unicodeText(300), fc.integer({ min: 1, max: 120 }), (text, maxBytes) => {
        checkSplit(text, maxBytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws when every grapheme fits, and cuts inside a word only when it must', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(heavyPiece, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
          maxLength: 400,
        }),
        fc.integer({ min: 32, max: 400 }),
        (text, maxBytes) => {
          fc.pre(refGraphemes(text).every((g) => refBytes(g) <= maxBytes));
          const parts = checkSplit(text, maxBytes);
          if (!Array.isArray(parts)) throw new Error('unexpected TextSplitError');
          let offset = 0;
          for (const part of parts.slice(0, -1)) {
            offset += part.length;
            const endsAtBreak = /[\s。！？｡]["'\])}»”’」』）]*$|\s$/.test(part) && !/\u00A0$/.test(part);
            if (!endsAtBreak) {
              // A cut between graphemes of a word: the next grapheme really did not fit.
              const next = refGraphemes(text.slice(offset))[0] ?? '';
              expect(refBytes(part) + refBytes(next)).toBeGreaterThan(maxBytes);
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('splits 1 MB exactly', () => {
    const text = 'Grazie per il messaggio! Ecco le novità 🎉 per la stagione.\n\n'.repeat(16_000);
    const parts = splitText(text);
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => refBytes(p) <= 1000)).toBe(true);
  });
});
