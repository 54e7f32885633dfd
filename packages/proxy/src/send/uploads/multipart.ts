/**
 * Streamed multipart upload of one `file` part with busboy, straight to a temporary file:
 * - the first bytes are judged (checkHead: @kit/core's sniffer and the part's claimed name/type)
 *   as soon as they arrive, so a file that is not what it says is refused before the rest is
 *   read, and the size cap becomes the cap of the sniffed kind
 *   (MEDIA_LIMITS) — the upload is aborted the moment it passes the cap, never buffered whole;
 * - the temporary file is deleted on every failure path.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import busboy from 'busboy';
import { MEDIA_KINDS, MEDIA_LIMITS, SNIFF_HEAD_BYTES, sniffMedia } from '@kit/core';
import { KitHttpError } from '../../http/errors';
import { unknownFieldError } from '../../http/validate';

export interface ReceivedFile {
  path: string;
  /** The text parts beside `file`, each one of the names the route accepts. */
  fields: Record<string, string>;
  size: number;
  head: Uint8Array;
  name?: string;
  type?: string;
}

/** The largest file of any kind (the cap before the kind is known). */
export const MAX_UPLOAD_BYTES = Math.max(...MEDIA_KINDS.map((k) => MEDIA_LIMITS[k].maxBytes));

function tooLarge(cap: number, kind?: string): KitHttpError {
  return new KitHttpError(413, 'too_large', `The file is larger than ${cap} bytes${kind ? `, the most Instagram accepts for ${kind} attachments` : ''}.`, {
    category: 'media',
    details: { maxBytes: cap, ...(kind ? { kind } : {}) },
  });
}

/** Judges the first bytes (and the part's claimed name/type) as soon as they are in: an error stops the upload. */
export type HeadCheck = (head: Uint8Array, name: string | undefined, type: string | undefined) => KitHttpError | null;

/**
 * `fields`: the text parts the route takes beside `file` (e.g. `isReusable`); any other part is
 * refused with `unknown_field`, as an unknown JSON field is on every other route.
 */
export function receiveFile(req: Request, dir: string, checkHead: HeadCheck, fields: readonly string[] = []): Promise<ReceivedFile> {
  return new Promise<ReceivedFile>((resolve, reject) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(type)) {
      reject(new KitHttpError(415, 'multipart_required', 'Upload the file as multipart/form-data with a part named "file".'));
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + 64 * 1024) {
      reject(tooLarge(MAX_UPLOAD_BYTES));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: MAX_UPLOAD_BYTES + 1, fields: 10, parts: 12, fieldSize: 1024 } });
    } catch {
      reject(new KitHttpError(400, 'invalid_multipart', 'The multipart body could not be read (missing boundary?).'));
      return;
    }
    const path = join(dir, `upload-${randomBytes(12).toString('hex')}`);
    let settled = false;
    let gotFile = false;
    // A text part may come after the file: the answer waits for both the file and the body's end.
    let written: Omit<ReceivedFile, 'fields'> | null = null;
    let closed = false;
    const textParts: Record<string, string> = {};
    const finish = () => {
      if (settled || !written || !closed) return;
      settled = true;
      resolve({ ...written, fields: textParts });
    };
    const fail = (err: KitHttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      void rm(path, { force: true });
      reject(err);
    };

    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || gotFile || settled) {
        stream.resume();
        return;
      }
      gotFile = true;
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      const headChunks: Buffer[] = [];
      let headLen = 0;
      let size = 0;
      let cap = MAX_UPLOAD_BYTES;
      let kind: string | undefined;
      let sniffed = false;
      const sniff = (): boolean => {
        sniffed = true;
        const head = Buffer.concat(headChunks).subarray(0, SNIFF_HEAD_BYTES);
        const early = checkHead(new Uint8Array(head), info.filename || undefined, info.mimeType || undefined);
        if (early) {
          stream.resume();
          out.destroy();
          fail(early);
          return false;
        }
        const s = sniffMedia(head);
        if (s && (MEDIA_KINDS as readonly string[]).includes(s.kind)) {
          // An MP4 may be audio (m4a) with a larger cap? Both are 25 MB; take the larger to be safe.
          cap = s.format === 'mp4' ? Math.max(MEDIA_LIMITS.video.maxBytes, MEDIA_LIMITS.audio.maxBytes) : MEDIA_LIMITS[s.kind].maxBytes;
          kind = s.kind;
        }
        return true;
      };
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (headLen < SNIFF_HEAD_BYTES) {
          headChunks.push(chunk);
          headLen += chunk.length;
          if (headLen >= SNIFF_HEAD_BYTES && !sniff()) return;
        }
        if (size > cap) {
          stream.resume();
          out.destroy();
          fail(tooLarge(cap, kind));
        }
      });
      stream.on('limit', () => {
        out.destroy();
        fail(tooLarge(MAX_UPLOAD_BYTES));
      });
      stream.pipe(out);
      out.on('error', () => fail(new KitHttpError(500, 'upload_storage_failed', 'Could not store the upload temporarily; see the server log.', { retryable: true })));
      out.on('finish', () => {
        if (settled) return;
        if (!sniffed && !sniff()) return;
        written = {
          path,
          size,
          head: new Uint8Array(Buffer.concat(headChunks).subarray(0, SNIFF_HEAD_BYTES)),
          ...(info.filename ? { name: info.filename } : {}),
          ...(info.mimeType ? { type: info.mimeType } : {}),
        };
        finish();
      });
    });
    bb.on('field', (name, value) => {
      if (!fields.includes(name)) fail(unknownFieldError(name, ['file', ...fields]));
      else textParts[name] = value;
    });
    bb.on('error', () => fail(new KitHttpError(400, 'invalid_multipart', 'The multipart body is malformed.')));
    bb.on('close', () => {
      if (!gotFile) fail(new KitHttpError(400, 'file_missing', 'No part named "file" in the upload.'));
      closed = true;
      finish();
    });
    req.on('aborted', () => fail(new KitHttpError(400, 'upload_aborted', 'The upload was interrupted.')));
    req.pipe(bb);
  });
}
