/**
 * Graph request parameters: query + body, where the body may be JSON, form-encoded (values that
 * are JSON objects arrive as JSON strings, e.g. `recipient={"id":"..."}`, reference §1.1) or
 * multipart (`filedata` uploads, reference §1.6). Graph treats all three the same.
 */

import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { MEDIA_LIMITS } from '@kit/core';
import { errors } from './errors';

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
  /** True when the file was larger than any Instagram limit and reading stopped. */
  truncated: boolean;
  size: number;
}

export interface GraphParams {
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  files: UploadedFile[];
}

/** The largest file any kind allows, plus one byte so "too large" is still detectable. */
const MAX_FILE_BYTES = Math.max(...Object.values(MEDIA_LIMITS).map((l) => l.maxBytes)) + 1;
const MAX_BODY_BYTES = 1_000_000;

/** Params whose values Graph parses as JSON when they arrive form-encoded. */
const JSON_PARAMS = new Set(['recipient', 'message', 'payload', 'reply_to', 'thread_control', 'filedata_meta', 'ice_breakers', 'persistent_menu']);

export function parseJsonParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' && JSON_PARAMS.has(k) && /^\s*[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        throw errors.invalidParam(`param ${k} must be a JSON object`);
      }
    }
    out[k] = v;
  }
  return out;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(errors.invalidParam(`Request body larger than ${MAX_BODY_BYTES} bytes; upload files as multipart filedata`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readMultipart(req: IncomingMessage): Promise<{ fields: Record<string, unknown>; files: UploadedFile[] }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_FILE_BYTES, files: 10, fields: 50 } });
    } catch {
      reject(errors.invalidParam('Malformed multipart body'));
      return;
    }
    const fields: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        chunks.push(c);
      });
      stream.on('end', () => {
        files.push({
          field,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          bytes: Buffer.concat(chunks),
          truncated: stream.truncated === true,
          size,
        });
      });
    });
    bb.on('error', () => reject(errors.invalidParam('Malformed multipart body')));
    bb.on('close', () => resolve({ fields, files }));
    req.pipe(bb);
  });
}

export async function readParams(req: IncomingMessage, query: Record<string, unknown>): Promise<GraphParams> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const q = parseJsonParams(query);
  if (req.method === 'GET' || req.method === 'HEAD') return { query: q, body: {}, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const { fields, files } = await readMultipart(req);
    return { query: q, body: parseJsonParams(fields), files };
  }
  const raw = await readRaw(req);
  if (raw.length === 0) return { query: q, body: {}, files: [] };
  if (type.includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw errors.invalidParam('The request body is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.invalidParam('The JSON body must be an object');
    return { query: q, body: parseJsonParams(parsed as Record<string, unknown>), files: [] };
  }
  // Graph's default: form-encoded.
  const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  return { query: q, body: parseJsonParams(form), files: [] };
}
