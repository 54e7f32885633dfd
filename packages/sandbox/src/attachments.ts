/**
 * Attachment Upload API: POST /{ver}/{PAGE_ID}/message_attachments (reference §1.6), from a URL
 * or multipart `filedata`, answering `{ attachment_id }`. Wrong type → 100/2018047, too large →
 * 100/2018109 (checked with @kit/core's rules). Documented for graph.facebook.com only: Page
 * accounts on the Page id, Unified Login accounts on the Instagram account id (UNCONFIRMED for the
 * latter; it is the same host and permission set). Instagram-Login tokens get Graph's
 * "unsupported request" (reference D7).
 */

import type { MediaKind } from '@kit/core';
import { requirePermission } from './auth';
import type { SandboxContext } from './context';
import { errors } from './errors';
import type { GraphAnswer, GraphCall } from './call';
import { checkBytes, hostBlob, resolveMediaUrl } from './media';
import { isReusable } from './send';

const KINDS = new Set<MediaKind>(['image', 'video', 'audio', 'file']);
const isObj = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

export async function handleUpload(ctx: SandboxContext, call: GraphCall): Promise<GraphAnswer> {
  const { account, p, node } = call;
  if (account.flavor === 'instagram') throw errors.unsupportedRequest('POST', `${node}/message_attachments`);
  requirePermission(account, 'instagram_manage_messages');
  if (!ctx.rateLimiter.take(account.id, 'media')) throw errors.rateLimited();
  if (p.platform !== undefined && p.platform !== 'instagram') {
    throw errors.invalidParam(`param platform must be "instagram" for Instagram attachments - got "${String(p.platform)}"`);
  }
  const message = p.message;
  if (!isObj(message) || !isObj(message.attachment)) throw errors.missingParam('message[attachment]');
  const att = message.attachment;
  const kind = att.type as MediaKind;
  if (!KINDS.has(kind)) {
    throw errors.invalidParam(`param message[attachment][type] must be one of {image, video, audio, file} - got "${String(att.type)}"`);
  }
  const payload = isObj(att.payload) ? att.payload : {};
  const reusable = isReusable(payload.is_reusable);
  const file = call.params.files.find((f) => f.field === 'filedata');
  let info: { mime: string; size: number; url: string };
  if (file) {
    // Non-ASCII file names are not supported (reference §1.6).
    if (/[^\x20-\x7e]/.test(file.filename)) throw errors.invalidParam('The file name must contain only ASCII characters');
    if (file.truncated) throw errors.attachmentTooLarge();
    const checked = checkBytes(kind, file.bytes, file.size, file.filename, file.mimeType);
    info = { ...checked, url: hostBlob(ctx, checked.mime, file.bytes, file.filename || kind) };
  } else if (payload.url !== undefined) {
    const r = await resolveMediaUrl(ctx, kind, payload.url);
    info = { mime: r.mime ?? 'application/octet-stream', size: r.size ?? 0, url: String(payload.url) };
  } else {
    throw errors.missingParam('filedata or message[attachment][payload][url]');
  }
  const id = ctx.store.newNumericId('7');
  ctx.store.attachments.set(id, { id, accountId: account.id, kind, ...info, reusable, createdAt: ctx.clock.now() });
  return { status: 200, body: { attachment_id: id } };
}
