/**
 * Text measuring and splitting for Instagram's 1000-byte limit (reference §1.4).
 *
 * Bytes are counted over UTF-16 code units in one pass, exactly as TextEncoder would encode the
 * string: a lone surrogate becomes U+FFFD (3 bytes), a valid pair 4 bytes. Graphemes come from
 * Intl.Segmenter, but the segmenter is slow (~80–100 ms per MB), so `measureText`:
 *   1. only segments around "non-simple" characters — characters that can join a grapheme
 *      cluster with a neighbour. Between two simple characters there is always a boundary
 *      (UAX #29 rule GB999), so runs of them are counted without the segmenter;
 *   2. remembers its last input and, when the next input shares a long prefix/suffix with it
 *      (a keystroke in a huge paste), re-measures only the changed middle.
 */

import { TEXT_MAX_BYTES } from './limits';

export interface TextMeasure {
  /** UTF-8 bytes. */
  bytes: number;
  /** `maxBytes - bytes`; negative when over the limit (by that many bytes). */
  remaining: number;
  /** User-perceived characters (extended grapheme clusters). */
  graphemes: number;
  /** `bytes > maxBytes`. */
  overLimit: boolean;
}

// ---------------------------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------------------------

/** UTF-8 length of `text` as TextEncoder would produce it (lone surrogates → U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  return utf8Range(text, 0, text.length);
}

function utf8Range(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3; // BMP (incl. lone surrogates encoded as U+FFFD)
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** UTF-8 size of the code point (or lone surrogate) starting at `index`, and its UTF-16 length. */
function codePointAt(text: string, index: number): { bytes: number; units: number } {
  const c = text.charCodeAt(index);
  if (c < 0x80) return { bytes: 1, units: 1 };
  if (c < 0x800) return { bytes: 2, units: 1 };
  if (c >= 0xd800 && c <= 0xdbff && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))) {
    return { bytes: 4, units: 2 };
  }
  return { bytes: 3, units: 1 };
}

// ---------------------------------------------------------------------------------------------
// Graphemes
// ---------------------------------------------------------------------------------------------

let segmenter: Intl.Segmenter | null | undefined;

/** Lazily built, shared grapheme segmenter; `null` where Intl.Segmenter does not exist. */
function graphemeSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
        ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
        : null;
  }
  return segmenter;
}

/**
 * "Simple" UTF-16 code units: BMP characters whose Grapheme_Cluster_Break property is Other,
 * Control, CR or LF (never Extend, ZWJ, SpacingMark, Prepend, Regional_Indicator or Hangul). Every
 * grapheme rule that forbids a break (GB3, GB6–GB9c, GB11–GB13) involves at least one non-simple
 * character next to the break, CR×LF aside. So a break always sits between two simple units,
 * except inside CR LF. The ranges are deliberately conservative (a test checks every one of
 * them against Intl.Segmenter); anything else just goes through the segmenter.
 */
function isSimple(code: number): boolean {
  return (
    code < 0x0300 || // ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers
    (code >= 0x0370 && code <= 0x0482) || // Greek, Cyrillic (combining marks start at U+0483)
    (code >= 0x048a && code <= 0x052f) || // Cyrillic, Cyrillic Supplement
    (code >= 0x1e00 && code <= 0x1fff) || // Latin Extended Additional, Greek Extended
    (code >= 0x2010 && code <= 0x2027) || // punctuation: dashes, quotes, bullets, ellipsis (no ZWJ/ZWNJ)
    (code >= 0x2030 && code <= 0x205e) || // more punctuation (U+2060+ are format controls)
    (code >= 0x3000 && code <= 0x3029) || // CJK symbols (U+302A–302F are combining)
    (code >= 0x3030 && code <= 0x3098) || // Hiragana (U+3099–309A are combining)
    (code >= 0x309b && code <= 0x30ff) || // Katakana
    (code >= 0x3400 && code <= 0x4dbf) || // CJK Extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK Unified Ideographs
    (code >= 0xff01 && code <= 0xff9d) // fullwidth forms (U+FF9E–FF9F are combining)
  );
}

/** Segment `text` and count clusters (code points when Intl.Segmenter is missing). */
function segmentCount(text: string): number {
  const seg = graphemeSegmenter();
  let n = 0;
  if (seg) {
    for (const _ of seg.segment(text)) n++;
  } else {
    for (const _ of text) n++;
  }
  return n;
}

