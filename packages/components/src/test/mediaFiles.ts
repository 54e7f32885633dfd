/**
 * Small real files (correct magic bytes) for picker tests and stories: what core's sniffer sees
 * in the first bytes of a PNG, JPEG, PDF, MP4, WebP..., padded to any size.
 */
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

export const HEADS = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii('IHDR'), 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
  jpeg: [0xff, 0xd8, 0xff, 0xe0, 0, 16, ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
  gif: ascii('GIF89a'),
  pdf: ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
  mp4: [0, 0, 0, 24, ...ascii('ftypisom'), 0, 0, 2, 0, ...ascii('isomiso2')],
  webp: [...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8 ')],
  wav: [...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WAVEfmt ')],
  text: ascii('Just some notes, not an image.\n'),
} as const;

/** A File whose first bytes are `head`, padded with zeros to `size` bytes. */
export function mediaFile(name: string, head: keyof typeof HEADS, size = 2048, type = ''): File {
  if (size === 0) return new File([], name, { type });
  const bytes = new Uint8Array(Math.max(size, HEADS[head].length));
  bytes.set(HEADS[head]);
  return new File([bytes], name, { type });
}
