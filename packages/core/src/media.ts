/**
 * Media checks before upload: identify a file from its first bytes, compare with what its name
 * and MIME type claim, and enforce Instagram's formats and sizes (reference §1.5).
 *
 * Why not the `file-type` package? It is excellent (our tests compare against it), but it
 * recognizes hundreds of formats through a tokenizer/stream layer: tens of kB of minified code,
 * Node-stream-oriented APIs and async-only detection. Core must stay tiny, synchronous (the
 * picker reacts the moment a file is chosen) and dependency-free for the browser; Instagram
 * accepts a dozen formats, so a focused sniffer over the first 4 KiB is all we need.
 */

import { MEDIA_KINDS, MEDIA_LIMITS, SNIFF_HEAD_BYTES, type MediaFormat, type MediaKind } from './limits';

/**
 * Formats the sniffer recognizes: everything Instagram accepts plus common look-alikes that it
 * refuses, so the message can say "WebP images can't be sent" instead of "unknown file".
 */
export type SniffedFormat = MediaFormat | 'webp' | 'bmp' | 'tiff' | 'heic' | 'avif' | 'mkv' | '3gp' | 'mp3' | 'flac';

export interface SniffResult {
  kind: MediaKind;
  format: SniffedFormat;
  /** Canonical MIME type for the format (e.g. `video/quicktime` for mov). */
  mime: string;
}

// ---------------------------------------------------------------------------------------------
// Format table
// ---------------------------------------------------------------------------------------------

interface FormatInfo {
  label: string;
  /** Canonical MIME per kind the format can have. */
  mime: Partial<Record<MediaKind, string>>;
  /** Other MIME types browsers and servers use for it. */
  aliases: readonly string[];
  extensions: readonly string[];
}

