'use client';
/**
 * Upload state per picked file: progress, cancel (aborts the request) and retry of the same File
 * object, so a failed upload never means picking the file again. Finished references are kept,
 * so a second "Send" only uploads what is still missing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KitUploadResult } from '../client';
import type { UploadFn } from './upload';

export type UploadState =
  | { status: 'idle' }
  | { status: 'uploading'; loaded: number; total: number }
  | { status: 'done'; result: KitUploadResult }
  | { status: 'failed'; message: string }
  | { status: 'canceled' };

const IDLE: UploadState = { status: 'idle' };

export interface UseUploadsResult {
  stateOf(id: string): UploadState;
  /** Upload (or reuse the finished upload of) one file. Rejects when it fails or is canceled. */
  ensure(id: string, file: File): Promise<KitUploadResult>;
  cancel(id: string): void;
  /** Forget a file's upload (after remove/send). */
  forget(id: string): void;
}

export function useUploads(upload: UploadFn): UseUploadsResult {
  const [states, setStates] = useState<Record<string, UploadState>>({});
  const done = useRef(new Map<string, KitUploadResult>());
  const running = useRef(new Map<string, { controller: AbortController; promise: Promise<KitUploadResult> }>());

  useEffect(() => {
    const live = running.current;
    return () => {
      for (const r of live.values()) r.controller.abort();
    };
  }, []);

  const put = useCallback((id: string, s: UploadState) => setStates((prev) => ({ ...prev, [id]: s })), []);

  const ensure = useCallback(
    (id: string, file: File) => {
      const finished = done.current.get(id);
      if (finished) return Promise.resolve(finished);
      const inFlight = running.current.get(id);
      if (inFlight) return inFlight.promise;
      const controller = new AbortController();
      put(id, { status: 'uploading', loaded: 0, total: file.size });
      const promise = upload(file, {
        signal: controller.signal,
        onProgress: (loaded, total) => {
          if (!controller.signal.aborted) put(id, { status: 'uploading', loaded, total });
        },
      }).then(
        (result) => {
          running.current.delete(id);
          done.current.set(id, result);
          put(id, { status: 'done', result });
          return result;
        },
        (err: unknown) => {
          running.current.delete(id);
          put(id, controller.signal.aborted ? { status: 'canceled' } : { status: 'failed', message: err instanceof Error ? err.message : String(err) });
          throw err;
        },
      );
      running.current.set(id, { controller, promise });
      return promise;
    },
    [upload, put],
  );

  const cancel = useCallback((id: string) => running.current.get(id)?.controller.abort(), []);

  const forget = useCallback((id: string) => {
    running.current.get(id)?.controller.abort();
    running.current.delete(id);
    done.current.delete(id);
    setStates((prev) => {
      const { [id]: _gone, ...rest } = prev;
      return rest;
    });
  }, []);

  const stateOf = useCallback((id: string) => states[id] ?? IDLE, [states]);
  return { stateOf, ensure, cancel, forget };
}
