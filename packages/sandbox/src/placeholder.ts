/**
 * Small, valid media files the sandbox hosts for customer-sent media (`/__sandbox/cdn/:id`), so
 * a demo thread shows a real image and every URL the sandbox hands out can be fetched and sniffed.
 */

import { deflateSync } from 'node:zlib';
import { demoVideoClip, demoVoiceClip } from './clips';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A solid-colour PNG with a lighter diagonal band (so it is visibly an image). */
export function placeholderPng(rgb: [number, number, number], size = 96): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const band = Math.abs(x - y) < size / 8 ? 60 : 0;
      row[1 + x * 3] = Math.min(255, rgb[0] + band);
      row[2 + x * 3] = Math.min(255, rgb[1] + band);
      row[3 + x * 3] = Math.min(255, rgb[2] + band);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * What a customer's media carries when no URL is given: a real, playable 2-second clip for video and
 * audio (clips.ts), a minimal valid PDF for files.
 */
export function placeholderFile(kind: 'video' | 'audio' | 'file'): { mime: string; bytes: Buffer } {
  if (kind === 'file') {
    return { mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1') };
  }
  if (kind === 'audio') return { mime: 'audio/wav', bytes: demoVoiceClip() };
  return { mime: 'video/mp4', bytes: demoVideoClip() };
}