const FORMATS: Record<SniffedFormat, FormatInfo> = {
  png: { label: 'PNG', mime: { image: 'image/png' }, aliases: ['image/apng'], extensions: ['png', 'apng'] },
  jpeg: {
    label: 'JPEG',
    mime: { image: 'image/jpeg' },
    aliases: ['image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp'],
  },
  gif: { label: 'GIF', mime: { image: 'image/gif' }, aliases: [], extensions: ['gif'] },
  mp4: {
    label: 'MP4',
    mime: { video: 'video/mp4', audio: 'audio/mp4' },
    aliases: ['video/x-m4v', 'application/mp4'],
    extensions: ['mp4', 'm4v', 'mp4v', 'mpg4'],
  },
  ogg: {
    label: 'Ogg',
    mime: { video: 'video/ogg', audio: 'audio/ogg' },
    aliases: ['application/ogg', 'audio/opus'],
    extensions: ['ogg', 'ogv', 'oga', 'ogx', 'opus', 'spx'],
  },
  avi: {
    label: 'AVI',
    mime: { video: 'video/x-msvideo' },
    aliases: ['video/avi', 'video/msvideo', 'video/vnd.avi'],
    extensions: ['avi'],
  },
  mov: { label: 'MOV', mime: { video: 'video/quicktime' }, aliases: [], extensions: ['mov', 'qt'] },
  webm: { label: 'WebM', mime: { video: 'video/webm' }, aliases: ['audio/webm'], extensions: ['webm'] },
  aac: {
    label: 'AAC',
    mime: { audio: 'audio/aac' },
    aliases: ['audio/x-aac', 'audio/aacp'],
    extensions: ['aac', 'adts'],
  },
  m4a: {
    label: 'M4A',
    mime: { audio: 'audio/mp4' },
    aliases: ['audio/x-m4a', 'audio/m4a', 'audio/x-mp4'],
    extensions: ['m4a', 'm4b'],
  },
  wav: {
    label: 'WAV',
    mime: { audio: 'audio/wav' },
    aliases: ['audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'audio/x-pn-wav'],
    extensions: ['wav', 'wave'],
  },
  pdf: { label: 'PDF', mime: { file: 'application/pdf' }, aliases: ['application/x-pdf'], extensions: ['pdf'] },
  webp: { label: 'WebP', mime: { image: 'image/webp' }, aliases: [], extensions: ['webp'] },
  bmp: { label: 'BMP', mime: { image: 'image/bmp' }, aliases: ['image/x-ms-bmp'], extensions: ['bmp'] },
  tiff: { label: 'TIFF', mime: { image: 'image/tiff' }, aliases: [], extensions: ['tif', 'tiff'] },
  heic: {
    label: 'HEIC',
    mime: { image: 'image/heic' },
    aliases: ['image/heif', 'image/heic-sequence', 'image/heif-sequence'],
    extensions: ['heic', 'heif'],
  },
  avif: { label: 'AVIF', mime: { image: 'image/avif' }, aliases: [], extensions: ['avif'] },
  mkv: {
    label: 'Matroska (MKV)',
    mime: { video: 'video/x-matroska' },
    aliases: ['video/matroska'],
    extensions: ['mkv'],
  },
  '3gp': {
    label: '3GP',
    mime: { video: 'video/3gpp' },
    aliases: ['video/3gpp2', 'audio/3gpp'],
    extensions: ['3gp', '3g2'],
  },
  mp3: { label: 'MP3', mime: { audio: 'audio/mpeg' }, aliases: ['audio/mp3', 'audio/x-mpeg'], extensions: ['mp3'] },
  flac: { label: 'FLAC', mime: { audio: 'audio/flac' }, aliases: ['audio/x-flac'], extensions: ['flac'] },
};

const KIND_NOUN: Record<MediaKind, { one: string; many: string }> = {
  image: { one: 'image', many: 'images' },
  video: { one: 'video', many: 'videos' },
  audio: { one: 'audio file', many: 'audio files' },
  file: { one: 'file', many: 'files' },
};

/** Canonical MIME type of a format for a kind (`mimeFor('mp4', 'audio') === 'audio/mp4'`). */
export function mimeFor(format: SniffedFormat, kind?: MediaKind): string {
  const { mime } = FORMATS[format];
  return (kind && mime[kind]) ?? Object.values(mime)[0] ?? 'application/octet-stream';
}

/** Human name of a format ("PNG", "MOV"). */
export function formatLabel(format: SniffedFormat): string {
  return FORMATS[format].label;
}

/**
 * `accept` attribute for `<input type="file">` covering everything Instagram takes, by MIME
 * type and extension (some systems report no or odd MIME types for .m4a/.mov/.avi).
 */
export const MEDIA_ACCEPT_BY_KIND: { readonly [K in MediaKind]: string } = Object.fromEntries(
  MEDIA_KINDS.map((kind) => {
    const tokens = new Set<string>();
    for (const f of MEDIA_LIMITS[kind].formats) {
      const info = FORMATS[f];
      const m = info.mime[kind];
      if (m) tokens.add(m);
      for (const a of info.aliases) if (a.split('/')[0] === kindTopType(kind)) tokens.add(a);
    }
    for (const f of MEDIA_LIMITS[kind].formats) for (const e of acceptedExtensions(f, kind)) tokens.add('.' + e);
    return [kind, [...tokens].join(',')];
  }),
) as { [K in MediaKind]: string };

/** `accept` attribute for all kinds at once. */
export const MEDIA_ACCEPT: string = MEDIA_KINDS.map((k) => MEDIA_ACCEPT_BY_KIND[k]).join(',');

function kindTopType(kind: MediaKind): string {
  return kind === 'file' ? 'application' : kind;
}

/** Extensions worth offering in a picker for a format of a kind (no .opus for ogg video...). */
function acceptedExtensions(format: MediaFormat, kind: MediaKind): readonly string[] {
  if (format === 'ogg') return ['ogg', 'ogv'];
  if (format === 'mp4' && kind === 'audio') return ['mp4'];
  return FORMATS[format].extensions;
}

// ---------------------------------------------------------------------------------------------
// Sniffing
// ---------------------------------------------------------------------------------------------

function bytesAt(head: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (head.length < offset + expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (head[offset + i] !== expected[i]) return false;
  return true;
}

function asciiAt(head: Uint8Array, offset: number, text: string): boolean {
  if (head.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

function ascii(head: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length && i < head.length; i++) s += String.fromCharCode(head[i] ?? 0);
  return s;
}

function u32be(head: Uint8Array, offset: number): number {
  return (
    (head[offset] ?? 0) * 0x1000000 +
    ((head[offset + 1] ?? 0) << 16) +
    ((head[offset + 2] ?? 0) << 8) +
    (head[offset + 3] ?? 0)
  );
}

function result(kind: MediaKind, format: SniffedFormat): SniffResult {
  return { kind, format, mime: mimeFor(format, kind) };
}

/** ISO base media file (MP4 family): classify by the `ftyp` box's major and compatible brands. */
function sniffIsoBmff(head: Uint8Array): SniffResult | null {
  const boxSize = u32be(head, 0);
  const major = ascii(head, 8, 4);
  const compatible: string[] = [];
  const end = Math.min(head.length, boxSize >= 16 ? boxSize : 16);
  for (let o = 16; o + 4 <= end; o += 4) compatible.push(ascii(head, o, 4));

  const byBrand = (brand: string): SniffResult | null => {
    switch (brand) {
      case 'M4A ':
      case 'M4B ':
      case 'F4A ':
      case 'F4B ':
        return result('audio', 'm4a');
      case 'qt  ':
        return result('video', 'mov');
      case 'heic':
      case 'heix':
      case 'hevc':
      case 'hevx':
      case 'mif1':
      case 'msf1':
        return result('image', 'heic');
      case 'avif':
      case 'avis':
        return result('image', 'avif');
      case 'isom':
      case 'iso2':
      case 'iso3':
      case 'iso4':
      case 'iso5':
      case 'iso6':
      case 'iso7':
      case 'iso8':
      case 'iso9':
      case 'mp41':
      case 'mp42':
      case 'mp71':
      case 'avc1':
      case 'dash':
      case 'mmp4':
      case 'MSNV':
      case 'NDAS':
      case 'NDSC':
      case 'NDSH':
      case 'NDSM':
      case 'NDSP':
      case 'NDSS':
      case 'NDXC':
      case 'NDXH':
      case 'NDXM':
      case 'NDXP':
      case 'NDXS':
      case 'M4V ':
      case 'M4VH':
      case 'M4VP':
      case 'M4P ':
      case 'F4V ':
      case 'F4P ':
      case 'XAVC':
        return result('video', 'mp4');
      default:
        if (brand.startsWith('3g')) return result('video', '3gp');
        return null;
    }
  };
  const fromMajor = byBrand(major);
  if (fromMajor) return fromMajor;
  // Unknown major brand (vendor-specific): fall back to the compatible brands it declares.
  for (const b of compatible) {
    const r = byBrand(b);
    if (r && r.format !== '3gp') return r;
  }
  return null;
}

/** First Ogg page: the codec's identification header follows the segment table. */
function sniffOgg(head: Uint8Array): SniffResult {
  const segments = head[26] ?? 1;
  const at = 27 + segments;
  const isAt = (bytes: readonly number[]) => bytesAt(head, at, bytes) || bytesAt(head, 28, bytes);
  if (isAt([0x80, 0x74, 0x68, 0x65, 0x6f, 0x72, 0x61])) return result('video', 'ogg'); // \x80theora
  if (isAt([0x01, 0x76, 0x69, 0x64, 0x65, 0x6f, 0x00])) return result('video', 'ogg'); // \x01video (OGM)
  if (
    isAt([0x01, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]) || // \x01vorbis
    isAt([0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64]) || // OpusHead
    isAt([0x7f, 0x46, 0x4c, 0x41, 0x43]) || // \x7fFLAC
    isAt([0x53, 0x70, 0x65, 0x65, 0x78, 0x20, 0x20]) // "Speex  "
  ) {
    return result('audio', 'ogg');
  }
  // Skeleton or unknown codec: Instagram lists Ogg as a video format, so give it that benefit.
  return result('video', 'ogg');
}

/** EBML variable-length integer at `offset`: element ids keep their length marker, sizes drop it. */
function readVint(head: Uint8Array, offset: number, keepMarker: boolean): { value: number; width: number } | null {
  const first = head[offset];
  if (first === undefined || first === 0) return null;
  let width = 1;
  while ((first & (0x80 >> (width - 1))) === 0) width++;
  if (offset + width > head.length) return null;
  let value = keepMarker ? first : first & (0xff >> width);
  for (let k = 1; k < width; k++) value = value * 256 + (head[offset + k] ?? 0);
  return { value, width };
}

/** EBML (Matroska/WebM): walk the header's children to its DocType element (id 0x4282). */
function sniffEbml(head: Uint8Array): SniffResult | null {
  const rootSize = readVint(head, 4, false);
  if (!rootSize) return null;
  let o = 4 + rootSize.width;
  const end = Math.min(head.length, o + rootSize.value);
  for (let n = 0; n < 64 && o < end; n++) {
    const id = readVint(head, o, true);
    if (!id) return null;
    const size = readVint(head, o + id.width, false);
    if (!size) return null;
    const data = o + id.width + size.width;
    if (id.value === 0x4282) {
      const docType = ascii(head, data, Math.min(size.value, 64)).split('\0')[0];
      if (docType === 'webm') return result('video', 'webm');
      if (docType === 'matroska') return result('video', 'mkv');
      return null;
    }
    o = data + size.value;
  }
  return null;
}

/** MPEG audio frame at `offset`: ADTS AAC (layer 00, 12-bit sync) or MP3 (layers I–III). */
function sniffMpegFrame(head: Uint8Array, offset: number): SniffResult | null {
  const b0 = head[offset];
  const b1 = head[offset + 1];
  if (b0 !== 0xff || b1 === undefined) return null;
  if ((b1 & 0xf6) === 0xf0) return result('audio', 'aac'); // 0xFFF1 (MPEG-4) / 0xFFF9 (MPEG-2)
  if ((b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0 && (b1 & 0x18) !== 0x08) {
    const b2 = head[offset + 2] ?? 0;
    if ((b2 & 0xf0) !== 0xf0 && (b2 & 0x0c) !== 0x0c) return result('audio', 'mp3');
  }
  return null;
}

/**
 * Identify a media file from its first bytes (pass at least the first 4 KiB, or the whole file
 * if smaller). Returns the kind, format and canonical MIME type, or `null` for anything it
 * does not know. Recognizes every format Instagram accepts (reference §1.5) and a few common
 * refused ones (WebP, HEIC, AVIF, BMP, TIFF, MKV, 3GP, MP3, FLAC, Ogg audio) so callers can
 * explain the refusal.
 */
export function sniffMedia(head: Uint8Array): SniffResult | null {
  if (head.length > SNIFF_HEAD_BYTES) head = head.subarray(0, SNIFF_HEAD_BYTES);
  if (head.length < 2) return null;

  if (bytesAt(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return result('image', 'png');
  if (bytesAt(head, 0, [0xff, 0xd8, 0xff]) && head[3] !== 0xf7) return result('image', 'jpeg'); // 0xF7 = JPEG-LS
  if (asciiAt(head, 0, 'GIF87a') || asciiAt(head, 0, 'GIF89a')) return result('image', 'gif');
  if (asciiAt(head, 0, '%PDF-')) return result('file', 'pdf');
  if (asciiAt(head, 0, 'OggS')) return sniffOgg(head);
  if (asciiAt(head, 0, 'RIFF')) {
    if (asciiAt(head, 8, 'AVI ')) return result('video', 'avi');
    if (asciiAt(head, 8, 'WAVE')) return result('audio', 'wav');
    if (asciiAt(head, 8, 'WEBP')) return result('image', 'webp');
    return null;
  }
  if (bytesAt(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return sniffEbml(head);
  if (asciiAt(head, 4, 'ftyp') && ((head[8] ?? 0) & 0x60) !== 0) return sniffIsoBmff(head);
  // QuickTime files written before `ftyp` existed start straight with a movie atom.
  if (['moov', 'mdat', 'wide', 'free'].some((atom) => asciiAt(head, 4, atom)) && u32be(head, 0) >= 8) {
    return result('video', 'mov');
  }
  if (asciiAt(head, 0, 'fLaC')) return result('audio', 'flac');
  if (asciiAt(head, 0, 'BM') && head.length >= 14 && u32be(head, 6) === 0) return result('image', 'bmp');
  if (bytesAt(head, 0, [0x49, 0x49, 0x2a, 0x00]) || bytesAt(head, 0, [0x4d, 0x4d, 0x00, 0x2a])) {
    return result('image', 'tiff');
  }
  if (asciiAt(head, 0, 'ID3')) {
    // ID3v2 tag (size is a 28-bit "syncsafe" integer), then the first audio frame.
    const size =
      (((head[6] ?? 0) & 0x7f) << 21) |
      (((head[7] ?? 0) & 0x7f) << 14) |
      (((head[8] ?? 0) & 0x7f) << 7) |
      ((head[9] ?? 0) & 0x7f);
    const frame = 10 + size + ((head[5] ?? 0) & 0x10 ? 10 : 0);
    return sniffMpegFrame(head, frame) ?? (frame >= head.length ? result('audio', 'mp3') : null);
  }
  return sniffMpegFrame(head, 0);
}

// ---------------------------------------------------------------------------------------------
// Claims: what the file's name and MIME type say it is
// ---------------------------------------------------------------------------------------------

interface Claim {
  source: 'name' | 'type';
  /** The extension (with dot) or MIME type as given. */
  value: string;
  format: SniffedFormat | null;
  /** Kind implied by a MIME type's top-level type (`audio/mp4` → audio). */
  kind: MediaKind | null;
}

const GENERIC_MIME = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
  'application/x-unknown',
]);

function extensionOf(name: string): string | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return null;
  return base.slice(dot + 1).toLowerCase();
}

function claimFromName(name: string | undefined): Claim | null {
  if (!name) return null;
  const ext = extensionOf(name);
  if (!ext) return null;
  let format: SniffedFormat | null = null;
  for (const [f, info] of Object.entries(FORMATS) as [SniffedFormat, FormatInfo][]) {
    if (info.extensions.includes(ext)) {
      format = f;
      break;
    }
  }
  let kind: MediaKind | null = null;
  if (ext === 'm4a' || ext === 'm4b' || ext === 'oga' || ext === 'opus' || ext === 'spx') kind = 'audio';
  else if (ext === 'ogv' || ext === 'm4v') kind = 'video';
  else if (format) {
    const kinds = Object.keys(FORMATS[format].mime) as MediaKind[];
    kind = kinds.length === 1 ? (kinds[0] ?? null) : null;
  }
  return { source: 'name', value: '.' + ext, format, kind };
}

function claimFromType(type: string | undefined): Claim | null {
  const mime = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (GENERIC_MIME.has(mime)) return null;
  let format: SniffedFormat | null = null;
  for (const [f, info] of Object.entries(FORMATS) as [SniffedFormat, FormatInfo][]) {
    if (Object.values(info.mime).includes(mime) || info.aliases.includes(mime)) {
      format = f;
      break;
    }
  }
  const top = mime.split('/')[0];
  const kind: MediaKind | null =
    top === 'image' || top === 'video' || top === 'audio' ? top : format === 'pdf' ? 'file' : null;
  return { source: 'type', value: mime, format, kind };
}

/** Formats that share a container and are routinely labelled as each other (MP4 family). */
const ISO_FAMILY: ReadonlySet<SniffedFormat> = new Set(['mp4', 'm4a', 'mov', '3gp']);

function claimAgrees(claim: Claim, sniffed: SniffResult): boolean {
  if (claim.format === null) {
    // Unknown extension/MIME (e.g. ".bin", "text/plain"): only a clear kind contradiction counts.
    return claim.source === 'name' || claim.kind === null
      ? true
      : claim.kind === sniffed.kind || sniffed.format === 'mp4';
  }
  if (claim.format === sniffed.format) return true;
  if (ISO_FAMILY.has(claim.format) && ISO_FAMILY.has(sniffed.format)) return true;
  return false;
}

/** Formats whose name is read with a leading vowel sound ("an MP4", "an AVI"). */
const AN: ReadonlySet<SniffedFormat> = new Set(['avi', 'aac', 'mp4', 'm4a', 'mkv', 'ogg', 'avif', 'mp3']);

/** "a PDF", "an MP4 video", "a WebP image". */
function describeSniffed(sniffed: SniffResult): string {
  const article = AN.has(sniffed.format) ? 'an' : 'a';
  if (sniffed.kind === 'file') return `${article} ${FORMATS[sniffed.format].label}`;
  return `${article} ${FORMATS[sniffed.format].label} ${KIND_NOUN[sniffed.kind].one}`;
}

// ---------------------------------------------------------------------------------------------
// checkMedia
// ---------------------------------------------------------------------------------------------

export interface MediaCheckInput {
  /** File size in bytes. */
  size: number;
  /** The first bytes of the file (4 KiB is plenty; the whole file works too). */
  head: Uint8Array;
  /** File name, if known (`File.name`). */
  name?: string;
  /** Declared MIME type, if known (`File.type`, a multipart part's Content-Type). */
  type?: string;
}

export type MediaCheckCode = 'empty' | 'unsupported_format' | 'too_large' | 'type_mismatch';

export interface MediaCheckOk {
  ok: true;
  kind: MediaKind;
  format: MediaFormat;
  /** MIME type to send/upload with (canonical, from the bytes). */
  mime: string;
  size: number;
}

export interface MediaCheckDetails {
  size: number;
  /** What the bytes are, when recognized. */
  sniffed?: SniffResult;
  /** The claim that contradicted the bytes (type_mismatch). */
  claimed?: { source: 'name' | 'type'; value: string; format?: SniffedFormat; kind?: MediaKind };
  /** The limit that was exceeded (too_large). */
  maxBytes?: number;
  /** Formats accepted for the kind (unsupported_format). */
  accepted?: readonly MediaFormat[];
}

export interface MediaCheckFailure {
  ok: false;
  code: MediaCheckCode;
  /** A sentence for people: "This file is 9.2 MB; images can be at most 8 MB." */
  message: string;
  details: MediaCheckDetails;
}

export type MediaCheckResult = MediaCheckOk | MediaCheckFailure;

function fail(code: MediaCheckCode, message: string, details: MediaCheckDetails): MediaCheckFailure {
  return { ok: false, code, message, details };
}

function listFormats(formats: readonly MediaFormat[]): string {
  const labels = formats.map((f) => FORMATS[f].label);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1] ?? ''}`;
}

const EVERYTHING_ACCEPTED =
  `Instagram accepts images (${listFormats(MEDIA_LIMITS.image.formats)}), videos (${listFormats(MEDIA_LIMITS.video.formats)}), ` +
  `audio (${listFormats(MEDIA_LIMITS.audio.formats)}) and ${listFormats(MEDIA_LIMITS.file.formats)} documents.`;

/**
 * Decide whether a file can be sent as an Instagram attachment, before uploading it.
 * Checks, in order: empty file; unrecognized bytes; name/MIME claiming something the bytes are
 * not (`type_mismatch`, e.g. a PDF renamed to .png); a recognized format Instagram refuses;
 * the size limit of the kind (reference §1.5).
 *
 * The bytes decide the result's kind and format. A claim only refines what bytes cannot tell:
 * an MP4 container declared as `audio/mp4` or named `.m4a` is audio.
 */
export function checkMedia(input: MediaCheckInput): MediaCheckResult {
  const { size, head } = input;
  if (!Number.isFinite(size) || size < 0) {
    throw new RangeError(`checkMedia: size must be a non-negative number, got ${String(size)}`);
  }
  if (size === 0) return fail('empty', 'This file is empty.', { size });

  const claims = [claimFromName(input.name), claimFromType(input.type)].filter((c): c is Claim => c !== null);
  const sniffed = sniffMedia(head);
  if (!sniffed) {
    const claim = claims.find((c) => c.format !== null) ?? claims[0];
    const said = claim?.source === 'name' ? `is named ${claim.value}` : `says it is ${claim?.value ?? ''}`;
    const message = !claim
      ? `This file's format isn't supported. ${EVERYTHING_ACCEPTED}`
      : claim.format
        ? `The file ${said}, but its contents aren't a valid ${FORMATS[claim.format].label} file. ${EVERYTHING_ACCEPTED}`
        : `Files like this (${claim.value}) can't be sent. ${EVERYTHING_ACCEPTED}`;
    return fail('unsupported_format', message, { size, ...(claim ? { claimed: claimDetails(claim) } : {}) });
  }

  const contradiction = claims.find((c) => !claimAgrees(c, sniffed));
  if (contradiction) {
    const what =
      contradiction.source === 'name'
        ? `The file is named ${contradiction.value}`
        : `The file says it is ${contradiction.value}`;
    return fail('type_mismatch', `${what} but its bytes are ${describeSniffed(sniffed)}.`, {
      size,
      sniffed,
      claimed: claimDetails(contradiction),
    });
  }

  // Resolve what the bytes leave open: an MP4 container declared as audio is audio.
  let kind: MediaKind = sniffed.kind;
  let format: SniffedFormat = sniffed.format;
  if (sniffed.format === 'mp4' && claims.some((c) => c.kind === 'audio' || c.format === 'm4a')) {
    kind = 'audio';
    format = claims.some((c) => c.format === 'm4a') ? 'm4a' : 'mp4';
  }

  const limit = MEDIA_LIMITS[kind];
  if (!isAccepted(format, kind)) {
    const noun = KIND_NOUN[kind];
    return fail(
      'unsupported_format',
      `${FORMATS[format].label} ${noun.many} can't be sent; ${noun.many} can be ${listFormats(limit.formats)}.`,
      { size, sniffed: { kind, format, mime: mimeFor(format, kind) }, accepted: limit.formats },
    );
  }

  if (size > limit.maxBytes) {
    let shown = formatBytes(size);
    let max = formatBytes(limit.maxBytes);
    if (shown === max) {
      // 8,000,001 B would read "8 MB; ... at most 8 MB": show exact bytes instead.
      shown = `${groupDigits(size)} bytes`;
      max = `${groupDigits(limit.maxBytes)} bytes`;
    }
    return fail('too_large', `This file is ${shown}; ${KIND_NOUN[kind].many} can be at most ${max}.`, {
      size,
      sniffed: { kind, format, mime: mimeFor(format, kind) },
      maxBytes: limit.maxBytes,
    });
  }

  return { ok: true, kind, format, mime: mimeFor(format, kind), size };
}

function isAccepted(format: SniffedFormat, kind: MediaKind): format is MediaFormat {
  return (MEDIA_LIMITS[kind].formats as readonly string[]).includes(format);
}

function claimDetails(claim: Claim): NonNullable<MediaCheckDetails['claimed']> {
  return {
    source: claim.source,
    value: claim.value,
    ...(claim.format ? { format: claim.format } : {}),
    ...(claim.kind ? { kind: claim.kind } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Several files in one message
// ---------------------------------------------------------------------------------------------

export type MediaSetCheckCode = 'no_files' | 'invalid_file' | 'mixed_kinds' | 'too_many';

export type MediaSetCheckResult =
  | { ok: true; kind: MediaKind; files: MediaCheckOk[] }
  | {
      ok: false;
      code: MediaSetCheckCode;
      message: string;
      /** Per-file results, in input order. */
      results: MediaCheckResult[];
      /** Index of the first offending file (invalid_file, mixed_kinds, too_many). */
      index?: number;
    };

/**
 * Check the files for ONE message. Instagram takes up to 10 images in one message
 * (reference §1.5); several videos, audio files or documents per message are undocumented, so
 * those go one per message, and kinds are never mixed.
 */
export function checkMediaSet(files: readonly MediaCheckInput[]): MediaSetCheckResult {
  const results = files.map(checkMedia);
  if (results.length === 0) return { ok: false, code: 'no_files', message: 'No file was chosen.', results };
  const firstBad = results.findIndex((r) => !r.ok);
  if (firstBad >= 0) {
    const r = results[firstBad] as MediaCheckFailure;
    const prefix = results.length > 1 ? `File ${firstBad + 1}: ` : '';
    return { ok: false, code: 'invalid_file', message: prefix + r.message, results, index: firstBad };
  }
  const oks = results as MediaCheckOk[];
  const kind = oks[0]?.kind ?? 'image';
  const mixed = oks.findIndex((r) => r.kind !== kind);
  if (mixed >= 0) {
    return {
      ok: false,
      code: 'mixed_kinds',
      message: `One message can't mix ${KIND_NOUN[kind].many} and ${KIND_NOUN[oks[mixed]?.kind ?? kind].many}; send them separately.`,
      results,
      index: mixed,
    };
  }
  const max = MEDIA_LIMITS[kind].perMessage;
  if (oks.length > max) {
    return {
      ok: false,
      code: 'too_many',
      message:
        max === 1
          ? `Only one ${KIND_NOUN[kind].one} can be sent per message.`
          : `One message can carry at most ${max} ${KIND_NOUN[kind].many}; you chose ${oks.length}.`,
      results,
      index: max,
    };
  }
  return { ok: true, kind, files: oks };
}

// ---------------------------------------------------------------------------------------------
// Human units
// ---------------------------------------------------------------------------------------------

const UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

function groupDigits(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Bytes in decimal units, as Meta's limits are stated (reference §1.5, D16): `formatBytes(9_200_000)`
 * → "9.2 MB", `formatBytes(8_000_000)` → "8 MB", `formatBytes(512)` → "512 bytes". One decimal
 * at most; pass a locale for its decimal separator (`'it'` → "9,2 MB").
 */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const abs = Math.abs(bytes);
  if (abs < 1000) return `${bytes} ${abs === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1000;
  let unit = 0;
  while (Math.abs(value) >= 999.95 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const rounded = Math.round(value * 10) / 10;
  const text =
    locale === undefined
      ? String(rounded)
      : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(rounded);
  return `${text} ${UNITS[unit] ?? 'TB'}`;
}
