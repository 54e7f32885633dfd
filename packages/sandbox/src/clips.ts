/**
 * Real, tiny media for the sandbox's customer: a 2-second H.264 MP4 and a 2-second voice-like WAV,
 * generated with code on first use (nothing downloaded, nothing binary in the repository).
 *
 * Why hand-written rather than an encoder library: the sandbox must stay dependency-light and
 * synchronous (a customer "sends a video" inside a sync call), and a real encoder (ffmpeg, WebCodecs)
 * is not available in Node. The video uses H.264's I_PCM macroblocks — uncompressed samples inside a
 * standard Baseline-profile stream — so no transform or entropy coding is needed, and every browser
 * that plays Instagram's MP4s plays it. `clips.test.ts` reads the file back with mediabunny (a real
 * demuxer) and decodes it in Chromium.
 */

const CLIP_WIDTH = 96;
const CLIP_HEIGHT = 160;
const CLIP_FRAMES = 4;
const FRAME_MS = 500;
export const CLIP_DURATION_MS = CLIP_FRAMES * FRAME_MS;

/** Big-endian bit writer for H.264 RBSPs (Exp-Golomb codes, §7.2 of the spec). */
class BitWriter {
  private readonly bytes: number[] = [];
  private cur = 0;
  private used = 0;

  u(value: number, bits: number): this {
    for (let i = bits - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | ((value >>> i) & 1);
      if (++this.used === 8) this.flush();
    }
    return this;
  }
  ue(value: number): this {
    const x = value + 1;
    const len = 32 - Math.clz32(x);
    return this.u(0, len - 1).u(x, len);
  }
  se(value: number): this {
    return this.ue(value <= 0 ? -2 * value : 2 * value - 1);
  }
  alignZero(): this {
    while (this.used !== 0) this.u(0, 1);
    return this;
  }
  byte(value: number): this {
    return this.u(value, 8);
  }
  /** rbsp_trailing_bits: a stop bit, then zeros to the byte boundary. */
  trailing(): Uint8Array {
    this.u(1, 1).alignZero();
    return Uint8Array.from(this.bytes);
  }
  private flush(): void {
    this.bytes.push(this.cur & 0xff);
    this.cur = 0;
    this.used = 0;
  }
}

/** A NAL unit: header byte + payload with emulation-prevention bytes (00 00 0x → 00 00 03 0x). */
function nal(header: number, rbsp: Uint8Array): Uint8Array {
  const out = [header];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

const PROFILE_BASELINE = 66;
const CONSTRAINTS = 0xc0; // constraint_set0 + constraint_set1: Constrained Baseline
const LEVEL = 30;

function sps(): Uint8Array {
  const w = new BitWriter().byte(PROFILE_BASELINE).byte(CONSTRAINTS).byte(LEVEL);
  w.ue(0) // seq_parameter_set_id
    .ue(0) // log2_max_frame_num_minus4
    .ue(2) // pic_order_cnt_type 2: output order = decode order
    .ue(1) // max_num_ref_frames
    .u(0, 1) // gaps_in_frame_num_value_allowed_flag
    .ue(CLIP_WIDTH / 16 - 1)
    .ue(CLIP_HEIGHT / 16 - 1)
    .u(1, 1) // frame_mbs_only_flag
    .u(1, 1) // direct_8x8_inference_flag
    .u(0, 1) // frame_cropping_flag
    .u(0, 1); // vui_parameters_present_flag
  return nal(0x67, w.trailing());
}

function pps(): Uint8Array {
  const w = new BitWriter()
    .ue(0) // pic_parameter_set_id
    .ue(0) // seq_parameter_set_id
    .u(0, 1) // entropy_coding_mode_flag: CAVLC
    .u(0, 1) // bottom_field_pic_order_in_frame_present_flag
    .ue(0) // num_slice_groups_minus1
    .ue(0) // num_ref_idx_l0_default_active_minus1
    .ue(0) // num_ref_idx_l1_default_active_minus1
    .u(0, 1) // weighted_pred_flag
    .u(0, 2) // weighted_bipred_idc
    .se(0) // pic_init_qp_minus26
    .se(0) // pic_init_qs_minus26
    .se(0) // chroma_qp_index_offset
    .u(1, 1) // deblocking_filter_control_present_flag
    .u(0, 1) // constrained_intra_pred_flag
    .u(0, 1); // redundant_pic_cnt_present_flag
  return nal(0x68, w.trailing());
}

/** BT.601 limited range; never 0, which also keeps the emulation-prevention path rare. */
function ycbcr([r, g, b]: readonly [number, number, number]): [number, number, number] {
  return [
    Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255),
    Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255),
    Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255),
  ];
}