/** Grapheme count of `s.slice(from, to)` treated as a standalone string. */
function graphemeRange(text: string, from: number, to: number): number {
  let count = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isSimple(c)) {
      // CR LF is a single cluster (GB3); all other simple pairs break (GB4, GB5, GB999).
      if (c === 0x0d && i + 1 < to && text.charCodeAt(i + 1) === 0x0a) i += 2;
      else i += 1;
      count++;
      continue;
    }
    // A run of non-simple units: segment it together with one simple neighbour on each side,
    // so that prefixes (Prepend) and suffixes (Extend, ZWJ...) bind to them correctly. The
    // neighbour on the left was already counted, so it is subtracted again.
    let start = i;
    let leftCounted = 0;
    if (start > from) {
      start--;
      leftCounted = 1;
      // Never start inside CR LF: the CR was counted with its LF as one cluster.
      if (text.charCodeAt(start) === 0x0a && start > from && text.charCodeAt(start - 1) === 0x0d) start--;
    }
    let end = i + 1;
    while (end < to && !isSimple(text.charCodeAt(end))) end++;
    // Include one simple unit after the run (two for CR LF), then the boundary after it is certain.
    if (end < to) {
      end++;
      if (text.charCodeAt(end - 1) === 0x0d && end < to && text.charCodeAt(end) === 0x0a) end++;
    }
    count += segmentCount(text.slice(start, end)) - leftCounted;
    i = end;
  }
  return count;
}

/** Number of grapheme clusters (user-perceived characters) in `text`. */
export function countGraphemes(text: string): number {
  return graphemeRange(text, 0, text.length);
}

/** Positions where a break is certain whatever the context: between two simple units, not CR|LF. */
function isSafeCut(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  const a = text.charCodeAt(index - 1);
  const b = text.charCodeAt(index);
  return isSimple(a) && isSimple(b) && !(a === 0x0d && b === 0x0a);
}

// ---------------------------------------------------------------------------------------------
// measureText
// ---------------------------------------------------------------------------------------------

interface Memo {
  text: string;
  bytes: number;
  graphemes: number;
}

let memo: Memo | null = null;

/** Below this length a full measure is cheaper than diffing against the last input. */
const INCREMENTAL_MIN_LENGTH = 4096;

function measureCounts(text: string): { bytes: number; graphemes: number } {
  const prev = memo;
  if (prev && prev.text === text) return prev;
  let result: { bytes: number; graphemes: number } | undefined;
  if (prev && text.length >= INCREMENTAL_MIN_LENGTH && prev.text.length >= INCREMENTAL_MIN_LENGTH) {
    result = measureIncrementally(prev, text);
  }
  result ??= { bytes: utf8ByteLength(text), graphemes: countGraphemes(text) };
  memo = { text, ...result };
  return result;
}

/** Block size for comparing strings: slice equality is a native memory compare, far faster than a charCodeAt loop. */
const COMPARE_BLOCK = 2048;

function commonPrefixLength(left: string, right: string, max: number): number {
  let p = 0;
  while (p + COMPARE_BLOCK <= max && left.slice(p, p + COMPARE_BLOCK) === right.slice(p, p + COMPARE_BLOCK))
    p += COMPARE_BLOCK;
  while (p < max && left.charCodeAt(p) === right.charCodeAt(p)) p++;
  return p;
}

function commonSuffixLength(left: string, right: string, max: number): number {
  let q = 0;
  const al = left.length;
  const bl = right.length;
  while (
    q + COMPARE_BLOCK <= max &&
    left.slice(al - q - COMPARE_BLOCK, al - q) === right.slice(bl - q - COMPARE_BLOCK, bl - q)
  ) {
    q += COMPARE_BLOCK;
  }
  while (q < max && left.charCodeAt(al - 1 - q) === right.charCodeAt(bl - 1 - q)) q++;
  return q;
}

/**
 * Re-measure only what changed since the previous input: find the common prefix and suffix,
 * widen the changed middle to cuts that are certain grapheme boundaries in both strings, and
 * swap the middle's counts. Typing into a 1 MB text costs a compare loop plus a few characters
 * of segmenting instead of segmenting a megabyte.
 */
function measureIncrementally(prev: Memo, text: string): { bytes: number; graphemes: number } | undefined {
  const old = prev.text;
  const max = Math.min(old.length, text.length);
  const p = commonPrefixLength(old, text, max);
  const q = commonSuffixLength(old, text, max - p);

  // Left cut a: a certain boundary whose both neighbours lie in the common prefix (a < p).
  let a = Math.min(p - 1, max - 1);
  while (a > 0 && !isSafeCut(old, a)) a--;
  if (a < 0) a = 0;
  // Right cut: a certain boundary whose both neighbours lie in the common suffix.
  let s = q - 1; // length of the common suffix kept after the cut
  while (s > 0 && !isSafeCut(old, old.length - s)) s--;
  if (s < 0) s = 0;
  const oldEnd = old.length - s;
  const newEnd = text.length - s;
  if (a > oldEnd || a > newEnd) return undefined;
  // If the middle is most of the text, a plain full measure is as fast.
  if (newEnd - a > text.length / 2) return undefined;
  return {
    bytes: prev.bytes - utf8Range(old, a, oldEnd) + utf8Range(text, a, newEnd),
    graphemes: prev.graphemes - graphemeRange(old, a, oldEnd) + graphemeRange(text, a, newEnd),
  };
}

