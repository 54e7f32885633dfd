/**
 * Media the business sends or uploads: check type and size the way Graph does (reference §1.5,
 * §1.6) with @kit/core's `checkMedia` / `MEDIA_LIMITS`, and host bytes under `/__sandbox/cdn/`.
 *
 * Graph downloads a `payload.url` itself. The sandbox does the same for loopback URLs (e.g. the
 * proxy's signed media URLs in tests) and, by default, trusts other hosts by file extension
 * (option `mediaFetch`), because tests and the demo run offline.
 */

import { checkMedia, MEDIA_LIMITS, SNIFF_HEAD_BYTES, VIDEO_FETCH_TIMEOUT_MS, type MediaKind } from '@kit/core';
import type { SandboxContext } from './context';
import { errors, GraphError } from './errors';

export interface MediaInfo {
  kind: MediaKind;
  mime?: string;
  size?: number;
}

const EXT_KIND: Record<string, { kind: MediaKind; mime: string }> = {
  png: { kind: 'image', mime: 'image/png' },
  jpg: { kind: 'image', mime: 'image/jpeg' },
  jpeg: { kind: 'image', mime: 'image/jpeg' },
  gif: { kind: 'image', mime: 'image/gif' },
  mp4: { kind: 'video', mime: 'video/mp4' },
  mov: { kind: 'video', mime: 'video/quicktime' },
  webm: { kind: 'video', mime: 'video/webm' },
  avi: { kind: 'video', mime: 'video/x-msvideo' },
  ogg: { kind: 'video', mime: 'video/ogg' },
  aac: { kind: 'audio', mime: 'audio/aac' },
  m4a: { kind: 'audio', mime: 'audio/mp4' },
  wav: { kind: 'audio', mime: 'audio/wav' },
  pdf: { kind: 'file', mime: 'application/pdf' },
  webp: { kind: 'image', mime: 'image/webp' },
  heic: { kind: 'image', mime: 'image/heic' },
  mp3: { kind: 'audio', mime: 'audio/mpeg' },
};

/** Check bytes against the declared kind; throws Graph's 2018047 / 2018109. */
export function checkBytes(kind: MediaKind, bytes: Uint8Array, size: number, name?: string, type?: string): { mime: string; size: number } {
  const limit = MEDIA_LIMITS[kind];
  const result = checkMedia({ size, head: bytes.subarray(0, SNIFF_HEAD_BYTES), ...(name ? { name } : {}), ...(type ? { type } : {}) });
  if (!result.ok) {
    if (result.code === 'too_large') {
      // Too large for its own kind: if it is the declared kind, that is 2018109; else a mismatch.
      const sniffedKind = result.details.sniffed?.kind;
      if (sniffedKind === kind || (kind === 'audio' && result.details.sniffed?.format === 'mp4')) throw errors.attachmentTooLarge();
    }
    throw errors.mediaTypeMismatch();
  }
  if (result.kind !== kind && !(limit.formats as readonly string[]).includes(result.format)) throw errors.mediaTypeMismatch();
  if (size > limit.maxBytes) throw errors.attachmentTooLarge();
  return { mime: result.mime, size };
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname) || url.hostname.endsWith('.localhost');
}

/** Resolve a `payload.url` of the declared kind: download-and-check, or trust by extension. */
export async function resolveMediaUrl(ctx: SandboxContext, kind: MediaKind, url: unknown): Promise<MediaInfo> {
  if (typeof url !== 'string' || url === '') throw errors.missingParam('message[attachment][payload][url]');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw errors.mediaFetchFailed();
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw errors.mediaFetchFailed();
  // Sandbox-hosted bytes (customer media, earlier uploads) never need the network.
  const own = /\/__sandbox\/cdn\/([^/?#]+)/.exec(u.pathname);
  const blob = own?.[1] ? ctx.store.blobs.get(own[1]) : undefined;
  if (blob) return { kind, ...checkBytes(kind, blob.bytes, blob.bytes.length, undefined, blob.mime) };

  const policy = ctx.options.mediaFetch ?? 'local';
  if (policy === 'always' || (policy === 'local' && isLoopback(u))) return fetchAndCheck(ctx, kind, u);
  if (u.protocol !== 'https:') throw errors.mediaFetchFailed(); // Meta needs valid TLS (reference §1.5)
  const ext = /\.([a-z0-9]+)$/i.exec(u.pathname)?.[1]?.toLowerCase();
  const known = ext ? EXT_KIND[ext] : undefined;
  if (known) {
    if (!(MEDIA_LIMITS[kind].formats as readonly string[]).includes(ext === 'jpg' ? 'jpeg' : (ext as string))) throw errors.mediaTypeMismatch();
    return { kind, mime: known.mime };
  }
  return { kind };
}

async function fetchAndCheck(ctx: SandboxContext, kind: MediaKind, url: URL): Promise<MediaInfo> {
  const limit = MEDIA_LIMITS[kind].maxBytes;
  const timeoutMs = ctx.options.mediaFetchTimeoutMs ?? VIDEO_FETCH_TIMEOUT_MS;
  // Meta gives up on a video it cannot fetch in time with 2018294; anything else is 2018008.
  const failed = (err: unknown) => {
    const name = (err as { name?: string }).name;
    if ((name === 'TimeoutError' || name === 'AbortError') && kind === 'video') {
      return errors.invalidParam('Video upload timed out or the video is corrupted.', 2018294);
    }
    return errors.mediaFetchFailed();
  };
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    throw failed(err);
  }
  if (!res.ok || !res.body) throw errors.mediaFetchFailed();
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        throw errors.attachmentTooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof GraphError) throw err;
    throw failed(err);
  }
  const bytes = Buffer.concat(chunks);
  return { kind, ...checkBytes(kind, bytes, size, url.pathname.split('/').pop(), res.headers.get('content-type') ?? undefined) };
}

/** Store bytes and return the sandbox CDN URL serving them. */
export function hostBlob(ctx: SandboxContext, mime: string, bytes: Buffer, name = 'media'): string {
  const id = `${ctx.store.next()}_${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  ctx.store.blobs.set(id, { mime, bytes });
  return `${ctx.publicUrl()}/__sandbox/cdn/${id}`;
}