/** The colour of frame `i` (a slow hue walk), and a white bar moving left to right over it. */
export function clipFrameColour(i: number): [number, number, number] {
  const palette: [number, number, number][] = [
    [225, 48, 108],
    [131, 58, 180],
    [64, 93, 230],
    [252, 175, 69],
  ];
  return palette[i % palette.length]!;
}

function pixel(frame: number, x: number, y: number): [number, number, number] {
  const barX = Math.floor((frame / CLIP_FRAMES) * CLIP_WIDTH);
  const onBar = x >= barX && x < barX + CLIP_WIDTH / CLIP_FRAMES && y >= CLIP_HEIGHT / 4 && y < (3 * CLIP_HEIGHT) / 4;
  return ycbcr(onBar ? [255, 255, 255] : clipFrameColour(frame));
}

/** One IDR picture made of I_PCM macroblocks (§7.3.4, §7.3.5: mb_type 25 in an I slice). */
function idrSlice(frame: number): Uint8Array {
  const w = new BitWriter()
    .ue(0) // first_mb_in_slice
    .ue(7) // slice_type: I, and every slice of the picture is I
    .ue(0) // pic_parameter_set_id
    .u(0, 4) // frame_num (log2_max_frame_num = 4)
    .ue(frame) // idr_pic_id: consecutive IDR pictures must differ
    .u(0, 1) // no_output_of_prior_pics_flag
    .u(0, 1) // long_term_reference_flag
    .se(0) // slice_qp_delta
    .ue(1); // disable_deblocking_filter_idc: nothing to smooth in raw samples
  for (let my = 0; my < CLIP_HEIGHT / 16; my++) {
    for (let mx = 0; mx < CLIP_WIDTH / 16; mx++) {
      w.ue(25).alignZero();
      for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) w.byte(pixel(frame, mx * 16 + x, my * 16 + y)[0]);
      for (const c of [1, 2] as const) {
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) w.byte(pixel(frame, mx * 16 + x * 2, my * 16 + y * 2)[c]);
      }
    }
  }
  return nal(0x65, w.trailing());
}

// --- ISO BMFF (MP4) boxes ---------------------------------------------------------------------

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Big-endian fields: [value, byteWidth] pairs, ASCII strings, or raw bytes. */
function fields(...items: ([number, 1 | 2 | 4] | Uint8Array | string)[]): Uint8Array {
  const chunks: number[] = [];
  for (const item of items) {
    if (typeof item === 'string') for (let i = 0; i < item.length; i++) chunks.push(item.charCodeAt(i));
    else if (item instanceof Uint8Array) chunks.push(...item);
    else for (let i = item[1] - 1; i >= 0; i--) chunks.push((item[0] >>> (8 * i)) & 0xff);
  }
  return Uint8Array.from(chunks);
}

const MATRIX = fields([0x10000, 4], [0, 4], [0, 4], [0, 4], [0x10000, 4], [0, 4], [0, 4], [0, 4], [0x40000000, 4]);
/** A FullBox: version 0 and 24-bit flags before the payload. */
function fullBox(type: string, flags: number, ...parts: Uint8Array[]): Uint8Array {
  return box(type, fields([0, 1], [(flags >>> 16) & 0xff, 1], [flags & 0xffff, 2]), ...parts);
}