/**
 * Measure text against Instagram's limit: UTF-8 bytes (exact), bytes remaining (negative when
 * over) and grapheme clusters. Safe to call on every keystroke, also for very long texts.
 */
export function measureText(text: string, maxBytes: number = TEXT_MAX_BYTES): TextMeasure {
  const { bytes, graphemes } = measureCounts(text);
  return { bytes, remaining: maxBytes - bytes, graphemes, overLimit: bytes > maxBytes };
}

// ---------------------------------------------------------------------------------------------
// splitText
// ---------------------------------------------------------------------------------------------

export type TextSplitErrorCode = 'grapheme_too_large' | 'invalid_max_bytes';

/** Thrown by `splitText` when the text cannot be split within the byte budget. */
export class TextSplitError extends Error {
  override readonly name = 'TextSplitError';
  readonly code: TextSplitErrorCode;
  /** UTF-16 index of the offending grapheme (for `grapheme_too_large`). */
  readonly index: number;
  /** UTF-8 size of the offending grapheme. */
  readonly bytes: number;
  readonly maxBytes: number;

  constructor(
    code: TextSplitErrorCode,
    message: string,
    details: { index?: number; bytes?: number; maxBytes: number },
  ) {
    super(message);
    this.code = code;
    this.index = details.index ?? -1;
    this.bytes = details.bytes ?? 0;
    this.maxBytes = details.maxBytes;
  }
}

/** Boundary strength; a higher level also counts as every lower one. */
const Level = { Grapheme: 0, Word: 1, Sentence: 2, Line: 3, Paragraph: 4 } as const;
type Level = (typeof Level)[keyof typeof Level];

/** Breaking whitespace (no NBSP U+00A0, U+2007, U+202F: they exist to prevent breaks). */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x85 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x2006) ||
    (code >= 0x2008 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x205f ||
    code === 0x3000
  );
}

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029;
}

/** Sentence terminators that need whitespace after them (`.` in "3.14" or "e.g." mid-word is not an end). */
function isSentenceEnd(code: number): boolean {
  return (
    code === 0x2e ||
    code === 0x21 ||
    code === 0x3f ||
    code === 0x2026 ||
    (code >= 0x203c && code <= 0x203d) ||
    (code >= 0x2047 && code <= 0x2049)
  );
}

/** CJK full stops end a sentence without whitespace after them. */
function isIdeographicSentenceEnd(code: number): boolean {
  return code === 0x3002 || code === 0xff01 || code === 0xff1f || code === 0xff61;
}

/** Closing quotes and brackets that may follow a sentence terminator: `He said "Hi." Then`. */
function isClosing(code: number): boolean {
  return (
    code === 0x22 ||
    code === 0x27 ||
    code === 0x29 ||
    code === 0x5d ||
    code === 0x7d ||
    code === 0xbb ||
    code === 0x2019 ||
    code === 0x201d ||
    code === 0x203a ||
    code === 0x300d ||
    code === 0x300f ||
    code === 0xff09
  );
}

/**
 * Strength of the (grapheme) boundary at `index`, looking no further left than `floor`. Breaks are
 * placed after whitespace, so whitespace stays at the end of the preceding part.
 */
function boundaryLevel(text: string, index: number, floor: number): Level {
  if (index >= text.length) return Level.Paragraph;
  const next = text.charCodeAt(index);
  const prev = text.charCodeAt(index - 1);
  if (!isSpace(prev)) {
    // No whitespace: only CJK sentence ends (optionally closed by a bracket) are breaks.
    let j = index - 1;
    while (j > floor && j > index - 4 && isClosing(text.charCodeAt(j))) j--;
    return isIdeographicSentenceEnd(text.charCodeAt(j)) ? Level.Sentence : Level.Grapheme;
  }
  if (isSpace(next)) return Level.Grapheme; // inside a whitespace run: break at its end instead
  let j = index - 1;
  let lines = 0;
  while (j >= floor && isSpace(text.charCodeAt(j))) {
    const c = text.charCodeAt(j);
    if (c === 0x2029)
      lines += 2; // PARAGRAPH SEPARATOR
    else if (isLineBreak(c) && !(c === 0x0d && text.charCodeAt(j + 1) === 0x0a)) lines++;
    j--;
  }
  if (lines >= 2) return Level.Paragraph;
  if (lines === 1) return Level.Line;
  for (let n = 0; n < 3 && j > floor && isClosing(text.charCodeAt(j)); n++) j--;
  if (j >= floor) {
    const c = text.charCodeAt(j);
    if (isSentenceEnd(c) || isIdeographicSentenceEnd(c)) return Level.Sentence;
  }
  return Level.Word;
}

