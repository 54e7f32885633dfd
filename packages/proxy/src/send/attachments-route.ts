/**
 * Media uploads (DESIGN §3.4):
 *   POST /accounts/:accountId/attachments   multipart/form-data, one part named `file`, optional text part
 *                                           `isReusable` ("true" default / "false", Meta's `is_reusable`)
 *   GET  /media/:id?exp=&sig=               the signed, expiring URL Meta fetches (no session: the signature is the key)
 *
 * The upload is streamed to a temporary file with a hard cap per kind and refused as soon as
 * its first bytes contradict what it claims or are no format Instagram takes (@kit/core sniffing),
 * so nothing bad ever reaches Meta. Then, by account flavor (reference §1.6, D7):
 * - `page`: Meta's Attachment Upload API (`POST /{page-id}/message_attachments`, reusable) →
 *   `{ type, attachmentId, ... }` (Meta's id bound to the account, see references.ts), temporary
 *   file deleted;
 * - `instagram`: kept by the proxy and served at a signed URL under `publicUrl` → `{ type, url, ... }`.
 * The answer is a KitAttachment to put into POST /messages as `attachment` / `attachments[]`.
 */
import { openAsBlob, createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import express, { type Router } from 'express';
import { checkMedia, classifyGraphError, graphErrorCode, type KitAccountFlavor, type KitAttachment, type MediaCheckFailure } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { KitHttpError } from '../http/errors';
import { GraphApiError, GraphNetworkError, type GraphClient } from '../graph/client';
import type { AccountLimits } from '../limits/account-limits';
import type { MediaStore } from './uploads/media-store';
import { receiveFile, type HeadCheck } from './uploads/multipart';
import type { MediaUrlSigner } from './uploads/signed-url';
import type { AttachmentIds } from './references';
import { asyncHandler } from '../http/async-handler';

export type UploadMode = 'upload' | 'url';

export interface AttachmentRouteOptions {
  accounts: AccountRegistry;
  authorizer: Authorizer;
  graph: GraphClient;
  limits: AccountLimits;
  log: Logger;
  now: () => number;
  media: MediaStore;
  signer: MediaUrlSigner;
  /** Binds Meta's attachment id to the uploading account (references.ts). */
  attachmentIds: AttachmentIds;
  publicUrl: string | undefined;
  urlTtlMs: number;
  mode: Record<KitAccountFlavor, UploadMode>;
  uploadTimeoutMs: number;
}

const STATUS: Record<MediaCheckFailure['code'], number> = { empty: 400, unsupported_format: 415, type_mismatch: 415, too_large: 413 };

function mediaError(r: MediaCheckFailure): KitHttpError {
  const { sniffed, claimed, maxBytes, accepted, size } = r.details;
  return new KitHttpError(STATUS[r.code], r.code, r.message, {
    category: 'media',
    details: { size, ...(sniffed ? { sniffed } : {}), ...(claimed ? { claimed } : {}), ...(maxBytes ? { maxBytes } : {}), ...(accepted ? { accepted } : {}) },
  });
}

/** Meta refuses non-ASCII file names (reference §1.6). */
const asciiName = (name: string | undefined, fallback: string) => (name ?? '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\/]/g, '_').slice(-120) || fallback;

/**
 * The multipart text part `isReusable`: "true" (the default, as before this field existed) keeps
 * Meta's attachment id sendable to any customer of the account, again and again; "false" lets
 * Meta bind it to the first customer it is sent to (reference §1.6).
 */
function isReusableField(value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new KitHttpError(400, 'invalid_is_reusable', '`isReusable` must be "true" (the id can be sent to any customer, again and again) or "false" (one customer only).', { details: { field: 'isReusable' } });
}

export function attachmentRoutes(o: AttachmentRouteOptions): Router {
  const router = express.Router();

  const checkHead: HeadCheck = (head, name, type) => {
    if (head.length === 0) return null; // the final check reports `empty`
    // Size unknown yet: 1 byte keeps the size rule out of this early look.
    const r = checkMedia({ size: 1, head, ...(name ? { name } : {}), ...(type ? { type } : {}) });
    return r.ok ? null : mediaError(r);
  };

  async function uploadToMeta(accountId: string, path: string, kind: string, mime: string, name: string, reusable: boolean): Promise<string> {
    await o.limits.acquire(accountId, 'media');
    const { authorization, proof } = await o.graph.credentials(accountId);
    const url = new URL(`${o.graph.baseFor(accountId)}/${o.graph.version}/${encodeURIComponent(accountId)}/message_attachments`);
    if (proof) url.searchParams.set('appsecret_proof', proof);
    const form = new FormData();
    form.set('platform', 'instagram');
    form.set('message', JSON.stringify({ attachment: { type: kind, payload: { is_reusable: String(reusable) } } }));
    form.set('filedata', await openAsBlob(path, { type: mime }), name);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { authorization, accept: 'application/json' }, body: form, redirect: 'error', signal: AbortSignal.timeout(o.uploadTimeoutMs) });
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      throw new GraphNetworkError(e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? 'network error')).toKitHttpError();
    }
    const text = await res.text();
    let data: { attachment_id?: unknown; error?: unknown };
    try {
      data = JSON.parse(text) as typeof data;
    } catch {
      throw new GraphNetworkError(`HTTP ${res.status}, not JSON`).toKitHttpError();
    }
    if (!res.ok || data.error) {
      const c = classifyGraphError(data);
      if (c.category === 'auth') o.accounts.markNeedsReauth(accountId, graphErrorCode(c));
      if (c.category === 'rate_limit') await o.limits.throttled(accountId);
      o.log.warn({ accountId, status: res.status, graph: { code: c.code, subcode: c.subcode, fbtraceId: c.fbtraceId } }, 'attachment upload failed');
      throw new GraphApiError(res.status, c).toKitHttpError();
    }
    if (typeof data.attachment_id !== 'string' && typeof data.attachment_id !== 'number') {
      throw new KitHttpError(502, 'graph_bad_answer', 'Instagram accepted the upload without returning an attachment id.', { retryable: true });
    }
    o.limits.recovered(accountId);
    return String(data.attachment_id);
  }

  router.post(
    '/accounts/:accountId/attachments',
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'attachments.upload');
      const flavor = o.accounts.info(accountId)!.flavor;
      const mode = o.mode[flavor];
      if (mode === 'url' && !o.publicUrl) {
        throw new KitHttpError(500, 'public_url_required', 'This account sends media by URL: set createKitProxy({ publicUrl }) to the public address of the kit mount so Instagram can fetch uploads.', { category: 'config' });
      }
      if (o.accounts.info(accountId)?.status === 'needs_reauth' && mode === 'upload') {
        throw new KitHttpError(409, 'account_needs_reauth', `Instagram rejected the access token of account ${accountId}; reconnect the account.`, { category: 'auth' });
      }
      const file = await receiveFile(req, o.media.dir, checkHead, ['isReusable']);
      let answer: { attachment: KitAttachment; expiresAt?: number; reusable?: boolean };
      try {
        const r = checkMedia({ size: file.size, head: file.head, ...(file.name ? { name: file.name } : {}), ...(file.type ? { type: file.type } : {}) });
        if (!r.ok) throw mediaError(r);
        const reusable = isReusableField(file.fields.isReusable);
        const base = { type: r.kind, mime: r.mime, size: r.size, format: r.format, ...(file.name ? { name: file.name } : {}) };
        if (mode === 'upload') {
          const metaId = await uploadToMeta(accountId, file.path, r.kind, r.mime, asciiName(file.name, `${r.kind}.${r.format}`), reusable);
          answer = { attachment: { ...base, attachmentId: o.attachmentIds.bind(accountId, metaId) } as KitAttachment, reusable };
        } else {
          const expiresAt = o.now() + o.urlTtlMs;
          const meta = await o.media.adopt(file.path, { mime: r.mime, size: r.size, kind: r.kind, expiresAt, ...(file.name ? { name: file.name } : {}) });
          answer = { attachment: { ...base, url: o.signer.url(o.publicUrl as string, meta.id, expiresAt) } as KitAttachment, expiresAt };
        }
      } finally {
        await rm(file.path, { force: true }); // adopted files were moved away already
      }
      res.status(201).json(answer);
    }),
  );

  router.get(
    '/media/:id',
    asyncHandler(async (req, res) => {
      const id = String(req.params.id);
      const q = req.query as Record<string, unknown>;
      const verdict = o.signer.verify(id, q.exp, q.sig, o.now());
      if (verdict === 'invalid') throw new KitHttpError(403, 'invalid_signature', 'This media link is not valid.');
      if (verdict === 'expired') throw new KitHttpError(410, 'link_expired', 'This media link has expired.');
      const found = await o.media.get(id);
      if (!found) throw new KitHttpError(404, 'media_not_found', 'This media is no longer available.');
      res.setHeader('content-type', found.meta.mime);
      res.setHeader('content-length', String(found.meta.size));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, no-transform');
      await new Promise<void>((resolve, reject) => {
        const s = createReadStream(found.path);
        s.on('error', reject);
        res.on('close', () => {
          s.destroy();
          resolve();
        });
        s.pipe(res);
      });
    }),
  );

  return router;
}
