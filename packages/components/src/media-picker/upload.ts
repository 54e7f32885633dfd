/**
 * Uploading a picked file to the proxy (`POST /accounts/:id/attachments`, multipart field
 * `file`) with progress. XMLHttpRequest, not fetch: fetch still cannot report upload progress
 * in every browser, and progress is what makes a 25 MB video bearable.
 */
import type { KitErrorBody } from '@kit/core';
import { KIT_REQUEST_HEADER, KitClientError } from '../client';
import type { KitUploadResult } from '../client';

export interface UploadOptions {
  /** Bytes sent so far and the total (the multipart body, slightly larger than the file). */
  onProgress?(loaded: number, total: number): void;
  signal?: AbortSignal;
}

/** Uploads one file and resolves with the proxy's attachment reference. */
export type UploadFn = (file: File, options: UploadOptions) => Promise<KitUploadResult>;

/** The error an aborted upload rejects with (`code: 'aborted'`). */
export function abortError(): KitClientError {
  return new KitClientError({ code: 'aborted', message: 'The upload was canceled.', status: 0, retryable: true, category: 'network' });
}

export function xhrUpload(url: string, file: File, options: UploadOptions = {}): Promise<KitUploadResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader(KIT_REQUEST_HEADER, '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.onabort = () => {
      done();
      reject(abortError());
    };
    xhr.onerror = () => {
      done();
      reject(new KitClientError({ code: 'network', message: 'Could not reach the kit proxy to upload the file.', status: 0, retryable: true, category: 'network' }));
    };
    xhr.onload = () => {
      done();
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && data && typeof data === 'object') {
        // The proxy answers `201 { attachment: { type, attachmentId | url, ... } }` (proxy README).
        return resolve(((data as { attachment?: KitUploadResult }).attachment ?? data) as KitUploadResult);
      }
      const err = (data as Partial<KitErrorBody> | undefined)?.error;
      reject(
        new KitClientError({
          code: err?.code ?? `http_${xhr.status}`,
          message: err?.message ?? `The kit proxy answered ${xhr.status} to the upload.`,
          status: xhr.status,
          retryable: err?.retryable ?? (xhr.status >= 500 || xhr.status === 429),
          category: err?.category ?? 'unknown',
          ...(err?.graph ? { graph: err.graph } : {}),
        }),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The default transport: the proxy's attachment route for an account. */
export function proxyUploader(baseUrl: string, accountId: string): UploadFn {
  const url = `${baseUrl.replace(/\/+$/, '')}/accounts/${encodeURIComponent(accountId)}/attachments`;
  return (file, opts) => xhrUpload(url, file, opts);
}