/**
 * Split `text` into parts of at most `maxBytes` UTF-8 bytes each, so that `parts.join('')`
 * equals `text` exactly. Grapheme clusters (emoji ZWJ sequences, flags, skin tones, combining
 * marks) are never broken. Each part ends at the strongest boundary available in the second half
 * of its byte budget — paragraph, then line, then sentence, then word — with whitespace kept at
 * the end of the part; if the second half has no word boundary at all, the last word boundary
 * of the budget is used, and only a single word longer than the budget is cut between graphemes.
 *
 * Returns `[]` for the empty string and `[text]` when it already fits.
 *
 * @throws {TextSplitError} `grapheme_too_large` when one grapheme alone exceeds `maxBytes`;
 *   `invalid_max_bytes` when `maxBytes` is not a positive integer.
 */
export function splitText(text: string, maxBytes: number = TEXT_MAX_BYTES): string[] {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new TextSplitError('invalid_max_bytes', `maxBytes must be a positive integer, got ${String(maxBytes)}.`, {
      maxBytes,
    });
  }
  if (text === '') return [];
  if (utf8ByteLength(text) <= maxBytes) return [text];

  const seg = graphemeSegmenter();
  const parts: string[] = [];
  const half = Math.ceil(maxBytes / 2);
  let start = 0;
  while (start < text.length) {
    // Furthest code-point end within budget, and where the budget's second half begins.
    let limit = start;
    let bytes = 0;
    let halfIndex = -1;
    while (limit < text.length) {
      const cp = codePointAt(text, limit);
      if (bytes + cp.bytes > maxBytes) break;
      bytes += cp.bytes;
      limit += cp.units;
      if (halfIndex < 0 && bytes >= half) halfIndex = limit;
    }
    if (limit >= text.length) {
      parts.push(text.slice(start));
      break;
    }
    if (halfIndex < 0) halfIndex = limit;

    // Grapheme boundaries in (start, limit]. A boundary at i depends on what precedes it and
    // the code point at i, so segment through one code point past the limit.
    const windowEnd = Math.min(text.length, limit + codePointAt(text, limit).units);
    const window = text.slice(start, windowEnd);
    const best = [-1, -1, -1, -1, -1]; // last boundary index with level >= k
    const consider = (index: number): void => {
      const level = boundaryLevel(text, index, start);
      for (let k = 0; k <= level; k++) best[k] = index;
    };
    if (seg) {
      for (const { index } of seg.segment(window)) {
        const i = start + index;
        if (i > limit) break;
        if (i > start) consider(i);
      }
    } else {
      for (let i = start; i < limit;) {
        i += codePointAt(text, i).units;
        consider(i);
      }
    }

    let cut = -1;
    for (let k: number = Level.Paragraph; k >= Level.Word; k--) {
      if ((best[k] ?? -1) >= halfIndex) {
        cut = best[k] ?? -1;
        break;
      }
    }
    if (cut < 0) cut = (best[Level.Word] ?? -1) > start ? (best[Level.Word] ?? -1) : (best[Level.Grapheme] ?? -1);
    if (cut <= start) {
      const grapheme = firstGrapheme(text, start);
      const size = utf8ByteLength(grapheme);
      throw new TextSplitError(
        'grapheme_too_large',
        `Cannot split text into parts of ${maxBytes} bytes: the character at index ${start} ` +
          `(${describe(grapheme)}) alone takes ${size} bytes.`,
        { index: start, bytes: size, maxBytes },
      );
    }
    parts.push(text.slice(start, cut));
    start = cut;
  }
  return parts;
}

function firstGrapheme(text: string, start: number): string {
  const seg = graphemeSegmenter();
  // A cluster can be long (e.g. many combining marks); segment a generous slice.
  const slice = text.slice(start, start + 4096);
  if (seg) {
    for (const { segment } of seg.segment(slice)) return segment;
  }
  return String.fromCodePoint(slice.codePointAt(0) ?? 0xfffd);
}

function describe(grapheme: string): string {
  const cps = Array.from(grapheme, (ch) => 'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0'));
  const shown = cps.length > 8 ? [...cps.slice(0, 8), `… ${cps.length} code points`] : cps;
  return shown.join(' ');
}