function mp4(samples: Uint8Array[], spsNal: Uint8Array, ppsNal: Uint8Array): Uint8Array {
  const duration = samples.length * FRAME_MS;
  const avcC = box(
    'avcC',
    fields([1, 1], [PROFILE_BASELINE, 1], [CONSTRAINTS, 1], [LEVEL, 1], [0xff, 1], [0xe1, 1], [spsNal.length, 2], spsNal, [1, 1], [ppsNal.length, 2], ppsNal),
  );
  const avc1 = box(
    'avc1',
    fields(new Uint8Array(6), [1, 2], [0, 2], [0, 2], new Uint8Array(12), [CLIP_WIDTH, 2], [CLIP_HEIGHT, 2], [0x480000, 4], [0x480000, 4], [0, 4], [1, 2], new Uint8Array(32), [0x18, 2], [0xffff, 2]),
    avcC,
  );
  const sampleBytes = samples.map((s) => s.length + 4);
  const stbl = (chunkOffset: number) =>
    box(
      'stbl',
      fullBox('stsd', 0, fields([1, 4]), avc1),
      fullBox('stts', 0, fields([1, 4], [samples.length, 4], [FRAME_MS, 4])),
      fullBox('stsc', 0, fields([1, 4], [1, 4], [samples.length, 4], [1, 4])),
      fullBox('stsz', 0, fields([0, 4], [samples.length, 4], ...sampleBytes.map((n) => [n, 4] as [number, 4]))),
      fullBox('stco', 0, fields([1, 4], [chunkOffset, 4])),
    );
  const moov = (chunkOffset: number) =>
    box(
      'moov',
      fullBox('mvhd', 0, fields([0, 4], [0, 4], [1000, 4], [duration, 4], [0x10000, 4], [0x100, 2], new Uint8Array(10), MATRIX, new Uint8Array(24), [2, 4])),
      box(
        'trak',
        fullBox('tkhd', 3, fields([0, 4], [0, 4], [1, 4], [0, 4], [duration, 4], new Uint8Array(8), [0, 2], [0, 2], [0, 2], [0, 2], MATRIX, [CLIP_WIDTH << 16, 4], [CLIP_HEIGHT << 16, 4])),
        box(
          'mdia',
          fullBox('mdhd', 0, fields([0, 4], [0, 4], [1000, 4], [duration, 4], [0x55c4, 2], [0, 2])),
          fullBox('hdlr', 0, fields([0, 4], 'vide', new Uint8Array(12), 'VideoHandler\0')),
          box(
            'minf',
            fullBox('vmhd', 1, fields([0, 2], [0, 2], [0, 2], [0, 2])),
            box('dinf', fullBox('dref', 0, fields([1, 4]), fullBox('url ', 1))),
            stbl(chunkOffset),
          ),
        ),
      ),
    );
  const ftyp = box('ftyp', fields('isom', [0x200, 4], 'isomiso2avc1mp41'));
  // The moov box's size does not depend on the offset's value, so measure once, then write.
  const offset = ftyp.length + moov(0).length + 8;
  const mdat = box('mdat', ...samples.flatMap((s) => [fields([s.length, 4]), s]));
  return concat([ftyp, moov(offset), mdat]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let video: Buffer | undefined;
let voice: Buffer | undefined;

/** A 96×160 (portrait, like a reel), 2-second H.264 (Constrained Baseline) MP4: four colours, a moving white bar. */
export function demoVideoClip(): Buffer {
  video ??= Buffer.from(mp4(Array.from({ length: CLIP_FRAMES }, (_, i) => idrSlice(i)), sps(), pps()));
  return video;
}

const RATE = 8000;

/** A 2-second mono 8 kHz 16-bit WAV that sounds like three spoken syllables (a voice note). */
export function demoVoiceClip(): Buffer {
  if (voice) return voice;
  const n = (RATE * CLIP_DURATION_MS) / 1000;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const syllable = Math.max(0, Math.sin(Math.PI * ((t * 3) / 2) * 2)); // three bumps in 2 s
    const pitch = 180 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
    const s = syllable * (0.6 * Math.sin(2 * Math.PI * pitch * t) + 0.25 * Math.sin(4 * Math.PI * pitch * t));
    data.writeInt16LE(Math.round(s * 12000), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  voice = Buffer.concat([h, data]);
  return voice;
}
