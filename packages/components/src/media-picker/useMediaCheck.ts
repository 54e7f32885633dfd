'use client';
/**
 * Checks picked files before anything is uploaded: each file's first bytes are sniffed and its
 * size, name and MIME type compared with Instagram's rules by core's `checkMedia`; the files that
 * pass are then checked together (`checkMediaSet`: at most 10 images, one video/audio/PDF, no
 * mixing). Headless: `<MediaPicker>` renders it, your own markup can too. The checks themselves
 * (core's sniffers) are fetched with the first file, so using this hook costs little up front.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaCheckResult, MediaSetCheckResult } from '@kit/core';
import type * as MediaRulesModule from './mediaRules';

type MediaRules = typeof MediaRulesModule;
let rules: MediaRules | undefined;
const loadRules = (): Promise<MediaRules> => import('./mediaRules').then((m) => (rules = m));

export interface PickedFile {
  /** Stable key for lists. */
  id: string;
  file: File;
  /** `checking` until the head was read. */
  status: 'checking' | 'accepted' | 'rejected';
  result?: MediaCheckResult;
  /** The first bytes (for the set check). */
  head?: Uint8Array;
  /** Object URL for previews of accepted files. */
  previewUrl?: string;
}

export interface UseMediaCheckResult {
  files: PickedFile[];
  /** Add files (drop, paste, browse); each is checked at once. */
  add(files: Iterable<File> | ArrayLike<File>): void;
  remove(id: string): void;
  /** Forget every file; `keep` lists files whose preview URLs were handed on (not revoked). */
  clear(options?: { keep?: readonly string[] }): void;
  /** The set check over the accepted files; null while checking or when none was accepted. */
  set: MediaSetCheckResult | null;
  /** The accepted files, in pick order (what a send would carry). */
  accepted: PickedFile[];
  /** All files checked, at least one accepted and together they fit one message. Rejected files are left out. */
  ready: boolean;
}

let seq = 0;

function revoke(urls: Map<string, string>, id: string) {
  const url = urls.get(id);
  if (url) URL.revokeObjectURL(url);
  urls.delete(id);
}

async function readHead(file: File, rules: MediaRules): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, rules.SNIFF_HEAD_BYTES).arrayBuffer());
}

/** Read each file's head and check it; `update` receives the result per file. */
function checkFiles(picked: PickedFile[], urls: Map<string, string>, update: (id: string, patch: Partial<PickedFile>) => void) {
  for (const p of picked) {
    void loadRules()
      .then(async (r) => {
        const head = await readHead(p.file, r);
        const result = r.checkMedia({ size: p.file.size, head, name: p.file.name, type: p.file.type });
        let previewUrl: string | undefined;
        if (result.ok && typeof URL.createObjectURL === 'function') {
          previewUrl = URL.createObjectURL(p.file);
          urls.set(p.id, previewUrl);
        }
        return { head, result, previewUrl };
      })
      .catch((err: unknown) => ({
        head: new Uint8Array(),
        result: {
          ok: false as const,
          code: 'empty' as const,
          message: err instanceof Error ? err.message : String(err),
          details: { size: p.file.size },
        },
        previewUrl: undefined,
      }))
      .then(({ head, result, previewUrl }) =>
        update(p.id, { head, result, status: result.ok ? 'accepted' : 'rejected', ...(previewUrl ? { previewUrl } : {}) }),
      );
  }
}

const toPicked = (list: Iterable<File> | ArrayLike<File>): PickedFile[] =>
  Array.from(list as ArrayLike<File>).map<PickedFile>((file) => ({ id: `f${++seq}`, file, status: 'checking' }));

/** `initial`: files to start with (e.g. dropped on the composer before the dialog opened). */
export function useMediaCheck(initial?: readonly File[]): UseMediaCheckResult {
  const [first] = useState(() => toPicked(initial ?? []));
  const [files, setFiles] = useState<PickedFile[]>(first);
  const urls = useRef(new Map<string, string>());

  const update = useCallback(
    (id: string, patch: Partial<PickedFile>) => setFiles((prev) => prev.map((f) => (f.id === id ? { ...f, ...patch } : f))),
    [],
  );

  useEffect(() => {
    const owned = urls.current;
    checkFiles(first, owned, update);
    return () => {
      for (const url of owned.values()) URL.revokeObjectURL(url);
      owned.clear();
    };
  }, [first, update]);

  const add = useCallback(
    (list: Iterable<File> | ArrayLike<File>) => {
      const picked = toPicked(list);
      if (picked.length === 0) return;
      setFiles((prev) => [...prev, ...picked]);
      checkFiles(picked, urls.current, update);
    },
    [update],
  );

  const remove = useCallback((id: string) => {
    revoke(urls.current, id);
    setFiles((prev) => prev.filter((f) => f.id !== id));
  }, []);

  const clear = useCallback((options: { keep?: readonly string[] } = {}) => {
    for (const id of options.keep ?? []) urls.current.delete(id);
    for (const id of [...urls.current.keys()]) revoke(urls.current, id);
    setFiles([]);
  }, []);

  const checking = files.some((f) => f.status === 'checking');
  const accepted = files.filter((f) => f.status === 'accepted');
  // `rules` is here: a file is only accepted after checkMedia ran.
  const set =
    checking || accepted.length === 0 || !rules
      ? null
      : rules.checkMediaSet(accepted.map((f) => ({ size: f.file.size, head: f.head ?? new Uint8Array(), name: f.file.name, type: f.file.type })));
  const ready = !checking && set !== null && set.ok;
  return { files, accepted, add, remove, clear, set, ready };
}
