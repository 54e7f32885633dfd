/**
 * Test files made on the spot: a real PNG (so every byte check on the way — the picker, the
 * proxy, the sandbox — sees a genuine image) and a file whose name and type lie about its bytes.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * An RGB PNG of `size`×`size` pixels: a diagonal gradient with deterministic noise, so it does
 * not compress to nothing and the upload takes more than one progress event.
 */
export function makePng(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const raw = Buffer.alloc(size * (size * 3 + 1));
  let seed = 0x9e3779b9;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      const noise = seed >>> 27;
      const i = row + 1 + x * 3;
      raw[i] = (214 + noise) & 0xff;
      raw[i + 1] = ((x + y) * 255) / (2 * size) + noise;
      raw[i + 2] = (118 + (y * 120) / size) & 0xff;
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A PDF document dressed up as a photo: name `.png`, type `image/png`. */
export function pdfPretendingToBePng(): { name: string; mimeType: string; buffer: Buffer } {
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  return { name: 'holiday-photo.png', mimeType: 'image/png', buffer: Buffer.from(pdf, 'latin1') };
}
